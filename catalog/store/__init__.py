"""The store: the only package that speaks SQL. `Store(path)` opens one catalogue file (creating and
migrating it) and offers its tables' read and write paths, the film list, the search index, the
document reader, bulk loads and the picture store beside the file.

Thread rules: peewee keeps one connection per thread; reads may run on any thread, writes run in
`transaction()` (SQLite serialises writers: WAL and a busy timeout). Nothing outside this package
knows the database is SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from catalog.store.connection import connect
from catalog.store.custom import CustomFieldTable
from catalog.store.documents import DocumentReader
from catalog.store.film_list import FilmList
from catalog.store.films import FilmTable
from catalog.store.images import ImageTable
from catalog.store.people import PeopleTable
from catalog.store.picture_store import PictureStore, media_dir_for
from catalog.store.records import RecordTables
from catalog.store.search_index import Fts5Index, SearchIndex


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db: SqliteDatabase = connect(self.path)
        self.pictures = PictureStore(media_dir_for(self.path))
        self.search: SearchIndex = Fts5Index(self.db)
        self.films = FilmTable(self)
        self.records = RecordTables(self)
        self.people = PeopleTable(self)
        self.images = ImageTable(self)
        self.custom = CustomFieldTable(self)
        self.film_list = FilmList(self)
        self.documents = DocumentReader(self)

    # -- plumbing -----------------------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[Any]:
        """Everything inside commits together or not at all (nested: a savepoint)."""
        return self.db.atomic()

    def connection(self) -> AbstractContextManager[Any]:
        """This thread's own connection for the length of a job, closed after (worker threads)."""
        return self.db.connection_context()

    def after_write(self, touched: Iterable[int], removed: Iterable[int]) -> None:
        """Inside a write transaction, before it commits: bring the list's derived columns and the
        search index up to date for the films it touched and removed."""
        touched, removed = set(touched), set(removed)
        if touched:
            self.films.refresh_summaries(touched)
            self.search.reindex(touched)
        if removed:
            self.search.unindex(removed)

    def committed(self, added: set[int], updated: set[int], removed: set[int]) -> None:
        """After a commit that changed films: the cached list orders follow."""
        if added or updated or removed:
            self.film_list.written(added, updated, removed)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    # -- SQL helpers for the modules of this package ------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute_sql(sql, tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.db.cursor().executemany(sql, rows)

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        return self.db.execute_sql(sql, tuple(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self.db.execute_sql(sql, tuple(params)).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT; returns the new row's id."""
        return self.db.execute_sql(sql, tuple(params)).lastrowid

    def sweep_pictures(self) -> int:
        """Delete stored files no image names (left by an interrupted import)."""
        return len(self.pictures.sweep(self.images.shas()))


__all__ = ["PictureStore", "SearchIndex", "Store"]
