"""A Kodi / Jellyfin library tree: one folder per film, `Title (Year)/`, holding `movie.nfo`
(Kodi v19+ `<movie>`: titles, year, plot, tagline, runtime, certification, genres, countries,
tags, studios, directors, writers (`credits`), actors with role, order and thumb, other crew as
typed actors (Jellyfin's way), premiered, ratings, uniqueids, trailer, playcount), the poster as
`poster.jpg`, the first backdrop as `fanart.jpg` and the other pictures in `extrafanart/`.
Importing the tree through the folder import (`import FOLDER`) gives the same films back."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError
from catalog.files import remove_leftovers, replacing_folder
from catalog.formats import Format, Progress

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from catalog.ops.catalogue import Catalogue

UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}


def folder_name(doc: dict[str, Any]) -> str:
    """"Title (Year)", safe on every file system (no / : ? … nor a trailing dot or space)."""
    title = UNSAFE.sub(" ", doc["title"]).strip().rstrip(". ") or "Untitled"
    title = re.sub(r"\s+", " ", title)[:150]
    return f"{title} ({doc['year']})" if doc.get("year") else title


def _add(parent: ET.Element, tag: str, text: Any, **attrs: str) -> None:
    if text is None or text == "":
        return
    from xml.etree.ElementTree import SubElement

    SubElement(parent, tag, attrs).text = str(text)


def movie_nfo(doc: dict[str, Any]) -> bytes:
    """The film as Kodi's movie.nfo."""
    import xml.etree.ElementTree as ET  # building our own XML, nothing parsed (with the export, not every command)

    root = ET.Element("movie")
    _add(root, "title", doc["title"])
    _add(root, "originaltitle", doc.get("original_title"))
    _add(root, "sorttitle", doc.get("sort_title"))
    if doc.get("rating") is not None:
        _add(root, "userrating", f"{doc['rating']:g}")
    _add(root, "year", doc.get("year"))
    _add(root, "plot", doc.get("synopsis"))
    _add(root, "tagline", doc.get("tagline"))
    _add(root, "runtime", doc.get("runtime_min"))
    _add(root, "mpaa", doc.get("certification"))
    _add(root, "playcount", 1 if doc.get("watched") else 0)
    _add(root, "watched", "true" if doc.get("watched") else "false")
    ids = doc.get("external_ids") or []
    for number, item in enumerate(ids):
        _add(root, "uniqueid", item["value"], type=item["kind"], **({"default": "true"} if number == 0 else {}))
    for tag, values in (("genre", doc.get("genres")), ("country", doc.get("countries")), ("tag", doc.get("keywords"))):
        for value in values or []:
            _add(root, tag, value)
    credits = doc.get("credits") or []
    for credit in (c for c in credits if c["role"] == "writer"):
        _add(root, "credits", credit["person"])
    for credit in (c for c in credits if c["role"] == "director"):
        _add(root, "director", credit["person"])
    releases = sorted((r for r in doc.get("releases") or [] if r.get("date")), key=lambda r: r["date"])
    if releases:
        _add(root, "premiered", releases[0]["date"] if len(releases[0]["date"]) == 10 else None)
    for company in (c for c in doc.get("companies") or [] if c["role"] == "production"):
        _add(root, "studio", company["name"])
    trailer = next((v for v in doc.get("videos") or [] if v.get("kind") == "trailer" and v.get("url")), None)
    if trailer:
        _add(root, "trailer", trailer["url"])
    for order, credit in enumerate(c for c in credits if c["role"] == "actor"):
        actor = ET.SubElement(root, "actor")
        _add(actor, "name", credit["person"])
        _add(actor, "role", credit.get("character"))
        _add(actor, "order", order)
    for credit in (c for c in credits if c["role"] not in ("actor", "director", "writer")):
        actor = ET.SubElement(root, "actor")
        _add(actor, "name", credit["person"])
        _add(actor, "type", credit["role"].replace("_", " ").title().replace(" ", ""))
    ET.indent(root, space="    ")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n' + ET.tostring(root, encoding="utf-8",
                                                                                      xml_declaration=False) + b"\n"


def _pictures(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(image, path in the film's folder): poster.jpg, fanart.jpg, the rest in extrafanart/."""
    images = [i for i in doc.get("images") or [] if not i.get("missing") and i.get("path")]
    out = []
    poster = next((i for i in images if i["sha256"] == doc.get("poster")), None) or next(
        (i for i in images if i["kind"] == "poster"), None)
    if poster is not None:
        out.append((poster, "poster"))
    rest = [i for i in images if i is not poster]
    fanart = next((i for i in rest if i["kind"] == "backdrop"), None) or next(
        (i for i in rest if i["kind"] == "still"), None)
    if fanart is not None:
        out.append((fanart, "fanart"))
    for number, image in enumerate((i for i in rest if i is not fanart), start=1):
        out.append((image, f"extrafanart/fanart{number}"))
    return [(image, name + EXTENSIONS.get(str(image.get("format") or "").upper(), ".jpg")) for image, name in out]


def write_library(cat: Catalogue, folder: Path, abort: threading.Event | None = None,
                  progress: Progress | None = None) -> int:
    """Write every film as a Kodi/Jellyfin movie folder inside `folder` (created if needed; a
    film's folder already there is replaced, once its new one is whole)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CatalogueError(f"{folder}: not a folder (a Kodi library is written into a folder)")
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder, every=True)  # a killed export's partial folders
    ids = cat.films.ids(sort="title")
    used: set[str] = set()
    for number, film_id in enumerate(ids):
        if abort is not None and abort.is_set():
            raise Cancelled(f"export cancelled after {number} films")
        doc = dict(cat.films.document(film_id))
        name = folder_name(doc)
        while name.casefold() in used:  # two films of the same title and year
            name += f" [{film_id}]"
        used.add(name.casefold())
        with replacing_folder(folder / name, sweep=False) as target:  # whole, or the film's folder as it was
            (target / "movie.nfo").write_bytes(movie_nfo(doc))
            for image, relative in _pictures(doc):
                path = target / relative
                path.parent.mkdir(exist_ok=True)
                shutil.copyfile(image["path"], path)
        if progress and number % 100 == 0:
            progress(number, len(ids), str(doc["title"]))
    return len(ids)


FORMAT = Format("kodi", "Kodi / Jellyfin library folder", folder=True, write=write_library)
