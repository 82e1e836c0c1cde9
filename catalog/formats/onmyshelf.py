"""OnMyShelf JSON exports of a collection: its property definitions (names, labels, types) and
its items. Only a collection of type "movies" is read; any other type is refused in one line.
Properties Marquee knows (title, director, synopsis, rating, year, duration…) go to their place,
the others become custom fields named by their label; loans become custom fields too."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.formats import Format, Progress
from catalog.formats.mapping import ImportBatch, head, read_bytes, refuse, run_import, split_list

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

PLACES = {"title": ("field", "title"), "originaltitle": ("field", "original_title"), "year": ("field", "year"),
          "synopsis": ("field", "synopsis"), "plot": ("field", "synopsis"), "summary": ("field", "synopsis"),
          "duration": ("field", "runtime_min"), "runtime": ("field", "runtime_min"), "notes": ("field", "notes"),
          "comment": ("field", "notes"), "director": ("people", "director"), "directors": ("people", "director"),
          "actors": ("people", "actor"), "cast": ("people", "actor"), "writer": ("people", "writer"),
          "composer": ("people", "composer"), "genre": ("names", "genres"), "genres": ("names", "genres"),
          "country": ("names", "countries"), "language": ("names", "languages"), "trailer": ("video", "trailer"),
          "format": ("copy", "medium"), "support": ("copy", "medium"), "location": ("copy", "location"),
          "ean": ("copy", "barcode"), "barcode": ("copy", "barcode"), "cover": ("picture", "poster"),
          "imdb": ("id", "imdb"), "tmdb": ("id", "tmdb")}


def looks_like_onmyshelf(path: Path) -> bool:
    data = head(path, 8192).lstrip(b"\xef\xbb\xbf \r\n\t")
    return data[:1] == b"{" and b'"properties"' in data and (b'"items"' in data or b'"type"' in data)


def _label(definition: Any, name: str) -> str:
    labels = definition.get("label") if isinstance(definition, dict) else None
    if isinstance(labels, dict):
        for lang in ("en_US", "en_GB", *labels):
            if labels.get(lang):
                return str(labels[lang])
    return name.replace("_", " ").capitalize()


def read_onmyshelf(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    try:
        doc = json.loads(read_bytes(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refuse(path, f"not readable JSON (truncated or damaged: {exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("properties"), dict):
        raise refuse(path, "not an OnMyShelf collection export")
    kind = str(doc.get("type") or "")
    if kind != "movies":
        raise refuse(path, f"an OnMyShelf collection of {kind or 'unknown things'}, not films")
    items = doc.get("items")
    if not isinstance(items, list):
        raise refuse(path, "an OnMyShelf export without its items (truncated?)")
    definitions: dict[str, Any] = doc["properties"]
    batch = ImportBatch(path.name, cat)
    for name, definition in definitions.items():
        if name.lower() not in PLACES and isinstance(definition, dict):
            type_ = {"rating": "number", "number": "number", "date": "date", "url": "url", "yesno": "yesno",
                     "boolean": "yesno"}.get(str(definition.get("type")))
            batch.custom_field(_label(definition, name), type_)
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("properties"), dict):
            continue
        film = batch.film()
        for name, value in item["properties"].items():
            if value in (None, "", []):
                continue
            label = _label(definitions.get(name), name)
            place = PLACES.get(name.lower())
            values = value if isinstance(value, list) else [value]
            if place is None:
                if name.lower() == "rating" and str(value).replace(".", "", 1).isdigit():
                    film.custom(name, value, label, "number")
                else:
                    film.custom(name, values if len(values) > 1 else values[0], label)
                continue
            kind_, where = place
            if kind_ == "field":
                film.field(name, where, "\n\n".join(map(str, values)) if where in ("synopsis", "notes") else values[0])
            elif kind_ == "people":
                for person in (p for v in values for p in split_list(v, r",|;")):
                    film.credit(name, person, where)
            elif kind_ == "names":
                film.names(name, where, [p for v in values for p in split_list(v, r",|;|/")])
            elif kind_ == "video":
                film.record(name, "video", {"kind": "trailer", "title": "Trailer", "url": values[0]})
            elif kind_ == "copy":
                film.copy(name, where, values[0])
            elif kind_ == "id":
                film.record(name, "external_id", {"kind": where, "value": values[0]})
            elif kind_ == "picture":
                film.report.note(name, "not imported (OnMyShelf exports name pictures on its server only)")
        film.custom("quantity", item.get("quantity") if item.get("quantity") not in (None, 1) else None,
                    "Quantity", "number")
        for loan in item.get("loans") or []:
            if isinstance(loan, dict):
                film.custom("loans", loan.get("borrower") or loan.get("borrowerName"), "Loaned to")
                film.custom("loans", loan.get("date") or loan.get("created"), "Loan date")
        if item.get("created"):
            film.field("created", "created_at", str(item["created"]).replace(" ", "T"))
        if item.get("updated"):
            film.field("updated", "updated_at", str(item["updated"]).replace(" ", "T"))
        batch.add(film)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_onmyshelf(cat, path), abort, progress, on_duplicate)


FORMAT = Format("onmyshelf", "OnMyShelf JSON", (".json",),
                detect=looks_like_onmyshelf, read=_read, batch=read_onmyshelf)
