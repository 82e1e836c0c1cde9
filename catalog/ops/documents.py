"""Checking a film document that came from outside (a JSON export, a hand-edited file) before any
of it is written: every field through its validator, every list and object of the right type, and
picture hashes that can only name a file inside the store."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog.errors import ValidationError
from catalog.model.documents import FILM_FIELDS, OLD_COPY_FIELDS
from catalog.model.kinds import BY_NAME as KIND_BY_NAME
from catalog.model.kinds import (
    COMPANY_FIELDS,
    CREDIT_FIELDS,
    CUSTOM_TYPES,
    FILM_LISTS,
    IMAGE_FIELDS,
    KINDS,
    LIST_CHECK,
    custom_check,
)
from catalog.model.loans import BORROWER_FIELDS, LOAN_FIELDS, check_dates
from catalog.model.validation import FILM_FIELDS as FILM_VALIDATORS
from catalog.model.validation import clean, integer, text
from catalog.model.wishlist import WISH_FIELDS

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
    values["copy"] = integer(0, 100_000, "copy")("image copy", entry.get("copy"))
    return values


def _named(what: str, check: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a cleaner; its error names the part of the film too ("video kind", "credit role")."""
    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        if exc.field.startswith(what):
            raise
        raise ValidationError(f"{what} {exc.field}", exc.value, exc.reason) from None


def clean_field_definition(item: Any) -> dict[str, Any]:
    """A custom field as an export lists it: name, type, choices."""
    item = _object("custom field", item)
    name = text(required=True, max_len=100)("custom field name", item.get("name"))
    type_ = str(item.get("type") or "text")
    if type_ not in CUSTOM_TYPES:
        raise ValidationError("custom field type", type_, f"is not one of: {', '.join(CUSTOM_TYPES)}")
    check = text(required=True, max_len=200)
    choices = [check("custom field choice", c) for c in _list("choices", item.get("choices"))]
    return {"name": name, "type": type_, "choices": list(dict.fromkeys(c for c in choices if c))}


def clean_custom(values: Any, types: Mapping[str, tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
    """A film's custom values (name -> value), each checked by its field's type (a name not in
    `types` is a text field)."""
    values = _object("custom", values) if values is not None else {}
    out: dict[str, Any] = {}
    for name, value in values.items():
        clean_name = text(required=True, max_len=100)("custom field name", name)
        assert clean_name is not None
        type_, choices = types.get(clean_name, ("text", ()))
        cleaned = custom_check(type_, choices)(clean_name, value)
        if cleaned is not None and cleaned != "":
            out[clean_name] = cleaned
    return out


def clean_document(doc: Any, types: Mapping[str, tuple[str, tuple[str, ...]]] | None = None) -> dict[str, Any]:
    """A film document with every value checked and cleaned (ids dropped: a new film). `types`:
    the custom fields' (type, choices) by name. A document of before the copies (the film's own
    medium, location and barcode) gets them as its first copy."""
    doc = _object("film", doc)
    if any(doc.get(k) for k in OLD_COPY_FIELDS) and not doc.get("copies"):
        doc = {**doc, "copies": [{k: doc.get(k) for k in OLD_COPY_FIELDS}]}
    out: dict[str, Any] = clean({k: doc.get(k) for k in FILM_FIELDS}, FILM_VALIDATORS, partial=False)
    out["created_at"], out["updated_at"] = _STAMP("created_at", doc.get("created_at")), _STAMP(
        "updated_at", doc.get("updated_at"))
    out["genres"] = [text(required=True, max_len=100)("genre", g) for g in _list("genres", doc.get("genres"))]
    for key in FILM_LISTS:
        out[key] = LIST_CHECK(key, _list(key, doc.get(key)))
    out["custom"] = clean_custom(doc.get("custom"), types or {})
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
    if out["watched"] and not out["viewings"]:  # watched is the diary's: seen, on a day not told
        out["viewings"] = [{"date": None, "rating": None, "note": None}]
    out["watched"] = bool(out["viewings"])
    loans = [_named("loan", clean_loan, item) for item in _list("loans", doc.get("loans"))]
    if loans and not out["copies"]:
        out["copies"] = [clean({}, KIND_BY_NAME["copy"].validators, partial=False)]  # a loan is of a copy
    open_copies: set[int] = set()
    for loan in loans:
        if loan["copy"] is None or loan["copy"] >= len(out["copies"]):
            loan["copy"] = 0
        if loan["returned_on"] is None:
            if loan["copy"] in open_copies:
                raise ValidationError("loan", loan["borrower"], f"lends copy {loan['copy'] + 1} while another "
                                      "loan of it is open (a copy is lent to one borrower at a time)")
            open_copies.add(loan["copy"])
    out["loans"] = loans
    wish = doc.get("wish")
    out["wish"] = _named("wish", clean_wish, wish) if wish and not out["copies"] else None  # wanted: no copy
    return out


def clean_loan(item: Any) -> dict[str, Any]:
    """A loan as a document lists it: the copy's place, the borrower's name, dates and notes."""
    item = _object("loan", item)
    values = clean({k: item.get(k) for k in LOAN_FIELDS}, LOAN_FIELDS, partial=False)
    check_dates(values["lent_on"], values["due_on"], values["returned_on"])
    values["borrower"] = BORROWER_FIELDS["name"]("borrower", item.get("borrower"))
    values["copy"] = integer(0, 100_000, "copy")("copy", item.get("copy"))
    for name in ("id", "copy_id", "borrower_id"):  # what undo of a delete carries
        if item.get(name) is not None:
            values[name] = integer(1, 1 << 62, name)(name, item.get(name))
    return values


def clean_wish(item: Any) -> dict[str, Any]:
    item = _object("wish", item)
    values = clean({k: item.get(k) for k in WISH_FIELDS}, WISH_FIELDS, partial=False)
    values["added_on"] = _STAMP("added_on", item.get("added_on"))
    return values


def clean_borrower(item: Any) -> dict[str, Any]:
    """A borrower as an export lists them: name, contact, notes."""
    item = _object("borrower", item)
    cleaned: dict[str, Any] = _named("borrower", clean, {k: item.get(k) for k in BORROWER_FIELDS}, BORROWER_FIELDS,
                                     partial=False)
    return cleaned
