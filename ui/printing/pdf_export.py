"""Export PDF on the task runner: films printed off the GUI thread, with progress, Cancel and a result.

The worker reads each film through the Catalogue on its own thread (peewee keeps one connection per
thread; the job opens and closes its own) and hands ``print_to_pdf`` one document at a time. A
cancelled or failed export leaves no file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from catalog import Catalogue, paths
from catalog.model.documents import FilmDoc
from catalog.model.text import plural
from ui.context import AppContext
from ui.printing.print_options import PrintOptions
from ui.printing.printing import print_to_pdf
from ui.tasks import Task
from ui.window.dialogs import message_box, show_error

Progress = Callable[[int, int, str], None]
ProgressDialogFactory = Callable[[QWidget | None, str, int], QProgressDialog]


class FilmDocuments:
    """The film documents of ``ids``, fetched one at a time as they are printed (constant memory).

    Before each film calls ``progress(k, n, title)`` (k films done so far); stops once ``abort`` is
    set. ``count`` is how many were handed out. Iterate on the thread that prints.
    """

    def __init__(self, catalogue: Catalogue, ids: list[int], progress: Progress | None = None,
                 abort: threading.Event | None = None) -> None:
        self.catalogue, self.ids, self.progress, self.abort = catalogue, list(ids), progress, abort
        self.count = 0

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[FilmDoc]:
        for k, film_id in enumerate(self.ids):
            if self.abort is not None and self.abort.is_set():
                return
            doc = self.catalogue.films.document(film_id)
            self.count = k + 1
            if self.progress is not None:
                self.progress(k, len(self.ids), doc.get("title") or "Untitled")
            yield doc


def elide(title: str, limit: int = 48) -> str:
    """A title short enough for a progress label that should not change width."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: ``pages`` is 0 when it was cancelled (and then no file exists)."""

    films: int
    pages: int
    path: Path


def export_job(context: AppContext, ids: list[int], options: PrintOptions, path: Path
               ) -> Callable[[threading.Event, Progress], ExportResult]:
    """The worker function for ``TaskRunner.start``; progress is (films done, films, next title)."""
    catalogue = context.catalogue
    user_dir = paths.user_data_dir()  # looked up on the GUI thread, once

    def job(abort: threading.Event, progress: Progress) -> ExportResult:
        docs = FilmDocuments(catalogue, ids, progress, abort)
        try:
            pages = print_to_pdf(docs, path, options.template, options.paper, abort=abort, user_dir=user_dir)
        except OSError as exc:
            raise OSError(f"Could not write {path}: {exc.strerror or exc}") from exc
        return ExportResult(docs.count, pages, path)

    return job


def start_export(parent: QWidget | None, context: AppContext, ids: list[int], options: PrintOptions, path: Path,
                 make_progress_dialog: ProgressDialogFactory) -> Task:
    """Start the export; a progress dialog follows it, then the result or the error is shown."""
    total = len(ids)
    dialog = make_progress_dialog(parent, f"Printing {plural(total, 'film')}…", total)
    dialog.setWindowTitle("Export PDF")
    task = context.tasks.start(export_job(context, ids, options, path))  # starts once we return to the loop
    _follow(parent, context, task, dialog)
    return task


def _follow(parent: QWidget | None, context: AppContext, task: Task, dialog: QProgressDialog) -> None:
    """Connect the task to its progress dialog, the result box and the error message."""
    dialog.canceled.connect(task.cancel)

    def progress(done: int, n: int, title: str) -> None:
        dialog.setLabelText(f"Printing film {min(done + 1, n)} of {n} — {elide(title)}")
        dialog.setValue(done)

    def finished(result: ExportResult) -> None:
        show_result(parent, context, result)

    def failed(message: str) -> None:
        show_error(parent, f"The PDF was not saved.\n\n{message}")

    def done() -> None:
        dialog.canceled.disconnect(task.cancel)
        dialog.hide()
        dialog.deleteLater()

    task.progress.connect(progress)
    task.finished.connect(finished)
    task.failed.connect(failed)
    task.done.connect(done)


def show_result(parent: QWidget | None, context: AppContext, result: ExportResult) -> QMessageBox | None:
    """Status message, and for a written file a small box with Open (in the system's PDF viewer)."""
    if result.pages == 0:
        context.status_message.emit("Export PDF cancelled; no file was written.")
        return None
    saved = f"Saved {plural(result.films, 'film')} on {plural(result.pages, 'page')} to"
    context.status_message.emit(f"{saved} {result.path}")
    box = message_box(QMessageBox.Icon.Information, "Export PDF", f"{saved[:-3]}.",
                      QMessageBox.StandardButton.Close, parent)
    box.setInformativeText(f"{result.path.name}\nin {result.path.parent}")
    box.setObjectName("pdfSavedBox")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.ActionRole)
    open_button.setObjectName("openPdfButton")
    open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path))))
    box.setDefaultButton(open_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def write_catalogue_pdf(catalogue: Catalogue, path: Path, abort: threading.Event | None = None,
                        progress: Progress | None = None) -> int:
    """The PDF format's writer (catalog.formats.pdf): every film's detail sheet, in list order, on the
    paper of the user's locale. Returns the number of films; any thread."""
    from ui.printing.printing import default_paper, ensure_gui_app

    ensure_gui_app()
    docs = FilmDocuments(catalogue, catalogue.films.ids(), progress, abort)
    print_to_pdf(docs, path, "sheet", default_paper(), abort=abort, user_dir=paths.user_data_dir())
    return docs.count
