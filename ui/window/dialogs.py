"""Small dialogs: a plain error message, a yes/no question, and the new-film form.

All are window-modal and opened with `open()` (never a nested event loop), so the window stays
drivable by tests and by the event loop; results arrive through callbacks. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from catalog import ValidationError
from ui.tasks import Task


def error_label(name: str) -> QLabel:
    """Where a dialog says what it refused: red (the app's style sheet), wrapped, plain text (the
    message quotes the user's values), hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.hide()
    return label


def date_edit(name: str, date: QDate) -> QDateEdit:
    """A day picked from a calendar, shown as '1 Dec 2026'."""
    edit = QDateEdit(date)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


def optional(text: str, name: str, widget: QWidget, checked: bool) -> tuple[QCheckBox, QHBoxLayout]:
    """A value that may be left out: a box ticked to give it, beside the widget it enables."""
    box = QCheckBox(text)
    box.setObjectName(name)
    box.setChecked(checked)
    widget.setEnabled(checked)
    box.toggled.connect(widget.setEnabled)
    row = QHBoxLayout()
    row.addWidget(box)
    row.addWidget(widget, 1)
    return box, row


def form_body(dialog: QDialog, form: QFormLayout, error: QLabel, on_ok: Callable[[], object],
              ok_text: str | None = None, heading: str | None = None) -> QPushButton:
    """Lay out a form dialog: a heading (plain text: a film's title is the user's, in bold), the
    form, its error line, and OK (runs `on_ok`, named `ok_text`) beside Cancel. Returns OK."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(ok, QPushButton)
    if ok_text is not None:
        ok.setText(ok_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if heading is not None:
        label = QLabel(heading)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        layout.addWidget(label)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return ok


def message_box(icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton,
                parent: QWidget | None) -> QMessageBox:
    """A QMessageBox whose text and informative text are plain text: titles, names and file names
    in messages are the user's data and must never be read as markup."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, message: str, title: str = "Marquee") -> QMessageBox:
    """A plain message (never a traceback), closed with OK."""
    box = message_box(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm(parent: QWidget, question: str, detail: str, yes_text: str,
            on_yes: Callable[[], None]) -> QMessageBox:
    """Ask once; `on_yes` runs only if the user agrees. The default button is the safe one."""
    box = message_box(QMessageBox.Icon.Question, "Marquee", question, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("confirmDialog")
    box.setInformativeText(detail)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName("confirmYes")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box


def choose(parent: QWidget, question: str, detail: str, choices: list[tuple[str, Callable[[], object]]]
           ) -> QMessageBox:
    """Ask which of a few ways to go on (the first is the default); Cancel does nothing."""
    box = message_box(QMessageBox.Icon.Question, "Marquee", question, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("chooseDialog")
    box.setInformativeText(detail)
    added = [(box.addButton(text, QMessageBox.ButtonRole.AcceptRole), action) for text, action in choices]
    box.setDefaultButton(added[0][0])
    buttons: dict[QAbstractButton | None, Callable[[], object]] = dict(added)  # None: no button clicked
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: buttons.get(box.clickedButton(), lambda: None)())
    box.open()
    return box


def plain_label(dialog: QProgressDialog) -> QProgressDialog:
    """Show the progress label as plain text (it names the user's files and films), and make
    Cancel a button that Enter does not press: a key meant for the window never stops a job."""
    text = dialog.labelText()
    label = QLabel(dialog)
    label.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setLabel(label)
    dialog.setLabelText(text)
    cancel = QPushButton("Cancel", dialog)
    cancel.setObjectName("progressCancel")
    cancel.setAutoDefault(False)
    cancel.setDefault(False)
    dialog.setCancelButton(cancel)
    return dialog


def progress_dialog(parent: QWidget, label: str, task: Task) -> QProgressDialog:
    """A window-modal progress dialog for a running task: shows after 0.4 s, Cancel aborts the
    task, and it goes away when the task is done."""
    dialog = plain_label(QProgressDialog(label, "Cancel", 0, 0, parent))
    dialog.setObjectName("progressDialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.canceled.connect(task.cancel)

    def progress(done: int, total: int, _item: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task.progress.connect(progress)
    task.done.connect(dialog.deleteLater)
    return dialog


class NewFilmDialog(QDialog):
    """Asks for a title and a year. `create(fields) -> film id` is called on OK; a ValidationError
    it raises is shown next to its field and the dialog stays open; `created(id)` on success."""

    def __init__(self, parent: QWidget, create: Callable[[dict[str, Any]], int],
                 created: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.setObjectName("newFilmDialog")
        self.setWindowTitle("New film")
        self._create, self._created = create, created
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("newFilmTitle")
        self.title_edit.setPlaceholderText("e.g. The Third Man")
        self.year_edit = QLineEdit()
        self.year_edit.setObjectName("newFilmYear")
        self.year_edit.setPlaceholderText("e.g. 1949")
        self.year_edit.setMaxLength(4)
        self.year_edit.setFixedWidth(90)
        self.errors = {name: self._error_label(name) for name in ("title", "year")}
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.errors["title"])
        form.addRow("&Year:", self.year_edit)
        form.addRow("", self.errors["year"])
        self.general_error = self._error_label("general")
        form_body(self, form, self.general_error, self.submit, "Add film")
        self.setMinimumWidth(420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _error_label(self, name: str) -> QLabel:
        return error_label(f"error_{name}")

    def fields(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "year": self.year_edit.text().strip() or None}

    def submit(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        try:
            film_id = self._create(self.fields())
        except ValidationError as exc:
            label = self.errors.get(exc.field, self.general_error)
            label.setText(f"{exc.field.capitalize()} {exc.reason}.")
            label.show()
            (self.year_edit if exc.field == "year" else self.title_edit).setFocus()
            return
        self.accept()
        self._created(film_id)
