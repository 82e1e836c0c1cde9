"""Griffith's XML export (`<root><movie>…`): values padded with newlines and tabs are trimmed,
the cast is "Name as Role" one a line, the medium, volume and collection go on the copy."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress
from catalog.formats.mapping import (
    ImportBatch,
    clean_text,
    head,
    local_file,
    read_bytes,
    refuse,
    run_import,
    split_list,
)
from catalog.formats.xml_input import parse_xml

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

NAMES = {"o_title": "Original title", "o_site": "Official site", "cameraman": "Cinematography",
         "screenplay": "Screenplay", "poster_md5": "Poster checksum", "volumes_name": "Volume",
         "collections_name": "Collection", "media_name": "Medium", "media_num": "Discs", "vcodec_name": "Video codec",
         "cond": "Condition", "color": "Colour", "layers": "Layers", "region": "Region", "number": "Number"}


def looks_like_griffith(path: Path) -> bool:
    data = head(path, 8192)
    return b"<root" in data and b"<movie" in data and (b"<o_title" in data or b"<poster_md5" in data)


def read_griffith(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    root = parse_xml(read_bytes(path), path)
    if root.tag != "root" or root.find("movie") is None:
        raise refuse(path, "not a Griffith export (no <root> of <movie>s)")
    batch = ImportBatch(path.name, cat)
    for movie in root.iterfind("movie"):
        film = batch.film()
        for element in movie:
            name, value = element.tag, clean_text(element.text)
            if not value:
                continue
            if name == "title":
                film.field(name, "title", value)
            elif name == "o_title":
                film.field(name, "original_title", value)
            elif name == "year":
                film.field(name, "year", value)
            elif name == "director":
                for person in split_list(value, r",|;"):
                    film.credit(name, person, "director")
            elif name == "screenplay":
                for person in split_list(value, r",|;"):
                    film.credit(name, person, "writer")
            elif name == "cameraman":
                for person in split_list(value, r",|;"):
                    film.credit(name, person, "cinematographer")
            elif name == "classification":
                film.field(name, "certification", value)
            elif name == "country":
                film.names(name, "countries", split_list(value, r",|;|/"))
            elif name == "genre":
                film.names(name, "genres", split_list(value, r",|;|/"))
            elif name == "rating":
                film.field(name, "rating", value)
            elif name == "runtime":
                film.field(name, "runtime_min", value)
            elif name == "studio":
                for company in split_list(value, r",|;"):
                    film.company(name, company)
            elif name == "seen":
                film.field(name, "watched", value == "1")
            elif name in ("site", "o_site"):
                if match := re.search(r"imdb\.com/title/(tt\d{5,10})", value):
                    film.record(name, "external_id", {"kind": "imdb", "value": match.group(1)})
                else:
                    film.field(name, "web_site", value) or film.custom(name, value, NAMES.get(name))
            elif name == "trailer":
                film.record(name, "video", {"kind": "trailer", "title": "Trailer", "url": value})
            elif name == "plot":
                film.field(name, "synopsis", value)
            elif name == "notes":
                film.field(name, "notes", value)
            elif name == "cast":
                for line in value.splitlines():
                    person, _, role = line.partition(" as ")
                    film.credit(name, person, "actor", role or None)
            elif name == "media_name":
                film.copy(name, "medium", value)
            elif name == "media_num":
                film.copy(name, "discs", value)
            elif name == "region":
                film.copy(name, "region", value)
            elif name == "color":
                film.copy(name, "colour", value)
            elif name == "cond":
                film.copy(name, "condition", value)
            elif name == "barcode":
                film.copy(name, "barcode", value)
            elif name == "loaned":
                film.custom(name, value == "1", "Loaned", "yesno")
            elif name == "image":
                data = next((d for d in (local_file(path.parent, value), local_file(path.parent, f"posters/{value}"),
                                         local_file(path.parent, f"{path.stem}_posters/{value}")) if d), None)
                if data is not None:
                    film.picture(name, data, value, "poster")
                else:
                    film.report.note(name, "not imported (the poster is not beside the file)")
            elif name == "number":
                film.report.note(name, "not kept (Griffith's own record number)")
            else:
                film.custom(name, value, NAMES.get(name) or name.replace("_", " ").capitalize())
        batch.add(film)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_griffith(cat, path), abort, progress, on_duplicate)


FORMAT = Format("griffith", "Griffith XML", (".xml",), detect=looks_like_griffith, read=_read, batch=read_griffith)
