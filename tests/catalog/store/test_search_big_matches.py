"""Big match sets are ordered from the catalogue's cached list order; they must list exactly what
the SQL path lists, in the same order, and follow every write."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import open_catalogue
from catalog.store import search_index as search

TITLES = ["The Night Garden", "Night Moves", "A Long Night", "Love at Night", "Lovers", "Last Night",
          "Nightcrawler", "Morning", "Love Actually", "The Lover"]


@pytest.fixture
def cat(tmp_path: Path):
    catalogue = open_catalogue(tmp_path / "films.db")
    for year, title in enumerate(TITLES, start=2000):
        film = catalogue.create_film({"title": title, "year": 2010 - (year % 7),
                                      "synopsis": "A story of love and night." if year % 2 else None})
        catalogue.add_credit(film, "Nina Nightingale" if year % 3 else "Lou Love", "director")
    yield catalogue
    catalogue.close()


QUERIES = ["night", "nig", "lov", "love -night", '"of love"', "l", "night love"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("sort", "descending"), [(None, False), (None, True), ("title", False),
                                                  ("year", True), ("directors", False)])
def test_big_match_path_lists_the_same_as_sql(cat, monkeypatch, query, sort, descending) -> None:
    expected = cat.film_ids(query, sort, descending)  # few matches: the SQL path
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # now every match set counts as big
    found = cat.film_ids(query, sort, descending)
    if sort is None:  # relevance ranks differently (bm25 only for small sets): same films
        assert sorted(found) == sorted(expected)
    else:
        assert found == expected


def test_relevance_puts_title_matches_first_in_the_big_path(cat, monkeypatch) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", 0)
    titles = [cat.list_films("night")[i].title for i in range(len(cat.list_films("night")))]
    in_title = [t for t in titles if "night" in t.lower()]
    assert titles[:len(in_title)] == in_title and len(titles) > len(in_title)


def test_cached_order_follows_writes(cat, monkeypatch) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", 0)
    before = cat.film_ids("night", "title")
    new = cat.create_film({"title": "Aardvark Night"})
    assert cat.film_ids("night", "title") == [new, *before]
    cat.update_film(new, {"title": "Zebra Night"})
    assert cat.film_ids("night", "title")[-1] == new
    cat.delete_films([new])
    assert cat.film_ids("night", "title") == before
    assert cat.film_ids() == cat.film_ids(sort="title")


def test_cached_orders_stay_right_through_many_edits(cat) -> None:
    """Edits that move a film drop the cached order; edits that do not keep it; either way the list
    order is what SQLite says."""
    import random

    from catalog.ops.catalogue import SORT_COLUMNS

    rng = random.Random(7)
    ids = cat.film_ids()
    for step in range(60):
        for sort in SORT_COLUMNS:
            for descending in (False, True):
                assert cat.film_ids("", sort, descending) == cat._query_ids("", sort, descending), (step, sort)
        film = rng.choice(ids)
        change = rng.choice([
            {"title": rng.choice(["Aaa", "Mmm", "Zzz", "Night", "The End"])},
            {"year": rng.choice([None, 1950, 2000, 2010, 2024])},
            {"rating": rng.choice([None, 1, 5, 5.5, 10])},
            {"runtime_min": rng.choice([None, 90, 120])},
            {"synopsis": f"changed {step}"},
        ])
        cat.update_film(film, change)


def test_an_edit_that_does_not_move_a_film_keeps_the_cached_order(cat) -> None:
    cat.film_ids("", "title")
    film = cat.film_ids("", "title")[3]
    cat.update_film(film, {"synopsis": "A new synopsis."})
    assert ("title", False) in cat._orders
    cat.update_film(film, {"title": "Zzzz"})
    assert ("title", False) not in cat._orders
    assert cat.film_ids("", "title")[-1] == film
