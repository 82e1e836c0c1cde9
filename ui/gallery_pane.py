"""STUB — being replaced. Contract: GalleryPane(context, parent), objectName 'galleryBox', holding a
QListView in icon mode named 'galleryPane'; show_film(film_id | None); show_inbox()."""

from __future__ import annotations

from PySide6.QtWidgets import QListView, QVBoxLayout, QWidget

from .context import AppContext


class GalleryPane(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryBox")
        self.context = context
        self.view = QListView()
        self.view.setObjectName("galleryPane")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        QVBoxLayout(self).addWidget(self.view)

    def show_film(self, film_id: int | None) -> None:
        self.film_id = film_id

    def show_inbox(self) -> None:
        self.film_id = None
