"""Version 11: films by title key *and* year, so that an import asks the catalogue whether each of
its films is there already instead of holding every film's title (11 s and 790 MB at a million
films); a key as common as "the" (30,000 films of a generated million) no longer reads them all
to find one year's. The index of the key alone goes: the pair serves every lookup it did."""

from __future__ import annotations

NAME = "index of films by title and year"

SQL = """
CREATE INDEX IF NOT EXISTS film_title_year ON film(title_key, year);
DROP INDEX IF EXISTS film_title_key
"""
