"""Marquee's own JSON export: the whole catalogue as one document, and back.

The document has no database ids: people are named, pictures are listed by content hash and file
name (the unsorted inbox too), custom fields by name (their definitions in `custom_fields`). An
export imported into an empty catalogue exports identically.

Version 2 added copies, other titles, external ids, countries, languages, keywords and custom
fields; version 3 the diary (`viewings`), loans (each naming its copy's place and its borrower),
the wishlist (`wish`) and the borrowers (`borrowers`: name, contact, notes). Version 1 files (the
copy's medium, location and barcode on the film) and version 2 files are still read."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, CatalogueFileError, ValidationError, one_line, short_repr
from catalog.files import write_text
from catalog.formats import Format
from catalog.ops.transfer import ImportResult, Progress, export_films, import_films

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

EXPORT_FORMAT, VERSION = "marquee-catalogue", 3


def export_document(cat: Catalogue) -> dict[str, Any]:
    """The whole catalogue as an export document."""
    return {"format": EXPORT_FORMAT, "version": VERSION, **export_films(cat)}


def export_catalogue(cat: Catalogue, path: Path) -> int:
    """Write the catalogue to a JSON file (atomically); returns the number of films."""
    doc = export_document(cat)
    write_text(Path(path), json.dumps(doc, ensure_ascii=False, indent=1))
    return len(doc["films"])


def import_document(cat: Catalogue, doc: Any, abort: threading.Event | None = None,
                    progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    """Add the films of an export document (see catalog.ops.transfer.import_films)."""
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT or not isinstance(doc.get("films"), list):
        raise CatalogueError("not a Marquee JSON export (no 'format': 'marquee-catalogue')")
    version = doc.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise CatalogueError(f"not a Marquee JSON export (version {short_repr(version)} is not a number)")
    if version > VERSION:
        raise CatalogueError(f"this export is of a newer format (version {short_repr(version)}); update Marquee")
    inbox, people, fields = doc.get("inbox") or [], doc.get("people") or [], doc.get("custom_fields") or []
    borrowers = doc.get("borrowers") or []
    if not all(isinstance(x, list) for x in (inbox, people, fields, borrowers)):
        raise CatalogueError("the inbox, people, custom fields or borrowers of the file are not lists; nothing "
                             "was added")
    return import_films(cat, doc["films"], inbox, people, abort, progress, description="Import catalogue",
                        fields=fields, on_duplicate=on_duplicate, borrowers=borrowers)


def import_catalogue(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                     progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    doc = read_document(Path(path))
    try:
        return import_document(cat, doc, abort, progress, on_duplicate)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc.field}", exc.value, exc.reason + "; nothing was imported") from None
    except CatalogueFileError:
        raise
    except CatalogueError as exc:
        raise CatalogueError(f"{path}: {exc}") from None


def read_document(path: Path) -> Any:
    """The parsed JSON of a file, or one plain CatalogueError naming the file and what is wrong."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return parse_document(data, path)


def parse_document(data: bytes, path: Path | str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path}: not a Marquee JSON export (not UTF-8 text: byte {exc.start:,})") from None
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"{path}: not a Marquee JSON export (broken JSON at line {exc.lineno}, column "
                             f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise CatalogueError(f"{path}: not a Marquee JSON export (nested too deeply)") from None
    except ValueError as exc:  # e.g. a number of thousands of digits
        raise CatalogueError(f"{path}: not a Marquee JSON export ({one_line(str(exc), 120)})") from None


def looks_like_export(path: Path) -> bool:
    """Whether the file starts as a Marquee JSON export does (read no further than its head)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{" and b'"marquee-catalogue"' in head


def _write(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None) -> int:
    return export_catalogue(cat, path)


FORMAT = Format("json", "Marquee JSON", (".json",), detect=looks_like_export, read=import_catalogue, write=_write)
