"""Version 7: the collector's desk — the diary (each viewing of a film: `watched` becomes derived
from it), borrowers and loans of copies (at most one open loan a copy, the history kept), the
wishlist, the list's "On loan" column, and indexes the Browse pane's counts run over. Frozen SQL,
never the live models.

Every film marked watched gets one viewing without a date, so that `watched` stays as it was."""

from __future__ import annotations

from peewee import Database

NAME = "diary, loans, wishlist and browsing"

SQL = """
CREATE TABLE viewing (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    date TEXT,
    rating REAL,
    note TEXT
);
CREATE INDEX viewing_film ON viewing(film_id, date);
CREATE INDEX viewing_date ON viewing(date);

CREATE TABLE borrower (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    contact TEXT,
    notes TEXT
);

CREATE TABLE loan (
    id INTEGER PRIMARY KEY,
    copy_id INTEGER NOT NULL REFERENCES film_copy(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    borrower_id INTEGER NOT NULL REFERENCES borrower(id),
    lent_on TEXT NOT NULL,
    due_on TEXT,
    returned_on TEXT,
    notes TEXT
);
CREATE UNIQUE INDEX loan_one_open ON loan(copy_id) WHERE returned_on IS NULL;
CREATE INDEX loan_film ON loan(film_id, lent_on);
CREATE INDEX loan_copy ON loan(copy_id, lent_on);
CREATE INDEX loan_borrower ON loan(borrower_id, lent_on);
CREATE INDEX loan_open_due ON loan(due_on, film_id) WHERE returned_on IS NULL;

CREATE TABLE wish (
    film_id INTEGER PRIMARY KEY REFERENCES film(id) ON DELETE CASCADE,
    priority INTEGER NOT NULL DEFAULT 2,
    note TEXT,
    added_on TEXT NOT NULL
);
CREATE INDEX wish_priority ON wish(priority, film_id);

ALTER TABLE film ADD COLUMN loaned_to TEXT;
ALTER TABLE film ADD COLUMN loan_due TEXT;
CREATE INDEX film_loaned ON film(loaned_to, sort_key, id);
CREATE INDEX film_watched ON film(watched, id);

CREATE INDEX credit_role_person ON credit(role, person_id, film_id);
CREATE INDEX film_genre_count ON film_genre(genre_id, film_id);
CREATE INDEX film_value_count ON film_value(list, value, film_id);

INSERT INTO viewing (film_id, position, date, rating, note)
SELECT id, 0, NULL, NULL, NULL FROM film WHERE watched <> 0
"""


def up(db: Database) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            db.execute_sql(statement)
