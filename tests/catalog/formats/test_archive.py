"""The .marquee archive: a catalogue moves whole, pictures included; a hostile archive is refused
before anything is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from catalog import Catalogue, CatalogueError, formats, open_catalogue
from catalog.formats.archive import read_archive, write_archive


def test_an_archive_carries_the_pictures_to_another_catalogue(demo_catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "shelf.marquee"
    assert formats.for_output(path).name == "archive"
    assert write_archive(demo_catalogue, path) == 2
    assert formats.detect(path).name == "archive"
    (tmp_path / "elsewhere").mkdir()
    other = open_catalogue(tmp_path / "elsewhere" / "films.db")
    result = formats.read_file(other, path)
    assert result.films == 2
    la = other.films.find("La La Land")
    gallery = other.images.gallery(la)
    assert gallery and all(not i.missing and Path(i.path or "").is_file() for i in gallery)
    other.close()


def archive_with(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "hostile.marquee"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


DOC = json.dumps({"format": "marquee-catalogue", "version": 1, "films": [{"title": "Heat", "year": 1995}]}).encode()


@pytest.mark.parametrize(("members", "reason"), [
    ({"catalogue.json": DOC, "pictures/../../evil": b"x"}, "neither catalogue.json nor a picture"),
    ({"catalogue.json": DOC, "../catalogue.json": b"x"}, "neither catalogue.json nor a picture"),
    ({"catalogue.json": DOC, "pictures/" + "a" * 64: b"not what the name says"}, "does not hold what its name says"),
    ({"pictures/" + hashlib.sha256(b"x").hexdigest(): b"x"}, "holds no catalogue.json"),
    ({"catalogue.json": b"{" * 100}, "not a Marquee JSON export"),
    ({"catalogue.json": json.dumps({"format": "marquee-catalogue", "version": 1,
                                    "films": [{"title": "Heat", "genres": "Crime"}]}).encode()}, "is not a list"),
])
def test_a_hostile_archive_is_refused_and_nothing_is_written(cat: Catalogue, tmp_path: Path,
                                                            members: dict[str, bytes], reason: str) -> None:
    path = archive_with(tmp_path, members)
    with pytest.raises(CatalogueError) as caught:
        read_archive(cat, path)
    assert reason in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert cat.films.count() == 0
    assert not cat.pictures.images_dir.exists() or not any(cat.pictures.images_dir.rglob("*"))


def test_not_a_zip_is_told_plainly(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "broken.marquee"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    with pytest.raises(CatalogueError, match=r"broken\.marquee"):
        read_archive(cat, path)
