"""Writing the catalogue as a Tellico `.tc` file: a zip holding tellico.xml (a video collection
that validates against Tellico's own DTD, syntax version 11 — but for `<borrowers>`, written as
Tellico itself writes them) and the pictures in images/.

Tellico's DTD allows only its own element names in an entry, so what Tellico has a field for goes
there (title, year, genres, cast with roles, crew, studios, the first copy's medium, region,
format, aspect ratio, colour, audio and subtitles, purchase, location, cover, dates…) and
everything else Marquee keeps — more copies, other titles, ids, custom fields, records, the other
pictures, exact ratings and time stamps, every loan with its history, the wish — goes in the
entry's "Marquee data" table (Tellico's `metainfo` two-column table: a key, a value in JSON).
Tellico shows that table; Marquee's importer reads it back, so an exported catalogue imports
again with nothing lost. The open loans are also Tellico's own `<borrowers>` (its Loans view shows
them) and `loaned` field."""

from __future__ import annotations

import hashlib
import json
import threading
import xml.etree.ElementTree as ET  # building our own XML; nothing is parsed here
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.model.kinds import KINDS

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

Progress = Any
NS = "http://periapsis.org/tellico/"
DOCTYPE = ("<!DOCTYPE tellico PUBLIC '-//Robby Stephenson/DTD Tellico V11.0//EN' "
           "'http://periapsis.org/tellico/dtd/v11/tellico.dtd'>")
SYNTAX_VERSION = "11"
META = "metainfo"  # the table Marquee's own data travels in
FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "BMP": "bmp", "TIFF": "tiff"}
EXTENSIONS = {"jpeg": "jpg"}
CREW = {"director": "director", "producer": "producer", "writer": "writer", "composer": "composer"}

# (name, title, category, type, flags, extra attributes, props)
FIELDS: list[tuple[str, str, str, str, str, dict[str, str], dict[str, str]]] = [
    ("title", "Title", "General", "1", "8", {"format": "1"}, {}),
    ("medium", "Medium", "General", "1", "2", {"format": "4"}, {}),
    ("year", "Year", "General", "6", "2", {"format": "4", "description": "Production Year"}, {}),
    ("certification", "Certification", "General", "1", "2", {"format": "4"}, {}),
    ("genre", "Genre", "General", "1", "7", {"format": "0"}, {}),
    ("region", "Region", "General", "1", "2", {"format": "4"}, {}),
    ("nationality", "Nationality", "General", "1", "7", {"format": "0"}, {}),
    ("format", "Format", "General", "1", "2", {"format": "4"}, {}),
    ("cast", "Cast", "Cast", "8", "3", {"format": "2"},
     {"column1": "Actor/Actress", "column2": "Role", "columns": "2"}),
    ("director", "Director", "Other People", "1", "7", {"format": "2"}, {}),
    ("producer", "Producer", "Other People", "1", "7", {"format": "2"}, {}),
    ("writer", "Writer", "Other People", "1", "7", {"format": "2"}, {}),
    ("composer", "Composer", "Other People", "1", "7", {"format": "2"}, {}),
    ("studio", "Studio", "Other People", "1", "7", {"format": "0"}, {}),
    ("language", "Language Tracks", "Features", "1", "7", {"format": "0"}, {}),
    ("subtitle", "Subtitle Languages", "Features", "1", "5", {"format": "0"}, {}),
    ("audio-track", "Audio Tracks", "Features", "1", "7", {"format": "0"}, {}),
    ("running-time", "Running Time", "Features", "6", "0", {"format": "4"}, {}),
    ("aspect-ratio", "Aspect Ratio", "Features", "1", "5", {"format": "4"}, {}),
    ("widescreen", "Widescreen", "Features", "4", "0", {"format": "4"}, {}),
    ("color", "Color Mode", "Features", "1", "2", {"format": "4"}, {}),
    ("plot", "Plot Summary", "Plot", "2", "0", {"format": "4"}, {}),
    ("rating", "Personal Rating", "Personal", "14", "2", {"format": "4"}, {"maximum": "10", "minimum": "1"}),
    ("pur_date", "Purchase Date", "Personal", "1", "0", {"format": "3"}, {}),
    ("pur_price", "Purchase Price", "Personal", "1", "0", {"format": "4"}, {}),
    ("location", "Location", "Personal", "1", "2", {"format": "4"}, {}),
    ("edition", "Edition", "Personal", "1", "2", {"format": "4"}, {}),
    ("condition", "Condition", "Personal", "1", "2", {"format": "4"}, {}),
    ("keyword", "Keywords", "Personal", "1", "7", {"format": "4"}, {}),
    ("comments", "Comments", "Personal", "2", "0", {"format": "4"}, {}),
    ("url", "Web site", "General", "7", "0", {"format": "4"}, {}),
    ("imdb", "IMDb Link", "General", "7", "0", {"format": "4"}, {}),
    ("cover", "Front Cover", "Front Cover", "10", "0", {"format": "4"}, {}),
    ("loaned", "Loaned", "Personal", "4", "0", {"format": "4"}, {}),
    (META, "Marquee data", "Marquee", "8", "0", {"format": "4"},
     {"column1": "Property", "column2": "Value", "columns": "2"}),
    ("id", "ID", "Personal", "6", "32", {"format": "4"}, {"template": "%{@id}"}),
    ("cdate", "Date Created", "Personal", "12", "16", {"format": "3"}, {}),
    ("mdate", "Date Modified", "Personal", "12", "16", {"format": "3"}, {}),
]


