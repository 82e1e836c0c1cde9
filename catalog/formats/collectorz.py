"""Collectorz.com Movie Collector XML exports (`<movieinfo><movielist><movie>`): cast with
characters, crew by role, the copy (format, regions, ratios, audio tracks as "Dolby Digital
[English]", subtitles, discs, purchase, location, condition), IMDb and TMDb ids, links and every
other field as a custom field. Exports of the other Collectorz programs (books, music, comics,
games) are refused in one line."""

from __future__ import annotations

import re
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress
from catalog.formats.mapping import ImportBatch, head, local_file, read_bytes, refuse, run_import
from catalog.formats.tellico import price
from catalog.formats.xml_input import parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

OTHER = {"bookinfo": "books", "musicinfo": "music", "comicinfo": "comics", "gameinfo": "games"}
ROLES = {"director": "director", "writer": "writer", "producer": "producer", "musician": "composer",
         "composer": "composer", "cinematography": "cinematographer", "editor": "editor", "editing": "editor",
         "production design": "production_designer", "costume design": "costume_designer"}
SKIP = {"id": "Collectorz's own record id", "index": "Collectorz's own record number",
        "titlefirstletter": "derived from the title", "runtimeminutes": "the same as runtime",
        "bpmovieid": "Collectorz's own id", "bpmediaid": "Collectorz's own id",
        "bpmovielastreceivedrevision": "Collectorz's bookkeeping",
        "bpmedialastreceivedrevision": "Collectorz's bookkeeping",
        "imdburl": "the IMDb id", "tmdburl": "the TMDb id", "collectionstatus": "“In Collection” (every film)"}
AUDIO = re.compile(r"^(?:\d+\s+)?(.*?)\s*\[(.*)\]$")


def looks_like_collectorz(path: Path) -> bool:
    data = head(path)
    return any(f"<{tag}".encode() in data for tag in ("movieinfo", *OTHER)) and b"<!DOCTYPE" not in data[:200]


def _display(element: Element | None) -> str:
    if element is None:
        return ""
    return (element.findtext("displayname") or element.text or "").strip()


def _items(element: Element | None) -> list[str]:
    return [t for t in (_display(c) for c in (element if element is not None else [])) if t]


def _date(element: Element | None) -> str:
    if element is None:
        return ""
    text = (element.findtext("date") or _display(element.find("year")) or element.text or "").strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?", text)  # m/d/yyyy
    return f"{match.group(3)}-{int(match.group(1)):02d}-{int(match.group(2)):02d}" if match else text


