"""How a sheet prints the sections of attached records, by the film view's *look*: the bespoke
layouts of videos (with QR codes), reviews, releases, articles and awards, and the generic
label/value blocks of any other kind. Every cell is escaped here."""

from __future__ import annotations

from collections.abc import Callable

from catalog.render.film_view import Record, Section
from catalog.render.format import esc, joined, kind_label, paragraphs
from catalog.render.records import GENERIC
from catalog.render.sheets.fragments import blocks, breakable_url, grid, kv_table, sort_key_date, titled
from catalog.render.sheets.pictures import qr_html

Records = tuple[Record, ...]
TITLES = {"videos": "Featurettes & trailers"}  # where a sheet's title differs from the view's


def videos_table(videos: Records, limit: int | None = None) -> str:
    cells = []
    for v in videos[:limit]:
        meta = esc(joined([v.text("published_on"), v.text("duration_s"), v["publisher"]]))
        link = v["url"] or v["file_path"]
        text = (
            f'<p class="kind">{esc(kind_label(v["kind"]))}</p><p class="item">{esc(v["title"])}</p>'
            + (f'<p class="meta">{meta}</p>' if meta else "")
            + paragraphs(v["description"], "desc")
            + (f'<p class="link">{breakable_url(link)}</p>' if link else "")
        )
        qr = qr_html(v["url"]) + ('<p class="scan">scan to watch</p>' if v["url"] else "")
        cells.append(f'<td class="block" valign="top">{text}</td>'
                     f'<td class="qr" width="84" align="center" valign="top">{qr}</td>')
    return blocks(cells)


def reviews_table(reviews: Records) -> str:
    cells = []
    for r in reviews:
        who = (
            f'<p class="item">{esc(r["author"] or r["outlet"] or "Unsigned")}</p>'
            + (f'<p class="meta">{esc(r["outlet"])}</p>' if r["author"] and r["outlet"] else "")
            + (f'<p class="meta">Seen at {esc(r["venue"])}</p>' if r["venue"] else "")
            + (f'<p class="meta">{esc(r.text("published_on"))}</p>' if r["published_on"] else "")
        )
        score = esc(joined([r["rating_text"], f"{r['score']}/100" if r["score"] is not None else None]))
        body = (
            (f'<p class="score">{score}</p>' if score else "")
            + paragraphs(r["excerpt"], "quote")
            + (f'<p class="link">{breakable_url(r["url"])}</p>' if r["url"] else "")
        )
        cells.append(f'<td class="block" width="30%" valign="top">{who}</td>'
                     f'<td class="block" valign="top">{body}</td>')
    return blocks(cells)


def releases_table(releases: Records) -> str:
    ordered = sorted(releases, key=lambda r: sort_key_date(r["date"]))
    return grid(
        ["Date", "Release", "Territory", "Venue"],
        [[esc(r.text("date")), esc(kind_label(r["kind"])), esc(r["territory"]), esc(r["venue"])] for r in ordered],
        ["24%", "22%", "20%", "34%"],
    )


def awards_table(awards: Records) -> str:
    ordered = sorted(awards, key=lambda a: (a["year"] or 9999, a["body"] or ""))
    return grid(
        ["Year", "Award", "Category", "Result"],
        [[esc(a.text("year")), esc(a["body"]), esc(a["category"]), esc(a.text("result"))] for a in ordered],
        ["10%", "36%", "38%", "16%"],
    )


def articles_list(articles: Records) -> str:
    cells = []
    for a in articles:
        meta = esc(joined([a["publisher"], a.text("published_on")]))
        cells.append(
            f'<td class="block"><p class="item">{esc(a["headline"])}</p>'
            + (f'<p class="meta">{meta}</p>' if meta else "")
            + paragraphs(a["summary"], "desc")
            + (f'<p class="link">{breakable_url(a["url"])}</p>' if a["url"] else "")
            + "</td>"
        )
    return blocks(cells)


def diary_table(viewings: Records) -> str:
    """Each viewing, the latest first."""
    ordered = sorted(viewings, key=lambda v: sort_key_date(v["date"]), reverse=True)
    return grid(
        ["Date", "Rating", "Note"],
        [[esc(v.text("date") or "—"), esc(f"{v['rating']:g}/10" if v["rating"] is not None else ""), esc(v["note"])]
         for v in ordered],
        ["22%", "12%", "66%"],
    )


def generic_blocks(records: Records) -> str:
    """A record kind without a layout of its own: a label/value block per record."""
    cells = []
    for r in records:
        rows = [(label, breakable_url(text) if field.endswith("url") else esc(text)) for field, label, text in r.rows()]
        if rows:
            cells.append(f'<td class="block">{kv_table(rows)}</td>')
    return blocks(cells)


LAYOUTS: dict[str, tuple[Callable[[Records], str], int]] = {  # look: (layout, columns of its table)
    "videos": (videos_table, 2),
    "reviews": (reviews_table, 2),
    "releases": (releases_table, 4),
    "awards": (awards_table, 4),
    "articles": (articles_list, 1),
    "diary": (diary_table, 3),
    GENERIC: (generic_blocks, 1),
}


def record_section(section: Section) -> str:
    """The section of one kind of record, titled by its own header row; nothing when it is empty."""
    layout, columns = LAYOUTS[section.look]
    return titled(TITLES.get(section.key, section.title), layout(section.records), columns)
