"""Version 10: indexes of the posters and people's photos, so that removing a picture (which clears
the poster or photo that names it) finds them by index instead of reading every film and person of
a million-film catalogue. (Whether a film was watched has its index since version 7.)"""

from __future__ import annotations

NAME = "indexes of posters and photos"

SQL = """
CREATE INDEX IF NOT EXISTS film_poster ON film(poster_id);
CREATE INDEX IF NOT EXISTS person_photo ON person(photo_id)
"""
