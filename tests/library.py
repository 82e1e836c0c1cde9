"""A collector's movie library made of real files: the real .nfo files of ../shared/realdata and real
photographs from Debian's wallpaper packages (mate-backgrounds; tools/bootstrap.sh installs it).
Tests that need them skip when they are absent. The files are copied into the test's own folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.realdata import REALDATA

PHOTO_FOLDERS = (Path("/usr/share/backgrounds/mate/nature"), Path("/usr/share/backgrounds/mate/desktop"))


def photos(count: int) -> list[Path]:
    """`count` different real photographs (JPEG), or skip the test."""
    found = sorted(p for folder in PHOTO_FOLDERS if folder.is_dir() for p in folder.glob("*.jpg"))
    if len(found) < count:
        pytest.skip(f"needs {count} real photos (apt-get install mate-backgrounds)")
    return found[:count]


def nfo(name: str) -> Path:
    """A real .nfo file of realdata/nfo (e.g. 'jellyfin__Justice_League.nfo'), or skip the test."""
    path = REALDATA / "nfo" / name
    if not path.is_file():
        pytest.skip(f"no real .nfo file {name}")
    return path


def movie_folder(root: Path, name: str, files: dict[str, Path | str | bytes]) -> Path:
    """`root/name/` holding `files` (relative name -> a file to copy, or text/bytes to write)."""
    folder = root / name
    for relative, source in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        elif isinstance(source, bytes):
            target.write_bytes(source)
        else:
            target.write_text(source, encoding="utf-8")
    return folder
