"""HTML pieces of a printed sheet: titled tables, sections, label/value tables, data grids, the
cast and the stills. Text cells are escaped here; arguments named as HTML must be ready HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from catalog.render.film_view import Person
from catalog.render.format import esc
from catalog.render.sheets.pictures import image_html

POSTER_BOX, CARD_POSTER_BOX, STILL_BOX, THUMB_BOX = (180, 270), (130, 195), (160, 100), (26, 39)


def breakable_url(url: str) -> str:
    """Escaped URL with zero-width spaces after separators so long links wrap inside table cells.
    The breaks go in before escaping: after it, `&` begins `&amp;` and a break there would print
    the entity itself."""
    return "".join(esc(part) + ("\u200b" if part in ("/", "?", "&", "=") else "")
                   for part in re.split(r"([/?&=])", url) if part)


def sort_key_date(value: str | None) -> str:
    """Partial ISO dates sort as strings; unknown dates last."""
    return value or "9999"


# Marks a heading that must stay on the page of what follows it (the printer moves it to the
# next page rather than leave it alone at the bottom): <a name="keep-with-next">Title</a>.
KEEP_WITH_NEXT = "keep-with-next"


def keep_with_next(text_html: str) -> str:
    return f'<a name="{KEEP_WITH_NEXT}">{text_html}</a>'


def titled(title: str, table: str, columns: int = 2) -> str:
    """A table whose first header row is the section title: the title stays with the first rows
    and repeats above the rest when the table flows onto another page."""
    if not table:
        return ""
    start, _, rest = table.partition(">")
    head = f'<tr><td class="head" colspan="{columns}">{keep_with_next(esc(title))}</td></tr>'
    rest = rest.replace("<thead>", "<thead>" + head, 1) if rest.startswith("<thead>") else (
        f"<thead>{head}</thead>{rest}")
    opening = start.replace('class="', 'class="titled ', 1)
    return f"{opening}>{rest}"


def section(title: str, body: str, cls: str = "") -> str:
    """A titled section, or nothing at all when there is no body (no empty headings). The heading
    is kept with the section's first row or picture when printed."""
    if not body:
        return ""
    return (
        f'<table class="{cls or "section"}" width="100%" cellspacing="0"><tr><td>{keep_with_next(esc(title))}</td>'
        f"</tr></table>{body}"
    )


def kv_table(rows: list[tuple[str, str]], cls: str = "kv", label_width: int = 96) -> str:
    """Label/value rows (labels text, values HTML); rows with empty values are dropped."""
    rows = [(k, v) for k, v in rows if v]
    if not rows:
        return ""
    body = "".join(
        f'<tr><td class="k" width="{label_width}">{esc(k)}</td><td class="v">{v}</td></tr>' for k, v in rows
    )
    return f'<table class="{cls}" width="100%" cellspacing="0" cellpadding="0">{body}</table>'


def blocks(cells: Iterable[str]) -> str:
    """One block a row (cells are whole ``<td>`` HTML), or nothing when there are none."""
    rows = "".join(f"<tr>{cell}</tr>" for cell in cells)
    return f'<table class="blocks" width="100%" cellspacing="0">{rows}</table>' if rows else ""


def grid(head: list[str], rows: list[list[str]], widths: list[str]) -> str:
    """A data table with a repeating header row; cells are already HTML."""
    if not rows:
        return ""
    th = "".join(f'<th align="left" width="{w}">{esc(h)}</th>' for h, w in zip(head, widths, strict=True))
    body = "".join(
        f"<tr{' class=alt' if n % 2 else ''}>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
        for n, r in enumerate(rows)
    )
    return f'<table class="grid" width="100%" cellspacing="0"><thead><tr>{th}</tr></thead>{body}</table>'


def cast_table(cast: tuple[Person, ...], limit: int | None = None, title: str = "Cast") -> str:
    """The cast, titled by its own header row: when it flows onto another page, Qt repeats the
    header there, so the continuation is labelled."""
    rows = []
    for n, person in enumerate(cast[:limit]):
        char = f'<span class="as">as</span> {esc(person.character)}' if person.character else ""
        shade = ' class="alt"' if n % 2 else ""
        rows.append(
            f'<tr{shade}><td class="name" width="36%">{esc(person.name)}</td>'
            f'<td class="char">{char}</td></tr>'
        )
    table = f'<table class="rows" width="100%" cellspacing="0">{"".join(rows)}</table>' if rows else ""
    return titled(title, table)


def stills_strip(images: Iterable[Mapping[str, Any]], cache_dir: Path | None, limit: int = 8,
                 per_row: int = 4) -> str:
    """Up to ``limit`` pictures that are not posters, ``per_row`` a row, with their captions."""
    stills = [i for i in images if i.get("kind") not in ("poster",)][:limit]
    if not stills:
        return ""
    cells = [
        f'<td class="still" width="25%" valign="top">{image_html(i, *STILL_BOX, cache_dir)}'
        + (f'<p class="caption">{esc(i.get("caption"))}</p>' if i.get("caption") else "")
        + "</td>"
        for i in stills
    ]
    cells += ['<td class="still" width="25%"></td>'] * (-len(cells) % per_row)
    rows = "".join("<tr>" + "".join(cells[i : i + per_row]) + "</tr>" for i in range(0, len(cells), per_row))
    return f'<table class="stills" width="100%" cellspacing="0">{rows}</table>'
