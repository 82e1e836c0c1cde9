"""Writing a file so that it is whole or not there: every file Marquee writes (exports, archives,
PDFs, reports) goes to a temporary file in the same folder, is flushed to disk (fsync; not the
many files of an exported folder, one by one) and renamed over the target. On any error — a full
disk, a vanished folder, a cancel — the previous file is intact and no partial file is left."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class Replacement:
    """The temporary file that will replace `target` (`path`, or `file` opened for writing)."""

    def __init__(self, target: Path, sweep: bool = True) -> None:
        self.target = Path(target)
        if sweep:
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


def remove_leftovers(target: Path, every: bool = False) -> None:
    """Temporary files of `target` (`every`: of any file in the folder `target`) whose writer was
    killed (its process is gone): a killed export leaves the previous file whole, and its partial
    file goes with the next write."""
    folder, prefix = (target, ".") if every else (target.parent, f".{target.name}.")
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            name = path.name
            if not (name.startswith(prefix) and name.endswith(".partial")):
                continue
            parts = name.removesuffix(".partial").rsplit(".", 2)  # .NAME . PID . RANDOM
            pid = parts[1] if len(parts) == 3 else ""
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                _discard(path)


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
def replacing(target: Path, durable: bool = True) -> Iterator[Replacement]:
    """`with replacing(path) as out:` write to `out.file` (or to the file at `out.path`, closing
    `out.file` first); on leaving without error the target is replaced atomically and durably.
    `durable=False` (the thousands of pages of an HTML site): atomically, not flushed to disk, and
    a killed writer's partial files are the caller's to sweep (`remove_leftovers(folder, every=True)`
    once, not a look through the folder at each file)."""
    out = Replacement(target, sweep=durable)
    try:
        yield out
        if out.discarded:
            raise _Discarded
        if not out.file.closed:
            out.file.flush()
            if durable:
                os.fsync(out.file.fileno())
            out.file.close()
        elif durable:
            fd = os.open(out.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.chmod(out.path, 0o644)
        os.replace(out.path, out.target)
        if durable:
            fsync_folder(out.target.parent)
    except _Discarded:
        _remove(out)
    except BaseException:
        _remove(out)
        raise


@contextlib.contextmanager
def replacing_folder(target: Path, sweep: bool = True) -> Iterator[Path]:
    """`with replacing_folder(path) as partial:` fill the new folder `partial`; on leaving without
    error it takes the place of `target` (the previous one removed), else it goes and `target`
    stays as it was. (Two renames: a process killed between them leaves the previous folder
    under a temporary name beside it, for the next write to sweep.) `sweep=False`: the caller
    sweeps the folder's leftovers once (`remove_leftovers(folder, every=True)`) for many writes."""
    target = Path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise FileExistsError(errno.EEXIST, f"'{target.name}' is in the way, and not a folder", str(target))
    if sweep:
        remove_leftovers(target)
    partial = target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.partial"
    partial.mkdir()
    try:
        yield partial
        if target.exists():
            old = partial.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.partial")
            os.replace(target, old)
            os.replace(partial, target)
            _discard(old)
        else:
            os.replace(partial, target)
    except BaseException:
        _discard(partial)
        raise


def _discard(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class _Discarded(Exception):
    pass


def _remove(out: Replacement) -> None:
    with contextlib.suppress(OSError):
        out.file.close()  # a full disk may fail the close's flush too
    out.path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes, durable: bool = True) -> None:
    with replacing(target, durable) as out:
        out.file.write(data)


def write_text(target: Path, text: str, durable: bool = True) -> None:
    write_bytes(target, text.encode("utf-8"), durable)


def copy_file(source: Path, target: Path, durable: bool = True) -> None:
    """Copy `source` to `target` as `write_bytes` writes: whole or not there."""
    import shutil

    with replacing(target, durable) as out, open(source, "rb") as read:
        shutil.copyfileobj(read, out.file)
