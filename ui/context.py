"""AppContext: what every pane shares — the catalogue, the undo stack, the task runner, and one
signal that carries each Change to the GUI thread (from whatever thread made it)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QWidget

from catalog import Catalogue, CatalogueError, Change
from catalog.ops.change import Progress
from ui.tasks import Task, TaskRunner
from ui.undo import ChangeCommand, heavy

WATCH_MS = 1000  # how often the window looks for changes made by other processes (one PRAGMA)


class AppContext(QObject):
    """Emits `changed(Change)` on the GUI thread after every committed use case, and after changes
    other processes made to the catalogue (polled: `Catalogue.changes_elsewhere`)."""

    changed = Signal(object)
    status_message = Signal(str)
    _posted = Signal(object)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(catalogue, self)
        self._heavy: Task | None = None  # a heavy change (undo, redo, big delete) running on a worker
        # A queued connection hands changes made on worker threads over to the GUI thread.
        self._posted.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        catalogue.listeners.append(self._on_change)
        self.watch = QTimer(self)
        self.watch.setInterval(getattr(catalogue, "watch_interval_ms", WATCH_MS))
        self.watch.timeout.connect(self.look_for_changes_elsewhere)
        self.look_for_changes_elsewhere()  # the starting point
        self.watch.start()

    def look_for_changes_elsewhere(self) -> Change | None:
        """If another process (another window, the command line) committed changes, every pane
        refreshes as for a change of its own (it is not put on the undo stack)."""
        try:
            change = self.catalogue.changes_elsewhere()
        except Exception:  # a failing disk is told by the next action, not by a timer's traceback
            return None
        if change is not None:
            self.changed.emit(change)
            who = f"{change.by} changed" if change.by else "The catalogue was changed by another program;"
            self.status_message.emit(f"{who} the catalogue; the window shows it now" if change.by else
                                     f"{who} the window shows it now")
        return change

    def _on_change(self, change: Change) -> None:
        self._posted.emit(change)

    def do(self, use_case: Callable[[], Change]) -> Change:
        """Run a use case now and put its change on the undo stack (when it can be undone). A
        refusal (ValidationError, any CatalogueError) pushes nothing and reaches the caller."""
        change = use_case()
        self.record(change)
        return change

    def attempt(self, use_case: Callable[[], Change], parent: QWidget | None = None,
                error: QLabel | None = None) -> Change | None:
        """As `do`, with a refusal said to the user: on the form's `error` line (shown; hidden
        again when the use case succeeds), else in a box over `parent`. None when refused."""
        try:
            change = self.do(use_case)
        except CatalogueError as exc:
            if error is not None:
                error.setText(str(exc))
                error.show()
            else:
                from ui.window.dialogs import show_error

                show_error(parent, str(exc))
            return None
        if error is not None:
            error.hide()
        return change

    def record(self, change: Change) -> None:
        """Put a change already made (e.g. by a job on a worker) on the undo stack."""
        if change.undoable:
            self.undo_stack.push(ChangeCommand(self.catalogue, change))
        self.status_message.emit(change.description)

    def undo(self, parent: QWidget) -> Task | None:
        """Undo the latest change: at once, or for a heavy one (ui.undo.heavy) on a worker
        behind a progress dialog, the window painting meanwhile. Cancel there leaves the catalogue
        and the undo stack as they were (the status line says so). The task, when there is one."""
        return self._step(parent, forward=False)

    def redo(self, parent: QWidget) -> Task | None:
        return self._step(parent, forward=True)

    def _step(self, parent: QWidget, forward: bool) -> Task | None:
        if self._heavy is not None:  # Undo pressed again before the worker's finished: the same one
            return self._heavy
        stack = self.undo_stack
        index = stack.index() if forward else stack.index() - 1
        command = stack.command(index) if 0 <= index < stack.count() else None
        if not isinstance(command, ChangeCommand) or not heavy(command.change):
            stack.redo() if forward else stack.undo()
            return None
        change = command.change
        doing, step = ("Redoing", "Redo") if forward else ("Undoing", "Undo")
        revert = self.catalogue.revert
        task = self._on_worker(parent, f"{doing} “{change.description}”…",
                               f"{step} cancelled: the catalogue is as it was", f"{doing} failed",
                               lambda abort, progress: revert(change, abort, progress))

        def reverted(result: Change) -> None:
            if stack.index() == (index if forward else index + 1) and command.change is change:
                command.take(result)
                stack.redo() if forward else stack.undo()
                self.status_message.emit(f"{'Redone' if forward else 'Undone'}: {change.description}")
            else:  # the stack moved meanwhile: its steps no longer fit the catalogue
                stack.clear()

        task.finished.connect(reverted)
        return task

    def do_on_worker(self, parent: QWidget, label: str, cancelled: str,
                     use_case: Callable[[threading.Event, Progress], Change]) -> Task:
        """As `do`, for a use case long enough to freeze the window (deleting thousands of films):
        on the writer's worker behind a progress dialog (`label`), whose Cancel rolls it back (the
        status line then says `cancelled`); its change goes on the undo stack when it is done.
        While one runs, asking again returns it."""
        if self._heavy is not None:
            return self._heavy
        task = self._on_worker(parent, label, cancelled, "Failed", use_case)
        task.finished.connect(self.record)
        return task

    def _on_worker(self, parent: QWidget, label: str, cancelled: str, failed: str,
                   job: Callable[[threading.Event, Progress], Change]) -> Task:
        """A heavy change's task: one at a time, with a progress dialog whose Cancel sets the
        job's abort flag (the job then rolls back: `cancelled` goes to the status line; another
        failure is said in a box, after `failed`)."""
        from ui.window.dialogs import progress_dialog, show_error

        task = self.tasks.start(job, writes=True)
        self._heavy = task
        task.done.connect(self._heavy_done)
        dialog = progress_dialog(parent, label, task)
        dialog.setAutoReset(False)  # the bar stays full while the last rows are written and committed
        # At once, not after 0.4 s: an edit made meanwhile would wait for this job's write lock
        # on the GUI thread, the window frozen.
        dialog.setMinimumDuration(0)

        def cancelling() -> None:  # (QProgressDialog hides itself on cancel: it stays until the rollback is done)
            dialog.setLabelText("Cancelling: the catalogue stays as it was…")
            dialog.show()

        def on_failure(message: str) -> None:
            # Cancelled or failed, the one transaction rolled back: nothing changed.
            if task.cancelled:
                self.status_message.emit(cancelled)
            else:
                show_error(parent, f"{failed}: {message}")

        dialog.canceled.connect(cancelling)
        task.failed.connect(on_failure)
        return task

    def _heavy_done(self) -> None:
        self._heavy = None

    def close(self) -> None:
        self.watch.stop()
        self.tasks.shutdown()
        if self._on_change in self.catalogue.listeners:
            self.catalogue.listeners.remove(self._on_change)
