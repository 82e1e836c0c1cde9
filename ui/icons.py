"""One table from what an icon means to a qtawesome glyph; icons are made once and cached.
Call only after the QApplication exists.

qtawesome costs a third of a second to import and load its fonts, more than the rest of the window
takes to appear. So each icon, once drawn, is kept as PNG files in the user's cache folder (per
size, named for the glyph, the colour and qtawesome's installation); the next launch makes its
icons from those files and never imports qtawesome unless an icon is new."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

ICONS = {
    "film.new": "fa5s.plus-circle",
    "film.delete": "fa5s.trash-alt",
    "find": "fa5s.search",
    "undo": "fa5s.undo",
    "redo": "fa5s.redo",
    "print": "fa5s.print",
    "pdf": "fa5s.file-pdf",
    "import": "fa5s.folder-open",
    "export": "fa5s.file-export",
    "quit": "fa5s.sign-out-alt",
    "demo": "fa5s.magic",
    "edit": "fa5s.pen",
    "save": "fa5s.check",
    "cancel": "fa5s.times",
    "add": "fa5s.plus",
    "remove": "fa5s.minus",
    "up": "fa5s.arrow-up",
    "down": "fa5s.arrow-down",
    "link": "fa5s.external-link-alt",
    "poster": "fa5s.image",
    "inbox": "fa5s.inbox",
    "film": "fa5s.film",
    "person": "fa5s.user",
    "zoom.in": "fa5s.search-plus",
    "zoom.out": "fa5s.search-minus",
    "zoom.fit": "fa5s.expand",
    "next": "fa5s.chevron-right",
    "previous": "fa5s.chevron-left",
    "video": "fa5s.video",
    "review": "fa5s.comment",
    "release": "fa5s.calendar-alt",
    "article": "fa5s.newspaper",
    "about": "fa5s.info-circle",
    "place": "fa5s.arrow-circle-right",
    "catalogue.new": "fa5s.file",
    "catalogue.open": "fa5s.folder-open",
    "help": "fa5s.question-circle",
    "keyboard": "fa5s.keyboard",
}


SIZES = (16, 20, 24, 32, 40, 48, 64)  # toolbars, menus and buttons, at 1x and 2x


@cache
def _cache_folder() -> Path | None:
    """The cache of drawn icons for this qtawesome (its fonts' folder stamps it), or None."""
    override = os.environ.get("MARQUEE_ICON_CACHE")
    if override == "":
        return None
    try:
        spec = importlib.util.find_spec("qtawesome")
        fonts = Path(spec.origin).parent / "fonts" if spec and spec.origin else None
        info = fonts.stat() if fonts else None
    except (ImportError, OSError, ValueError):
        return None
    stamp = hashlib.sha1(f"{fonts}|{info.st_mtime_ns if info else 0}|{SIZES}".encode()).hexdigest()[:12]
    if override:
        base = Path(override)
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("Marquee", appauthor=False)) / "icons"
    return base / stamp


def _files(name: str, color: str) -> list[tuple[Path, int]] | None:
    folder = _cache_folder()
    if folder is None:
        return None
    glyph = hashlib.sha1(f"{ICONS[name]}|{color}".encode()).hexdigest()[:16]
    return [(folder / f"{glyph}-{size}.png", size) for size in SIZES]


def _keep(drawn: QIcon, files: list[tuple[Path, int]]) -> None:
    """Save each size of a drawn icon (whole files only: a temporary name, then a rename)."""
    with contextlib.suppress(OSError):
        files[0][0].parent.mkdir(parents=True, exist_ok=True)
        for path, size in files:
            import tempfile  # (only when an icon is drawn the first time)

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".icon-", suffix=".png")
            os.close(fd)
            if drawn.pixmap(QSize(size, size)).save(tmp, "PNG"):
                os.replace(tmp, path)
            else:
                Path(tmp).unlink(missing_ok=True)


@cache
def icon(name: str, color: str = "#3d4450") -> QIcon:
    files = _files(name, color)
    if files is not None and all(path.is_file() for path, _ in files):
        made = QIcon()
        # (each addFile costs ~0.3 ms: the sizes beyond 32 px serve only screens of 2x and more)
        largest = 32 * max((screen.devicePixelRatio() for screen in QGuiApplication.screens()), default=1.0)
        for path, size in files:
            if size <= largest:
                made.addFile(str(path), QSize(size, size))
        return made
    import qtawesome

    drawn = qtawesome.icon(ICONS[name], color=color)
    if files is not None:
        _keep(drawn, files)
    return drawn
