"""Delicious Library: version 1's XML (`<library><items><movie …/>`: everything in attributes,
lists one a line, the description in RTF) and version 2's Apple property list (an array of
dictionaries, XML or binary, read with the standard library's plistlib), with covers from the
library's "Images/… Covers/<uuid>" folders. Libraries of books, music or games are refused."""

from __future__ import annotations

import datetime as dt
import plistlib
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.formats import Format, Progress
from catalog.formats.mapping import FilmBuilder, ImportBatch, head, local_file, read_bytes, refuse, run_import
from catalog.formats.tellico import price
from catalog.formats.xml_input import parse_xml

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

KINDS = {"book": "books", "music": "music", "game": "video games", "software": "software", "gadget": "gadgets",
         "toy": "toys", "apparel": "apparel", "tool": "tools"}
COVERS = ("Large Covers", "Medium Covers", "Small Covers", "Plain Covers")
APPLE_EPOCH = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)  # Delicious 1 counts seconds from here


def looks_like_delicious(path: Path) -> bool:
    data = head(path, 8192)
    if data.startswith(b"bplist00"):
        return True
    return (b"<library" in data and b"<items" in data) or (b"<plist" in data and b"<array" in data)


def strip_rtf(text: str) -> str:
    """The plain text of a small RTF document (Delicious keeps descriptions so)."""
    if not text.lstrip().startswith("{\\rtf"):
        return text
    text = re.sub(r"\{\\(?:fonttbl|colortbl|stylesheet|info)[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", "", text)
    text = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252"), text)
    text = re.sub(r"\\(?:par|line)\b\s?", "\n", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)
    text = text.replace("\\{", "{").replace("\\}", "}").replace("\\\\", "\\")
    text = text.replace("{", "").replace("}", "")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)  # dd-mm-yyyy
    if match:
        return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
        return text[:10]
    return None


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _features(film: FilmBuilder, source: str, value: Any) -> None:
    other = []
    for feature in _lines(value):
        lower = feature.lower()
        if lower == "widescreen":
            film.copy(source, "widescreen", True)
        elif lower in ("ntsc", "pal", "secam"):
            film.copy(source, "video_format", feature)
        elif re.fullmatch(r"\d+(?:\.\d+)?:1", feature):
            film.copy(source, "aspect_ratio", feature)
        elif lower in ("color", "colour", "black & white", "black and white"):
            film.copy(source, "colour", feature)
        else:
            other.append(feature)
    film.custom(source, other, "Features")


