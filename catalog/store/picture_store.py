"""The content-addressed picture store beside a catalogue file (`films.db` -> `films.media/images/`).

A file is named by the SHA-256 of its bytes, so the same picture is stored once. Files arrive by
copy to a temporary name and an atomic rename: a file under its final name is always whole. The
store refuses any name that is not 64 hex digits, so nothing read from a file can make it reach
outside its folder.

Processes that add pictures hold `writing()` (a shared advisory lock on `.writers.lock`) for as long
as they may leave a file that no committed row names yet; `sweep` takes the lock exclusively and
without waiting, so it never runs while any process is writing, and even then removes only files
older than a grace period that nothing it is told to keep names."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # (the window's first frame writes nothing: these load with the first write)
    from concurrent.futures import Executor, ThreadPoolExecutor

Known = Callable[[list[str]], set[str]]  # of these stored names, those that an image row names

CHUNK = 1 << 20
SHA256 = re.compile(r"[0-9a-f]{64}")
SWEEP_GRACE_SECONDS = 3600.0  # a file younger than this is never swept, whoever wrote it
TEMP_PREFIX = ".incoming-"
SYNC_THREADS = 8  # fsyncs in flight at once when a batch of pictures is made durable
# A file stored not yet durable has its writeback started at once only from this size: a photo's
# data is then mostly on disk by the time its batch is flushed, while for a 0.2 MB poster the
# early start cost the worker more than it saved (the import of 208 crops 1-3 % slower in wall
# time and ~0.1 ms of CPU a crop; 12 MP photos the same either way).
WRITEBACK_BYTES = 1 << 20


def media_dir_for(db_path: Path) -> Path:
    return Path(db_path).with_suffix(".media")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_sha256(sha256: object) -> str:
    """The hash itself, or ValueError: only 64 lower-case hex digits ever name a stored file."""
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise ValueError(f"not a picture's SHA-256 (64 hex digits): {str(sha256)[:80]!r}")
    return sha256


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _create_temp(folder: str) -> tuple[int, str]:
    """A new empty file of the store's temporary names in `folder` (made if missing), mode 0644
    whatever the umask: (its descriptor, its path). `tempfile.mkstemp` and a chmod, in fewer calls
    (an import writes two files per picture)."""
    for _ in range(100):
        tmp = f"{folder}/{TEMP_PREFIX}{os.urandom(8).hex()}"
        try:
            fd = os.open(tmp, _CREATE, 0o644)
        except FileExistsError:
            continue
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            fd = os.open(tmp, _CREATE, 0o644)
        try:
            os.fchmod(fd, 0o644)
        except BaseException:
            os.close(fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no unused temporary name", folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _start_writeback(fd: int) -> None:
    """Ask the kernel to start writing a file's data to disk now, without waiting (Linux's
    sync_file_range; elsewhere nothing): the fsync that makes it durable later then finds it
    mostly written, instead of starting every write of a batch at once when it is committed."""
    sync_file_range = _sync_file_range()
    if sync_file_range is not None:
        with contextlib.suppress(Exception):
            sync_file_range(fd, 0, 0, 2)  # SYNC_FILE_RANGE_WRITE


@functools.cache  # (loaded at the first big write, not with the window: ctypes is 3 ms of its start)
def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _fsync(path: Path) -> OSError | None:
    """fsync a file or a folder; the error instead of raising it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        return exc
    try:
        os.fsync(fd)
    except OSError as exc:
        if not (path.is_dir() and exc.errno in (errno.EINVAL, errno.EBADF)):  # a folder that cannot be
            return exc                                                         # synced (some filesystems)
    finally:
        os.close(fd)
    return None


def _fsync_some(paths: list[Path]) -> list[OSError | None]:
    return [_fsync(path) for path in paths]


def _fsync_all(pool: Executor, paths: list[Path]) -> list[OSError | None]:
    """`_fsync` of every path, in order: SYNC_THREADS at once, each thread taking its share of
    them (one job each, not one per file: a batch's hand-offs to threads cost as much as its
    fsyncs)."""
    shares = [paths[n::SYNC_THREADS] for n in range(min(SYNC_THREADS, len(paths)))]
    results: list[OSError | None] = [None] * len(paths)
    for n, errors in enumerate(pool.map(_fsync_some, shares)):
        results[n::SYNC_THREADS] = errors
    return results


