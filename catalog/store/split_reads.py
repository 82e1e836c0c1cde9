"""A big read of film ids on two cores: the films up to the middle id are read on the caller's
connection while a second, read-only connection reads the rest on a thread of its own. SQLite lets
go of the GIL while it steps, so the halves run in parallel: at a million films a search's common
word or phrase (600,000+ matches) costs about half as long. Only for an SQLite catalogue, only
outside a write transaction (the second connection cannot see uncommitted rows), and only when
the catalogue is big enough for the hand-off to pay."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from peewee import SqliteDatabase

if TYPE_CHECKING:  # (the pool starts with the first split read, and its module with it)
    from concurrent.futures import Future, ThreadPoolExecutor

SPLIT_MIN = 200_000  # highest film id from which reads are split (below, one read takes < 20 ms)
CACHE_KB = 32_000  # the second connection's page cache, as the first's (connection.PRAGMAS)
T = TypeVar("T")


class SplitReader:
    """Reads `SELECT group_concat(<id>) FROM … WHERE <condition>` in two halves of the id range."""

    def __init__(self, db: SqliteDatabase, split_min: int = SPLIT_MIN) -> None:
        self.db = db
        self.split_min = split_min
        self._pool: ThreadPoolExecutor | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._closed = False

    def halves(self, column: str, source: str, condition: str, params: tuple,
               parse: Callable[[str | None], T]) -> list[T] | None:
        """parse(the group_concat) of each half (the lower first), or None when the read should not
        be split. Each half is parsed on its own thread as soon as it is read: while the other half
        is still being read (SQLite lets go of the GIL), the parse costs no time."""
        middle = self._middle()
        if middle is None:
            return None
        sql = f"SELECT group_concat({column}) FROM {source} WHERE ({condition}) AND {column} "
        upper = self._submit(sql + "> ?", (*params, middle), parse)
        if upper is None:
            return None
        try:
            lower = parse(self.db.execute_sql(sql + "<= ?", (*params, middle)).fetchone()[0])
        finally:
            parsed = upper.result()
        return [lower, parsed]

    def _middle(self) -> int | None:
        if self._closed or self.db.in_transaction() or self.db.connection().in_transaction:
            return None
        top = self.db.execute_sql("SELECT max(id) FROM film").fetchone()[0]
        return top // 2 if top is not None and top >= self.split_min else None

    def _submit(self, sql: str, params: tuple, parse: Callable[[str | None], T]) -> Future[T] | None:
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(1, thread_name_prefix="marquee-split-read")
            return self._pool.submit(self._read, sql, params, parse)

    def _read(self, sql: str, params: tuple, parse: Callable[[str | None], T]) -> T:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return parse(connection.execute(sql, params).fetchone()[0])

    def _connect(self) -> sqlite3.Connection:
        """A read-only connection to the same file (a read-only catalogue's URI as it is)."""
        database = str(self.db.database)
        if self.db.connect_params.get("uri"):
            target = database
        else:
            target = f"file:{quote(str(Path(database).resolve()))}?mode=ro"
        connection = sqlite3.connect(target, uri=True)
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute(f"PRAGMA cache_size = {-CACHE_KB}")
        return connection

    def close(self) -> None:
        """Stop the thread and close its connection (waits for a read under way)."""
        with self._lock:
            self._closed, pool, self._pool = True, self._pool, None
        if pool is not None:
            pool.submit(self._close_connection)
            pool.shutdown(wait=True)

    def _close_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
