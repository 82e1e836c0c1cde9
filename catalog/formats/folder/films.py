"""Which film a file belongs to: match films by title and year, and create films from movie .nfo files.

Used by the folder importer on its calling thread. Matching is insensitive to case, accents,
punctuation and a leading article (:func:`catalog.model.text.title_key`); a year tells remakes apart.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.errors import ValidationError
from catalog.formats.folder.naming import ARTWORK_WORDS, parse_title_year
from catalog.formats.folder.nfo import NfoMovie
from catalog.model.text import title_key
from catalog.model.validation import CREDIT_ROLES, FILM_FIELDS
from catalog.ops.change import Change, step

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

__all__ = ["FilmIndex", "artwork_prefix", "create_film_from_nfo", "title_from_name"]

_ART_SUFFIX = re.compile(
    r"^(.*?)[-._ ]+(?:poster|folder|cover|keyart|fanart|backdrop|background|banner|clearlogo|logo|clearart|"
    r"disc|discart|cdart|landscape|thumb)(?:[-_ ]?\d+)?$", re.IGNORECASE)


def artwork_prefix(stem: str) -> str:
    """"Alien (1979)-poster" -> "Alien (1979)"; a name without an artwork word is returned as is."""
    match = _ART_SUFFIX.match(stem)
    return match.group(1) if match and match.group(1).strip() else stem


def title_from_name(name: str) -> tuple[str, int | None]:
    """Title and year a file or folder name stands for ("Alien.1979.1080p-fanart.jpg" -> Alien, 1979)."""
    stem = Path(name).stem if Path(name).suffix else name
    return parse_title_year(artwork_prefix(stem))


class FilmIndex:
    """The catalogue's films by title key, asked of the catalogue as names come (a million films'
    titles are not held) and remembered for the import; films the import creates are found too."""

    def __init__(self, cat: Catalogue) -> None:
        self.films = cat.films
        self.any = cat.films.count() > 0  # an empty catalogue is not asked (nor guessed at) for every name
        self.by_key: dict[str, list[tuple[int, int | None, str]]] = {}  # the keys asked of so far
        self.guesses: dict[tuple[str, int | None], tuple[int | None, str]] = {}

    def _films(self, key: str) -> list[tuple[int, int | None, str]]:
        films = self.by_key.get(key)
        if films is None:
            films = self.by_key[key] = self.films.with_title_key(key) if self.any else []
        return films

    def add(self, film_id: int, key: str, year: int | None, title: str) -> None:
        """A film the import created (asked of again, the catalogue has it too)."""
        self.any = True
        if key in self.by_key and all(f[0] != film_id for f in self.by_key[key]):
            self.by_key[key].append((film_id, year, title))
        self.guesses.clear()  # a guess may come closer to it now

    def match(self, title: str, year: int | None, unique: bool = True) -> int | None:
        """The film of that title (and year, when given; films without a year match any year).
        With ``unique``, a title shared by several films and no year to choose matches nothing."""
        key = title_key(title)
        films = self._films(key) if key else []
        if year is not None:
            exact = [fid for fid, fyear, _ in films if fyear == year]
            films = [f for f in films if f[1] is None] if not exact else [(exact[0], year, "")]
        if not films:
            return None
        return films[0][0] if len(films) == 1 or not unique else None

    def guess(self, title: str, year: int | None) -> str:
        """The best guess for a name nothing matched: the closest film title, else the name read as one."""
        return self.closest(title, year)[1]

    def best_guess(self, names: list[tuple[str, int | None]]) -> tuple[int | None, str | None]:
        """(film id, label) of the likeliest film for a picture whose names (its own, then its
        folders', nearest first) matched none: names with a year first, the first that comes close
        to a film's title wins; else (None, the first name read as a title). Bare artwork names
        ("poster", "fanart2") name no film and are passed over."""
        names = [n for n in names if n[0] and n[0].casefold().rstrip("0123456789 -_") not in ARTWORK_WORDS]
        ranked = [n for n in names if n[1]] + [n for n in names if not n[1]]
        for title, year in ranked:
            film_id, label = self.closest(title, year)
            if film_id is not None:
                return film_id, label
        return (None, self.closest(*ranked[0])[1]) if ranked else (None, None)

    def closest(self, title: str, year: int | None) -> tuple[int | None, str]:
        """(film id, "Title (Year)") of the film whose title is closest to a name, or (None, the
        name read as a title) when none is close: the longest title key of 4+ letters that begins
        the name's or begins with it, else the most alike of those that begin with the same two
        letters (a name misspelt in its first two letters is not guessed)."""
        if (title, year) not in self.guesses:
            self.guesses[(title, year)] = self._closest(title, year)
        return self.guesses[(title, year)]

    def _closest(self, title: str, year: int | None) -> tuple[int | None, str]:
        key = title_key(title)
        if key and self.any:
            close = self.films.title_key_around(key) or next(iter(difflib.get_close_matches(
                key, self.films.title_keys_from(key[:2]), n=1, cutoff=0.75)), None)
            films = self._films(close) if close else []
            if films:
                fid, fyear, ftitle = next((f for f in films if year is not None and f[1] == year), films[0])
                return fid, (f"{ftitle} ({fyear})" if fyear else ftitle)
        return None, (f"{title} ({year})" if year else title)


def _valid(name: str, value: object) -> object | None:
    try:
        return FILM_FIELDS[name](name, value)
    except ValidationError:
        return None


def create_film_from_nfo(cat: Catalogue, movie: NfoMovie) -> Change:
    """A new film with everything the .nfo says that the catalogue can hold, in one transaction
    (the change's `id` is the film's; undoing it deletes the film). Fields the catalogue would
    refuse (a runtime of 0, a 600-character title) are left out."""
    fields = {
        "title": movie.title, "original_title": movie.original_title, "sort_title": movie.sort_title,
        "year": movie.year, "runtime_min": movie.runtime_min, "synopsis": movie.plot or movie.outline,
        "tagline": movie.tagline, "certification": movie.certification, "rating": movie.user_rating,
        "watched": movie.watched,
    }
    clean = {k: v for k, v in fields.items() if v is not None and _valid(k, v) is not None}
    clean["title"] = movie.title[:500]
    with cat.transaction(f"Add film “{clean['title']}” from .nfo") as change:
        film_id = cat.films.create(clean).id
        assert film_id is not None
        if movie.genres:
            cat.films.set_genres(film_id, [g[:100] for g in movie.genres])
        if movie.studios:
            cat.films.set_companies(film_id, [{"name": s[:200], "role": "production"} for s in movie.studios])
        for key, values in (("countries", movie.countries), ("keywords", movie.tags)):
            if values:
                with contextlib.suppress(ValidationError):
                    cat.films.set_values(film_id, key, [v[:200] for v in values])
        for kind, value in movie.unique_ids.items():
            with contextlib.suppress(ValidationError):
                cat.records.add("external_id", film_id, {"kind": kind, "value": value})
        for name in movie.directors:
            cat.records.add_credit(film_id, name[:300], "director")
        for name in movie.writers:
            cat.records.add_credit(film_id, name[:300], "writer")
        for actor in movie.actors:
            cat.records.add_credit(film_id, actor.name[:300], "actor", (actor.role or None) and actor.role[:300])
        for credit in movie.crew:
            if credit.job in CREDIT_ROLES and credit.job not in ("director", "writer", "actor"):
                cat.records.add_credit(film_id, credit.name[:300], credit.job)
        for url in movie.trailers:
            with contextlib.suppress(ValidationError):
                cat.records.add("video", film_id, {"kind": "trailer", "title": "Trailer", "url": url})
        if movie.premiered:
            with contextlib.suppress(ValidationError):
                cat.records.add("release", film_id, {"kind": "premiere", "date": movie.premiered})
        change.id = film_id
        change.undo_with(step("films.delete", film_ids=[film_id]))
    return change
