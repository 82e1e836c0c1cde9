"""Opening files: new, old, newer, broken; migrations are all-or-nothing with a backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from catalog import CatalogueFileError, MigrationError, NewerVersionError, open_catalogue
from catalog.store import connection as database
from catalog.store import migrations


def versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [v for (v,) in db.execute("SELECT version FROM schema_migration ORDER BY version")]


def make_v1_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue as the first release wrote it, with one film."""
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patch.setattr(database, "LATEST", 1)
        open_catalogue(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO film (title, sort_key, title_key, year, created_at, updated_at) "
                   "VALUES ('Old Film', 'old film', 'old film', 1950, '2020-01-01', '2020-01-01')")


def test_new_catalogue_is_at_the_latest_version(tmp_path: Path) -> None:
    open_catalogue(tmp_path / "new.db").close()
    assert versions(tmp_path / "new.db") == [n for n, m in migrations.MIGRATIONS if database.for_files(m)]
    assert not (tmp_path / "new.backups").exists()  # nothing to back up in a new file


def test_old_file_is_upgraded_after_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    make_v1_file(path, monkeypatch)
    extra = SimpleNamespace(NAME="add a table", SQL="CREATE TABLE extra (id INTEGER PRIMARY KEY)")
    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, (99, extra)])
    monkeypatch.setattr(database, "LATEST", 99)
    cat = open_catalogue(path)
    assert [r.title for r in cat.films.listing()] == ["Old Film"]
    cat.close()
    assert versions(path)[-1] == 99
    [backup] = (tmp_path / "old.backups").glob("old-*-before-upgrade-v1.db")
    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT title FROM film").fetchall() == [("Old Film",)]


def test_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    open_catalogue(path).close()
    before = versions(path)
    broken = SimpleNamespace(NAME="broken", SQL="CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table")
    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, (99, broken)])
    monkeypatch.setattr(database, "LATEST", 99)
    with pytest.raises(MigrationError, match="unchanged"):
        open_catalogue(path)
    assert versions(path) == before
    with sqlite3.connect(path) as db:
        assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall()


def test_file_from_a_newer_marquee_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_catalogue(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_migration VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(NewerVersionError, match="newer Marquee"):
        open_catalogue(path)


@pytest.mark.parametrize("content", [b"hello, I am a text file\n", b"\x00" * 200])
def test_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(CatalogueFileError, match="not a Marquee catalogue"):
        open_catalogue(path)
    assert path.read_bytes() == content


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileError, match="does not exist"):
        open_catalogue(tmp_path / "nope" / "films.db")


def test_version_3_sorts_titles_with_the_one_article_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-2 catalogue kept "Los olvidados" under L; after the upgrade it shelves under O, and a
    film added afterwards sorts the same way."""
    path = tmp_path / "v2.db"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", migrations.MIGRATIONS[:2])
        patch.setattr(database, "LATEST", 2)
        open_catalogue(path).close()
    with sqlite3.connect(path) as db:
        old_keys = (("Los olvidados", "los olvidados"), ("Nosferatu", "nosferatu"), ("Metropolis", "metropolis"))
        for title, key in old_keys:
            db.execute("INSERT INTO film (title, sort_key, title_key, created_at, updated_at) "
                       "VALUES (?, ?, ?, '2020-01-01', '2020-01-01')", (title, key, key))
    cat = open_catalogue(path)
    try:
        assert [r.title for r in cat.films.listing(sort="title")] == ["Metropolis", "Nosferatu", "Los olvidados"]
        cat.films.create({"title": "Las Hurdes"})
        assert cat.films.listing(sort="title")[0].title == "Las Hurdes"
    finally:
        cat.close()


def test_a_migration_for_a_server_only_leaves_a_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "films.db"
    open_catalogue(path).close()
    server_only = [n for n, m in migrations.MIGRATIONS if not database.for_files(m)]
    assert 12 in server_only and not set(server_only) & set(versions(path))
    assert versions(path)[-1] == database.file_latest()
    open_catalogue(path, read_only=True).close()  # nothing to upgrade: a read-only open is no refusal
    open_catalogue(path).close()
    assert not (tmp_path / "films.backups").exists()  # nor a backup before an upgrade


def test_version_11_indexes_films_by_title_and_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue the previous release wrote (version 10) gets the index an import asks for each
    of its films by; its films, and finding them again, are as they were."""
    from catalog.ops.transfer import import_films

    path = tmp_path / "v10.db"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 10])
        patch.setattr(database, "LATEST", 10)
        old = open_catalogue(path)
        for year in (1948, 1996):
            old.films.create({"title": "Hamlet", "year": year})
        old.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'film_title_key'").fetchone()
    cat = open_catalogue(path)
    try:
        assert versions(path)[-1] == database.file_latest()
        assert [(r.title, r.year) for r in cat.films.listing(sort="year")] == [("Hamlet", 1948), ("Hamlet", 1996)]
        again = import_films(cat, [{"title": "hamlet", "year": 1996}, {"title": "Hamlet", "year": 2000}])
        assert (again.films, again.skipped) == (1, 1)
    finally:
        cat.close()
    with sqlite3.connect(path) as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'film'")}
        plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT id FROM film WHERE title_key = 'x' "
                                                  "AND year IS 1"))
    assert "film_title_year" in names and "film_title_key" not in names and "film_title_year" in plan
    assert list((tmp_path / "v10.backups").glob("v10-*-before-upgrade-v10.db"))


def test_version_13_finds_a_copys_pictures_by_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue of version 11 gets the index of the pictures that show a copy: removing a film
    (and so its copies) clears their pictures' copy through it, not by reading every picture."""
    path = tmp_path / "v11.db"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 11])
        patch.setattr(database, "LATEST", 11)
        old = open_catalogue(path)
        film = old.films.create({"title": "Metropolis", "year": 1927}).id
        kept = old.films.create({"title": "Nosferatu", "year": 1922}).id
        old.close()
    with sqlite3.connect(path) as db:
        copy = db.execute("INSERT INTO film_copy (film_id, position, medium) VALUES (?, 0, 'Blu-ray')",
                          (film,)).lastrowid
        db.execute("INSERT INTO image (sha256, original_name, film_id, kind, copy_id, missing, added_at) "
                   "VALUES (?, 'disc.jpg', ?, 'still', ?, 1, '2026-01-01')", ("a" * 64, kept, copy))
    cat = open_catalogue(path)
    try:
        assert versions(path)[-1] == 13
        cat.films.delete([film])
        assert rows_of(path, "SELECT film_id, copy_id FROM image") == [(kept, None)]
    finally:
        cat.close()
    plan = " ".join(r[3] for r in rows_of(path, "EXPLAIN QUERY PLAN UPDATE image SET copy_id = NULL WHERE copy_id = 1"))
    assert "image_copy" in plan, plan
    assert list((tmp_path / "v11.backups").glob("v11-*-before-upgrade-v11.db"))


def rows_of(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()
