"""Opening a shared catalogue on a PostgreSQL server: the address (`postgresql://USER@HOST[:PORT]/DB`,
never with a password: libpq finds it in ~/.pgpass or a service file), the connection (peewee's
PostgresqlDatabase over psycopg 3), who the member is and what the server lets them do, the
schema version and migrations — the same numbered list as SQLite's, each statement rendered for
PostgreSQL by `PostgresDialect.ddl` unless the migration module gives its own `POSTGRES`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee
import platformdirs
import psycopg
from peewee import PostgresqlDatabase
from psycopg.adapt import Loader
from psycopg.conninfo import conninfo_to_dict

from catalog.errors import CatalogueFileError, MigrationError, NewerVersionError
from catalog.store.dialect import PostgresDialect
from catalog.store.driver import drive_postgres
from catalog.store.migrations import LATEST, MIGRATIONS

drive_postgres()  # peewee was loaded without psycopg (see catalog.store.driver)

ROLES = ("reader", "editor", "admin")
GROUP = {role: f"marquee_{role}" for role in ROLES}  # the server's group roles (`server init`)

# Filled into an id the INSERT names as NULL (SQLite's INTEGER PRIMARY KEY does this itself); an
# explicit id moves the sequence past it, so later ids never collide with one put back by undo.
FILL_ID = """
CREATE OR REPLACE FUNCTION marquee_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(TG_ARGV[0]::regclass);
    ELSIF NEW.id > coalesce(pg_sequence_last_value(TG_ARGV[0]::regclass), 0) THEN
        PERFORM setval(TG_ARGV[0]::regclass, NEW.id);
    END IF;
    RETURN NEW;
END $$
"""


def parts(url: str) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError as exc:
        raise CatalogueFileError(f"{url}: not an address of a shared catalogue ({exc})") from None


def display(url: str) -> str:
    """'films on db.club.org' (the address without anything secret)."""
    p = parts(url)
    host = p.get("host") or "this computer"
    port = f":{p['port']}" if p.get("port") else ""
    return f"{p.get('dbname') or p.get('service') or 'catalogue'} on {host}{port}"


def check_url(url: str) -> str:
    if "password" in parts(url):
        raise CatalogueFileError(f"{display(url)}: Marquee takes no password in the address; put it in "
                                 "~/.pgpass (or a PostgreSQL service file) and leave it out of the address")
    return url


def cache_dir_for(url: str) -> Path:
    """This computer's cache of a shared catalogue's pictures and thumbnails (and its backups)."""
    p = parts(url)
    name = re.sub(r"[^\w.-]+", "_", f"{p.get('user', '')}@{p.get('host', 'local')}-{p.get('port', '5432')}-"
                                    f"{p.get('dbname') or p.get('service', '')}")
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return Path(platformdirs.user_cache_dir("Marquee", appauthor=False)) / "shared" / f"{name}-{digest}"


def stand_in_path_for(url: str) -> Path:
    """Where this computer keeps a shared catalogue's local things: `<it>.backups/` beside it."""
    return Path(platformdirs.user_data_dir("Marquee", appauthor=False)) / "shared" / (cache_dir_for(url).name + ".db")


class _NumericLoader(Loader):
    """sum() and avg() of integers come back as numeric: give Python what SQLite gives (int or float)."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


class ServerDatabase(PostgresqlDatabase):
    def _connect(self) -> Any:
        conn = super()._connect()  # type: ignore[misc]
        conn.adapters.register_loader("numeric", _NumericLoader)
        return conn


def open_database(url: str) -> ServerDatabase:
    return ServerDatabase(url, prefer_psycopg3=True, autoconnect=True, application_name="marquee",
                          connect_timeout=10)


@dataclass(frozen=True)
class Opened:
    db: ServerDatabase
    dialect: PostgresDialect
    read_only: str | None
    member: str
    role: str | None  # reader, editor, admin, or None (the owner, outside Marquee's roles)


def connect(url: str, create: bool = True, read_only: bool = False) -> Opened:
    url = check_url(url)
    db = open_database(url)
    try:
        db.connect(reuse_if_open=True)
    except peewee.OperationalError as exc:
        raise CatalogueFileError(f"{display(url)}: cannot connect ({first_line(exc)})") from None
    try:
        member = db.execute_sql("SELECT current_user").fetchone()[0]
        role = member_role(db)
        version = schema_version(db)
        if version == 0 and not create:
            raise CatalogueFileError(f"no catalogue at {display(url)} (run 'marquee server init' there)")
        if version < LATEST:
            migrate(db, url)
        elif version > LATEST:
            raise NewerVersionError(f"{display(url)}: made by a newer Marquee (schema {version}; this version "
                                    f"knows up to {LATEST})")
        why = "opened read-only" if read_only else None
        if role == "reader":
            why = f"{member} is a reader of this shared catalogue"
        elif not can_write(db):
            why = f"{member} may only read this shared catalogue"
        dialect = PostgresDialect(primary_keys(db))
    except BaseException:
        db.close()
        raise
    return Opened(db, dialect, why, member, role)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def member_role(db: PostgresqlDatabase) -> str | None:
    """The highest of Marquee's roles the current user has (through membership), or None."""
    rows = db.execute_sql("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) AND pg_has_role(rolname, 'USAGE')",
                          (list(GROUP.values()),)).fetchall()
    held = {r[0] for r in rows}
    return next((role for role in reversed(ROLES) if GROUP[role] in held), None)


