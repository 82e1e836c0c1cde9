"""The collection's statistics as plain data (`cat.statistics.figures()`): what the Statistics view
charts, `python main.py stats [--json]` prints and the printed statistics page shows — the same
figures for all three. Reads only; any thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from catalog.store.statistics import StatisticsQueries

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

TOP = 10  # directors and actors
GENRES = 15  # the rest of the genres are summed as "Other genres"


@dataclass(frozen=True)
class Series:
    """One chart's figures: a title, what is counted (`unit`), and (label, value) in order."""

    key: str
    title: str
    unit: str
    points: list[tuple[str, float]]
    note: str = ""  # a line under the chart ("12 films without a runtime")

    @property
    def total(self) -> float:
        return sum(v for _, v in self.points)


@dataclass(frozen=True)
class Spending:
    currency: str  # '' when the copies do not say
    copies: int
    total: float

    @property
    def average(self) -> float:
        return self.total / self.copies if self.copies else 0.0


@dataclass(frozen=True)
class Figures:
    totals: dict[str, int]
    charts: list[Series]
    spending: list[Spending]
    borrowers: list[tuple[str, int, int]]  # name, loans ever, open now
    made_on: str = field(default_factory=lambda: dt.date.today().isoformat())

    def chart(self, key: str) -> Series:
        return next(c for c in self.charts if c.key == key)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (what `stats --json` prints)."""
        out = asdict(self)
        out["charts"] = {c.key: {"title": c.title, "unit": c.unit, "note": c.note,
                                 "points": [{"label": label, "value": value} for label, value in c.points]}
                         for c in self.charts}
        out["spending"] = [{"currency": s.currency or None, "copies": s.copies, "total": round(s.total, 2),
                            "average": round(s.average, 2)} for s in self.spending]
        out["borrowers"] = [{"name": n, "loans": total, "open": now} for n, total, now in self.borrowers]
        return out


def _cumulative(points: list[tuple[str, float]]) -> list[tuple[str, float]]:
    total = 0.0
    out = []
    for label, value in points:
        total += value
        out.append((label, total))
    return out


class Statistics:
    def __init__(self, cat: Catalogue) -> None:
        self.queries = StatisticsQueries(cat.store)

    def figures(self) -> Figures:
        q = self.queries
        genres = q.by_genre()
        top, rest = genres[:GENRES], genres[GENRES:]
        genre_points = [(name, float(n)) for name, n in top]
        if rest:
            genre_points.append((f"{len(rest)} other genres", float(sum(n for _, n in rest))))
        added = [(year, float(n)) for year, n in q.added_by_year()]
        watched, unwatched = q.watched()
        unknown = q.unknown_runtime()
        charts = [
            Series("decades", "Films by decade", "films", [(f"{d}s", float(n)) for d, n in q.by_decade()]),
            Series("added", "Collection growth (films by the year added)", "films", _cumulative(added),
                   note=", ".join(f"{y}: +{int(n):,}" for y, n in added[-5:])),
            Series("genres", "Films by genre", "films", genre_points),
            Series("media", "Copies by medium", "copies",
                   [(m or "Medium not told", float(n)) for m, n in q.by_medium()]),
            Series("directors", f"Top {TOP} directors", "films",
                   [(p, float(n)) for p, n in q.top_people("director", TOP)]),
            Series("actors", f"Top {TOP} actors", "films", [(p, float(n)) for p, n in q.top_people("actor", TOP)]),
            Series("watched", "Watched and not yet watched", "films",
                   [("Watched", float(watched)), ("Not watched", float(unwatched))]),
            Series("runtimes", "Runtime (minutes)", "films", [(b, float(n)) for b, n in q.runtimes()],
                   note=f"{unknown:,} films without a runtime" if unknown else ""),
            Series("viewings", "Viewings per month", "viewings",
                   [(m, float(n)) for m, n in q.viewings_by_month()]),
            Series("loans", "Loans per borrower", "loans", [(b, float(n)) for b, n, _ in q.loans_by_borrower()]),
        ]
        spending = [Spending(c, n, total) for c, n, total in q.purchases()]
        return Figures(q.totals(), charts, spending, list(q.loans_by_borrower()))
