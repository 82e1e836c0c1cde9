"""Every file format in and out, behind one registry. A format has a name (`--format NAME`), a
label and file extensions (the window's file dialogs), and may `detect` a file it can read by its
content, `read` it into the catalogue, or `write` the catalogue to a file or folder. The command
line's `import`/`export` and the window's File menu are made from this list, so a new format is a
module with a FORMAT and one line in FORMATS.

A reader returns what it did (`summary()` for people, `change` for undo); a writer returns the number
of films written. Both take `abort` (a threading.Event) and `progress(done, total, item)`.

Writers that need the window's toolkit (PDF sheets are laid out by Qt) are declared here and get
their function from the composition root (`provide_writer`), so catalog/ never imports Qt.

The format modules are imported when the list is first wanted (`FORMATS`, `readers()`, …), not
with this package: a window opening on a catalogue needs none of them to paint."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from catalog.errors import CatalogueError

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.change import Change

Progress = Callable[[int, int, str], None]


class ReadResult(Protocol):
    change: Change

    def summary(self) -> str: ...


Reader = Callable[["Catalogue", Path, threading.Event | None, Progress | None], ReadResult]
Writer = Callable[["Catalogue", Path, threading.Event | None, Progress | None], int]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extensions: tuple[str, ...] = ()
    folder: bool = False                             # reads or writes a folder, not a file
    detect: Callable[[Path], bool] | None = None     # by content: can `read` take this file?
    read: Reader | None = None
    write: Writer | None = None
    writes_needs: str = ""                           # who provides `write` when it is not here ("qt")
    # Readers of other programs' files also offer the two halves of `read`: `batch(cat, path)`
    # reads the file into an ImportBatch (catalog.formats.mapping; pictures stored, nothing else
    # written) so the window can ask about duplicates and columns first; run_import writes it.
    batch: Callable[..., Any] | None = None

    @property
    def file_filter(self) -> str:
        """'Marquee JSON (*.json)' for a file dialog."""
        return f"{self.label} ({' '.join('*' + e for e in self.extensions)})" if self.extensions else self.label


def _formats() -> list[Format]:
    from catalog.formats import (
        amc,
        archive,
        collectorz,
        csv_table,
        datacrow,
        delicious,
        folder,
        gcstar,
        griffith,
        html_site,
        json_catalogue,
        kodi,
        onmyshelf,
        pdf,
        tellico,
    )

    # Detection tries them in this order: the JSON export before OnMyShelf's JSON.
    return [json_catalogue.FORMAT, archive.FORMAT, tellico.FORMAT, gcstar.FORMAT, griffith.FORMAT, amc.FORMAT,
            datacrow.FORMAT, collectorz.FORMAT, delicious.FORMAT, onmyshelf.FORMAT, csv_table.FORMAT, folder.FORMAT,
            kodi.FORMAT, html_site.FORMAT, pdf.FORMAT]


_REGISTRY: list[Format] = []
_PROVIDED: dict[str, Writer] = {}  # writers given before the list was made


def _all() -> list[Format]:
    if not _REGISTRY:
        made = _formats()
        for i, fmt in enumerate(made):
            if fmt.name in _PROVIDED:
                made[i] = replace(fmt, write=_PROVIDED[fmt.name])
        _REGISTRY.extend(made)
    return _REGISTRY


def __getattr__(name: str) -> Any:
    if name == "FORMATS":  # every format, in detection order (made on first use)
        return _all()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def by_name(name: str) -> Format:
    for fmt in _all():
        if fmt.name == name:
            return fmt
    raise CatalogueError(f"no format {name!r} (known: {', '.join(f.name for f in _all())})")


def readers() -> list[Format]:
    return [f for f in _all() if f.read is not None]


def writers() -> list[Format]:
    return [f for f in _all() if f.write is not None]


def exportable() -> list[Format]:
    """Every format Marquee writes: here, or with the window's toolkit (`writes_needs`)."""
    return [f for f in _all() if f.write is not None or f.writes_needs]


def provide_writer(name: str, write: Writer) -> None:
    """Give a declared format its writer (the composition root does this for PDF sheets)."""
    if not _REGISTRY:
        _PROVIDED[name] = write  # applied when the list is made
        return
    for i, fmt in enumerate(_REGISTRY):
        if fmt.name == name:
            _REGISTRY[i] = replace(fmt, write=write)
            return
    raise CatalogueError(f"no format {name!r}")


def detect(path: Path) -> Format:
    """The format that can read `path`, judged by content (a folder is a folder import)."""
    for fmt in readers():
        if fmt.detect is not None and fmt.detect(path):
            return fmt
    if not path.exists():
        raise CatalogueError(f"{path}: no such file or folder")
    known = ", ".join(f.label for f in readers())
    raise CatalogueError(f"{path}: not a file Marquee can import (it reads: {known})")


def for_output(path: Path, name: str | None = None) -> Format:
    """The format to write `path` in: by name, else by the path's extension."""
    if name is not None:
        fmt = by_name(name)
    else:
        suffix = path.suffix.lower()
        found = [f for f in exportable() if suffix and suffix in f.extensions]
        if not found:
            names = ", ".join(f.name for f in exportable())
            raise CatalogueError(f"{path}: cannot tell the format from the name; add --format ({names})")
        fmt = found[0]
    if fmt.write is None:
        raise CatalogueError(f"Marquee cannot write {fmt.label} files" + (
            " here (it needs the window's toolkit)" if fmt.writes_needs else ""))
    return fmt


def read_file(cat: Catalogue, path: Path, name: str | None = None, abort: threading.Event | None = None,
              progress: Progress | None = None, on_duplicate: str | None = None, **options: Any) -> Any:
    """Import `path` (its format detected, or `name`). `on_duplicate` (skip, merge, keep): what
    becomes of a film already in the catalogue, for the readers that take it (`on_duplicate`
    keyword) — the film catalogues of other programs and Marquee's JSON. Other `options` go to the
    readers that name them (CSV: `mapping`, `date_order`)."""
    fmt = by_name(name) if name else detect(path)
    if fmt.read is None:
        raise CatalogueError(f"Marquee cannot read {fmt.label} files")
    accepted = inspect.signature(fmt.read).parameters
    extra = {k: v for k, v in {"on_duplicate": on_duplicate, **options}.items() if v is not None and k in accepted}
    return fmt.read(cat, path, abort, progress, **extra)
