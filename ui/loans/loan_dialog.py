"""Edit loan…: a loan's date out, due date, date returned and notes, changed as one undoable step
(a date the catalogue refuses is said under the fields, and the dialog stays open)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from catalog.model.loans import LOAN_LABELS
from ui.context import AppContext
from ui.window.dialogs import error_label, form_body

FIELDS = ("lent_on", "due_on", "returned_on", "notes")


class LoanDialog(QDialog):
    def __init__(self, context: AppContext, loan: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loanDialog")
        self.setWindowTitle(f"Loan of {loan['film']} to {loan['borrower']}")
        self.context, self.loan = context, loan
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in FIELDS:
            edit = QLineEdit(str(loan.get(name) or ""))
            edit.setObjectName(f"loan_{name}")
            if name != "notes":
                edit.setPlaceholderText("YYYY-MM-DD" + ("" if name == "lent_on" else " (empty: none)"))
            self.inputs[name] = edit
            form.addRow(LOAN_LABELS[name].capitalize(), edit)
        self.error = error_label("loanError")
        form_body(self, form, self.error, self.accept)
        self.resize(420, 0)

    def changed_values(self) -> dict[str, Any]:
        return {name: edit.text().strip() or None for name, edit in self.inputs.items()
                if (edit.text().strip() or None) != (str(self.loan.get(name)) if self.loan.get(name) else None)}

    def accept(self) -> None:
        values = self.changed_values()
        loans = self.context.catalogue.loans
        if values and self.context.attempt(lambda: loans.update(self.loan["id"], values), error=self.error) is None:
            return
        super().accept()
