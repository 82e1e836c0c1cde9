"""Version 3: sorting and matching share one list of leading articles (catalog.model.text), so the
stored sort keys of films and directors are computed again ("Los olvidados" now shelves under O,
as "Los" already did for matching)."""

from __future__ import annotations

from peewee import Database

from catalog.model.text import sort_key

NAME = "one list of articles for sort keys"


def up(db: Database) -> None:
    rows = db.execute_sql("SELECT id, title, sort_title, directors FROM film").fetchall()
    db.cursor().executemany(
        "UPDATE film SET sort_key = ?, directors_key = ? WHERE id = ?",
        [(sort_key(sort_title or title), sort_key(directors.split(", ")[0]) if directors else "", fid)
         for fid, title, sort_title, directors in rows])
