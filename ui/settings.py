"""Window state in QSettings: geometry, dock/toolbar state, splitter and table-header states.

Only `restoreGeometry`/`restoreState` are used, never manual moves; when the saved geometry cannot
be restored or lies on no screen, the window gets the default size centred on the primary screen.
The organisation and application names (hence the file) are set by `ui.app.create_app`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QStyle

DEFAULT_SIZE = QSize(1280, 800)
ORGANIZATION = APPLICATION = "Marquee"  # (hence the settings file's name)
SORT_KEY, DESCENDING_KEY = "mainWindow/films/sort", "mainWindow/films/descending"


def saved_sort() -> tuple[str, bool]:
    """The film list's sort of the last session (a Catalogue sort key; by default by title, A to
    Z). Readable before the application is made, so that the catalogue reads its order ahead while
    the window is being built (at a million films a column's order takes a quarter of a second)."""
    settings = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    key = settings.value(SORT_KEY, "title")
    descending = str(settings.value(DESCENDING_KEY, False)).lower() == "true"
    return (key if isinstance(key, str) and key else "title"), descending


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def place_default(window: QMainWindow) -> None:
    """The default size (smaller if the screen is), centred on the primary screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(DEFAULT_SIZE)
        return
    available = screen.availableGeometry()
    size = DEFAULT_SIZE.boundedTo(available.size())
    window.setGeometry(QStyle.alignedRect(Qt.LayoutDirection.LeftToRight, Qt.AlignmentFlag.AlignCenter,
                                          size, available))


def _on_a_screen(window: QMainWindow) -> bool:
    centre = window.frameGeometry().center()
    return any(s.availableGeometry().contains(centre) for s in QGuiApplication.screens())


class WindowSettings:
    """Saves and restores one main window's layout under a QSettings group."""

    def __init__(self, group: str = "mainWindow") -> None:
        self.group = group

    def _settings(self) -> QSettings:
        settings = QSettings()
        settings.beginGroup(self.group)
        return settings

    def restore(self, window: QMainWindow, splitters: dict[str, QSplitter],
                headers: dict[str, QHeaderView]) -> bool:
        """Restore everything saved; returns whether the saved geometry was used."""
        settings = self._settings()
        geometry = _bytes(settings.value("geometry"))
        restored = geometry is not None and window.restoreGeometry(geometry) and _on_a_screen(window)
        if not restored:
            place_default(window)
        state = _bytes(settings.value("state"))
        if state is not None:
            window.restoreState(state)
        for name, splitter in splitters.items():
            saved = _bytes(settings.value(f"splitter/{name}"))
            if saved is not None:
                splitter.restoreState(saved)
        for name, header in headers.items():
            saved = _bytes(settings.value(f"header/{name}"))
            if saved is not None and header.restoreState(saved):
                header.setProperty("restored", True)  # the collector's column widths: keep them
        return restored

    def save(self, window: QMainWindow, splitters: dict[str, QSplitter],
             headers: dict[str, QHeaderView]) -> None:
        settings = self._settings()
        settings.setValue("geometry", window.saveGeometry())
        settings.setValue("state", window.saveState())
        for name, splitter in splitters.items():
            settings.setValue(f"splitter/{name}", splitter.saveState())
        for name, header in headers.items():
            settings.setValue(f"header/{name}", header.saveState())
        settings.endGroup()
        settings.sync()

    saved_sort = staticmethod(saved_sort)

    @staticmethod
    def save_sort(sort_key: str, descending: bool) -> None:
        """The film list's sort, for `saved_sort` (the header's state holds it too, for Qt)."""
        settings = QSettings()
        settings.setValue(SORT_KEY, sort_key)
        settings.setValue(DESCENDING_KEY, descending)
        settings.sync()

    # -- what the list showed, per catalogue -----------------------------------------------------

    @staticmethod
    def _view_key(catalogue: Path) -> str:
        return "view/" + hashlib.sha1(str(catalogue).encode("utf-8")).hexdigest()[:16]

    def save_view(self, catalogue: Path, film_id: int | None, search: str) -> None:
        """The film that was selected and the search that was typed, for this catalogue."""
        settings = QSettings()
        settings.beginGroup(self._view_key(catalogue))
        settings.setValue("film", -1 if film_id is None else film_id)
        settings.setValue("search", search)
        settings.endGroup()
        settings.sync()

    def restore_view(self, catalogue: Path) -> tuple[int | None, str]:
        settings = QSettings()
        settings.beginGroup(self._view_key(catalogue))
        try:
            film = int(str(settings.value("film", -1)))
        except (TypeError, ValueError):
            film = -1
        search = settings.value("search", "")
        settings.endGroup()
        return (film if film >= 0 else None), (search if isinstance(search, str) else "")
