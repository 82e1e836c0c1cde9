"""View ▸ Loans (Ctrl+Shift+L): the open loans, soonest due first, overdue ones in red; a borrower
filter (with their whole history when "Returned too" is ticked), Mark returned, Show film, the
borrower's details (name, contact, notes), Edit loan… (dates, notes), Remove loan (Del), and
printing a loan slip or the list of overdue loans through the sheet templates. Follows every
change (`Change.loans`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog import Change
from catalog.model.dates import format_partial_date
from catalog.model.loans import is_overdue, today
from catalog.ops.loans import copy_label
from ui.context import AppContext
from ui.window.dialogs import show_error

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Due", "Film", "Copy", "Borrower", "Lent on", "Returned", "Notes")
OVERDUE_INK, OVERDUE_BACK = QColor("#b42318"), QColor(180, 35, 24, 28)
LOAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class LoansModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loans: list[dict[str, Any]] = []
        self.on = today()

    def set_loans(self, loans: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.loans, self.on = loans, today()
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.loans)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _text(self, loan: dict[str, Any], column: int) -> str:
        if column == 0:
            if loan["returned_on"]:
                return "returned"
            if not loan["due_on"]:
                return "no due date"
            due = format_partial_date(loan["due_on"])
            return f"{due} (overdue)" if is_overdue(loan, self.on) else due
        if column == 1:
            return loan["film"] + (f" ({loan['year']})" if loan.get("year") else "")
        if column == 2:
            return copy_label(loan)
        if column == 3:
            return str(loan["borrower"])
        if column == 4:
            return format_partial_date(loan["lent_on"])
        if column == 5:
            return format_partial_date(loan["returned_on"]) if loan["returned_on"] else ""
        return str(loan.get("notes") or "")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        loan = self.loans[index.row()]
        overdue = is_overdue(loan, self.on)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(loan, index.column())
            return html.escape(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == LOAN_ID_ROLE:
            return loan["id"]
        if role == Qt.ItemDataRole.ForegroundRole and overdue and index.column() == 0:
            return OVERDUE_INK
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return OVERDUE_BACK
        if role == Qt.ItemDataRole.FontRole and overdue and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and loan["returned_on"]:
            return QColor(128, 128, 128)
        return None


class LoansWindow(QWidget):
    """`film_requested(film id)`: Show film. `refreshed()` after the list was read again."""

    film_requested = Signal(int)
    refreshed = Signal()

    def __init__(self, context: AppContext, print_films: Callable[[list[int], str], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("loansWindow")
        self.setWindowTitle("Loans — Marquee")
        self.context = context
        self.print_films = print_films

        self.borrower_box = QComboBox()
        self.borrower_box.setObjectName("loanBorrowerFilter")
        self.borrower_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_only = QCheckBox("Overdue only")
        self.overdue_only.setObjectName("overdueOnly")
        self.overdue_only.toggled.connect(lambda _on: self.refresh())
        self.history = QCheckBox("Returned too (the history)")
        self.history.setObjectName("loanHistory")
        self.history.toggled.connect(lambda _on: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Borrower"))
        filters.addWidget(self.borrower_box, 1)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.history)

        self.model = LoansModel(self)
        self.view = QTableView()
        self.view.setObjectName("loansTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setWordWrap(False)
        for column, width in enumerate((200, 230, 110, 120, 130, 130)):
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(lambda _index: self.show_film())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.summary = QLabel()
        self.summary.setObjectName("loansSummary")
        self.borrower_label = QLabel()
        self.borrower_label.setObjectName("borrowerDetails")
        self.borrower_label.setWordWrap(True)
        self.borrower_label.setTextFormat(Qt.TextFormat.RichText)
        self.return_button = self._button("Mark returned", "returnButton", self.mark_returned)
        self.film_button = self._button("Show film", "showFilmButton", self.show_film)
        self.borrower_button = self._button("Borrower…", "borrowerButton", self.edit_borrower)
        self.edit_button = self._button("Edit loan…", "editLoanButton", self.edit_loan)
        self.remove_button = self._button("Remove loan", "removeLoanButton", self.remove_loan)
        self.slip_button = self._button("Print loan slip…", "printSlipButton", lambda: self.print_with("slip"))
        self.overdue_button = self._button("Print overdue list…", "printOverdueButton",
                                           lambda: self.print_with("overdue"))
        buttons = QHBoxLayout()
        for button in (self.return_button, self.film_button, self.borrower_button, self.edit_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.slip_button)
        buttons.addWidget(self.overdue_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.borrower_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        shortcut.activated.connect(self.mark_returned)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        remove.activated.connect(self.remove_loan)
        self.resize(1060, 520)
        context.changed.connect(self._on_changed)
        self._fill_borrowers()
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- reading ------------------------------------------------------------------------------------

    def _fill_borrowers(self) -> None:
        current = self.borrower_box.currentData()
        self.borrower_box.blockSignals(True)
        self.borrower_box.clear()
        self.borrower_box.addItem("Everyone", None)
        for borrower in self.context.catalogue.loans.borrowers():
            self.borrower_box.addItem(f"{borrower['name']} ({borrower['open']} out, {borrower['loans']} in all)",
                                      borrower["id"])
        index = self.borrower_box.findData(current)
        self.borrower_box.setCurrentIndex(max(0, index))
        self.borrower_box.blockSignals(False)

    def select_borrower(self, borrower_id: int | None) -> None:
        self.borrower_box.setCurrentIndex(max(0, self.borrower_box.findData(borrower_id)))

    def refresh(self) -> None:
        loans = self.context.catalogue.loans
        borrower = self.borrower_box.currentData()
        if self.history.isChecked() and borrower is not None:
            rows = loans.history(borrower)
            rows = [r for r in rows if r["returned_on"] is None] + list(reversed(
                [r for r in rows if r["returned_on"] is not None]))
        elif self.history.isChecked():
            rows = loans.open_loans() + sorted(
                (r for b in loans.borrowers() for r in loans.history(b["id"]) if r["returned_on"]),
                key=lambda r: r["returned_on"], reverse=True)
        else:
            rows = loans.open_loans(borrower)
        if self.overdue_only.isChecked():
            rows = [r for r in rows if is_overdue(r)]
        self.model.set_loans(rows)
        out = sum(1 for r in rows if r["returned_on"] is None)
        late = sum(1 for r in rows if is_overdue(r))
        self.summary.setText(f"{out} out" + (f", {late} overdue" if late else ""))
        self._show_borrower(borrower)
        self._update_buttons()
        self.refreshed.emit()

    def _show_borrower(self, borrower_id: int | None) -> None:
        if borrower_id is None:
            self.borrower_label.hide()
            return
        b = self.context.catalogue.loans.borrower(borrower_id)
        parts = [f"<b>{html.escape(b['name'])}</b>"] + [html.escape(b[k]) for k in ("contact", "notes") if b[k]]
        self.borrower_label.setText(" · ".join(parts))
        self.borrower_label.show()

    def _on_changed(self, change: Change) -> None:
        if change.loans or change.removed or change.updated or change.all_films:
            self._fill_borrowers()
            self.refresh()

    def current_loan(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        return self.model.loans[index.row()] if index.isValid() else None

    def _update_buttons(self) -> None:
        loan = self.current_loan()
        self.return_button.setEnabled(loan is not None and loan["returned_on"] is None
                                      and not self.context.catalogue.read_only_reason)
        self.film_button.setEnabled(loan is not None)
        writable = loan is not None and not self.context.catalogue.read_only_reason
        self.edit_button.setEnabled(writable)
        self.remove_button.setEnabled(writable)
        self.slip_button.setEnabled(loan is not None and loan["returned_on"] is None and self.print_films is not None)
        self.borrower_button.setEnabled(loan is not None or self.borrower_box.currentData() is not None)
        self.overdue_button.setEnabled(self.print_films is not None)

    # -- acting -------------------------------------------------------------------------------------

    def mark_returned(self) -> None:
        loan = self.current_loan()
        if loan is None or loan["returned_on"] is not None:
            return
        self.context.attempt(lambda: self.context.catalogue.loans.mark_returned(loan["id"]), self)

    def show_film(self) -> None:
        loan = self.current_loan()
        if loan is not None:
            self.film_requested.emit(loan["film_id"])

    def edit_loan(self) -> QWidget | None:
        """Edit loan…: its dates and notes (one undoable step)."""
        from ui.loans.loan_dialog import LoanDialog

        loan = self.current_loan()
        if loan is None or self.context.catalogue.read_only_reason:
            return None
        dialog = LoanDialog(self.context, loan, self)
        dialog.open()
        return dialog

    def remove_loan(self) -> None:
        """Remove loan (Del): out of the history too, as a loan entered by mistake; undoable."""
        loan = self.current_loan()
        if loan is None or self.context.catalogue.read_only_reason:
            return
        self.context.attempt(lambda: self.context.catalogue.loans.remove(loan["id"]), self)

    def edit_borrower(self) -> QWidget | None:
        from ui.loans.borrower_dialog import BorrowerDialog

        loan = self.current_loan()
        borrower = loan["borrower_id"] if loan is not None else self.borrower_box.currentData()
        if borrower is None:
            return None
        dialog = BorrowerDialog(self.context, borrower, self)
        dialog.open()
        return dialog

    def print_with(self, template: str) -> object:
        """A loan slip of the chosen loan's film, or the overdue list of every overdue film."""
        if self.print_films is None:
            return None
        if template == "slip":
            loan = self.current_loan()
            return self.print_films([loan["film_id"]], "slip") if loan is not None else None
        ids = list(dict.fromkeys(r["film_id"] for r in self.context.catalogue.loans.open_loans(overdue=True)))
        if not ids:
            show_error(self, "Nothing is overdue: every loan is within its due date.")
            return None
        return self.print_films(ids, "overdue")
