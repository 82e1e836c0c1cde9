"""The film as a readable page: HTML built here from a film document (every user string escaped),
shown in a QTextBrowser. Person names link to `person:ID`; web links open in the browser."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from catalog.render.format import duration, esc, format_partial_date, humanize
from ui.context import AppContext

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
ROLE_LABELS = {
    "director": ("Director", "Directors"), "writer": ("Writer", "Writers"),
    "producer": ("Producer", "Producers"), "composer": ("Music", "Music"),
    "cinematographer": ("Cinematography", "Cinematography"), "editor": ("Editing", "Editing"),
    "production_designer": ("Production design", "Production design"),
    "costume_designer": ("Costumes", "Costumes"), "choreographer": ("Choreography", "Choreography"),
}


def web_link(url: str | None, label: str) -> str:
    """`label` (already escaped) as a link when `url` is http(s), else plain."""
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{label}</a>'
    return label


def person_link(credit: dict[str, Any]) -> str:
    return f'<a href="person:{int(credit["person_id"])}">{esc(credit["person"])}</a>'


def joined(parts: Iterable[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def section(title: str, body: str) -> str:
    """A headed section, or nothing when there is no body (missing sections show no heading)."""
    if not body:
        return ""
    heading = (f'<p style="margin-top:22px; margin-bottom:6px; font-size:8pt; font-weight:700; color:{FAINT};'
               f' letter-spacing:1.5px">{esc(title.upper())}</p>')
    return heading + body


def _header(doc: dict[str, Any], poster_url: str | None, synopsis: str) -> str:
    """Title, facts, direction, tagline and synopsis; beside the poster when there is one (the
    synopsis fills the room there instead of leaving a blank beside a tall poster)."""
    credits = doc["credits"]
    facts = joined([
        esc(doc["year"] or ""), f"{doc['runtime_min']} min" if doc["runtime_min"] else "",
        esc(doc["certification"] or ""), esc(", ".join(doc["genres"])),
    ])
    lines = [f"<h1>{esc(doc['title'])}</h1>"]
    if doc["original_title"] and doc["original_title"] != doc["title"]:
        lines.append(f'<p class="orig">{esc(doc["original_title"])}</p>')
    if facts:
        lines.append(f'<p class="facts">{facts}</p>')
    directors = [c for c in credits if c["role"] == "director"]
    writers = [c for c in credits if c["role"] == "writer"]
    ids = [c["person_id"] for c in directors]
    groups = [("Written and directed by", directors)] if directors and ids == [c["person_id"] for c in writers] \
        else [("Directed by", directors), ("Written by", writers)]
    for label, people in groups:
        if people:
            lines.append(f'<p><span class="muted">{label}</span> {", ".join(person_link(c) for c in people)}</p>')
    if doc["tagline"]:
        lines.append(f'<p class="tagline" style="margin-top:8px">{esc(doc["tagline"])}</p>')
    if synopsis:
        lines.append(f'<div style="margin-top:12px">{synopsis}</div>')
    text = "".join(lines)
    if not poster_url:
        return text
    return (f'<table cellspacing="0" cellpadding="0"><tr><td width="{POSTER_WIDTH + 20}" valign="top">'
            f'<img src="{poster_url}" width="{POSTER_WIDTH}"></td><td valign="top">{text}</td></tr></table>')


def _rows(rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    # One label width for every section, so the values of cast, crew, releases… line up.
    cells = "".join(f'<tr><td class="label" width="{LABEL_WIDTH}" valign="top">{a}</td>'
                    f'<td class="value" valign="top">{b}</td></tr>' for a, b in rows)
    return f'<table cellspacing="0" cellpadding="1">{cells}</table>'


def _cast(credits: list[dict[str, Any]]) -> str:
    return _rows([(person_link(c), f'<span class="muted">{esc(c["character"] or "")}</span>')
                  for c in credits if c["role"] == "actor"])


def _crew(credits: list[dict[str, Any]]) -> str:
    rows = []
    for role, (one, many) in ROLE_LABELS.items():
        people = [person_link(c) for c in credits if c["role"] == role]
        if people and role not in ("director", "writer"):
            rows.append((many if len(people) > 1 else one, ", ".join(people)))
    known = set(ROLE_LABELS) | {"actor"}
    rows += [(esc(humanize(c["role"])), person_link(c)) for c in credits if c["role"] not in known]
    return _rows(rows)


def _videos(videos: list[dict[str, Any]]) -> str:
    items = []
    for v in videos:
        meta = joined([esc(humanize(v["kind"])), esc(v["publisher"]), esc(format_partial_date(v["published_on"])),
                       duration(v["duration_s"] or None)])  # a length of 0 is not shown
        desc = f'<br><span class="muted">{esc(v["description"])}</span>' if v["description"] else ""
        # A file on disk is shown, never linked: the page opens nothing but web links.
        path = f'<br><span class="faint">File: {esc(v["file_path"])}</span>' if v["file_path"] else ""
        items.append(f'<p style="margin-bottom:8px">{web_link(v["url"], esc(v["title"]))}<br>'
                     f'<span class="faint">{meta}</span>{desc}{path}</p>')
    return "".join(items)


def _reviews(reviews: list[dict[str, Any]]) -> str:
    items = []
    for r in reviews:
        venue = f"at {esc(r['venue'])}" if r["venue"] else ""
        who = joined([esc(r["author"]), esc(r["outlet"]), venue], ", ")
        meta = joined([who, esc(format_partial_date(r["published_on"]))])
        marks = joined([esc(r["rating_text"]), f'{r["score"]}/100' if r["score"] is not None else ""])
        rating = f" <b>{marks}</b>" if marks else ""
        quote = f'<span class="quote">“{esc(r["excerpt"])}”</span><br>' if r["excerpt"] else ""
        line = web_link(r["url"], meta or "Review")
        items.append(f'<p style="margin-bottom:8px">{quote}<span class="muted">— {line}</span>{rating}</p>')
    return "".join(items)


def _releases(releases: list[dict[str, Any]]) -> str:
    return _rows([(esc(format_partial_date(r["date"]) or "Date unknown"),
                   joined([esc(humanize(r["kind"])), esc(r["territory"]), esc(r["venue"])]))
                  for r in releases])


def _articles(articles: list[dict[str, Any]]) -> str:
    items = []
    for a in articles:
        meta = joined([esc(a["publisher"]), esc(format_partial_date(a["published_on"]))])
        summary = f'<br>{esc(a["summary"])}' if a["summary"] else ""
        items.append(f'<p style="margin-bottom:8px">{web_link(a["url"], esc(a["headline"]))}'
                     f'<br><span class="faint">{meta}</span>{summary}</p>')
    return "".join(items)


def _awards(awards: list[dict[str, Any]]) -> str:
    return _rows([(esc(a["year"] or ""), joined([esc(a["body"]), esc(a["category"]), esc(humanize(a["result"]))]))
                  for a in awards])


def _companies(companies: list[dict[str, Any]]) -> str:
    rows = []
    for role, one, many in (("production", "Production", "Production"), ("distributor", "Distributor",
                                                                          "Distributors")):
        names = [esc(c["name"]) for c in companies if c["role"] == role]
        if names:
            rows.append((many if len(names) > 1 else one, ", ".join(names)))
    return _rows(rows)


def _copy(doc: dict[str, Any]) -> str:
    rating = f"{doc['rating']:g} / 10" if doc["rating"] is not None else ""
    rows = [(label, esc(value)) for label, value in (
        ("Medium", doc["medium"]), ("Location", doc["location"]), ("Barcode", doc["barcode"]),
        ("My rating", rating)) if value]
    if doc["watched"]:
        rows.append(("Watched", "Yes"))
    notes = f'<p style="margin-top:6px">{esc(doc["notes"])}</p>' if doc["notes"] else ""
    return _rows(rows) + notes


def film_html(doc: dict[str, Any], poster_url: str | None = None) -> str:
    """The whole page for one film document. Every user value passes through `esc`."""
    credits = doc["credits"]
    synopsis = "".join(f"<p>{esc(par)}</p>" for par in (doc["synopsis"] or "").split("\n") if par.strip())
    body = [
        _header(doc, poster_url, synopsis),
        section("Cast", _cast(credits)),
        section("Crew", _crew(credits)),
        section("Companies", _companies(doc["companies"])),
        section("Featurettes and trailers", _videos(doc["videos"])),
        section("Reviews", _reviews(doc["reviews"])),
        section("Releases", _releases(doc["releases"])),
        section("Articles", _articles(doc["articles"])),
        section("Awards", _awards(doc["awards"])),
        section("In my collection", _copy(doc)),
    ]
    return "<html><body>" + "".join(body) + "</body></html>"


def poster_job(thumb: Path, source: str | None, width: int, ratio: float) -> Callable[..., QImage | None]:
    """A TaskRunner job making the poster image at display size: the cached thumbnail when there is
    one, else a scaled decode of the file (QImageReader scales while decoding)."""
    def job(abort: threading.Event, progress: Callable[..., None]) -> QImage | None:
        reader = QImageReader(str(thumb) if thumb.is_file() else (source or ""))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > width * ratio * 2:
            reader.setScaledSize(size.scaled(QSize(int(width * ratio * 2), 100000),
                                             Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if abort.is_set() or image.isNull():
            return None
        image = image.scaledToWidth(int(width * ratio), Qt.TransformationMode.SmoothTransformation)
        image.setDevicePixelRatio(ratio)
        return image
    return job


class FilmPageView(QTextBrowser):
    """Shows one film document. Emits person_clicked(person_id); opens http(s) links itself."""

    person_clicked = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmPage")
        self.context = context
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTextBrowser { background: #ffffff; }")
        self.document().setDefaultStyleSheet(STYLE)
        self.document().setDocumentMargin(22)
        self.anchorClicked.connect(self._on_anchor)
        self.doc: dict[str, Any] | None = None
        self._posters: dict[str, QImage] = {}
        self._loading: set[str] = set()

    def show_document(self, doc: dict[str, Any] | None) -> None:
        """Render `doc` (None clears), keeping the scroll position when it is the same film."""
        same = self.doc is not None and doc is not None and self.doc["id"] == doc["id"]
        scroll = self.verticalScrollBar().value()
        self.doc = doc
        if doc is None:
            self.clear()
            return
        sha = doc.get("poster")
        url = f"poster:{sha}" if sha and sha in self._posters else None
        self.setHtml(film_html(doc, url))
        if same:
            self.verticalScrollBar().setValue(scroll)
        if sha and sha not in self._posters:
            self._load_poster(doc, sha)

    def _load_poster(self, doc: dict[str, Any], sha: str) -> None:
        if sha in self._loading:
            return
        source = next((i["path"] for i in doc["images"] if i["sha256"] == sha), None)
        thumb = self.context.catalogue.store.thumbnail_path(sha, 256)
        if source is None and not thumb.is_file():
            return
        self._loading.add(sha)
        task = self.context.tasks.start(poster_job(thumb, source, POSTER_WIDTH, self.devicePixelRatioF()))
        task.done.connect(lambda: self._poster_loaded(sha, task.result))
        if task.result is not None:  # finished before the connection was made
            self._poster_loaded(sha, task.result)

    def _poster_loaded(self, sha: str, image: QImage | None) -> None:
        self._loading.discard(sha)
        if image is None or sha in self._posters:
            return
        self._posters[sha] = image
        if self.doc is not None and self.doc.get("poster") == sha:
            self.show_document(self.doc)

    def loadResource(self, kind: int, url: QUrl) -> Any:
        if url.scheme() == "poster" and kind == QTextDocument.ResourceType.ImageResource.value:
            return self._posters.get(url.path())
        return None  # never fetch anything a user string might name

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "person" and url.path().isdigit():
            self.person_clicked.emit(int(url.path()))
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
