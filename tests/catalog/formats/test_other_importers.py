"""The importers of the other film catalogues, each on the real files of Tellico's own test suite
(../shared/realdata/catalogs): counts and spot-checked fields, other kinds of collection and
broken files refused in one line with the catalogue unchanged."""

from __future__ import annotations

import json
import plistlib
import struct
from pathlib import Path

import pytest

from catalog import Catalogue, CatalogueError
from catalog.formats import detect, read_file
from tests.catalog.formats.importing import BOMB, cast_of, doc_of, people_of, real


def test_gcstar(cat: Catalogue) -> None:
    path = real("tellico__test-video.gcs")
    assert detect(path).name == "gcstar"
    result = read_file(cat, path)
    assert result.films == 3
    doc = doc_of(cat, "The Man from Snowy River")
    assert (doc["year"], doc["runtime_min"], doc["rating"], doc["watched"]) == (1982, 102, 7.0, True)
    assert people_of(doc, "director") == ["George Miller"] and doc["countries"] == ["Australia"]
    assert cast_of(doc)[:2] == [("Tom Burlinson", "Jim Craig"), ("Terence Donovan", "Henry Craig")]
    assert doc["genres"] == ["Drama", "Family", "Romance", "Western"] and doc["keywords"] == ["tag2", "tag1"]
    assert (doc["copies"][0]["medium"], doc["copies"][0]["region"]) == ("DVD", "1")
    assert [(i["kind"], i["value"]) for i in doc["external_ids"]] == [("imdb", "tt0084296")]
    assert doc["custom"]["Favourite"] is True and doc["notes"] == "My favorite comments"
    feet = doc_of(cat, "100 Feet")
    assert cast_of(feet)[0] == ("Famke Janssen", "Marnie Watson") and feet["copies"][0]["location"] == "On Hard Drive"


def test_gcstar_of_books_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "books.gcs"
    path.write_text('<?xml version="1.0"?><collection type="GCbooks" items="1" version="1.8.0">'
                    '<item title="Dune"/></collection>')
    with pytest.raises(CatalogueError, match="a GCstar collection of books, not films"):
        read_file(cat, path)


def test_griffith(cat: Catalogue) -> None:
    path = real("tellico__griffith.xml")
    assert detect(path).name == "griffith"
    assert read_file(cat, path).films == 5
    doc = doc_of(cat, "Serendipity")
    assert (doc["year"], doc["runtime_min"], doc["certification"], doc["rating"]) == (2001, 90, "PG-13", 6.0)
    assert people_of(doc, "director") == ["Peter Chelsom"] and doc["genres"] == ["Comedy", "Romance", "Fantasy"]
    assert cast_of(doc)[:2] == [("John Cusack", "Jonathan Trager"), ("Kate Beckinsale", "Sara Thomas")]
    assert doc["copies"][0]["medium"] == "DVD" and doc["watched"]
    assert [v["url"] for v in doc["videos"]] == ["http://www.imdb.com/title/tt0240890/trailers"]
    assert doc["notes"].startswith("Language:")  # trimmed of the export's padding


def test_ant_movie_catalog_35(cat: Catalogue, tmp_path: Path) -> None:
    path = real("tellico__test.amc")
    assert detect(path).name == "amc"
    assert read_file(cat, path).films == 2
    assert [r.title for r in cat.films.listing()] == ["Title", "Title2"]
    cut = tmp_path / "cut.amc"
    cut.write_bytes(path.read_bytes()[:200])
    with pytest.raises(CatalogueError, match="truncated"):
        read_file(cat, cut)
    newer = tmp_path / "new.amc"
    newer.write_bytes(path.read_bytes().replace(b"AMC_3.5", b"AMC_4.2", 1))
    with pytest.raises(CatalogueError, match=r"Ant Movie Catalog 4\.2 file"):
        read_file(cat, newer)


def _amc_record(title: str, year: int, rating: int, actors: str, medium: str) -> bytes:
    def s(text: str) -> bytes:
        data = text.encode("cp1252")
        return struct.pack("<i", len(data)) + data
    ints = struct.pack("<8i", 1, 39931, rating, year, 121, -1, -1, -1) + b"\x01"
    strings = ["", medium, "", "", title, "", "Robert Zemeckis", "", "USA", "Drama, Romance", actors,
               "https://www.imdb.com/title/tt0109830/", "Life is a box of chocolates.", "", "Region 2", "DTS",
               "", "", "English, French", "English", "", ".jpg"]
    return ints + b"".join(s(x) for x in strings) + struct.pack("<i", 0)


