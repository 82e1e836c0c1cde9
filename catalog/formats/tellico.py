"""Tellico: a `.tc` zip (tellico.xml with its pictures in images/), a plain `.xml` with pictures
embedded as base64, or pictures in a `<name>_files/` folder beside it. Video collections only
(type 3); any other kind is refused in one line. Cast tables (actor::role), multi-value fields,
dates, ratings, loans and borrowers (each loan of the entry's copy, its borrower a borrower of
Marquee's) and the collection's own fields (custom fields) all come in; the report says where each field went.
Fields written by Marquee's own Tellico export (`marquee-…`) come back to where they were, so a
catalogue exported to Tellico and imported again loses nothing. Writing is tellico_writer."""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.formats import Format, Progress
from catalog.formats.mapping import (
    FilmBuilder,
    ImportBatch,
    head,
    local_file,
    open_zip,
    read_bytes,
    refuse,
    run_import,
    safe_zip_member,
    zip_names,
)
from catalog.formats.xml_input import parse_xml
from catalog.model.kinds import BY_NAME
from catalog.model.validation import CREDIT_ROLES

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

SYNTAX_VERSION = 11  # what Tellico's DTD (Debian's tellico package) fixes; 12 is read too
KNOWN_SYNTAX = 12
VIDEO = "3"
COLLECTION_KINDS = {"1": "a generic collection", "2": "a book collection", "4": "a music collection",
                    "5": "a bibliography", "6": "a comic book collection", "7": "a wine collection",
                    "8": "a coin collection", "9": "a stamp collection", "10": "a trading card collection",
                    "11": "a video game collection", "12": "a file catalogue", "13": "a board game collection"}
# Tellico field types.
LINE, PARA, CHOICE, BOOL, NUMBER, URL, TABLE, IMAGE, DATE, RATING = "1", "2", "3", "4", "6", "7", "8", "10", "12", "14"
MULTIPLE = 1  # flags: allows several values
CUSTOM_TYPES = {BOOL: "yesno", NUMBER: "number", DATE: "date", URL: "url", CHOICE: "choice"}
PEOPLE = {role.replace("_", "-"): role for role in CREDIT_ROLES if role != "actor"}
PRICE = re.compile(r"^\s*([^\d\s.,-]*)\s*(\d+(?:[.,]\d+)?)\s*([^\d\s.,-]*)\s*$")
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


@dataclass(frozen=True)
class FieldDef:
    name: str
    title: str
    type: str
    flags: int
    allowed: tuple[str, ...]
    props: dict[str, str]

    @property
    def multiple(self) -> bool:
        return bool(self.flags & MULTIPLE) or self.type == TABLE


def looks_like_tellico(path: Path) -> bool:
    data = head(path)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                return "tellico.xml" in archive.namelist() or "bookcase.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return path.suffix.lower() == ".tc"
    return b"<tellico" in data or b"<!DOCTYPE tellico" in data


def read_tellico(cat: Catalogue | None, path: Path) -> ImportBatch:
    """Read a Tellico file into a batch (pictures stored when `cat` is given)."""
    path = Path(path)
    data = read_bytes(path)
    pictures: dict[str, bytes] = {}
    if data.startswith(b"PK"):
        archive = open_zip(data, path)
        names = zip_names(archive, path)
        xml = safe_zip_member(archive, "tellico.xml", path)
        if xml is None:
            raise refuse(path, "a zip archive without tellico.xml inside (not a Tellico file)")
        for name in names:
            if name.startswith("images/") and not name.endswith("/"):
                member = safe_zip_member(archive, name, path)
                if member is not None:
                    pictures[name.removeprefix("images/")] = member
        data = xml
    root = parse_xml(data, path)
    if root.tag != "tellico":
        raise refuse(path, f"not a Tellico file (its XML is <{root.tag}>)")
    version = root.get("syntaxVersion") or "0"
    if not version.isdigit() or int(version) > KNOWN_SYNTAX:
        raise refuse(path, f"made by a newer Tellico (file syntax version {version}; Marquee reads up to "
                           f"{KNOWN_SYNTAX})")
    collection = root.find("collection")
    if collection is None:
        raise refuse(path, "a Tellico file without a collection (truncated?)")
    kind = collection.get("type") or ""
    if kind != VIDEO:
        what = COLLECTION_KINDS.get(kind, f"a collection of type {kind or 'unknown'}")
        raise refuse(path, f"is {what} in Tellico, not films")
    batch = _collection(cat, path, root, collection, pictures)
    _finish_tracks(batch)
    return batch


