"""Plain values the catalogue hands out: no database objects leave `catalog/`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FilmRow:
    """One line of the film list."""

    id: int
    title: str
    year: int | None
    directors: str
    runtime_min: int | None
    rating: float | None
    video_count: int
    poster_sha256: str | None
    loaned_to: str | None = None  # who has its copies now (None when none is lent)
    loan_due: str | None = None  # the earliest due date of its open loans


@dataclass(frozen=True, slots=True)
class ImageInfo:
    id: int
    film_id: int | None
    kind: str
    sha256: str
    original_name: str
    width: int | None
    height: int | None
    format: str | None
    bytes: int | None
    caption: str | None
    credit: str | None
    position: int
    missing: bool
    path: str | None  # the stored file, None when missing
    original_path: str | None = None  # where it was imported from
    placeholder: bool = False  # a drawn stand-in (the demo's cards): never outranks a real picture
    copy_id: int | None = None  # the copy it shows (None: the film)


@dataclass(frozen=True, slots=True)
class PersonFilm:
    film_id: int
    title: str
    year: int | None
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonInfo:
    id: int
    name: str
    sort_name: str | None
    notes: str | None
    photo_sha256: str | None
    film_count: int


@dataclass(frozen=True, slots=True)
class CustomField:
    """A field the collector defined: `type` one of catalog.model.kinds.CUSTOM_TYPES, `choices`
    the values a 'choice' field offers."""

    id: int
    name: str
    type: str
    choices: tuple[str, ...]
    position: int
