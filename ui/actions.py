"""One way to make a window's action: text, what it does, and optionally its keys, icon and tip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.icons import icon


def make_action(parent: QObject, text: str, slot: Callable[[], Any], shortcut: Any = None,
                icon_name: str | None = None, tip: str | None = None) -> QAction:
    action = QAction(text, parent)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action
