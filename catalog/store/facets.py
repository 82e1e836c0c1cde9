"""The Browse pane's counts: for each facet (catalog.model.facets), its values with the number of
films of the current search that have each, by SQL over indexes (GROUP BY on covering indexes:
film_genre(genre_id, film_id), credit(role, person_id, film_id), film_value(list, value, film_id),
film_copy(medium/location, film_id), film_custom(field_id, value), film(year, …)).

A search narrows the counts: its matches are put once into a temporary table of this connection
(`temp.facet_ids`) that every facet's query joins; in a big catalogue, the genres and years of many
matches are counted through a mask of them instead (`MASK_FROM`). Reads only; any thread (its own
connection)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from catalog.model.facets import FacetValue, clause
from catalog.model.loans import today

if TYPE_CHECKING:
    from catalog.store import Store

FEW = 3  # matches fewer than a third of the films: each count starts from them
# From this many films (ids), a search's matches may be counted for the genres and the years through
# a mask of them: each value's films read along its index as one string (film_genre's, the year's),
# not each match probed in, or looked up from, a temporary table of them. At a million films the
# genres and decades of `night` (812,898 matches) 1.6 -> 0.39 s; the years of `chaz` (41,068) 0.84
# -> 0.17 s (each match's film row looked up: ~20 µs a film, where the year index is read at once).
MASK_FROM = 300_000
YEARS_MASKED_FROM = 15_000  # matches (the genres: from a third of the films, as FEW)
HAS = (("featurette", "Featurettes"), ("trailer", "Trailers"), ("review", "Reviews"), ("poster", "A poster"))
LISTS = {"country": "country", "language": "language"}
COPY_FIELDS = ("medium", "location")


class FacetCounts:
    def __init__(self, store: Store) -> None:
        self.store = store

    def many(self, keys: Iterable[str], query: str = "") -> dict[str, list[FacetValue]]:
        """The values of several facets (keys of catalog.model.facets, or a decade's 'year:1990'),
        counted over the films `query` matches (every film for an empty one)."""
        keys = list(keys)
        mask, masked = self._masked(query, keys)
        found = {key: self._values_masked(key, mask) for key in masked}
        if len(found) < len(keys):
            with self._matching(query) as join:
                found.update((key, self._values(key, join)) for key in keys if key not in found)
        return {key: found[key] for key in keys}

    def values(self, key: str, query: str = "") -> list[FacetValue]:
        return self.many([key], query)[key]

    def _masked(self, query: str, keys: list[str]) -> tuple[Any, list[str]]:
        """(the matches of `query` as a mask over film ids (numpy bools), the keys to count through
        it): the genres and years of a big catalogue's search when it matches many films; else
        (None, [])."""
        store = self.store
        years = [key for key in keys if key == "year" or key.startswith("year:")]
        if not query.strip() or store.server is not None or not (years or "genre" in keys):
            return None, []
        top = store.scalar("SELECT max(id) FROM film") or 0
        if top < MASK_FROM:
            return None, []
        import numpy as np

        from catalog.store.search_index import Fts5Index

        matches = cast(Fts5Index, store.search).match_set(query, titles=False)[0]  # (the list's search's)
        masked = (years if len(matches) >= YEARS_MASKED_FROM else []) + (
            ["genre"] if "genre" in keys and len(matches) * FEW >= top else [])
        if not masked:
            return None, []
        mask = np.zeros(top + 1, dtype=bool)
        mask[matches[(matches >= 0) & (matches <= top)]] = True
        return mask, masked

    @staticmethod
    def _count_masked(mask: Any, rows: list[tuple[Any, str]]) -> list[tuple[Any, int]]:
        """(value, its matching films) for (value, its films as group_concat's text) rows, those
        with any."""
        import numpy as np

        from catalog.store.film_list import parse_ids

        counted = []
        for value, text in rows:
            films = parse_ids(text)
            n = int(np.count_nonzero(mask[films[films < len(mask)]]))
            if n:
                counted.append((value, n))
        return counted

    def _values_masked(self, key: str, mask: Any) -> list[FacetValue]:
        """`_values` of the genres or years over the matches' mask (see `_masked`)."""
        rows = self.store.rows
        if key == "genre":
            counts = dict(self._count_masked(mask, rows(
                "SELECT genre_id, group_concat(film_id) FROM film_genre GROUP BY genre_id")))
            genres = sorted((-counts[gid], key, name, gid) for gid, name, key in rows(
                "SELECT id, name, name_key FROM genre") if gid in counts)
            return [FacetValue(name, -n, clause("genre", name)) for n, _key, name, _gid in genres]

        def years(decade: int | None) -> list[tuple[int, int]]:  # along the year index, its films as text
            bounds, params = self._year_bounds(decade)
            return self._count_masked(mask, rows(f"SELECT f.year, group_concat(f.id) FROM film f WHERE {bounds} "
                                                 "GROUP BY f.year ORDER BY f.year", params))
        return self._year_values(key, years)

    @contextmanager
    def _matching(self, query: str) -> Iterator[tuple[str, bool] | None]:
        """None for every film, else (the temporary table holding the matches' ids, whether they
        are few enough that each facet's query starts from them rather than scanning its index)."""
        if not query.strip():
            yield None
            return
        store = self.store
        store.execute("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)")
        store.execute("DELETE FROM temp.facet_ids")
        try:
            select, params = store.search.matching_sql(query)  # words only: straight from the index
            store.execute(f"INSERT OR IGNORE INTO temp.facet_ids {select}", params)
            matches = store.scalar("SELECT count(*) FROM temp.facet_ids")
            yield "temp.facet_ids", matches * FEW < max(1, store.scalar("SELECT max(id) FROM film") or 1)
        finally:
            store.execute("DELETE FROM temp.facet_ids")

    def _values(self, key: str, matching: tuple[str, bool] | None) -> list[FacetValue]:
        def src(table: str, column: str) -> str:
            """`table` narrowed to the matches: starting from them when they are few (a CROSS JOIN
            keeps its order in SQLite), else probing them while the table's index is scanned."""
            if matching is None:
                return table
            ids, few = matching
            if few:
                return f"{ids} m CROSS JOIN {table} ON {column} = m.id"
            return f"{table} JOIN {ids} m ON m.id = {column}"

        rows = self.store.rows
        if key == "genre":
            return [FacetValue(name, n, clause("genre", name)) for name, n in rows(
                "SELECT g.name, n FROM (SELECT fg.genre_id AS gid, count(*) AS n FROM "
                + src("film_genre fg", "fg.film_id")
                + " GROUP BY fg.genre_id) AS t JOIN genre g ON g.id = gid ORDER BY n DESC, g.name_key")]
        if key == "year" or key.startswith("year:"):
            return self._year_values(key, lambda decade: self._years(src, decade))
        if key in ("director", "actor"):
            field = "director" if key == "director" else "cast"
            return [FacetValue(name, n, clause(field, name)) for name, n in rows(
                "SELECT p.name, n FROM (SELECT c.person_id, count(DISTINCT c.film_id) AS n FROM " +
                src("credit c", "c.film_id") + " WHERE c.role = ? GROUP BY c.person_id) AS t JOIN person p ON "
                "p.id = person_id ORDER BY n DESC, p.name_key", (key,))]
        if key in LISTS:  # along the (list, value, film_id) index; spellings differing in case summed after
            folded: dict[str, list[Any]] = {}
            for value, n in rows("SELECT v.value, count(DISTINCT v.film_id) FROM " + src("film_value v", "v.film_id")
                                 + " WHERE v.list = ? GROUP BY v.value", (LISTS[key],)):
                entry = folded.setdefault(value.casefold(), [value, 0])
                entry[1] += n
            ordered = sorted(folded.values(), key=lambda e: (-e[1], e[0]))
            return [FacetValue(value, n, clause(key, value)) for value, n in ordered]
        if key in COPY_FIELDS:
            return [FacetValue(value, n, clause(key, value)) for value, n in rows(
                f"SELECT min(c.{key}), count(DISTINCT c.film_id) AS n FROM " + src("film_copy c", "c.film_id") +
                f" WHERE coalesce(c.{key}, '') <> '' GROUP BY c.{key} COLLATE NOCASE ORDER BY n DESC, min(c.{key})")]
        if key.startswith("custom:"):
            field_id = int(key.removeprefix("custom:"))
            name = self.store.scalar("SELECT name FROM custom_field WHERE id = ?", (field_id,)) or ""
            return [FacetValue(value, n, clause("field", value, name)) for value, n in rows(
                "SELECT min(fc.value), count(*) AS n FROM " + src("film_custom fc", "fc.film_id") +
                " WHERE fc.field_id = ? GROUP BY fc.value COLLATE NOCASE ORDER BY n DESC, min(fc.value)", (field_id,))]
        if key == "has":
            return [v for v in (self._has(word, label, src) for word, label in HAS) if v.count]
        if key == "watched":
            counts: dict[bool, int] = {}
            for watched, n in rows("SELECT f.watched, count(*) FROM " + src("film f", "f.id") + " GROUP BY f.watched"):
                counts[bool(watched)] = counts.get(bool(watched), 0) + n
            return [v for v in (FacetValue("Watched", counts.get(True, 0), "watched:yes"),
                                FacetValue("Not watched", counts.get(False, 0), "watched:no")) if v.count]
        if key == "loans":
            return self._loans(src)
        if key == "wishlist":
            total = self._total(src)
            wanted = self.store.scalar("SELECT count(*) FROM " + src("wish w", "w.film_id"))
            return [v for v in (FacetValue("Owned", total - wanted, "wanted:no"),
                                FacetValue("Wanted", wanted, "wanted:yes")) if v.count]
        raise KeyError(key)

    @staticmethod
    def _year_values(key: str, years: Callable[[int | None], list[tuple[int, int]]]) -> list[FacetValue]:
        """The decades ('year'), or a decade's years ('year:1990'), from `years(decade or None)`:
        (year, films) in year order."""
        if key == "year":  # by year along the year index, then summed by decade
            decades: dict[int, int] = {}
            for year, n in years(None):
                decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + n
            return [FacetValue(f"{d}s", n, f"year:{d}..{d + 9}", f"year:{d}") for d, n in sorted(decades.items(),
                                                                                               reverse=True)]
        decade = int(key.removeprefix("year:"))
        return [FacetValue(str(year), n, f"year:{year}") for year, n in reversed(years(decade))]

    @staticmethod
    def _year_bounds(decade: int | None) -> tuple[str, tuple[int, ...]]:
        return ("f.year IS NOT NULL", ()) if decade is None else ("f.year BETWEEN ? AND ?", (decade, decade + 9))

    def _years(self, src: Any, decade: int | None) -> list[tuple[int, int]]:
        """(year, films) in year order, over the year index (no sort)."""
        bounds, params = self._year_bounds(decade)
        return self.store.rows("SELECT f.year, count(*) FROM " + src("film f", "f.id") + f" WHERE {bounds} "
                               "GROUP BY f.year ORDER BY f.year", params)

    def _total(self, src: Any) -> int:
        return int(self.store.scalar("SELECT count(*) FROM " + src("film f", "f.id")))

    def _has(self, word: str, label: str, src: Any) -> FacetValue:
        if word == "poster":
            sql = "SELECT count(*) FROM " + src("film f", "f.id") + " WHERE f.poster_id IS NOT NULL"
            return FacetValue(label, self.store.scalar(sql), "has:poster")
        if word == "review":
            sql = "SELECT count(DISTINCT r.film_id) FROM " + src("review r", "r.film_id")
            return FacetValue(label, self.store.scalar(sql), "has:review")
        sql = "SELECT count(DISTINCT v.film_id) FROM " + src("video v", "v.film_id") + " WHERE v.kind = ?"
        return FacetValue(label, self.store.scalar(sql, (word,)), f"has:{word}")

    def _loans(self, src: Any) -> list[FacetValue]:
        lent = self.store.scalar("SELECT count(DISTINCT l.film_id) FROM " + src("loan l", "l.film_id") +
                                 " WHERE l.returned_on IS NULL")
        overdue = self.store.scalar("SELECT count(DISTINCT l.film_id) FROM " + src("loan l", "l.film_id") +
                                    " WHERE l.returned_on IS NULL AND l.due_on < ?", (today(),))
        out = [FacetValue("On loan", lent, "on-loan:yes"), FacetValue("Overdue", overdue, "overdue:yes"),
               FacetValue("Not on loan", self._total(src) - lent, "on-loan:no")]
        by_borrower = ("SELECT b.name, n FROM (SELECT l.borrower_id AS bid, count(DISTINCT l.film_id) AS n FROM " +
                       src("loan l", "l.film_id") + " WHERE l.returned_on IS NULL GROUP BY l.borrower_id) AS t "
                       "JOIN borrower b ON b.id = bid ORDER BY n DESC, b.name_key")
        out += [FacetValue(f"Lent to {name}", n, clause("borrower", name)) for name, n in self.store.rows(by_borrower)]
        return [v for v in out if v.count]