def _item(batch: ImportBatch, values: dict[str, Any], base: Path) -> None:
    film = batch.film()
    for key, value in values.items():
        if value in (None, "", [], {}):
            continue
        if key in ("title",):
            film.field(key, "title", value)
        elif key == "fullTitle":
            if value != values.get("title"):
                film.record(key, "alt_title", {"title": value})
            else:
                film.report.note(key, "title (the same)")
        elif key in ("director", "creatorsCompositeString", "directorsCompositeString"):
            for person in _lines(value):
                film.credit(key, person, "director")
        elif key in ("stars", "actorsCompositeString"):
            for person in _lines(value):
                film.credit(key, person, "actor")
        elif key in ("genre", "genresCompositeString"):
            film.names(key, "genres", _lines(value))
        elif key == "country":
            film.names(key, "countries", [str(value).upper() if len(str(value)) == 2 else value])
        elif key == "minutes":
            film.field(key, "runtime_min", value)
        elif key in ("mpaarating", "mpaaRating"):
            film.field(key, "certification", value)
        elif key in ("theatricalDate", "publishDate"):
            date = _date(value)
            film.field(key, "year", (date or str(value))[:4] if date else None)
            film.record(key, "release", {"kind": "wide", "date": date}) if date else film.custom(key, value)
        elif key == "published":
            film.record(key, "release", {"kind": "home_media", "date": _date(value)}) if _date(value) else (
                film.custom(key, value, "Published"))
        elif key in ("publisher", "publishersCompositeString"):
            for name in _lines(value):
                film.company(key, name, "distributor")
        elif key in ("aspect", "formatSingularString"):
            film.copy(key, "medium", value)
        elif key == "edition":
            film.copy(key, "edition", value)
        elif key in ("upc", "UPC", "ean", "EAN"):
            film.copy(key, "barcode", value)
        elif key == "price":
            amount, currency = price(str(value))
            if amount is not None:
                film.copy(key, "price", amount)
                film.copy(key, "currency", currency)
            else:
                film.custom(key, value, "Price")
        elif key == "purchaseDate":
            film.copy(key, "purchased_on", _date(value)) if _date(value) else film.custom(key, value, "Purchase date")
        elif key == "features":
            _features(film, key, value)
        elif key == "description":
            film.field(key, "synopsis", strip_rtf(str(value)))
        elif key == "asin":
            film.record(key, "external_id", {"kind": "asin", "value": value})
        elif key in ("uuid", "uuidString"):
            film.record(key, "external_id", {"kind": "delicious", "value": value})
            for folder in COVERS:
                data = local_file(base, f"Images/{folder}/{value}")
                if data is not None:
                    film.picture(key, data, f"{value}.jpg", "poster")
                    break
        elif key in ("created", "creationDate"):
            if isinstance(value, dt.datetime):
                film.field(key, "created_at", value.date().isoformat())
            elif str(value).isdigit():
                film.field(key, "created_at", (APPLE_EPOCH + dt.timedelta(seconds=int(value))).date().isoformat())
        elif key in ("lastModificationDate",) and isinstance(value, dt.datetime):
            film.field(key, "updated_at", value.date().isoformat())
        elif key == "lastLookupTime":
            film.report.note(key, "not kept (when Delicious last looked it up)")
        elif key == "type":
            film.report.note(key, "not kept (Movie)")
        elif key in ("netrating", "netRating"):
            film.custom(key, value, "Net rating", "number")
        elif key == "currentValue":
            film.custom(key, value, "Current value")
        else:
            film.custom(key, value if not isinstance(value, dt.datetime) else value.date().isoformat(),
                        re.sub(r"(?<!^)(?=[A-Z])", " ", key).capitalize())
    batch.add(film)


def read_delicious(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    data = read_bytes(path)
    batch = ImportBatch(path.name, cat)
    if data.startswith(b"bplist") or b"<plist" in data[:1000]:
        try:
            items = plistlib.loads(data)
        except (plistlib.InvalidFileException, ValueError, OverflowError, TypeError, KeyError) as exc:
            raise refuse(path, f"not a readable Delicious Library 2 property list (truncated or damaged: {exc})"
                         ) from None
        if isinstance(items, dict):
            items = items.get("items") or items.get("Items") or []
        if not isinstance(items, list):
            raise refuse(path, "not a Delicious Library 2 library (no list of items)")
        kinds = [str(i.get("type") or "").lower() for i in items if isinstance(i, dict)]
        movies = [i for i in items if isinstance(i, dict) and str(i.get("type") or "").lower() == "movie"]
        if not movies:
            found = sorted({KINDS.get(k, k or "unknown items") for k in kinds})
            raise refuse(path, f"a Delicious Library of {', '.join(found) or 'nothing'}, not films")
        for item in movies:
            _item(batch, item, path.parent)
        return batch
    root = parse_xml(data, path)
    if root.tag != "library" or root.find("items") is None:
        raise refuse(path, "not a Delicious Library file")
    version = root.get("version") or "1"
    if version.isdigit() and int(version) > 1:
        raise refuse(path, f"a Delicious Library XML of version {version}; Marquee reads version 1 and the "
                           "version 2 property list")
    elements = list(root.find("items") or [])
    entries = [i for i in elements if i.tag == "movie"]
    if not entries:
        raise refuse(path, f"a Delicious Library of {', '.join(sorted({KINDS.get(i.tag, i.tag) for i in elements}))}"
                           ", not films")
    for element in entries:
        values: dict[str, Any] = dict(element.attrib)
        for child in element:
            values[child.tag] = child.text or ""
        _item(batch, values, path.parent)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_delicious(cat, path), abort, progress, on_duplicate)


FORMAT = Format("delicious", "Delicious Library", (".xml", ".plist"),
                detect=looks_like_delicious, read=_read, batch=read_delicious)
