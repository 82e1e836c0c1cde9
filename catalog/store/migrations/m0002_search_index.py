"""Version 2: the full-text search index (FTS5), filled for the films already there, a small title-only
index that ranks title matches first cheaply, and indexes that keep filtered lists fast at 100k films.

Frozen SQL: catalog/search.py keeps the live copy of the fill query; a later change of columns is a
new migration that drops and refills the table."""

NAME = "search index"

SQL = """
CREATE VIRTUAL TABLE film_fts USING fts5(
    title, directors, writers, actors, crew, characters, body, extras,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE VIRTUAL TABLE film_title_fts USING fts5(
    title, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
-- Covers the list's filters in title order: a filtered list never reads the (wide) film rows.
CREATE INDEX film_list ON film(sort_key, id, year, rating, runtime_min, watched, video_count, poster_id);
CREATE INDEX video_kind ON video(kind, film_id);
-- Sorting by date added scans this instead of the film rows (268 ms -> see benchmarks/README.md).
CREATE INDEX film_added ON film(created_at, sort_key, id);

WITH cr AS (
    SELECT c.film_id AS id,
        group_concat(CASE WHEN c.role = 'director' THEN p.name END, ' ') AS directors,
        group_concat(CASE WHEN c.role = 'writer' THEN p.name END, ' ') AS writers,
        group_concat(CASE WHEN c.role = 'actor' THEN p.name END, ' ') AS actors,
        group_concat(CASE WHEN c.role NOT IN ('director', 'writer', 'actor') THEN p.name END, ' ') AS crew,
        group_concat(c.character, ' ') AS characters
    FROM credit c JOIN person p ON p.id = c.person_id GROUP BY c.film_id),
vi AS (SELECT film_id AS id, group_concat(title, ' ') AS t FROM video GROUP BY film_id),
re AS (SELECT film_id AS id, group_concat(coalesce(author, '') || ' ' || coalesce(outlet, '') || ' '
       || coalesce(excerpt, ''), ' ') AS t FROM review GROUP BY film_id),
ar AS (SELECT film_id AS id, group_concat(headline, ' ') AS t FROM article GROUP BY film_id)
INSERT INTO film_fts (rowid, title, directors, writers, actors, crew, characters, body, extras)
SELECT f.id, f.title || ' ' || coalesce(f.original_title, ''),
    cr.directors, cr.writers, cr.actors, cr.crew, cr.characters,
    coalesce(f.tagline, '') || ' ' || coalesce(f.synopsis, '') || ' ' || coalesce(f.notes, ''),
    coalesce(vi.t, '') || ' ' || coalesce(re.t, '') || ' ' || coalesce(ar.t, '')
FROM film f LEFT JOIN cr ON cr.id = f.id LEFT JOIN vi ON vi.id = f.id LEFT JOIN re ON re.id = f.id
    LEFT JOIN ar ON ar.id = f.id;

INSERT INTO film_title_fts (rowid, title) SELECT id, title || ' ' || coalesce(original_title, '') FROM film
"""
