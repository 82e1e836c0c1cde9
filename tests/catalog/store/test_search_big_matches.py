"""Big match sets are ordered from the catalogue's cached list order; they must list exactly what
the SQL path lists, in the same order, and follow every write (on an SQLite file and on a server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import open_catalogue
from catalog.store import search_index as search

BOTH_BACKENDS = True

TITLES = ["The Night Garden", "Night Moves", "A Long Night", "Love at Night", "Lovers", "Last Night",
          "Nightcrawler", "Morning", "Love Actually", "The Lover"]


@pytest.fixture
def cat(catalogue_location: Path | str):
    catalogue = open_catalogue(catalogue_location)
    for year, title in enumerate(TITLES, start=2000):
        film = catalogue.films.create({"title": title, "year": 2010 - (year % 7),
                                      "synopsis": "A story of love and night." if year % 2 else None}).id
        catalogue.records.add_credit(film, "Nina Nightingale" if year % 3 else "Lou Love", "director")
    yield catalogue
    catalogue.close()


QUERIES = ["night", "nig", "lov", "love -night", '"of love"', "l", "night love"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("sort", "descending"), [(None, False), (None, True), ("title", False),
                                                  ("year", True), ("directors", False)])
def test_big_match_path_lists_the_same_as_sql(cat, monkeypatch, query, sort, descending) -> None:
    expected = cat.films.ids(query, sort, descending)  # few matches: the SQL path
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # now every match set counts as big
    found = cat.films.ids(query, sort, descending)
    if sort is None:  # relevance ranks differently (bm25 only for small sets): same films
        assert sorted(found) == sorted(expected)
    else:
        assert found == expected


def test_relevance_puts_title_matches_first_in_the_big_path(cat, monkeypatch) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", 0)
    titles = [cat.films.listing("night")[i].title for i in range(len(cat.films.listing("night")))]
    in_title = [t for t in titles if "night" in t.lower()]
    assert titles[:len(in_title)] == in_title and len(titles) > len(in_title)


def test_cached_order_follows_writes(cat, monkeypatch) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", 0)
    before = cat.films.ids("night", "title")
    new = cat.films.create({"title": "Aardvark Night"}).id
    assert cat.films.ids("night", "title") == [new, *before]
    cat.films.update(new, {"title": "Zebra Night"})
    assert cat.films.ids("night", "title")[-1] == new
    cat.films.delete([new])
    assert cat.films.ids("night", "title") == before
    assert cat.films.ids() == cat.films.ids(sort="title")


def test_cached_orders_stay_right_through_many_edits(cat) -> None:
    """Edits that move a film drop the cached order; edits that do not keep it; either way the list
    order is what SQLite says."""
    import random

    from catalog.store.film_list import SORT_COLUMNS

    rng = random.Random(7)
    ids = cat.films.ids()
    for step in range(60):
        for sort in SORT_COLUMNS:
            for descending in (False, True):
                expected = cat.store.film_list.query_ids("", sort, descending)
                assert cat.films.ids("", sort, descending) == expected, (step, sort)
        film = rng.choice(ids)
        change = rng.choice([
            {"title": rng.choice(["Aaa", "Mmm", "Zzz", "Night", "The End"])},
            {"year": rng.choice([None, 1950, 2000, 2010, 2024])},
            {"rating": rng.choice([None, 1, 5, 5.5, 10])},
            {"runtime_min": rng.choice([None, 90, 120])},
            {"synopsis": f"changed {step}"},
        ])
        cat.films.update(film, change)


def test_an_edit_keeps_the_cached_order_and_one_that_moves_a_film_mends_it(cat, monkeypatch) -> None:
    cat.films.ids("", "title")
    film = cat.films.ids("", "title")[3]
    cached = cat.store.film_list._orders["title"]
    cat.films.update(film, {"synopsis": "A new synopsis."})
    assert cat.store.film_list._orders["title"] is cached  # nothing moved: the same order
    reads = []
    monkeypatch.setattr(cat.store.film_list, "_read_order", lambda sort: reads.append(sort))
    cat.films.update(film, {"title": "Zzzz"})
    assert "title" in cat.store.film_list._orders  # mended, not read again
    assert cat.films.ids("", "title")[-1] == film and not reads
    monkeypatch.undo()
    assert cat.films.ids("", "title") == cat.store.film_list.query_ids("", "title", False)


FILTER_QUERIES = ["night", "l", "love -night", '"of love"', "director:nina", "-director:lou", "year:2005..2009",
                  "year:>2006 night", "-year:2008", "has:synopsis", "-has:synopsis love", "has:credit", "title:night",
                  "night -has:synopsis", "watched:no", "rating:>=5", "director:lou lov"]


@pytest.mark.parametrize("query", FILTER_QUERIES)
@pytest.mark.parametrize(("sort", "descending"), [(None, False), (None, True), ("title", False), ("year", True),
                                                  ("runtime", False)])
def test_the_big_catalogue_path_lists_the_same_as_sql(cat, monkeypatch, query, sort, descending) -> None:
    from catalog.store import film_list

    expected = cat.films.ids(query, sort, descending)  # a small catalogue: one SQL statement
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)  # now as a big catalogue searches
    assert cat.films.ids(query, sort, descending) == expected
