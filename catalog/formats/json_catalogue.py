"""Marquee's own JSON export: the whole catalogue as one document, and back.

The document has no database ids: people are named, pictures are listed by content hash and file
name (the unsorted inbox too), custom fields by name (their definitions in `custom_fields`). An
export imported into an empty catalogue exports identically.

Version 2 added copies, other titles, external ids, countries, languages, keywords and custom
fields; version 1 files (the copy's medium, location and barcode on the film) are still read."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError
from catalog.formats import Format
from catalog.ops.transfer import ImportResult, Progress, export_films, import_films

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

EXPORT_FORMAT, VERSION = "marquee-catalogue", 2


def export_document(cat: Catalogue) -> dict[str, Any]:
    """The whole catalogue as an export document."""
    return {"format": EXPORT_FORMAT, "version": VERSION, **export_films(cat)}


def export_catalogue(cat: Catalogue, path: Path) -> int:
    """Write the catalogue to a JSON file (atomically); returns the number of films."""
    doc = export_document(cat)
    tmp = Path(path).with_name(Path(path).name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return len(doc["films"])


def import_document(cat: Catalogue, doc: Any, abort: threading.Event | None = None,
                    progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    """Add the films of an export document (see catalog.ops.transfer.import_films)."""
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT or not isinstance(doc.get("films"), list):
        raise CatalogueError("not a Marquee JSON export (no 'format': 'marquee-catalogue')")
    if not isinstance(doc.get("version", 0), int):
        raise CatalogueError(f"not a Marquee JSON export (version {doc['version']!r} is not a number)")
    if doc.get("version", 0) > VERSION:
        raise CatalogueError(f"this export is of a newer format (version {doc['version']}); update Marquee")
    inbox, people, fields = doc.get("inbox") or [], doc.get("people") or [], doc.get("custom_fields") or []
    if not isinstance(inbox, list) or not isinstance(people, list) or not isinstance(fields, list):
        raise CatalogueError("the inbox, people or custom fields of the file are not lists; nothing was added")
    return import_films(cat, doc["films"], inbox, people, abort, progress, description="Import catalogue",
                        fields=fields, on_duplicate=on_duplicate)


def import_catalogue(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                     progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: not a Marquee JSON export ({exc})") from None
    return import_document(cat, doc, abort, progress, on_duplicate)


def looks_like_export(path: Path) -> bool:
    """Whether the file starts as a Marquee JSON export does (read no further than its head)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return head.lstrip()[:1] == b"{" and b'"marquee-catalogue"' in head


def _write(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None) -> int:
    return export_catalogue(cat, path)


FORMAT = Format("json", "Marquee JSON", (".json",), detect=looks_like_export, read=import_catalogue, write=_write)
