"""Import folders of pictures (and Kodi/Jellyfin/Plex movie folders) into the catalogue.

``import_paths`` scans (:mod:`catalog.scan`), plans where each file goes (:mod:`catalog.import_plan`),
adds extra videos, then imports the pictures: worker processes, handed them in chunks (the first
ones as soon as the scan has found them, while the import is planned), decode each one fully, hash
it, write its gallery thumbnail and copy it into the store (atomic rename); the calling thread
makes each batch of copies durable at once (their fsyncs together, then the folders') and commits
the batch's rows in one transaction, in file order, so a row is only ever written for a file
already whole and flushed in the store.
Cancelling (``abort``) or killing the process leaves the catalogue consistent; importing the same
paths again finishes the rest and adds nothing twice. Call from any thread but the GUI thread.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from catalog.errors import CatalogueError
from catalog.formats.folder.plan import Plan, plan_import
from catalog.formats.folder.report import ImageItem, ImportReport, NearDuplicate
from catalog.formats.folder.scan import display_path, scan
from catalog.imaging.candidates import Candidates, aspect_of
from catalog.imaging.probe import ImageProbe, ImageRejected, hamming, read_probe_thumbnail
from catalog.imaging.similar import (
    MAX_ASPECT,
    Likeness,
    Signature,
    aspects_apart,
    colour_close,
    likeness,
    signature_of_file,
)
from catalog.store.picture_store import PictureStore

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

__all__ = ["ImageItem", "ImportReport", "import_folder", "import_items", "import_paths"]

_P = ParamSpec("_P")
_T = TypeVar("_T")
_I = TypeVar("_I")

Progress = Callable[[int, int, str], None]
THUMBNAIL_SIZE = PictureStore.THUMBNAIL_SIZE
BATCH_ROWS, BATCH_SECONDS = 32, 0.3
# Pictures per hand-off to a worker: at most this many, or (past the first) this much data. A
# hand-off costs both processes ~0.1-0.2 ms: worth sharing among small pictures, not big ones,
# whose chunk would only keep the other worker waiting at the end.
CHUNK_FILES, CHUNK_BYTES = 8, 2 << 20
# What the worker processes' server imports once for all of them (with the program's own main
# module): the importer, Pillow's usual decoders, and what a worker's start needs (ctypes).
WORKER_MODULES = ("__main__", "catalog.formats.folder.importer", "catalog.formats.mapping", "ctypes",
                  "PIL.JpegImagePlugin", "PIL.PngImagePlugin")
WATCH_SECONDS = 0.2  # how often a worker process checks that the importer is still alive


def import_folder(cat: Catalogue, folder: Path, film_id: int | None = None, keep_similar: bool = False,
                  abort: threading.Event | None = None, progress: Progress | None = None,
                  workers: int | None = None, across_films: bool = False) -> ImportReport:
    """Import one folder (recursively); see :func:`import_paths`."""
    return import_paths(cat, [Path(folder)], film_id, keep_similar, abort, progress, workers, across_films)


def import_paths(cat: Catalogue, paths: list[Path], film_id: int | None = None, keep_similar: bool = False,
                 abort: threading.Event | None = None, progress: Progress | None = None,
                 workers: int | None = None, across_films: bool = False) -> ImportReport:
    """Import folders and files. ``film_id`` puts every picture on that film; ``keep_similar``
    keeps near-duplicates of pictures already there (compared with the same film's pictures, or
    every film's with ``across_films``). Bad files are reported, never raised."""
    started = time.perf_counter()
    report = ImportReport(kept_similar=keep_similar)
    scanned = scan([Path(p) for p in paths], abort)
    report.skipped.extend(scanned.problems)
    report.notes.extend(scanned.notes)
    report.ignored += scanned.ignored
    report.cancelled = scanned.cancelled
    if not report.cancelled:
        # The worker processes start, and take the first pictures found, while the pictures'
        # films are worked out (.nfo files read, films made), not after.
        found = [f.path for f in scanned.files if f.kind == "image"]
        with cat.writing_pictures(), _executor(len(found), workers) as pool:
            early = _Early(cat, pool, found)
            try:
                plan = plan_import(cat, scanned, film_id, report, abort)
                _add_videos(cat, plan, report)
                if not report.cancelled:
                    _import_items(cat, plan.images, keep_similar, abort, progress, workers, report, across_films,
                                  pool, early)
            finally:
                early.drop()
    report.seconds = time.perf_counter() - started
    return report


def import_items(cat: Catalogue, items: list[ImageItem], keep_similar: bool = False,
                 abort: threading.Event | None = None, progress: Progress | None = None,
                 workers: int | None = None, report: ImportReport | None = None,
                 across_films: bool = False) -> ImportReport:
    """Import planned pictures (e.g. a report's near-duplicates again, with keep_similar=True)."""
    return _import_items(cat, items, keep_similar, abort, progress, workers, report, across_films)


def _import_items(cat: Catalogue, items: list[ImageItem], keep_similar: bool, abort: threading.Event | None,
                  progress: Progress | None, workers: int | None, report: ImportReport | None,
                  across_films: bool, pool: Executor | None = None, early: _Early | None = None) -> ImportReport:
    """`import_items`, on `pool` when given (already started; the caller shuts it down), taking
    the results of `early` pictures handed to it before the import was planned."""
    started = time.perf_counter()
    report = report if report is not None else ImportReport(kept_similar=keep_similar)
    with cat.writing_pictures():  # no sweep meanwhile: files arrive before the rows that name them
        _Committer(cat, items, keep_similar, report, across_films).run(abort, progress, workers, pool, early)
    if not report.seconds:
        report.seconds = time.perf_counter() - started
    return report


def _add_videos(cat: Catalogue, plan: Plan, report: ImportReport) -> None:
    if not plan.videos:
        return
    with cat.transaction("Import videos") as change:
        for video in plan.videos:
            path = display_path(video.path)
            label = cat.films.label(video.film_id)
            if cat.records.has("video", video.film_id, "file_path", path):
                report.duplicates.append((video.display, f"a video of {label} already"))
                continue
            cat.records.add("video", video.film_id, {"kind": video.kind, "title": video.title, "file_path": path})
            report.videos.append(f"{label}: {video.kind.replace('_', ' ')} {video.display}")
    report.change.merge(change)


# -- the worker process's job ------------------------------------------------------------------------


def process_image(path: Path, media_dir: str) -> tuple[ImageProbe | None, str | None, bool]:
    """Decode fully, measure and hash; write the gallery thumbnail; copy into the store (not yet
    flushed to disk: the committer makes a batch of files durable at once before rows name them).
    Returns (probe, None, whether this call stored the file) or (None, reason, False). Runs in a
    worker process."""
    try:
        probe, thumb, data = read_probe_thumbnail(Path(path), THUMBNAIL_SIZE)
    except ImageRejected as exc:
        return None, exc.reason, False
    pictures = PictureStore(Path(media_dir))
    try:
        if data is not None:  # the bytes just hashed and decoded: no second read
            created = pictures.add_new_bytes(data, probe.sha256)
        elif created := not pictures.has(probe.sha256):
            pictures.add_file(Path(path), probe.sha256)
        pictures.add_thumbnail(probe.sha256, THUMBNAIL_SIZE, thumb)
    except OSError as exc:
        return None, f"could not be copied into the catalogue ({exc.strerror or exc})", False
    return probe, None, created


def process_images(paths: list[Path], media_dir: str) -> list[tuple[ImageProbe | None, str | None, bool]]:
    """`process_image` for a chunk of pictures: one hand-off to and from a worker process for
    several small pictures, whose per-file costs would otherwise be dominated by the hand-offs."""
    return [process_image(path, media_dir) for path in paths]


def _watch_parent(parent_pid: int) -> None:
    """A worker process's initializer: it exits as soon as the importing process is gone (killed),
    so no worker outlives it and writes on. Workers are children of the forkserver, not of the
    importer, so the kernel's parent-death signal covers the forkserver and a watchdog thread
    polls the importer itself."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the forkserver

    def watch() -> None:
        while True:
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was reused by somebody else's process
                os._exit(1)
            if os.getppid() == 1:
                os._exit(1)
            time.sleep(WATCH_SECONDS)

    threading.Thread(target=watch, name="marquee-parent-watch", daemon=True).start()


class _InlineExecutor(Executor):
    """Runs each job at once on the calling thread (one picture is not worth starting processes)."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: never by forking a process that may have Qt threads running,
    but from a clean server process (forkserver) that has imported WORKER_MODULES once, so each
    worker is ready at once (importing them in every new worker took ~0.2 s: as long as decoding
    a hundred small pictures). The modules are named before the server first starts; a server
    already running keeps what it has."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_MODULES))
    return context


def _executor(count: int, workers: int | None) -> Executor:
    """Where `count` pictures are processed: worker processes (at most `workers`, default one per
    core), or this thread when there is only one of either."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or count <= 1:
        return _InlineExecutor()
    return ProcessPoolExecutor(max_workers=min(workers, count), mp_context=worker_context(),
                               initializer=_watch_parent, initargs=(os.getpid(),))


def _width(pool: Executor) -> int:
    return getattr(pool, "_max_workers", 1) or 1


def _in_flight_limit(width: int) -> int:
    # Enough queued per worker that none waits while the committer commits a batch and waits for
    # the disk to flush it (which takes far longer when other programs write a lot): only paths
    # wait in the queue, and a cancel drops whatever has not started.
    return 8 * width


class _Early:
    """The first pictures a scan found, handed to the worker processes before the import is
    planned (each job starts a worker while none is idle: they all start at once). The committer
    takes their results for the planned pictures; `drop` removes the copies stored for any it
    did not take (cancelled, or not to be imported: a set's artwork), unless a row names them."""

    def __init__(self, cat: Catalogue, pool: Executor, paths: list[Path]) -> None:
        self.cat = cat
        self.chunks: deque[tuple[list[Path], Future]] = deque()
        self.unused: list[str] = []  # files stored for pictures the committer did not take
        if isinstance(pool, _InlineExecutor):  # nothing runs beside the planning: nothing early
            return
        media = str(cat.pictures.media_dir)
        width = _width(pool)
        for chunk in itertools.islice(_chunks(paths, width, lambda path: path), _in_flight_limit(width)):
            self.chunks.append((chunk, pool.submit(process_images, chunk, media)))

    def take(self) -> list[tuple[list[Path], Future]]:
        taken, self.chunks = list(self.chunks), deque()
        return taken

    def drop(self) -> None:
        for _, future in self.chunks:
            future.cancel()
        concurrent.futures.wait([future for _, future in self.chunks])
        self.unused += _stored_by(future for _, future in self.chunks)
        self.chunks.clear()
        for sha in self.unused:
            if not self.cat.images.named(sha):
                _unstore(self.cat, sha)
        self.unused.clear()


def _stored_by(futures: Iterable[Future]) -> list[str]:
    """The files the finished chunks among `futures` stored (their hashes)."""
    return [probe.sha256 for future in futures
            if future.done() and not future.cancelled() and future.exception() is None
            for probe, _, created in future.result() if probe is not None and created]


def _unstore(cat: Catalogue, sha: str) -> None:
    """Remove a stored file and its thumbnail (one no row names)."""
    with contextlib.suppress(OSError):
        cat.pictures.path_for(sha).unlink(missing_ok=True)
        cat.pictures.thumbnail_path(sha, THUMBNAIL_SIZE).unlink(missing_ok=True)


def _chunks(items: list[_I], workers: int, path: Callable[[_I], Path]) -> Iterator[list[_I]]:
    """The pictures in hand-offs of up to CHUNK_FILES, and past its first picture up to CHUNK_BYTES
    of files. Smaller as the pictures left grow few (a quarter of each worker's share of them), so
    that every worker has some, and at the end none waits long for another's last chunk."""
    chunk: list[_I] = []
    size, most, left = 0, 1, len(items)
    for item in items:
        try:
            item_size = path(item).stat().st_size
        except OSError:  # the worker says what is wrong with it
            item_size = 0
        if chunk and (len(chunk) >= most or size + item_size > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        if not chunk:
            most = max(1, min(CHUNK_FILES, left // (4 * workers)))
        chunk.append(item)
        size += item_size
        left -= 1
    if chunk:
        yield chunk


class _Committer:
    """Feeds the pool a bounded number of pictures and commits their rows in order, in batches."""

    def __init__(self, cat: Catalogue, items: list[ImageItem], keep_similar: bool, report: ImportReport,
                 across_films: bool = False) -> None:
        self.cat, self.items, self.keep_similar, self.report = cat, items, keep_similar, report
        self.across_films = across_films
        self.by_sha: dict[str, tuple[int, bool, str]] = {}
        # The pictures a new one may be a near-duplicate of, by film (None: Unsorted): (sha, label)
        # by dHash and shape, their signatures made from the stored files when first needed.
        self.pictures: dict[int | None, Candidates[tuple[str, str]]] = {}
        self.signatures: dict[str, Signature | None] = {}
        # One query, not one per image: a catalogue may hold hundreds of thousands of pictures.
        for iid, sha, film, name, missing, phash, title, year, width, height in cat.images.known():
            where = "Unsorted" if film is None else (f"{title} ({year})" if year else title)
            label = f"#{iid} {name} on {where}"
            self.by_sha[sha] = (iid, missing, label)
            if not missing:
                self.pictures.setdefault(film, Candidates()).add(phash, aspect_of(width, height), (sha, label))
        self.labels: dict[int | None, str] = {}
        self.inbox = cat.images.inbox_ids()  # pictures this import may now place on their film
        self.created: set[str] = set()  # files this import's workers stored (only those may be discarded)
        self.sync: ThreadPoolExecutor | None = None  # the threads of every batch's fsyncs, while it runs

    def run(self, abort: threading.Event | None, progress: Progress | None, workers: int | None,
            pool: Executor | None = None, early: _Early | None = None) -> None:
        """Process and commit every picture, on `pool` (or a pool of its own, shut down at the end),
        taking the results of the `early` pictures for those of them it is to import."""
        total, done = len(self.items), 0
        own_pool = pool is None
        if pool is None:
            pool = _executor(total, workers)
        width = _width(pool)
        # Each chunk's pictures (None: a picture handed over early that is not to be imported).
        in_flight: deque[tuple[list[ImageItem | None], Future]] = deque()
        limit = _in_flight_limit(width)
        batch: list[tuple[ImageItem, ImageProbe | None, str | None]] = []
        last_commit = time.monotonic()
        rest = self.items
        if early is not None:
            planned: dict[Path, ImageItem] = {}
            for item in self.items:
                planned.setdefault(item.path, item)
            for paths, future in early.take():
                in_flight.append(([planned.pop(path, None) for path in paths], future))
            taken = {id(item) for entries, _ in in_flight for item in entries if item is not None}
            rest = [item for item in self.items if id(item) not in taken]
        chunks = iter(_chunks(rest, width, lambda item: item.path))
        media = str(self.cat.pictures.media_dir)
        self.sync = PictureStore.sync_pool()
        try:
            while True:
                if abort is not None and abort.is_set():
                    self.report.cancelled = True
                    break
                while len(in_flight) < limit and (chunk := next(chunks, None)) is not None:
                    in_flight.append((list(chunk), pool.submit(process_images, [item.path for item in chunk], media)))
                if not in_flight:
                    break
                entries, future = in_flight.popleft()
                try:
                    results = future.result()
                except Exception as exc:  # a crashed worker costs its chunk of pictures
                    results = [(None, f"could not be read ({type(exc).__name__})", False)] * len(entries)
                for entry, (probe, error, created) in zip(entries, results, strict=True):
                    if created and probe is not None:
                        self.created.add(probe.sha256)
                        if entry is None and early is not None:  # removed at the end unless a row names it
                            early.unused.append(probe.sha256)
                    if entry is None:
                        continue
                    batch.append((entry, probe, error))
                    done += 1
                    if progress is not None:
                        progress(done, total, entry.display)
                if len(batch) >= BATCH_ROWS or time.monotonic() - last_commit > BATCH_SECONDS:
                    self.commit(batch)
                    batch, last_commit = [], time.monotonic()
            self.commit(batch)
        finally:
            self.sync.shutdown(wait=True)
            self.sync = None
            for _, future in in_flight:
                future.cancel()
            if own_pool:
                pool.shutdown(wait=True, cancel_futures=True)
            else:  # the pool goes on (its owner shuts it down): wait for what had started
                concurrent.futures.wait([future for _, future in in_flight])
            for sha in _stored_by(future for _, future in in_flight):  # not committed: leave no file behind
                self.created.add(sha)
                self.discard(sha)

    def label(self, film_id: int | None) -> str:
        if film_id not in self.labels:
            self.labels[film_id] = self.cat.films.label(film_id)
        return self.labels[film_id]

    def discard(self, sha: str) -> None:
        """Remove a file this import stored and no row names (a near-duplicate not kept, an
        uncommitted picture). A file it found already there may be another process's: that one
        is left to the sweep (which never runs while an import writes)."""
        if sha not in self.created or sha in self.by_sha or self.cat.images.named(sha):
            return
        _unstore(self.cat, sha)

    def signature(self, sha: str) -> Signature | None:
        """The signature of a picture already in the catalogue, made from its gallery thumbnail
        when the store has it (the picture reduced to 256 px, upright: ~0.9 ms to read, where the
        picture itself took 6-9 ms; importing 200 pictures beside 1,000 in Unsorted read 763 of
        them), else from the picture. A stored file that cannot be read is no one's near-duplicate."""
        if sha not in self.signatures:
            self.signatures[sha] = None
            for path in (self.cat.pictures.thumbnail_path(sha, THUMBNAIL_SIZE), self.cat.pictures.path_for(sha)):
                try:
                    self.signatures[sha] = signature_of_file(path)
                    break
                except Exception:
                    continue
        return self.signatures[sha]

    def similar(self, probe: ImageProbe, film_id: int | None) -> tuple[str, int, Likeness] | None:
        """The picture already there (on the same film, or on any with across_films) that this one
        is a near-duplicate of: (its label, dHash bits apart, how alike), or None."""
        if probe.signature is None:
            return None
        # The dHash and the shape pick candidates (cheaply: most pictures are far apart); the
        # signatures decide.
        buckets = list(self.pictures.values()) if self.across_films else [self.pictures.get(film_id, Candidates())]
        candidates = [c for bucket in buckets for c in bucket.near(probe.phash, probe.signature.aspect)]
        best: tuple[str, int, Likeness] | None = None
        others: list[tuple[Signature, tuple[int | None, str]]] = []
        for h, (sha, label) in candidates:
            other = self.signature(sha)
            # Most candidates have another shape or other colours: told at once, as likeness would tell first.
            if other is not None and aspects_apart(probe.signature, other) <= MAX_ASPECT:
                others.append((other, (h, label)))
        for other, (h, label) in colour_close(probe.signature, others):
            alike = likeness(probe.signature, other)
            if alike.near and (best is None or alike.correlation > best[2].correlation):
                best = (label, hamming(h, probe.phash) if h is not None else 64, alike)
        return best

    def commit(self, batch: list[tuple[ImageItem, ImageProbe | None, str | None]]) -> None:
        if not batch:
            return
        discard: list[str] = []
        failed = self.make_durable(batch)  # every file is safely on disk before any row names it
        with self.cat.transaction(f"Import {len(batch)} image(s)") as change:
            for item, probe, error in batch:
                if probe is not None and probe.sha256 in failed:
                    self.report.skipped.append((item.display, failed[probe.sha256]))
                    discard.append(probe.sha256)
                    continue
                if probe is None:
                    self.report.skipped.append((item.display, error or "could not be read"))
                    continue
                known = self.by_sha.get(probe.sha256)
                if known is not None and not known[1] and item.film_id is not None and known[0] in self.inbox:
                    self.place(item, probe.sha256)  # in Unsorted from an earlier import: now its film is known
                    continue
                if known is not None and not known[1]:
                    self.report.duplicates.append((item.display, known[2]))
                    continue
                near = self.similar(probe, item.film_id) if known is None and not self.keep_similar else None
                if near is not None:
                    label, bits, alike = near
                    self.report.near_duplicates.append(NearDuplicate(item, label, bits, alike.correlation))
                    discard.append(probe.sha256)
                    continue
                try:
                    self.add(item, probe)
                except CatalogueError as exc:
                    self.report.skipped.append((item.display, str(exc)))
        self.report.change.merge(change)
        for sha in discard:
            self.discard(sha)

    def make_durable(self, batch: list[tuple[ImageItem, ImageProbe | None, str | None]]) -> dict[str, str]:
        """Flush the batch's stored files, and the folders naming them, to disk in one go (their
        fsyncs at once: the filesystem's journal commits them together). A file removed meanwhile
        (by another process's sweep) is copied again, durably. Returns the pictures that could not
        be made durable, with the reason: no row may name them."""
        sources = {probe.sha256: item.path for item, probe, _ in batch if probe is not None}
        if not sources:
            return {}
        failed: dict[str, str] = {}
        for sha, problem in self.cat.pictures.make_durable_many(sources, pool=self.sync).items():
            if isinstance(problem, FileNotFoundError):
                try:
                    self.cat.pictures.add_file(sources[sha], sha)
                    again = self.cat.pictures.make_durable_many([sha], pool=self.sync).get(sha)
                    if again is None:
                        continue
                    problem = again
                except OSError as exc:
                    problem = exc
            failed[sha] = f"could not be saved in the catalogue ({problem.strerror or problem})"
        return failed

    def place(self, item: ImageItem, sha: str) -> None:
        """Move a picture out of Unsorted onto the film this import found for it."""
        assert item.film_id is not None
        image_id, missing, _ = self.by_sha[sha]
        self.cat.images.move([image_id], item.film_id)
        self.inbox.discard(image_id)
        label = self.label(item.film_id)
        self.by_sha[sha] = (image_id, missing, f"#{image_id} {display_path(item.path.name)} on {label}")
        self.report.moved.append((item.display, label))

    def add(self, item: ImageItem, probe: ImageProbe) -> None:
        name = display_path(item.path.name)
        restored = probe.sha256 in self.by_sha
        image_id = self.cat.images.add_record(
            sha256=probe.sha256, original_name=name, original_path=display_path(item.path), film_id=item.film_id,
            kind=item.kind, width=probe.width, height=probe.height, format=probe.format, bytes=probe.bytes,
            phash=probe.phash).id
        assert image_id is not None
        label = self.label(item.film_id)
        self.by_sha[probe.sha256] = (image_id, False, f"#{image_id} {name} on {label} (this import)")
        self.pictures.setdefault(item.film_id, Candidates()).add(probe.phash, aspect_of(probe.width, probe.height),
                                                                 (probe.sha256, f"#{image_id} {name} on {label}"))
        self.signatures[probe.sha256] = probe.signature
        if restored:
            self.report.notes.append((item.display, "the catalogue's missing copy of this picture was restored"))
        elif item.person is not None:
            person_id = self.cat.people.find_or_create(item.person).id
            assert person_id is not None
            if self.cat.people.get(person_id).photo_sha256 is None:
                self.cat.people.set_photo(person_id, image_id)
            self.report.photos.append(f"{item.person}: {item.display}")
        elif item.film_id is None:
            self.report.inbox.append((item.display, item.guess))
        else:
            self.report.add_imported(label, item.display)
