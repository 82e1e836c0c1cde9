"""The content-addressed picture store beside a catalogue file (`films.db` -> `films.media/images/`).

A file is named by the SHA-256 of its bytes, so the same picture is stored once. Files arrive by
copy to a temporary name and an atomic rename: a file under its final name is always whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def media_dir_for(db_path: Path) -> Path:
    return Path(db_path).with_suffix(".media")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class PictureStore:
    """Files of one catalogue's pictures and thumbnails. Thread-safe: every write is a rename."""

    def __init__(self, media_dir: Path) -> None:
        self.media_dir = Path(media_dir)
        self.images_dir = self.media_dir / "images"
        self.thumbnails_dir = self.media_dir / "thumbnails"

    def path_for(self, sha256: str) -> Path:
        return self.images_dir / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str, size: int) -> Path:
        return self.thumbnails_dir / str(size) / sha256[:2] / f"{sha256}.png"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add_file(self, source: Path, sha256: str | None = None) -> str:
        """Copy `source` into the store (if not there yet) and return its hash."""
        sha256 = sha256 or sha256_of(source)
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
        sha256 = sha256 or hashlib.sha256(data).hexdigest()
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
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
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

    def sweep(self, known: Iterable[str]) -> list[Path]:
        """Delete stored files that no image row names, and leftovers of interrupted copies."""
        keep = set(known)
        removed = []
        if not self.images_dir.is_dir():
            return removed
        for path in self.images_dir.glob("*/*"):
            if path.name.startswith(".incoming-") or path.name not in keep:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed
