"""The HTML catalogue site skin: a film view as a web page, the index of every film, and a page
per person — for sharing a collection or a club's web space. Every user value is escaped; the
only links are relative ones between the site's own pages and pictures, and web links (http and
https) of the collector's records. Looks like the printed sheets (the same serif titles, the
gold section rules). Pure functions, any thread; catalog/formats/html_site writes the files."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from catalog.render.film_view import ROLE_LABELS, FilmView, Person, Section, film_view
from catalog.render.format import esc, joined, kind_label, paragraphs, rating_stars, runtime_minutes
from catalog.render.records import GENERIC

STYLE = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 15px; color: #222;
       margin: 0; background: #fbfaf7; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 64px; }
a { color: #24598f; text-decoration: none; } a:hover { text-decoration: underline; }
h1 { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 34px; margin: 0 0 4px; color: #111; }
h2 { font-size: 12px; font-weight: bold; color: #8a6a2f; text-transform: uppercase; letter-spacing: 1px;
     border-bottom: 1px solid #8a6a2f; padding-bottom: 3px; margin: 28px 0 8px; }
nav { font-size: 13px; margin-bottom: 18px; } nav a { margin-right: 14px; }
.original { font-family: "DejaVu Serif", Georgia, serif; font-style: italic; color: #555; font-size: 17px; }
.facts { color: #444; margin: 4px 0; } .genres { color: #8a6a2f; }
.tagline { font-family: "DejaVu Serif", Georgia, serif; font-style: italic; color: #444; }
.synopsis { font-family: "DejaVu Serif", Georgia, serif; line-height: 1.5; }
.head { display: flex; gap: 24px; align-items: flex-start; }
.head img.poster { width: 220px; border-radius: 3px; box-shadow: 0 2px 8px rgba(0,0,0,.18); }
table.kv td { padding: 2px 14px 2px 0; vertical-align: top; } table.kv td.k { color: #777; font-size: 13px; }
table.rows { border-collapse: collapse; width: 100%; }
table.rows td { padding: 4px 8px 4px 0; border-bottom: 1px solid #ebe6dd; vertical-align: top; }
.char { font-family: "DejaVu Serif", Georgia, serif; font-style: italic; color: #444; }
.meta { color: #666; font-size: 13px; } .quote { font-family: "DejaVu Serif", Georgia, serif; font-style: italic; }
.block { padding: 8px 0; border-bottom: 1px solid #e6e1d8; }
.stills { display: flex; flex-wrap: wrap; gap: 10px; } .stills figure { margin: 0; width: 220px; }
.stills img { width: 220px; border-radius: 2px; } figcaption { font-size: 12px; color: #666; }
#search { font-size: 15px; padding: 6px 10px; width: 320px; border: 1px solid #cfc6b6; border-radius: 4px; }
table.list { border-collapse: collapse; width: 100%; margin-top: 14px; }
table.list th { text-align: left; font-size: 12px; color: #888; text-transform: uppercase; cursor: pointer;
                border-bottom: 1px solid #cfc6b6; padding: 6px 8px 6px 0; user-select: none; }
table.list th.sorted-up::after { content: " ▲"; } table.list th.sorted-down::after { content: " ▼"; }
table.list td { padding: 4px 8px 4px 0; border-bottom: 1px solid #ebe6dd; vertical-align: middle; }
table.list tr:nth-child(even) td { background: #f5f2ec; }
table.list img { width: 40px; height: 60px; object-fit: cover; display: block; border-radius: 2px; }
.count { color: #777; font-size: 13px; } footer { color: #999; font-size: 12px; margin-top: 40px; }
"""

# A few lines of plain JavaScript: click a heading to sort, type to filter.
SCRIPT = """
(function () {
  var table = document.getElementById('films'), rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById('shown');
  document.getElementById('search').addEventListener('input', function () {
    var words = this.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-text'), hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.style.display = hit ? '' : 'none'; if (hit) { shown++; }
    });
    count.textContent = shown;
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    if (!th.hasAttribute('data-sort')) { return; }
    th.addEventListener('click', function () {
      var up = !th.classList.contains('sorted-up'), numeric = th.getAttribute('data-sort') === 'number';
      Array.prototype.forEach.call(th.parentNode.cells, function (c) {
        c.classList.remove('sorted-up', 'sorted-down');
      });
      th.classList.add(up ? 'sorted-up' : 'sorted-down');
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute('data-key'), y = b.cells[column].getAttribute('data-key');
        var order = numeric ? (parseFloat(x || '-1') - parseFloat(y || '-1')) : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
})();
"""


def slug(text: str, number: int | None = None) -> str:
    """A file name for a page: ascii letters, digits and dashes (and the id, so names never clash)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "page"
    return f"{base}-{number}" if number is not None else base


def web_link(url: Any, label: str) -> str:
    """`label` (escaped HTML) as a link when `url` is http(s), else plain."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" rel="noopener">{label}</a>'
    return label


