"""Importing another program's catalogue from the window, in steps: for a CSV, the column mapping
(guessed from the header, editable, remembered per header) and, when its dates cannot tell day
from month, which comes first; then the file is read on a worker (pictures decoded there); the
films already in the catalogue are offered one by one (skip, merge, keep both); then one writing
job adds them — one step on the undo stack — and the report says where every field went.
GUI thread only; dialogs are window-modal and opened with open()."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalog import CatalogueError, formats
from catalog.formats.csv_table import COLUMNS, fold, guess_mapping, read_table
from catalog.formats.mapping import reading, run_import
from catalog.ops.transfer import find_duplicates
from ui.context import AppContext
from ui.tasks import Task
from ui.window.dialogs import choose, progress_dialog, show_error

ACTIONS = (("skip", "Skip (keep mine)"), ("merge", "Merge (fill what mine lacks)"), ("keep", "Keep both"))
# What a CSV column can become, for the mapping's lists.
CSV_TARGETS = [("ignore", "(ignore)"), *((t, h) for h, t in COLUMNS)]


class CsvMappingDialog(QDialog):
    """Each column of the file with two sample values and where it goes; `mapping()` after OK."""

    def __init__(self, parent: QWidget, headers: list[str], samples: list[list[str]], guessed: dict[str, str]) -> None:
        super().__init__(parent)
        self.setObjectName("csvMappingDialog")
        self.setWindowTitle("Columns of the file")
        self.headers = headers
        self.table = QTableWidget(len(headers), 3)
        self.table.setObjectName("csvMapping")
        self.table.setHorizontalHeaderLabels(["Column", "For example", "Goes to"])
        self.combos: list[QComboBox] = []
        for row, header in enumerate(headers):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            example = " · ".join(s[row] for s in samples if row < len(s) and s[row].strip())[:80]
            self.table.setItem(row, 1, QTableWidgetItem(example))
            combo = QComboBox()
            custom = f"custom:{header}"
            for target, label in [*CSV_TARGETS, (custom, f"My field “{header}”")]:
                combo.addItem(label, target)
            wanted = guessed.get(header, custom)
            if combo.findData(wanted) < 0:
                combo.addItem(f"My field “{wanted.removeprefix('custom:')}”", wanted)
            combo.setCurrentIndex(combo.findData(wanted))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Where each column goes (a column mapped to nowhere becomes a field of your own):"))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 480)

    def mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in zip(self.headers, self.combos, strict=True)}


class DuplicatesDialog(QDialog):
    """The file's films already in the catalogue, each with Skip, Merge or Keep both."""

    def __init__(self, parent: QWidget, rows: list[tuple[int, str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Films already in the catalogue")
        self.rows = rows
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("duplicates")
        self.table.setHorizontalHeaderLabels(["In the file", "In the catalogue", "Do"])
        self.combos: list[QComboBox] = []
        for row, (_, theirs, mine) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(theirs))
            self.table.setItem(row, 1, QTableWidgetItem(mine))
            combo = QComboBox()
            for key, label in ACTIONS:
                combo.addItem(label, key)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        every = QHBoxLayout()
        every.addWidget(QLabel("All:"))
        for key, label in ACTIONS:
            button = QPushButton(label.split(" (")[0])
            button.setObjectName(f"all_{key}")
            button.clicked.connect(lambda _=False, k=key: self.set_all(k))
            every.addWidget(button)
        every.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(rows)} of the file's films are in the catalogue already (the same IMDb or "
                                "TMDb id, or the same title, year and director)."))
        layout.addWidget(self.table)
        layout.addLayout(every)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def set_all(self, key: str) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(combo.findData(key))

    def decisions(self) -> dict[int, str]:
        return {number: combo.currentData() for (number, _, _), combo in zip(self.rows, self.combos, strict=True)}


class ImportReportDialog(QDialog):
    def __init__(self, parent: QWidget, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("importReportDialog")
        self.setWindowTitle("Import report")
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 480)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


