"""The store: the only package that speaks SQL. `Store(path)` opens one catalogue file (creating and
migrating it, or read-only) and offers its tables' read and write paths, the film list, the search
index, the document reader, bulk loads, backups and the picture store beside the file.

Thread rules: peewee keeps one connection per thread; reads may run on any thread, writes run in
`transaction()`, which starts as a writer (BEGIN IMMEDIATE) so that two processes never deadlock
half-way: a busy catalogue is waited for (busy timeout, then bounded retries with backoff) and a
catalogue still busy after that is one plain error. Nothing outside this package knows the
database is SQLite — or, for a shared catalogue (`Store("postgresql://USER@HOST/DB")`), a
PostgreSQL server: then `server` (catalog.store.shared.ServerSide) does the transactions, the
change events and the pictures, and every statement of the helpers below passes through the
dialect (catalog.store.dialect), so the table modules write one SQL for both."""
# ruff: noqa: E402  (peewee is imported after import_peewee hid psycopg from it)

from __future__ import annotations

import contextlib
import getpass
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from catalog.model.id_list import as_set
from catalog.store.driver import import_peewee

import_peewee()  # (before anything else here imports it: without psycopg, see catalog.store.driver)

import peewee
from peewee import SqliteDatabase

from catalog.errors import CatalogueError, CatalogueFileError
from catalog.store import backups
from catalog.store.address import is_server
from catalog.store.connection import connect
from catalog.store.custom import CustomFieldTable
from catalog.store.dialect import SqliteDialect
from catalog.store.documents import DocumentReader
from catalog.store.film_list import FilmList
from catalog.store.films import FilmTable
from catalog.store.images import ImageTable
from catalog.store.loans import LoanTable
from catalog.store.people import PeopleTable
from catalog.store.picture_store import PictureStore, media_dir_for
from catalog.store.records import RecordTables
from catalog.store.search_index import Fts5Index, SearchIndex
from catalog.store.split_reads import SplitReader
from catalog.store.stamps import RowStamps
from catalog.store.wishlist import WishTable

# What SQLite raises (peewee re-raises it as its own classes of the same names).
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, peewee.DatabaseError)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, peewee.IntegrityError)
BUSY_PATIENCE_SECONDS = 60.0  # beyond the busy timeout, how long a writer keeps trying to start


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "someone"


class CatalogueBusy(CatalogueError):
    """Another process kept the catalogue busy for longer than a writer waits."""


def _is_busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _disk_error(path: Path, exc: Exception) -> CatalogueError:
    """One plain line for what SQLite says when the disk fails under it."""
    text = str(exc).lower()
    if "full" in text:
        return CatalogueFileError(f"{path}: the disk is full; the change was not saved")
    if "readonly" in text or "read-only" in text:
        return CatalogueFileError(f"{path}: the catalogue is read-only; the change was not saved")
    if "i/o" in text:
        return CatalogueFileError(f"{path}: the disk could not be read or written (I/O error); the change "
                                  "was not saved")
    if "malformed" in text or "not a database" in text:
        return CatalogueFileError(f"{path}: the catalogue file is damaged ({exc}); restore a backup")
    return CatalogueFileError(f"{path}: {exc}")


