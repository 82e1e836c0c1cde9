"""Qt fixtures: the application as Marquee sets it up, QSettings in a temporary folder, and real
main windows that are closed (tasks cancelled, pool drained) at teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from catalog import Catalogue
from ui.app import create_app
from ui.context import AppContext
from ui.window.main_window import MainWindow


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """pytest-qt's QApplication with Marquee's names, icon and style sheet (the style sheet is
    taken off again after the test, so other tests see the plain application)."""
    yield create_app()
    qapp.setStyleSheet("")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Path:
    """QSettings written as INI files under tmp_path, never to the user's real settings."""
    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return folder


@pytest.fixture
def make_window(app: QApplication, qtbot, tmp_catalogue: Catalogue) -> Iterator[Callable[..., MainWindow]]:
    """make_window(catalogue=tmp_catalogue) -> a shown MainWindow on its own AppContext."""
    windows: list[MainWindow] = []

    def make(catalogue: Catalogue | None = None) -> MainWindow:
        window = MainWindow(AppContext(catalogue or tmp_catalogue))
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window.close()  # saves state, cancels tasks and waits for the pool
        window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()
