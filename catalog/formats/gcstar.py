"""GCstar `.gcs` collections of films (GCfilms, GCstar 1.x): attributes and nested
`<line><col>` lists (genres, actors with roles, tags), pictures beside the file, the collection's
own fields (gcsfield…) as custom fields. Other GCstar collections (books, music, TV series…) are
refused in one line."""

from __future__ import annotations

import re
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress
from catalog.formats.mapping import (
    FilmBuilder,
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
    from xml.etree.ElementTree import Element

    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

OTHER_KINDS = {"GCbooks": "books", "GCmusics": "music", "GCTVseries": "TV series", "GCTVepisodes": "TV episodes",
               "GCcomics": "comics", "GCgames": "video games", "GCboardgames": "board games", "GCcoins": "coins",
               "GCwines": "wines", "GCstamps": "stamps", "GCsmartcards": "cards", "GCbuildingtoys": "building toys",
               "GCgadgets": "gadgets", "GCminicars": "model cars", "GCperiodicals": "periodicals",
               "GCsoftware": "software"}
RUNTIME = re.compile(r"(\d+)\s*(?:h\s*(\d+))?")


def looks_like_gcstar(path: Path) -> bool:
    data = head(path)
    return b"<collection" in data and b'type="GC' in data


def _lines(element: Element | None) -> list[list[str]]:
    if element is None:
        return []
    return [[(c.text or "").strip() for c in line.iterfind("col")] for line in element.iterfind("line")]


def _date(text: str) -> str | None:
    """GCstar dates are dd/mm/yyyy."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else None


def _picture(film: FilmBuilder, source: str, base: Path, value: str, kind: str) -> None:
    name = PurePosixPath(value.replace("\\", "/")).name
    for candidate in (value, f"{base.stem}_pictures/{name}", f"images/{name}", name):
        if candidate.startswith("/"):
            continue
        data = local_file(base.parent, candidate.removeprefix("./"))
        if data is not None:
            film.picture(source, data, name, kind)
            return
    film.report.note(source, "not imported (the picture is not beside the file)")


def _item(batch: ImportBatch, item: Element, path: Path, labels: dict[str, str]) -> None:
    film = batch.film()
    fields = {**item.attrib}
    for child in item:
        if len(child) == 0:
            fields[child.tag] = child.text or ""
    lending: dict[str, str] = {}
    for name, raw in fields.items():
        value = clean_text(raw)
        if not value or (name in ("borrower",) and value.lower() == "none"):
            continue
        if name == "title":
            film.field(name, "title", value)
        elif name == "original":
            film.field(name, "original_title", value)
        elif name == "date":
            year = re.search(r"\d{4}", value)
            film.field(name, "year", year.group(0) if year else value)
            if not re.fullmatch(r"\d{4}", value):
                film.record(name, "release", {"kind": "wide", "date": _date(value) or value})
        elif name == "time":
            match = RUNTIME.match(value)
            minutes = (int(match.group(1)) * 60 + int(match.group(2))) if match and match.group(2) else (
                int(match.group(1)) if match else None)
            film.field(name, "runtime_min", minutes) if minutes else film.custom(name, value, "Running time")
        elif name == "director":
            for person in split_list(value, r",|;"):
                film.credit(name, person, "director")
        elif name == "country":
            film.names(name, "countries", split_list(value, r",|;|/"))
        elif name in ("webPage", "web"):
            url = value.split("##")[0]
            if match := re.search(r"imdb\.com/title/(tt\d{5,10})", url):
                film.record(name, "external_id", {"kind": "imdb", "value": match.group(1)})
            else:
                film.field(name, "web_site", url) or film.custom(name, url, "Web page")
        elif name == "seen":
            film.field(name, "watched", value == "1")
        elif name == "added":
            film.field(name, "created_at", _date(value) or value)
        elif name == "region":
            film.copy(name, "region", value)
        elif name == "format":
            film.copy(name, "medium", value)
        elif name == "number":
            film.copy(name, "discs", value)
        elif name == "place":
            film.copy(name, "location", value)
        elif name == "video":
            film.copy(name, "video_format", value)
        elif name == "audio":
            film.copy(name, "audio", "; ".join(split_list(value, r",|;")))
        elif name == "subt":
            film.copy(name, "subtitles", split_list(value, r",|;"))
        elif name == "rating":
            film.field(name, "rating", value)
        elif name == "age":
            certification = {"0": None, "1": "All ages", "2": "Parental guidance"}.get(value, f"{value}+")
            if certification:
                film.field(name, "certification", certification)
        elif name == "synopsis":
            film.field(name, "synopsis", value)
        elif name == "comment":
            film.field(name, "notes", value)
        elif name == "actors" and value:  # the old flat form: "Name (Role), Name (Role)"
            for part in split_list(value, r","):
                match = re.fullmatch(r"(.*?)\s*\((.*)\)", part)
                film.credit(name, match.group(1) if match else part, "actor", match.group(2) if match else None)
        elif name == "trailer":
            film.record(name, "video", {"kind": "trailer", "title": "Trailer", "url": value}) if value.startswith(
                "http") else film.custom(name, value, "Trailer")
        elif name in ("image", "backpic"):
            _picture(film, name, path, value, "poster" if name == "image" else "still")
        elif name in ("borrower", "lendDate"):
            lending[name] = value  # a loan, once both are read
        elif name == "favourite":
            film.custom(name, value == "1", "Favourite", "yesno")
        elif name in ("id", "rank"):
            film.report.note(name, "not kept (GCstar's own record number)")
        else:
            film.custom(name, value, labels.get(name) or name[:1].upper() + name[1:])
    if lending.get("borrower"):  # a loan of the film's copy (kept as custom fields when it has no whole date)
        date = lending.get("lendDate") or ""
        film.loan("borrower", lending["borrower"], _date(date) or date or None)
    for name in ("genre",):
        film.names(name, "genres", [row[0] for row in _lines(item.find(name)) if row and row[0]])
    for row in _lines(item.find("actors")):
        if row and row[0]:
            film.credit("actors", row[0], "actor", row[1] if len(row) > 1 else None)
    film.names("tags", "keywords", [row[0] for row in _lines(item.find("tags")) if row and row[0]])
    batch.add(film)


def read_gcstar(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    root = parse_xml(read_bytes(path), path)
    kind = root.get("type") or ""
    if root.tag != "collection" or not kind.startswith("GC"):
        raise refuse(path, "not a GCstar collection")
    if kind != "GCfilms":
        raise refuse(path, f"is a GCstar collection of {OTHER_KINDS.get(kind, kind)}, not films")
    version = (root.get("version") or "1").split(".")[0]
    if version.isdigit() and int(version) > 1:
        raise refuse(path, f"made by a newer GCstar (version {root.get('version')}; Marquee reads 1.x)")
    labels = {f.get("value") or "": f.get("label") or "" for f in root.iter("field")}
    batch = ImportBatch(path.name, cat)
    for item in root.iterfind("item"):
        _item(batch, item, path, labels)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_gcstar(cat, path), abort, progress, on_duplicate)


FORMAT = Format("gcstar", "GCstar", (".gcs",), detect=looks_like_gcstar, read=_read, batch=read_gcstar)
