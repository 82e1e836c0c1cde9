"""TaskRunner: long jobs off the GUI thread, with progress and cancel.

A job is a plain function from `catalog/` of the form `job(abort: threading.Event,
progress: Callable[[int, int, str], None]) -> result`. It must not touch widgets or QPixmap."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

Job = Callable[[threading.Event, Callable[[int, int, str], None]], Any]


class Task(QObject):
    """Handle of one running job, owned by the GUI thread. Signals arrive on the GUI thread."""

    progress = Signal(int, int, str)  # done, total, current item
    finished = Signal(object)         # the job's result
    failed = Signal(str)              # a plain message
    done = Signal()                   # after finished or failed, always

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.abort = threading.Event()
        self.result: Any = None
        self.error: str | None = None

    def cancel(self) -> None:
        self.abort.set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job, self.task = job, task

    def run(self) -> None:
        task = self.task
        try:
            result = self.job(task.abort, lambda done, total, item="": task.progress.emit(done, total, item))
        except Exception as exc:  # shown to the user as a message, never a crash
            traceback.print_exc()
            task.error = str(exc) or exc.__class__.__name__
            task.failed.emit(task.error)
        else:
            task.result = result
            task.finished.emit(result)
        task.done.emit()


class TaskRunner(QObject):
    """Runs jobs on its own thread pool; `shutdown()` cancels them all and waits (call on close)."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.running: set[Task] = set()

    def start(self, job: Job) -> Task:
        """Queue `job`; it starts once control returns to the event loop, so the caller can
        connect to the returned task's signals first without racing a fast job."""
        task = Task(self)
        self.running.add(task)
        task.done.connect(lambda: self.running.discard(task))
        QTimer.singleShot(0, self, lambda: self._launch(job, task))
        return task

    def _launch(self, job: Job, task: Task) -> None:
        if task.abort.is_set():  # cancelled before it started
            task.error = "cancelled"
            task.failed.emit(task.error)
            task.done.emit()
            return
        self.pool.start(_Runnable(job, task))

    def shutdown(self) -> None:
        for task in list(self.running):
            task.cancel()
        self.pool.waitForDone()
        # Every job has returned; their `done` signals may still be queued for the event loop.
        self.running.clear()
