"""A small dialog listing one person's films (year and roles); choosing a film emits film_chosen."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.icons import icon

PHOTO_HEIGHT = 120


def person_photo(context: AppContext, sha: str, height: int) -> QPixmap:
    """The person's photo at `height` px: its gallery thumbnail (256 px, small to read) or the file
    scaled while decoding. GUI thread (a pixmap)."""
    pictures = context.catalogue.pictures
    thumb = pictures.thumbnail_path(sha, 256)
    reader = QImageReader(str(thumb) if thumb.is_file() else str(pictures.path_for(sha)))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.height() > height * 2:
        reader.setScaledSize(size.scaled(QSize(100000, height * 2), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return QPixmap()
    return QPixmap.fromImage(image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))


def roles_text(roles: tuple[str, ...]) -> str:
    return ", ".join(r.replace("_", " ") for r in roles)


class PersonFilmsDialog(QDialog):
    """Non-modal: show() it. Activating a film (double-click, Enter, Open) emits film_chosen(id)
    and closes the dialog. `current_film` is marked and not offered as a destination."""

    film_chosen = Signal(int)

    def __init__(self, context: AppContext, person_id: int, current_film: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personFilmsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        person = context.catalogue.people.get(person_id)
        films = context.catalogue.people.films(person_id)
        self.setWindowTitle(person.name)
        self.photo = QLabel()
        self.photo.setObjectName("personPhoto")
        self.photo.setVisible(False)
        if person.photo_sha256:
            pixmap = person_photo(context, person.photo_sha256, PHOTO_HEIGHT)
            if not pixmap.isNull():
                self.photo.setPixmap(pixmap)
                self.photo.setVisible(True)
        heading = QLabel(f"<b style='font-size:14pt'>{html.escape(person.name)}</b><br>"
                         f"<span style='color:#5f6670'>{len(films)} film{'s' if len(films) != 1 else ''}"
                         " in the catalogue</span>")
        self.list = QListWidget()
        self.list.setObjectName("personFilms")
        self.list.setAlternatingRowColors(True)
        for film in films:
            year = f" ({film.year})" if film.year else ""
            item = QListWidgetItem(icon("film"), f"{film.title}{year} — {roles_text(film.roles)}")
            item.setData(Qt.ItemDataRole.UserRole, film.film_id)
            if film.film_id == current_film:
                item.setText(item.text() + "  · shown now")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        others = [i for i in range(self.list.count()) if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        if others:
            self.list.setCurrentRow(others[0])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setText("Go to film")
        self.open_button.setEnabled(bool(others))
        buttons.accepted.connect(self._choose_current)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(self._choose)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.photo)
        top.addWidget(heading, 1)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 300)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self.film_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()

