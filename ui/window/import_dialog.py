"""Importing folders from the window: a progress dialog with Cancel, then the report as a dialog.

`start_import` runs `catalog.importer.import_paths` on the context's task runner (the import itself
spreads decoding over worker processes), so the window stays responsive. The catalogue's listeners
fire after every committed batch, so the list and gallery fill in as pictures arrive.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from catalog.files import write_text
from catalog.formats.folder.importer import import_items, import_paths
from catalog.formats.folder.report import ImageItem, ImportReport
from ui.context import AppContext
from ui.tasks import Task
from ui.window.dialogs import plain_label, show_error


def start_import(parent: QWidget, context: AppContext, paths: list[Path], film_id: int | None) -> ImportTask:
    """Import folders/files (onto `film_id` when given) with progress; the report opens when done."""
    cat = context.catalogue
    names = ", ".join(Path(p).name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
    return _run(parent, context, f"Importing {names}",
                lambda abort, progress: import_paths(cat, list(paths), film_id, abort=abort, progress=progress))


def start_keep_similar(parent: QWidget, context: AppContext, items: list[ImageItem]) -> ImportTask:
    """Import near-duplicates a report listed, keeping them this time."""
    cat = context.catalogue
    return _run(parent, context, "Keeping similar images",
                lambda abort, progress: import_items(cat, items, keep_similar=True, abort=abort, progress=progress))


class ImportTask(Task):
    """An import's task, holding its progress dialog and, once it is done, its report."""

    progress_dialog: ImportProgressDialog
    report_dialog: ReportDialog | None = None


def _run(parent: QWidget, context: AppContext, title: str,
         function: Callable[[threading.Event, Callable[[int, int, str], None]], ImportReport]) -> ImportTask:
    task = ImportTask(context.tasks)
    context.tasks.start(function, writes=True, task=task)
    dialog = ImportProgressDialog(parent, task, title)
    task.progress_dialog = dialog

    def finished(report: ImportReport) -> None:
        report.change.description = title.replace("Importing", "Import", 1).replace("Keeping", "Keep", 1)
        context.record(report.change)  # the whole import is one step on the undo stack
        task.report_dialog = ReportDialog(parent, context, report)
        task.report_dialog.open()

    def failed(message: str) -> None:
        show_error(parent, f"The import stopped: {message}", "Import")

    task.finished.connect(finished)
    task.failed.connect(failed)
    task.done.connect(dialog.close)
    dialog.show()
    return task


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class ImportProgressDialog(QProgressDialog):
    """Files done of total, the current file and the time left; Cancel stops after the current files."""

    def __init__(self, parent: QWidget, task: Task, title: str) -> None:
        super().__init__("Looking for pictures…", "Cancel", 0, 0, parent)
        plain_label(self)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(460)
        self.task = task
        self.started = time.monotonic()
        self.canceled.connect(self._cancel)
        task.progress.connect(self.update_progress)

    def update_progress(self, done: int, total: int, item: str) -> None:
        if self.task.abort.is_set():
            return
        self.setMaximum(max(total, 1))
        self.setValue(done)
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (total - done) if done else 0
        short = item if len(item) <= 70 else "…" + item[-69:]
        self.setLabelText(f"{done} of {total} pictures\n{short}\nabout {_duration(left)} left")

    def _cancel(self) -> None:
        self.task.cancel()
        self.setLabelText("Cancelling: finishing the pictures being read…")
        self.show()  # QProgressDialog hides itself on cancel; stay until the task is done


class ReportDialog(QDialog):
    """The import report as plain text, with Save… and, for near-duplicates, Keep similar images."""

    def __init__(self, parent: QWidget | None, context: AppContext, report: ImportReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(720, 480)
        self.context, self.report = context, report
        self.text = QPlainTextEdit(report.text())
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button = QPushButton("Save…")
        self.save_button.clicked.connect(self.save)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_button: QPushButton | None = None
        if report.near_duplicates and not report.kept_similar:
            self.keep_button = QPushButton(f"Keep similar images ({len(report.near_duplicates)})")
            self.keep_button.clicked.connect(self.keep_similar)
            buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_task: ImportTask | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the report", "import-report.txt",
                                              "Text (*.txt);;JSON (*.json)")
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        data: Any = self.report.to_dict() if path.suffix.lower() == ".json" else None
        try:
            if data is not None:  # written whole or not at all (catalog.files)
                write_text(path, json.dumps(data, ensure_ascii=False, indent=1))
            else:
                write_text(path, self.report.text() + "\n")
        except OSError as exc:
            QMessageBox.warning(self, "Save the report", f"{path}: cannot write ({exc.strerror})")

    def keep_similar(self) -> None:
        if self.keep_button is not None:
            self.keep_button.setEnabled(False)
        items = [n.item for n in self.report.near_duplicates]
        self.keep_task = start_keep_similar(self.parentWidget() or self, self.context, items)
