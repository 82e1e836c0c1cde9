"""Undo: one QUndoCommand per user operation, holding what it needs to do and undo it.

`push(context, text, do, undo)` runs `do` once; if the catalogue refuses (ValidationError or any
CatalogueError), nothing is pushed and the error propagates to the caller, which shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from ui.context import AppContext


class CatalogueCommand(QUndoCommand):
    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        self._do()

    def undo(self) -> None:
        self._undo()


def push(context: AppContext, text: str, do: Callable[[], object], undo: Callable[[], object]) -> object:
    """Do an operation now and put it on the undo stack. `undo` may use what `do` returned through
    a closure (set it on a list/dict captured by both)."""
    result = do()
    context.undo_stack.push(CatalogueCommand(text, do, undo))
    context.status_message.emit(text)
    return result
