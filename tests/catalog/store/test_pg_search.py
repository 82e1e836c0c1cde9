"""A shared catalogue's search (catalog.store.pg_search): migration 12 (the index's rows written
again in its new layout, and `marquee_search`), and every text condition read through the index
checked against the plain condition over film_search it stands for."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from catalog import Catalogue, open_catalogue
from catalog.model.search_query import TEXT_FIELDS, parse
from catalog.ops.demo import add_demo_catalogue
from catalog.store import server
from catalog.store.pg_search import tsquery_text
from tests.pg_server import PgServer

WORDS = ["the", "last", "night", "of", "love", "city", "war", "dark", "a", "man", "story", "blue", "stone", "jazz"]


def _empty_database(pg_server: PgServer, name: str) -> str:
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return pg_server.url(name)


def _index_rows(cat: Catalogue) -> list[tuple]:
    return cat.store.rows("SELECT film_id, title::text, directors::text, actors::text, body::text, extras::text, "
                          "doc::text FROM film_search ORDER BY film_id")


def test_migration_12_writes_the_index_again_and_searches_through_it(pg_server: PgServer, monkeypatch) -> None:
    url = _empty_database(pg_server, "before_twelve")
    with monkeypatch.context() as patch:
        patch.setattr(server, "MIGRATIONS", [(n, m) for n, m in server.MIGRATIONS if n <= 11])
        patch.setattr(server, "LATEST", 11)
        old = open_catalogue(url)
        add_demo_catalogue(old)
        old.films.create({"title": "The Last Night", "synopsis": "Love in the city at night."})
        before = _index_rows(old)
        old.close()
    cat = open_catalogue(url)  # migration 12 (and those after it)
    try:
        assert cat.store.scalar("SELECT max(version) FROM schema_migration") == server.LATEST
        assert cat.store.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'image_copy'").endswith(
            "(copy_id) WHERE (copy_id IS NOT NULL)")  # version 13's
        assert _index_rows(cat) == before
        assert "toast_tuple_target=128" in cat.store.scalar(
            "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'film_search'")
        storage = dict(cat.store.rows("SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
                                      "'film_search'::regclass AND attnum > 0 AND NOT attisdropped"))
        assert {storage[c] for c in ("title", "directors", "writers", "actors", "crew", "characters")} == {"m"}
        assert {storage[c] for c in ("body", "extras", "doc")} == {"x"}
        indexes = {r[0] for r in cat.store.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'film_search'")}
        assert {f"film_search_{c}" for c in ("doc", "title", "directors", "writers", "actors", "crew",
                                             "characters")} <= indexes
        assert [cat.films.rows([i])[i].title for i in cat.films.ids("chazelle")] == ["La La Land", "Whiplash"]
        assert [cat.films.rows([i])[i].title for i in cat.films.ids('"the last" -whiplash')] == ["The Last Night"]
    finally:
        cat.close()


@pytest.fixture
def words_catalogue(pg_url: str) -> Iterator[Catalogue]:
    """120 films of a few common words (titles, synopses, people), on a server."""
    rng = random.Random(12)
    cat = open_catalogue(pg_url)
    people = ["Ann Stone", "Tom City", "Lee Night", "Kim Love", "Sam Blue"]
    for n in range(120):
        film = cat.films.create({"title": " ".join(rng.choices(WORDS, k=rng.randint(1, 3))).title() + f" {n}",
                                 "synopsis": " ".join(rng.choices(WORDS, k=rng.randint(0, 25)))}).id
        cat.records.add_credit(film, rng.choice(people), "director")
        cat.records.add_credit(film, rng.choice(people), "actor")
    yield cat
    cat.close()


def _plain(cat: Catalogue, query: str) -> list[int]:
    """The films a query's text clauses match by plain conditions over film_search (what the
    server's search said before migration 12), in title order."""
    positive, negative, params, n_params = [], [], [], []
    for clause in parse(query):
        columns = TEXT_FIELDS.get(clause.kind, ("doc",))
        sql = "(" + " OR ".join(f"s.{c} @@ to_tsquery('marquee', ?)" for c in columns) + ")"
        (negative if clause.negated else positive).append(sql)
        (n_params if clause.negated else params).extend([tsquery_text(clause)] * len(columns))
    if positive:
        where = " AND ".join(positive) + (f" AND NOT ({' OR '.join(negative)})" if negative else "")
        sql = f"f.id IN (SELECT s.film_id FROM film_search s WHERE {where})"
    else:
        sql = f"f.id NOT IN (SELECT s.film_id FROM film_search s WHERE {' OR '.join(negative)})"
    return [r[0] for r in cat.store.rows(f"SELECT f.id FROM film f WHERE {sql} ORDER BY f.sort_key, f.id",
                                         [*params, *n_params])]


@pytest.mark.parametrize("query", [
    "love", "the", "night city", "-war", "-war love", "love -war -night", '"the last"', '"the last" -night',
    '-"the last" love', 'the -"the last"', '"of love" -"the last"', "director:stone", "director:stone -love",
    "cast:night love -war", "person:blue -city", "-director:stone", "title:the -love", "title:last night",
    '-director:love -"night city"', "director:city -cast:stone -war", "lo -lov", "\u00bd love", "-\u00bd love",
])
def test_each_text_condition_lists_what_the_plain_condition_does(words_catalogue: Catalogue, query: str) -> None:
    cat = words_catalogue
    expected = _plain(cat, query)
    assert cat.films.ids(query, "title") == expected
    assert sorted(cat.films.ids(query)) == sorted(expected)  # by relevance: the same films
    select, params = cat.store.search.matching_sql(query)  # the Browse pane's
    assert sorted(r[0] for r in cat.store.rows(select, params)) == sorted(expected)
