"""TaskRunner: long jobs off the GUI thread, with progress and cancel. The only place in the window
that makes worker threads (`file_pool` for work on files alone) and their database connections.

A job is a plain function of the form `job(abort: threading.Event, progress: Callable[[int, int,
str], None]) -> result` (most are use cases from `catalog/`). It runs inside the catalogue's
`connection()` — the worker thread's own connection, closed when the job ends — and must not touch
widgets or QPixmap. Jobs that write (`writes=True`) run one at a time on their own lane, so two
writers of this window never wait on each other's transactions; readers run beside them, and a
search of the film list (`search=True`) on a lane of its own, never behind the Browse pane's counts."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal

from catalog.errors import Cancelled

if TYPE_CHECKING:
    from catalog import Catalogue

Job = Callable[[threading.Event, Callable[[int, int, str], None]], Any]


def file_pool(parent: QObject, threads: int | None = None) -> QThreadPool:
    """A pool for work on files alone (thumbnails, the viewer's decode), never on the catalogue.
    `threads` None: leave one core to the GUI thread — on 2 cores, two render threads made scrolling
    frames twice as long (benchmarks/gallery_scroll.py) for no faster first screen."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads or max(1, min(4, QThread.idealThreadCount() - 1)))
    return pool


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
        self.cancelled = False  # it failed because Cancel stopped it (nothing else went wrong)

    def cancel(self) -> None:
        self.abort.set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, task: Task, catalogue: Catalogue | None) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job, self.task, self.catalogue = job, task, catalogue

    def run(self) -> None:
        task = self.task
        try:
            if task.abort.is_set():  # cancelled while it waited for its thread
                raise Cancelled("cancelled before it began; nothing was done")
            if self.catalogue is None:
                result = self._run()
            else:
                with self.catalogue.connection():  # this worker thread's own connection, closed after
                    result = self._run()
        except Exception as exc:  # shown to the user as a message, never a crash
            task.cancelled = isinstance(exc, Cancelled)
            if not task.cancelled:  # (a job stopped by Cancel is no fault to write to the log)
                traceback.print_exc()
            task.error = str(exc) or exc.__class__.__name__
            task.failed.emit(task.error)
        else:
            task.result = result
            task.finished.emit(result)
        task.done.emit()

    def _run(self) -> Any:
        task = self.task

        def progress(done: int, total: int, item: str = "") -> None:  # jobs may leave the item out
            task.progress.emit(done, total, item)

        return self.job(task.abort, progress)


class TaskRunner(QObject):
    """Runs jobs on its own thread pools; `shutdown()` cancels them all and waits (call on close)."""

    idle = Signal()  # the last running task is done

    def __init__(self, catalogue: Catalogue | None = None, parent: QObject | None = None,
                 max_threads: int = 2) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.writer = QThreadPool(self)  # one writing job at a time
        self.writer.setMaxThreadCount(1)
        self.searcher = QThreadPool(self)  # one search of the list at a time
        self.searcher.setMaxThreadCount(1)
        self.running: set[Task] = set()

    def start(self, job: Job, writes: bool = False, uses_catalogue: bool = True, task: Task | None = None,
              finished: Callable[[Any], object] | None = None, search: bool = False) -> Task:
        """Queue `job`; it starts once control returns to the event loop, so the caller can
        connect to the returned task's signals first without racing a fast job. `writes`: the job
        changes the catalogue; `uses_catalogue=False`: it reads only files (no connection); `task`:
        a new Task (a subclass carrying more) to run it with, parented to the runner; `finished`:
        its one slot for the result, connected first, so that the job starts at once (a count
        the window's first frame shows: the window is built meanwhile); `search`: a read of the
        film list's search, on the search lane."""
        task = task if task is not None else Task(self)
        self.running.add(task)
        task.done.connect(lambda: self._finished(task))
        catalogue = self.catalogue if uses_catalogue else None
        pool = self.writer if writes else self.searcher if search else self.pool
        if finished is not None:
            task.finished.connect(finished)
            self._launch(job, task, pool, catalogue)
        else:
            QTimer.singleShot(0, self, lambda: self._launch(job, task, pool, catalogue))
        return task

    def _finished(self, task: Task) -> None:
        self.running.discard(task)
        if not self.running:
            self.idle.emit()

    def _launch(self, job: Job, task: Task, pool: QThreadPool, catalogue: Catalogue | None) -> None:
        if task.abort.is_set():  # cancelled before it started
            task.error = "cancelled"
            task.failed.emit(task.error)
            task.done.emit()
            return
        pool.start(_Runnable(job, task, catalogue))

    def shutdown(self) -> None:
        for task in list(self.running):
            task.cancel()
        self.pool.waitForDone()
        self.writer.waitForDone()
        self.searcher.waitForDone()
        # Every job has returned; their `done` signals may still be queued for the event loop.
        self.running.clear()