def _default_fields() -> dict[str, FieldDef]:
    """Tellico's own fields of a video collection (what `<field name="_default"/>` stands for)."""
    from catalog.formats.tellico_writer import FIELDS

    defaults = {name: FieldDef(name, title, type_, int(flags), (), dict(props))
                for name, title, _category, type_, flags, _extra, props in FIELDS if name != "metainfo"}
    for name, title, type_, flags in (("origtitle", "Original Title", LINE, 0), ("seen", "Seen", BOOL, 0),
                                      ("directors-cut", "Director's Cut", BOOL, 0), ("gift", "Gift", BOOL, 0),
                                      ("loaned", "Loaned", BOOL, 0), ("keyword", "Keywords", LINE, 7),
                                      ("producer", "Producer", LINE, 7), ("amazon", "Amazon Link", URL, 0)):
        defaults.setdefault(name, FieldDef(name, title, type_, flags, (), {}))
    return defaults


def _fields(collection: Element) -> dict[str, FieldDef]:
    fields: dict[str, FieldDef] = {}
    for f in collection.iterfind("fields/field"):
        name = f.get("name") or ""
        if name == "_default":
            fields.update({k: v for k, v in _default_fields().items() if k not in fields})
            continue
        props = {p.get("name") or "": (p.text or "") for p in f.iterfind("prop")}
        allowed = tuple(a for a in (f.get("allowed") or "").split(";") if a)
        fields[name] = FieldDef(name, f.get("title") or name, f.get("type") or LINE, int(f.get("flags") or 0),
                                allowed, props)
    return fields


def _children(entry: Element) -> dict[str, list[Element]]:
    """An entry's value elements by field name (a plural container's children under the field's)."""
    found: dict[str, list[Element]] = {}
    for child in entry:
        if len(child) and child.tag.endswith("s") and child[0].tag == child.tag[:-1]:
            found.setdefault(child.tag[:-1], []).extend(c for c in child if c.tag == child.tag[:-1])
        else:
            found.setdefault(child.tag, []).append(child)
    return found


def _values(entry: Element | dict[str, list[Element]], field: FieldDef) -> list[Any]:
    """The field's values in an entry: texts, rows of columns (tables) or (y, m, d) dates."""
    elements = (entry if isinstance(entry, dict) else _children(entry)).get(field.name, [])
    out: list[Any] = []
    for element in elements:
        if field.type == TABLE:
            row = [(c.text or "").strip() for c in element.iterfind("column")]
            if any(row):
                out.append(row)
        elif field.type == DATE:
            parts = [(element.findtext(p) or "").strip() for p in ("year", "month", "day")]
            if parts[0]:
                out.append("-".join(p.zfill(2) if i else p for i, p in enumerate(parts) if p))
            elif (element.text or "").strip():
                out.append((element.text or "").strip())
        elif (element.text or "").strip():
            out.append((element.text or "").strip())
    return out


def _images(collection: Element, root: Element, path: Path, pictures: dict[str, bytes]) -> dict[str, bytes]:
    """Picture bytes by Tellico image id: from the zip, base64 in the XML, or the `_files` folder."""
    found = dict(pictures)
    for image in [*collection.iterfind("images/image"), *root.iterfind("images/image")]:
        image_id = image.get("id") or ""
        if image_id and image_id not in found and (image.text or "").strip():
            try:
                found[image_id] = base64.b64decode(image.text or "", validate=False)
            except (binascii.Error, ValueError):
                continue
    return found