class FileImport:
    """One import of a file, step by step (see the module's doc). `task` is the running job, if any."""

    def __init__(self, parent: QWidget, context: AppContext, fmt: formats.Format, path: Path,
                 done: Callable[[str], None]) -> None:
        self.parent, self.context, self.fmt, self.path, self.done = parent, context, fmt, Path(path), done
        self.options: dict[str, Any] = {}
        self.batch: Any = None
        self.task: Task | None = None
        self.dialog: QDialog | None = None
        self.result: Any = None

    def start(self) -> None:
        if self.fmt.name == "csv":
            try:
                table = read_table(self.path)
            except CatalogueError as exc:
                show_error(self.parent, str(exc), "Import")
                return
            key = "csv/mapping/" + fold("|".join(table.headers))[:200]
            remembered = QSettings().value(key)
            guessed = guess_mapping(table.headers)
            if isinstance(remembered, str):
                with contextlib.suppress(ValueError, AttributeError):
                    guessed.update({k: v for k, v in json.loads(remembered).items() if k in guessed})
            dialog = CsvMappingDialog(self.parent, table.headers, table.rows[:3], guessed)
            self.dialog = dialog

            def mapped() -> None:
                self.options["mapping"] = dialog.mapping()
                QSettings().setValue(key, json.dumps(self.options["mapping"]))
                self.read()
            dialog.accepted.connect(mapped)
            dialog.open()
            return
        self.read()

    def read(self) -> None:
        cat, batch, path, options = self.context.catalogue, self.fmt.batch, self.path, dict(self.options)
        assert batch is not None
        csv = self.fmt.name == "csv"

        def job(abort: Any, progress: Any) -> Any:  # the pictures are decoded here, off the GUI thread
            with reading(abort):  # Cancel stops it between two films
                read = batch(cat, path, options.get("mapping"), options.get("date_order")) if csv else batch(cat, path)
                return read.complete()
        self.task = self.context.tasks.start(job)
        progress_dialog(self.parent, f"Reading {path.name}…", self.task)
        self.task.finished.connect(self.read_done)
        self.task.failed.connect(self.read_failed)

    def read_failed(self, message: str) -> None:
        task = self.task
        if task is not None and "day/month or month/day" in message:
            self.dialog = choose(self.parent, "Which comes first in the file's dates?", message.split(";")[0], [
                ("Day, then month (25/12)", lambda: self._dates("dmy")),
                ("Month, then day (12/25)", lambda: self._dates("mdy"))])
            return
        show_error(self.parent, message, "Import")

    def _dates(self, order: str) -> None:
        self.options["date_order"] = order
        self.read()

    def read_done(self, batch: Any) -> None:
        self.batch = batch
        if not batch.films:
            show_error(self.parent, f"{self.path.name}: no films in this file; nothing was imported", "Import")
            return
        cat = self.context.catalogue
        found = find_duplicates(cat, batch.films)
        if not found:
            self.write({})
            return
        rows = [(n, _label(batch.films[n]), cat.films.label(film_id)) for n, film_id in found]
        dialog = DuplicatesDialog(self.parent, rows)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.write(dialog.decisions()))
        dialog.open()

    def write(self, decisions: dict[int, str]) -> None:
        cat, batch = self.context.catalogue, self.batch
        self.task = self.context.tasks.start(
            lambda abort, progress: run_import(cat, batch, abort, progress, decisions=decisions), writes=True)
        progress_dialog(self.parent, f"Importing {self.path.name}…", self.task)
        self.task.finished.connect(self.written)
        self.task.failed.connect(lambda message: show_error(self.parent, message, "Import"))

    def written(self, result: Any) -> None:
        self.result = result
        self.context.record(result.change)
        self.done(f"Imported {result.summary()} from {self.path.name}")
        self.dialog = ImportReportDialog(self.parent, result.text())
        self.dialog.open()


def _label(doc: dict[str, Any]) -> str:
    return f"{doc['title']} ({doc['year']})" if doc.get("year") else str(doc["title"])
