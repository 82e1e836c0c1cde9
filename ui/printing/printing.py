"""Printing film sheets: HTML from ``catalog.sheets`` laid out by QTextDocument, painted page by page.

One QTextDocument per film, made, painted and dropped before the next, so a batch of any size
prints in constant memory. Works with only a QGuiApplication (``ensure_gui_app``) and off the GUI
thread: QTextDocument draws images as QImage there, and QPdfWriter needs no pixmaps.
"""

from __future__ import annotations

import base64
import errno
import os
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sized
from html import unescape as html_unescape
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import (
    QCoreApplication,
    QFile,
    QFileDevice,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from catalog.files import replacing
from catalog.model.documents import FilmDoc
from catalog.render.sheets import find_template, render_film_html, render_list_html
from catalog.render.sheets.desk import DESK_KINDS, desk_pages
from catalog.render.sheets.fragments import KEEP_WITH_NEXT

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter  # only named: printing itself needs no QtWidgets

# The paged devices films are painted on: both have the resolution() QPagedPaintDevice lacks.
PrintDevice: TypeAlias = "QPdfWriter | QPrinter"

MARGIN_MM = 15.0
FOOTER_MM = 7.0  # space between the text block and the footer line
PDF_DPI = 600
Progress = Callable[[int, int], None]

# Territories that use US Letter; everywhere else prints on A4.
_LETTER = {
    "UnitedStates",
    "Canada",
    "Mexico",
    "Philippines",
    "Chile",
    "Colombia",
    "Venezuela",
    "CostaRica",
    "Guatemala",
    "Panama",
    "PuertoRico",
    "DominicanRepublic",
    "ElSalvador",
    "Nicaragua",
    "Belize",
    "Bolivia",
}


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen unless QT_QPA_PLATFORM says otherwise)."""
    app = QCoreApplication.instance()
    if app is None:
        argv = [sys.argv[0] if sys.argv and sys.argv[0] else "marquee"]
        if not os.environ.get("QT_QPA_PLATFORM"):
            argv += ["-platform", "offscreen"]
        app = QGuiApplication(argv)
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("printing needs a QGuiApplication, not a bare QCoreApplication")
    return app


def default_paper(locale: QLocale | None = None) -> str:
    """'Letter' for the Americas' Letter territories (and imperial-US measurement), else 'A4'."""
    locale = locale or QLocale()
    if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return "Letter"
    return "Letter" if locale.territory().name in _LETTER else "A4"


def page_size(paper: str) -> QPageSize:
    return QPageSize(QPageSize.PageSizeId.Letter if paper.lower() == "letter" else QPageSize.PageSizeId.A4)


def _html_stream(
    docs: Iterable[FilmDoc], template: str, paper: str, user_dir: Path | None, cache_dir: Path | None
) -> Iterator[tuple[str, str]]:
    """(footer title, html) per printed document: one per film, one for a list template (the
    wishlist, the loans), one per open loan for a loan slip."""
    info = find_template(template, user_dir)
    if info.kind in DESK_KINDS:
        yield from desk_pages(info, docs, paper, cache_dir)
        return
    if info.kind == "list":
        yield (
            info.title,
            render_list_html(docs, info.path, title=info.title, paper=paper, images_dir_for_cache=cache_dir),
        )
        return
    for doc in docs:
        yield (
            doc.get("title") or "Untitled",
            render_film_html(doc, info.path, paper=paper, images_dir_for_cache=cache_dir),
        )


