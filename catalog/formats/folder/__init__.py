"""Folders of pictures and whole movie libraries (Kodi, Jellyfin, Plex layouts with .nfo files),
read into the catalogue: see `importer`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress

if TYPE_CHECKING:
    from catalog.formats.folder.report import ImportReport
    from catalog.ops.catalogue import Catalogue


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None) -> ImportReport:
    from catalog.formats.folder.importer import import_folder

    return import_folder(cat, path, abort=abort, progress=progress)


FORMAT = Format("folder", "Folder of pictures or a movie library", folder=True, detect=Path.is_dir, read=_read)
