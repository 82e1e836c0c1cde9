"""Starting the window: the QApplication (names, icon, style sheet), error handling, and the run loop.

`run_app` is what `main.py` calls to show a catalogue; it returns the process exit code.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from catalog import CatalogueError, open_catalogue
from ui.window.dialogs import show_error

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

ORGANIZATION = "Marquee"
APPLICATION = "Marquee"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SCREENSHOT_SIZE = QSize(1280, 800)


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once): names (hence the QSettings file), icon and style sheet."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setDesktopFileName("marquee")
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0] if sys.argv else "marquee"])
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName(APPLICATION)
    icon_path = RESOURCES / "icon.svg"
    if icon_path.exists():
        app.setWindowIcon(QIcon(str(icon_path)))
    style = RESOURCES / "styles" / "app.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def install_excepthook() -> None:
    """An exception nobody caught (e.g. in a slot) becomes a plain message; the app keeps running."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb)
        if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
            return
        if isinstance(exc, CatalogueError):
            message = str(exc)
        else:
            message = f"Something went wrong: {exc or kind.__name__}.\nThe details were written to the log."
        show_error(QApplication.activeWindow(), message)

    sys.excepthook = hook


def run_app(catalogue_path: Path, add_demo_first: bool = False, screenshot: Path | None = None) -> int:
    """Open the catalogue and show the window until it is closed; with `screenshot`, save a picture
    of the window once it has painted and return 0."""
    from ui.context import AppContext
    from ui.window.main_window import MainWindow

    app = create_app()
    install_excepthook()
    try:
        catalogue = open_catalogue(catalogue_path)
    except CatalogueError as exc:
        print(f"marquee: {exc}", file=sys.stderr)
        if screenshot is None:
            QMessageBox.critical(None, "Marquee", str(exc))
        return 1
    try:
        if add_demo_first:
            from catalog.ops.demo import add_demo_catalogue

            add_demo_catalogue(catalogue)
        catalogue.sweep_store()  # files an interrupted import copied but never recorded
        context = AppContext(catalogue)
        if screenshot is not None:
            _isolate_settings()  # the picture shows the default layout and leaves the user's alone
        window = MainWindow(context)
        if screenshot is not None:
            window.resize(SCREENSHOT_SIZE)
        window.show()
        if screenshot is not None:
            _grab_when_painted(window, Path(screenshot))
        code = app.exec()
        window.close()  # saves its state and stops the tasks (no-op when already closed)
        return code
    finally:
        catalogue.close()


def _isolate_settings() -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="marquee-"))


def _grab_when_painted(window: MainWindow, path: Path, patience_ms: int = 5000) -> None:
    """Once the window has painted and its pictures (thumbnails, poster) have arrived — or after
    `patience_ms` — save a picture of it and quit."""
    deadline = QDeadlineTimer(patience_ms)

    def settled() -> bool:
        return not window.gallery.cache.busy and not window.context.tasks.running

    def grab() -> None:
        QApplication.processEvents()
        if not settled() and not deadline.hasExpired():
            QTimer.singleShot(30, grab)
            return
        ok = window.grab().save(str(path))
        if not ok:
            print(f"marquee: cannot write {path}", file=sys.stderr)
        QApplication.exit(0 if ok else 1)

    QTimer.singleShot(0, grab)
