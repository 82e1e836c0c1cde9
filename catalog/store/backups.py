"""Backup files of a catalogue: written with SQLite's backup API (never a copy of a live file),
to a temporary file in the same folder, fsynced and renamed; read back read-only (films, size,
the pictures they name); restored into the live file with the same API (one write transaction, so
other processes see the old catalogue or the new one, never a mix).

The folder is `films.backups/` beside `films.db`; names carry the time and the reason:
`films-20240501-101112-daily.db`. Which to make and keep is the policy of catalog.ops.backups."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from peewee import SqliteDatabase

from catalog.errors import CatalogueFileError
from catalog.files import fsync_folder
from catalog.store.picture_store import SHA256

NAME = re.compile(r"(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z0-9-]+)\.db")


def backups_dir_for(db_path: Path) -> Path:
    return Path(db_path).with_suffix(".backups")


def backup_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{reason}.db"


def free_path(target: Path) -> Path:
    """`target`, or the same name with a number after the time when a backup of that second exists."""
    match = NAME.fullmatch(target.name)
    n = 2
    while target.exists():
        name = f"{match['stem']}-{match['stamp']}-{n}-{match['reason']}.db" if match else f"{target.stem}-{n}.db"
        target = target.with_name(name)
        n += 1
    return target


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime    # local time, from the name (else the file's time)
    reason: str             # daily, manual, before-import, before-upgrade-v3, …
    size: int


def write_backup(db: SqliteDatabase, target: Path, replace: bool = False) -> Path:
    """A consistent copy of the live catalogue at `target` (unless `replace`, a free name is chosen
    when it exists); on any error `target` is as it was and nothing else is left. Returns the path."""
    target = Path(target) if replace else free_path(Path(target))
    import tempfile  # (backups start 10 s after the window: not with it)

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        try:
            db.connection().backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, readable read-only
        finally:
            dest.close()
        _fsync(Path(tmp))
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except sqlite3.Error as exc:
        Path(tmp).unlink(missing_ok=True)
        reason = "the disk is full" if "full" in str(exc) else str(exc)
        raise CatalogueFileError(f"{target}: the backup could not be written ({reason})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in the folder, oldest first."""
    found: list[tuple[BackupFile, int]] = []
    if not folder.is_dir():
        return []
    for path in folder.glob("*.db"):
        match = NAME.fullmatch(path.name)
        try:
            info = path.stat()
        except OSError:
            continue
        size = info.st_size
        if match:
            created = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            reason = match["reason"]
        else:
            created, reason = dt.datetime.fromtimestamp(info.st_mtime), "copy"
        found.append((BackupFile(path, created, reason, size), info.st_mtime_ns))
    # Two backups of the same second: the one written later is the newer.
    return [b for b, _ in sorted(found, key=lambda pair: (pair[0].created, pair[1], pair[0].path.name))]


def _open(path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(f"file:{quote(str(Path(path).absolute()))}?mode=ro", uri=True)
        con.execute("SELECT count(*) FROM film")
    except sqlite3.Error as exc:
        raise CatalogueFileError(f"{path}: not a Marquee backup ({exc})") from None
    return con


def film_count(path: Path) -> int:
    con = _open(path)
    try:
        return con.execute("SELECT count(*) FROM film").fetchone()[0]
    finally:
        con.close()


def change_count(path: Path) -> int | None:
    """The commit count a backup was taken at (None for a backup made before migration 4)."""
    con = _open(path)
    try:
        row = con.execute("SELECT n FROM change_count WHERE id = 1").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()


def picture_hashes(path: Path) -> set[str]:
    """The pictures a backup names (its image rows): the sweep keeps their files."""
    con = _open(path)
    try:
        return {sha for (sha,) in con.execute("SELECT sha256 FROM image")
                if isinstance(sha, str) and SHA256.fullmatch(sha)}
    finally:
        con.close()


def restore_into(db: SqliteDatabase, source: Path) -> None:
    """Replace the live catalogue's content by a backup's, in one step (SQLite's backup API
    writing into the open database), then bring the file back to WAL."""
    con = _open(source)
    try:
        con.backup(db.connection())
    except sqlite3.Error as exc:
        raise CatalogueFileError(f"{source}: the backup could not be restored ({exc}); the catalogue is "
                                 "unchanged") from None
    finally:
        con.close()
    db.execute_sql("PRAGMA journal_mode = wal")
