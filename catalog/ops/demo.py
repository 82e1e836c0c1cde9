"""The demo catalogue a new user sees first: La La Land, its featurette, cast, review, releases,
and Whiplash (so that clicking the director lists two films). Its pictures are placeholders drawn
at first run. Adding it twice adds nothing the second time."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.imaging.placeholders import make_placeholder
from catalog.imaging.probe import probe_image
from catalog.ops.transfer import ImportResult, import_films
from catalog.paths import RESOURCES

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

DEMO_FILE = RESOURCES / "demo" / "demo.json"


def demo_films(cat: Catalogue) -> list[dict[str, Any]]:
    """The demo's film documents, their placeholder pictures drawn into the catalogue's store."""
    films: list[dict[str, Any]] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["films"]
    with tempfile.TemporaryDirectory() as tmp:
        for film in films:
            film["images"] = []
            for position, picture in enumerate(film.pop("pictures", [])):
                path = Path(tmp) / picture["file_name"]
                make_placeholder(path, picture["title"], picture["subtitle"], tuple(picture["size"]),
                                 kind="poster" if picture["kind"] == "poster" else "still")
                probe = probe_image(path)
                cat.pictures.add_file(path, probe.sha256)
                film["images"].append({
                    "sha256": probe.sha256, "file_name": picture["file_name"], "kind": picture["kind"],
                    "caption": f"{picture['title']} — {picture['subtitle']} (placeholder image)",
                    "width": probe.width, "height": probe.height, "format": probe.format,
                    "bytes": probe.bytes, "position": position, "phash": probe.phash, "placeholder": True})
                if picture["kind"] == "poster":
                    film["poster"] = probe.sha256
    return films


def add_demo_catalogue(cat: Catalogue) -> ImportResult:
    """Add the demo films (those not already there)."""
    return import_films(cat, demo_films(cat), description="Add the demo catalogue", back_up=False)