def _image_id(image: dict[str, Any]) -> str:
    ext = FORMATS.get(str(image.get("format") or "").upper(), "jpeg")
    return f"{image['sha256']}.{EXTENSIONS.get(ext, ext)}"


def _add(parent: ET.Element, tag: str, text: Any) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = str(text)
    return element


def _many(entry: ET.Element, tag: str, values: Iterable[Any]) -> None:
    values = [v for v in values if v not in (None, "")]
    if values:
        container = ET.SubElement(entry, tag + "s")
        for value in values:
            _add(container, tag, value)


def _date(entry: ET.Element, tag: str, stamp: str | None) -> None:
    if stamp and len(stamp) >= 10:
        element = ET.SubElement(entry, tag, calendar="gregorian")
        for part, text in zip(("year", "month", "day"), stamp[:10].split("-"), strict=False):
            _add(element, part, text)


def _price(copy: dict[str, Any]) -> str | None:
    if copy.get("price") is None:
        return None
    amount = f"{copy['price']:.2f}"
    return f"{amount} {copy['currency']}" if copy.get("currency") else amount


def _entry(collection: ET.Element, number: int, doc: dict[str, Any], first: bool,
           fields: list[dict[str, Any]], borrowers: list[dict[str, Any]]) -> None:
    entry = ET.SubElement(collection, "entry", id=str(number))
    _add(entry, "title", doc["title"])
    copies = doc.get("copies") or []
    copy = copies[0] if copies else {}
    if copy.get("medium"):
        _add(entry, "medium", copy["medium"])
    if doc.get("year"):
        _add(entry, "year", doc["year"])
    if doc.get("certification"):
        _add(entry, "certification", doc["certification"])
    _many(entry, "genre", doc.get("genres") or [])
    if copy.get("region"):
        _add(entry, "region", copy["region"])
    _many(entry, "nationality", doc.get("countries") or [])
    if copy.get("video_format"):
        _add(entry, "format", copy["video_format"])
    credits = doc.get("credits") or []
    cast = [c for c in credits if c["role"] == "actor"]
    if cast:
        casts = ET.SubElement(entry, "casts")
        for c in cast:
            row = ET.SubElement(casts, "cast")
            _add(row, "column", c["person"])
            _add(row, "column", c.get("character") or "")
    for role, tag in CREW.items():
        _many(entry, tag, [c["person"] for c in credits if c["role"] == role])
    _many(entry, "studio", [c["name"] for c in doc.get("companies") or [] if c["role"] == "production"])
    audio = copy.get("audio") or []
    _many(entry, "language", [t.get("language") for t in audio])
    _many(entry, "subtitle", copy.get("subtitles") or [])
    _many(entry, "audio-track", [t.get("format") for t in audio])
    if doc.get("runtime_min"):
        _add(entry, "running-time", doc["runtime_min"])
    if copy.get("aspect_ratio"):
        _many(entry, "aspect-ratio", [copy["aspect_ratio"]])
    if copy.get("widescreen") is not None:
        _add(entry, "widescreen", "true" if copy["widescreen"] else "false")
    if copy.get("colour"):
        _add(entry, "color", copy["colour"])
    if doc.get("synopsis"):
        _add(entry, "plot", doc["synopsis"])
    if doc.get("rating"):
        _add(entry, "rating", max(1, round(doc["rating"])))
    if copy.get("purchased_on"):
        _add(entry, "pur_date", copy["purchased_on"])
    if _price(copy):
        _add(entry, "pur_price", _price(copy))
    for name, tag in (("location", "location"), ("edition", "edition"), ("condition", "condition")):
        if copy.get(name):
            _add(entry, tag, copy[name])
    _many(entry, "keyword", doc.get("keywords") or [])
    if doc.get("notes"):
        _add(entry, "comments", doc["notes"])
    if doc.get("web_site"):
        _add(entry, "url", doc["web_site"])
    imdb = next((i["value"] for i in doc.get("external_ids") or [] if i["kind"] == "imdb"), None)
    if imdb:
        _add(entry, "imdb", f"https://www.imdb.com/title/{imdb}/")
    images = doc.get("images") or []
    poster = next((i for i in images if i["sha256"] == doc.get("poster")), None)
    if poster is not None:
        _add(entry, "cover", _image_id(poster))
    if any(loan.get("returned_on") is None for loan in doc.get("loans") or []):
        _add(entry, "loaned", "true")
    rows = _marquee_rows(doc, first, fields, borrowers)
    if rows:
        table = ET.SubElement(entry, META + "s")
        for key, value in rows:
            row = ET.SubElement(table, META)
            _add(row, "column", key)
            _add(row, "column", value)
    _add(entry, "id", number)
    _date(entry, "cdate", doc.get("created_at"))
    _date(entry, "mdate", doc.get("updated_at"))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _marquee_rows(doc: dict[str, Any], first: bool, fields: list[dict[str, Any]],
                  borrowers: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What Tellico has no field for, as (key, JSON value) rows of the entry's Marquee data."""
    rows: list[tuple[str, str]] = [("marquee", "2")]
    if first:
        rows += [("custom-field", _json(f)) for f in fields]
        rows += [("borrower", _json(b)) for b in borrowers if b.get("contact") or b.get("notes")]
    for name in ("original_title", "sort_title", "tagline", "original_language", "rating", "watched",
                 "created_at", "updated_at"):
        if doc.get(name) not in (None, "", False):
            rows.append((name, _json(doc[name])))
    rows += [("language", _json(v)) for v in doc.get("languages") or []]
    rows += [("company", _json(c)) for c in doc.get("companies") or [] if c["role"] != "production"]
    rows += [("credit", _json({"person": c["person"], "role": c["role"]}))
             for c in doc.get("credits") or [] if c["role"] not in (*CREW, "actor")]
    for kind in KINDS:
        for record in doc.get(kind.doc_key) or []:
            rows.append((f"record:{kind.name}", _json({f: record.get(f) for f in kind.field_names
                                                      if record.get(f) not in (None, "", [])})))
    rows += [(f"custom:{name}", _json(value)) for name, value in (doc.get("custom") or {}).items()]
    copies = [c.get("id") for c in doc.get("copies") or []]
    for loan in doc.get("loans") or []:  # every loan, the history too (Tellico's <borrowers> has the open ones)
        place = copies.index(loan["copy_id"]) if loan.get("copy_id") in copies else 0
        rows.append(("loan", _json({"copy": place, "borrower": loan["borrower"],
                                    **{k: loan.get(k) for k in ("lent_on", "due_on", "returned_on", "notes")}})))
    if doc.get("wish"):
        rows.append(("wish", _json(doc["wish"])))
    for image in doc.get("images") or []:
        place = copies.index(image["copy_id"]) if image.get("copy_id") in copies else image.get("copy")
        rows.append(("picture", _json({"id": _image_id(image), "kind": image.get("kind"), "copy": place,
                                       "caption": image.get("caption"), "credit": image.get("credit"),
                                       "file_name": image.get("file_name"),
                                       "placeholder": bool(image.get("placeholder")),
                                       "poster": image["sha256"] == doc.get("poster")})))
    return rows if len(rows) > 1 else []


def _borrowers(root: ET.Element, docs: list[dict[str, Any]]) -> None:
    """The open loans as Tellico keeps them: after the collection, a <borrower> with a <loan> per
    entry lent to them (as Tellico itself writes them: its v11 DTD lags behind, declaring neither
    the borrower's name and uid nor more than one loan a borrower)."""
    by_borrower: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, doc in enumerate(docs, start=1):
        for loan in doc.get("loans") or []:
            if loan.get("returned_on") is None:
                by_borrower.setdefault(loan["borrower"], []).append((number, loan))
    if not by_borrower:
        return
    listed = ET.SubElement(root, "borrowers")
    for name, loans in by_borrower.items():
        uid = "marquee-" + hashlib.sha1(name.encode()).hexdigest()[:16]
        borrower = ET.SubElement(listed, "borrower", name=name, uid=uid)
        for number, loan in loans:
            attrs = {"uid": f"marquee-loan-{loan.get('id') or number}", "entryRef": str(number),
                     "loanDate": loan["lent_on"], "dueDate": loan.get("due_on") or ""}
            element = ET.SubElement(borrower, "loan", attrs)
            element.text = loan.get("notes") or ""


def tellico_xml(docs: list[dict[str, Any]], fields: list[dict[str, Any]], images: list[dict[str, Any]],
                abort: threading.Event | None = None, progress: Progress | None = None,
                borrowers: list[dict[str, Any]] | None = None) -> bytes:
    """tellico.xml for these film documents (and the pictures listed in <images>)."""
    root = ET.Element("tellico", xmlns=NS, syntaxVersion=SYNTAX_VERSION)
    collection = ET.SubElement(root, "collection", title="Marquee catalogue", type="3")
    field_list = ET.SubElement(collection, "fields")
    for name, title, category, type_, flags, extra, props in FIELDS:
        field = ET.SubElement(field_list, "field", {"name": name, "title": title, "category": category,
                                                    "type": type_, "flags": flags, **extra})
        for prop, value in props.items():
            _add(field, "prop", value).set("name", prop)
    for number, doc in enumerate(docs, start=1):
        if abort is not None and abort.is_set():
            from catalog.errors import Cancelled

            raise Cancelled("export cancelled; no file was written")
        _entry(collection, number, doc, number == 1, fields, borrowers or [])
        if progress and number % 500 == 0:
            progress(number, len(docs), doc["title"])
    if images:
        listed = ET.SubElement(collection, "images")
        for image in images:
            attrs = {"id": _image_id(image), "format": FORMATS.get(str(image.get("format") or "").upper(), "JPEG")}
            attrs["format"] = attrs["format"].upper()
            if image.get("width"):
                attrs["width"], attrs["height"] = str(image["width"]), str(image.get("height") or 0)
            ET.SubElement(listed, "image", attrs)
    _borrowers(root, docs)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + DOCTYPE + "\n" + body + "\n").encode("utf-8")


def write_tellico(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                  progress: Progress | None = None) -> int:
    """Write every film (and its pictures) to a Tellico .tc file, atomically; returns the count."""
    docs: list[dict[str, Any]] = [dict(cat.films.document(film_id)) for film_id in cat.films.ids(sort="title")]
    fields = [{"name": f.name, "type": f.type, "choices": list(f.choices)} for f in cat.fields.all()]
    images: dict[str, dict[str, Any]] = {i["sha256"]: i for doc in docs for i in doc["images"] if not i.get("missing")}
    borrowers = [{k: b[k] for k in ("name", "contact", "notes")} for b in cat.loans.borrowers()]
    xml = tellico_xml(docs, fields, list(images.values()), abort, progress, borrowers)
    tmp = Path(path).with_name(Path(path).name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tellico.xml", xml)
        for image in images.values():
            stored = cat.pictures.path_for(image["sha256"])
            if stored.is_file():
                archive.write(stored, f"images/{_image_id(image)}", compress_type=zipfile.ZIP_STORED)
    tmp.replace(path)
    return len(docs)