def _picture(images: dict[str, bytes], path: Path, image_id: str) -> bytes | None:
    if image_id in images:
        return images[image_id]
    for folder in (f"{path.stem}_files", f"{path.name}_files", "images"):
        data = local_file(path.parent, f"{folder}/{image_id}")
        if data is not None:
            return data
    return None


def _loans(root: Element) -> dict[str, list[dict[str, str]]]:
    """Loans by entry id: borrower, date, due date and note."""
    loans: dict[str, list[dict[str, str]]] = {}
    for borrower in root.iter("borrower"):
        for loan in borrower.iterfind("loan"):
            loans.setdefault(loan.get("entryRef") or "", []).append({
                "borrower": borrower.get("name") or "", "date": loan.get("loanDate") or "",
                "due": loan.get("dueDate") or "", "note": (loan.text or "").strip()})
    return loans


def _collection(cat: Catalogue | None, path: Path, root: Element, collection: Element,
                pictures: dict[str, bytes]) -> ImportBatch:
    batch = ImportBatch(path.name, cat)
    fields = _fields(collection)
    images = _images(collection, root, path, pictures)
    loans = _loans(root)
    for field in fields.values():
        if field.name not in TELLICO_TO_MARQUEE:
            type_ = CUSTOM_TYPES.get(field.type)
            batch.custom_field(_custom_name(field), type_, field.allowed if type_ == "choice" else ())
    meta_field = fields.get("metainfo")
    for entry in collection.iterfind("entry"):
        film = batch.film()
        children = _children(entry)
        rows = _values(children, meta_field) if meta_field is not None else []
        ours = any(row[:1] == ["marquee"] for row in rows)
        for name in children:
            found = fields.get(name)
            if found is None:
                continue
            field = found
            if ours and (field.name in MARQUEE_SKIPS or TELLICO_TO_MARQUEE.get(field.name, ("",))[0] in
                         ("copy", "tracks")):
                continue  # Marquee's own export: these come back exactly from its data table
            values = _values(children, field)
            if values:
                _place(film, field, values, images, path)
        if ours:
            _marquee_data(batch, film, rows, images)
        if not ours:  # Marquee's own export carries its loans (with their history) in its data table
            for loan in loans.get(entry.get("id") or "", []):
                film.loan("Loans (borrowers)", loan["borrower"], _loan_day(loan["date"]), _loan_day(loan["due"]),
                          None, loan["note"] or None)
        batch.add(film)
    return batch


def _loan_day(value: str) -> str | None:
    """Tellico's loan dates are ISO days; some files write a time after them."""
    return value.strip()[:10] or None


def _custom_name(field: FieldDef) -> str:
    return field.title if field.title and field.title != field.name else field.name


def _rating(field: FieldDef, value: str) -> float | None:
    try:
        number = float(value)
        top = float(field.props.get("maximum") or 5)
    except ValueError:
        return None
    return round(number * 10 / top * 2) / 2 if top > 0 else None


def price(value: str) -> tuple[float | None, str | None]:
    """'$9.98' -> (9.98, 'USD'); '12,50 EUR' -> (12.5, 'EUR'); (None, None) when it is not a price."""
    match = PRICE.match(value)
    if not match:
        return None, None
    sign = match.group(1) or match.group(3)
    return float(match.group(2).replace(",", ".")), (CURRENCIES.get(sign, sign.upper()[:10]) or None)


def _tracks(languages: list[str], formats: list[str]) -> list[dict[str, str | None]]:
    if len(languages) == len(formats):
        return [{"language": lang, "format": fmt} for lang, fmt in zip(languages, formats, strict=True)]
    return [*({"language": lang, "format": None} for lang in languages),
            *({"language": None, "format": fmt} for fmt in formats)]


