"""One table from what an icon means to a qtawesome glyph; icons are made once and cached.
Call only after the QApplication exists."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

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


@cache
def icon(name: str, color: str = "#3d4450") -> QIcon:
    import qtawesome

    return qtawesome.icon(ICONS[name], color=color)
