"""Search: turns what a user types into a WHERE clause over films. (Simple substring search for
now; issue 6 replaces it with an FTS5 index kept in step by reindex/unindex.)"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import SqliteDatabase

from .text import fold


def where_clause(db: SqliteDatabase, query: str) -> tuple[str, tuple]:
    terms = fold(query).split()
    if not terms:
        return "", ()
    clauses, params = [], []
    for term in terms:
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "(f.sort_key LIKE ? ESCAPE '\\' OR f.title_key LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM credit c "
            "JOIN person p ON p.id = c.person_id WHERE c.film_id = f.id AND p.name_key LIKE ? ESCAPE '\\'))"
        )
        params += [like, like, like]
    return "WHERE " + " AND ".join(clauses), tuple(params)


def reindex(db: SqliteDatabase, film_ids: Iterable[int]) -> None:
    """Bring the search index up to date for these films (inside the caller's transaction)."""


def unindex(db: SqliteDatabase, film_ids: Iterable[int]) -> None:
    """Drop these films from the search index (inside the caller's transaction)."""
