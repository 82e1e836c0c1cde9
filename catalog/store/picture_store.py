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
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
SHA256 = re.compile(r"[0-9a-f]{64}")
SWEEP_GRACE_SECONDS = 3600.0  # a file younger than this is never swept, whoever wrote it
TEMP_PREFIX = ".incoming-"
SYNC_THREADS = 8  # fsyncs in flight at once when a batch of pictures is made durable


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
        target = self.path_for(sha256)
        if not target.is_file():
            self._write(target, lambda out: out.write(data), durable=durable)
        return sha256

    def make_durable(self, sha256: str) -> None:
        """Flush a stored file to disk (fsync), e.g. just before a row names it."""
        fd = os.open(self.path_for(sha256), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def make_durable_many(self, shas: Iterable[str]) -> dict[str, OSError]:
        """Flush stored files, then the folders that name them, to disk: a batch made durable in
        about the time of one fsync, not one each (they run at once, on threads, and the
        filesystem's journal commits them together). Returns the files that could not be flushed,
        with the error (FileNotFoundError: not there); every other one is on disk, under its name,
        when this returns."""
        paths = {sha: self.path_for(sha) for sha in shas}
        if not paths:
            return {}
        failed: dict[str, OSError] = {}
        with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(paths)), thread_name_prefix="marquee-fsync") as pool:
            for sha, error in zip(paths, pool.map(_fsync, paths.values()), strict=True):
                if error is not None:
                    failed[sha] = error
            folders = {path.parent for sha, path in paths.items() if sha not in failed}
            if folders:  # a new folder's own name is in images/
                folders.add(self.images_dir)
            problems = dict(zip(folders, pool.map(_fsync, folders), strict=True))
        for sha, path in paths.items():
            error = problems.get(path.parent) or problems.get(self.images_dir)
            if sha not in failed and error is not None:
                failed[sha] = error
        return failed

    @staticmethod
    def make_all_durable() -> None:
        """Flush every file written without `durable` to disk at once (one sync for a whole import's
        pictures, instead of an fsync per file), before rows name them."""
        os.sync()

    def write_thumbnail(self, sha256: str, size: int, data: bytes) -> Path:
        target = self.thumbnail_path(sha256, size)
        self._write(target, lambda out: out.write(data), durable=False)  # a cache: rebuilt if lost
        return target

    @staticmethod
    def _write(target: Path, write: Callable[[BinaryIO], object], durable: bool) -> None:
        """Write to a temporary name beside `target`, then rename: `target` is whole or absent."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        try:
            os.chmod(tmp, 0o644)
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

    def sweep(self, known: Callable[[], Iterable[str]], grace: float = SWEEP_GRACE_SECONDS,
              now: float | None = None) -> list[Path] | None:
        """Delete stored files that `known()` does not name, and leftovers of interrupted copies,
        when they are older than `grace` seconds. Returns None (and deletes nothing) when another
        process is adding pictures. `known` is called once the lock is held, so it sees every row
        committed by a writer that finished before."""
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
            keep = set(known())
            cutoff = (time.time() if now is None else now) - grace
            removed: list[Path] = []
            for path in self.images_dir.glob("*/*"):
                if not (path.name.startswith(TEMP_PREFIX) or path.name not in keep):
                    continue
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
