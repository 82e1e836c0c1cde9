"""The task runner: long jobs off the GUI thread, progress, results, errors and cancel."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui.tasks import TaskRunner


def test_fast_job_result_reaches_a_slot_connected_after_start(qtbot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    task = runner.start(lambda abort, progress: threading.get_ident())
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args[0] != gui_thread  # ran on a worker
    runner.shutdown()


def test_a_job_given_its_slot_starts_at_once_and_its_result_reaches_it(qtbot) -> None:
    """`finished=`: the slot is connected first, so the job need not wait for the event loop (the
    Browse counts start while the window is still being built)."""
    runner = TaskRunner()
    started, results = threading.Event(), []

    def job(abort, progress):
        started.set()
        return "counted"

    runner.start(job, finished=results.append)
    assert started.wait(5)  # before control went back to the event loop
    # (it may be done already: only what was connected before it began is sure to be heard)
    qtbot.waitUntil(lambda: results == ["counted"] and not runner.running)
    runner.shutdown()


def test_progress_and_failure_are_reported(qtbot) -> None:
    runner = TaskRunner()

    def job(abort, progress):
        progress(1, 2, "first.jpg")
        raise ValueError("the disk is full")

    task = runner.start(job)
    seen: list[tuple] = []
    task.progress.connect(lambda *args: seen.append(args))
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == ["the disk is full"]
    qtbot.waitUntil(lambda: seen == [(1, 2, "first.jpg")])
    runner.shutdown()


def test_cancel_stops_a_running_job_and_shutdown_waits(qtbot) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def job(abort, progress):
        started.set()
        abort.wait(10)
        return "stopped" if abort.is_set() else "ran out"

    task = runner.start(job)
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:  # listening before the job can end
        task.cancel()
    assert blocker.args == ["stopped"]
    runner.shutdown()
    assert not runner.running


def test_job_cancelled_before_it_starts_never_runs(qtbot) -> None:
    runner = TaskRunner()
    ran = threading.Event()
    task = runner.start(lambda abort, progress: ran.set())
    task.cancel()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert not ran.is_set() and task.error == "cancelled"


def test_writing_jobs_run_one_at_a_time_beside_readers(qtbot) -> None:
    """Two jobs that write never overlap (the writer lane); a reading job runs beside them."""
    runner = TaskRunner()
    lock, overlaps, order = threading.Lock(), [], []
    release = threading.Event()

    def writer(name):
        def job(abort, progress):
            if not lock.acquire(blocking=False):
                overlaps.append(name)
                lock.acquire()
            try:
                release.wait(5)
                order.append(name)
            finally:
                lock.release()
        return job

    first, second = runner.start(writer("first"), writes=True), runner.start(writer("second"), writes=True)
    with qtbot.waitSignal(runner.start(lambda abort, progress: "read").finished, timeout=5000) as reader:
        pass  # the reader finishes while the first writer still waits
    assert reader.args == ["read"] and order == []
    with qtbot.waitSignals([first.done, second.done], timeout=10000):
        release.set()
    assert order == ["first", "second"] and overlaps == []
    runner.shutdown()


def test_a_search_runs_beside_busy_readers_and_writers(qtbot) -> None:
    """The list's search has a lane of its own: it is not queued behind the Browse pane's counts or
    a long import (each a reader or the writer)."""
    runner = TaskRunner()
    release = threading.Event()
    for writes in (False, False, True):  # both reader threads and the writer held
        runner.start(lambda abort, progress: release.wait(10), writes=writes, uses_catalogue=False)
    task = runner.start(lambda abort, progress: "found", search=True, uses_catalogue=False)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == ["found"] and not release.is_set()
    release.set()
    runner.shutdown()
