"""The seam between the store's SQL and the database that runs it. Store modules write SQLite's
SQL (`?` placeholders, `group_concat`, `IS ?`, `INSERT OR IGNORE` / `OR REPLACE`, `WHERE 1`); the
Store helpers pass every statement through `Dialect.sql` and every parameter list through
`Dialect.params`, so the modules stay as they are:

- `SqliteDialect` changes nothing (the SQL that reaches SQLite is byte-for-byte the module's).
- `PostgresDialect` rewrites the statement once (cached): `?` → `%s` (and `%` → `%%`), outside
  string literals; `group_concat(x, sep)` → `string_agg(x::text, sep)`; `IS ?` → `IS NOT
  DISTINCT FROM %s`; `INSERT OR IGNORE` → `… ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` → an
  upsert on the table's primary key; `WHERE 1` → `WHERE TRUE`; `GROUP BY x COLLATE NOCASE` →
  `GROUP BY lower(x)` (both fold ASCII only), `x = ? COLLATE NOCASE` → `lower(x) = lower(%s)` (the
  server's index of x COLLATE NOCASE is one of lower(x)); `a CROSS JOIN b ON …` (SQLite's way of keeping the
  join order) → `a JOIN b ON …`; `temp.t` → `pg_temp.t`. Booleans are passed as 0/1 (the
  schema keeps SQLite's integer flags on both). `ddl` renders a migration's SQLite DDL for
  PostgreSQL (see `PostgresDialect.ddl`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any


class SqliteDialect:
    name = "sqlite"
    placeholder = "?"

    def sql(self, sql: str) -> str:
        return sql

    def params(self, params: Sequence[Any]) -> tuple:
        return tuple(params)

    def returning_id(self, sql: str) -> str | None:
        """The INSERT rewritten to return the new id, or None when the cursor's lastrowid says it."""
        return None

    def ordered_concat(self, value: str, separator: str, order: str) -> str:
        """An aggregate joining `value`s in `order` (names of the subquery's columns it reads from,
        which is ordered so): SQLite's group_concat takes its rows in the subquery's order."""
        return f"group_concat({value}, {separator})"


_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_GROUP_CONCAT = re.compile(r"\bgroup_concat\(\s*(DISTINCT\s+)?", re.IGNORECASE)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+([\w.]+)\s*(?:\(([^)]*)\))?", re.IGNORECASE)
_IS_PARAM = re.compile(r"\bIS\s+\?")
_WHERE_ONE = re.compile(r"\bWHERE\s+1\b(?!\s*[=<>!])")
_GROUP_NOCASE = re.compile(r"\bGROUP\s+BY\s+(.+?)\s+COLLATE\s+NOCASE\b", re.IGNORECASE | re.DOTALL)
_EQUALS_NOCASE = re.compile(r"([\w.]+)\s*=\s*\?\s+COLLATE\s+NOCASE\b", re.IGNORECASE)
_CROSS_ON = re.compile(r"\bCROSS\s+JOIN\s+([\w.]+(?:\s+(?!ON\b)\w+)?)\s+ON\b", re.IGNORECASE)
_TEMP = re.compile(r"\btemp\.(?=\w)")


def _split_args(text: str, start: int) -> tuple[list[str], int]:
    """The top-level comma-separated arguments of a call whose '(' is just before `start`."""
    depth, args, current, i = 0, [], [], start
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            end = text.index(ch, i + 1)
            while end + 1 < len(text) and text[end + 1] == ch:
                end = text.index(ch, end + 2)
            current.append(text[i:end + 1])
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                args.append("".join(current))
                return args, i
            depth -= 1
        elif ch == "," and depth == 0:
            args.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    raise ValueError("unbalanced group_concat(")


def _group_concat(sql: str) -> str:
    while True:
        match = _GROUP_CONCAT.search(sql)
        if match is None:
            return sql
        args, end = _split_args(sql, match.end())
        value = args[0].strip()
        separator = args[1].strip() if len(args) > 1 else "','"
        sql = f"{sql[:match.start()]}string_agg({match.group(1) or ''}({value})::text, {separator}){sql[end + 1:]}"


