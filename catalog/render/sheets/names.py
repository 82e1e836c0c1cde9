"""The ``$names`` a film template can use, each a ready, escaped HTML fragment built from the film
view, and built only when the template uses it. See ``resources/templates/README.md``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from catalog.render.film_view import DIRECTION, FilmView, film_view
from catalog.render.format import esc, format_partial_date, joined, paragraphs, rating_stars, runtime_minutes, shorten
from catalog.render.records import GENERIC
from catalog.render.sheets.fragments import (
    CARD_POSTER_BOX,
    POSTER_BOX,
    cast_table,
    grid,
    kv_table,
    section,
    stills_strip,
    titled,
)
from catalog.render.sheets.pictures import image_html
from catalog.render.sheets.records import record_section, videos_table
from catalog.render.sheets.templates import stylesheet


class LazyNames(Mapping[str, str]):
    """Template names whose fragments are built only when the template uses them (then kept)."""

    def __init__(self, makers: dict[str, Callable[[], str]]) -> None:
        self._makers: dict[str, Callable[[], str]] = makers
        self._done: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self._done:
            self._done[name] = self._makers[name]()  # KeyError leaves unknown $names as written
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def names_of(view: FilmView, role: str) -> str:
    """The people of ``role``, each once, as escaped text."""
    group = view.group(role)
    return esc(joined(group.names, ", ")) if group else ""


def companies_of(view: FilmView, role: str) -> str:
    return esc(joined(view.company_names(role), ", "))


def heading_html(view: FilmView) -> str:
    """Title, original title, facts, genres and tagline."""
    h = view.heading
    facts = esc(joined([h.year, runtime_minutes(h.runtime_min), h.certification]))
    genres = esc(joined(h.genres))
    return (
        f"<h1>{esc(h.title)}</h1>"
        + (f'<p class="original">{esc(h.other_title)}</p>' if h.other_title else "")
        + (f'<p class="facts">{facts}</p>' if facts else "")
        + (f'<p class="genres">{genres}</p>' if genres else "")
        + (f'<p class="tagline">{esc(h.tagline)}</p>' if h.tagline else "")
    )


def key_people(view: FilmView) -> str:
    """Directed by / Written by / Distributor."""
    rows = [(g.credit_label, names_of(view, role)) for role in DIRECTION if (g := view.group(role))]
    return kv_table([*rows, ("Distributor", companies_of(view, "distributor"))])


def crew_html(view: FilmView) -> str:
    """Every other role, then the production companies."""
    rows = [(g.credit_label, names_of(view, g.role)) for g in view.other_crew]
    return kv_table([*rows, ("Production", companies_of(view, "production"))])


def header_html(view: FilmView, box: tuple[int, int], extra: str, cache_dir: Path | None) -> str:
    """The heading and ``extra`` (HTML), beside the poster scaled to ``box`` when there is one."""
    text = f'<td valign="top">{heading_html(view)}{extra}</td>'
    if view.poster is not None:
        text = (
            f'<td class="poster" width="{box[0] + 4}" valign="top">{image_html(view.poster, *box, cache_dir)}'
            f'</td><td class="gap" width="18"></td>{text}'
        )
    return f'<table class="head" width="100%" cellspacing="0"><tr>{text}</tr></table>'


def copy_html(view: FilmView, notes_limit: int | None = None) -> str:
    """What the collector keeps: rating, watched, custom fields and notes (cut at about
    ``notes_limit`` characters when given)."""
    c = view.copy
    notes = c.notes if notes_limit is None else shorten(c.notes, notes_limit)
    return section(view.section("copy").title, kv_table([
        ("Your rating", esc(rating_stars(c.rating))),
        ("Watched", "Yes" if c.watched else ""),
        *((name, esc(text)) for name, text in c.custom),
        ("Notes", paragraphs(notes, "note")),
    ]))


def loans_html(view: FilmView) -> str:
    """The film's loans: open ones (overdue marked), then the history."""
    rows = []
    for loan in view.loans:
        due = f"due {format_partial_date(loan.due_on)}" if loan.due_on else ""
        when = (joined([f"since {format_partial_date(loan.lent_on)}", due]) if loan.open else
                f"{format_partial_date(loan.lent_on)} – {format_partial_date(loan.returned_on)}")
        mark = ' <b class="overdue">overdue</b>' if loan.overdue else ""
        rows.append([esc(loan.copy), esc(loan.borrower), esc(when) + mark])
    return titled(view.section("loans").title, grid(["Copy", "Borrower", "When"], rows, ["28%", "28%", "44%"])
                  if rows else "", 3)