def can_write(db: PostgresqlDatabase) -> bool:
    return bool(db.execute_sql("SELECT has_table_privilege('film', 'UPDATE')").fetchone()[0])


def primary_keys(db: PostgresqlDatabase) -> dict[str, tuple[str, ...]]:
    rows = db.execute_sql(
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
        "AND kcu.table_schema = tc.table_schema WHERE tc.constraint_type = 'PRIMARY KEY' "
        "AND tc.table_schema = current_schema() ORDER BY tc.table_name, kcu.ordinal_position").fetchall()
    keys: dict[str, tuple[str, ...]] = {}
    for table, column in rows:
        keys[table] = (*keys.get(table, ()), column)
    return keys


def schema_version(db: PostgresqlDatabase) -> int:
    exists = db.execute_sql("SELECT to_regclass('schema_migration') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return db.execute_sql("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0]


def split_statements(sql: str) -> list[str]:
    """Statements separated by ';' outside quotes and $$ bodies."""
    out, current, i, quote = [], [], 0, None
    while i < len(sql):
        if quote is None and sql.startswith("$$", i):
            quote = "$$"
            current.append("$$")
            i += 2
            continue
        if quote == "$$" and sql.startswith("$$", i):
            quote = None
            current.append("$$")
            i += 2
            continue
        ch = sql[i]
        if quote is None and ch in "'\"":
            quote = ch
        elif quote == ch:
            quote = None
        if ch == ";" and quote is None:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


class _Migrating:
    """What a migration's `up(db)` is handed on PostgreSQL: execute_sql and cursor().executemany
    with the SQLite SQL rendered by the dialect."""

    def __init__(self, db: PostgresqlDatabase, dialect: PostgresDialect) -> None:
        self.db, self.dialect = db, dialect
        self.later: list[str] = []  # foreign keys to tables made later in the migration (SQLite allows them)

    def render(self, sql: str) -> str | None:
        if re.match(r"\s*(CREATE|ALTER|DROP)\b", sql, re.IGNORECASE):
            rendered = self.dialect.ddl(sql)
            return None if rendered is None else self._forward_keys(rendered)
        return None if re.search(r"\bfilm(_title)?_fts\b", sql) else self.dialect.sql(sql)

    def _forward_keys(self, sql: str) -> str:
        created = re.match(r"CREATE\s+TABLE\s+(\w+)", sql, re.IGNORECASE)
        if not created:
            return sql
        table = created.group(1)

        def later(match: re.Match[str]) -> str:
            column, target = match.group(1), match.group(3)
            exists = target == table or self.db.execute_sql("SELECT to_regclass(%s) IS NOT NULL",
                                                            (target,)).fetchone()[0]
            if exists:
                return match.group(0)
            self.later.append(f"ALTER TABLE {table} ADD FOREIGN KEY ({column}) {match.group(4)}")
            return f"{column} {match.group(2)}"

        return re.sub(r"\b(\w+)\s+(BIGINT)\s+(?=REFERENCES\s+(\w+))(REFERENCES\s+\w+\s*\(\w+\)[^,\n]*?"
                      r"DEFERRABLE INITIALLY IMMEDIATE)", later, sql)

    def finish(self) -> None:
        for statement in self.later:
            self.db.execute_sql(statement)
        self.later = []

    def execute_sql(self, sql: str, params: Any = ()) -> Any:
        rendered = self.render(sql)
        if rendered is None:
            return self.db.cursor()
        cursor = self.db.cursor()
        for statement in split_statements(rendered) if ";\n" in rendered else [rendered]:
            cursor.execute(statement, self.dialect.params(params or ()))
        return cursor

    def cursor(self) -> Any:
        outer = self

        class _Cursor:
            def executemany(self, sql: str, rows: Any) -> None:
                rendered = outer.render(sql)
                if rendered is not None:
                    outer.db.cursor().executemany(rendered, [outer.dialect.params(r) for r in rows])

            def execute(self, sql: str, params: Any = ()) -> Any:
                return outer.execute_sql(sql, params)

        return _Cursor()


def migrate(db: PostgresqlDatabase, url: str) -> list[int]:
    """Run the pending migrations of the one numbered list in one transaction."""
    current = schema_version(db)
    pending = [(n, m) for n, m in MIGRATIONS if n > current]
    if not pending:
        return []
    dialect = PostgresDialect()
    runner = _Migrating(db, dialect)
    number, module = pending[0]
    try:
        with db.atomic():
            db.execute_sql("CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, "
                           "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            db.execute_sql(FILL_ID)
            for number, module in pending:
                if hasattr(module, "POSTGRES"):
                    for statement in split_statements(module.POSTGRES):
                        db.execute_sql(statement)
                elif hasattr(module, "up"):
                    module.up(runner)
                else:
                    for statement in module.SQL.split(";"):
                        if statement.strip():
                            runner.execute_sql(statement)
                runner.finish()
                db.execute_sql("INSERT INTO schema_migration (version, name, applied_at) VALUES (%s, %s, %s)",
                               (number, module.NAME, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
    except peewee.DatabaseError as exc:
        hint = " (an admin of the server runs 'marquee server init' to upgrade it)" if "permission" in str(
            exc) or "must be owner" in str(exc) else ""
        raise MigrationError(f"{display(url)}: upgrading to schema {number} ({module.NAME}) failed: "
                             f"{first_line(exc)}{hint}; the catalogue is unchanged") from exc
    return [n for n, _ in pending]
