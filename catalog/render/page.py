"""The detail page skin: a film document as the HTML the window's page view shows.

``film_html(doc, poster_url)`` lays out a ``FilmView``; ``STYLE`` is the page's default stylesheet.
Every user value passes through ``esc``. Person names link to ``person:ID``, an open loan's "Mark
returned" to ``return:LOAN_ID``; only http(s) URLs become links, and a file on disk is shown,
never linked. No Qt here; pure functions, any thread.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping
from typing import Any

from catalog.render.film_view import ROLE_LABELS, FilmView, Loan, Person, Section, film_view
from catalog.render.format import esc, format_partial_date, joined, line_paragraphs, rating_fraction, runtime_minutes
from catalog.render.records import GENERIC

POSTER_WIDTH = 156
LABEL_WIDTH = 150
INK, MUTED, FAINT, ACCENT, RULE = "#1f2328", "#5f6670", "#8b9098", "#24598f", "#e3e5e8"
STYLE = f"""
body {{ color: {INK}; }}
a {{ color: {ACCENT}; text-decoration: none; }}
h1 {{ font-size: 21pt; font-weight: 600; margin: 0 0 2px 0; }}
p {{ margin: 0 0 6px 0; }}
.orig {{ color: {MUTED}; font-style: italic; }}
.facts {{ color: {MUTED}; }}
.tagline {{ font-style: italic; color: #3b4250; font-size: 11pt; }}
.muted {{ color: {MUTED}; }}
.faint {{ color: {FAINT}; }}
.quote {{ font-style: italic; }}
td.label {{ color: {MUTED}; padding: 1px 16px 1px 0; }}
td.value {{ padding: 1px 0 1px 0; }}
"""
TITLES = {"copy": "In my collection"}  # where the page's heading differs from the view's
CREW_ORDER = {role: n for n, role in enumerate(ROLE_LABELS)}
COMPANY_LABELS = (("production", "Production", "Production"), ("distributor", "Distributor", "Distributors"))


def web_link(url: str | None, label: str) -> str:
    """``label`` (already escaped) as a link when ``url`` is http(s), else plain."""
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{label}</a>'
    return label


def person_link(person: Person) -> str:
    if person.person_id is None:
        return esc(person.name)
    return f'<a href="person:{int(person.person_id)}">{esc(person.name)}</a>'


def section(title: str, body: str) -> str:
    """A headed section, or nothing when there is no body (missing sections show no heading)."""
    if not body:
        return ""
    heading = (f'<p style="margin-top:22px; margin-bottom:6px; font-size:8pt; font-weight:700; color:{FAINT};'
               f' letter-spacing:1.5px">{esc(title.upper())}</p>')
    return heading + body


def _rows(rows: list[tuple[str, str]], gaps: frozenset[int] = frozenset()) -> str:
    """Label/value rows, both already HTML; the rows numbered in ``gaps`` get space above them.
    Laid out for the page's width (`_LAYOUT`, set by film_html): one label width for every section,
    so the values of cast, crew, releases… line up; a narrow page sizes the labels by their content
    (not 150 of its few pixels); a very narrow one puts each value under its label."""
    if not rows:
        return ""
    layout = _LAYOUT.get()
    if layout == "stacked":
        cells = "".join(f'<tr><td class="value" valign="top" style="padding-bottom:5px"><span style="color:{MUTED}">'
                        f'{a}</span><br>{b}</td></tr>' for a, b in rows)
        return f'<table cellspacing="0" cellpadding="1">{cells}</table>'
    width = f' width="{LABEL_WIDTH}"' if layout == "wide" else ""
    pad = ' style="padding-top:8px"'
    cells = "".join(f'<tr><td class="label"{width} valign="top"{pad if n in gaps else ""}>{a}</td>'
                    f'<td class="value" valign="top"{pad if n in gaps else ""}>{b}</td></tr>'
                    for n, (a, b) in enumerate(rows))
    return f'<table cellspacing="0" cellpadding="1">{cells}</table>'


# How film_html lays out its label/value rows: "wide", "narrow" or "stacked" (see _rows).
_LAYOUT: contextvars.ContextVar[str] = contextvars.ContextVar("layout", default="wide")
# Narrower than this, a label/value row puts its value under its label: two columns of a few
# letters each break words in the middle ("Septe mber").
STACKED_WIDTH = 240


SIDE_BY_SIDE_WIDTH = POSTER_WIDTH + 20 + 260  # narrower than this, the text goes under the poster


def _header(view: FilmView, poster_url: str | None, narrow: bool = False) -> str:
    """Title, facts, direction, tagline and synopsis; beside the poster when there is one (the
    synopsis fills the room there instead of leaving a blank beside a tall poster), under it on a
    page too narrow for both (a column of a word a line reads badly)."""
    h = view.heading
    facts = joined([esc(h.year), esc(runtime_minutes(h.runtime_min)), esc(h.certification),
                    esc(", ".join(h.genres))])
    lines = [f"<h1>{esc(h.title)}</h1>"]
    if h.other_title:
        lines.append(f'<p class="orig">{esc(h.other_title)}</p>')
    if facts:
        lines.append(f'<p class="facts">{facts}</p>')
    for label, people in view.direction:
        lines.append(f'<p><span class="muted">{label}</span> {", ".join(person_link(p) for p in people)}</p>')
    if h.tagline:
        lines.append(f'<p class="tagline" style="margin-top:8px">{esc(h.tagline)}</p>')
    synopsis = line_paragraphs(h.synopsis)
    if synopsis:
        lines.append(f'<div style="margin-top:12px">{synopsis}</div>')
    text = "".join(lines)
    if not poster_url:
        return text
    if narrow:
        return f'<p><img src="{esc(poster_url)}" width="{POSTER_WIDTH}"></p>{text}'
    return (f'<table cellspacing="0" cellpadding="0"><tr><td width="{POSTER_WIDTH + 20}" valign="top">'
            f'<img src="{esc(poster_url)}" width="{POSTER_WIDTH}"></td><td valign="top">{text}</td></tr></table>')


PHOTO_WIDTH = 22  # an actor's photo beside the name in the cast


def _cast(view: FilmView, _: Section, photo_url: Callable[[str], str | None] | None = None) -> str:
    def name(p: Person) -> str:
        url = photo_url(p.photo) if photo_url is not None and p.photo else None
        photo = f'<img src="{esc(url)}" width="{PHOTO_WIDTH}" style="vertical-align:middle">&nbsp;' if url else ""
        return photo + person_link(p)

    return _rows([(name(p), f'<span class="muted">{esc(p.character or "")}</span>') for p in view.cast])


def _crew(view: FilmView, _: Section) -> str:
    rows = []
    for group in sorted(view.other_crew, key=lambda g: CREW_ORDER.get(g.role, len(CREW_ORDER))):
        if group.known:
            rows.append((group.label, ", ".join(person_link(p) for p in group.people)))
        else:  # a role of the collector's own: one row per person
            rows += [(esc(group.label), person_link(p)) for p in group.people]
    return _rows(rows)


def _companies(view: FilmView, _: Section) -> str:
    rows = []
    for role, one, many in COMPANY_LABELS:
        names = [esc(name) for name in view.company_names(role)]
        if names:
            rows.append((many if len(names) > 1 else one, ", ".join(names)))
    return _rows(rows)


def _videos(_: FilmView, section: Section) -> str:
    items = []
    for v in section.records:
        length = v.text("duration_s") if v["duration_s"] else ""  # a length of 0 is not shown
        meta = joined([esc(v.text("kind")), esc(v["publisher"]), esc(v.text("published_on")), length])
        desc = f'<br><span class="muted">{esc(v["description"])}</span>' if v["description"] else ""
        # A file on disk is shown, never linked: the page opens nothing but web links.
        path = f'<br><span class="faint">File: {esc(v["file_path"])}</span>' if v["file_path"] else ""
        items.append(f'<p style="margin-bottom:8px">{web_link(v["url"], esc(v["title"]))}<br>'
                     f'<span class="faint">{meta}</span>{desc}{path}</p>')
    return "".join(items)


def _reviews(_: FilmView, section: Section) -> str:
    items = []
    for r in section.records:
        venue = f"at {esc(r['venue'])}" if r["venue"] else ""
        who = joined([esc(r["author"]), esc(r["outlet"]), venue], ", ")
        meta = joined([who, esc(r.text("published_on"))])
        marks = joined([esc(r["rating_text"]), esc(f'{r["score"]}/100') if r["score"] is not None else ""])
        rating = f" <b>{marks}</b>" if marks else ""
        quote = f'<span class="quote">“{esc(r["excerpt"])}”</span><br>' if r["excerpt"] else ""
        line = web_link(r["url"], meta or "Review")
        items.append(f'<p style="margin-bottom:8px">{quote}<span class="muted">— {line}</span>{rating}</p>')
    return "".join(items)


def _releases(_: FilmView, section: Section) -> str:
    return _rows([(esc(r.text("date") or "Date unknown"),
                   joined([esc(r.text("kind")), esc(r["territory"]), esc(r["venue"])]))
                  for r in section.records])


def _articles(_: FilmView, section: Section) -> str:
    items = []
    for a in section.records:
        meta = joined([esc(a["publisher"]), esc(a.text("published_on"))])
        summary = f'<br>{esc(a["summary"])}' if a["summary"] else ""
        items.append(f'<p style="margin-bottom:8px">{web_link(a["url"], esc(a["headline"]))}'
                     f'<br><span class="faint">{meta}</span>{summary}</p>')
    return "".join(items)


def _awards(_: FilmView, section: Section) -> str:
    return _rows([(esc(a.text("year")), joined([esc(a["body"]), esc(a["category"]), esc(a.text("result"))]))
                  for a in section.records])


def _generic(_: FilmView, section: Section) -> str:
    """A record kind without a layout of its own: label/value rows, a gap between records."""
    rows: list[tuple[str, str]] = []
    gaps = set()
    for record in section.records:
        gaps.add(len(rows) if rows else -1)
        rows += [(esc(label), web_link(record[field], esc(text)) if field.endswith("url") else esc(text))
                 for field, label, text in record.rows()]
    return _rows(rows, frozenset(gaps))


def _details(view: FilmView, _: Section) -> str:
    return _rows([(esc(label), web_link(text, esc(text)) if label == "Web site" else esc(text))
                  for label, text in view.details.rows()])


def _copy(view: FilmView, _: Section) -> str:
    c = view.copy
    rows = [("My rating", esc(rating_fraction(c.rating)))] if c.rating is not None else []
    if c.watched:
        rows.append(("Watched", "Yes"))
    rows += [(esc(name), esc(text)) for name, text in c.custom]
    notes = f'<p style="margin-top:6px">{esc(c.notes)}</p>' if c.notes else ""
    return _rows(rows) + notes


def _notes(_: FilmView, __: Section) -> str:
    return ""  # the page shows the notes with the copy


OVERDUE = "#b42318"


def _diary(_: FilmView, section: Section) -> str:
    """Each viewing, the latest first: its date, the rating given then, the note."""
    rows = []
    for v in reversed(section.records):
        what = joined([esc(f"★ {v['rating']:g}") if v["rating"] is not None else "", esc(v["note"])])
        rows.append((esc(v.text("date")) or '<span class="faint">Date not told</span>', what or "Watched"))
    return _rows(rows)


def loan_line(loan: Loan) -> str:
    """'Lent to Anna on 5 April 2026, due 19 April 2026' (HTML; overdue in red)."""
    text = f"{esc(loan.borrower)}, since {esc(format_partial_date(loan.lent_on))}"
    if loan.due_on:
        due = f"due {esc(format_partial_date(loan.due_on))}"
        text += (f', <b style="color:{OVERDUE}">{due} (overdue)</b>' if loan.overdue else f", {due}")
    return text


def _loans(view: FilmView, _: Section) -> str:
    """Open loans (with a link that marks one returned), then the history."""
    rows = []
    for loan in view.loans:
        if loan.open:
            back = f' · <a href="return:{int(loan.loan_id)}">Mark returned</a>' if loan.loan_id is not None else ""
            rows.append((esc(loan.copy), "<b>On loan</b> to " + loan_line(loan) + back))
        else:
            rows.append((esc(loan.copy), f'<span class="muted">{esc(loan.borrower)}, '
                         f'{esc(format_partial_date(loan.lent_on))} – {esc(format_partial_date(loan.returned_on))}'
                         "</span>"))
        if loan.notes:
            rows.append(("", f'<span class="faint">{esc(loan.notes)}</span>'))
    return _rows(rows)


def _wish(view: FilmView, _: Section) -> str:
    if view.wish is None:
        return ""
    rows = [("Priority", esc(view.wish.priority))]
    if view.wish.note:
        rows.append(("Note", esc(view.wish.note)))
    return _rows(rows)


LOOKS: dict[str, Callable[[FilmView, Section], str]] = {
    "cast": _cast, "crew": _crew, "companies": _companies, "details": _details, "videos": _videos, "reviews": _reviews,
    "releases": _releases, "articles": _articles, "awards": _awards, GENERIC: _generic, "copy": _copy,
    "notes": _notes, "diary": _diary, "loans": _loans, "wish": _wish,
}


def film_html(doc: Mapping[str, Any], poster_url: str | None = None,
              photo_url: Callable[[str], str | None] | None = None, width: int | None = None) -> str:
    """The whole page for one film document; ``poster_url`` (e.g. 'poster:SHA') heads it when given;
    ``photo_url(sha)`` gives the URL of an actor's photo to show beside the name (None: not yet);
    ``width``: the page's width in pixels, when known (a narrow page puts the text under the poster)."""
    view = film_view(doc)
    looks = {**LOOKS, "cast": lambda v, s: _cast(v, s, photo_url)}
    narrow = width is not None and width < SIDE_BY_SIDE_WIDTH
    stacked = width is not None and width < STACKED_WIDTH
    token = _LAYOUT.set("stacked" if stacked else "narrow" if narrow else "wide")
    try:
        body = [_header(view, poster_url, narrow)]
        body += [section(TITLES.get(s.key, s.title), looks[s.look](view, s)) for s in view.sections]
    finally:
        _LAYOUT.reset(token)
    return "<html><body>" + "".join(body) + "</body></html>"
