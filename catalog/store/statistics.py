"""The SQL behind the Statistics view and `stats`: each figure one GROUP BY over an indexed column.
Reads only; any thread (its own connection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.store import Store

# Runtime buckets: (label, low, high) in minutes, high exclusive (None: no bound).
RUNTIME_BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("under 80", None, 80), ("80–89", 80, 90), ("90–99", 90, 100), ("100–109", 100, 110), ("110–119", 110, 120),
    ("120–139", 120, 140), ("140–159", 140, 160), ("160–179", 160, 180), ("180 and over", 180, None))



def _bucket_sql() -> str:
    parts = []
    for n, (_, low, high) in enumerate(RUNTIME_BUCKETS):
        if low is None:
            condition = f"runtime_min < {high}"
        elif high is None:
            condition = f"runtime_min >= {low}"
        else:
            condition = f"runtime_min >= {low} AND runtime_min < {high}"
        parts.append(f"WHEN {condition} THEN {n}")
    return f"CASE {' '.join(parts)} END"


_BUCKET = _bucket_sql()


class StatisticsQueries:
    def __init__(self, store: Store) -> None:
        self.store = store

    def totals(self) -> dict[str, int]:
        one = self.store.scalar
        return {
            "films": one("SELECT count(*) FROM film"),
            "wanted": one("SELECT count(*) FROM wish"),
            "copies": one("SELECT count(*) FROM film_copy"),
            "people": one("SELECT count(*) FROM person"),
            "viewings": one("SELECT count(*) FROM viewing"),
            "on_loan": one("SELECT count(*) FROM loan WHERE returned_on IS NULL"),
            "loans": one("SELECT count(*) FROM loan"),
        }

    def by_decade(self) -> list[tuple[int, int]]:
        return self.store.rows("SELECT year / 10 * 10 AS d, count(*) FROM film WHERE year IS NOT NULL "
                               "GROUP BY d ORDER BY d")

    def added_by_year(self) -> list[tuple[str, int]]:
        """(year the films were added to the catalogue, how many)."""
        return self.store.rows("SELECT substr(created_at, 1, 4) AS y, count(*) FROM film GROUP BY y ORDER BY y")

    def by_genre(self) -> list[tuple[str, int]]:
        return self.store.rows("SELECT g.name, n FROM (SELECT genre_id, count(*) AS n FROM film_genre "
                               "GROUP BY genre_id) AS t JOIN genre g ON g.id = t.genre_id ORDER BY n DESC, g.name_key")

    def by_medium(self) -> list[tuple[str, int]]:
        """Copies by medium (those without one as '')."""
        return self.store.rows("SELECT coalesce(min(medium), ''), count(*) AS n FROM film_copy "
                               "GROUP BY coalesce(medium, '') COLLATE NOCASE ORDER BY n DESC, 1")

    def top_people(self, role: str, limit: int) -> list[tuple[str, int]]:
        return self.store.rows(
            "SELECT p.name, n FROM (SELECT person_id, count(DISTINCT film_id) AS n FROM credit WHERE role = ? "
            "GROUP BY person_id ORDER BY n DESC LIMIT ?) AS t JOIN person p ON p.id = person_id "
            "ORDER BY n DESC, p.name_key",
            (role, limit))

    def watched(self) -> tuple[int, int]:
        counts = dict(self.store.rows("SELECT watched <> 0, count(*) FROM film GROUP BY 1"))
        return counts.get(1, 0), counts.get(0, 0)

    def runtimes(self) -> list[tuple[str, int]]:
        counts = dict(self.store.rows(f"SELECT {_BUCKET} AS b, count(*) FROM film WHERE runtime_min IS NOT NULL "
                                      "GROUP BY b"))
        return [(label, counts.get(n, 0)) for n, (label, _, _) in enumerate(RUNTIME_BUCKETS)]

    def unknown_runtime(self) -> int:
        return self.store.scalar("SELECT count(*) FROM film WHERE runtime_min IS NULL")

    def purchases(self) -> list[tuple[str, int, float]]:
        """(currency — '' when not told —, copies with a price, their total) per currency."""
        return self.store.rows("SELECT coalesce(upper(currency), ''), count(*), sum(price) FROM film_copy "
                               "WHERE price IS NOT NULL GROUP BY 1 ORDER BY 3 DESC")

    def loans_by_borrower(self) -> list[tuple[str, int, int]]:
        """(borrower, loans ever, loans open now), most loans first."""
        return self.store.rows("SELECT b.name, count(l.id) AS n, count(l.id) - count(l.returned_on) FROM borrower b "
                               "JOIN loan l ON l.borrower_id = b.id GROUP BY b.id ORDER BY n DESC, b.name_key")

    def viewings_by_month(self) -> list[tuple[str, int]]:
        """(YYYY-MM, viewings) for the viewings whose month is known."""
        return self.store.rows("SELECT substr(date, 1, 7) AS m, count(*) FROM viewing WHERE length(date) >= 7 "
                               "GROUP BY m ORDER BY m")
