"""Writing a file so that it is whole or not there: every file Marquee writes (exports, archives,
PDFs, reports) goes to a temporary file in the same folder, is flushed to disk (fsync) and renamed
over the target. On any error — a full disk, a vanished folder, a cancel — the previous file is
intact and no partial file is left."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class Replacement:
    """The temporary file that will replace `target` (`path`, or `file` opened for writing)."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        remove_leftovers(self.target)
        import tempfile  # (with the first file written: 5 ms of the window's start)

        fd, name = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.{os.getpid()}.",
                                    suffix=".partial")
        self.path = Path(name)
        self.file: BinaryIO = os.fdopen(fd, "wb")
        self.discarded = False

    def discard(self) -> None:
        """Leave the target as it was (e.g. the job was cancelled)."""
        self.discarded = True


def remove_leftovers(target: Path) -> None:
    """Temporary files of `target` whose writer was killed (its process is gone): a killed export
    leaves the previous file whole, and its partial file goes with the next write."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for path in target.parent.iterdir():
            name = path.name
            if not (name.startswith(prefix) and name.endswith(".partial")):
                continue
            pid = name[len(prefix):].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Replacement]:
    """`with replacing(path) as out:` write to `out.file` (or to the file at `out.path`, closing
    `out.file` first); on leaving without error the target is replaced atomically and durably."""
    out = Replacement(target)
    try:
        yield out
        if out.discarded:
            raise _Discarded
        if not out.file.closed:
            out.file.flush()
            os.fsync(out.file.fileno())
            out.file.close()
        else:
            fd = os.open(out.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.chmod(out.path, 0o644)
        os.replace(out.path, out.target)
        fsync_folder(out.target.parent)
    except _Discarded:
        _remove(out)
    except BaseException:
        _remove(out)
        raise


class _Discarded(Exception):
    pass


def _remove(out: Replacement) -> None:
    with contextlib.suppress(OSError):
        out.file.close()  # a full disk may fail the close's flush too
    out.path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    with replacing(target) as out:
        out.file.write(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
