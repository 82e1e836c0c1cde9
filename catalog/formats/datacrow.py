"""Data Crow XML exports (versions 4 and 5): `<data-crow-objects>` of `<movie>`s, each field an
element (lists as `…-list` text or nested elements), pictures in the folder the export names
beside it. Exports of other modules (books, music, software…) are refused in one line."""

from __future__ import annotations

import re
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress
from catalog.formats.mapping import (
    FilmBuilder,
    ImportBatch,
    head,
    local_file,
    read_bytes,
    refuse,
    run_import,
    split_list,
)
from catalog.formats.xml_input import parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

OTHER = {"book": "books", "music-album": "music albums", "audio-cd": "audio CDs", "software": "software",
         "boardgame": "board games", "image": "images", "container": "containers", "user": "users"}
SKIP = {"item": "not kept (Data Crow's module name)", "id": "not kept (Data Crow's own record id)",
        "filehash-type": "not kept (empty by design)"}


def looks_like_datacrow(path: Path) -> bool:
    return b"<data-crow-objects" in head(path)


def _value(element: Element, name: str) -> tuple[str, list[str]]:
    """A field's text and, for lists, its items (from the `…-list` text or the nested elements)."""
    listed = element.findtext(f"{name}-list")
    nested = element.find(name)
    items: list[str] = []
    if listed:
        items = split_list(listed, r",\s*")
    elif nested is not None and len(nested):
        items = [t for t in ((c.findtext("name") or c.text or "").strip() for c in nested) if t]
    text = (nested.text or "").strip() if nested is not None and not len(nested) else ""
    return text, items


def _picture(film: FilmBuilder, source: str, path: Path, value: str, kind: str) -> None:
    name = PurePosixPath(value.replace("\\", "/")).name
    for candidate in (value, f"{path.stem}_images/{name}", f"images/{name}", name):
        data = local_file(path.parent, candidate)
        if data is not None:
            film.picture(source, data, name, kind)
            return
    film.report.note(source, "not imported (the picture is not beside the file)")


def _minutes(text: str) -> int | None:
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) == 3:
        return parts[0] * 60 + parts[1] + (1 if parts[2] >= 30 else 0)
    if len(parts) == 2:
        return parts[0] * 60 + parts[1]
    return parts[0] if parts else None


def _movie(batch: ImportBatch, movie: Element, path: Path) -> None:
    film = batch.film()
    names = list(dict.fromkeys(c.tag.removesuffix("-list") for c in movie))
    for name in names:
        text, items = _value(movie, name)
        if not text and not items:
            continue
        if name in SKIP:
            film.report.note(name, SKIP[name])
        elif name == "title":
            film.field(name, "title", text)
        elif name == "title-local":
            if text != (movie.findtext("title") or "").strip():
                film.record(name, "alt_title", {"title": text})
            else:
                film.report.note(name, "title (the same)")
        elif name == "label":
            film.report.note(name, "title (the same)") if text == (movie.findtext("title") or "").strip() else (
                film.custom(name, text, "Label"))
        elif name == "description":
            film.field(name, "synopsis", text)
        elif name == "year":
            film.field(name, "year", text)
        elif name == "rating":
            match = re.match(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)", text)
            film.field(name, "rating", round(float(match.group(1)) * 10 / float(match.group(2)) * 2) / 2
                       if match else text)
        elif name == "playlength":
            film.field(name, "runtime_min", _minutes(text))
        elif name == "actors":
            for person in items:
                film.credit(name, person, "actor")
        elif name == "directors":
            for person in items:
                film.credit(name, person, "director")
        elif name == "writers":
            for person in items:
                film.credit(name, person, "writer")
        elif name == "genres":
            film.names(name, "genres", items)
        elif name == "countries":
            film.names(name, "countries", items)
        elif name == "languages":
            film.names(name, "languages", items)
        elif name == "tags":
            film.names(name, "keywords", items)
        elif name == "audio-languages":
            film.copy(name, "audio", "; ".join(items))
        elif name == "subtitle-languages":
            film.copy(name, "subtitles", items)
        elif name == "storage-medium":
            film.copy(name, "medium", text or ", ".join(items))
        elif name == "aspect-ratio":
            film.copy(name, "aspect_ratio", text)
        elif name == "color":
            film.copy(name, "colour", text)
        elif name == "ean":
            film.copy(name, "barcode", text)
        elif name == "container":
            film.copy(name, "location", text or ", ".join(items))
        elif name == "certification":
            film.field(name, "certification", text)
        elif name == "webpage":
            film.field(name, "web_site", text) or film.custom(name, text, "Web page")
        elif name == "state":
            film.field(name, "watched", text.lower() == "seen")
            film.custom(name, text, "State")
        elif name in ("created", "modified"):
            film.field(name, "created_at" if name == "created" else "updated_at", text)
        elif name in ("picture-front", "picture-back", "picture-cd"):
            _picture(film, name, path, text, "poster" if name == "picture-front" else (
                "disc" if name == "picture-cd" else "still"))
        elif name in ("available", "loan-status") and text.lower() in ("true", "available"):
            film.report.note(name, "not kept (not on loan)")
        elif name in ("lend-by", "loan-start-date", "loan-end-date", "due-date"):
            film.custom(name, text or ", ".join(items), {"lend-by": "Loaned to", "loan-start-date": "Loan date",
                                                        "due-date": "Loan due"}.get(name, "Loan end"))
        else:
            film.custom(name, text or items, name.replace("-", " ").capitalize())
    batch.add(film)


def read_datacrow(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    root = parse_xml(read_bytes(path), path)
    if root.tag != "data-crow-objects":
        raise refuse(path, "not a Data Crow export")
    movies = root.findall("movie")
    if not movies:
        kinds = sorted({OTHER.get(c.tag, c.tag.replace("-", " ") + "s") for c in root})
        raise refuse(path, f"a Data Crow export of {', '.join(kinds) or 'nothing'}, not films")
    batch = ImportBatch(path.name, cat)
    for movie in movies:
        _movie(batch, movie, path)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_datacrow(cat, path), abort, progress, on_duplicate)


FORMAT = Format("datacrow", "Data Crow XML", (".xml",), detect=looks_like_datacrow, read=_read, batch=read_datacrow)
