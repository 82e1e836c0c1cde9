"""The server side of a shared catalogue's Store: statements through the PostgreSQL dialect (bulk
INSERTs as COPY), transactions (READ COMMITTED; rows an edit checks are locked FOR UPDATE), the
pictures an INSERT names uploaded before the commit, the change count, and the change events:
each write transaction NOTIFYs what it changed (`marquee_changes`, JSON: who, which films,
galleries, people, fields) and a listening connection hands other members' events to the window.

Thread rules: as the Store's (peewee keeps one connection per thread); `poll` runs on one thread
(the window's), on its own connection."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import select
import threading
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import peewee
import psycopg
from peewee import __exception_wrapper__ as _wrapped  # type: ignore[attr-defined]

from catalog.errors import CatalogueError, CatalogueFileError
from catalog.store import server as connection
from catalog.store.pg_search import PgSearchIndex
from catalog.store.server_pictures import ServerPictureStore

if TYPE_CHECKING:
    from catalog.store import Store

CHANNEL = "marquee_changes"
NOTIFY_LIMIT = 7000  # PostgreSQL's payload limit is 8000 bytes: more ids than this say "everything"
COPY_MIN_ROWS = 200  # from this many rows a plain INSERT goes in by COPY (measured faster)
_PLAIN_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\(\s*\?(?:\s*,\s*\?)*\s*\)\s*$",
                           re.IGNORECASE)
_READS = ("SELECT", "WITH", "SHOW")
# A deadlock, a serialisation failure, a lock or statement timeout: the server is there, and busy.
BUSY_STATES = frozenset({"40P01", "40001", "55P03", "57014"})


def open_shared(store: Store, url: str, create: bool, read_only: bool) -> None:
    opened = connection.connect(url, create=create, read_only=read_only)
    store.location = connection.display(url)
    cache = connection.cache_dir_for(url)
    store.path = connection.stand_in_path_for(url)  # a stand-in: the backups folder goes beside it
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.db = cast(Any, opened.db)
    store.read_only = opened.read_only
    store.member = opened.member
    store.dialect = opened.dialect
    server = ServerSide(store, url, opened)
    store.server = server
    store.pictures = server.pictures = ServerPictureStore(store, cache / "media")
    store.search = PgSearchIndex(store)


class ChangeEvent(dict):
    """One other member's committed change, as NOTIFY carried it."""