class PictureStore:
    """Files of one catalogue's pictures and thumbnails. Thread-safe: every write is a rename."""

    THUMBNAIL_SIZE = 256  # the longest side of the cached thumbnails (the gallery, the detail poster)

    def __init__(self, media_dir: Path) -> None:
        self.media_dir = Path(media_dir)
        self.images_dir = self.media_dir / "images"
        self.thumbnails_dir = self.media_dir / "thumbnails"
        self.lock_path = self.media_dir / ".writers.lock"

    def path_for(self, sha256: str) -> Path:
        sha256 = check_sha256(sha256)
        return self.images_dir / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str, size: int = THUMBNAIL_SIZE) -> Path:
        sha256 = check_sha256(sha256)
        return self.thumbnails_dir / str(int(size)) / sha256[:2] / f"{sha256}.png"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def present(self, shas: Iterable[str]) -> set[str]:
        """Those of these pictures the store holds (`has` of each, asked at once)."""
        return {sha for sha in set(shas) if self.has(sha)}

    def add_file(self, source: Path, sha256: str | None = None) -> str:
        """Copy `source` into the store (if not there yet) and return its hash."""
        sha256 = check_sha256(sha256 or sha256_of(source))
        target = self.path_for(sha256)
        if not target.is_file():
            import shutil

            def copy(out: BinaryIO) -> None:
                with Path(source).open("rb") as src:
                    shutil.copyfileobj(src, out, CHUNK)

            self._write(target, copy, durable=True)
            if sha256_of(target) != sha256:
                target.unlink(missing_ok=True)
                raise OSError(f"{source} changed while it was being copied")
        return sha256

    def add_bytes(self, data: bytes, sha256: str | None = None, durable: bool = True) -> str:
        """Store bytes already in memory (and, when given, already hashed by the caller).
        durable=False leaves the flush to disk to a later `make_durable(sha256)`."""
        sha256 = check_sha256(sha256 or hashlib.sha256(data).hexdigest())
        self.add_new_bytes(data, sha256, durable)
        return sha256

    def add_new_bytes(self, data: bytes, sha256: str, durable: bool = False) -> bool:
        """As `add_bytes` for bytes the caller has hashed: True when this call stored them, False
        when the store had the picture. Not durable by default: its data starts on its way to
        disk at once when it is big (WRITEBACK_BYTES), and `make_durable_many` finishes the flush
        before a row names it."""
        sha256 = check_sha256(sha256)
        folder = f"{self.images_dir}/{sha256[:2]}"
        if os.path.isfile(f"{folder}/{sha256}"):
            return False
        self._write_bytes(folder, sha256, data, durable, writeback=len(data) >= WRITEBACK_BYTES)
        return True

    def make_durable(self, sha256: str) -> None:
        """Flush a stored file to disk (fsync), e.g. just before a row names it."""
        fd = os.open(self.path_for(sha256), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def make_durable_many(self, shas: Iterable[str], pool: Executor | None = None) -> dict[str, OSError]:
        """Flush stored files, then the folders that name them, to disk: a batch made durable in
        about the time of one fsync, not one each (they run at once, on threads — `pool`'s, when
        given, e.g. one an import keeps for all its batches — and the filesystem's journal commits
        them together). Returns the files that could not be flushed, with the error
        (FileNotFoundError: not there); every other one is on disk, under its name, when this
        returns."""
        paths = {sha: self.path_for(sha) for sha in shas}
        if not paths:
            return {}
        if pool is None:
            with self.sync_pool(len(paths)) as own:
                return self.make_durable_many(paths, own)
        failed: dict[str, OSError] = {}
        for sha, error in zip(paths, _fsync_all(pool, list(paths.values())), strict=True):
            if error is not None:
                failed[sha] = error
        folders = list({path.parent for sha, path in paths.items() if sha not in failed})
        if folders:  # a new folder's own name is in images/
            folders.append(self.images_dir)
        problems = dict(zip(folders, _fsync_all(pool, folders), strict=True))
        for sha, path in paths.items():
            error = problems.get(path.parent) or problems.get(self.images_dir)
            if sha not in failed and error is not None:
                failed[sha] = error
        return failed

    @staticmethod
    def sync_pool(files: int = SYNC_THREADS) -> ThreadPoolExecutor:
        """Threads for `make_durable_many` (as many as fsyncs it is worth having in flight)."""
        from concurrent.futures import ThreadPoolExecutor

        return ThreadPoolExecutor(max_workers=max(1, min(SYNC_THREADS, files)), thread_name_prefix="marquee-fsync")

    @staticmethod
    def make_all_durable() -> None:
        """Flush every file written without `durable` to disk at once (one sync for a whole import's
        pictures, instead of an fsync per file), before rows name them."""
        os.sync()

    def write_thumbnail(self, sha256: str, size: int, data: bytes) -> Path:
        target = self.thumbnail_path(sha256, size)
        self._write_bytes(str(target.parent), target.name, data, durable=False)  # a cache: rebuilt if lost
        return target

    def add_thumbnail(self, sha256: str, size: int, data: bytes) -> bool:
        """`write_thumbnail` unless the cache has that thumbnail: True when this call wrote it."""
        sha256 = check_sha256(sha256)
        folder = f"{self.thumbnails_dir}/{int(size)}/{sha256[:2]}"
        if os.path.isfile(f"{folder}/{sha256}.png"):
            return False
        self._write_bytes(folder, f"{sha256}.png", data, durable=False)
        return True

    @staticmethod
    def _write_bytes(folder: str, name: str, data: bytes, durable: bool, writeback: bool = False) -> None:
        """`_write` of bytes in memory: to a temporary name in `folder`, then renamed to `name`.
        `writeback` (when not `durable`): start writing the data to disk (`_start_writeback`)."""
        fd, tmp = _create_temp(folder)
        try:
            try:
                _write_all(fd, data)
                if durable:
                    os.fsync(fd)
                elif writeback:
                    _start_writeback(fd)
            finally:
                os.close(fd)
            os.replace(tmp, f"{folder}/{name}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _write(target: Path, write: Callable[[BinaryIO], object], durable: bool) -> None:
        """Write to a temporary name beside `target`, then rename: `target` is whole or absent."""
        fd, tmp = _create_temp(str(target.parent))
        try:
            with os.fdopen(fd, "wb") as out:
                write(out)
                if durable:
                    out.flush()
                    os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- writers and the sweep ----------------------------------------------------------------------

    def _open_lock(self) -> int | None:
        try:
            self.media_dir.mkdir(parents=True, exist_ok=True)
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return None  # a read-only medium: nobody writes pictures here
            raise

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Held (shared) by every process while it adds pictures whose rows are not committed yet;
        a sweep never runs meanwhile. Waits only for a sweep in progress."""
        fd = self._open_lock()
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            if fd is not None:
                os.close(fd)  # releases the lock

    def sweep(self, known: Known, grace: float = SWEEP_GRACE_SECONDS,
              now: float | None = None) -> list[Path] | None:
        """Delete stored files that no row names (`known(names)`: those of `names` a row names), and
        leftovers of interrupted copies, when they are older than `grace` seconds. Returns None (and
        deletes nothing) when another process is adding pictures. `known` is asked a folder at a
        time once the lock is held, so it sees every row committed by a writer that finished
        before, and no set of every picture in the catalogue is ever held."""
        if not self.images_dir.is_dir():
            return []
        fd = self._open_lock()
        if fd is None:
            return []
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return None
            cutoff = (time.time() if now is None else now) - grace
            removed: list[Path] = []
            for folder in sorted(p for p in self.images_dir.iterdir() if p.is_dir()):
                try:
                    names = os.listdir(folder)
                except OSError:
                    continue
                kept = known([n for n in names if not n.startswith(TEMP_PREFIX)])
                for name in names:
                    if name in kept:
                        continue
                    path = folder / name
                    try:
                        if path.lstat().st_mtime > cutoff:
                            continue
                        path.unlink()
                    except OSError:
                        continue
                    removed.append(path)
            return removed
        finally:
            os.close(fd)
