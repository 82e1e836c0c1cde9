"""The plain-text skin for the command line: a film view as a readable page, the film list as lines.

``film_text(doc)`` and ``film_list_text(rows)`` return plain text (nothing escaped). Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from catalog.model.rows import FilmRow
from catalog.render.film_view import FilmView, Section, film_view
from catalog.render.format import humanize, joined, runtime_hours_padded, words
from catalog.render.records import GENERIC

TITLES = {"copy": "In my collection"}  # where the text's heading differs from the view's


def film_list_text(rows: list[FilmRow]) -> str:
    """One line per film: id, title (year) — directors."""
    if not rows:
        return "No films."
    width = max(len(str(r.id)) for r in rows)
    lines = [f"{r.id:>{width}}  {r.title}{f' ({r.year})' if r.year else ''}"
             f"{f'  — {r.directors}' if r.directors else ''}" for r in rows]
    return "\n".join(lines)


def _heading(view: FilmView) -> list[str]:
    h = view.heading
    title = h.title + (f" ({h.year})" if h.year else "")
    out = [title, "=" * len(title)]
    facts = joined([h.original_title, runtime_hours_padded(h.runtime_min), h.certification, ", ".join(h.genres)])
    if facts:
        out.append(facts)
    if h.tagline:
        out.append(f"“{h.tagline}”")
    if h.synopsis:
        out += ["", h.synopsis]
    return out


def _crew(view: FilmView, _: Section) -> list[str]:
    return [f"{humanize(g.role)}: {', '.join(p.name for p in g.people)}" for g in view.crew]


def _cast(view: FilmView, _: Section) -> list[str]:
    return [p.name + (f" as {p.character}" if p.character else "") for p in view.cast]


def _companies(view: FilmView, _: Section) -> list[str]:
    return [f"{c.name} ({c.role})" for c in view.companies]


def _videos(_: FilmView, section: Section) -> list[str]:
    return [joined([v.text("kind"), v["title"], v.text("published_on"), v.text("duration_s"), v["publisher"],
                    v["url"] or v["file_path"]]) for v in section.records]


def _reviews(_: FilmView, section: Section) -> list[str]:
    return [joined([r["author"], r["outlet"], r["venue"], r.text("published_on"), r["rating_text"]])
            + (f"\n    {r['excerpt']}" if r["excerpt"] else "") for r in section.records]


def _releases(_: FilmView, section: Section) -> list[str]:
    return [joined([r.text("date"), words(r["kind"]), r["territory"], r["venue"]]) for r in section.records]


def _articles(_: FilmView, section: Section) -> list[str]:
    return [joined([a["headline"], a["publisher"], a.text("published_on"), a["url"]]) for a in section.records]


def _awards(_: FilmView, section: Section) -> list[str]:
    return [joined([a["body"], a["category"], a["year"], a["result"]]) for a in section.records]


def _generic(_: FilmView, section: Section) -> list[str]:
    """A record kind without a layout of its own: one line of "label: value" pairs per record."""
    return [line for r in section.records if (line := joined(f"{label}: {text}" for _field, label, text in r.rows()))]


def _details(view: FilmView, _: Section) -> list[str]:
    return [f"{label}: {text}" for label, text in view.details.rows()]


def _copy(view: FilmView, _: Section) -> list[str]:
    c = view.copy
    return [f"{label}: {value}" for label, value in (
        ("My rating", c.rating), ("Watched", "yes" if c.watched else None), *c.custom) if value is not None and
        value != ""]


def _notes(view: FilmView, _: Section) -> list[str]:
    return [view.copy.notes] if view.copy.notes else []


def _diary(_: FilmView, section: Section) -> list[str]:
    return [joined([v.text("date") or "date not told", f"rated {v['rating']:g}" if v["rating"] is not None else "",
                    v["note"]]) for v in section.records]


def _loans(view: FilmView, _: Section) -> list[str]:
    lines = []
    for loan in view.loans:
        if loan.open:
            due = f", due {loan.due_on}" + (" (OVERDUE)" if loan.overdue else "") if loan.due_on else ""
            lines.append(f"{loan.copy}: lent to {loan.borrower} on {loan.lent_on}{due}")
        else:
            lines.append(f"{loan.copy}: {loan.borrower}, {loan.lent_on} – {loan.returned_on}")
    return lines


def _wish(view: FilmView, _: Section) -> list[str]:
    if view.wish is None:
        return []
    return [f"Priority: {view.wish.priority}"] + ([f"Note: {view.wish.note}"] if view.wish.note else [])


LOOKS: dict[str, Callable[[FilmView, Section], list[str]]] = {
    "cast": _cast, "crew": _crew, "companies": _companies, "details": _details, "videos": _videos, "reviews": _reviews,
    "releases": _releases, "articles": _articles, "awards": _awards, GENERIC: _generic, "copy": _copy,
    "notes": _notes, "diary": _diary, "loans": _loans, "wish": _wish,
}


def film_text(doc: Mapping[str, Any]) -> str:
    """One film with everything attached, as a readable plain-text page."""
    view = film_view(doc)
    out = _heading(view)

    def add(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", title, *(f"  {line}" for line in lines)])

    # The command line has always listed the crew before the cast.
    for section in sorted(view.sections, key=lambda s: s.key != "crew"):
        add(TITLES.get(section.key, section.title), LOOKS[section.look](view, section))
    if view.images:
        missing = sum(1 for i in view.images if i.get("missing"))
        add("Images", [f"{len(view.images)} image(s)" + (f", {missing} missing" if missing else "")])
    return "\n".join(out)


def loans_text(loans: Sequence[Mapping[str, Any]], on: str | None = None) -> str:
    """Loans as lines: due date (overdue marked), film (year), copy, borrower, date out."""
    from catalog.model.loans import is_overdue

    if not loans:
        return "No loans."
    lines = []
    for loan in loans:
        title = loan["film"] + (f" ({loan['year']})" if loan.get("year") else "")
        copy = ", ".join(p for p in (loan.get("medium"), loan.get("edition")) if p)
        if loan.get("returned_on"):
            when = f"returned {loan['returned_on']}"
        elif loan.get("due_on"):
            when = f"due {loan['due_on']}" + ("  OVERDUE" if is_overdue(loan, on) else "")
        else:
            when = "no due date"
        lines.append(f"{when:<24}  {title}{f' [{copy}]' if copy else ''} — {loan['borrower']}, "
                     f"since {loan['lent_on']}")
    return "\n".join(lines)


def statistics_text(figures: Any) -> str:
    """The statistics as plain text: the totals, each chart's figures, spending per currency."""
    t = figures.totals
    out = [f"{t['films']:,} films ({t['films'] - t['wanted']:,} owned, {t['wanted']:,} wanted), "
           f"{t['copies']:,} copies, {t['viewings']:,} viewings, {t['on_loan']:,} on loan"]
    for chart in figures.charts:
        out += ["", chart.title]
        if not chart.points:
            out.append("  (nothing yet)")
        width = max((len(label) for label, _ in chart.points), default=0)
        out += [f"  {label:<{width}}  {value:>8,.0f}" for label, value in chart.points]
        if chart.note:
            out.append(f"  {chart.note}")
    out += ["", "Purchases"]
    out += [f"  {s.currency or '(no currency)':<14} {s.copies:>5,} copies  total {s.total:>12,.2f}  "
            f"average {s.average:>9,.2f}" for s in figures.spending] or ["  (no prices)"]
    return "\n".join(out)
