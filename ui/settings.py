"""Window state in QSettings: geometry, dock/toolbar state, splitter and table-header states.

Only `restoreGeometry`/`restoreState` are used, never manual moves; when the saved geometry cannot
be restored or lies on no screen, the window gets the default size centred on the primary screen.
The organisation and application names (hence the file) are set by `ui.app.create_app`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QStyle

DEFAULT_SIZE = QSize(1280, 800)


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
            if saved is not None:
                header.restoreState(saved)
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
