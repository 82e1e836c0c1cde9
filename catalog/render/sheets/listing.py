"""The ``$names`` of a list template: one row per film, grouped under the first letter of its
sort title (digits and signs under '#'), from each film's view."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from catalog.render.film_view import FilmView, film_view
from catalog.render.format import esc, joined, rating_stars, runtime_minutes
from catalog.render.sheets.fragments import THUMB_BOX, keep_with_next
from catalog.render.sheets.pictures import image_html

LIST_CELLS = ["thumb", "ltitle", "year", "director", "runtime", "rating"]
LIST_HEAD = [
    ("", "6%"),
    ("Title", "38%"),
    ("Year", "8%"),
    ("Director", "24%"),
    ("Runtime", "10%"),
    ("Rating", "14%"),
]


def _filing_title(view: FilmView) -> str:
    return view.heading.sort_title or view.heading.title


def group_letter(doc: Mapping[str, Any]) -> str:
    """The letter a film is listed under: its sort title's first letter without accents, else '#'."""
    return _letter(film_view(doc))


def _letter(view: FilmView) -> str:
    first = unicodedata.normalize("NFKD", _filing_title(view).strip()[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


def _cells(view: FilmView, cache_dir: Path | None) -> str:
    """The ``<td>`` cells of one film's row."""
    h = view.heading
    thumb = image_html(view.poster, *THUMB_BOX, cache_dir) if view.poster else ""
    name = f'<span class="ltitle">{esc(h.title)}</span>' + (
        f'<br><span class="lorig">{esc(h.other_title)}</span>' if h.other_title else "")
    directors = view.group("director")
    cells = [
        thumb,
        name,
        esc(h.year),
        esc(joined(directors.names, ", ")) if directors else "",
        esc(runtime_minutes(h.runtime_min)),
        esc(rating_stars(view.copy.rating)),
    ]
    return "".join(f'<td class="{c}">{v}</td>' for c, v in zip(LIST_CELLS, cells, strict=True))


def list_names(
    docs: Iterable[Mapping[str, Any]], cache_dir: Path | None = None, paper: str = "A4", title: str = "Catalogue list"
) -> dict[str, str]:
    """``$title``, ``$count``, ``$entries`` (the grouped tables) and ``$paper`` of a list template."""
    rows: list[tuple[str, str, str]] = []
    for view in map(film_view, docs):
        rows.append((_letter(view), _filing_title(view).casefold(), _cells(view, cache_dir)))
    rows.sort(key=lambda r: (r[0] == "#", r[0], r[1]))
    head = "".join(f'<th align="left" width="{w}">{h}</th>' for h, w in LIST_HEAD)
    groups = []
    for letter in dict.fromkeys(r[0] for r in rows):
        body = "".join(
            f"<tr{' class=alt' if n % 2 else ''}>{r[2]}</tr>"
            for n, r in enumerate(r for r in rows if r[0] == letter)
        )
        groups.append(
            f'<p class="letter">{keep_with_next(esc(letter))}</p><table class="grid list" width="100%" cellspacing="0">'
            f"<thead><tr>{head}</tr></thead>{body}</table>"
        )
    return {"title": esc(title), "count": str(len(rows)), "entries": "".join(groups), "paper": esc(paper)}
