"""Helpers for the importer tests: the real files in place, documents compared without ids, and
hostile XML."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from catalog import Catalogue
from tests.realdata import REALDATA

CATALOGS = REALDATA / "catalogs"


def real(name: str) -> Path:
    path = CATALOGS / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


def doc_of(cat: Catalogue, title: str) -> dict[str, Any]:
    return dict(cat.films.document(cat.films.find(title)))


def cast_of(doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(c["person"], c["character"]) for c in doc["credits"] if c["role"] == "actor"]


def people_of(doc: dict[str, Any], role: str) -> list[str]:
    return [c["person"] for c in doc["credits"] if c["role"] == role]


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """A document without what differs between two catalogues holding the same film (ids, paths)."""
    out = {k: v for k, v in doc.items() if k not in ("id", "created_at", "updated_at")}
    out["credits"] = [{k: v for k, v in c.items() if k in ("person", "role", "character")} for c in doc["credits"]]
    for key in ("videos", "reviews", "releases", "articles", "awards", "copies", "alternative_titles", "external_ids",
                "viewings"):
        out[key] = [{k: v for k, v in r.items() if k != "id"} for r in doc.get(key) or []]
    copies = [c["id"] for c in doc["copies"]]
    out["loans"] = sorted(({**{k: v for k, v in loan.items() if k not in ("id", "copy_id", "borrower_id")},
                            "copy": copies.index(loan["copy_id"])} for loan in doc.get("loans") or []), key=repr)
    out["images"] = [{**{k: v for k, v in i.items() if k not in ("id", "path", "copy_id", "position")},
                      "copy": copies.index(i["copy_id"]) if i.get("copy_id") in copies else None}
                     for i in doc["images"]]
    return out


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
"""


def copy_beside(source: Path, folder: Path, name: str | None = None) -> Path:
    """A real file copied into a test's own folder (to build a variant of it there)."""
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target
