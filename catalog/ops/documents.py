"""Checking a film document that came from outside (a JSON export, a hand-edited file) before any
of it is written: every field through its validator, every list and object of the right type, and
picture hashes that can only name a file inside the store."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog.errors import ValidationError
from catalog.model.documents import FILM_FIELDS
from catalog.model.kinds import COMPANY_FIELDS, CREDIT_FIELDS, IMAGE_FIELDS, KINDS
from catalog.model.validation import FILM_FIELDS as FILM_VALIDATORS
from catalog.model.validation import clean, integer, text

SHA256 = re.compile(r"[0-9a-f]{64}")
_CREDIT = {f.name: f.check for f in CREDIT_FIELDS}
_COMPANY = {f.name: f.check for f in COMPANY_FIELDS}
_STAMP = text(max_len=40)
_SIZE = integer(0, 1 << 62, "size")
_PHASH = integer(0, (1 << 64) - 1, "perceptual hash")


# Bounds on what one film may carry: far above any real film, far below what exhausts memory.
MAX_ITEMS = {"genres": 200, "companies": 500, "credits": 5000, "images": 10000}
MAX_RECORDS = 2000  # of each record kind


def _list(field: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(field, value if not isinstance(value, str) else value[:40], "is not a list")
    limit = MAX_ITEMS.get(field, MAX_RECORDS)
    if len(value) > limit:
        raise ValidationError(field, f"{len(value):,} items", f"is more than {limit:,} (a film has fewer)")
    return value


def _object(field: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(field, str(value)[:40], "is not an object")
    return value


def clean_sha256(field: str, value: Any) -> str:
    if not isinstance(value, str) or not SHA256.fullmatch(value):
        raise ValidationError(field, str(value)[:80], "is not a picture's SHA-256 (64 hex digits)")
    return value


def clean_image_entry(entry: Any) -> dict[str, Any]:
    """An image as an export lists it (sha256, file name, kind, caption, credit, size, position, phash)."""
    entry = _object("image", entry)
    sha256 = clean_sha256("image sha256", entry.get("sha256"))
    values = clean({k: entry.get(k) for k in IMAGE_FIELDS} | {"kind": entry.get("kind") or "still"}, IMAGE_FIELDS,
                   partial=False)
    values["sha256"] = sha256
    values["file_name"] = text(max_len=1000)("image file_name", entry.get("file_name")) or ""
    values["format"] = text(max_len=20)("image format", entry.get("format"))
    for name in ("width", "height", "bytes", "position"):
        values[name] = _SIZE(f"image {name}", entry.get(name))
    values["position"] = values["position"] or 0
    values["phash"] = _PHASH("image phash", entry.get("phash"))
    values["placeholder"] = entry.get("placeholder") is True
    return values


def _named(what: str, check: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a cleaner; its error names the part of the film too ("video kind", "credit role")."""
    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        if exc.field.startswith(what):
            raise
        raise ValidationError(f"{what} {exc.field}", exc.value, exc.reason) from None


def clean_document(doc: Any) -> dict[str, Any]:
    """A film document with every value checked and cleaned (ids dropped: a new film)."""
    doc = _object("film", doc)
    out: dict[str, Any] = clean({k: doc.get(k) for k in FILM_FIELDS}, FILM_VALIDATORS, partial=False)
    out["created_at"], out["updated_at"] = _STAMP("created_at", doc.get("created_at")), _STAMP(
        "updated_at", doc.get("updated_at"))
    out["genres"] = [text(required=True, max_len=100)("genre", g) for g in _list("genres", doc.get("genres"))]
    out["companies"] = [
        _named("company", clean, {"name": _object("company", c).get("name"), "role": c.get("role") or "production"},
               _COMPANY, partial=False) for c in _list("companies", doc.get("companies"))]
    out["credits"] = []
    for credit in _list("credits", doc.get("credits")):
        credit = _object("credit", credit)
        out["credits"].append(_named("credit", clean, {k: credit.get(k) for k in _CREDIT}, _CREDIT, partial=False))
    for kind in KINDS:
        out[kind.doc_key] = [_named(kind.label.lower(), clean, _object(kind.label, r), kind.validators, partial=False)
                             for r in _list(kind.doc_key, doc.get(kind.doc_key))]
    out["images"] = [clean_image_entry(i) for i in _list("images", doc.get("images"))]
    poster = doc.get("poster")
    out["poster"] = None if poster is None else clean_sha256("poster", poster)
    return out
