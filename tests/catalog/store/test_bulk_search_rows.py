"""A bulk load writes its films' search index rows from the prepared documents
(catalog.store.prepared) instead of running the index's fill query over the tables: the index must
hold the same words, column for column, as the fill query would put there, for real catalogues
of other programs, for Marquee's own export on the checking child's path, and for a person the
catalogue spells otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog import Catalogue, open_catalogue
from catalog.formats import json_checker, read_file
from catalog.formats.json_catalogue import export_catalogue, export_document
from catalog.store.search_index import Fts5Index
from tests.catalog.formats.importing import real


def index_words(cat: Catalogue) -> dict[tuple[str, int], list[list[str]]]:
    """Each film's index rows, every column as its sorted words (the order of names aside)."""
    words: dict[tuple[str, int], list[list[str]]] = {}
    for table in ("film_fts", "film_title_fts"):
        for rowid, *columns in cat.store.rows(f"SELECT rowid, * FROM {table}"):
            words[(table, rowid)] = [sorted(re.findall(r"\w+", (text or "").casefold())) for text in columns]
    return words


@pytest.fixture
def added_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The films whose rows the bulk load wrote itself."""
    films: list[int] = []
    real_add = Fts5Index.add

    def spy(self: Fts5Index, rows) -> bool:
        films.extend(row[0] for row in rows)
        return real_add(self, rows)

    monkeypatch.setattr(Fts5Index, "add", spy)
    return films


def assert_indexed_as_the_fill_query_would(cat: Catalogue) -> None:
    loaded = index_words(cat)
    with cat.store.transaction():
        cat.store.search.rebuild()
    assert index_words(cat) == loaded


@pytest.mark.parametrize("name", ["tellico__movies-many.tc", "tellico__test.amc", "tellico__griffith.xml",
                                  "tellico__test-video.gcs", "tellico__datacrow_movies.xml",
                                  "tellico__collectorz_movies.xml", "tellico__onmyshelf-movies.json"])
def test_a_real_catalogue_is_indexed_word_for_word_as_the_fill_query_indexes_it(cat: Catalogue, added_rows,
                                                                                name: str) -> None:
    read_file(cat, real(name))
    films = cat.store.scalar("SELECT count(*) FROM film")
    assert films > 0 and sorted(added_rows) == [r[0] for r in cat.store.rows("SELECT id FROM film ORDER BY id")]
    assert_indexed_as_the_fill_query_would(cat)


def test_a_big_export_checked_by_the_child_is_indexed_as_the_fill_query_indexes_it(
        demo_catalogue: Catalogue, added_rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_checker, "PIPELINE_MIN_BYTES", 0)  # (the demo's two films take the child's path)
    demo_catalogue.fields.define("Shelf", "number")
    demo_catalogue.films.set_custom(demo_catalogue.films.find("Whiplash"), "Shelf", 3.5)
    export_catalogue(demo_catalogue, tmp_path / "demo.json")
    other = open_catalogue(tmp_path / "other.db")
    try:
        read_file(other, tmp_path / "demo.json")
        assert export_document(other) == export_document(demo_catalogue) and len(added_rows) == 2
        assert other.films.ids("shelf") == [] and other.films.ids("3.5") == [other.films.find("Whiplash")]
        assert_indexed_as_the_fill_query_would(other)
    finally:
        other.close()


def test_a_person_the_catalogue_spells_otherwise_is_found_as_the_catalogue_spells_them(cat: Catalogue, added_rows,
                                                                                       tmp_path: Path) -> None:
    # "Strasse" and "Straße" are one person to Marquee (the same name key); the index holds the
    # name as the catalogue has it, which the document the import read does not.
    (tmp_path / "first.csv").write_text("Title,Year,Actors\nBerlin Calling,2008,Jürgen Straße\n", encoding="utf-8")
    (tmp_path / "second.csv").write_text("Title,Year,Actors\nOst,2011,JÜRGEN STRASSE\n"
                                         "West,2012,Anna Berg\n", encoding="utf-8")
    read_file(cat, tmp_path / "first.csv")
    read_file(cat, tmp_path / "second.csv")
    ost, west = cat.films.find("Ost"), cat.films.find("West")
    assert sorted(cat.films.ids("straße")) == sorted([cat.films.find("Berlin Calling"), ost])
    assert ost not in added_rows and west in added_rows  # (the fill query wrote Ost's)
    assert_indexed_as_the_fill_query_would(cat)
