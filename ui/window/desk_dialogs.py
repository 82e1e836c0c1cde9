"""Film ▸ Log a viewing… (a date, a rating then, a note: one entry of the diary) and Film ▸ Add to
the wishlist… (a priority and a note). Each is one undoable catalogue call; a refusal stays in the
dialog, said plainly."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from catalog import Change
from catalog.model.wishlist import DEFAULT_PRIORITY, PRIORITIES
from ui.context import AppContext
from ui.window.dialogs import date_edit, error_label, form_body, optional


class _Form(QDialog):
    def __init__(self, parent: QWidget | None, name: str, title: str, heading: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label(f"{name}Error")
        form_body(self, self.form, self.error, self.submit, ok_text, heading)
        self.setMinimumWidth(400)

    def run(self, context: AppContext, use_case: Callable[[], Change]) -> None:
        if context.attempt(use_case, error=self.error) is not None:
            self.accept()

    def submit(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError


class ViewingDialog(_Form):
    """One viewing of a film: the date (today unless changed; or not told), a rating, a note."""

    def __init__(self, context: AppContext, film_id: int, parent: QWidget | None = None) -> None:
        title = context.catalogue.films.label(film_id)
        super().__init__(parent, "viewingDialog", f"Log a viewing of {title}", title, "Log")
        self.context, self.film_id = context, film_id
        self.date = date_edit("viewingDate", QDate.currentDate())
        self.dated, row = optional("on", "viewingDated", self.date, checked=True)
        self.rating = QDoubleSpinBox()
        self.rating.setObjectName("viewingRating")
        self.rating.setRange(0, 10)
        self.rating.setSingleStep(0.5)
        self.rating.setDecimals(1)
        self.rating.setValue(8)
        self.rated, rating_row = optional("rated", "viewingRated", self.rating, checked=False)
        self.note = QLineEdit()
        self.note.setObjectName("viewingNote")
        self.note.setPlaceholderText("where, with whom, what stayed with you")
        self.form.addRow("Watched", row)
        self.form.addRow("", rating_row)
        self.form.addRow("Note", self.note)

    def submit(self) -> None:
        fields = {"date": self.date.date().toString(Qt.DateFormat.ISODate) if self.dated.isChecked() else None,
                  "rating": self.rating.value() if self.rated.isChecked() else None,
                  "note": self.note.text().strip() or None}
        cat = self.context.catalogue
        self.run(self.context, lambda: cat.records.add("viewing", self.film_id, fields))


class WishDialog(_Form):
    """Put a film on the wishlist, or change its priority and note there."""

    def __init__(self, context: AppContext, film_id: int, parent: QWidget | None = None) -> None:
        cat = context.catalogue
        title = cat.films.label(film_id)
        current = cat.wishlist.get(film_id)
        super().__init__(parent, "wishDialog", f"Wishlist — {title}", title,
                         "Save" if current else "Add to wishlist")
        self.context, self.film_id = context, film_id
        self.priority = QComboBox()
        self.priority.setObjectName("wishPriority")
        for number, name in PRIORITIES.items():
            self.priority.addItem(name, number)
        self.priority.setCurrentIndex(self.priority.findData((current or {}).get("priority") or DEFAULT_PRIORITY))
        self.note = QLineEdit((current or {}).get("note") or "")
        self.note.setObjectName("wishNote")
        self.note.setPlaceholderText("the edition you want, a price to wait for…")
        self.form.addRow("Priority", self.priority)
        self.form.addRow("Note", self.note)

    def submit(self) -> None:
        cat = self.context.catalogue
        priority, note = self.priority.currentData(), self.note.text().strip() or None
        self.run(self.context, lambda: cat.wishlist.add(self.film_id, priority, note))
