"""A borrower: their name, contact and notes (each field one undoable edit when it loses focus)
and their history — every loan they have had, the open ones first."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from catalog import Change
from catalog.model.dates import format_partial_date
from catalog.model.loans import is_overdue
from catalog.ops.loans import copy_label
from ui.context import AppContext
from ui.window.dialogs import error_label


class BorrowerDialog(QDialog):
    def __init__(self, context: AppContext, borrower_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("borrowerDialog")
        self.context = context
        self.borrower_id = borrower_id
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in (("name", "Name"), ("contact", "Contact"), ("notes", "Notes")):
            edit = QLineEdit()
            edit.setObjectName(f"borrower_{name}")
            edit.editingFinished.connect(lambda n=name: self.commit(n))
            self.inputs[name] = edit
            form.addRow(label, edit)
        self.error = error_label("borrowerError")
        self.history = QTextBrowser()
        self.history.setObjectName("borrowerHistory")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("History"))
        layout.addWidget(self.history, 1)
        layout.addWidget(buttons)
        self.resize(560, 440)
        context.changed.connect(self._on_changed)
        self.load()

    def load(self) -> None:
        loans = self.context.catalogue.loans
        borrower = loans.borrower(self.borrower_id)
        self.setWindowTitle(f"Borrower — {borrower['name']}")
        for name, edit in self.inputs.items():
            if not edit.hasFocus():
                edit.setText(borrower[name] or "")
        rows = []
        history = loans.history(self.borrower_id)
        for loan in [r for r in history if r["returned_on"] is None] + list(reversed(
                [r for r in history if r["returned_on"] is not None])):
            film = html.escape(loan["film"] + (f" ({loan['year']})" if loan.get("year") else ""))
            when = (f"since {format_partial_date(loan['lent_on'])}" + (
                f", due {format_partial_date(loan['due_on'])}" if loan["due_on"] else "") if loan["returned_on"] is None
                else f"{format_partial_date(loan['lent_on'])} – {format_partial_date(loan['returned_on'])}")
            late = ' <b style="color:#b42318">overdue</b>' if is_overdue(loan) else ""
            rows.append(f"<tr><td>{film}</td><td>{html.escape(copy_label(loan))}</td>"
                        f"<td>{html.escape(when)}{late}</td></tr>")
        self.history.setHtml("<table cellspacing='4'>" + "".join(rows) + "</table>" if rows else "<p>No loans.</p>")

    def commit(self, name: str) -> None:
        text = self.inputs[name].text().strip()
        current = self.context.catalogue.loans.borrower(self.borrower_id)[name] or ""
        if text == current:
            return
        self.context.attempt(lambda: self.context.catalogue.loans.update_borrower(self.borrower_id, {name: text}),
                             error=self.error)

    def _on_changed(self, change: Change) -> None:
        if change.loans and self.isVisible():
            self.load()

    def done(self, result: int) -> None:
        self.context.changed.disconnect(self._on_changed)
        super().done(result)


__all__ = ["BorrowerDialog", "Qt"]
