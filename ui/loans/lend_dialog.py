"""Film ▸ Lend… (Ctrl+L): which copy (the one chosen in the Copies tab, else the first not lent;
a film without a copy gets one), to whom (a borrower of the catalogue, or a new name), when it
went out and when it is due back, a note. One undoable catalogue call; a refusal stays in the
dialog, said plainly under the form."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from catalog.model.loans import DEFAULT_LOAN_DAYS
from catalog.ops.loans import copy_label
from ui.context import AppContext
from ui.window.dialogs import date_edit, error_label, form_body, optional


def iso(date: QDate) -> str:
    return date.toString(Qt.DateFormat.ISODate)


class LendDialog(QDialog):
    """`lent` holds the loan's id once it is made."""

    def __init__(self, context: AppContext, film_id: int, copy_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lendDialog")
        self.context = context
        self.film_id = film_id
        self.lent: int | None = None
        cat = context.catalogue
        title = cat.films.label(film_id)
        self.setWindowTitle(f"Lend {title}")

        self.copy_box = QComboBox()
        self.copy_box.setObjectName("lendCopy")
        open_by_copy = {loan["copy_id"]: loan for loan in cat.loans.of_film(film_id) if loan["returned_on"] is None}
        copies = cat.records.of("copy", film_id)
        for n, copy in enumerate(copies):
            label = copy_label({"medium": copy.get("medium"), "edition": copy.get("edition"), "copy_place": n})
            lent = open_by_copy.get(copy["id"])
            self.copy_box.addItem(label + (f" — lent to {lent['borrower']}" if lent else ""), copy["id"])
            if lent:  # a copy out already cannot be lent again
                item = self.copy_box.model().item(self.copy_box.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        if not copies:
            self.copy_box.addItem("A copy (the film has none yet: one is added)", None)
        start = self.copy_box.findData(copy_id) if copy_id is not None and copy_id not in open_by_copy else -1
        if start < 0:
            start = next((i for i in range(self.copy_box.count())
                          if self.copy_box.itemData(i) not in open_by_copy), 0)
        self.copy_box.setCurrentIndex(start)

        self.borrower = QComboBox()
        self.borrower.setObjectName("lendBorrower")
        self.borrower.setEditable(True)
        self.borrower.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = [b["name"] for b in cat.loans.borrowers()]
        self.borrower.addItems(names)
        self.borrower.setCurrentIndex(-1)
        line = self.borrower.lineEdit()
        assert line is not None
        line.setPlaceholderText("a name: someone new is added")
        completer = QCompleter(names, self.borrower)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.borrower.setCompleter(completer)

        today = QDate.currentDate()
        self.lent_on = date_edit("lendOn", today)
        self.due_on = date_edit("lendDue", today.addDays(DEFAULT_LOAN_DAYS))
        self.has_due, due_row = optional("Due back on", "lendHasDue", self.due_on, checked=True)
        self.notes = QLineEdit()
        self.notes.setObjectName("lendNotes")
        self.notes.setPlaceholderText("optional")

        form = QFormLayout()
        form.addRow("Copy", self.copy_box)
        form.addRow("Lend to", self.borrower)
        form.addRow("Lent on", self.lent_on)
        form.addRow("", due_row)
        form.addRow("Note", self.notes)
        self.error = error_label("lendError")
        form_body(self, form, self.error, self.submit, "Lend", title).setObjectName("lendButton")
        self.setMinimumWidth(440)
        self.borrower.setFocus()

    def submit(self) -> None:
        name = self.borrower.currentText().strip()
        if not name:
            self._fail("Who is borrowing it? Type a name.")
            return
        copy_id = self.copy_box.currentData()
        cat = self.context.catalogue
        change = self.context.attempt(lambda: cat.loans.lend(
            self.film_id, name, copy_id=copy_id, lent_on=iso(self.lent_on.date()),
            due_on=iso(self.due_on.date()) if self.has_due.isChecked() else None,
            notes=self.notes.text().strip() or None), error=self.error)
        if change is None:
            return
        self.lent = change.id
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
