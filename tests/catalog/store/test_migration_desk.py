"""Migration 7 (the desk: diary, loans, wishlist, browsing) upgrades a catalogue made by the
previous release (schema 6, `tests/fixtures/catalogue-v6.db`, made by main's code with
`tests/fixtures/make_v6.py`) with nothing lost: every row of every table it had is still there
with the same values, films marked watched are watched through one undated viewing each, and the
upgraded catalogue lends, searches and exports."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from catalog import open_catalogue
from catalog.store.connection import file_latest

FIXTURE = Path(__file__).parents[2] / "fixtures" / "catalogue-v6.db"


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (not the search index's shadow tables), sorted."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'film_fts%' AND name NOT LIKE 'film_title_fts%' AND name NOT LIKE "
                                           "'sqlite_%'")]
        out = {}
        for name in names:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            out[name] = sorted((tuple(zip(columns, row, strict=True)) for row in rows), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[Path, dict[str, list[tuple]]]:
    path = tmp_path / "films.db"
    shutil.copyfile(FIXTURE, path)
    before = _tables(path)
    return path, before


def test_the_fixture_is_the_previous_schema() -> None:
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT max(version) FROM schema_migration").fetchone() == (6,)
        assert con.execute("SELECT count(*) FROM film").fetchone()[0] == 6
    finally:
        con.close()


def test_upgrade_keeps_every_row_and_value(upgraded: tuple[Path, dict[str, list[tuple]]]) -> None:
    path, before = upgraded
    cat = open_catalogue(path)
    cat.close()
    after = _tables(path)
    for table, rows in before.items():
        if table == "schema_migration":
            assert set(rows) <= set(after[table])
            continue
        # The new columns (film.loaned_to, loan_due) are added; every old column keeps its value.
        kept = [tuple(pair for pair in row if pair[0] in dict(before[table][0]))
                for row in after[table]] if rows else after[table]
        assert sorted(kept, key=repr) == rows, table
    assert max(v for (_, v), *_ in after["schema_migration"]) == file_latest() >= 7
    assert {"viewing", "borrower", "loan", "wish"} <= set(after)
    assert list(path.parent.glob("films.backups/*before-upgrade-v6*.db"))  # backed up first


def test_watched_films_stay_watched_through_the_diary(upgraded: tuple[Path, dict[str, list[tuple]]]) -> None:
    path, before = upgraded
    watched = {dict(r)["title"] for r in before["film"] if dict(r)["watched"]}
    assert watched == {"Alien", "Heat"}
    cat = open_catalogue(path)
    try:
        assert {cat.films.document(i)["title"] for i in cat.films.ids("watched:yes")} == watched
        alien = cat.films.document(cat.films.find("Alien"))
        assert alien["viewings"] == [{"id": alien["viewings"][0]["id"], "date": None, "rating": None, "note": None}]
        assert alien["loans"] == [] and alien["wish"] is None
        assert [c["medium"] for c in alien["copies"]] == ["Blu-ray", "DVD"]
        assert alien["custom"] == {"Format": "Steelbook"} and alien["genres"] == ["Science Fiction", "Horror"]
        assert cat.films.ids("watched:no") and not set(cat.films.ids("watched:no")) & set(cat.films.ids("watched:yes"))
    finally:
        cat.close()


def test_the_upgraded_catalogue_lends_and_searches(upgraded: tuple[Path, dict[str, list[tuple]]]) -> None:
    path, _ = upgraded
    cat = open_catalogue(path)
    try:
        heat = cat.films.find("Heat")
        cat.loans.lend(heat, "Anna", lent_on="2025-01-02", due_on="2025-01-16")
        assert cat.films.ids("on-loan:yes") == [heat] == cat.films.ids("overdue:yes") == cat.films.ids("borrower:ann")
        assert cat.films.rows([heat])[heat].loaned_to == "Anna"
        assert cat.films.ids('genre:"science fiction"') == sorted(cat.films.ids('genre:"science fiction"'))
        assert len(cat.films.ids('genre:"science fiction"')) == 2
    finally:
        cat.close()