def paint_documents(
    device: PrintDevice,
    docs: Iterable[FilmDoc],
    template: str = "sheet",
    *,
    paper: str = "A4",
    progress: Progress | None = None,
    abort: threading.Event | None = None,
    user_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Paint films onto a paged device not yet painted on (QPdfWriter, QPrinter, a preview's printer).

    Each film starts on a new page; every page has a footer "Title — page n of m". Returns the pages
    painted. ``progress(done, total)`` after each film (total 0 when ``docs`` has no length); stops
    between films once ``abort`` is set. Any thread, with a QGuiApplication alive.
    """
    total = len(docs) if isinstance(docs, Sized) else 0
    return paint_pages(device, _html_stream(docs, template, paper, user_dir, cache_dir), progress=progress,
                       abort=abort, total=total)


def paint_pages(device: PrintDevice, documents: Iterable[tuple[str, str]], *, progress: Progress | None = None,
                abort: threading.Event | None = None, total: int = 0) -> int:
    """Paint (footer title, html) documents onto a paged device, each from a new page, as
    `paint_documents` does; returns the pages painted."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the print device")
    pages = 0
    try:
        res = device.resolution()
        layout = device.pageLayout()
        full = QRectF(layout.fullRectPixels(res))
        origin = QPointF(layout.paintRectPixels(res).topLeft())
        mm = res / 25.4
        margins = layout.marginsPixels(res)
        side = [
            max(MARGIN_MM * mm, float(v)) for v in (margins.left(), margins.top(), margins.right(), margins.bottom())
        ]
        body = full.adjusted(side[0], side[1], -side[2], -side[3] - FOOTER_MM * mm).translated(-origin)
        footer_y = full.bottom() - side[3] - origin.y()
        for done, (title, html) in enumerate(documents, 1):
            if abort is not None and abort.is_set():
                break
            pages += _paint_one(painter, device, html, title, body, footer_y, first=pages == 0)
            if progress is not None:
                progress(done, total)
    finally:
        painter.end()
    return pages


class _SharedImages:
    """Recently printed images as QImages, handed to each new document before layout.

    The same QImage (same cacheKey) is written once into a PDF however many films show it, so a
    batch that shares a poster, or prints the same QR code, stays small. Bounded; QImage only, so
    any thread may use it (one print job at a time per instance).
    """

    def __init__(self, size: int = 48) -> None:
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def share(self, doc: QTextDocument, html: str) -> None:
        for src in dict.fromkeys(_IMG_SRC.findall(html)):
            src = html_unescape(src)
            with self._lock:
                image = self._images.get(src)
                if image is not None:
                    self._images.move_to_end(src)
            if image is None:
                image = self._load(src)
                if image.isNull():
                    continue
                with self._lock:
                    self._images[src] = image
                    while len(self._images) > self._size:
                        self._images.popitem(last=False)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)

    @staticmethod
    def _load(src: str) -> QImage:
        if src.startswith("data:"):
            return QImage.fromData(base64.b64decode(src.split(",", 1)[1]))
        return QImage(QUrl(src).toLocalFile())


_IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')
_IMAGES = _SharedImages()


def _paint_one(
    painter: QPainter,
    device: PrintDevice,
    html: str,
    title: str,
    body: QRectF,
    footer_y: float,
    first: bool,
) -> int:
    """Lay one document out on the body rectangle and paint its pages; returns their number."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)  # fonts in pt and images in px sized for paper
    doc.setDocumentMargin(0)
    _IMAGES.share(doc, html)
    doc.setHtml(html)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    keep_headings_with_next(doc, body.height())
    count = doc.pageCount()
    for page in range(count):
        if not (first and page == 0):
            device.newPage()
        painter.save()
        painter.translate(body.left(), body.top() - page * body.height())
        clip = QRectF(0, page * body.height(), body.width(), body.height())
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        _footer(painter, device, f"{title} — page {page + 1} of {count}", body, footer_y)
    return count


def _heading_blocks(doc: QTextDocument) -> list[QTextBlock]:
    """The blocks a template marked as headings to keep with what follows (KEEP_WITH_NEXT)."""
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if KEEP_WITH_NEXT in it.fragment().charFormat().anchorNames():
                found.append(block)
                break
            it += 1
        block = block.next()
    return found


def _first_content_bottom(doc: QTextDocument, heading: QTextBlock, table: QTextTable | None) -> float | None:
    """Where the first line of what follows a heading ends (document y), None when nothing does."""
    layout = doc.documentLayout()
    if table is not None and table.rows() > 1:  # a titled table: its first row follows the head row
        block = heading.next()
    else:  # a paragraph, or a one-cell heading table: what comes after it
        end = table.lastPosition() if table is not None else heading.position() + heading.length() - 1
        block = doc.findBlock(end + 1)
    while block.isValid() and block.length() <= 1 and not block.text().strip():
        block = block.next()  # the empty paragraphs Qt puts between tables
    if not block.isValid():
        return None
    rect = layout.blockBoundingRect(block)
    text_layout = block.layout()
    if text_layout is None or text_layout.lineCount() == 0:
        return rect.bottom()
    line = text_layout.lineAt(0)
    return rect.top() + line.y() + line.height()


def keep_headings_with_next(doc: QTextDocument, page_height: float, rounds: int = 50) -> int:
    """Move each marked heading that ends a page alone (its first row or picture on the next
    page) to the next page, by a page break before it; laid out again after each. Returns how
    many moved. Works for any template: sections and list letters carry the mark."""
    moved = 0
    for _ in range(rounds):
        layout = doc.documentLayout()
        for heading in _heading_blocks(doc):
            cursor = QTextCursor(heading)
            table = cursor.currentTable()
            top = layout.frameBoundingRect(table).top() if table is not None else layout.blockBoundingRect(
                heading).top()
            page, offset = divmod(top, page_height)
            bottom = _first_content_bottom(doc, heading, table)
            if bottom is None or offset < 1 or int((bottom - 0.5) // page_height) == int(page):
                continue
            if table is not None:
                frame = table.format()
                frame.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                table.setFormat(frame)
            else:
                block_format = heading.blockFormat()
                block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(block_format)
            moved += 1
            break  # everything below moved: look again from the top
        else:
            return moved
    return moved


def _footer(painter: QPainter, device: PrintDevice, text: str, body: QRectF, y: float) -> None:
    mm = device.resolution() / 25.4
    painter.save()
    painter.setPen(QPen(QColor("#c9c1b3"), 0.2 * mm))
    painter.drawLine(QPointF(body.left(), y - 4.5 * mm), QPointF(body.right(), y - 4.5 * mm))
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7.5)
    painter.setFont(font)
    painter.setPen(QColor("#777777"))
    box = QRectF(body.left(), y - 4 * mm, body.width(), 4 * mm)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), text)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), "Marquee")
    painter.restore()


def check_writable(out: Path) -> None:
    """Raise OSError naming ``out`` and the reason when a PDF cannot be written there (Qt's own
    writer would only say "QPainter::begin(): Returned false"); the temporary file beside it says
    the rest (a read-only folder, a full disk)."""
    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(out))
    if not out.parent.is_dir():
        reason = "not a folder" if out.parent.exists() else "no such folder"
        raise FileNotFoundError(errno.ENOENT, f"{reason}: {out.parent}", str(out))


def print_to_pdf(
    docs: Iterable[FilmDoc],
    out: Path,
    template: str = "sheet",
    paper: str = "A4",
    progress: Progress | None = None,
    abort: threading.Event | None = None,
    *,
    user_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Print films (or a list) into one PDF at ``out``; returns pages, or 0 if aborted (no file left).

    Written to a temporary file beside ``out``, flushed to disk and renamed when complete: on any
    error (a full disk included: OSError) the previous file is intact and nothing else is left.
    Any thread.
    """
    ensure_gui_app()
    out = Path(out)
    check_writable(out)
    with replacing(out) as replacement:
        replacement.file.close()  # Qt writes the temporary file through its own QFile
        device = QFile(str(replacement.path))
        if not device.open(QIODevice.OpenModeFlag.WriteOnly | QIODevice.OpenModeFlag.Truncate):
            raise OSError(errno.EIO, device.errorString(), str(out))
        try:
            pages = _write_pdf(device, docs, template, paper, progress, abort, user_dir, cache_dir)
            # QPdfWriter reports no write errors: a full disk shows in the device, or in the flush.
            if device.error() != QFileDevice.FileError.NoError or not device.flush():
                raise OSError(errno.ENOSPC if "space" in device.errorString().lower() else errno.EIO,
                              device.errorString() or "the file could not be written", str(out))
            os.fsync(device.handle())
        finally:
            device.close()
        if (abort is not None and abort.is_set()) or pages == 0:
            replacement.discard()
            return 0
    return pages


