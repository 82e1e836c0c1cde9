"""A big catalogue's search reads a word's prefix longer than the prefix index as an OR of the
index's words it begins (Fts5Index._spelled): it must list exactly what the prefix lists, in every
order, with exclusions, fields, case and accents, and follow every write."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import open_catalogue
from catalog.store import film_list
from catalog.store import search_index as search

TITLES = ["Love", "Lovers in Paris", "The Lovely Bones", "LOVESICK", "Lovelace", "Glove Story", "Loving",
          "Night of Love", "Midnight Lovers", "Amour", "Beloved", "Lové à Paris", "Nightlove", "Love 2049"]
QUERIES = ["love", "Love", "LOVE", "lovel", "lovely", "love -night", "night -love", "-lovers love", "love night",
           "title:love", "-title:love love", "director:love", "director:lovej", "cast:lovec", "love paris",
           "love year:2003..2010", "lovecraft", "lovez", "glove", "nigh", "night", "2049", "love2"]
ORDERS = [(None, False), (None, True), ("title", False), ("year", True), ("directors", False)]


@pytest.fixture
def cat(tmp_path: Path):
    catalogue = open_catalogue(tmp_path / "films.db")
    for n, title in enumerate(TITLES):
        film = catalogue.films.create({"title": title, "year": 2000 + n,
                                       "synopsis": ("A lovestruck tale of the night." if n % 3 == 0 else
                                                    "Lovers meet at midnight." if n % 3 == 1 else None)}).id
        catalogue.records.add_credit(film, "Lou Lovejoy" if n % 2 else "Nina Night", "director")
        if n % 4 == 0:
            catalogue.records.add_credit(film, "Howard Lovecraft", "actor")
    yield catalogue
    catalogue.close()


def _listed(cat, monkeypatch) -> dict[tuple, list[int]]:
    return {(query, sort, descending): cat.films.ids(query, sort, descending)
            for query in QUERIES for sort, descending in ORDERS}


@pytest.mark.parametrize("split", [False, True])
def test_the_words_list_what_the_prefix_lists(cat, monkeypatch, split) -> None:
    expected = _listed(cat, monkeypatch)  # a small catalogue: FTS5's own prefix in one SQL statement
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)  # as a big catalogue searches: the words spelled out
    monkeypatch.setattr(cat.store.reader, "split_min", 1 if split else 10**12)
    assert _listed(cat, monkeypatch) == expected
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # relevance of a big match set: titles first, then by title
    titled = cat.films.ids("love")
    assert sorted(titled) == sorted(expected[("love", None, False)])


def test_a_prefix_finds_every_word_it_begins_and_no_other(cat, monkeypatch) -> None:
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)
    titles = [row.title for row in cat.films.listing("title:love", "title")]
    assert titles == ["Love", "Love 2049", "Lové à Paris", "Lovelace", "The Lovely Bones", "Lovers in Paris",
                      "LOVESICK", "Midnight Lovers", "Night of Love"]
    assert [row.title for row in cat.films.listing("title:lovel -title:bones", "title")] == ["Lovelace"]
    assert len(cat.films.ids("love")) == len(TITLES)  # every synopsis holds lovestruck or lovers, or the actor
    assert cat.films.ids("lovez") == [] and sorted(cat.films.ids("lovecraft")) == sorted(cat.films.ids("cast:howard"))


def test_the_words_are_the_index_s_own(cat) -> None:
    assert cat.store.search._words("love") == ["love", "lovecraft", "lovejoy", "lovelace", "lovely", "lovers",
                                               "lovesick", "lovestruck"]
    assert cat.store.search._words("lovez") == []
    assert cat.store.search._words("love", "film_title_fts") == ["love", "lovelace", "lovely", "lovers", "lovesick"]


def test_more_words_than_an_or_pays_for_fall_back_to_the_prefix(cat, monkeypatch) -> None:
    expected = _listed(cat, monkeypatch)
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)
    monkeypatch.setattr(search, "MAX_WORDS", 2)
    assert cat.store.search._words("love") is None
    assert _listed(cat, monkeypatch) == expected


def test_the_words_follow_writes(cat, monkeypatch) -> None:
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)
    before = cat.films.ids("love", "title")
    new = cat.films.create({"title": "Aaa Lovebirds"}).id
    assert cat.films.ids("love", "title") == [new, *before]
    assert cat.films.ids("lovebird") == [new]
    with cat.store.transaction():  # the searching connection sees its own uncommitted words
        cat.films.update(new, {"title": "Aaa Lovelorn"})
        assert cat.films.ids("lovelo") == [new] and cat.films.ids("lovebird") == []
        assert cat.films.ids("love", "title") == [new, *before]  # (lovelorn: a word only its title has)
    cat.films.delete([new])
    assert cat.films.ids("lovelo") == [] and cat.films.ids("love", "title") == before


def test_a_read_only_catalogue_spells_out_words_too(cat, monkeypatch) -> None:
    path = cat.store.path
    expected = cat.films.ids("love -night", "title")
    cat.close()
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)
    again = open_catalogue(path, read_only=True)
    try:
        assert again.films.ids("love -night", "title") == expected
    finally:
        again.close()


@pytest.mark.parametrize("query", ["love", "love -night", "lovers", "night love", "love year:2003..2010"])
@pytest.mark.parametrize("descending", [False, True])
def test_relevance_of_a_big_match_set_is_titles_first_then_by_title(cat, monkeypatch, query, descending) -> None:
    monkeypatch.setattr(film_list, "SET_PATH_MIN", 0)
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # every match set counts as big: no bm25
    words = [w for w in query.split() if not w.startswith("-") and ":" not in w]
    titled = set(cat.films.ids(" ".join(f"title:{w}" for w in words)))
    by_title = cat.films.ids(query, "title")
    expected = [i for i in by_title if i in titled] + [i for i in by_title if i not in titled]
    assert titled and len(expected) > len(titled & set(expected))  # (both parts hold films)
    assert cat.films.ids(query, None, descending) == (expected[::-1] if descending else expected)
