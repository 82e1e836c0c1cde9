"""catalog.nfo on the real .nfo files of Kodi/Jellyfin/Emby/MediaPortal tools, and hostile XML."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from catalog.formats.folder.nfo import NfoActor, NfoMovie, NfoRejected, find_movie_nfo, parse_nfo
from tests.realdata import REALDATA

NFO = REALDATA / "nfo"
needs_realdata = pytest.mark.skipif(
    not NFO.is_dir(), reason=f"real .nfo files not found at {NFO} (set MARQUEE_REALDATA)"
)

# Read off each file: (title, year, number of actors) for movies, or a phrase of the rejection.
EXPECTED: dict[str, tuple[str, int | None, int] | str] = {
    "jellyfin__CommunityRating_Comma.nfo": ("Test Movie", None, 0),
    "jellyfin__Dancing_Queen.nfo": "<musicvideo> is not a movie",
    "jellyfin__Fanart.nfo": "no title",
    "jellyfin__Imdb.nfo": "not XML: contains only a link (https://www.imdb.com/title/tt0944947/)",
    "jellyfin__Justice_League.nfo": ("Justice League", 2017, 15),  # 16th <actor> is a typed lyricist
    "jellyfin__Lilo___Stitch.nfo": ("Lilo & Stitch", None, 0),
    "jellyfin__Radarr.nfo": "not XML: contains only links (https://www.themoviedb.org/movie/583689, "
    "https://www.imdb.com/title/tt4154796)",
    "mediaelch__kodi_v18_Toy_Story_3_2010.nfo": ("Toy Story 3", 2010, 59),
    "mediaelch__kodi_v18_movie_all.nfo": ("Allegiant", 2016, 2),
    "mediaelch__kodi_v18_movie_empty.nfo": "no title",
    "tellico__test_movie.nfo": ("Test Movie", 2004, 2),
    "tmm__emby_multiple_sets.nfo": ("28 Days Later", 2002, 26),
    "tmm__justImdbUrl.nfo": "not XML: contains only a link (https://www.imdb.com/title/tt0499549)",
    "tmm__kodi17.0.nfo": ("Batman Begins", 2005, 113),
    "tmm__kodi2.nfo": ("9", 2009, 9),
    "tmm__movie_with_set_graphics.nfo": ("Movie With Set Graphics", None, 0),
    "tmm__mp-moving_pictures.nfo": ("10 Cloverfield Lane", 2016, 9),
    "tmm__mp-myvideo.nfo": ("Taxi 2", 2000, 17),
}


def _real_nfos() -> list[str]:
    return sorted(p.name for p in NFO.glob("*.nfo")) if NFO.is_dir() else sorted(EXPECTED)


def movie(name: str) -> NfoMovie:
    return parse_nfo(NFO / name)


@needs_realdata
def test_every_real_nfo_has_an_expectation() -> None:
    assert set(_real_nfos()) == set(EXPECTED)


@needs_realdata
@pytest.mark.parametrize("name", _real_nfos())
def test_real_nfo_parses_or_is_rejected_with_a_reason(name: str) -> None:
    expected = EXPECTED[name]
    if isinstance(expected, str):
        with pytest.raises(NfoRejected) as caught:
            parse_nfo(NFO / name)
        assert expected in caught.value.reason
        return
    title, year, actor_count = expected
    parsed = parse_nfo(NFO / name)
    assert (parsed.title, parsed.year, len(parsed.actors)) == (title, year, actor_count)
    assert all(actor.name for actor in parsed.actors)


@needs_realdata
def test_justice_league_details() -> None:
    jl = movie("jellyfin__Justice_League.nfo")
    assert jl.actors[0] == NfoActor("Ben Affleck", "Batman", 0)
    assert jl.actors[11] == NfoActor("Ciarán Hinds", "Steppenwolf", 11)
    assert [c.name for c in jl.crew] == ["Test Lyricist"] and jl.crew[0].job == "lyricist"
    assert jl.premiered == "2017-11-15" and jl.runtime_min == 120
    assert jl.directors == ["Zack Snyder"]  # written "Zack Snyder," in the file
    assert jl.writers == ["Jerry Siegel", "Joe Shuster", "Test"]
    assert (jl.certification, jl.certification_country) == ("M", "Australia")
    assert jl.genres == ["Action", "Adventure", "Fantasy", "Sci-Fi"]
    assert jl.trailer == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"  # from Kodi's plugin:// link
    assert jl.rating == 6.4  # the default of <ratings> (IMDb), not metacritic's
    assert jl.imdb_id == "tt0974015" and jl.unique_ids["tmdb"] == "141052"
    assert jl.set_name == "Justice League Collection"
    assert jl.tagline == "Justice for all."
    assert jl.plot is not None and jl.plot.startswith("Fueled by his restored faith")


@needs_realdata
def test_toy_story_3() -> None:
    ts = movie("mediaelch__kodi_v18_Toy_Story_3_2010.nfo")
    assert ts.actors[0] == NfoActor("Tom Hanks", "Woody (voice)", 0)
    assert [a.order for a in ts.actors] == sorted(a.order for a in ts.actors if a.order is not None)
    assert ts.directors == ["Lee Unkrich"] and ts.studios == ["Pixar"]
    assert ts.certification == "G"  # "Rated G"
    assert ts.trailer == "https://www.youtube.com/watch?v=TNMpa5yBf5o"


@needs_realdata
def test_tellico_orders_actors_by_order_and_keeps_two_directors() -> None:
    tm = movie("tellico__test_movie.nfo")
    assert tm.directors == ["John B. Director", "Famous Director"]
    # Jill has <order>0</order> although she is written second.
    assert tm.actors == [NfoActor("Jill Actress", "Heroine", 0), NfoActor("Jack Actor", "Hero", 1)]
    assert (tm.certification, tm.certification_country) == ("PG", "USA")
    assert tm.original_title == "The original title"
    assert tm.plot == "This is the best movie of all time\n\nAnd another thing, it's good."
    assert tm.user_rating == 4.0 and tm.runtime_min == 113
    assert tm.unique_ids == {"imdb": "tt0012345", "tmdb": "345"}


@needs_realdata
def test_decimal_comma_rating() -> None:
    assert movie("jellyfin__CommunityRating_Comma.nfo").rating == 7.5


@needs_realdata
def test_mediaportal_pipes_and_comma_lists_are_split() -> None:
    mp = movie("tmm__mp-moving_pictures.nfo")
    assert mp.original_title == "10 Cloverfield Lane"  # written "|10 Cloverfield Lane|"
    assert mp.directors == ["Dan Trachtenberg"]
    assert mp.studios == ["Paramount Pictures", "Bad Robot", "Spectrum Effects"]
    assert mp.writers == ["Josh Campbell", "Matthew Stuecken", "Damien Chazelle"]
    assert mp.actors[0] == NfoActor("John Goodman", None, None)
    myvideo = movie("tmm__mp-myvideo.nfo")
    assert myvideo.studios == ["ARP Sélection", "Canal+", "Leeloo Productions"]
    assert myvideo.set_name == "Такси (Коллекция)"


@needs_realdata
def test_day_first_premiere_date_and_tmm_ids() -> None:
    nine = movie("tmm__kodi2.nfo")
    assert nine.premiered == "2009-08-19"  # written 19-08-2009
    assert nine.unique_ids["tmdb"] == "12244" and nine.imdb_id == "tt0472033"
    assert nine.directors == ["Shane Acker", "Pamela Pettler"]
    assert len(nine.studios) == 5
    assert ("Tim Burton", "producer") in nine.crew


@needs_realdata
def test_emby_two_trailers_and_release_date() -> None:
    emby = movie("tmm__emby_multiple_sets.nfo")
    assert emby.trailers == [
        "https://www.youtube.com/watch?v=7suz9ndPBHg",
        "https://www.youtube.com/watch?v=FcDhdb6J3rM",
    ]
    assert emby.plot is not None and emby.plot.startswith("Twenty-eight days")  # CDATA
    assert emby.imdb_id == "tt0289043"


@needs_realdata
def test_url_only_nfo_carries_its_links() -> None:
    with pytest.raises(NfoRejected) as caught:
        parse_nfo(NFO / "jellyfin__Radarr.nfo")
    assert caught.value.urls == [
        "https://www.themoviedb.org/movie/583689",
        "https://www.imdb.com/title/tt4154796",
    ]


def _write(tmp_path: Path, content: str | bytes, name: str = "movie.nfo") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = _write(tmp_path, f'<?xml version="1.0"?><!DOCTYPE movie [<!ENTITY l0 "lol">{lol}]>'
                            "<movie><title>&l9;</title></movie>")
    with pytest.raises(NfoRejected, match=r"unsafe XML \(entity declarations\) refused"):
        parse_nfo(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '<?xml version="1.0"?><!DOCTYPE movie [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                            "<movie><title>&x;</title></movie>")
    with pytest.raises(NfoRejected, match="unsafe XML"):
        parse_nfo(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"<movie><title>Broken</movie>", "malformed XML (mismatched tag at line 1"),
        (b"<movie><title>A</title>", "malformed XML"),
        (b"just some notes about this film\n", "not XML"),
        (b"<?xml version='1.0' encoding='utf-8'?><movie><title>Am\xe9lie</title></movie>",
         "undecodable text: not valid UTF-8 (byte 0xE9"),
        (b"<?xml version='1.0' encoding='klingon'?><movie/>", "unknown text encoding"),
        (b"<tvshow><title>Friends</title></tvshow>", "<tvshow> is not a movie"),
        (b"<movie><title>  </title><year>2001</year></movie>", "no title"),
    ],
)
def test_bad_files_are_rejected_with_reasons(tmp_path: Path, content: bytes, reason: str) -> None:
    with pytest.raises(NfoRejected) as caught:
        parse_nfo(_write(tmp_path, content))
    assert reason in caught.value.reason


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(NfoRejected, match="unreadable file"):
        parse_nfo(tmp_path / "absent.nfo")


def test_declared_latin1_and_bom_are_read(tmp_path: Path) -> None:
    xml = "<?xml version='1.0' encoding='ISO-8859-1'?><movie><title>Amélie</title></movie>"
    latin = xml.encode("latin-1")
    assert parse_nfo(_write(tmp_path, latin)).title == "Amélie"
    bom = b"\xef\xbb\xbf<movie><title>Am\xc3\xa9lie</title></movie>"
    assert parse_nfo(_write(tmp_path, bom, "bom.nfo")).title == "Amélie"


def test_kodi_combined_nfo_keeps_xml_and_trailing_link(tmp_path: Path) -> None:
    path = _write(tmp_path, "<movie><title>Up</title><year>2009</year></movie>\n"
                            "https://www.themoviedb.org/movie/14160\n")
    up = parse_nfo(path)
    assert (up.title, up.year, up.urls) == ("Up", 2009, ["https://www.themoviedb.org/movie/14160"])


def test_year_falls_back_to_dates_and_trailers_must_be_web_links(tmp_path: Path) -> None:
    path = _write(tmp_path, """<movie><title>Whiplash</title><releasedate>2014-10-10</releasedate>
        <trailer>C:\\trailers\\whiplash.mkv</trailer><trailer>javascript:alert(1)</trailer>
        <trailer>https://example.com/whiplash.mp4</trailer><runtime>1h 47m</runtime>
        <userrating>0</userrating><rating>0.0</rating></movie>""")
    w = parse_nfo(path)
    assert (w.year, w.premiered) == (2014, "2014-10-10")
    assert w.trailers == ["https://example.com/whiplash.mp4"]
    assert w.runtime_min == 107
    assert w.user_rating is None and w.rating is None  # Kodi writes 0 for "not rated"


def test_ratings_on_other_scales_are_normalised(tmp_path: Path) -> None:
    path = _write(tmp_path, """<movie><title>X</title><ratings>
        <rating name="metascore" max="100" default="true"><value>67</value></rating></ratings></movie>""")
    assert parse_nfo(path).rating == 6.7


def test_find_movie_nfo_follows_kodi_order(tmp_path: Path) -> None:
    folder = tmp_path / "La La Land (2016)"
    names = ["La La Land (2016).mkv", "La La Land (2016).nfo", "movie.nfo", "trailer-trailer.nfo"]
    assert find_movie_nfo(folder, [Path(n) for n in names]) == folder / "movie.nfo"
    assert find_movie_nfo(folder, [folder / n for n in names[:2]]) == folder / "La La Land (2016).nfo"
    # An extra's .nfo is not the film's; with two candidates and no rule, nothing is chosen.
    assert find_movie_nfo(folder, [Path("a.mkv"), Path("x-trailer.mkv"), Path("x-trailer.nfo"),
                                   Path("notes.nfo")]) is None
    assert find_movie_nfo(folder, [Path("film.avi"), Path("whatever.nfo")]) == folder / "whatever.nfo"
    assert find_movie_nfo(folder, [Path("VIDEO_TS/VIDEO_TS.IFO"), Path("VIDEO_TS/VIDEO_TS.nfo")]) == (
        folder / "VIDEO_TS" / "VIDEO_TS.nfo"
    )
    assert find_movie_nfo(folder, [Path("film.avi"), Path("sub/other.nfo")]) is None


@needs_realdata
def test_damaged_copies_of_a_real_nfo_never_raise_anything_else(tmp_path: Path) -> None:
    original = (NFO / "jellyfin__Justice_League.nfo").read_bytes()
    rng = random.Random(4)
    outcomes = set()
    for i in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            action = rng.randrange(3)
            if action == 0:
                data[at] = rng.randrange(256)
            elif action == 1:
                del data[at : at + rng.randint(1, 200)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        try:
            parse_nfo(_write(tmp_path, bytes(data), f"{i}.nfo"))
            outcomes.add("parsed")
        except NfoRejected as rejected:
            assert rejected.reason
            outcomes.add("rejected")
    assert outcomes == {"parsed", "rejected"}  # the damage both hit and missed what matters
