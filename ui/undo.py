"""Undo in the window: one QUndoCommand for every kind of change. The catalogue does the work —
each use case returns a `Change` carrying its inverse as data, and `Catalogue.revert` runs it —
so this command only keeps the change that undoes the latest state and the one that redoes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from catalog import Change, ConflictError

if TYPE_CHECKING:
    from catalog import Catalogue


# A change of this many films is made, undone and redone on a worker, with progress: 999 films
# took 1.1 s on the GUI thread of a slow machine, 200 about 0.2 s.
HEAVY_FILMS = 200


def heavy(change: Change) -> bool:
    """Whether undoing or redoing the change takes long enough to freeze the window (an import's
    thousands of films: seconds)."""
    return change.all_films or takes_long(len(change.added) + len(change.removed) + len(change.updated))


def takes_long(films: int) -> bool:
    """Whether changing this many films at once is for a worker (see HEAVY_FILMS)."""
    return films >= HEAVY_FILMS


class ChangeCommand(QUndoCommand):
    """A change already made (pushing it does not run it again)."""

    def __init__(self, catalogue: Catalogue, change: Change) -> None:
        super().__init__(change.description)
        self.catalogue = catalogue
        self.change = change      # what undo reverts
        self._done = True
        self._reverted: Change | None = None  # a revert a worker made, for the next undo or redo

    def take(self, reverted: Change) -> None:
        """The revert of `change` a worker already made: the stack's next undo() or redo() of
        this command only records it."""
        self._reverted = reverted

    def _revert(self) -> Change:
        reverted, self._reverted = self._reverted, None
        return reverted if reverted is not None else self.catalogue.revert(self.change)

    def redo(self) -> None:
        if self._done:  # the first redo() is QUndoStack.push: the change is already made
            return
        self.change = self._revert()
        self._done = True

    def undo(self) -> None:
        try:
            self.change = self._revert()
        except ConflictError:
            # Another member changed the film since: this step can never be undone now. The stack
            # drops it (and the message says why) rather than pretend it was undone.
            self.setObsolete(True)
            raise
        self._done = False