def _place(film: FilmBuilder, field: FieldDef, values: list[Any], images: dict[str, bytes], path: Path) -> None:
    source = field.title or field.name
    name = field.name
    first = values[0]
    target = TELLICO_TO_MARQUEE.get(name)
    if target is None:
        if field.type == IMAGE:
            for value in values:
                data = _picture(images, path, value)
                if data is not None:
                    film.picture(source, data, value, "still")
            return
        if field.type == TABLE:
            values = [" — ".join(c for c in row if c) for row in values]
        if field.type == URL and any("imdb.com/title/" in v for v in values):
            for value in values:
                if match := re.search(r"(tt\d{5,10})", value):
                    film.record(source, "external_id", {"kind": "imdb", "value": match.group(1)})
            return
        film.custom(source, values if field.multiple else first, _custom_name(field))
        return
    kind, where = target
    if kind == "field":
        if where == "rating" and field.type == RATING:
            film.field(source, "rating", _rating(field, first))
        elif where == "watched":
            film.field(source, "watched", first.lower() in ("true", "yes", "1"))
        elif where == "certification":
            film.field(source, where, first)
        else:
            film.field(source, where, "\n\n".join(values) if where in ("synopsis", "notes") else first)
    elif kind == "names":
        film.names(source, where, values)
    elif kind == "people":
        for value in values:
            film.credit(source, value, where)
    elif kind == "cast":
        for row in values:
            film.credit(source, row[0], "actor", row[1] if len(row) > 1 else None)
    elif kind == "company":
        for value in values:
            film.company(source, value, where)
    elif kind == "copy":
        if where == "price":
            amount, currency = price(first)
            if amount is None:
                film.custom(source, first)
            else:
                film.copy(source, "price", amount)
                film.copy(source, "currency", currency)
        elif where == "widescreen":
            film.copy(source, where, first.lower() in ("true", "yes", "1"))
        elif where in ("subtitles",):
            film.copy(source, where, values)
        else:
            film.copy(source, where, first)
    elif kind == "tracks":
        film.doc.setdefault("_tracks", {})[where] = values
        film.report.note(source, "copy: audio tracks")
        tracks = film.doc["_tracks"]
        film.doc.setdefault("copies", [{}])
        if not film.doc["copies"]:
            film.doc["copies"].append({})
        film.doc["copies"][0]["audio"] = _tracks(tracks.get("language", []), tracks.get("format", []))
    elif kind == "picture":
        for value in values:
            data = _picture(images, path, value)
            if data is not None:
                film.picture(source, data, value, where)
            else:
                film.report.note(source, "not imported (the picture is not in the file or beside it)")
    elif kind == "stamp":
        film.field(source, where, first)
    elif kind == "link":
        for value in values:
            if match := re.search(r"imdb\.com/title/(tt\d{5,10})", value):
                film.record(source, "external_id", {"kind": "imdb", "value": match.group(1)})
            else:
                film.field(source, "web_site", value) or film.custom(source, value)
    elif kind == "skip":
        film.report.note(source, where)


MARQUEE_SKIPS = frozenset({"metainfo", "rating", "imdb", "cover"})
MARQUEE_SOURCE = "Marquee data"


