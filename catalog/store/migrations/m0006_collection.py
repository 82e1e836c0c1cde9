"""Version 6: the collection — the collector's copies (several per film, each with its own pictures),
other titles, external ids, the film's countries, languages and keywords, its original language and
web site, and custom fields the collector defines. The film's medium, location and barcode become
its first copy and leave the film table. Frozen SQL, never the live models.

(Numbers 4 and 5 are left to other work in progress; migrations run in number order.)"""

from __future__ import annotations

from peewee import Database

NAME = "copies, ids, other titles, lists and custom fields"

SQL = """
ALTER TABLE film ADD COLUMN original_language TEXT;
ALTER TABLE film ADD COLUMN web_site TEXT;

CREATE TABLE film_copy (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    medium TEXT,
    edition TEXT,
    video_format TEXT,
    region TEXT,
    aspect_ratio TEXT,
    widescreen INTEGER,
    colour TEXT,
    audio TEXT,
    subtitles TEXT,
    discs INTEGER,
    barcode TEXT,
    condition TEXT,
    location TEXT,
    purchased_on TEXT,
    price REAL,
    currency TEXT,
    store TEXT,
    notes TEXT
);
CREATE INDEX film_copy_film ON film_copy(film_id, position);
CREATE INDEX film_copy_medium ON film_copy(medium COLLATE NOCASE, film_id);
CREATE INDEX film_copy_location ON film_copy(location COLLATE NOCASE, film_id);
CREATE INDEX film_copy_barcode ON film_copy(barcode);

CREATE TABLE alternative_title (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    language TEXT
);
CREATE INDEX alternative_title_film ON alternative_title(film_id, position);

CREATE TABLE external_id (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX external_id_film ON external_id(film_id, position);
CREATE INDEX external_id_value ON external_id(kind, value COLLATE NOCASE);

CREATE TABLE film_value (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    list TEXT NOT NULL,
    value TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX film_value_film ON film_value(film_id, list, position);
CREATE INDEX film_value_value ON film_value(list, value COLLATE NOCASE);

CREATE TABLE custom_field (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL DEFAULT 'text',
    choices TEXT,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE film_custom (
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    field_id INTEGER NOT NULL REFERENCES custom_field(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (film_id, field_id)
) WITHOUT ROWID;
CREATE INDEX film_custom_field ON film_custom(field_id, value COLLATE NOCASE);

ALTER TABLE image ADD COLUMN copy_id INTEGER REFERENCES film_copy(id) ON DELETE SET NULL;

INSERT INTO film_copy (film_id, position, medium, location, barcode)
SELECT id, 0, medium, location, barcode FROM film
WHERE coalesce(medium, '') <> '' OR coalesce(location, '') <> '' OR coalesce(barcode, '') <> '';

ALTER TABLE film DROP COLUMN medium;
ALTER TABLE film DROP COLUMN location;
ALTER TABLE film DROP COLUMN barcode
"""


def up(db: Database) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            db.execute_sql(statement)