def test_ant_movie_catalog_fields(cat: Catalogue, tmp_path: Path) -> None:
    header = real("tellico__test.amc").read_bytes()[:65] + struct.pack("<4i", 0, 0, 0, 0)
    path = tmp_path / "mine.amc"
    path.write_bytes(header + _amc_record("Forrest Gump", 1994, 85, "Tom Hanks (Forrest), Robin Wright (Jenny)",
                                          "DVD"))
    read_file(cat, path)
    doc = doc_of(cat, "Forrest Gump")
    assert (doc["year"], doc["runtime_min"], doc["rating"]) == (1994, 121, 8.5)
    assert cast_of(doc) == [("Tom Hanks", "Forrest"), ("Robin Wright", "Jenny")]
    assert doc["copies"][0]["region"] == "Region 2" and doc["copies"][0]["subtitles"] == ["English"]
    assert doc["copies"][0]["audio"] == [{"language": "English", "format": "DTS"}, {"language": "French",
                                                                                      "format": "DTS"}]
    assert [(i["kind"], i["value"]) for i in doc["external_ids"]] == [("imdb", "tt0109830")]
    assert doc["created_at"].startswith("2009-04-28")


def test_data_crow(cat: Catalogue) -> None:
    path = real("tellico__datacrow_movies.xml")
    assert detect(path).name == "datacrow"
    result = read_file(cat, path)
    assert result.films == 1
    doc = doc_of(cat, "Spider-Man: Homecoming")
    assert (doc["year"], doc["runtime_min"], doc["rating"], doc["watched"]) == (2017, 133, 10.0, True)
    assert people_of(doc, "director") == ["Jon Watts"] and len(cast_of(doc)) == 78
    assert cast_of(doc)[0] == ("Abraham Attah", None)
    assert doc["genres"] == ["Action", "Adventure", "Drama", "Science Fiction"]
    copy = doc["copies"][0]
    assert (copy["medium"], copy["aspect_ratio"], copy["subtitles"]) == ("DVD", "16:9", ["English"])
    assert len(doc["images"]) == 1 and doc["poster"] == doc["images"][0]["sha256"]  # from the picture folder
    assert doc["custom"]["Series"] == "Spider-Man" and doc["keywords"] == ["favorite"]
    assert "picture-front → pictures" in result.text()


def test_data_crow_of_books_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "books.xml"
    path.write_text('<?xml version="1.0"?><data-crow-objects><book><title>Dune</title></book></data-crow-objects>')
    with pytest.raises(CatalogueError, match="a Data Crow export of books, not films"):
        read_file(cat, path)


def test_collectorz(cat: Catalogue) -> None:
    path = real("tellico__collectorz_movies.xml")
    assert detect(path).name == "collectorz"
    result = read_file(cat, path)
    assert result.films == 14
    doc = doc_of(cat, "Shaun of the Dead")
    assert (doc["year"], doc["runtime_min"], doc["certification"]) == (2004, 100, "R (Restricted)")
    assert people_of(doc, "director") == ["Edgar Wright"] and people_of(doc, "writer") == ["Edgar Wright",
                                                                                          "Simon Pegg"]
    copy = doc["copies"][0]
    assert (copy["medium"], copy["region"], copy["price"], copy["currency"]) == ("DVD", "Region 1", 44.55, "USD")
    assert copy["aspect_ratio"] == "Widescreen (2.35:1, Anamorphic)" and copy["widescreen"]
    assert {"language": "French", "format": "Dolby Digital 5.1"} in copy["audio"]
    assert cat.films.ids("imdb:tt0060438") == [cat.films.find("A Funny Thing Happened On The Way To The Forum")]
    forum = doc_of(cat, "A Funny Thing Happened On The Way To The Forum")
    assert cast_of(forum)[0] == ("Michael Crawford", "Hero")
    assert "crew → crew (writer)" in result.text()


