"""A big catalogue's searches read their ids in two halves on two connections: the halves must
add up to exactly what one read gives, for every kind of query, and never hide a write the
searching connection has not committed yet."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from catalog import open_catalogue
from catalog.store import film_list

TITLES = ["The Night Garden", "Night Moves", "A Long Night", "Love at Night", "Lovers", "Last Night",
          "Nightcrawler", "Morning", "Love Actually", "The Lover", "City of God", "City Lights"]
QUERIES = ["night", "nig", "l", "love -night", '"the night"', "city of", "director:nightingale", "stone",
           "year:2005..2008", "watched:no", "has:synopsis", "-night", "rating:>=7 love", "cast:lou"]


@pytest.fixture
def cat(tmp_path: Path):
    catalogue = open_catalogue(tmp_path / "films.db")
    for n, title in enumerate(TITLES):
        film = catalogue.films.create({"title": title, "year": 2000 + n, "rating": n % 10,
                                       "watched": n % 3 == 0,
                                       "synopsis": "A story of love and night." if n % 2 else None}).id
        catalogue.records.add_credit(film, "Nina Nightingale" if n % 3 == 0 else "Sam Stone", "director")
        if n % 4 == 0:
            catalogue.records.add_credit(film, "Lou Love", "actor")
    yield catalogue
    catalogue.close()


def _reads(cat, monkeypatch, split: bool) -> dict[str, tuple[list[int], list[int] | None, int]]:
    monkeypatch.setattr(cat.store.reader, "split_min", 1 if split else 10**12)
    found = {}
    for query in QUERIES:
        matches, in_title, count = cat.store.search.match_set(query)
        found[query] = (matches.tolist(), None if in_title is None else sorted(in_title.tolist()), count)
    return found


def test_split_reads_find_exactly_what_one_read_finds(cat, monkeypatch) -> None:
    halves = []
    real = cat.store.reader.halves

    def counting(*args):
        result = real(*args)
        halves.append(result is not None)
        return result

    monkeypatch.setattr(cat.store.reader, "halves", counting)
    whole = _reads(cat, monkeypatch, split=False)
    assert halves and not any(halves)
    halves.clear()
    split = _reads(cat, monkeypatch, split=True)
    assert halves and all(halves)
    assert split == whole
    assert whole["night"][0] and whole["city of"][0] and whole["-night"][0]  # (the queries do find films)


def test_a_big_catalogue_lists_a_search_the_same_split_or_not(cat, monkeypatch) -> None:
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 1)  # the big catalogue's match-set path
    monkeypatch.setattr(cat.store.reader, "split_min", 10**12)
    expected = {q: cat.films.ids(q, "title") for q in QUERIES}
    monkeypatch.setattr(cat.store.reader, "split_min", 1)
    assert {q: cat.films.ids(q, "title") for q in QUERIES} == expected


def test_inside_a_write_the_search_sees_the_uncommitted_film(cat, monkeypatch) -> None:
    monkeypatch.setattr(cat.store.reader, "split_min", 1)
    with cat.store.transaction():
        new = cat.films.create({"title": "Zebra Night"}).id
        assert new in cat.store.search.match_set("night")[0].tolist()
    assert new in cat.store.search.match_set("night")[0].tolist()


def test_a_read_only_catalogue_splits_its_reads_too(tmp_path, cat, monkeypatch) -> None:
    path = cat.store.path
    expected = cat.store.search.match_set("night")[0].tolist()
    cat.close()
    assert _split_night_then_close(open_catalogue(path, read_only=True), monkeypatch) == expected


def _split_night_then_close(catalogue, monkeypatch) -> list[int]:
    """The films matching 'night', read in two halves; the catalogue closed after."""
    try:
        monkeypatch.setattr(catalogue.store.reader, "split_min", 1)
        return catalogue.store.search.match_set("night")[0].tolist()
    finally:
        catalogue.close()


def test_closing_the_catalogue_stops_the_second_reader(cat, monkeypatch) -> None:
    monkeypatch.setattr(cat.store.reader, "split_min", 1)
    cat.store.search.match_set("night")
    assert any(t.name.startswith("marquee-split-read") for t in threading.enumerate())
    cat.close()
    assert not any(t.name.startswith("marquee-split-read") for t in threading.enumerate())
    cat.close()  # twice is harmless


def test_a_catalogue_with_an_odd_name_splits_its_reads(tmp_path, monkeypatch) -> None:
    odd = tmp_path / "Films #1? 100% ünïcode & more.db"
    cat = open_catalogue(odd)
    ids = [cat.films.create({"title": f"Night {n}"}).id for n in range(5)]
    assert _split_night_then_close(cat, monkeypatch) == ids


def test_after_a_restore_the_second_reader_reads_the_restored_catalogue(cat, monkeypatch) -> None:
    monkeypatch.setattr(cat.store.reader, "split_min", 1)
    before = cat.store.search.match_set("night")[0].tolist()
    backup = cat.backups.create("manual")
    added = [cat.films.create({"title": f"Night Train {n}"}).id for n in range(4)]
    assert cat.store.search.match_set("night")[0].tolist() == sorted(before + added)  # (read in two halves)
    cat.backups.restore(backup)
    assert cat.store.search.match_set("night")[0].tolist() == before
    again = cat.films.create({"title": "Night Bus"}).id
    assert cat.store.search.match_set("night")[0].tolist() == sorted([*before, again])


def test_the_list_order_read_ahead_is_the_one_read_at_once_and_a_write_across_it_is_not_lost(cat) -> None:
    """`films.read_ahead()` (the window, as it starts) reads the title order on a thread of its
    own; the first list waits for it. A film added while it reads is in the list all the same."""
    fresh = cat.films.ids()
    cat.store.film_list.forget()
    cat.films.read_ahead()
    assert cat.films.ids() == fresh
    cat.store.film_list.forget()
    reading, go_on = threading.Event(), threading.Event()
    read_order = cat.store.film_list._read_order

    def held(sort: str):
        order = read_order(sort)  # read before the film comes, handed back after
        reading.set()
        go_on.wait(10)
        return order

    cat.store.film_list._read_order = held
    cat.films.read_ahead()
    assert reading.wait(10)
    cat.store.film_list._read_order = read_order
    added = cat.films.create({"title": "Aardvark Nights"}).id  # while the order is being read
    go_on.set()
    ids = cat.films.ids()
    assert ids[0] == added and sorted(ids) == sorted([*fresh, added])


def test_the_order_of_another_sort_is_read_ahead_and_an_unknown_key_is_ignored(cat, monkeypatch) -> None:
    """The window's first list is in the last session's sort: `read_ahead("year")` reads that
    order on its thread, so the list asks SQLite for nothing more."""
    by_year = cat.films.ids("", "year")
    cat.store.film_list.forget()
    read: list[tuple[str, str]] = []
    read_order = cat.store.film_list._read_order

    def counted(sort: str):
        read.append((sort, threading.current_thread().name))
        return read_order(sort)

    monkeypatch.setattr(cat.store.film_list, "_read_order", counted)
    cat.films.read_ahead("no such column")  # (a settings file from elsewhere): nothing read
    cat.films.read_ahead("year")
    assert cat.films.ids("", "year") == by_year
    assert read == [("year", "marquee-read-ahead")]
