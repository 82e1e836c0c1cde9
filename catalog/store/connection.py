"""Opening a catalogue file: what it is before anything is written, read-only media, SQLite pragmas,
the schema version, and migrations (all pending ones in one transaction, with a backup first).

Nothing is written to a file until it is known to be a Marquee catalogue (or new): another
program's SQLite file is refused as it is — no WAL switch, no migration table."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import peewee
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
READ_ONLY_PRAGMAS = {k: v for k, v in PRAGMAS.items() if k not in ("journal_mode", "synchronous")}
SQLITE_MAGIC = b"SQLite format 3\x00"
FIRST_MIGRATION_NAME = "initial schema"


@dataclass(frozen=True)
class Opened:
    db: SqliteDatabase
    read_only: str | None  # why the catalogue opened read-only ("the medium is read-only"), or None


def connect(path: Path, create: bool = True, read_only: bool = False) -> Opened:
    """Open the catalogue at `path` and bring its schema up to date. A missing (or empty) file is
    made a new catalogue only when `create`; a file on a read-only medium (or `read_only`) opens
    read-only. Raises CatalogueFileError with one line naming the file and the reason."""
    path = Path(path)
    kind = inspect(path)
    if kind == "missing" and not create:
        raise CatalogueFileError(f"no catalogue at {path}")
    if kind == "missing" and not path.parent.is_dir():
        raise CatalogueFileError(f"{path}: the folder {path.parent} does not exist")
    why = read_only_reason(path) if kind != "missing" else None
    if why is None and read_only:
        why = "opened read-only"
    if kind == "missing" and why is None and not os.access(path.parent, os.W_OK):
        raise CatalogueFileError(f"{path}: cannot create a catalogue there (the folder is not writable)")
    if why is not None:
        if kind == "missing":
            raise CatalogueFileError(f"no catalogue at {path}")
        return Opened(_open_read_only(path, why), why)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=True)
    try:
        db.connect(reuse_if_open=True)
        migrate(db, path)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        db.close()
        raise _unreadable(path, exc) from None
    except BaseException:
        db.close()
        raise
    return Opened(db, None)


def inspect(path: Path) -> str:
    """'missing' (no file, or an empty one: a new catalogue may be made there) or 'marquee'; any
    other file raises CatalogueFileError. Reads only: nothing is written to the file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise CatalogueFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise CatalogueFileError(f"{path}: not a Marquee catalogue (it is a folder)")
    if not stat.S_ISREG(info.st_mode):
        raise CatalogueFileError(f"{path}: not a Marquee catalogue (not a regular file)")
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise CatalogueFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not head:
        return "missing"
    if head != SQLITE_MAGIC:
        raise CatalogueFileError(f"{path}: not a Marquee catalogue (not an SQLite database)")
    try:
        con = sqlite3.connect(_uri(path, immutable=read_only_reason(path) is not None), uri=True)
    except sqlite3.Error as exc:
        raise CatalogueFileError(f"{path}: cannot open the file ({exc})") from None
    try:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return "missing"  # a valid, empty database: nothing to lose
        if "schema_migration" not in tables or "film" not in tables:
            raise CatalogueFileError(f"{path}: not a Marquee catalogue (an SQLite database of another program; "
                                     "it was not changed)")
        rows = con.execute("SELECT version, name FROM schema_migration ORDER BY version").fetchall()
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
    finally:
        con.close()
    if not rows or rows[0] != (1, FIRST_MIGRATION_NAME):
        raise CatalogueFileError(f"{path}: not a Marquee catalogue (an SQLite database of another program; "
                                 "it was not changed)")
    if rows[-1][0] > file_latest():
        raise NewerVersionError(
            f"{path}: made by a newer Marquee (schema {rows[-1][0]}; this version knows up to {file_latest()})")
    return "marquee"


def _unreadable(path: Path, exc: Exception) -> CatalogueFileError:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return CatalogueFileError(f"{path}: not a usable Marquee catalogue (damaged: {text})")
    try:
        full = os.statvfs(path.parent).f_bavail == 0
    except OSError:
        full = False
    return CatalogueFileError(f"{path}: the catalogue cannot be opened ({text})"
                              + ("; the disk is full: make room and try again" if full else ""))


def read_only_reason(path: Path) -> str | None:
    """Why an existing catalogue cannot be written here, or None."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "the medium is read-only"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return "its folder is read-only"
    return None


def _uri(path: Path, immutable: bool) -> str:
    return f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")


def _open_read_only(path: Path, why: str) -> SqliteDatabase:
    """A connection that can only read (immutable where no lock file can be made)."""
    immutable = why != "opened read-only"
    db = SqliteDatabase(_uri(path, immutable), uri=True, pragmas=READ_ONLY_PRAGMAS, autoconnect=True)
    try:
        db.connect(reuse_if_open=True)
        current = schema_version(db)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        db.close()
        raise CatalogueFileError(f"{path}: not a usable Marquee catalogue ({exc})") from None
    if current < file_latest():
        db.close()
        raise CatalogueFileError(f"{path}: made by an older Marquee and {why}; open it once where it can "
                                 "be written to upgrade it")
    return db


def for_files(module: ModuleType) -> bool:
    """Whether a migration changes an SQLite file: one for a server only (SERVER_ONLY) is not run
    on a file, nor recorded there, so a file's schema stays as it was (no upgrade, no backup)."""
    return not getattr(module, "SERVER_ONLY", False)


def file_latest() -> int:
    """The newest schema version a file of this version has."""
    return max(number for number, module in MIGRATIONS if number <= LATEST and for_files(module))


def schema_version(db: SqliteDatabase) -> int:
    tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    if "schema_migration" not in tables:
        return 0
    row = db.execute_sql("SELECT max(version) FROM schema_migration").fetchone()
    return row[0] or 0


def migrate(db: SqliteDatabase, path: Path) -> list[int]:
    """Run pending migrations, all in one transaction (a failure leaves the file as it was); back
    the file up first unless it is new."""
    current = schema_version(db)
    if current > file_latest():
        raise NewerVersionError(
            f"{path}: made by a newer Marquee (schema {current}; this version knows up to {file_latest()})"
        )
    pending = [(number, module) for number, module in MIGRATIONS if number > current and for_files(module)]
    if not pending:
        return []
    backup_file = None
    if current > 0:
        from catalog.store.backups import backup_name, backups_dir_for, write_backup

        folder = backups_dir_for(path)
        folder.mkdir(exist_ok=True)
        backup_file = write_backup(db, folder / backup_name(path, f"before-upgrade-v{current}"))
    number, module = pending[0]
    try:
        with db.atomic("IMMEDIATE"):
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS schema_migration "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for number, module in pending:
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
        kept = f"; a backup is at {backup_file}" if backup_file else ""
        raise MigrationError(
            f"{path}: upgrading to schema {number} ({module.NAME}) failed: {exc}; the file is unchanged{kept}"
        ) from exc
    return [n for n, _ in pending]
