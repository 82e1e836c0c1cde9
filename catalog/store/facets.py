"""The Browse pane's counts: for each facet (catalog.model.facets), its values with the number of
films of the current search that have each, by SQL over indexes (GROUP BY on covering indexes:
film_genre(genre_id, film_id), credit(role, person_id, film_id), film_value(list, value, film_id),
film_copy(medium/location, film_id), film_custom(field_id, value), film(year, …)).

A search narrows the counts: its matches are put once into a temporary table of this connection
(`temp.facet_ids`) that every facet's query joins. Reads only; any thread (its own connection)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from catalog.model.facets import FacetValue, clause
from catalog.model.loans import today

if TYPE_CHECKING:
    from catalog.store import Store

HAS = (("featurette", "Featurettes"), ("trailer", "Trailers"), ("review", "Reviews"), ("poster", "A poster"))
LISTS = {"country": "country", "language": "language"}
COPY_FIELDS = ("medium", "location")


class FacetCounts:
    def __init__(self, store: Store) -> None:
        self.store = store

    def many(self, keys: Iterable[str], query: str = "") -> dict[str, list[FacetValue]]:
        """The values of several facets (keys of catalog.model.facets, or a decade's 'year:1990'),
        counted over the films `query` matches (every film for an empty one)."""
        with self._matching(query) as join:
            return {key: self._values(key, join) for key in keys}

    def values(self, key: str, query: str = "") -> list[FacetValue]:
        return self.many([key], query)[key]

    @contextmanager
    def _matching(self, query: str) -> Iterator[str | None]:
        """None for every film, else the name of the temporary table holding the matches' ids."""
        if not query.strip():
            yield None
            return
        where, params = self.store.search.where_clause(query)
        self.store.execute("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)")
        self.store.execute("DELETE FROM temp.facet_ids")
        try:
            self.store.execute(f"INSERT INTO temp.facet_ids SELECT f.id FROM film f {where}", params)
            yield "temp.facet_ids"
        finally:
            self.store.execute("DELETE FROM temp.facet_ids")

    def _values(self, key: str, ids: str | None) -> list[FacetValue]:
        def join(column: str) -> str:
            return f" JOIN {ids} m ON m.id = {column}" if ids else ""

        rows = self.store.rows
        if key == "genre":
            return [FacetValue(name, n, clause("genre", name)) for name, n in rows(
                "SELECT g.name, count(*) AS n FROM film_genre fg" + join("fg.film_id") +
                " JOIN genre g ON g.id = fg.genre_id GROUP BY fg.genre_id ORDER BY n DESC, g.name_key")]
        if key == "year":
            return [FacetValue(f"{decade}s", n, f"year:{decade}..{decade + 9}", f"year:{decade}") for decade, n in rows(
                "SELECT f.year / 10 * 10 AS d, count(*) FROM film f" + join("f.id") +
                " WHERE f.year IS NOT NULL GROUP BY d ORDER BY d DESC")]
        if key.startswith("year:"):
            decade = int(key.removeprefix("year:"))
            return [FacetValue(str(year), n, f"year:{year}") for year, n in rows(
                "SELECT f.year, count(*) FROM film f" + join("f.id") +
                " WHERE f.year BETWEEN ? AND ? GROUP BY f.year ORDER BY f.year DESC", (decade, decade + 9))]
        if key in ("director", "actor"):
            field = "director" if key == "director" else "cast"
            return [FacetValue(name, n, clause(field, name)) for name, n in rows(
                "SELECT p.name, n FROM (SELECT c.person_id, count(DISTINCT c.film_id) AS n FROM credit c" +
                join("c.film_id") + " WHERE c.role = ? GROUP BY c.person_id) JOIN person p ON p.id = person_id "
                "ORDER BY n DESC, p.name_key", (key,))]
        if key in LISTS:
            return [FacetValue(value, n, clause(key, value)) for value, n in rows(
                "SELECT min(v.value), count(DISTINCT v.film_id) AS n FROM film_value v" + join("v.film_id") +
                " WHERE v.list = ? GROUP BY v.value COLLATE NOCASE ORDER BY n DESC, min(v.value)", (LISTS[key],))]
        if key in COPY_FIELDS:
            return [FacetValue(value, n, clause(key, value)) for value, n in rows(
                f"SELECT min(c.{key}), count(DISTINCT c.film_id) AS n FROM film_copy c" + join("c.film_id") +
                f" WHERE coalesce(c.{key}, '') <> '' GROUP BY c.{key} COLLATE NOCASE "
                f"ORDER BY n DESC, min(c.{key})")]
        if key.startswith("custom:"):
            field_id = int(key.removeprefix("custom:"))
            name = self.store.scalar("SELECT name FROM custom_field WHERE id = ?", (field_id,)) or ""
            return [FacetValue(value, n, clause("field", value, name)) for value, n in rows(
                "SELECT min(fc.value), count(*) AS n FROM film_custom fc" + join("fc.film_id") +
                " WHERE fc.field_id = ? GROUP BY fc.value COLLATE NOCASE ORDER BY n DESC, min(fc.value)",
                (field_id,))]
        if key == "has":
            return [v for v in (self._has(word, label, join) for word, label in HAS) if v.count]
        if key == "watched":
            counts = dict(rows("SELECT f.watched <> 0, count(*) FROM film f" + join("f.id") + " GROUP BY 1"))
            return [v for v in (FacetValue("Watched", counts.get(1, 0), "watched:yes"),
                                FacetValue("Not watched", counts.get(0, 0), "watched:no")) if v.count]
        if key == "loans":
            return self._loans(join)
        if key == "wishlist":
            total = self.store.scalar("SELECT count(*) FROM film f" + join("f.id"))
            wanted = self.store.scalar("SELECT count(*) FROM wish w" + join("w.film_id"))
            return [v for v in (FacetValue("Owned", total - wanted, "wanted:no"),
                                FacetValue("Wanted", wanted, "wanted:yes")) if v.count]
        raise KeyError(key)

    def _has(self, word: str, label: str, join: Any) -> FacetValue:
        if word == "poster":
            sql = "SELECT count(*) FROM film f" + join("f.id") + " WHERE f.poster_id IS NOT NULL"
            return FacetValue(label, self.store.scalar(sql), "has:poster")
        if word == "review":
            sql = "SELECT count(DISTINCT r.film_id) FROM review r" + join("r.film_id")
            return FacetValue(label, self.store.scalar(sql), "has:review")
        sql = "SELECT count(DISTINCT v.film_id) FROM video v" + join("v.film_id") + " WHERE v.kind = ?"
        return FacetValue(label, self.store.scalar(sql, (word,)), f"has:{word}")

    def _loans(self, join: Any) -> list[FacetValue]:
        open_sql = "FROM loan l" + join("l.film_id") + " WHERE l.returned_on IS NULL"
        lent = self.store.scalar(f"SELECT count(DISTINCT l.film_id) {open_sql}")
        overdue = self.store.scalar(f"SELECT count(DISTINCT l.film_id) {open_sql} AND l.due_on < ?", (today(),))
        total = self.store.scalar("SELECT count(*) FROM film f" + join("f.id"))
        out = [FacetValue("On loan", lent, "on-loan:yes"), FacetValue("Overdue", overdue, "overdue:yes"),
               FacetValue("Not on loan", total - lent, "on-loan:no")]
        by_borrower = ("SELECT b.name, count(DISTINCT l.film_id) AS n FROM loan l JOIN borrower b ON b.id = "
                       "l.borrower_id" + join("l.film_id") + " WHERE l.returned_on IS NULL GROUP BY b.id "
                       "ORDER BY n DESC, b.name_key")
        out += [FacetValue(f"Lent to {name}", n, clause("borrower", name)) for name, n in self.store.rows(by_borrower)]
        return [v for v in out if v.count]