def test_delicious_library_1(cat: Catalogue) -> None:
    path = real("tellico__delicious1_movies.xml")
    assert detect(path).name == "delicious"
    assert read_file(cat, path).films == 4
    doc = doc_of(cat, "Romper Stomper")
    assert (doc["year"], doc["runtime_min"], doc["certification"]) == (1993, 93, "R")
    assert people_of(doc, "director") == ["Geoffrey Wright"] and cast_of(doc)[0] == ("Russell Crowe", None)
    copy = doc["copies"][0]
    assert (copy["medium"], copy["video_format"], copy["aspect_ratio"], copy["price"]) == ("DVD", "NTSC", "1.33:1",
                                                                                           9.98)
    assert copy["barcode"] == "0024543048060" and copy["purchased_on"] == "2006-03-25"
    assert doc["synopsis"].startswith("The controversial film drew rave reviews")  # the RTF's text
    assert [i["kind"] for i in doc["external_ids"]] == ["asin", "delicious"]


def test_delicious_library_2_plist(cat: Catalogue, tmp_path: Path) -> None:
    # No real Delicious Library 2 file is to be had; this one follows the keys Tellico's own
    # delicious2tellico.xsl reads from a version 2 library (an Apple plist, here binary).
    items = [{"type": "Movie", "title": "Heat", "actorsCompositeString": "Al Pacino\nRobert De Niro",
              "creatorsCompositeString": "Michael Mann", "genresCompositeString": "Crime\nDrama", "minutes": 170,
              "formatSingularString": "Blu-ray", "uuidString": "A1B2", "price": "$19.99", "asin": "B00003CXC3",
              "theatricalDate": "15-12-1995", "purchaseDate": "01-02-2010", "netRating": 4.5},
             {"type": "Book", "title": "Dune"}]
    path = tmp_path / "Library Media DataSource.plist"
    path.write_bytes(plistlib.dumps(items, fmt=plistlib.FMT_BINARY))
    assert detect(path).name == "delicious"
    assert read_file(cat, path).films == 1
    doc = doc_of(cat, "Heat")
    assert (doc["year"], doc["runtime_min"]) == (1995, 170) and people_of(doc, "director") == ["Michael Mann"]
    assert cast_of(doc) == [("Al Pacino", None), ("Robert De Niro", None)]
    assert (doc["copies"][0]["medium"], doc["copies"][0]["price"]) == ("Blu-ray", 19.99)
    books = tmp_path / "books.plist"
    books.write_bytes(plistlib.dumps([{"type": "Book", "title": "Dune"}]))
    with pytest.raises(CatalogueError, match="a Delicious Library of books, not films"):
        read_file(cat, books)
    cut = tmp_path / "cut.plist"
    cut.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(CatalogueError, match="truncated or damaged"):
        read_file(cat, cut)


def test_onmyshelf(cat: Catalogue, tmp_path: Path) -> None:
    path = real("tellico__onmyshelf-movies.json")
    assert detect(path).name == "onmyshelf"
    assert read_file(cat, path).films == 1
    doc = doc_of(cat, "title")
    assert people_of(doc, "director") == ["my director"] and doc["synopsis"] == "plot here"
    assert doc["copies"][0]["medium"] == "widescreen?" and doc["custom"] == {"Note": 1}
    other = json.loads(path.read_text())
    other["type"] = "books"
    books = tmp_path / "books.json"
    books.write_text(json.dumps(other))
    with pytest.raises(CatalogueError, match="an OnMyShelf collection of books, not films"):
        read_file(cat, books)


@pytest.mark.parametrize("name", ["tellico__test-video.gcs", "tellico__griffith.xml", "tellico__datacrow_movies.xml",
                                  "tellico__collectorz_movies.xml", "tellico__delicious1_movies.xml"])
def test_broken_variants_are_refused_in_one_line(cat: Catalogue, tmp_path: Path, name: str) -> None:
    source = real(name).read_bytes()
    fmt = detect(real(name)).name
    for variant, why in ((source[: len(source) // 2], "truncated"), (b"junk!" + source, "not XML"),
                         (BOMB + source[source.index(b"?>") + 2:], "unsafe")):
        path = tmp_path / name
        path.write_bytes(variant)
        with pytest.raises(CatalogueError, match=why) as raised:
            read_file(cat, path, fmt)
        assert "\n" not in str(raised.value) and name in str(raised.value)
    assert cat.films.count() == 0
