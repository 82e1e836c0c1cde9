"""Marquee's own JSON export: the whole catalogue as one document, and back.

The document has no database ids: people are named, pictures are listed by content hash and file
name (the unsorted inbox too), custom fields by name (their definitions in `custom_fields`). An
export imported into an empty catalogue exports identically.

Version 2 added copies, other titles, external ids, countries, languages, keywords and custom
fields; version 3 the diary (`viewings`), loans (each naming its copy's place and its borrower),
the wishlist (`wish`) and the borrowers (`borrowers`: name, contact, notes). Version 1 files (the
copy's medium, location and barcode on the film) and version 2 files are still read.

A file is imported in two passes and flat memory: the first reads it a film at a time
(catalog.formats.json_stream), checks each and spools it, cleaned, to a temporary file; only when
every film, picture and person has passed is the catalogue backed up and the spool written, in
one transaction. A refused file leaves the catalogue (and its backups) as they were."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError, CatalogueFileError, ValidationError, one_line, short_repr
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


def _check_head(head: dict[str, Any], complete: bool) -> None:
    """The export's own fields (format, version, the lists' types), as far as they are known."""
    if "format" in head or complete:
        streamed = head.get("__streamed__", [])
        if head.get("format") != EXPORT_FORMAT or (complete and "films" not in streamed and not isinstance(
                head.get("films"), list)) or ("films" in head and not isinstance(head["films"], list)):
            raise CatalogueError("not a Marquee JSON export (no 'format': 'marquee-catalogue')")
    if "version" in head or complete:
        version = head.get("version", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise CatalogueError(f"not a Marquee JSON export (version {short_repr(version)} is not a number)")
        if version > VERSION:
            raise CatalogueError(f"this export is of a newer format (version {short_repr(version)}); update Marquee")
    for key in ("inbox", "people", "custom_fields", "borrowers"):
        if head.get(key) is not None and not isinstance(head[key], list):
            raise CatalogueError("the inbox, people, custom fields or borrowers of the file are not lists; nothing "
                                 "was added")


def _stream_import(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
                   on_duplicate: str) -> ImportResult:
    """Check the file a film at a time into a spool of clean documents, then write the spool."""
    import marshal
    import tempfile

    from catalog.formats import json_stream
    from catalog.ops.documents import clean_borrower, clean_image_entry
    from catalog.ops.transfer import (
        DUPLICATE_ACTIONS,
        _wanted_fields,
        clean_film,
        clean_person,
        custom_names,
        field_types,
        write_films,
    )
    from catalog.store.prepared import Incoming

    if on_duplicate not in DUPLICATE_ACTIONS:
        raise CatalogueError(f"--on-duplicate must be one of: {', '.join(DUPLICATE_ACTIONS)}")
    from catalog.formats import json_checker

    if looks_like_export(path) and path.stat().st_size >= json_checker.PIPELINE_MIN_BYTES:
        try:  # a big export: checked by a child process while this one writes
            return json_checker.import_pipelined(cat, path, abort, progress, on_duplicate, _check_head)
        except json_checker.Unusual:
            pass  # nothing was written: the two passes below
    if not looks_like_export(path) and path.is_file():  # refused before reading a word further
        _check_head(json_stream.walk(path, frozenset({"films", "custom_fields", "inbox", "people", "borrowers"}),
                                     lambda key, item: None, ""), complete=True)
    streamed = frozenset({"films", "custom_fields", "inbox", "people", "borrowers"})
    spool = tempfile.TemporaryFile(prefix="marquee-import-")  # noqa: SIM115 (closed below)
    try:
        definitions: list[Any] = []
        names: set[str] = set()
        lists: dict[str, list[Any]] = {"inbox": [], "people": [], "borrowers": []}
        # Custom values are checked by their field's type; while the file has not defined its fields
        # yet (films before `custom_fields`), films are checked without them and, if any has some,
        # checked again in a second pass with the types of the whole file.
        state: dict[str, Any] = {"films": 0, "types": None, "defined": False, "unchecked": False}

        def check(key: str, item: Any) -> None:
            if abort is not None and abort.is_set():
                raise Cancelled("import cancelled; nothing was added")
            if key == "custom_fields":
                definitions.append(item)
                state["types"] = None
            elif key == "films":
                if state["types"] is None:
                    state["types"] = _wanted_fields(cat, definitions)[1]
                number = state["films"]
                if not state["defined"] and isinstance(item, dict) and item.get("custom") not in (None, {}):
                    state["unchecked"] = True
                    item = {**item, "custom": None}
                block = marshal.dumps(clean_film(item, number, state["types"]))
                spool.write(len(block).to_bytes(4, "little"))
                spool.write(block)
                names.update(custom_names(item))
                state["films"] = number + 1
                if progress and number % 1000 == 0:
                    progress(0, 0, f"Checking film {number + 1:,}")
            elif key in lists:
                lists[key].append(item)

        def began(key: str) -> None:
            if key == "custom_fields":
                state["defined"] = True

        head = json_stream.walk(path, streamed, check, "", began)
        _check_head(head, complete=True)
        for key in ("inbox", "people", "borrowers"):
            if isinstance(head.get(key), list):
                lists[key] = head[key]
        if isinstance(head.get("custom_fields"), list):
            definitions[:0] = head["custom_fields"]
        wanted, types = _wanted_fields(cat, definitions, names=sorted(names))
        if state["unchecked"]:  # films came before the fields they use: all checked again, with them
            spool.seek(0)
            spool.truncate()
            names.clear()
            state.update(films=0, types=types, defined=True)
            json_stream.walk(path, frozenset({"films"}), check, "")
            wanted, types = _wanted_fields(cat, definitions, names=sorted(names))
        inbox = [clean_image_entry(entry) for entry in lists["inbox"]]
        persons = [clean_person(person) for person in lists["people"]]
        lenders = [clean_borrower(borrower) for borrower in lists["borrowers"]]
        total = state["films"]
        spool.seek(0)

        def documents() -> Any:
            kinds = field_types(types)
            for _ in range(total):
                yield Incoming.of(marshal.loads(spool.read(int.from_bytes(spool.read(4), "little"))), kinds)

        return write_films(cat, documents(), total, wanted, types, inbox, persons, abort, progress,
                           "Import catalogue", on_duplicate, lenders=lenders)
    finally:
        spool.close()


def import_catalogue(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                     progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    try:
        return _stream_import(cat, Path(path), abort, progress, on_duplicate)
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