def _movie(batch: ImportBatch, movie: Element, path: Path) -> None:
    film = batch.film()
    for element in movie:
        name = element.tag
        text = (element.text or "").strip()
        shown = _display(element)
        if not (text or len(element)):
            continue
        if name in SKIP:
            film.report.note(name, f"not kept ({SKIP[name]})")
        elif name == "title":
            film.field(name, "title", text)
        elif name == "originaltitle":
            film.field(name, "original_title", text)
        elif name == "titlesort":
            film.field(name, "sort_title", text)
        elif name == "plot":
            film.field(name, "synopsis", text)
        elif name == "notes":
            film.field(name, "notes", text)
        elif name == "releasedate":
            film.field(name, "year", _display(element.find("year")) or _date(element)[:4])
        elif name == "dvdreleasedate":
            film.record(name, "release", {"kind": "home_media", "date": _date(element)})
        elif name == "runtime":
            film.field(name, "runtime_min", text)
        elif name == "myrating":
            if text not in ("0", ""):
                film.field(name, "rating", text)
            else:
                film.report.note(name, "not kept (0: not rated)")
        elif name == "seenit":
            film.field(name, "watched", element.get("boolvalue") == "1")
        elif name == "viewingdate":
            film.custom(name, _date(element), "Last seen", "date")
        elif name == "mpaarating":
            film.field(name, "certification", shown)
        elif name == "imdbnum":
            imdb = f"tt{int(text):07d}" if text.isdigit() else text
            film.record(name, "external_id", {"kind": "imdb", "value": imdb})
        elif name == "tmdbid":
            film.record(name, "external_id", {"kind": "tmdb", "value": text})
        elif name == "genres":
            film.names(name, "genres", _items(element))
        elif name == "country":
            film.names(name, "countries", [shown])
        elif name == "language":
            film.names(name, "languages", [shown])
        elif name == "tags":
            film.names(name, "keywords", _items(element))
        elif name == "studios":
            for studio in _items(element):
                film.company(name, studio)
        elif name == "distributor":
            film.company(name, shown, "distributor")
        elif name == "cast":
            for star in element.iterfind("star"):
                film.credit(name, _display(star.find("person")), "actor", star.findtext("character"))
        elif name == "crew":
            for member in element.iterfind("crewmember"):
                role = (member.findtext("role") or "").strip()
                person = _display(member.find("person"))
                if role.lower() in ROLES:
                    film.credit(name, person, ROLES[role.lower()])
                else:
                    film.custom(name, person, role or "Crew")
        elif name == "format":
            film.copy(name, "medium", shown)
        elif name == "edition":
            film.copy(name, "edition", shown)
        elif name == "condition":
            film.copy(name, "condition", shown)
        elif name == "location":
            film.copy(name, "location", shown)
        elif name == "store":
            film.copy(name, "store", shown)
        elif name == "purchasedate":
            film.copy(name, "purchased_on", _date(element))
        elif name == "purchaseprice":
            amount, currency = price(text)
            film.copy(name, "price", amount) if amount is not None else film.custom(name, text, "Purchase price")
            film.copy(name, "currency", currency)
        elif name in ("upc", "barcode"):
            film.copy(name, "barcode", text)
        elif name == "nritems":
            film.copy(name, "discs", text)
        elif name == "color":
            film.copy(name, "colour", text)
        elif name == "regions":
            film.copy(name, "region", ", ".join(_items(element)))
        elif name == "ratios":
            ratios = _items(element)
            film.copy(name, "aspect_ratio", ", ".join(ratios))
            if any("widescreen" in r.lower() for r in ratios):
                film.copy(name, "widescreen", True)
        elif name == "subtitles":
            film.copy(name, "subtitles", _items(element))
        elif name == "audios":
            tracks = []
            for item in _items(element):
                match = AUDIO.match(item)
                tracks.append({"language": match.group(2), "format": match.group(1)} if match else
                              {"language": None, "format": re.sub(r"^\d+\s+", "", item)})
            film.copy(name, "audio", tracks)
        elif name == "links":
            for link in element.iterfind("link"):
                url = (link.findtext("url") or "").strip()
                description = (link.findtext("description") or "Link").strip()
                if "imdb.com/title/" in url or not url:
                    film.report.note(name, "not kept (the IMDb id)" if url else "not kept (empty)")
                elif description.lower() == "trailer":
                    film.record(name, "video", {"kind": "trailer", "title": "Trailer", "url": url})
                else:
                    film.custom(name, f"{description}: {url}", "Links")
        elif name in ("thumbfilepath", "poster", "backgroundbackdrop", "coverfront", "coverback"):
            value = text or shown
            data = None
            for candidate in (value, PurePosixPath(value.replace("\\", "/")).as_posix()):
                data = data or local_file(path.parent, candidate)
            if data is not None:
                film.picture(name, data, value, "backdrop" if "backdrop" in name else (
                    "still" if name == "coverback" else "poster"))
            else:
                film.report.note(name, "not imported (the picture is not beside the file)")
        elif name == "discs":
            titles = [d.findtext("title") or "" for d in element.iterfind("disc")]
            film.copy(name, "discs", len(titles) or None)
            film.custom(name, [t for t in titles if t], "Discs")
        elif name == "features" or name == "extrafeatures":
            film.custom(name, _items(element) or text, "Features" if name == "features" else "Extra features")
        elif name == "lastmodified":
            film.field(name, "updated_at", _date(element))
        else:
            values = _items(element) if len(element) and not shown else [shown or text]
            film.custom(name, values, name.capitalize())
    batch.add(film)


def read_collectorz(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    root = parse_xml(read_bytes(path), path)
    if root.tag in OTHER:
        raise refuse(path, f"a Collectorz.com export of {OTHER[root.tag]}, not films")
    if root.tag != "movieinfo":
        raise refuse(path, "not a Collectorz.com Movie Collector export")
    batch = ImportBatch(path.name, cat)
    for movie in root.iterfind("movielist/movie"):
        _movie(batch, movie, path)
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_collectorz(cat, path), abort, progress, on_duplicate)


FORMAT = Format("collectorz", "Collectorz Movie Collector XML", (".xml",),
                detect=looks_like_collectorz, read=_read, batch=read_collectorz)