class ServerSide:
    def __init__(self, store: Store, url: str, opened: connection.Opened) -> None:
        self.store, self.url, self.opened = store, url, opened
        self.role, self.member = opened.role, opened.member
        self.token = secrets.token_hex(6)  # tells this Store's own events from other members'
        self._local = threading.local()
        self._listener: psycopg.Connection | None = None
        self._events = 0
        self.pictures: ServerPictureStore

    # -- statements ---------------------------------------------------------------------------------

    def _note(self, sql: str) -> None:
        if not sql.lstrip()[:6].upper().startswith(_READS):
            self._local.wrote = True

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self._note(sql)
        dialect = self.store.dialect
        return self.store.db.execute_sql(dialect.sql(sql), dialect.params(params))

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._note(sql)
        dialect = self.store.dialect
        return self.store.db.execute_sql(dialect.returning_id(dialect.sql(sql)), dialect.params(params)).fetchone()[0]

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._note(sql)
        dialect = self.store.dialect
        plain = _PLAIN_INSERT.match(sql)
        cursor = self.store.db.cursor()
        with _wrapped:
            if plain and len(rows) >= COPY_MIN_ROWS:
                table, columns = plain.group(1), plain.group(2)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(dialect.params(row))
                return
            cursor.executemany(dialect.sql(sql), [dialect.params(r) for r in rows])

    def reserve_ids(self, table: str, n: int) -> list[int]:
        """`n` new ids of a table from its sequence (`<table>_id_seq`, made with the table by
        PostgresDialect.ddl), in one round trip, ascending; ids other members draw meanwhile are
        others, and the ones left unused are gaps."""
        if n <= 0:
            return []
        rows = self.store.db.execute_sql("SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                                         (f"{table}_id_seq", n)).fetchall()
        return sorted(r[0] for r in rows)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Any) -> int:
        """COPY rows (an iterable of tuples) into a table; returns how many."""
        self._local.wrote = True
        n = 0
        cursor = self.store.db.cursor()
        with _wrapped, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(self.store.dialect.params(row))
                n += 1
        return n

    def error(self, exc: Exception) -> CatalogueError:
        """A server's refusal or failure as one plain line."""
        text = connection.first_line(exc)
        where = self.store.location
        if "permission denied" in text or "must be owner" in text:
            what = "a reader" if self.role == "reader" else f"not allowed to do this ({text})"
            return CatalogueFileError(f"{where}: {self.member} is {what} on this shared catalogue; nothing "
                                      "was changed")
        cause = exc.__cause__ or exc.__context__  # (peewee re-raises psycopg's error as its own)
        if getattr(cause, "sqlstate", None) in BUSY_STATES:
            return CatalogueError(f"{where}: another member was changing the same films at that moment ({text}); "
                                  "the change was not saved: try it again")
        if isinstance(exc, peewee.OperationalError | peewee.InterfaceError):
            return CatalogueFileError(f"{where}: the server cannot be reached ({text}); the change was not saved")
        return CatalogueFileError(f"{where}: {text}")

    # -- transactions -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        db = self.store.db
        if db.in_transaction():
            with db.atomic():
                yield
            return
        self._local.wrote = False
        self._local.events = []
        try:
            atomic = db.atomic()
            atomic.__enter__()
        except peewee.DatabaseError as exc:
            raise self.error(exc) from None
        try:
            yield
            if self._local.wrote:
                self.pictures.publish()
                db.execute_sql("UPDATE change_count SET n = n + 1 WHERE id = 1")
                for payload in self._local.events:
                    db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
        except BaseException as exc:
            with contextlib.suppress(peewee.DatabaseError, psycopg.Error):
                atomic.__exit__(type(exc), exc, exc.__traceback__)
            if isinstance(exc, peewee.DatabaseError) and not isinstance(exc, peewee.IntegrityError):
                raise self.error(exc) from None
            raise
        try:
            atomic.__exit__(None, None, None)
        except peewee.DatabaseError as exc:
            with contextlib.suppress(peewee.DatabaseError, psycopg.Error):
                db.rollback()
            raise self.error(exc) from None

    # -- change events ------------------------------------------------------------------------------

    def announce(self, added: AbstractSet[int], updated: AbstractSet[int], removed: AbstractSet[int],
                 galleries: AbstractSet[int | None],
                 people: bool, fields: bool) -> None:
        if len(added) + len(updated) + len(removed) + len(galleries) > NOTIFY_LIMIT // 2:  # (2+ characters an id)
            self._queue(json.dumps({"src": self.token, "by": self.member, "all": True}))
            return
        event: dict[str, Any] = {"src": self.token, "by": self.member, "a": sorted(added), "u": sorted(updated),
                                 "r": sorted(removed), "g": sorted(-1 if g is None else g for g in galleries),
                                 "p": people, "f": fields}
        payload = json.dumps(event, separators=(",", ":"))
        if len(payload) > NOTIFY_LIMIT:
            payload = json.dumps({"src": self.token, "by": self.member, "all": True})
        self._queue(payload)

    def _queue(self, payload: str) -> None:
        events = getattr(self._local, "events", None)
        if events is not None:
            events.append(payload)

    def _listen(self) -> psycopg.Connection:
        if self._listener is None or self._listener.closed:
            self._listener = psycopg.connect(self.url, autocommit=True, application_name="marquee-listen")
            self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener

    def start_listening(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self._listen()

    def poll(self, timeout: float = 0.0) -> list[ChangeEvent]:
        """Other members' events committed since the last poll (waits up to `timeout` for one)."""
        listener = self._listen()
        found: list[ChangeEvent] = []
        try:
            if timeout > 0:
                select.select([listener.fileno()], [], [], timeout)
            for note in listener.notifies(timeout=0, stop_after=None):
                event = ChangeEvent(json.loads(note.payload))
                if event.get("src") != self.token:
                    found.append(event)
        except psycopg.Error:
            self._listener = None
            raise
        self._events += len(found)
        return found

    def data_version(self) -> int:
        """Grows when other members' events arrive (they are kept for `poll`... read by changes_elsewhere)."""
        return self._events

    # -- backups ------------------------------------------------------------------------------------

    def write_backup(self, target: Path, replace: bool = False) -> Path:
        """A backup of a shared catalogue is a local SQLite catalogue of its rows (the pictures stay
        on the server): listed, counted and restored like any backup, and openable on its own."""
        from catalog.store.backups import free_path
        from catalog.store.copying import snapshot_to_file

        target = Path(target) if replace else free_path(Path(target))
        return snapshot_to_file(self.store, target)

    def restore_from(self, source: Path) -> None:
        from catalog.store.copying import restore_snapshot

        restore_snapshot(self.store, source)

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(psycopg.Error):
                self._listener.close()
            self._listener = None
