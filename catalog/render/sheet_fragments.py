"""HTML fragments of a film sheet: titled sections, label/value tables, cast, videos, reviews,
releases, awards, articles and stills. Cells are escaped here; the results are ready HTML."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from catalog.render.format import duration, esc, format_partial_date, humanize, kind_label, paragraphs
from catalog.render.sheet_format import breakable_url, sort_key_date
from catalog.render.sheet_images import image_html, qr_html

CREW_LABELS = {
    "director": "Directed by",
    "writer": "Written by",
    "producer": "Produced by",
    "composer": "Music",
    "cinematographer": "Cinematography",
    "editor": "Editing",
}
POSTER_BOX, CARD_POSTER_BOX, STILL_BOX, THUMB_BOX = (180, 270), (130, 195), (160, 100), (26, 39)


def titled(title: str, table: str, columns: int = 2) -> str:
    """A table whose first header row is the section title: the title stays with the first rows
    and repeats above the rest when the table flows onto another page."""
    if not table:
        return ""
    start, _, rest = table.partition(">")
    head = f'<tr><td class="head" colspan="{columns}">{esc(title)}</td></tr>'
    rest = rest.replace("<thead>", "<thead>" + head, 1) if rest.startswith("<thead>") else (
        f"<thead>{head}</thead>{rest}")
    opening = start.replace('class="', 'class="titled ', 1)
    return f"{opening}>{rest}"


def section(title: str, body: str, cls: str = "") -> str:
    """A titled section, or nothing at all when there is no body (no empty headings)."""
    if not body:
        return ""
    return (
        f'<table class="{cls or "section"}" width="100%" cellspacing="0"><tr><td>{esc(title)}</td></tr>'
        f"</table>{body}"
    )


def kv_table(rows: list[tuple[str, str]], cls: str = "kv", label_width: int = 96) -> str:
    """Label/value rows (values already HTML); rows with empty values are dropped."""
    rows = [(k, v) for k, v in rows if v]
    if not rows:
        return ""
    body = "".join(
        f'<tr><td class="k" width="{label_width}">{esc(k)}</td><td class="v">{v}</td></tr>' for k, v in rows
    )
    return f'<table class="{cls}" width="100%" cellspacing="0" cellpadding="0">{body}</table>'


def joined(values: Iterable[object], sep: str = " · ") -> str:
    return sep.join(esc(v) for v in values if v not in (None, ""))


def people(doc: dict, role: str) -> list[str]:
    seen: list[str] = []
    for c in doc.get("credits") or []:
        if c.get("role") == role and c.get("person") and c["person"] not in seen:
            seen.append(c["person"])
    return seen


def poster_image(doc: dict) -> dict | None:
    images = doc.get("images") or []
    if doc.get("poster"):
        return next((i for i in images if i.get("sha256") == doc["poster"]), None)
    return next((i for i in images if i.get("kind") == "poster"), None)


def cast_table(cast: list[dict], limit: int | None = None, title: str = "Cast") -> str:
    """The cast, titled by its own header row: when it flows onto another page, Qt repeats the
    header there, so the continuation is labelled."""
    rows = []
    for n, c in enumerate(cast[:limit]):
        char = f'<span class="as">as</span> {esc(c["character"])}' if c.get("character") else ""
        shade = ' class="alt"' if n % 2 else ""
        rows.append(
            f'<tr{shade}><td class="name" width="36%">{esc(c.get("person"))}</td>'
            f'<td class="char">{char}</td></tr>'
        )
    table = f'<table class="rows" width="100%" cellspacing="0">{"".join(rows)}</table>' if rows else ""
    return titled(title, table)


def videos_table(videos: list[dict], limit: int | None = None) -> str:
    rows = []
    for v in videos[:limit]:
        meta = joined(
            [
                format_partial_date(v.get("published_on")),
                duration(v.get("duration_s")),
                v.get("publisher"),
            ]
        )
        link = v.get("url") or v.get("file_path")
        text = (
            f'<p class="kind">{esc(kind_label(v.get("kind")))}</p><p class="item">{esc(v.get("title"))}</p>'
            + (f'<p class="meta">{meta}</p>' if meta else "")
            + paragraphs(v.get("description"), "desc")
            + (f'<p class="link">{breakable_url(link)}</p>' if link else "")
        )
        qr = qr_html(v.get("url")) + ('<p class="scan">scan to watch</p>' if v.get("url") else "")
        rows.append(
            f'<tr><td class="block" valign="top">{text}</td>'
            f'<td class="qr" width="84" align="center" valign="top">{qr}</td></tr>'
        )
    return f'<table class="blocks" width="100%" cellspacing="0">{"".join(rows)}</table>' if rows else ""


def reviews_table(reviews: list[dict]) -> str:
    rows = []
    for r in reviews:
        who = (
            f'<p class="item">{esc(r.get("author") or r.get("outlet") or "Unsigned")}</p>'
            + (f'<p class="meta">{esc(r["outlet"])}</p>' if r.get("author") and r.get("outlet") else "")
            + (f'<p class="meta">Seen at {esc(r["venue"])}</p>' if r.get("venue") else "")
            + (
                f'<p class="meta">{esc(format_partial_date(r.get("published_on")))}</p>'
                if r.get("published_on")
                else ""
            )
        )
        score = joined([r.get("rating_text"), f"{r['score']}/100" if r.get("score") is not None else None])
        body = (
            (f'<p class="score">{score}</p>' if score else "")
            + paragraphs(r.get("excerpt"), "quote")
            + (f'<p class="link">{breakable_url(r["url"])}</p>' if r.get("url") else "")
        )
        rows.append(
            f'<tr><td class="block" width="30%" valign="top">{who}</td>'
            f'<td class="block" valign="top">{body}</td></tr>'
        )
    return f'<table class="blocks" width="100%" cellspacing="0">{"".join(rows)}</table>' if rows else ""


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


def releases_table(releases: list[dict]) -> str:
    ordered = sorted(releases, key=lambda r: sort_key_date(r.get("date")))
    return grid(
        ["Date", "Release", "Territory", "Venue"],
        [
            [
                esc(format_partial_date(r.get("date"))),
                esc(kind_label(r.get("kind"))),
                esc(r.get("territory")),
                esc(r.get("venue")),
            ]
            for r in ordered
        ],
        ["24%", "22%", "20%", "34%"],
    )


def awards_table(awards: list[dict]) -> str:
    ordered = sorted(awards, key=lambda a: (a.get("year") or 9999, a.get("body") or ""))
    return grid(
        ["Year", "Award", "Category", "Result"],
        [
            [
                esc(a.get("year")),
                esc(a.get("body")),
                esc(a.get("category")),
                esc(humanize(a.get("result"))),
            ]
            for a in ordered
        ],
        ["10%", "36%", "38%", "16%"],
    )


def articles_list(articles: list[dict]) -> str:
    out = []
    for a in articles:
        meta = joined([a.get("publisher"), format_partial_date(a.get("published_on"))])
        out.append(
            f'<p class="item">{esc(a.get("headline"))}</p>'
            + (f'<p class="meta">{meta}</p>' if meta else "")
            + paragraphs(a.get("summary"), "desc")
            + (f'<p class="link">{breakable_url(a["url"])}</p>' if a.get("url") else "")
        )
    return (
        '<table class="blocks" width="100%" cellspacing="0">'
        + "".join(f'<tr><td class="block">{x}</td></tr>' for x in out)
        + "</table>"
        if out
        else ""
    )


def stills_strip(images: list[dict], cache_dir: Path | None, limit: int = 8, per_row: int = 4) -> str:
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
