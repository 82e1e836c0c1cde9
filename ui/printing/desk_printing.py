"""Printing the desk's pages: any (footer title, html) pages — the statistics page — previewed
and printed, or written to a PDF on the task runner; and a batch of films with one of the desk's
templates (a loan slip, the overdue loans, the wishlist) through the ordinary print preview."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Slot
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.printing.print_dialog import PreviewDialog, paper_of, print_preview
from ui.printing.print_options import PrintOptions
from ui.printing.printing import default_paper, page_size, paint_pages, print_pages_to_pdf
from ui.window.dialogs import show_error

PageMaker = Callable[[str], list[tuple[str, str]]]  # paper -> (footer title, html) pages


class _PagesPainter(QObject):
    def __init__(self, parent: QObject, make_pages: PageMaker) -> None:
        super().__init__(parent)
        self.make_pages = make_pages
        self.pages = 0

    @Slot(QPrinter)
    def paint(self, printer: QPrinter) -> int:
        self.pages = paint_pages(printer, self.make_pages(paper_of(printer)))
        return self.pages


def preview_pages(parent: QWidget, title: str, make_pages: PageMaker) -> QPrintPreviewDialog:
    """A window-modal print preview of the pages (open, returned)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size(default_paper()))
    printer.setDocName(title)
    dialog = PreviewDialog(printer, parent)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.printer_ = printer
    painter = _PagesPainter(dialog, make_pages)
    dialog.paintRequested.connect(painter.paint)
    dialog.resize(900, 1000)
    dialog.open()
    return dialog


def pages_to_pdf(parent: QWidget, title: str, make_pages: PageMaker, path: Path | None = None,
                 done: Callable[[Path], None] | None = None) -> Path | None:
    """Ask for a file (unless told), then write the pages to it on the task runner."""
    if path is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(parent, "Export PDF", str(Path(folder) / f"{title}.pdf"),
                                              "PDF documents (*.pdf)")
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
    target = path
    pages = make_pages(default_paper())  # laid out here (the charts are pictures drawn on this thread)
    context = getattr(parent, "context", None)
    if context is None:
        print_pages_to_pdf(pages, target, default_paper(), title)
        if done is not None:
            done(target)
        return target

    def job(abort: threading.Event, progress: Callable[..., None]) -> int:
        return print_pages_to_pdf(pages, target, default_paper(), title, abort)

    task = context.tasks.start(job, uses_catalogue=False)
    task.failed.connect(lambda message: show_error(parent, f"{target}: cannot write ({message})"))
    task.finished.connect(lambda _pages: (context.status_message.emit(f"Saved {target}"),
                                          done(target) if done is not None else None))
    return target


def print_films(parent: QWidget, context: object, film_ids: list[int], template: str) -> QPrintPreviewDialog | None:
    """Preview the films printed with a desk template (slip, overdue, loans, wishlist)."""
    options = PrintOptions("selected", template, default_paper())
    return print_preview(parent, context, film_ids, lambda: film_ids, options=options)  # type: ignore[arg-type]
