"""Fuzzing the readers of what users and files give: the search box, the JSON reader and the NFO
reader never fail with anything but their own plain errors (hypothesis, a bounded number of cases)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalogue, CatalogueError, ValidationError, open_catalogue
from catalog.formats.folder.nfo import NfoRejected, parse_nfo_bytes
from catalog.formats.json_catalogue import import_document, parse_document
from catalog.model.search_query import FIELDS, SearchSyntaxError, parse

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

# Text as people type it and as hostile input is: filters, quotes, dashes, operators, odd characters.
pieces = st.sampled_from([*(f + ":" for f in FIELDS), '"', "-", "*", "(", ")", "..", ">=", "<", "=", " ", "OR",
                          "NEAR", "AND", "NOT", "^", ":", "\x00", "\udc80", "é", "ß", "ﬁ", "'", "\\", "%", "_"])
queries = st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=12).map("".join)


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    from catalog.ops.demo import add_demo_catalogue

    cat = open_catalogue(tmp_path_factory.mktemp("fuzz") / "films.db")
    add_demo_catalogue(cat)
    yield cat
    cat.close()


@FUZZ
@given(query=queries)
def test_any_search_gives_films_or_a_hint(shelf: Catalogue, query: str) -> None:
    try:
        parse(query)
    except SearchSyntaxError as exc:
        assert str(exc) and "\n" not in str(exc)
    try:
        ids = shelf.films.ids(query)
    except ValidationError as exc:  # the hint under the search box
        assert str(exc)
    else:
        assert set(ids) <= set(shelf.films.ids())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
FILM_KEYS = ["title", "year", "genres", "credits", "companies", "videos", "reviews", "releases", "images", "poster",
             "rating", "runtime_min", "watched", "awards", "articles", "notes", "person", "role", "sha256", "kind"]
films = st.lists(st.dictionaries(st.sampled_from(FILM_KEYS), json_values, max_size=6) | json_values, max_size=3)


@FUZZ
@given(doc=st.fixed_dictionaries({"format": st.just("marquee-catalogue"), "version": st.integers(-1, 2) | json_values,
                                  "films": films},
                                 optional={"inbox": json_values, "people": json_values}))
def test_any_json_document_is_imported_or_refused_plainly(shelf: Catalogue, doc: dict) -> None:
    count = shelf.films.count()
    try:
        result = import_document(shelf, doc)
    except CatalogueError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 1000
        assert shelf.films.count() == count
    else:
        assert shelf.films.count() == count + result.films
        if result.films:
            shelf.revert(result.change)  # keep the shelf small


@FUZZ
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_a_json_document_or_one_plain_error(data: bytes) -> None:
    try:
        json.dumps(parse_document(data, "x.json"))
    except CatalogueError as exc:
        assert str(exc).startswith("x.json: ") and "\n" not in str(exc)
    except ValueError:
        pass  # a parsed NaN or Infinity re-dumped is fine; parsing it was the point


tags = st.sampled_from(["movie", "title", "originaltitle", "year", "premiered", "plot", "outline", "tagline",
                        "runtime", "genre", "studio", "director", "credits", "actor", "name", "role", "order",
                        "thumb", "uniqueid", "rating", "ratings", "value", "trailer", "set", "mpaa", "fileinfo"])


@st.composite
def xml_like(draw: st.DrawFn) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>' if draw(st.booleans()) else ""]
    stack: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 3))
        if choice == 0 or not stack:
            tag = draw(tags)
            parts.append(f"<{tag}>")
            stack.append(tag)
        elif choice == 1:
            parts.append(draw(st.text(max_size=15)).replace("<", "&lt;"))
        elif choice == 2:
            parts.append(f"</{stack.pop()}>")
        else:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&bogus;", "<![CDATA[x]]>", "<!-- c -->",
                                               "<!DOCTYPE movie>", "\x00", "\udc80", "https://imdb.com/title/tt1/"])))
    if draw(st.booleans()):
        parts += [f"</{t}>" for t in reversed(stack)]
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")


@FUZZ
@given(data=xml_like() | st.binary(max_size=200))
def test_any_nfo_is_a_movie_or_a_reason(data: bytes) -> None:
    try:
        movie = parse_nfo_bytes(data)
    except NfoRejected as exc:
        assert str(exc)
    else:
        assert movie is not None


@pytest.mark.parametrize("query", ["\x00", "title:\udc80", "a" * 3000, 'cast:"', "year:1..2..3", "-", "--x",
                                   "NEAR(a b)", "a OR", '"*"', "title:*", "^x", "x:y:z"])
def test_hostile_searches_as_plain_cases(shelf: Catalogue, query: str) -> None:
    try:
        assert isinstance(shelf.films.ids(query), list)
    except ValidationError as exc:
        assert str(exc) and "\n" not in str(exc)
