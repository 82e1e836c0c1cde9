"""An HTML catalogue site in a folder: `index.html` (every film, sortable, searchable with a few
lines of plain JavaScript, thumbnails), `films/<film>.html` (poster, stills, cast, crew,
featurettes with their links, reviews, releases, copies…), `people/<person>.html`, the pictures
in `pictures/` and their thumbnails in `thumbs/`, and `style.css`. Only relative links, so the
folder works copied anywhere and offline. Laid out by catalog.render.site."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError
from catalog.files import copy_file, remove_leftovers, replacing, write_text
from catalog.formats import Format, Progress

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.render.film_view import Person

EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
THUMB = (240, 360)


def _name(image: Mapping[str, Any]) -> str:
    return image["sha256"] + EXTENSIONS.get(str(image.get("format") or "").upper(), ".jpg")


def _thumbnail(source: Path, target: Path) -> bool:
    from PIL import Image, ImageOps  # (with the export, not with every command: 20 ms)

    try:
        with Image.open(source) as opened, replacing(target, durable=False) as out:
            opened.draft("RGB", THUMB)
            im = ImageOps.exif_transpose(opened)
            im.thumbnail(THUMB)
            im.convert("RGB").save(out.file, "JPEG", quality=82)
        return True
    except (OSError, ValueError, Image.DecompressionBombError):
        return False


def write_site(cat: Catalogue, folder: Path, abort: threading.Event | None = None,
               progress: Progress | None = None, title: str = "My films") -> int:
    """Write the whole catalogue as a site into `folder` (created if needed); returns the films.
    Each file is written under a temporary name and renamed: whole or not there (not flushed to
    disk one by one: a site is thousands of them)."""
    from catalog.render.site import SCRIPT, STYLE, SiteLinks, film_page, index_page, page, person_page, slug

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CatalogueError(f"{folder}: not a folder (the site is written into a folder)")
    for part in ("", "films", "people", "pictures", "thumbs"):
        (folder / part).mkdir(parents=True, exist_ok=True)
        remove_leftovers(folder / part, every=True)  # a killed export's partial files
    write_text(folder / "style.css", STYLE.strip() + "\n", durable=False)
    docs: list[dict[str, Any]] = [dict(cat.films.document(i)) for i in cat.films.ids(sort="title")]
    film_files = {doc["id"]: f"{slug(doc['title'], doc['id'])}.html" for doc in docs}
    people: dict[int, str] = {}
    films_of: dict[int, list[tuple[dict[str, Any], list[str]]]] = defaultdict(list)
    for doc in docs:
        roles: dict[int, list[str]] = defaultdict(list)
        for credit in doc["credits"]:
            people[credit["person_id"]] = credit["person"]
            part = (f"as {credit['character']}" if credit.get("character") else "actor") if credit["role"] == "actor" \
                else credit["role"].replace("_", " ")
            roles[credit["person_id"]].append(part)
        for person_id, parts in roles.items():
            films_of[person_id].append((doc, parts))
    person_files = {pid: f"{slug(name, pid)}.html" for pid, name in people.items()}
    thumbs: set[str] = set()

    def picture(image: Mapping[str, Any], prefix: str) -> str | None:
        if image.get("missing") or not image.get("path"):
            return None
        target = folder / "pictures" / _name(image)
        if not target.exists():
            copy_file(image["path"], target, durable=False)
        return f"{prefix}pictures/{_name(image)}"

    def thumb(image: Mapping[str, Any], prefix: str) -> str | None:
        if image.get("missing") or not image.get("path"):
            return None
        name = image["sha256"] + ".jpg"
        if name not in thumbs:
            if not _thumbnail(Path(image["path"]), folder / "thumbs" / name):
                return picture(image, prefix)
            thumbs.add(name)
        return f"{prefix}thumbs/{name}"

    def person_href(person: Person) -> str | None:
        return f"../people/{person_files[person.person_id]}" if person.person_id in person_files else None

    links = SiteLinks(person_href, lambda i: picture(i, "../"), lambda i: thumb(i, "../"), "../index.html")
    for number, doc in enumerate(docs):
        if abort is not None and abort.is_set():
            raise Cancelled(f"export cancelled after {number} films")
        write_text(folder / "films" / film_files[doc["id"]], page(doc["title"], film_page(doc, links), "../style.css"),
                   durable=False)
        if progress and number % 100 == 0:
            progress(number, len(docs), doc["title"])
    for person_id, name in people.items():
        films = [(doc, f"../films/{film_files[doc['id']]}", parts) for doc, parts in films_of[person_id]]
        write_text(folder / "people" / person_files[person_id],
                   page(name, person_page(name, films, "../index.html"), "../style.css"), durable=False)
    index = index_page(docs, lambda d: f"films/{film_files[d['id']]}", lambda i: thumb(i, ""), title)
    write_text(folder / "index.html", page(title, index, "style.css", SCRIPT), durable=False)
    return len(docs)


FORMAT = Format("html", "HTML catalogue site (folder)", folder=True, write=write_site)
