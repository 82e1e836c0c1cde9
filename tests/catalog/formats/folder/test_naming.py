"""catalog.naming: names -> titles, years, keys and kinds, on examples and a real library layout."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from catalog.formats.folder.naming import (
    actor_name_from_file,
    artwork_kind,
    is_ignored_name,
    is_image_file,
    is_video_file,
    parse_title_year,
    video_kind,
    video_title,
)
from catalog.formats.folder.scan import scan
from catalog.model.text import title_key
from tests.realdata import REALDATA

TREE = REALDATA / "nfo" / "tmm__testmovies_tree.tsv"
needs_tree = pytest.mark.skipif(
    not TREE.is_file(), reason=f"real library listing not found at {TREE} (set MARQUEE_REALDATA)"
)
ROOT = PurePosixPath("/library")


@pytest.mark.parametrize(
    ("name", "title", "year"),
    [
        ("La La Land (2016)", "La La Land", 2016),
        ("La.La.Land.2016.1080p.BluRay.x264-GROUP", "La La Land", 2016),
        ("The_Matrix_1999_720p", "The Matrix", 1999),
        ("Toy Story 3 [2010]", "Toy Story 3", 2010),
        ("Alien (1979) - Director's Cut", "Alien", 1979),
        ("2001 A Space Odyssey (1968)", "2001 A Space Odyssey", 1968),
        ("2001.A.Space.Odyssey.1968.mkv", "2001 A Space Odyssey", 1968),
        ("1917 (2019)", "1917", 2019),
        ("1917", "1917", None),
        ("Blade Runner 2049 (2017)", "Blade Runner 2049", 2017),
        ("Blade Runner 2049", "Blade Runner 2049", None),  # 2049 is not a release year (yet)
        ("Captain.Marvel.2019.2160p.uhd.bluray.x265.mkv", "Captain Marvel", 2019),
        ("Some.Movie.1080p.BluRay.x264", "Some Movie", None),
        ("Mr. & Mrs. Smith (2005)", "Mr. & Mrs. Smith", 2005),
        ("Amélie (2001).mkv", "Amélie", 2001),
        ("The Lord of the Rings The Fellowship of the Ring (2001)-A.mkv",
         "The Lord of the Rings The Fellowship of the Ring", 2001),
        ("PlexEditionMovie one {edition-My Cool Edition}.mkv", "PlexEditionMovie one", None),
        ("101 Dalmatiner", "101 Dalmatiner", None),
    ],
)
def test_parse_title_year(name: str, title: str, year: int | None) -> None:
    assert parse_title_year(name) == (title, year)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Matrix", "matrix"),
        ("Matrix, The", "The Matrix"),
        ("Amélie", "Amelie"),
        ("AMÉLIE", "amelie"),
        ("Lilo & Stitch", "Lilo and Stitch"),
        ("Spider-Man: No Way Home", "Spider Man No Way Home"),
        ("L'Avventura", "Avventura"),
        ("Les Misérables", "Miserables"),
        ("Das Boot", "Boot"),
        ("El laberinto del fauno", "Laberinto del Fauno"),
        ("Il buono, il brutto, il cattivo", "Buono il Brutto il Cattivo"),
        ("  The   Matrix  ", "the matrix"),
    ],
)
def test_title_key_matches(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("The Matrix", "The Matrix Reloaded"), ("Toy Story 2", "Toy Story 3"), ("Alien", "Aliens")],
)
def test_title_key_keeps_different_titles_apart(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


def test_title_key_keeps_a_lone_article_and_non_latin_titles() -> None:
    assert title_key("The") == "the"
    assert title_key("Такси 2") == "такси2"
    assert title_key("千と千尋の神隠し") == "千と千尋の神隠し"


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("poster.jpg", "poster"),
        ("folder.jpg", "poster"),
        ("cover.png", "poster"),
        ("movie-poster.jpg", "poster"),
        ("La La Land (2016)-poster.jpg", "poster"),
        ("fanart.jpg", "backdrop"),
        ("La La Land (2016)-fanart.jpg", "backdrop"),
        ("fanart1.jpg", "backdrop"),
        ("fanart-1.jpg", "backdrop"),
        ("backdrop2.jpg", "backdrop"),
        ("background.jpg", "backdrop"),
        ("extrafanart/fanart7.jpg", "still"),
        ("extrathumbs/thumb1.jpg", "still"),
        ("banner.jpg", "banner"),
        ("clearlogo.png", "logo"),
        ("logo.png", "logo"),
        ("clearart.png", "clearart"),
        ("disc.png", "disc"),
        ("discart.png", "disc"),
        ("cdart.png", "disc"),
        ("landscape.jpg", "landscape"),
        ("thumb.jpg", "landscape"),
        (".actors/Emma_Stone.jpg", "person"),
        ("Mia on the pier.jpg", "still"),
        ("POSTER.JPG", "poster"),
        ("movieset-poster.jpg", None),  # the collection's art, not the film's
        ("movie.nfo", None),
        ("postering-session.jpg", "still"),
    ],
)
def test_artwork_kind(relative: str, kind: str | None) -> None:
    assert artwork_kind(ROOT / relative, ROOT) == kind


def test_actor_name_from_file() -> None:
    assert actor_name_from_file("First_Last.jpg") == "First Last"
    assert actor_name_from_file("Ryan_Gosling.png") == "Ryan Gosling"
    assert actor_name_from_file("J.K._Simmons.jpg") == "J.K. Simmons"


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("La La Land (2016).mkv", None),
        ("Featurettes/Making of.mkv", "featurette"),
        ("featurettes/x.mp4", "featurette"),
        ("Behind The Scenes/On set.mkv", "behind_the_scenes"),
        ("Trailers/Teaser 1.mkv", "trailer"),
        ("Interviews/Emma Stone.mp4", "interview"),
        ("Deleted Scenes/Alt ending.avi", "deleted_scene"),
        ("Scenes/Opening.mkv", "clip"),
        ("Clips/Planetarium.webm", "clip"),
        ("Shorts/Short film.mkv", "featurette"),
        ("Extras/DVD extras/Another/x.avi", "featurette"),
        ("Making_of-featurette.mkv", "featurette"),
        ("La La Land-trailer.mkv", "trailer"),
        ("La La Land-trailer2.mkv", "trailer"),
        ("Teaser-teaser.mp4", "teaser"),
        ("Trailers/Final-teaser.mp4", "teaser"),  # the name is more specific than the folder
        ("On set-behindthescenes.mkv", "behind_the_scenes"),
        ("Emma-interview.mkv", "interview"),
        ("Alt-deleted.mkv", "deleted_scene"),
        ("Opening-scene.mkv", "clip"),
        ("Pier-clip.mkv", "clip"),
        ("Short-short.mkv", "featurette"),
        ("Trailers/poster.jpg", None),
        ("The.Deleted.2020.mkv", None),
    ],
)
def test_video_kind(relative: str, kind: str | None) -> None:
    assert video_kind(ROOT / relative, ROOT) == kind


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Making_of-featurette.mkv", "Making of"),
        ("La La Land-trailer2.mkv", "La La Land"),
        ("-trailer.mkv", "Trailer"),
        ("Behind.The.Scenes.mkv", "Behind The Scenes"),
        ("Another Day of Sun.mp4", "Another Day of Sun"),
    ],
)
def test_video_title(name: str, title: str) -> None:
    assert video_title(PurePosixPath(name)) == title


def test_file_types_by_extension() -> None:
    for name in ("a.mkv", "a.MP4", "a.avi", "a.m4v", "a.mov", "a.wmv", "a.webm", "a.mpg", "a.mpeg", "a.ts",
                 "a.m2ts", "a.iso", "VTS_01_1.VOB"):
        assert is_video_file(PurePosixPath(name)), name
    for name in ("a.jpg", "a.JPEG", "a.png", "a.webp", "a.gif", "a.tif"):
        assert is_image_file(PurePosixPath(name)), name
    for name in ("a.nfo", "a.srt", "a.mp3", "index.bdmv", "VIDEO_TS.IFO", "a.jpg.part", "mkv"):
        assert not is_video_file(PurePosixPath(name)) and not is_image_file(PurePosixPath(name)), name


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        (".DS_Store", True), ("Thumbs.db", True), ("@eaDir", True), ("#recycle", True),
        ("$RECYCLE.BIN", True), ("lost+found", True), (".hidden", True), (".actors", False),
        ("sample", True), ("Sample", True), ("sample.avi", True), ("movie-sample.mkv", True),
        ("movie.sample.mkv", True), ("La La Land (2016).mkv", False), ("@buelos", False),
        ("Samples of Joy (2019).mkv", False),
    ],
)
def test_is_ignored_name(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored


@pytest.mark.parametrize("marker", [".ignore", ".nomedia", ".tmmignore"])
def test_marker_file_hides_its_folder(tmp_path: Path, marker: str) -> None:
    (tmp_path / "Hidden Film" / "Extras").mkdir(parents=True)
    (tmp_path / "Hidden Film" / marker).touch()
    (tmp_path / "Hidden Film" / "film.mkv").touch()
    (tmp_path / "Hidden Film" / "Extras" / "x-trailer.mkv").touch()
    (tmp_path / "Shown Film").mkdir()
    (tmp_path / "Shown Film" / "film.mkv").touch()
    found = [f.path.relative_to(tmp_path) for f in scan([tmp_path]).files]
    assert found == [Path("Shown Film/film.mkv")]


# -- the real tinyMediaManager test library ---------------------------------------------------------


def _tree() -> list[PurePosixPath]:
    lines = TREE.read_text(encoding="utf-8").splitlines()
    return [ROOT / line.split("\t", 1)[1] for line in lines if "\t" in line]


@needs_tree
def test_real_tree_hidden_and_sample_entries_are_ignored() -> None:
    ignored = {str(p.relative_to(ROOT)) for p in _tree()
               if any(is_ignored_name(part) for part in p.relative_to(ROOT).parts)}
    assert ignored == {
        ".45/.45.mp4",
        ".DS_Store/shouldnotbefound.avi",
        ".ThisIsNotAMovie.mp4",
        "._.ignore/shouldnotbefound.avi",
        ".ignore/shouldnotbefound.avi",
        "Subfolder/.DS_Store/shouldnotbefound.avi",
        "Subfolder/._.ignore/shouldnotbefound.avi",
        "Subfolder/.ignore/shouldnotbefound.avi",
        "SingleSample/sample/sample.avi",
    }


@needs_tree
@pytest.mark.parametrize(
    ("movie", "expected"),
    [
        ("Plex/Plextras", {
            "Behind The Scenes/PlextrasBTS.avi": "behind_the_scenes",
            "Deleted Scenes/PlextrasDS.avi": "deleted_scene",
            "Featurettes/PlextrasFeat.avi": "featurette",
            "Interviews/PlextrasInt.avi": "interview",
            "Plextras-behindthescenes.avi": "behind_the_scenes",
            "Plextras-deleted.avi": "deleted_scene",
            "Plextras-featurette.avi": "featurette",
            "Plextras-interview.avi": "interview",
            "Plextras-scene.avi": "clip",
            "Plextras-short.avi": "featurette",
            "Plextras-trailer.avi": "trailer",
            "Plextras.avi": None,
            "Scenes/PlextrasScene.avi": "clip",
            "Shorts/PlextrasShort.avi": "featurette",
            "Trailers/PlextrasTrailer1.avi": "trailer",
            "Trailers/PlextrasTrailer2.avi": "trailer",
            "extra/another_extra.avi": "featurette",
            "extras/another_extras.avi": "featurette",
        }),
        ("MovieWithTrailersInFolder", {
            "MovieWithTrailersInFolder.avi": None,
            "trailer/another.avi": "trailer",
            "trailer/cool.avi": "trailer",
            "trailers/anothers.avi": "trailer",
            "trailers/cools.avi": "trailer",
        }),
        ("MovieWithExtrasInFolder", {
            "MovieWithExtrasInFolderMovieWithExtrasInFolder.avi": None,
            "extra/another_extra.avi": "featurette",
            "extra/some_cool_stuff/stuff.avi": "featurette",
            "extras/another_cool_stuff/cool.avi": "featurette",
            "extras/another_extras.avi": "featurette",
        }),
        ("SingleMovieWithDeepExtras", {
            "Single Movie with Extras.avi": None,
            "extras/DVD extras/Another/SMDEL3.avi": "featurette",
            "extras/DVD extras/SMDEL2.avi": "featurette",
            "extras/SMDEL1.avi": "featurette",
        }),
        ("Western/Ostern/OsternFolder", {
            "OsternFolder.avi": None,
            "trailer/OsternFolder-trailer.avi": "trailer",
        }),
        ("shorts/Lifted", {
            "lifted.mkv": None,
            "shorts/short.avi": "featurette",
            "extras/extra1.avi": "featurette",
        }),
        ("shorts/Presto", {"movie.mp4": None, "trailer/trailer.mp4": "trailer"}),
    ],
)
def test_real_tree_extras_kinds(movie: str, expected: dict[str, str | None]) -> None:
    folder = ROOT / movie
    videos = {str(p.relative_to(folder)): video_kind(p, folder)
              for p in _tree() if p.is_relative_to(folder) and is_video_file(p)}
    assert videos == expected


@needs_tree
def test_real_tree_artwork_kinds() -> None:
    found = {}
    for path in _tree():
        if is_image_file(path):
            parts = path.relative_to(ROOT).parts
            movie_folder = ROOT / parts[0] if len(parts) > 1 else ROOT
            found[str(path.relative_to(ROOT))] = artwork_kind(path, movie_folder)
    assert found == {
        "MovieWithExtrasInFolder/MovieWithExtrasInFolderMovieWithExtrasInFolder-poster.jpg": "poster",
        "MovieWithExtrasInFolder/extra/another_extra-poster.jpg": "still",  # an extra's own picture
        "MovieWithExtrasInFolder/extra/some_cool_stuff/stuff.jpg": "still",
        "Multi1/multifile1-fanart.png": "backdrop",
        "Multi1/multifile1-poster.png": "poster",
        "MultipleVideosSingle/singlefile-fanart.png": "backdrop",
        "MultipleVideosSingle/singlefile-poster.png": "poster",
        "RootStackComplete-fanart.png": "backdrop",
        "RootStackComplete-poster.png": "poster",
        "Single/singlefile-fanart.png": "backdrop",
        "Single/singlefile-poster.png": "poster",
        "movie with set graphics/movieset-banner.jpg": None,
        "movie with set graphics/movieset-clearart.jpg": None,
        "movie with set graphics/movieset-clearlogo.jpg": None,
        "movie with set graphics/movieset-fanart.jpg": None,
        "movie with set graphics/movieset-logo.jpg": None,
        "movie with set graphics/movieset-poster.jpg": None,
    }


@needs_tree
def test_real_tree_titles_from_file_names() -> None:
    names = {p.name for p in _tree()}
    assert parse_title_year(next(n for n in names if n.startswith("Captain.Marvel.2019.1080p"))) == (
        "Captain Marvel", 2019,
    )
    assert parse_title_year("The Lord of the Rings The Fellowship of the Ring (2001)-B.mkv")[1] == 2001
    assert "The Lord of the Rings The Fellowship of the Ring (2001)-B.mkv" in names
