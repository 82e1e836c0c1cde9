"""Version 10: indexes of the posters and people's photos, so that removing a picture (which clears
the poster or photo that names it) finds them by index instead of reading every film and person of
a million-film catalogue. (Whether a film was watched has its index since version 7.) On a server,
also the search's people columns, so that `director:`, `writer:`, `cast:`… read an index instead
of every film's (100 ms at 100,000 films); FTS5 indexes every column of a file's search already."""

from __future__ import annotations

NAME = "indexes of posters and photos (and of a server's people search)"

SQL = """
CREATE INDEX IF NOT EXISTS film_poster ON film(poster_id);
CREATE INDEX IF NOT EXISTS person_photo ON person(photo_id)
"""

POSTGRES = SQL + """;
CREATE INDEX IF NOT EXISTS film_search_directors ON film_search USING gin (directors);
CREATE INDEX IF NOT EXISTS film_search_writers ON film_search USING gin (writers);
CREATE INDEX IF NOT EXISTS film_search_actors ON film_search USING gin (actors);
CREATE INDEX IF NOT EXISTS film_search_crew ON film_search USING gin (crew);
CREATE INDEX IF NOT EXISTS film_search_characters ON film_search USING gin (characters)
"""
