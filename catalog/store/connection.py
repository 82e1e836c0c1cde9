"""Opening a catalogue file: SQLite pragmas, the schema version, migrations with a backup first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from catalog.errors import CatalogueFileError, MigrationError, NewerVersionError
from catalog.store.migrations import LATEST, MIGRATIONS

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32000,
}
SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: Path) -> SqliteDatabase:
    """Open (or create) the SQLite file at `path` and bring its schema up to date."""
    path = Path(path)
    if not path.parent.is_dir():
        raise CatalogueFileError(f"{path}: the folder {path.parent} does not exist")
    if path.exists():
        _check_sqlite_file(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=True)
    try:
        db.connect(reuse_if_open=True)
        migrate(db, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise CatalogueFileError(f"{path}: not a Marquee catalogue ({exc})") from exc
    except Exception:
        db.close()
        raise
    return db


def _check_sqlite_file(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise CatalogueFileError(f"{path}: cannot read the file ({exc.strerror})") from exc
    if head and head != SQLITE_MAGIC:
        raise CatalogueFileError(f"{path}: not a Marquee catalogue (not an SQLite database)")


def schema_version(db: SqliteDatabase) -> int:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = db.execute_sql("SELECT max(version) FROM schema_migration").fetchone()
    return row[0] or 0


def migrate(db: SqliteDatabase, path: Path) -> list[int]:
    """Run pending migrations, each in one transaction; back the file up first unless it is new."""
    current = schema_version(db)
    if current > LATEST:
        raise NewerVersionError(
            f"{path}: made by a newer Marquee (schema {current}; this version knows up to {LATEST})"
        )
    pending = [(number, module) for number, module in MIGRATIONS if number > current]
    if not pending:
        return []
    if current > 0:
        backup(db, backup_path(path, current))
    applied = []
    for number, module in pending:
        try:
            with db.atomic():
                if hasattr(module, "up"):
                    module.up(db)
                else:
                    for statement in module.SQL.split(";"):
                        if statement.strip():
                            db.execute_sql(statement)
                db.execute_sql(
                    "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, module.NAME, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                )
        except Exception as exc:
            raise MigrationError(
                f"{path}: upgrading to schema {number} ({module.NAME}) failed: {exc}; the file is unchanged"
            ) from exc
        applied.append(number)
    return applied


def backup_path(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.v{version}-{stamp}.backup{path.suffix}")


def backup(db: SqliteDatabase, target: Path) -> None:
    """Copy the live database with SQLite's backup API (never a file copy: WAL pages would be lost)."""
    dest = sqlite3.connect(str(target))
    try:
        db.connection().backup(dest)
    finally:
        dest.close()