def print_pages_to_pdf(pages: Iterable[tuple[str, str]], out: Path, paper: str = "A4", title: str = "Marquee",
                       abort: threading.Event | None = None) -> int:
    """(footer title, html) documents — the statistics page, say — into one PDF at ``out``,
    written whole or not at all (as `print_to_pdf`); returns the pages. Any thread."""
    ensure_gui_app()
    out = Path(out)
    check_writable(out)
    with replacing(out) as replacement:
        replacement.file.close()
        device = QFile(str(replacement.path))
        if not device.open(QIODevice.OpenModeFlag.WriteOnly | QIODevice.OpenModeFlag.Truncate):
            raise OSError(errno.EIO, device.errorString(), str(out))
        try:
            writer = _pdf_writer(device, paper, title)
            try:
                count = paint_pages(writer, pages, abort=abort)
            finally:
                del writer
            if device.error() != QFileDevice.FileError.NoError or not device.flush():
                raise OSError(errno.EIO, device.errorString() or "the file could not be written", str(out))
            os.fsync(device.handle())
        finally:
            device.close()
        if (abort is not None and abort.is_set()) or count == 0:
            replacement.discard()
            return 0
    return count


def _pdf_writer(device: QFile, paper: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Marquee")
    writer.setTitle(title)
    writer.setPageLayout(QPageLayout(page_size(paper), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout.Unit.Millimeter))
    return writer


def _write_pdf(device: QFile, docs: Iterable[FilmDoc], template: str, paper: str, progress: Progress | None,
               abort: threading.Event | None, user_dir: Path | None, cache_dir: Path | None) -> int:
    writer = QPdfWriter(device)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Marquee")
    writer.setTitle(find_template(template, user_dir).title)
    writer.setPageLayout(
        QPageLayout(
            page_size(paper),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    try:
        return paint_documents(
            writer,
            docs,
            template,
            paper=paper,
            progress=progress,
            abort=abort,
            user_dir=user_dir,
            cache_dir=cache_dir,
        )
    finally:
        del writer  # ends the PDF: its last bytes go to the device