@dataclass(frozen=True)
class SiteLinks:
    """Where the pages and pictures of the site are, relative to the page being written."""

    person: Callable[[Person], str | None]      # a person's page, or None
    picture: Callable[[Mapping[str, Any]], str | None]  # an image's file
    thumb: Callable[[Mapping[str, Any]], str | None]
    index: str


def page(title: str, body: str, style: str, script: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><link rel=\"stylesheet\" href=\"{style}\"></head>"
            f"<body><main>{body}<footer>Made with Marquee</footer></main>"
            + (f"<script>{script}</script>" if script else "") + "</body></html>\n")


def _person(person: Person, links: SiteLinks) -> str:
    href = links.person(person)
    return f'<a href="{esc(href)}">{esc(person.name)}</a>' if href else esc(person.name)


def _kv(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td class="k">{esc(k)}</td><td>{v}</td></tr>' for k, v in rows if v)
    return f'<table class="kv">{cells}</table>' if cells else ""


def _section(title: str, body: str) -> str:
    return f"<h2>{esc(title)}</h2>{body}" if body else ""


def _records(section: Section) -> str:
    blocks = []
    for record in section.records:
        look = section.look
        if look == "videos":
            meta = esc(joined([kind_label(record["kind"]), record.text("published_on"), record.text("duration_s"),
                               record["publisher"]]))
            blocks.append(f'<div class="block"><b>{web_link(record["url"], esc(record["title"]))}</b>'
                          f'<div class="meta">{meta}</div>{paragraphs(record["description"])}</div>')
        elif look == "reviews":
            who = esc(joined([record["author"], record["outlet"], record["venue"] and f"at {record['venue']}"], ", "))
            score_text = f"{record['score']}/100" if record["score"] is not None else None
            score = esc(joined([record["rating_text"], score_text]))
            quote = f'<div class="quote">“{esc(record["excerpt"])}”</div>' if record["excerpt"] else ""
            blocks.append(f'<div class="block">{quote}<div class="meta">— {web_link(record["url"], who or "Review")}'
                          f' {esc(record.text("published_on"))} <b>{score}</b></div></div>')
        elif look == "articles":
            blocks.append(f'<div class="block"><b>{web_link(record["url"], esc(record["headline"]))}</b>'
                          f'<div class="meta">{esc(joined([record["publisher"], record.text("published_on")]))}</div>'
                          f'{paragraphs(record["summary"])}</div>')
        elif look in ("releases", "awards"):
            first = record.text("date") if look == "releases" else record.text("year")
            rest = (joined([kind_label(record["kind"]), record["territory"], record["venue"]]) if look == "releases"
                    else joined([record["body"], record["category"], record.text("result")]))
            blocks.append(f'<tr><td class="k">{esc(first)}</td><td>{esc(rest)}</td></tr>')
        else:
            rows = [(label, web_link(record[field], esc(text)) if field.endswith("url") else esc(text))
                    for field, label, text in record.rows()]
            blocks.append(f'<div class="block">{_kv(rows)}</div>')
    if section.look in ("releases", "awards"):
        return f'<table class="kv">{"".join(blocks)}</table>' if blocks else ""
    return "".join(blocks)


def film_page(doc: Mapping[str, Any], links: SiteLinks) -> str:
    """One film's page (the body of it; `page` wraps it)."""
    view = film_view(doc)
    h = view.heading
    head = [f"<h1>{esc(h.title)}</h1>"]
    if h.other_title:
        head.append(f'<div class="original">{esc(h.other_title)}</div>')
    facts = esc(joined([h.year, runtime_minutes(h.runtime_min), h.certification]))
    head.append(f'<div class="facts">{facts}</div>' if facts else "")
    head.append(f'<div class="genres">{esc(joined(h.genres))}</div>' if h.genres else "")
    for label, people in view.direction:
        head.append(f'<div class="facts">{esc(label)} {", ".join(_person(p, links) for p in people)}</div>')
    head.append(f'<p class="tagline">{esc(h.tagline)}</p>' if h.tagline else "")
    head.append(paragraphs(h.synopsis, "synopsis"))
    poster = view.poster
    src = links.picture(poster) if poster is not None else None
    picture = f'<img class="poster" src="{esc(src)}" alt="{esc(h.title)}">' if src else ""
    body = [f'<nav><a href="{esc(links.index)}">← All films</a></nav>',
            f'<div class="head">{picture}<div>{"".join(head)}</div></div>']
    cast = "".join(f'<tr><td>{_person(p, links)}</td><td class="char">{esc(p.character or "")}</td></tr>'
                   for p in view.cast)
    body.append(_section("Cast", f'<table class="rows">{cast}</table>' if cast else ""))
    order = {role: n for n, role in enumerate(ROLE_LABELS)}
    crew = [(g.label, ", ".join(_person(p, links) for p in g.people))
            for g in sorted(view.other_crew, key=lambda g: order.get(g.role, len(order)))]
    crew += [(label, esc(", ".join(view.company_names(role))))
             for role, label in (("production", "Production"), ("distributor", "Distributor"))]
    body.append(_section("Crew", _kv(crew)))
    body.append(_section("Details", _kv([(label, web_link(text, esc(text)) if label == "Web site" else esc(text))
                                         for label, text in view.details.rows()])))
    for section in view.record_sections:
        body.append(_section(section.title, _records(section)))
    stills = [i for i in view.images if i is not poster]
    figures = "".join(f'<figure><a href="{esc(links.picture(i) or "")}"><img src="{esc(links.thumb(i) or "")}" '
                      f'alt="{esc(i.get("caption") or "")}"></a>'
                      + (f"<figcaption>{esc(i.get('caption'))}</figcaption>" if i.get("caption") else "")
                      + "</figure>" for i in stills if links.picture(i))
    body.append(_section("Pictures", f'<div class="stills">{figures}</div>' if figures else ""))
    copy = view.copy
    kept = [("My rating", esc(rating_stars(copy.rating))), ("Watched", "Yes" if copy.watched else ""),
            *((name, esc(text)) for name, text in copy.custom)]
    body.append(_section("In the collection", _kv(kept) + paragraphs(copy.notes)))
    return "".join(body)


def _key(value: Any) -> str:
    return esc("" if value is None else str(value).casefold())


def index_page(docs: Iterable[Mapping[str, Any]], film_href: Callable[[Mapping[str, Any]], str],
               thumb: Callable[[Mapping[str, Any]], str | None], title: str) -> str:
    """The index: every film in a table sortable by its headings, searchable as you type."""
    rows = []
    for doc in docs:
        view: FilmView = film_view(doc)
        h = view.heading
        directors = view.group("director")
        names = joined(directors.names if directors else [], ", ")
        src = thumb(view.poster) if view.poster is not None else None
        image = f'<img src="{esc(src)}" alt="">' if src else ""
        text = " ".join([h.title, h.original_title or "", names, " ".join(h.genres), str(h.year or ""),
                         " ".join(p.name for p in view.cast[:10])]).casefold()
        rows.append(
            f'<tr data-text="{esc(text)}"><td>{image}</td>'
            f'<td data-key="{_key(h.sort_title or h.title)}"><a href="{esc(film_href(doc))}">{esc(h.title)}</a></td>'
            f'<td data-key="{esc(h.year or "")}">{esc(h.year)}</td><td data-key="{_key(names)}">{esc(names)}</td>'
            f'<td data-key="{esc(h.runtime_min or "")}">{esc(runtime_minutes(h.runtime_min))}</td>'
            f'<td data-key="{esc(view.copy.rating if view.copy.rating is not None else "")}">'
            f'{esc(rating_stars(view.copy.rating))}</td><td data-key="{_key(joined(h.genres))}">'
            f"{esc(joined(h.genres))}</td></tr>")
    head = ('<tr><th></th><th data-sort="text">Title</th><th data-sort="number">Year</th>'
            '<th data-sort="text">Director</th><th data-sort="number">Runtime</th><th data-sort="number">Rating</th>'
            '<th data-sort="text">Genres</th></tr>')
    return (f"<h1>{esc(title)}</h1><p><input id=\"search\" type=\"search\" placeholder=\"Search titles, people, "
            f"genres…\" aria-label=\"Search\"> <span class=\"count\"><span id=\"shown\">{len(rows)}</span> of "
            f"{len(rows)} films</span></p><table class=\"list\" id=\"films\"><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def person_page(name: str, films: Iterable[tuple[Mapping[str, Any], str, list[str]]], index: str) -> str:
    """A person's page: their films (each with the parts they had), newest last."""
    items = []
    for doc, href, roles in sorted(films, key=lambda f: (f[0].get("year") or 9999, f[0]["title"])):
        parts = ", ".join(roles)
        year = f" ({esc(doc['year'])})" if doc.get("year") else ""
        items.append(f'<tr><td><a href="{esc(href)}">{esc(doc["title"])}</a>{year}</td>'
                     f'<td class="char">{esc(parts)}</td></tr>')
    return (f'<nav><a href="{esc(index)}">← All films</a></nav><h1>{esc(name)}</h1>'
            f'<h2>Films</h2><table class="rows">{"".join(items)}</table>')


__all__ = ["GENERIC", "SCRIPT", "STYLE", "SiteLinks", "film_page", "index_page", "page", "person_page", "slug"]
