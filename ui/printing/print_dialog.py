"""File ▸ Print… and File ▸ Export PDF…: the selected films, or every film matching the search, in one document.

``print_preview`` lays the films out in a QPrintPreviewDialog on the GUI thread (printing from the
preview to a printer paints through the same ``PreviewPainter.paint``). More than ``PREVIEW_LIMIT``
films are not previewed without asking: the collector is offered Export PDF instead, which runs on
the task runner with progress and Cancel, or may preview anyway (then with a progress dialog and
Cancel of its own). ``export_pdf`` writes the file off the GUI thread; a cancelled export leaves no
file. Both take ``options=`` (and ``path=``) so tests and scripts can skip the dialogs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QTimer, Slot
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from catalog import CatalogueError, paths
from catalog.model.text import plural
from catalog.render.sheets import find_template, list_templates
from ui.context import AppContext
from ui.printing.pdf_export import ExportResult, FilmDocuments, elide, start_export
from ui.printing.print_options import SETTINGS_GROUP, PrintOptions, PrintOptionsDialog
from ui.printing.printing import default_paper, page_size, paint_documents
from ui.tasks import Task
from ui.window.dialogs import message_box, plain_label, show_error

PREVIEW_LIMIT = 50  # more than this is laid out on the GUI thread only if the collector says so

__all__ = [
    "PREVIEW_LIMIT",
    "ExportResult",
    "FilmDocuments",
    "PreviewDialog",
    "PreviewPainter",
    "PrintOptions",
    "PrintOptionsDialog",
    "export_pdf",
    "print_preview",
]


def paper_of(printer: QPrinter) -> str:
    """The template's paper name for what the printer is set to (page setup may have changed it)."""
    return "Letter" if printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter else "A4"


class PreviewPainter(QObject):
    """Paints the chosen films on the preview's printer, or on the printer the preview prints to.

    GUI thread. For more than ``PREVIEW_LIMIT`` films shows a progress dialog whose Cancel stops
    the layout after the current film. Errors (a film deleted meanwhile) are shown, never raised.
    """

    def __init__(self, parent: QWidget | None, context: AppContext, ids: list[int], options: PrintOptions) -> None:
        super().__init__(parent)
        self.widget, self.context, self.ids, self.options = parent, context, list(ids), options
        self.pages = 0

    @Slot(QPrinter)
    def paint(self, printer: QPrinter) -> int:
        abort = threading.Event()
        progress = None
        dialog = None
        if len(self.ids) > PREVIEW_LIMIT:
            dialog = _progress_dialog(self.widget, "Laying out the preview…", len(self.ids))
            dialog.canceled.connect(abort.set)

            def progress(k: int, n: int, title: str) -> None:
                dialog.setLabelText(f"Laying out film {k + 1} of {n} — {elide(title)}")
                dialog.setValue(k)  # a modal progress dialog processes events here: Cancel works

        try:
            docs = FilmDocuments(self.context.catalogue, self.ids, progress, abort)
            self.pages = paint_documents(printer, docs, self.options.template, paper=paper_of(printer),
                                         abort=abort, user_dir=paths.user_data_dir())
        except (CatalogueError, OSError, KeyError) as exc:
            self.pages = 0
            message = f"Could not print: {exc.args[0] if isinstance(exc, KeyError) else exc}"
            QTimer.singleShot(0, lambda: show_error(self.widget, message))
        finally:
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        return self.pages


class PreviewDialog(QPrintPreviewDialog):
    """The print preview, holding what must live as long as it does."""

    printer_: QPrinter  # the dialog does not own its printer; keep it alive as long as the dialog
    painter: PreviewPainter


def _progress_dialog(parent: QWidget | None, label: str, total: int) -> QProgressDialog:
    dialog = plain_label(QProgressDialog(label, "Cancel", 0, total, parent))
    dialog.setObjectName("printProgressDialog")
    dialog.setWindowTitle("Marquee")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    return dialog


def _choose(parent: QWidget | None, selected_ids: list[int], search_ids_provider: Callable[[], list[int]],
            options: PrintOptions | None, action_text: str, searching: bool) -> tuple[PrintOptions, list[int]] | None:
    """Ask (unless given) what to print; the ids to print in display order, or None."""
    matching = list(search_ids_provider())
    if options is None:
        dialog = PrintOptionsDialog(parent, len(selected_ids), len(matching), list_templates(paths.user_data_dir()),
                                    default_paper(), searching=searching, action_text=action_text)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options()
        dialog.deleteLater()
        if not accepted:
            return None
    ids = list(selected_ids) if options.scope == "selected" else matching
    if not ids:
        show_error(parent, "There are no films to print. Select some films, or search for them.")
        return None
    return options, ids


