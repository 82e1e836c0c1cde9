"""The film document: everything the catalogue holds about one film as plain, typed data. It is
what `show --json` prints, what the page, the sheets and the text render, what undo of a delete
puts back, and (without database ids) what the JSON export writes.

The record lists (`videos`, `reviews`, … — one per kind of catalog.model.kinds) hold plain dicts
of the kind's fields plus `id`; read them generically with `records_of`."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from catalog.model.kinds import RecordKind

Record = dict[str, Any]

# The film's own fields, in the order the document and the export list them.
FILM_FIELDS = ("title", "original_title", "sort_title", "year", "runtime_min", "synopsis", "tagline",
               "certification", "rating", "watched", "medium", "location", "barcode", "notes")
FILM_LABELS = {
    "title": "Title", "original_title": "Original title", "sort_title": "Sort title", "year": "Year",
    "runtime_min": "Runtime", "synopsis": "Synopsis", "tagline": "Tagline", "certification": "Certification",
    "rating": "My rating", "watched": "Watched", "medium": "Medium", "location": "Location", "barcode": "Barcode",
    "notes": "Notes", "genres": "Genres",
}
# An image as the export lists it (no database id, no path).
IMAGE_ENTRY_FIELDS = ("sha256", "file_name", "kind", "caption", "credit", "width", "height", "format", "bytes",
                      "position", "phash", "placeholder")


class CompanyDoc(TypedDict):
    name: str
    role: str


class CreditDoc(TypedDict):
    id: int
    person: str
    person_id: int
    role: str
    character: str | None
    position: int
    photo: str | None  # the sha256 of the person's photo, when there is one


class ImageDoc(TypedDict):
    id: int
    sha256: str
    file_name: str
    kind: str
    caption: str | None
    credit: str | None
    width: int | None
    height: int | None
    format: str | None
    bytes: int | None
    position: int
    missing: bool
    path: str | None  # the stored file; None when it is missing
    placeholder: bool  # a drawn stand-in: never outranks a real picture


class FilmDoc(TypedDict):
    id: int
    title: str
    original_title: str | None
    sort_title: str | None
    year: int | None
    runtime_min: int | None
    synopsis: str | None
    tagline: str | None
    certification: str | None
    rating: float | None
    watched: bool
    medium: str | None
    location: str | None
    barcode: str | None
    notes: str | None
    created_at: str
    updated_at: str
    genres: list[str]
    companies: list[CompanyDoc]
    credits: list[CreditDoc]
    videos: list[Record]
    reviews: list[Record]
    releases: list[Record]
    articles: list[Record]
    awards: list[Record]
    images: list[ImageDoc]
    poster: str | None  # the poster's sha256


def records_of(doc: FilmDoc | dict[str, Any], kind: RecordKind) -> list[Record]:
    """A document's records of one kind (an empty list when it has none)."""
    return cast(dict[str, Any], doc).get(kind.doc_key) or []
