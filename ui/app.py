"""Starting the window: the QApplication (names, icon, style sheet), error handling, and the run loop.

`run_window` is what `main.py` calls to show a catalogue it has opened; it returns the exit code.
This module opens nothing: main.py is the composition root, and hands in the `opener` that opens
another catalogue when the user asks for one (File ▸ Open catalogue…, Open recent, a dropped .db).
"""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from catalog import Catalogue, CatalogueError
from catalog.ops.catalogue import is_shared_location
from ui.settings import APPLICATION, ORGANIZATION
from ui.window.dialogs import show_error

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

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
    # No application display name: Qt would add it to every window title ("Marquee — films.db — Marquee").
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


def show_startup_error(message: str) -> None:
    """A catalogue that cannot be opened, said in a box (the window never appeared)."""
    QMessageBox.critical(None, "Marquee", message)


Opener = Callable[[Path | str], Catalogue]


class Session:
    """The window and the catalogue it shows. Opening another catalogue replaces the window's
    contents in place: same place and size on the screen, the new catalogue's films, the old
    catalogue closed (its tasks stopped first). Catalogues come from `opener` (main.py's)."""

    def __init__(self, catalogue: Catalogue, opener: Opener | None = None) -> None:
        self.opener = opener
        self.catalogue = catalogue
        self.window = self._make_window(catalogue)

    def _make_window(self, catalogue: Catalogue) -> MainWindow:
        from ui.context import AppContext
        from ui.window.main_window import MainWindow

        return MainWindow(AppContext(catalogue), open_catalogue=self.open if self.opener is not None else None)

    def open(self, path: Path | str) -> MainWindow:
        """Open the catalogue at `path` (or a shared catalogue's address) in the window; one that
        cannot be opened is said plainly in the window, which keeps its catalogue."""
        assert self.opener is not None
        old = self.window
        shared = isinstance(path, str) and is_shared_location(path)
        try:
            catalogue = self.opener(path if shared else Path(path))
        except CatalogueError as exc:
            show_error(old, str(exc))
            return old
        geometry, visible = old.geometry(), old.isVisible()
        previous, self.catalogue = self.catalogue, catalogue
        self.window = self._make_window(catalogue)
        self.window.setGeometry(geometry)  # the same place on the screen
        if visible:
            self.window.show()  # before the old one closes: the application never sees its last window go
        old.close()  # saves its layout, stops its tasks
        old.deleteLater()
        previous.close()  # closing twice is harmless: main.py closes the first one again
        self.window.show_message(f"Opened {catalogue.location if shared else Path(path).name}")
        return self.window

    def close(self) -> None:
        self.window.close()
        self.catalogue.close()


def run_window(catalogue: Catalogue, screenshot: Path | None = None, opener: Opener | None = None) -> int:
    """Show the window on an open catalogue until it is closed; with `screenshot`, save a picture
    of the window once it has painted and return 0. `opener` opens other catalogues the user asks
    for (None: File ▸ Open is not offered). Call after `create_app`."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create_app() first"
    install_excepthook()
    if screenshot is not None:
        _isolate_settings()  # the picture shows the default layout and leaves the user's alone
    session = Session(catalogue, opener)
    window = session.window
    if screenshot is not None:
        window.resize(SCREENSHOT_SIZE)
    window.show()
    QTimer.singleShot(0, _collect_again)  # after the first frame
    if screenshot is not None:
        _grab_when_painted(window, Path(screenshot))
    code = app.exec()
    session.close()  # saves its state and stops the tasks (no-op when already closed)
    return code


def _collect_again() -> None:
    """main.py starts with the cycle collector off; the objects made so far live as long as the
    window does, so they are set aside (never scanned again) before it is switched back on."""
    gc.freeze()
    gc.enable()


def _isolate_settings() -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    import tempfile

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="marquee-"))


def _grab_when_painted(window: MainWindow, path: Path, patience_ms: int = 5000) -> None:
    """Once the window has painted and its pictures (thumbnails, poster) have arrived — or after
    `patience_ms` — save a picture of it and quit. Waits by signal: the last task done, a thumbnail in."""
    cache, tasks = window.gallery.cache, window.context.tasks
    grabbed = False

    def grab() -> None:
        nonlocal grabbed
        if grabbed:
            return
        QApplication.processEvents()  # what arrived is painted; it may have queued more pictures
        if grabbed or ((cache.busy or tasks.running) and timeout.isActive()):
            return  # (grabbed meanwhile, or a signal will come)
        grabbed = True
        timeout.stop()
        ok = window.grab().save(str(path))
        if not ok:
            print(f"marquee: cannot write {path}", file=sys.stderr)
        QApplication.exit(0 if ok else 1)

    def when_settled() -> None:
        if not cache.busy and not tasks.running:
            QTimer.singleShot(0, grab)  # after the signal's other slots (the poster set, the view told)

    timeout = QTimer(window, singleShot=True, interval=patience_ms)
    timeout.timeout.connect(grab)
    timeout.start()
    cache.thumbnail_ready.connect(when_settled)
    tasks.idle.connect(when_settled)
    QTimer.singleShot(0, when_settled)