class PostgresDialect:
    name = "postgresql"
    placeholder = "%s"

    def __init__(self, primary_keys: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.primary_keys: dict[str, tuple[str, ...]] = dict(primary_keys or {})

    def sql(self, sql: str) -> str:
        return _translate(sql, tuple(sorted(self.primary_keys.items())))

    def params(self, params: Sequence[Any]) -> tuple:
        return tuple(int(p) if isinstance(p, bool) else p for p in params)

    def returning_id(self, sql: str) -> str | None:
        return sql.rstrip().rstrip(";") + " RETURNING id"

    def ordered_concat(self, value: str, separator: str, order: str) -> str:
        """PostgreSQL need not keep a subquery's order in an aggregate: string_agg is told it."""
        return f"string_agg(({value})::text, {separator} ORDER BY {order})"

    # -- migrations ---------------------------------------------------------------------------------

    def ddl(self, statement: str) -> str | None:
        """A migration's SQLite statement as PostgreSQL runs it, or None when it has no counterpart
        (FTS5 tables and what fills them: the server's search index is migration 9's).

        Integers become BIGINT (SQLite's are 64-bit); `INTEGER PRIMARY KEY` gets a sequence that a
        trigger draws from when an INSERT leaves the id out or NULL (as SQLite does), REAL double precision,
        TEXT compares bytewise (COLLATE "C", as SQLite's BINARY), `x COLLATE NOCASE` in an index
        `lower(x)`, foreign keys are DEFERRABLE (a copy defers them), `WITHOUT ROWID` goes."""
        text = statement.strip()
        if not text or re.match(r"CREATE\s+VIRTUAL\s+TABLE", text, re.IGNORECASE) or re.search(
                r"\bfilm(_title)?_fts\b", text):
            return None
        out = _protect(text, _ddl_words)
        created = re.match(r"CREATE\s+TABLE\s+(\w+)", out, re.IGNORECASE)
        if created and re.search(r"\bid\s+BIGINT\s+PRIMARY\s+KEY", out):
            table = created.group(1)
            out += (f";\nCREATE SEQUENCE {table}_id_seq OWNED BY {table}.id;\n"
                    f"CREATE TRIGGER {table}_fill_id BEFORE INSERT ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION marquee_fill_id('{table}_id_seq')")
        return self.sql(out)


def _ddl_words(text: str) -> str:
    text = re.sub(r"\bINTEGER\b", "BIGINT", text, flags=re.IGNORECASE)
    text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text, flags=re.IGNORECASE)
    text = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', text, flags=re.IGNORECASE)
    text = re.sub(r"(\w+)\s+COLLATE\s+NOCASE\b", r"lower(\1)", text, flags=re.IGNORECASE)
    text = re.sub(r"(\bREFERENCES\s+\w+\s*\(\w+\)(?:\s+ON\s+DELETE\s+(?:SET\s+NULL|CASCADE|RESTRICT))?)",
                  r"\1 DEFERRABLE INITIALLY IMMEDIATE", text, flags=re.IGNORECASE)
    return re.sub(r"\)\s*WITHOUT\s+ROWID\s*$", ")", text, flags=re.IGNORECASE)


def _protect(sql: str, change: Any, literal: Any = None) -> str:
    """Apply `change` to the SQL outside its string literals and quoted names (and `literal` to them)."""
    parts, last = [], 0
    for match in _LITERAL.finditer(sql):
        parts.append(change(sql[last:match.start()]))
        parts.append(literal(match.group(0)) if literal else match.group(0))
        last = match.end()
    parts.append(change(sql[last:]))
    return "".join(parts)


def _words(text: str) -> str:
    text = text.replace("%", "%%")
    text = _IS_PARAM.sub("IS NOT DISTINCT FROM ?", text)
    text = _WHERE_ONE.sub("WHERE TRUE", text)
    text = _CROSS_ON.sub(r"JOIN \1 ON", text)
    text = _TEMP.sub("pg_temp.", text)
    return text.replace("?", "%s")


@functools.lru_cache(maxsize=4096)
def _translate(sql: str, primary_keys: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    suffix = ""
    insert_or = _INSERT_OR.match(sql)
    if insert_or:
        how, table, columns = insert_or.group(1).upper(), insert_or.group(2), insert_or.group(3)
        named = f"({columns}) " if columns is not None else ""
        sql = f"INSERT INTO {table} {named}" + sql[insert_or.end():].lstrip()
        if how == "IGNORE":
            suffix = " ON CONFLICT DO NOTHING"
        else:
            keys = dict(primary_keys).get(table, ("id",))
            assert columns is not None, "INSERT OR REPLACE names its columns"
            names = [c.strip() for c in columns.split(",")]
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in keys)
            suffix = f" ON CONFLICT ({', '.join(keys)}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
    sql = _group_concat(sql) if "group_concat" in sql.lower() else sql
    if "NOCASE" in sql.upper():
        sql = _GROUP_NOCASE.sub(r"GROUP BY lower(\1)", sql)
        sql = _EQUALS_NOCASE.sub(r"lower(\1) = lower(?)", sql)
    return _protect(sql, _words, lambda text: text.replace("%", "%%")).rstrip() + suffix
