"""JSON imports a hostile tester would write: wrong types in every nested field, deep nesting, lone
surrogates, NUL, megabytes of text, thousands of items. Each is refused with one line naming the
file and the field, and the catalogue file is byte-for-byte what it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import CatalogueError, open_catalogue
from catalog.formats.json_catalogue import import_catalogue

SHA = "a" * 64


def doc(films: object = None, **extra: object) -> str:
    return json.dumps({"format": "marquee-catalogue", "version": 1, "films": films if films is not None else [],
                       **extra})


def raw(films: str) -> str:
    return '{"format":"marquee-catalogue","version":1,"films":[' + films + "]}"


def film(**fields: object) -> list[dict[str, object]]:
    return [{"title": "Heat", **fields}]


HOSTILE: dict[str, tuple[str, str]] = {  # name: (file content, what the one line must say)
    "genres as a string": (doc(film(genres="Drama")), "genres: 'Drama' is not a list"),
    "credit person a number": (doc(film(credits=[{"person": 5, "role": "actor"}])), "credit person: 5 must be text"),
    "credit role a list": (doc(film(credits=[{"person": "X", "role": ["actor"]}])), "credit role"),
    "credit a string": (doc(film(credits=["X"])), "credit: 'X' is not an object"),
    "company name a list": (doc(film(companies=[{"name": ["x"]}])), "company name"),
    "video title an object": (doc(film(videos=[{"title": {"a": 1}, "kind": "trailer"}])), "video title"),
    "video url a number": (doc(film(videos=[{"title": "t", "url": 5, "kind": "trailer"}])), "video url"),
    "video kind a list": (doc(film(videos=[{"title": "t", "kind": ["trailer"]}])), "video kind"),
    "review score a word": (doc(film(reviews=[{"author": "x", "score": "high"}])), "review score"),
    "award year a list": (doc(film(awards=[{"body": "x", "year": [1]}])), "award year"),
    "release date an object": (doc(film(releases=[{"kind": "wide", "date": {"y": 1}}])), "release date"),
    "image sha256 a path": (doc(film(images=[{"sha256": "../../x"}])), "image sha256: '../../x' is not a picture"),
    "image width a word": (doc(film(images=[{"sha256": SHA, "width": "wide"}])), "image width"),
    "image phash negative": (doc(film(images=[{"sha256": SHA, "phash": -1}])), "image phash"),
    "poster not a hash": (doc(film(poster="../x")), "poster"),
    "title a number": (doc([{"title": 5}]), "title: 5 must be text"),
    "title of 5 MB": (doc([{"title": "x" * 5_000_000}]), "is longer than 500 characters"),
    "year of 5 MB": (doc(film(year="9" * 5_000_000)), "year"),
    "year with 5,000 digits": (raw('{"title":"Heat","year":' + "9" * 5000 + "}"), "not a Marquee JSON export"),
    "rating NaN": (raw('{"title":"Heat","rating":NaN}'), "rating: nan"),
    "runtime Infinity": (raw('{"title":"Heat","runtime_min":Infinity}'), "runtime_min: inf"),
    "watched an object": (doc(film(watched={})), "watched"),
    "lone surrogate in a title": (raw('{"title":"He\\ud800at"}'), "lone surrogate"),
    "lone surrogate in a genre": (raw('{"title":"Heat","genres":["\\udfff"]}'), "lone surrogate"),
    "lone surrogate in a name": (raw('{"title":"Heat","credits":[{"person":"\\ud83d","role":"actor"}]}'),
                                 "lone surrogate"),
    "NUL in a title": (doc([{"title": "He\x00at"}]), "NUL"),
    "nested 100,000 deep": (raw("[" * 100_000 + "]" * 100_000), "nested too deeply"),
    "genres nested 5,000 deep": (raw('{"title":"Heat","genres":' + "[" * 5000 + "]" * 5000 + "}"),
                                 "nested too deeply"),
    "200,000 genres": (doc(film(genres=[f"g{i}" for i in range(200_000)])), "genres: '200,000 items'"),
    "100,000 credits": (doc(film(credits=[{"person": "p", "role": "actor"}] * 100_000)), "credits"),
    "20 MB of person notes": (doc(people=[{"name": "P", "notes": "n" * 20_000_000}]), "notes"),
    "person name an object": (doc(people=[{"name": {"x": 1}}]), "person"),
    "person photo a string": (doc(people=[{"name": "P", "photo": "abc"}]), "image: 'abc' is not an object"),
    "person photo hash a number": (doc(people=[{"name": "P", "photo": {"sha256": 5}}]), "image sha256"),
    "people an object": (doc(people={"a": 1}), "not lists"),
    "inbox of strings": (doc(inbox=["x"]), "image: 'x' is not an object"),
    "films an object": (json.dumps({"format": "marquee-catalogue", "version": 1, "films": {"a": 1}}), "not a Marquee"),
    "a film that is a string": (doc(["Alien"]), "film 1 film: 'Alien' is not an object"),
    "a film that is null": (doc([None]), "is not an object"),
    "version a string": (doc(version="2"), "version '2' is not a number"),
    "version true": (doc(version=True), "version True"),
    "version from the future": (doc(version=10**30), "newer format"),
    "unknown record field": (doc(film(videos=[{"title": "t", "kind": "trailer", "zzz": 1}])), "zzz"),
    "the second film bad": (doc([{"title": "Alien"}, {"title": "Heat", "year": "soon"}]), "film 2 ('Heat') year"),
    "latin-1 bytes": ('{"format":"marquee-catalogue","version":1,"films":[{"title":"Am\udce9lie"}]}', "not UTF-8"),
    "truncated": (raw('{"title":"Heat"')[:-3], "broken JSON"),
}


@pytest.fixture(scope="module")
def catalogue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from catalog.ops.demo import add_demo_catalogue

    path = tmp_path_factory.mktemp("hostile") / "films.db"
    cat = open_catalogue(path)
    add_demo_catalogue(cat)
    cat.close()
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_json_import_is_one_line_and_changes_nothing(catalogue_file: Path, tmp_path: Path,
                                                                name: str) -> None:
    content, expected = HOSTILE[name]
    source = tmp_path / "hostile.json"
    source.write_bytes(content.encode("utf-8", "surrogateescape"))
    before = catalogue_file.read_bytes()
    cat = open_catalogue(catalogue_file)
    try:
        with pytest.raises(CatalogueError) as caught:
            import_catalogue(cat, source)
        assert cat.films.count() == 2
    finally:
        cat.close()
    message = str(caught.value)
    assert expected in message, message
    assert message.startswith(str(source)) and "\n" not in message and len(message) < 400
    assert catalogue_file.read_bytes() == before
    assert not catalogue_file.with_suffix(".backups").exists()  # refused before the backup, too
