"""Printed film sheets: template discovery and rendering of film documents to HTML.

The HTML is meant for Qt's QTextDocument (tables for layout, a small CSS subset), but this module
imports no Qt at all. Every user string goes through ``html.escape``; templates are
``string.Template`` skeletons whose ``$names`` are filled with ready-made HTML fragments
(see ``resources/templates/README.md``). Pure functions, safe on any thread.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import html
import io
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from PIL import Image, ImageOps

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "resources" / "templates"
BUILTIN_TITLES = {"sheet": "Detail sheet", "card": "Compact card", "list": "Catalogue list"}
PX_PER_MM = 96 / 25.4  # template pixels are CSS pixels: 1/96 inch
PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}
PRINT_DENSITY = 2  # image pixels per CSS pixel (~190 dpi on paper)


@dataclass(frozen=True)
class TemplateInfo:
    """A template file: ``name`` (file stem), display ``title``, ``path`` and ``kind`` ("film"/"list")."""

    name: str
    title: str
    path: Path
    kind: str


def _read_info(path: Path) -> TemplateInfo:
    text = path.read_text(encoding="utf-8", errors="replace")[:4000]
    title = kind = None
    for comment in re.findall(r"<!--(.*?)-->", text, re.S):
        for key, value in re.findall(r"^\s*(title|kind)\s*:\s*(.+?)\s*$", comment, re.M | re.I):
            if key.lower() == "title":
                title = title or value
            else:
                kind = kind or value.lower()
    if title is None and (m := re.search(r"<title>(.*?)</title>", text, re.S | re.I)):
        title = html.unescape(m.group(1).strip()) or None
    kind = kind if kind in ("film", "list") else ("list" if path.stem == "list" else "film")
    return TemplateInfo(path.stem, title or BUILTIN_TITLES.get(path.stem, path.stem), path, kind)


def list_templates(user_dir: Path | None = None) -> list[TemplateInfo]:
    """Built-ins, then ``<user_dir>/templates/*.html``; a user file replaces the built-in of its name."""
    found = {p.stem: p for p in sorted(TEMPLATES_DIR.glob("*.html"))}
    if user_dir is not None and (user_dir / "templates").is_dir():
        found.update({p.stem: p for p in sorted((user_dir / "templates").glob("*.html"))})
    order = list(BUILTIN_TITLES)
    names = sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [_read_info(found[n]) for n in names]


def find_template(template: str | Path, user_dir: Path | None = None) -> TemplateInfo:
    """A template by name (user templates first) or by path to an .html file."""
    if isinstance(template, Path) or template.endswith(".html"):
        return _read_info(Path(template))
    for info in list_templates(user_dir):
        if info.name == template:
            return info
    raise KeyError(f"no template named {template!r}")


# ----------------------------------------------------------------------------------------- formatting


def esc(value: object) -> str:
    """Escape any user value for HTML; None prints as nothing."""
    return "" if value is None else html.escape(str(value), quote=True)


def paragraphs(text: str | None, cls: str = "") -> str:
    """User text as escaped paragraphs: blank lines split paragraphs, single newlines break lines."""
    if not text or not text.strip():
        return ""
    attr = f' class="{cls}"' if cls else ""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p{attr}>{esc(p).replace(chr(10), '<br>')}</p>" for p in parts)


def format_partial_date(value: str | None) -> str:
    """'2016' → '2016', '2016-11' → 'November 2016', '2016-11-23' → '23 November 2016'."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not m or not (m.group(2) is None or 1 <= int(m.group(2)) <= 12):
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def format_duration(seconds: int | None) -> str:
    """192 → '3:12'; 3723 → '1:02:03'."""
    if seconds is None or seconds < 0:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rating(rating: float | None) -> str:
    """Collector's 0–10 rating as five stars with halves: 9 → '★★★★½ 9/10'."""
    if rating is None:
        return ""
    halves = max(0, min(10, round(rating)))
    stars = "★" * (halves // 2) + ("½" if halves % 2 else "")
    stars += "☆" * (5 - halves // 2 - halves % 2)
    return f"{stars} {rating:g}/10"


def sort_key_date(value: str | None) -> str:
    """Partial ISO dates sort as strings; unknown dates last."""
    return value or "9999"


KIND_LABELS = {
    "behind_the_scenes": "Behind the scenes",
    "deleted_scene": "Deleted scene",
    "home_media": "Home media",
    "festival": "Festival screening",
}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", (kind or "").replace("_", " ").capitalize())


def breakable_url(url: str) -> str:
    """Escaped URL with zero-width spaces after separators so long links wrap inside table cells."""
    return re.sub(r"([/?&=])", "\\1\u200b", esc(url))


# ------------------------------------------------------------------------------------------- images


@lru_cache(maxsize=256)
def _scaled_image(path: str, mtime_ns: int, box_w: int, box_h: int) -> tuple[bytes, str, int, int] | None:
    """Image file scaled to fit a box of CSS pixels at print density: (data, mime, css_w, css_h)."""
    try:
        with Image.open(path) as im:
            im.draft("RGB", (box_w * PRINT_DENSITY, box_h * PRINT_DENSITY))
            im = ImageOps.exif_transpose(im) if im.format == "JPEG" else im
            im.thumbnail((box_w * PRINT_DENSITY, box_h * PRINT_DENSITY), Image.Resampling.LANCZOS)
            alpha = im.mode in ("RGBA", "LA", "P")
            im = im.convert("RGBA" if alpha else "RGB")
            buf = io.BytesIO()
            if alpha:
                im.save(buf, "PNG", optimize=False)
            else:
                im.save(buf, "JPEG", quality=85)
            w, h = im.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    css_w, css_h = max(1, round(w / PRINT_DENSITY)), max(1, round(h / PRINT_DENSITY))
    return buf.getvalue(), "image/png" if alpha else "image/jpeg", css_w, css_h


def placeholder(width: int, height: int, label: str = "image missing") -> str:
    """A grey box of about the image's printed size that says the picture is missing."""
    pad = max(4, height // 2 - 10)
    return (
        f'<table class="missing" width="{width}" cellspacing="0" cellpadding="0"><tr>'
        f'<td align="center" valign="middle" style="padding-top:{pad}px; padding-bottom:{pad}px">'
        f"{esc(label)}</td></tr></table>"
    )


def image_html(img: dict | None, box_w: int, box_h: int, cache_dir: Path | None = None) -> str:
    """``<img>`` of an image-document scaled to fit box_w×box_h CSS px, or the placeholder."""
    path = None if img is None or img.get("missing") else img.get("path")
    try:
        mtime = Path(path).stat().st_mtime_ns if path else None
    except OSError:
        mtime = None
    scaled = _scaled_image(str(path), mtime, box_w, box_h) if mtime is not None else None
    if scaled is None:
        return placeholder(box_w, box_h)
    data, mime, w, h = scaled
    if cache_dir is not None:
        key = hashlib.sha1(f"{path}:{mtime}:{box_w}x{box_h}".encode()).hexdigest()[:20]
        out = cache_dir / f"{key}.{'png' if mime == 'image/png' else 'jpg'}"
        if not out.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        src = out.resolve().as_uri()
    else:
        src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<img src="{esc(src)}" width="{w}" height="{h}">'


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """PNG data URI of a QR code for ``url`` (segno, medium error correction, 6 px modules)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=6, border=2)


def qr_html(url: str | None, size: int = 76) -> str:
    if not url:
        return ""
    return f'<img src="{qr_data_uri(url)}" width="{size}" height="{size}">'


# ----------------------------------------------------------------------------------------- fragments

CREW_LABELS = {
    "director": "Directed by",
    "writer": "Written by",
    "producer": "Produced by",
    "composer": "Music",
    "cinematographer": "Cinematography",
    "editor": "Editing",
}
POSTER_BOX, CARD_POSTER_BOX, STILL_BOX, THUMB_BOX = (180, 270), (130, 195), (160, 100), (26, 39)


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


def cast_table(cast: list[dict], limit: int | None = None) -> str:
    rows = []
    for n, c in enumerate(cast[:limit]):
        char = f'<span class="as">as</span> {esc(c["character"])}' if c.get("character") else ""
        shade = ' class="alt"' if n % 2 else ""
        rows.append(
            f'<tr{shade}><td class="name" width="36%">{esc(c.get("person"))}</td>'
            f'<td class="char">{char}</td></tr>'
        )
    return f'<table class="rows" width="100%" cellspacing="0">{"".join(rows)}</table>' if rows else ""


def videos_table(videos: list[dict], limit: int | None = None) -> str:
    rows = []
    for v in videos[:limit]:
        meta = joined(
            [
                format_partial_date(v.get("published_on")),
                format_duration(v.get("duration_s")),
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
                esc((a.get("result") or "").capitalize()),
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


class LazyNames(Mapping[str, str]):
    """Template names whose fragments are built only when the template uses them (then kept)."""

    def __init__(self, makers: dict[str, Callable[[], str]]) -> None:
        self._makers, self._done = makers, {}

    def __getitem__(self, name: str) -> str:
        if name not in self._done:
            self._done[name] = self._makers[name]()  # KeyError leaves unknown $names as written
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def shorten(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 20].rsplit(" ", 1)[0] + " …"


def film_names(doc: dict, cache_dir: Path | None = None, paper: str = "A4") -> LazyNames:
    """Every ``$name`` a film template can use, each a ready HTML fragment (empty when unknown)."""
    credits = doc.get("credits") or []
    cast = [c for c in credits if c.get("role") == "actor"]
    companies = doc.get("companies") or []
    distributor = joined([c["name"] for c in companies if c.get("role") == "distributor"], ", ")
    production = joined([c["name"] for c in companies if c.get("role") == "production"], ", ")
    runtime = f"{doc['runtime_min']} min" if doc.get("runtime_min") else ""
    original = doc.get("original_title") if doc.get("original_title") != doc.get("title") else None
    facts = joined([doc.get("year"), runtime, doc.get("certification")])
    genres = joined(doc.get("genres") or [], " · ")
    roles = [r for r in dict.fromkeys(c.get("role") for c in credits) if r not in ("actor", None)]
    label = {r: CREW_LABELS.get(r, str(r).replace("_", " ").capitalize()) for r in roles}
    key_people = kv_table(
        [(label[r], joined(people(doc, r), ", ")) for r in ("director", "writer") if r in label]
        + [("Distributor", distributor)]
    )
    poster = poster_image(doc)
    heading = (
        f"<h1>{esc(doc.get('title'))}</h1>"
        + (f'<p class="original">{esc(original)}</p>' if original else "")
        + (f'<p class="facts">{facts}</p>' if facts else "")
        + (f'<p class="genres">{genres}</p>' if genres else "")
        + (f'<p class="tagline">{esc(doc["tagline"])}</p>' if doc.get("tagline") else "")
    )
    synopsis = paragraphs(doc.get("synopsis"), "synopsis")
    rating = esc(format_rating(doc.get("rating")))
    videos = doc.get("videos") or []

    def header(box: tuple[int, int], extra: str) -> str:
        text = f'<td valign="top">{heading}{extra}</td>'
        if poster is not None:
            text = (
                f'<td class="poster" width="{box[0] + 4}" valign="top">{image_html(poster, *box, cache_dir)}'
                f'</td><td class="gap" width="18"></td>{text}'
            )
        return f'<table class="head" width="100%" cellspacing="0"><tr>{text}</tr></table>'

    def crew() -> str:
        return kv_table(
            [(label[r], joined(people(doc, r), ", ")) for r in roles if r not in ("director", "writer")]
            + [("Production", production)]
        )

    def copy(notes_limit: int | None = None) -> str:
        notes = doc.get("notes") if notes_limit is None else shorten(doc.get("notes"), notes_limit)
        return section(
            "The collector's copy",
            kv_table(
                [
                    ("Medium", esc(doc.get("medium"))),
                    ("Location", esc(doc.get("location"))),
                    ("Barcode", esc(doc.get("barcode"))),
                    ("Your rating", rating),
                    ("Watched", "Yes" if doc.get("watched") else ""),
                    ("Notes", paragraphs(notes, "note")),
                ]
            ),
        )

    plain = {
        "title": esc(doc.get("title")),
        "original_title": esc(original),
        "year": esc(doc.get("year")),
        "runtime": esc(runtime),
        "certification": esc(doc.get("certification")),
        "genres": genres,
        "distributor": distributor,
        "tagline": esc(doc.get("tagline")),
        "facts": facts,
        "rating": rating,
        "directors": joined(people(doc, "director"), ", "),
        "writers": joined(people(doc, "writer"), ", "),
        "heading": heading,
        "people": key_people,
        "synopsis": synopsis,
        "paper": esc(paper),
    }
    makers: dict[str, Callable[[], str]] = {k: (lambda v=v: v) for k, v in plain.items()}
    makers.update(
        {
            "synopsis_short": lambda: paragraphs(shorten(doc.get("synopsis"), 520), "synopsis"),
            "poster": lambda: image_html(poster, *POSTER_BOX, cache_dir) if poster else "",
            "header": lambda: header(POSTER_BOX, key_people + synopsis),
            "card_header": lambda: header(CARD_POSTER_BOX, key_people),
            "cast_section": lambda: section("Cast", cast_table(cast)),
            "cast_short_section": lambda: section("Starring", cast_table(cast, 8)),
            "crew_section": lambda: section("Crew", crew()),
            "videos_section": lambda: section("Featurettes & trailers", videos_table(videos)),
            "videos_short_section": lambda: section(
                "Watch", videos_table([v for v in videos if v.get("url")], 1)
            ),
            "reviews_section": lambda: section("Reviews", reviews_table(doc.get("reviews") or [])),
            "releases_section": lambda: section("Releases", releases_table(doc.get("releases") or [])),
            "awards_section": lambda: section("Awards", awards_table(doc.get("awards") or [])),
            "articles_section": lambda: section("Articles", articles_list(doc.get("articles") or [])),
            "stills_section": lambda: section("Stills", stills_strip(doc.get("images") or [], cache_dir)),
            "copy_section": copy,
            "copy_short_section": lambda: copy(300),
            "style": lambda: stylesheet(paper),
        }
    )
    return LazyNames(makers)


def group_letter(doc: dict) -> str:
    key = (doc.get("sort_title") or doc.get("title") or "").strip()
    first = unicodedata.normalize("NFKD", key[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


def list_names(
    docs: Iterable[dict], cache_dir: Path | None = None, paper: str = "A4", title: str = "Catalogue list"
) -> dict[str, str]:
    """The ``$names`` of a list template: rows grouped under their first letter."""
    rows: list[tuple[str, str, str]] = []
    for d in docs:
        poster = poster_image(d)
        thumb = image_html(poster, *THUMB_BOX, cache_dir) if poster else ""
        original = d.get("original_title") if d.get("original_title") != d.get("title") else None
        name = f'<span class="ltitle">{esc(d.get("title"))}</span>' + (
            f'<br><span class="lorig">{esc(original)}</span>' if original else ""
        )
        cells = [
            thumb,
            name,
            esc(d.get("year")),
            joined(people(d, "director"), ", "),
            esc(f"{d['runtime_min']} min" if d.get("runtime_min") else ""),
            esc(format_rating(d.get("rating"))),
        ]
        key = (d.get("sort_title") or d.get("title") or "").casefold()
        rows.append(
            (
                group_letter(d),
                key,
                "".join(f'<td class="{c}">{v}</td>' for c, v in zip(LIST_CELLS, cells, strict=True)),
            )
        )
    rows.sort(key=lambda r: (r[0] == "#", r[0], r[1]))
    head = "".join(f'<th align="left" width="{w}">{h}</th>' for h, w in LIST_HEAD)
    groups = []
    for letter in dict.fromkeys(r[0] for r in rows):
        body = "".join(
            f"<tr{' class=alt' if n % 2 else ''}>{r[2]}</tr>"
            for n, r in enumerate(r for r in rows if r[0] == letter)
        )
        groups.append(
            f'<p class="letter">{esc(letter)}</p><table class="grid list" width="100%" cellspacing="0">'
            f"<thead><tr>{head}</tr></thead>{body}</table>"
        )
    return {"title": esc(title), "count": str(len(rows)), "entries": "".join(groups), "paper": esc(paper)}


LIST_CELLS = ["thumb", "ltitle", "year", "director", "runtime", "rating"]
LIST_HEAD = [
    ("", "6%"),
    ("Title", "38%"),
    ("Year", "8%"),
    ("Director", "24%"),
    ("Runtime", "10%"),
    ("Rating", "14%"),
]


# ----------------------------------------------------------------------------------------- rendering


def fill(template_text: str, names: Mapping[str, str]) -> str:
    """Substitute ``$name`` placeholders; unknown names stay as written (safe for user templates)."""
    return string.Template(template_text).safe_substitute(names)


@lru_cache(maxsize=4)
def stylesheet(paper: str = "A4") -> str:
    """The shared stylesheet (``resources/templates/sheet.css``), read once."""
    css = (TEMPLATES_DIR / "sheet.css").read_text(encoding="utf-8")
    return css.replace("$paper", esc(paper))


def render_film_html(
    doc: dict,
    template: str | Path = "sheet",
    *,
    images_dir_for_cache: Path | None = None,
    paper: str = "A4",
    user_dir: Path | None = None,
) -> str:
    """A film document rendered with a film template (see README for the names a template can use)."""
    info = find_template(template, user_dir)
    names = film_names(doc, cache_dir=images_dir_for_cache, paper=paper)
    return fill(info.path.read_text(encoding="utf-8"), names)


def render_list_html(
    docs: Iterable[dict],
    template: str | Path = "list",
    *,
    title: str = "Catalogue list",
    images_dir_for_cache: Path | None = None,
    paper: str = "A4",
    user_dir: Path | None = None,
) -> str:
    """The catalogue list: one line per film, grouped by first letter of the sort title."""
    info = find_template(template, user_dir)
    names = list_names(docs, cache_dir=images_dir_for_cache, paper=paper, title=title)
    names["style"] = stylesheet(paper)
    names["generated"] = esc(date.today().strftime("%-d %B %Y"))
    return fill(info.path.read_text(encoding="utf-8"), names)
