"""Version 12, on a server only: a search reads the films' ids through the search index instead of
every film's search vectors. `film_search` keeps its big vectors (the text's, `doc`, `body`,
`extras`) out of line (`toast_tuple_target`) and the small ones that field filters read (title
and people) in the row, so that reading the ids of tens of thousands of matches reads ~4,800 pages
instead of ~20,000 at 100,000 films (existing rows are written again once and their indexes
built: ~9 s at 100,000 films). `marquee_search(condition, queries, most)` gives the ids of the
films a condition over `s` holds for (its tsqueries in `queries`, `$1[n]`; at most `most`, NULL:
all) with the table read only through its indexes: the planner, which does not count the cost
of fetching an out-of-line vector, would scan the table for a common word and fetch every film's
(0.3 s at 100,000 films). The condition is the store's own SQL (never user text); the function
runs with the caller's rights. An SQLite file has nothing to change (FTS5 reads ids from its
index), and is not upgraded for it."""

from __future__ import annotations

NAME = "a server's search reads ids by index"
SERVER_ONLY = True  # a file's schema stays at 11: not upgraded, not backed up for it

SQL = ""

POSTGRES = """
ALTER TABLE film_search SET (toast_tuple_target = 128);
ALTER TABLE film_search ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN directors SET STORAGE MAIN,
    ALTER COLUMN writers SET STORAGE MAIN, ALTER COLUMN actors SET STORAGE MAIN,
    ALTER COLUMN crew SET STORAGE MAIN, ALTER COLUMN characters SET STORAGE MAIN;
CREATE TEMP TABLE film_search_rows ON COMMIT DROP AS SELECT * FROM film_search;
DROP INDEX film_search_doc, film_search_title, film_search_directors, film_search_writers, film_search_actors,
    film_search_crew, film_search_characters;
TRUNCATE film_search;
INSERT INTO film_search SELECT * FROM film_search_rows;
CREATE INDEX film_search_doc ON film_search USING gin (doc);
CREATE INDEX film_search_title ON film_search USING gin (title);
CREATE INDEX film_search_directors ON film_search USING gin (directors);
CREATE INDEX film_search_writers ON film_search USING gin (writers);
CREATE INDEX film_search_actors ON film_search USING gin (actors);
CREATE INDEX film_search_crew ON film_search USING gin (crew);
CREATE INDEX film_search_characters ON film_search USING gin (characters);
CREATE FUNCTION marquee_search(condition text, queries tsquery[], most bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SET enable_seqscan = off ROWS 5000 AS $$
BEGIN
    RETURN QUERY EXECUTE 'SELECT s.film_id FROM film_search s WHERE ' || condition || ' LIMIT $2' USING queries, most;
END $$
"""