def ask_big_preview(parent: QWidget | None, count: int) -> str:
    """For a big batch: "export", "preview" or "cancel" (modal question)."""
    box = message_box(QMessageBox.Icon.Question, "Print preview",
                      f"Preview {plural(count, 'film')}?", QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(f"A preview of more than {PREVIEW_LIMIT} films is laid out while you wait and can take "
                           "a while. Export PDF… writes them in the background, and you can print the PDF.")
    export = box.addButton("Export PDF…", QMessageBox.ButtonRole.AcceptRole)
    preview = box.addButton("Preview anyway", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(export)
    box.exec()
    answers: dict[QAbstractButton | None, str] = {export: "export", preview: "preview"}
    return answers.get(box.clickedButton(), "cancel")  # None if no button was clicked


def print_preview(parent: QWidget | None, context: AppContext, selected_ids: list[int],
                  search_ids_provider: Callable[[], list[int]], *, options: PrintOptions | None = None,
                  searching: bool = True) -> PreviewDialog | None:
    """Options dialog, then a window-modal print preview of the films (returned, already open).

    More than ``PREVIEW_LIMIT`` films: asks first (``ask_big_preview``) and may start an export instead.
    """
    chosen = _choose(parent, selected_ids, search_ids_provider, options, "Preview…", searching)
    if chosen is None:
        return None
    options, ids = chosen
    if len(ids) > PREVIEW_LIMIT:
        answer = ask_big_preview(parent, len(ids))
        if answer == "export":
            _export_ids(parent, context, ids, options, None)
            return None
        if answer != "preview":
            return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size(options.paper))
    printer.setDocName(_title(context, ids, options))
    dialog = PreviewDialog(printer, parent)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(f"Print preview — {_title(context, ids, options)}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.printer_ = printer
    dialog.painter = PreviewPainter(dialog, context, ids, options)
    dialog.paintRequested.connect(dialog.painter.paint)
    dialog.resize(900, 1000)
    dialog.open()
    return dialog


def _title(context: AppContext, ids: list[int], options: PrintOptions) -> str:
    """The document's name: the film's title for one film sheet, else the template's title."""
    try:
        info = find_template(options.template, paths.user_data_dir())
        if len(ids) == 1 and info.kind == "film":
            row = context.catalogue.films.rows(ids).get(ids[0])
            if row is not None and row.title:
                return row.title
        return info.title if info.kind == "list" else f"{plural(len(ids), 'film')}, {info.title.lower()}"
    except (CatalogueError, KeyError):
        return "Marquee catalogue"


def _default_path(context: AppContext, ids: list[int], options: PrintOptions) -> Path:
    title = _title(context, ids, options)
    name = title if len(ids) == 1 and title != "Marquee catalogue" else "Marquee catalogue"
    name = "".join("-" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .") or "Marquee catalogue"
    settings = QSettings()
    folder = settings.value(f"{SETTINGS_GROUP}/folder") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(str(folder)) / f"{name}.pdf"


def export_pdf(parent: QWidget | None, context: AppContext, selected_ids: list[int],
               search_ids_provider: Callable[[], list[int]], *, options: PrintOptions | None = None,
               path: Path | str | None = None, searching: bool = True) -> Task | None:
    """Options dialog, file dialog, then print to PDF on the task runner; the Task, or None if cancelled."""
    chosen = _choose(parent, selected_ids, search_ids_provider, options, "Export…", searching)
    if chosen is None:
        return None
    options, ids = chosen
    return _export_ids(parent, context, ids, options, path)


def _export_ids(parent: QWidget | None, context: AppContext, ids: list[int], options: PrintOptions,
                path: Path | str | None) -> Task | None:
    if path is None:
        default = _default_path(context, ids, options)
        name, _ = QFileDialog.getSaveFileName(parent, "Export PDF", str(default), "PDF documents (*.pdf)")
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
    QSettings().setValue(f"{SETTINGS_GROUP}/folder", str(Path(path).parent))
    return start_export(parent, context, ids, options, Path(path), _progress_dialog)
