"""The Help menu's pages: Search syntax (every filter with an example), Keyboard shortcuts (read
from the window's own actions, so they are never out of date) and About (version, and the open
catalogue's path, size and film count). Non-modal dialogs; GUI thread only."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from catalog import Catalogue
from catalog.model.text import plural
from catalog.render.help import search_syntax_html

# Keys that belong to a pane rather than to a menu action.
PANE_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+E", "Edit the current film, from anywhere in the window"),
    ("F2", "Edit the film shown (in the detail pane); edit a cell (in a table)"),
    ("Ctrl+Return", "Done editing"),
    ("Esc", "Leave the cell being edited; again: done editing"),
    ("Down / Enter", "From the search box to the results"),
    ("Return", "Open the picture (in the gallery)"),
    ("Del", "Remove the selected pictures from the film (in the gallery)"),
)


def version() -> str:
    from importlib import metadata  # (25 ms: only when About is shown)

    try:
        return metadata.version("marquee")
    except metadata.PackageNotFoundError:
        return "development"


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


class HelpPage(QDialog):
    """A page of help text with a Close button."""

    def __init__(self, parent: QWidget | None, title: str, object_name: str, body: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 560)


def search_syntax(parent: QWidget | None) -> HelpPage:
    page = HelpPage(parent, "Search syntax", "searchSyntaxDialog", search_syntax_html())
    page.show()
    return page


_TYPED = re.compile(r"^(Ctrl|Alt|Shift|Meta)\+|^F([1-9]|1[0-2])$|^Del$")  # not the media keyboards' "Undo" key


def shortcut_text(action: QAction) -> str:
    shown = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()]
    return ", ".join(k for k in shown if _TYPED.search(k))


def keyboard_shortcuts(parent: QWidget | None, actions: list[QAction]) -> HelpPage:
    rows = [(a.text().replace("&", "").rstrip("…").strip(), shortcut_text(a)) for a in actions
            if shortcut_text(a) and a.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                                              Qt.ShortcutContext.ApplicationShortcut)]
    rows += [(what, keys) for keys, what in PANE_KEYS]
    body = ("<h2>Keyboard shortcuts</h2><table cellspacing='4'>"
            + "".join(f"<tr><td width='200'><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
                      for what, keys in rows)
            + "</table>")
    page = HelpPage(parent, "Keyboard shortcuts", "shortcutsDialog", body)
    page.show()
    return page


def about_text(catalogue: Catalogue) -> str:
    path = Path(catalogue.path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    pictures, picture_bytes = catalogue.images.totals()
    return ("<h2>Marquee</h2>"
            f"<p>Version {html.escape(version())}</p>"
            "<p>A film catalogue for collectors: films, people, featurettes, reviews and galleries.</p>"
            "<h3>This catalogue</h3><table cellspacing='4'>"
            f"<tr><td>File</td><td>{html.escape(str(path))}</td></tr>"
            f"<tr><td>Size</td><td>{html.escape(human_size(size))}</td></tr>"
            f"<tr><td>Films</td><td>{html.escape(plural(catalogue.films.count(), 'film'))}</td></tr>"
            f"<tr><td>Pictures</td><td>{html.escape(plural(pictures, 'picture'))} "
            f"({html.escape(human_size(picture_bytes))}) in {html.escape(str(catalogue.pictures.media_dir))}</td></tr>"
            "</table>")


def about(parent: QWidget | None, catalogue: Catalogue) -> HelpPage:
    page = HelpPage(parent, "About Marquee", "aboutDialog", about_text(catalogue))
    page.resize(560, 360)
    page.show()
    return page
