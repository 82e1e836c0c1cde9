"""STUB — being replaced. Contract: DetailPane(context, parent) with objectName 'detailPane',
show_film(film_id | None), signal film_requested(int)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .context import AppContext


class DetailPane(QWidget):
    film_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.context = context
        self.label = QLabel()
        QVBoxLayout(self).addWidget(self.label)

    def show_film(self, film_id: int | None) -> None:
        self.label.setText("" if film_id is None else self.context.catalogue.film_document(film_id)["title"])
