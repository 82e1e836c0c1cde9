"""The Kodi / Jellyfin library tree: a folder per film with movie.nfo, poster.jpg, fanart.jpg and
extrafanart/, which the folder import reads back to the same films."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalogue, open_catalogue
from catalog.formats import by_name
from catalog.formats.folder.importer import import_folder
from catalog.formats.folder.nfo import parse_nfo
from catalog.formats.kodi import folder_name
from tests.catalog.formats.importing import comparable, doc_of
from tests.catalog.render.documents import placeholder_image

NFO_FIELDS = ("title", "original_title", "sort_title", "year", "runtime_min", "synopsis", "tagline",
              "certification", "rating", "watched", "genres", "countries", "keywords", "external_ids")


def _catalogue(cat: Catalogue, tmp_path: Path) -> int:
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(cat)
    film = cat.films.find("La La Land")
    cat.records.add("external_id", film, {"kind": "imdb", "value": "tt3783958"})
    cat.records.add("external_id", film, {"kind": "tmdb", "value": "313369"})
    cat.records.add("video", film, {"kind": "trailer", "title": "Trailer",
                                    "url": "https://www.youtube.com/watch?v=0pdqf4P9MB8"})
    cat.films.set_values(film, "countries", "USA")
    cat.films.set_values(film, "keywords", "jazz, los angeles")
    cat.films.update(film, {"rating": 9, "watched": True, "tagline": "Here's to the fools who dream"})
    cat.records.add_credit(film, "Justin Hurwitz", "composer")
    odd = cat.films.create({"title": "What/Is: This?", "year": 2001}).id
    assert odd is not None
    for n, kind in enumerate(("backdrop", "still", "still")):
        picture = placeholder_image(tmp_path / f"p{n}.jpg", (640, 360), f"P{n}", (20 * n, 40, 60))
        cat.images.add_file(picture, film, kind)
    return film


def test_library_tree_is_written_and_read_back(cat: Catalogue, tmp_path: Path) -> None:
    film = _catalogue(cat, tmp_path)
    out = tmp_path / "Movies"
    assert by_name("kodi").write(cat, out, None, None) == cat.films.count()
    folder = out / "La La Land (2016)"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    pictures = len(cat.films.document(film)["images"])
    assert {"fanart.jpg", "movie.nfo", "poster.jpg", "extrafanart/fanart1.jpg"} <= set(names)
    assert len(names) == pictures + 1
    movie = parse_nfo(folder / "movie.nfo")
    assert movie.title == "La La Land" and movie.year == 2016 and movie.unique_ids == {"imdb": "tt3783958",
                                                                                       "tmdb": "313369"}
    assert [a.name for a in movie.actors][:2] == ["Emma Stone", "Ryan Gosling"] and movie.actors[0].role == "Mia"
    assert movie.trailers == ["https://www.youtube.com/watch?v=0pdqf4P9MB8"]
    assert (out / folder_name({"title": "What/Is: This?", "year": 2001})).is_dir()
    other = open_catalogue(tmp_path / "other.db")
    # The demo's placeholder pictures look alike: keep near-duplicates, as a collector would here.
    import_folder(other, out, keep_similar=True)
    assert other.films.count() == cat.films.count()
    for film_id in cat.films.ids():
        mine = comparable(dict(cat.films.document(film_id)))
        ref = f"{mine['title']} ({mine['year']})" if mine["year"] else mine["title"]
        theirs = comparable(doc_of(other, ref))
        for key in NFO_FIELDS:
            assert theirs[key] == mine[key], (mine["title"], key)
        assert theirs["credits"] == mine["credits"], mine["title"]
        assert [c["name"] for c in theirs["companies"]] == [c["name"] for c in mine["companies"]
                                                             if c["role"] == "production"]
        assert sorted(i["sha256"] for i in theirs["images"]) == sorted(i["sha256"] for i in mine["images"])
        assert theirs["poster"] == mine["poster"]
    lala = doc_of(other, "La La Land")
    assert [v["url"] for v in lala["videos"] if v["kind"] == "trailer"] == [
        "https://www.youtube.com/watch?v=0pdqf4P9MB8"]
    assert {i["kind"] for i in lala["images"]} == {"poster", "backdrop", "still"}
    assert film
    other.close()


def test_writing_the_library_again_replaces_each_film_folder_whole(cat: Catalogue, tmp_path: Path,
                                                                   monkeypatch) -> None:
    """A film's folder is replaced once its new one is whole: a failure on the way (a picture file
    gone from the store) leaves it as it was, and a file of the folder's name is never removed."""
    import pytest

    from catalog.errors import CatalogueError

    _catalogue(cat, tmp_path)
    out = tmp_path / "Movies"
    writer = by_name("kodi").write
    assert writer is not None
    writer(cat, out, None, None)
    folder = out / "La La Land (2016)"
    (folder / "my notes.txt").write_text("mine")  # the collector's own file: the export replaces the folder
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert writer(cat, out, None, None) == cat.films.count()
    assert not (folder / "my notes.txt").exists() and (folder / "movie.nfo").is_file()
    assert {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} == set(before) - {Path("my notes.txt")}
    (folder / "my notes.txt").write_text("mine")
    kept = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    import shutil as shutil_module

    real_copy = shutil_module.copyfile

    def failing(source, target, *args, **kwargs):
        if "La La Land" in str(target):
            raise OSError(28, "No space left on device", str(target))
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr("catalog.formats.kodi.shutil.copyfile", failing)
    with pytest.raises(OSError, match="No space"):
        writer(cat, out, None, None)
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == kept
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no partial folder left
    monkeypatch.undo()
    shutil_module.rmtree(folder)
    folder.write_text("a file of the folder's name")
    with pytest.raises((OSError, CatalogueError), match="in the way"):
        writer(cat, out, None, None)
    assert folder.read_text() == "a file of the folder's name"
