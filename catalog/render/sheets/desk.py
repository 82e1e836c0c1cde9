"""The ``$names`` of the desk's templates: the wishlist (kind ``wishlist``: the wanted films of a
batch, highest priority first, for a shop visit), the loan slip (kind ``slip``: a page per open
loan of each film) and the list of loans (kind ``loans``: the open loans of a batch by due date,
``$overdue_entries`` only those past due), and the statistics page (kind ``statistics``: the
figures of catalog.ops.statistics, each chart an image the window drew or bars in HTML). Every
value is escaped here. Pure functions, any thread."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from catalog.model.dates import format_partial_date
from catalog.model.loans import days_between, today
from catalog.render.film_view import FilmView, Loan, film_view
from catalog.render.format import esc, joined, runtime_minutes
from catalog.render.sheets.fragments import grid, keep_with_next, kv_table, section
from catalog.render.sheets.pictures import image_html
from catalog.render.sheets.templates import TemplateInfo, stylesheet

CHART_INK = "#8a6a2f"
WISH_THUMB = (40, 60)


def _common(paper: str, title: str) -> dict[str, str]:
    return {"style": stylesheet(paper), "paper": esc(paper), "title": esc(title),
            "generated": esc(date.today().strftime("%-d %B %Y"))}


def _fill(info: TemplateInfo, names: Mapping[str, str]) -> str:
    from catalog.render.sheets import fill

    return fill(info.path.read_text(encoding="utf-8"), names)


def _director(view: FilmView) -> str:
    group = view.group("director")
    return joined(group.names, ", ") if group else ""


# -- the wishlist ---------------------------------------------------------------------------------------


def wishlist_names(docs: Iterable[Mapping[str, Any]], cache_dir: Path | None = None, paper: str = "A4",
                   title: str = "Wishlist") -> dict[str, str]:
    """``$entries`` (the wanted films by priority, then title), ``$count``; films not wanted are left out."""
    rows = []
    for doc in docs:
        view = film_view(doc)
        if view.wish is None:
            continue
        wish = doc.get("wish") or {}
        h = view.heading
        thumb = image_html(view.poster, *WISH_THUMB, cache_dir) if view.poster else ""
        name = f'<span class="ltitle">{esc(h.title)}</span>' + (
            f'<br><span class="lorig">{esc(h.other_title)}</span>' if h.other_title else "")
        cells = [thumb, name, esc(h.year), esc(_director(view)), esc(view.wish.priority), esc(view.wish.note),
                 "☐"]
        rows.append(((wish.get("priority") or 2, (h.sort_title or h.title).casefold()), cells))
    rows.sort(key=lambda r: r[0])
    body = "".join(f"<tr{' class=alt' if n % 2 else ''}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
                   for n, (_, cells) in enumerate(rows))
    head = "".join(f'<th align="left" width="{w}">{h}</th>' for h, w in (
        ("", "6%"), ("Title", "30%"), ("Year", "7%"), ("Director", "19%"), ("Priority", "10%"), ("Note", "22%"),
        ("✓", "6%")))
    table = (f'<table class="grid list" width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>{body}</table>'
             if rows else '<p class="facts">Nothing on the wishlist.</p>')
    return {**_common(paper, title), "count": str(len(rows)), "entries": table}


# -- loans ----------------------------------------------------------------------------------------------


def _open_loans(docs: Iterable[Mapping[str, Any]], on: str) -> Iterator[tuple[FilmView, Loan]]:
    for doc in docs:
        view = film_view(doc, on)
        for loan in view.loans:
            if loan.open:
                yield view, loan


def _due_text(loan: Loan, on: str) -> str:
    if not loan.due_on:
        return "no due date"
    text = format_partial_date(loan.due_on)
    if loan.overdue:
        days = days_between(loan.due_on, on)
        return f"{text} — {days} day{'s' if days != 1 else ''} overdue"
    return text


def loans_names(docs: Iterable[Mapping[str, Any]], paper: str = "A4", title: str = "Loans",
                on: str | None = None) -> dict[str, str]:
    """``$entries`` every open loan of the films by due date, ``$overdue_entries`` only those
    past due (overdue ones marked), ``$count`` and ``$overdue_count``."""
    on = on or today()
    loans = sorted(_open_loans(docs, on), key=lambda x: (x[1].due_on is None, x[1].due_on or "", x[0].heading.title))

    def table(items: list[tuple[FilmView, Loan]]) -> str:
        if not items:
            return '<p class="facts">No loans.</p>'
        rows = []
        for view, loan in items:
            film = esc(view.heading.title + (f" ({view.heading.year})" if view.heading.year else ""))
            due = esc(_due_text(loan, on))
            rows.append([f'<span class="ltitle">{film}</span>', esc(loan.copy), esc(loan.borrower),
                         esc(format_partial_date(loan.lent_on)),
                         f'<b class="overdue">{due}</b>' if loan.overdue else due])
        return grid(["Film", "Copy", "Borrower", "Lent on", "Due"], rows, ["32%", "14%", "18%", "14%", "22%"])

    overdue = [x for x in loans if x[1].overdue]
    return {**_common(paper, title), "entries": table(loans), "overdue_entries": table(overdue),
            "count": str(len(loans)), "overdue_count": str(len(overdue)), "today": esc(format_partial_date(on))}


def slip_pages(docs: Iterable[Mapping[str, Any]], info: TemplateInfo, cache_dir: Path | None = None,
               paper: str = "A4", on: str | None = None) -> Iterator[tuple[str, str]]:
    """(footer title, html) of a loan slip per open loan of each film: ``$film``, ``$year``,
    ``$director``, ``$copy``, ``$borrower``, ``$contact``, ``$lent_on``, ``$due_on``, ``$notes``, ``$poster``."""
    on = on or today()
    for doc in docs:
        for view, loan in _open_loans([doc], on):
            h = view.heading
            names = {
                **_common(paper, f"Loan slip — {h.title}"), "film": esc(h.title), "year": esc(h.year),
                "director": esc(_director(view)), "runtime": esc(runtime_minutes(h.runtime_min)),
                "copy": esc(loan.copy), "borrower": esc(loan.borrower), "contact": esc(loan.contact),
                "lent_on": esc(format_partial_date(loan.lent_on)),
                "due_on": esc(format_partial_date(loan.due_on) if loan.due_on else "no date agreed"),
                "notes": esc(loan.notes), "poster": image_html(view.poster, 120, 180, cache_dir) if view.poster else "",
                "details": kv_table([("Copy", esc(loan.copy)), ("Lent to", esc(loan.borrower)),
                                     ("Contact", esc(loan.contact)),
                                     ("Lent on", esc(format_partial_date(loan.lent_on))),
                                     ("Due back", esc(format_partial_date(loan.due_on)) if loan.due_on else
                                      "no date agreed"), ("Notes", esc(loan.notes))], label_width=110),
            }
            yield f"Loan slip — {h.title}", _fill(info, names)


# -- statistics -----------------------------------------------------------------------------------------


def bars_html(points: list[tuple[str, float]], unit: str, limit: int = 30) -> str:
    """A chart as HTML: one row a value, a bar as long as its share of the largest."""
    points = points[-limit:] if len(points) > limit else points
    top = max((v for _, v in points), default=0) or 1
    rows = []
    for label, value in points:
        pct = max(1, min(99, round(100 * value / top))) if value else 0
        # Two cells sharing the width: QTextDocument honours column widths, not a nested table's own.
        bar = (f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="{pct}%" bgcolor="{CHART_INK}">'
               f'<span style="font-size:6pt">&nbsp;</span></td><td width="{100 - pct}%"></td></tr></table>'
               if pct else "")
        rows.append(f'<tr><td class="k" width="26%">{esc(label)}</td><td width="62%">{bar}</td>'
                    f'<td width="12%" align="right">{esc(f"{value:,.0f}")}</td></tr>')
    if not rows:
        return f'<p class="facts">No {esc(unit)} yet.</p>'
    return f'<table class="bars" width="100%" cellspacing="0" cellpadding="1">{"".join(rows)}</table>'


def statistics_html(figures: Any, info: TemplateInfo | None = None, paper: str = "A4",
                    chart_images: Mapping[str, str] | None = None) -> str:
    """The statistics page: the totals, each chart (the window's drawing when ``chart_images``
    names one by its key: an image source; else bars in HTML), purchases and loans per borrower."""
    from catalog.render.sheets.templates import find_template

    info = info or find_template("statistics")
    t = figures.totals
    totals = kv_table([("Films", f"{t['films']:,}"), ("Owned", f"{t['films'] - t['wanted']:,}"),
                       ("Wanted", f"{t['wanted']:,}"), ("Copies", f"{t['copies']:,}"),
                       ("Viewings", f"{t['viewings']:,}"), ("On loan now", f"{t['on_loan']:,}")], label_width=110)
    charts = []
    pictures = []
    for chart in figures.charts:
        src = (chart_images or {}).get(chart.key)
        note = f'<p class="meta">{esc(chart.note)}</p>' if chart.note else ""
        if src:  # the window's drawing (its own title inside), two a row
            pictures.append(f'<td width="50%" valign="top"><img src="{esc(src)}" width="330"></td>')
        else:
            charts.append(section(chart.title, bars_html(chart.points, chart.unit) + note))
    if pictures:
        rows = "".join("<tr>" + "".join(pictures[i:i + 2]) + ("<td></td>" if i + 1 == len(pictures) else "") + "</tr>"
                       for i in range(0, len(pictures), 2))
        charts.insert(0, section("Charts", f'<table class="charts" width="100%" cellspacing="0" cellpadding="4">{rows}'
                                           "</table>"))
    spending = grid(["Currency", "Copies with a price", "Total", "Average"],
                    [[esc(s.currency or "not told"), esc(f"{s.copies:,}"), esc(f"{s.total:,.2f}"),
                      esc(f"{s.average:,.2f}")] for s in figures.spending], ["25%", "25%", "25%", "25%"])
    borrowers = grid(["Borrower", "Loans", "Out now"], [[esc(n), esc(f"{total:,}"), esc(f"{now:,}")]
                                                       for n, total, now in figures.borrowers], ["50%", "25%", "25%"])
    names = {**_common(paper, "Statistics"), "totals": section("The collection", totals),
             "charts": "".join(charts), "spending": section("Purchases", spending) if spending else "",
             "borrowers": section("Loans per borrower", borrowers) if borrowers else "",
             "heading": keep_with_next("")}
    return _fill(info, names)


# -- printing a batch with a desk template ---------------------------------------------------------------

DESK_KINDS = ("wishlist", "slip", "loans", "statistics")


def desk_pages(info: TemplateInfo, docs: Iterable[Mapping[str, Any]], paper: str = "A4",
               cache_dir: Path | None = None) -> Iterator[tuple[str, str]]:
    """(footer title, html) of a batch of films printed with a desk template."""
    if info.kind == "wishlist":
        yield info.title, _fill(info, wishlist_names(docs, cache_dir, paper, info.title))
    elif info.kind == "loans":
        yield info.title, _fill(info, loans_names(docs, paper, info.title))
    elif info.kind == "slip":
        yield from slip_pages(docs, info, cache_dir, paper)
    else:
        raise KeyError(f"the {info.title} template prints from the Statistics view (or: python main.py stats --pdf)")