def _marquee_data(batch: ImportBatch, film: FilmBuilder, rows: list[list[str]], images: dict[str, bytes]) -> None:
    """The rows of Marquee's own data table (tellico_writer): back where they came from."""
    source = MARQUEE_SOURCE
    for row in rows:
        if len(row) < 2:
            continue
        key, raw = row[0], row[1]
        try:
            value = json.loads(raw)
        except ValueError:
            film.custom(source, raw, key)
            continue
        if key == "custom-field" and isinstance(value, dict) and value.get("name"):
            batch.custom_field(str(value["name"]), value.get("type") or "text", value.get("choices") or ())
        elif key.startswith("custom:"):
            film.custom(source, value, key.removeprefix("custom:"))
        elif key.startswith("record:") and isinstance(value, dict) and key[7:] in BY_NAME:
            film.record(source, key[7:], value)
        elif key == "language":
            film.names(source, "languages", [value])
        elif key == "company" and isinstance(value, dict):
            film.company(source, value.get("name") or "", value.get("role") or "distributor")
        elif key == "credit" and isinstance(value, dict):
            film.credit(source, value.get("person"), str(value.get("role") or "producer"))
        elif key == "loan" and isinstance(value, dict):
            place = value.get("copy")
            film.loan(source, value.get("borrower"), value.get("lent_on"), value.get("due_on"),
                      value.get("returned_on"), value.get("notes"), place if isinstance(place, int) else None)
        elif key == "borrower" and isinstance(value, dict) and value.get("name"):
            name = " ".join(str(value["name"]).split())[:200]
            batch.borrowers[name] = {"name": name, "contact": value.get("contact"), "notes": value.get("notes")}
        elif key == "wish" and isinstance(value, dict):
            film.doc["wish"] = {"priority": value.get("priority"), "note": value.get("note"),
                                "added_on": value.get("added_on")}
            film.report.note(source, "wishlist")
        elif key == "picture" and isinstance(value, dict):
            data = images.get(str(value.get("id")))
            if data is not None:
                place = value.get("copy")
                film.picture(source, data, value.get("file_name") or str(value.get("id")),
                             value.get("kind") or "still", place if isinstance(place, int) else None,
                             value.get("caption"), value.get("credit"), bool(value.get("poster")),
                             value.get("placeholder") is True)
        elif key in ("original_title", "sort_title", "tagline", "original_language", "rating", "watched",
                     "created_at", "updated_at"):
            film.field(source, key, value)


# Tellico's video fields (and those Marquee's export adds) -> where they go.
TELLICO_TO_MARQUEE: dict[str, tuple[str, str]] = {
    "title": ("field", "title"), "origtitle": ("field", "original_title"), "year": ("field", "year"),
    "certification": ("field", "certification"), "running-time": ("field", "runtime_min"),
    "plot": ("field", "synopsis"), "comments": ("field", "notes"), "rating": ("field", "rating"),
    "seen": ("field", "watched"), "genre": ("names", "genres"), "nationality": ("names", "countries"),
    "keyword": ("names", "keywords"), "cast": ("cast", ""), "studio": ("company", "production"),
    "distributor": ("company", "distributor"),
    **{name: ("people", role) for name, role in PEOPLE.items()},
    "medium": ("copy", "medium"), "region": ("copy", "region"), "format": ("copy", "video_format"),
    "aspect-ratio": ("copy", "aspect_ratio"), "widescreen": ("copy", "widescreen"), "color": ("copy", "colour"),
    "subtitle": ("copy", "subtitles"), "pur_date": ("copy", "purchased_on"), "pur_price": ("copy", "price"),
    "location": ("copy", "location"), "barcode": ("copy", "barcode"), "upc": ("copy", "barcode"),
    "edition": ("copy", "edition"), "condition": ("copy", "condition"), "discs": ("copy", "discs"),
    "store": ("copy", "store"), "language": ("tracks", "language"), "audio-track": ("tracks", "format"),
    "cover": ("picture", "poster"), "cdate": ("stamp", "created_at"), "mdate": ("stamp", "updated_at"),
    "id": ("skip", "not kept (Tellico's own record number)"), "url": ("link", ""), "imdb": ("link", ""),
    "metainfo": ("skip", "Marquee data"), "loaned": ("skip", "not kept (the loans themselves come in)"),
}


def _finish_tracks(batch: ImportBatch) -> None:
    for doc in batch.films:
        doc.pop("_tracks", None)


def import_tellico(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                   progress: Progress | None = None, on_duplicate: str = "skip") -> ImportResult:
    batch = read_tellico(cat, path)
    return run_import(cat, batch, abort, progress, on_duplicate)


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return import_tellico(cat, path, abort, progress, on_duplicate)


def _write(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None) -> int:
    from catalog.formats.tellico_writer import write_tellico

    return write_tellico(cat, path, abort, progress)


FORMAT = Format("tellico", "Tellico", (".tc", ".xml"),
                detect=looks_like_tellico, read=_read, batch=read_tellico, write=_write)
