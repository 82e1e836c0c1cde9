"""Walk the folders given to an import: every picture, extra video and movie .nfo below them.

Disk-only and database-free. Hidden and junk names, folders holding an ignore marker
(``.ignore``, ``.nomedia``, ...) and samples are skipped (see :mod:`catalog.naming`). Folder
symlinks are followed once: a folder reached again (a symlink loop) is not entered twice. Broken
links, unreadable folders and names that are not valid UTF-8 are reported, never raised.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from catalog.formats.folder.naming import has_ignore_marker, is_ignored_name, is_image_file, is_video_file

__all__ = ["EXTRAS_FOLDERS", "FoundFile", "ScanResult", "display_path", "is_special_folder", "scan"]

# Folders that belong to the movie folder above them: artwork, actors, extras and disc structures.
EXTRAS_FOLDERS = frozenset({
    "extrafanart", "extrathumbs", ".actors", "featurettes", "featurette", "behind the scenes",
    "behindthescenes", "behind-the-scenes", "making of", "trailers", "trailer", "teasers", "teaser",
    "interviews", "interview", "deleted scenes", "deletedscenes", "deleted", "scenes", "scene", "clips",
    "clip", "shorts", "short", "extras", "extra", "other", "others", "video_ts", "bdmv", "stream",
    "certificate", "cd1", "cd2", "cd3", "cd4", "disc1", "disc2", "subs", "subtitles", "artwork",
})


def is_special_folder(name: str) -> bool:
    """True for a folder that is part of the movie folder above it (extras, artwork, disc files)."""
    return name.casefold() in EXTRAS_FOLDERS


def display_path(path: Path | str) -> str:
    """A printable form of a path whose name may hold bytes that are not UTF-8 (shown as �)."""
    return os.fsencode(path).decode("utf-8", "replace")


def is_valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class FoundFile:
    """One file worth looking at; ``folders`` are the folder names from the import root down."""

    path: Path
    root: Path       # the folder (or file) the user gave; names are read relative to it
    kind: str        # "image", "video" or "nfo"

    @property
    def display(self) -> str:
        return shown(self.path, self.root)


def shown(path: Path, root: Path) -> str:
    """The path as a report shows it: from the name of the folder (or file) the user gave."""
    try:
        return display_path(path.relative_to(root.parent))
    except ValueError:
        return display_path(path)


@dataclass(slots=True)
class ScanResult:
    files: list[FoundFile] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (display path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)     # handled oddities, e.g. non-UTF-8 names
    ignored: int = 0                                               # files neither pictures, extras nor .nfo
    cancelled: bool = False


def scan(paths: list[Path], abort: threading.Event | None = None) -> ScanResult:
    """Every picture, video and .nfo below ``paths`` (folders, or single files), in name order."""
    result = ScanResult()
    seen: set[tuple[int, int]] = set()
    for root in paths:
        root = Path(os.path.abspath(root))
        try:
            st = root.stat()
        except OSError as exc:
            reason = "broken link (its target is missing)" if root.is_symlink() else _os_reason(exc)
            result.problems.append((shown(root, root), reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(root, root, result, seen, abort)
        else:
            _add_file(root, root, result)
    return result


def _walk(root: Path, top: Path, result: ScanResult, seen: set[tuple[int, int]],
          abort: threading.Event | None) -> None:
    stack = [top]
    while stack:
        if abort is not None and abort.is_set():
            result.cancelled = True
            return
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            result.problems.append((shown(folder, root), _os_reason(exc)))
            continue
        if (st.st_dev, st.st_ino) in seen:
            result.notes.append((shown(folder, root), "folder already scanned (a symlink loop); not entered again"))
            continue
        seen.add((st.st_dev, st.st_ino))
        if folder != top and has_ignore_marker(folder):
            continue
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            result.problems.append((shown(folder, root), f"folder {_os_reason(exc)}"))
            continue
        subfolders = []
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError as exc:
                result.problems.append((shown(path, root), _os_reason(exc)))
                continue
            if is_dir:
                subfolders.append(path)
            elif is_file:
                _add_file(path, root, result)
            elif entry.is_symlink() and not os.path.exists(path):
                result.problems.append((shown(path, root), "broken link (its target is missing)"))
            else:
                result.ignored += 1  # sockets, fifos, devices
        stack.extend(reversed(subfolders))  # depth-first, in name order


def _add_file(path: Path, root: Path, result: ScanResult) -> None:
    if is_image_file(path):
        kind = "image"
    elif is_video_file(path):
        kind = "video"
    elif path.suffix.casefold() == ".nfo":
        kind = "nfo"
    else:
        result.ignored += 1
        return
    found = FoundFile(path, root, kind)
    if not is_valid_utf8(str(path)):
        result.notes.append((found.display, "file name is not valid UTF-8 (shown with �)"))
    result.files.append(found)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "not found"
    return f"unreadable: {exc.strerror or exc}"
