"""The film document: everything the catalogue holds about one film as plain, typed data. It is
what `show --json` prints, what the page, the sheets and the text render, what undo of a delete
puts back, and (without database ids) what the JSON export writes.

The record lists (`videos`, `reviews`, `copies`, … — one per kind of catalog.model.kinds) hold
plain dicts of the kind's fields plus `id`; read them generically with `records_of`. `countries`,
`languages` and `keywords` are lists of text; `custom` maps the collector's own fields by name to
their values (in the fields' order). An image names the copy it shows (`copy_id`; None: the film).
`loans` lists the loans of its copies (each naming its copy and borrower); `wish` is its place on
the wishlist (None: owned, or simply not wanted)."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from catalog.model.kinds import RecordKind
from catalog.model.loans import LoanDoc
from catalog.model.wishlist import WishDoc

Record = dict[str, Any]

# The film's own fields, in the order the document and the export list them.
FILM_FIELDS = ("title", "original_title", "sort_title", "year", "runtime_min", "synopsis", "tagline",
               "certification", "original_language", "web_site", "rating", "watched", "notes")
# The film fields of documents before the copies (JSON export version 1): they become the first copy.
OLD_COPY_FIELDS = ("medium", "location", "barcode")
FILM_LABELS = {
    "title": "Title", "original_title": "Original title", "sort_title": "Sort title", "year": "Year",
    "runtime_min": "Runtime", "synopsis": "Synopsis", "tagline": "Tagline", "certification": "Certification",
    "original_language": "Original language", "web_site": "Web site",
    "rating": "My rating", "watched": "Watched", "notes": "Notes", "genres": "Genres",
    "countries": "Countries", "languages": "Spoken languages", "keywords": "Keywords",
}
# An image as the export lists it (no database id, no path).
IMAGE_ENTRY_FIELDS = ("sha256", "file_name", "kind", "caption", "credit", "width", "height", "format", "bytes",
                      "position", "phash", "placeholder", "copy")  # copy: its place in `copies`, or None


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
    copy_id: int | None  # the copy whose cover or disc it shows; None: a picture of the film


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
    original_language: str | None
    web_site: str | None
    rating: float | None
    watched: bool
    notes: str | None
    created_at: str
    updated_at: str
    genres: list[str]
    countries: list[str]
    languages: list[str]
    keywords: list[str]
    custom: dict[str, Any]
    companies: list[CompanyDoc]
    credits: list[CreditDoc]
    videos: list[Record]
    reviews: list[Record]
    releases: list[Record]
    articles: list[Record]
    awards: list[Record]
    copies: list[Record]
    alternative_titles: list[Record]
    external_ids: list[Record]
    viewings: list[Record]  # the diary, oldest first (undated last); `watched` is derived from it
    loans: list[LoanDoc]  # every loan of the film's copies, open and returned, by date out
    wish: WishDoc | None  # on the wishlist (wanted, no copy), or None
    images: list[ImageDoc]
    poster: str | None  # the poster's sha256


def records_of(doc: FilmDoc | dict[str, Any], kind: RecordKind) -> list[Record]:
    """A document's records of one kind (an empty list when it has none)."""
    return cast(dict[str, Any], doc).get(kind.doc_key) or []
