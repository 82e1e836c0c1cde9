"""“Place on film…”: choose the film that pictures from Unsorted go on, by typing part of its title
(the search box's language). Window-modal, opened with `open()`; `chosen(film id)` on OK. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalog import Catalogue, CatalogueError

SHOWN = 100  # films listed at most (type more to narrow)


class PlaceDialog(QDialog):
    chosen = Signal(int)

    def __init__(self, catalogue: Catalogue, count: int, query: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeDialog")
        self.setWindowTitle("Place on film")
        self.catalogue = catalogue
        self.search = QLineEdit(query)
        self.search.setObjectName("placeSearch")
        self.search.setPlaceholderText("Type part of a title")
        self.search.setClearButtonEnabled(True)
        self.films = QListWidget()
        self.films.setObjectName("placeFilms")
        self.films.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Place" if count == 1 else f"Place {count:,} pictures")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        prompt = QLabel(f"Which film do {'this picture' if count == 1 else f'these {count:,} pictures'} belong to?")
        layout.addWidget(prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.films, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 420)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        """List the films matching the search (the first is selected)."""
        try:
            ids = self.catalogue.films.ids(self.search.text().strip())[:SHOWN]
        except CatalogueError:
            return  # half-typed filter: keep the last list
        rows = self.catalogue.films.rows(ids)
        self.films.clear()
        for fid in ids:
            row = rows.get(fid)
            if row is not None:
                item = QListWidgetItem(f"{row.title} ({row.year})" if row.year else row.title)
                item.setData(Qt.ItemDataRole.UserRole, fid)
                self.films.addItem(item)
        if self.films.count():
            self.films.setCurrentRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.films.count() > 0)

    def eventFilter(self, watched: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.films.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.films.setCurrentRow(max(0, min(self.films.count() - 1, row)))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def film_id(self) -> int | None:
        item = self.films.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        if self._debounce.isActive():
            self.refresh()
        film = self.film_id()
        if film is None:
            return
        super().accept()
        self.chosen.emit(film)