def wish_html(view: FilmView) -> str:
    if view.wish is None:
        return ""
    return section(view.section("wish").title, kv_table([("Priority", esc(view.wish.priority)),
                                                          ("Note", esc(view.wish.note))]))


def details_html(view: FilmView) -> str:
    """Countries, languages, keywords and web site."""
    return section(view.section("details").title, kv_table([(label, esc(text)) for label, text in view.details.rows()]))


def plain_names(view: FilmView, paper: str) -> dict[str, str]:
    """The short values: escaped text, or small HTML every template may want."""
    h = view.heading
    return {
        "title": esc(h.title),
        "original_title": esc(h.other_title),
        "year": esc(h.year),
        "runtime": esc(runtime_minutes(h.runtime_min)),
        "certification": esc(h.certification),
        "genres": esc(joined(h.genres)),
        "distributor": companies_of(view, "distributor"),
        "tagline": esc(h.tagline),
        "facts": esc(joined([h.year, runtime_minutes(h.runtime_min), h.certification])),
        "rating": esc(rating_stars(view.copy.rating)),
        "directors": names_of(view, "director"),
        "writers": names_of(view, "writer"),
        "heading": heading_html(view),
        "people": key_people(view),
        "synopsis": paragraphs(h.synopsis, "synopsis"),
        "paper": esc(paper),
    }


def block_makers(view: FilmView, cache_dir: Path | None, paper: str) -> dict[str, Callable[[], str]]:
    """The blocks that are not sections of records: poster, headers, cast, crew, stills, copy, style."""
    people, synopsis = key_people(view), paragraphs(view.heading.synopsis, "synopsis")
    poster = view.poster
    return {
        "synopsis_short": lambda: paragraphs(shorten(view.heading.synopsis, 520), "synopsis"),
        "poster": lambda: image_html(poster, *POSTER_BOX, cache_dir) if poster else "",
        "header": lambda: header_html(view, POSTER_BOX, people + synopsis, cache_dir),
        "card_header": lambda: header_html(view, CARD_POSTER_BOX, people, cache_dir),
        "cast_section": lambda: cast_table(view.cast, title=view.section("cast").title),
        "cast_short_section": lambda: cast_table(view.cast, 8, title="Starring"),
        "crew_section": lambda: section(view.section("crew").title, crew_html(view)),
        "stills_section": lambda: section("Stills", stills_strip(view.images, cache_dir)),
        "copy_section": lambda: copy_html(view),
        "details_section": lambda: details_html(view),
        "copy_short_section": lambda: copy_html(view, 300),
        "loans_section": lambda: loans_html(view),
        "wish_section": lambda: wish_html(view),
        "style": lambda: stylesheet(paper),
    }


def record_makers(view: FilmView) -> dict[str, Callable[[], str]]:
    """``$<key>_section`` for every kind of record (``$videos_section``, …, and kinds added later),
    ``$more_sections`` for the kinds without a layout of their own, ``$videos_short_section``."""
    sections = view.record_sections
    makers: dict[str, Callable[[], str]] = {f"{s.key}_section": partial(record_section, s) for s in sections}
    makers["more_sections"] = lambda: "".join(record_section(s) for s in sections if s.look == GENERIC)
    videos = view.section("videos").records
    makers["videos_short_section"] = lambda: section("Watch", videos_table(tuple(v for v in videos if v["url"]), 1))
    return makers


def film_names(doc: Mapping[str, Any], cache_dir: Path | None = None, paper: str = "A4") -> LazyNames:
    """Every ``$name`` a film template can use, each a ready HTML fragment (empty when unknown)."""
    view = film_view(doc)
    makers: dict[str, Callable[[], str]] = {k: partial(str, v) for k, v in plain_names(view, paper).items()}
    for extra in (block_makers(view, cache_dir, paper), record_makers(view)):
        for name, maker in extra.items():
            makers.setdefault(name, maker)  # a record kind never hides a built-in name
    return LazyNames(makers)
