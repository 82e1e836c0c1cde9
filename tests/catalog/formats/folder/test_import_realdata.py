"""The importer on real files from other projects (/work/shared/realdata; MARQUEE_REALDATA overrides)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog import Catalogue, open_catalogue
from catalog.formats.folder.importer import import_folder
from catalog.formats.folder.naming import is_image_file, is_video_file
from catalog.formats.folder.nfo import NfoRejected, parse_nfo
from tests.catalog.formats.folder.test_importer import photo
from tests.catalog.imaging.test_probe import EXPECTED
from tests.realdata import REALDATA

MALFORMED = REALDATA / "images-malformed"
NFO = REALDATA / "nfo"
TREE = NFO / "tmm__testmovies_tree.tsv"
pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason="no real data here")


def test_every_malformed_file_imports_or_is_reported(tmp_catalogue: Catalogue) -> None:
    report = import_folder(tmp_catalogue, MALFORMED, workers=2)
    skipped = dict(report.skipped)
    near = {n.item.display: n for n in report.near_duplicates}
    stored = {i.original_name: i for i in tmp_catalogue.images.gallery(None)}
    for path in sorted(MALFORMED.iterdir()):
        if not is_image_file(path):
            continue
        shown = f"images-malformed/{path.name}"
        outcomes = [shown in skipped, shown in near, path.name in stored]
        assert outcomes.count(True) == 1, (path.name, outcomes)
        expected = EXPECTED.get(path.name)
        if isinstance(expected, str):
            assert expected in skipped[shown], (path.name, skipped.get(shown))
        elif path.name in stored:
            info = stored[path.name]
            assert (info.format, info.width, info.height) == expected
            assert Path(info.path).is_file()
            assert tmp_catalogue.pictures.thumbnail_path(info.sha256, 256).is_file()
        else:
            assert near[shown].distance <= 10
    # A second run changes nothing and reports the same bad files again.
    again = import_folder(tmp_catalogue, MALFORMED, workers=2)
    assert again.imported_count == 0 and not again.inbox
    assert dict(again.skipped) == skipped
    assert len(again.duplicates) == len(stored)


@pytest.mark.parametrize("name", sorted(p.name for p in NFO.glob("*.nfo")) if NFO.is_dir() else [])
def test_every_real_nfo_creates_its_film_or_is_reported(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "Some Film"
    folder.mkdir()
    (folder / "movie.nfo").write_bytes((NFO / name).read_bytes())
    photo(folder / "poster.jpg", 1)
    cat = open_catalogue(tmp_path / "films.db")
    try:
        report = import_folder(cat, folder)
        try:
            movie = parse_nfo(NFO / name)
        except NfoRejected as exc:
            assert report.skipped == [("Some Film/movie.nfo", f"movie .nfo not used: {exc.reason}")]
            assert cat.films.count() == 0
            return
        assert cat.films.count() == 1
        film = cat.films.ids()[0]
        doc = cat.films.document(film)
        assert (doc["title"], doc["year"]) == (movie.title, movie.year)
        actors = [(c["person"], c["character"]) for c in doc["credits"] if c["role"] == "actor"]
        assert actors == [(a.name, a.role or None) for a in movie.actors]
        assert [i.kind for i in cat.images.gallery(film)] == ["poster"]
        title = cat.films.rows([film])[film].title
        assert report.films_created == [f"{title}{f' ({movie.year})' if movie.year else ''} from Some Film/movie.nfo"]
    finally:
        cat.close()


def test_real_nfo_details_reach_the_film(tmp_path: Path) -> None:
    folder = tmp_path / "Toy Story 3 (2010)"
    folder.mkdir()
    (folder / "movie.nfo").write_bytes((NFO / "mediaelch__kodi_v18_Toy_Story_3_2010.nfo").read_bytes())
    cat = open_catalogue(tmp_path / "films.db")
    import_folder(cat, folder)
    doc = cat.films.document(cat.films.find("Toy Story 3 (2010)"))
    first = next(c for c in doc["credits"] if c["role"] == "actor")
    assert (first["person"], first["character"]) == ("Tom Hanks", "Woody (voice)")
    assert doc["genres"] and doc["synopsis"] and doc["runtime_min"]
    cat.close()


def _rebuild_tree(root: Path) -> list[str]:
    """The tinyMediaManager test library, with small generated pictures and real .nfo files."""
    real = {re.sub(r"[^a-z0-9]", "", p.name.split("__", 1)[1].casefold()): p for p in NFO.glob("tmm__*.nfo")}
    paths = []
    for seed, line in enumerate(TREE.read_text(encoding="utf-8").splitlines()):
        rel = line.split("\t", 1)[1]
        paths.append(rel)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if is_image_file(path):
            photo(path, 1000 + seed, size=(96, 64))
        elif path.suffix == ".nfo":
            source = real.get(re.sub(r"[^a-z0-9]", "", path.name.casefold()))
            path.write_bytes(source.read_bytes() if source else
                             f"<movie><title>{path.stem}</title><year>2001</year></movie>".encode())
        else:
            path.write_bytes(b"\0" * 4 if is_video_file(path) else b"x")
    return paths


@pytest.mark.skipif(not TREE.is_file(), reason="no tree listing")
def test_real_movie_library_tree(tmp_path: Path) -> None:
    _rebuild_tree(tmp_path / "testmovies")
    cat = open_catalogue(tmp_path / "films.db")
    plextras = cat.films.create({"title": "Plextras"}).id
    ostern = cat.films.create({"title": "OsternFolder"}).id
    single = cat.films.create({"title": "singlefile"}).id
    report = import_folder(cat, tmp_path / "testmovies", workers=2)
    shown = report.text()
    assert "shouldnotbefound" not in shown and ".DS_Store" not in shown
    created = {line.split(" from ")[0] for line in report.films_created}
    # From .nfo files, and from folders without one that hold one video of the film, named as the folder.
    assert created == {"Movie With Set Graphics", "MSmixed (2001)", "MSnew (2001)", "MSold (2001)", "@buelos",
                       "MovieWithTrailersInFolder", "SubtitleFolder", "101 Dalmatiner", "WesternFolder"}
    assert "101 Dalmatiner from the folder name 101 Dalmatiner/" in report.films_created
    kinds = sorted((v["kind"], v["title"]) for v in cat.records.of("video", plextras))
    assert kinds == sorted([
        ("behind_the_scenes", "PlextrasBTS"), ("deleted_scene", "PlextrasDS"), ("featurette", "PlextrasFeat"),
        ("interview", "PlextrasInt"), ("behind_the_scenes", "Plextras"), ("deleted_scene", "Plextras"),
        ("featurette", "Plextras"), ("interview", "Plextras"), ("clip", "Plextras"), ("featurette", "Plextras"),
        ("trailer", "Plextras"), ("clip", "PlextrasScene"), ("featurette", "PlextrasShort"),
        ("trailer", "PlextrasTrailer1"), ("trailer", "PlextrasTrailer2"), ("featurette", "another extra"),
        ("featurette", "another extras")])
    assert [(v["kind"], v["title"]) for v in cat.records.of("video", ostern)] == [("trailer", "OsternFolder")]
    # Single/ and MultipleVideosSingle/ both name their artwork after "singlefile".
    assert sorted(i.kind for i in cat.images.gallery(single)) == ["backdrop", "backdrop", "poster", "poster"]
    skipped = dict(report.skipped)
    assert all("collection artwork" in skipped[f"testmovies/movie with set graphics/movieset-{n}.jpg"]
               for n in ("banner", "clearart", "clearlogo", "fanart", "logo", "poster"))
    inbox = dict(report.inbox)
    assert "testmovies/Multi1/multifile1-poster.png" in inbox
    assert inbox["testmovies/Multi1/multifile1-poster.png"] == "multifile1"
    assert len(report.duplicates) == 0 and not report.near_duplicates
    again = import_folder(cat, tmp_path / "testmovies", workers=2)
    assert again.imported_count == 0 and not again.inbox and not again.videos and not again.films_created
    cat.close()
