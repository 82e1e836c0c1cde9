"""AppContext: what every pane shares — the catalogue, the undo stack, the task runner, and one
signal that carries each ChangeSet to the GUI thread (from whatever thread made the change)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack

from catalog import Catalogue, ChangeSet
from ui.tasks import TaskRunner


class AppContext(QObject):
    """Emits `changed(ChangeSet)` on the GUI thread after every committed use case."""

    changed = Signal(object)
    status_message = Signal(str)
    _posted = Signal(object)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        # A queued connection hands changes made on worker threads over to the GUI thread.
        self._posted.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        catalogue.listeners.append(self._on_change)

    def _on_change(self, changes: ChangeSet) -> None:
        self._posted.emit(changes)

    def close(self) -> None:
        self.tasks.shutdown()
        if self._on_change in self.catalogue.listeners:
            self.catalogue.listeners.remove(self._on_change)
