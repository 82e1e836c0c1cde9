"""Undo in the window: one QUndoCommand for every kind of change. The catalogue does the work —
each use case returns a `Change` carrying its inverse as data, and `Catalogue.revert` runs it —
so this command only keeps the change that undoes the latest state and the one that redoes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from catalog import Change, ConflictError

if TYPE_CHECKING:
    from catalog import Catalogue


class ChangeCommand(QUndoCommand):
    """A change already made (pushing it does not run it again)."""

    def __init__(self, catalogue: Catalogue, change: Change) -> None:
        super().__init__(change.description)
        self.catalogue = catalogue
        self.change = change      # what undo reverts
        self._done = True

    def redo(self) -> None:
        if self._done:  # the first redo() is QUndoStack.push: the change is already made
            return
        self.change = self.catalogue.revert(self.change)
        self._done = True

    def undo(self) -> None:
        try:
            self.change = self.catalogue.revert(self.change)
        except ConflictError:
            # Another member changed the film since: this step can never be undone now. The stack
            # drops it (and the message says why) rather than pretend it was undone.
            self.setObsolete(True)
            raise
        self._done = False