class Store:
    def __init__(self, path: Path | str, create: bool = True, read_only: bool = False) -> None:
        self.server: Any = None  # catalog.store.shared.ServerSide of a shared catalogue
        self.dialect: Any = SqliteDialect()
        self.member = _os_user()  # who stamps the changes (the server's role name when shared)
        if is_server(path):
            from catalog.store.shared import open_shared

            open_shared(self, str(path), create=create, read_only=read_only)
        else:
            self.location = str(path)
            self.path = Path(path)
            opened = connect(self.path, create=create, read_only=read_only)
            self.db: SqliteDatabase = opened.db
            self.read_only: str | None = opened.read_only  # why it cannot be written, or None
            self.pictures = PictureStore(media_dir_for(self.path))
            self.reader = SplitReader(self.db)
            self.search: SearchIndex = Fts5Index(self.db, self.reader)
        self.stamps = RowStamps(self)
        self.films = FilmTable(self)
        self.records = RecordTables(self)
        self.people = PeopleTable(self)
        self.images = ImageTable(self)
        self.custom = CustomFieldTable(self)
        self.loans = LoanTable(self)
        self.wishes = WishTable(self)
        self.film_list = FilmList(self)
        self.documents = DocumentReader(self)

    # -- plumbing -----------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, patience: float = BUSY_PATIENCE_SECONDS) -> Iterator[None]:
        """Everything inside commits together or not at all (nested: a savepoint). The outermost
        one begins as a writer, waiting while another process writes (up to `patience` seconds).
        SQLite's failures (busy, disk full, I/O, read-only) become one plain CatalogueError."""
        if self.read_only:
            raise CatalogueFileError(f"{self.location}: the catalogue is read-only ({self.read_only}); nothing "
                                     "can be changed")
        if self.server is not None:
            outermost = not self.db.in_transaction()
            try:
                with self.server.transaction():
                    yield
            finally:
                if outermost:
                    self.films.bulk_written()
            return
        if self.db.in_transaction():
            with self.db.atomic():
                yield
            return
        atomic = self._begin(patience)
        connection = self.db.connection()
        before = connection.total_changes
        try:
            try:
                yield
            finally:
                self.films.bulk_written()
            if connection.total_changes != before:
                self.db.execute_sql("UPDATE change_count SET n = n + 1 WHERE id = 1")
        except BaseException as exc:
            # The rollback of a failed disk may fail too: the error that caused it is the one to tell.
            with contextlib.suppress(*DATABASE_ERRORS):
                atomic.__exit__(type(exc), exc, exc.__traceback__)
            if isinstance(exc, DATABASE_ERRORS) and not isinstance(exc, INTEGRITY_ERRORS):
                raise _disk_error(self.path, exc) from None
            raise
        try:
            atomic.__exit__(None, None, None)
        except DATABASE_ERRORS as exc:
            with contextlib.suppress(*DATABASE_ERRORS):
                self.db.rollback()
            raise _disk_error(self.path, exc) from None

    def _begin(self, patience: float) -> Any:
        """BEGIN IMMEDIATE, retried with backoff while another process holds the write lock."""
        deadline = time.monotonic() + patience
        delay = 0.02
        while True:
            atomic = self.db.atomic("IMMEDIATE")
            try:
                atomic.__enter__()
                return atomic
            except DATABASE_ERRORS as exc:
                if not _is_busy(exc):
                    raise _disk_error(self.path, exc) from None
                if time.monotonic() >= deadline:
                    raise CatalogueBusy(f"{self.path}: the catalogue is busy (another program has been writing "
                                        f"to it for over {patience:.0f} s); nothing was changed, try again") from None
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)

    def data_version(self) -> int:
        """Changes when another connection (this process's workers or another process) commits."""
        if self.server is not None:
            return self.server.data_version()
        return self.scalar("PRAGMA data_version")

    def change_count(self) -> int:
        """How many write transactions have committed in this catalogue, by anyone."""
        return self.scalar("SELECT n FROM change_count WHERE id = 1") or 0

    # -- backups ------------------------------------------------------------------------------------

    @property
    def backups_dir(self) -> Path:
        return backups.backups_dir_for(self.path)

    def write_backup(self, target: Path, replace: bool = False) -> Path:
        if self.server is not None:
            return self.server.write_backup(target, replace=replace)
        return backups.write_backup(self.db, target, replace=replace)

    def restore_from(self, source: Path) -> None:
        """The content of a backup replaces this catalogue's (the caller backed it up first)."""
        from catalog.store.connection import inspect, migrate

        if self.read_only:
            raise CatalogueFileError(f"{self.location}: the catalogue is read-only ({self.read_only})")
        if self.server is not None:
            self.server.restore_from(Path(source))
            self.film_list.forget()
            return
        if inspect(Path(source)) != "marquee":
            raise CatalogueFileError(f"{source}: not a Marquee backup (it holds no catalogue)")
        backups.restore_into(self.db, Path(source))
        migrate(self.db, self.path)
        self.film_list.forget()

    def connection(self) -> AbstractContextManager[Any]:
        """This thread's own connection for the length of a job, closed after (worker threads)."""
        return self.db.connection_context()

    def after_write(self, touched: Iterable[int], removed: Iterable[int]) -> None:
        """Inside a write transaction, before it commits: bring the list's derived columns and the
        search index up to date for the films it touched and removed."""
        touched, removed = as_set(touched), as_set(removed)
        if touched:
            self.stamps.stamp(touched)
            # Bulk-loaded films have theirs (asked once: an import's 100,000 ids).
            self.films.refresh_summaries(touched - self.films.summarised)
            self.search.reindex(touched - self.films.indexed)
            self.films.bulk_written()
        if removed:
            self.search.unindex(removed)

    def committed(self, added: AbstractSet[int], updated: AbstractSet[int], removed: AbstractSet[int]) -> None:
        """After a commit that changed films: the cached list orders follow."""
        if added or updated or removed:
            self.film_list.written(added, updated, removed)

    def announce(self, added: AbstractSet[int], updated: AbstractSet[int], removed: AbstractSet[int],
                 galleries: AbstractSet[int | None],
                 people: bool, fields: bool) -> None:
        """Inside a write transaction: tell the other members' windows what it changes (at commit)."""
        if self.server is not None:
            self.server.announce(added, updated, removed, galleries, people, fields)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
        else:
            self.reader.close()
        if not self.db.is_closed():
            self.db.close()

    # -- SQL helpers for the modules of this package ------------------------------------------------

    @contextmanager
    def _plainly(self) -> Iterator[None]:
        """SQLite's failures outside a transaction (a damaged file, a failing disk) in one line."""
        try:
            yield
        except INTEGRITY_ERRORS:
            raise
        except DATABASE_ERRORS as exc:
            if self.server is not None:
                raise self.server.error(exc) from None
            raise _disk_error(self.path, exc) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._plainly():
            if self.server is not None:
                return self.server.execute(sql, params)
            return self.db.execute_sql(sql, tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._plainly():
                if self.server is not None:
                    self.server.execute_many(sql, rows)
                    return
                self.db.cursor().executemany(sql, rows)

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._plainly():
            if self.server is not None:
                return self.server.execute(sql, tuple(params)).fetchall()
            return self.db.execute_sql(sql, tuple(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        with self._plainly():
            if self.server is not None:
                return self.server.execute(sql, params).fetchone()
            return self.db.execute_sql(sql, tuple(params)).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def update_row(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        """Set columns of one row (`values`: column names from this package, never user text);
        nothing to set, nothing done."""
        if values:
            sets = ", ".join(f"{name} = ?" for name in values)
            self.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT; returns the new row's id."""
        with self._plainly():
            if self.server is not None:
                return self.server.insert(sql, params)
            return self.db.execute_sql(sql, tuple(params)).lastrowid

    def sweep_pictures(self, keep: Iterable[str] = ()) -> int | None:
        """Delete stored files that no image row (nor `keep`) names and that are older than the
        grace period; None when another process is adding pictures (nothing was deleted)."""
        if self.read_only:
            return 0
        extra = set(keep)
        removed = self.pictures.sweep(lambda names: self.images.named_among(names) | (extra & set(names)))
        return None if removed is None else len(removed)


__all__ = ["PictureStore", "SearchIndex", "Store"]
