"""The record kinds: what may be attached to a film (videos, reviews, releases, articles, awards,
the collector's copies, other titles, external ids and the diary's viewings),
each described once. Validation, the film document, the JSON export, the editors' columns, the
search box's `has:` words, the search index and the generic renderers all read this table.

Adding a kind is one `RecordKind` in KINDS plus a migration creating its table (`film_id`,
`position` and one column per field)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from catalog.errors import ValidationError
from catalog.model.validation import (
    COMPANY_ROLES,
    CREDIT_ROLES,
    IMAGE_KINDS,
    Validator,
    choice,
    id_kind,
    integer,
    number,
    partial_date,
    rating,
    role,
    text,
    text_list,
    tracks,
    url,
    yes_no,
)

VIDEO_KINDS = ("featurette", "trailer", "teaser", "clip", "interview", "behind_the_scenes", "deleted_scene")
RELEASE_KINDS = ("festival", "premiere", "limited", "wide", "streaming", "home_media")
AWARD_RESULTS = ("won", "nominated")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its name (the column), label, validator and how an editor shows it.
    `shape`: 'text' | 'long' (several lines) | 'number' | 'date' (partial) | 'url' | 'choice' |
    'duration' (seconds, shown m:ss) | 'person' (a name, matched to a person) | 'yesno' (yes, no or
    unknown) | 'list' (several short texts) | 'tracks' (audio tracks: language and format). 'list' and
    'tracks' values are lists, kept as JSON text by the store (`RecordKind.json_fields`)."""

    name: str
    label: str
    check: Validator
    shape: str = "text"
    options: tuple[str, ...] | None = None
    width: int = 140


@dataclass(frozen=True)
class RecordKind:
    """A kind of record attached to a film. `doc_key` is its list in the film document (and the
    export); `order` 'position' keeps the collector's order, 'date' sorts by the `date` field;
    `has` are the search words `has:WORD` for "the film has one"; `choice_has` a field whose values
    are search words too (has:trailer); `indexed` the fields whose words the search index holds."""

    name: str
    table: str
    doc_key: str
    label: str
    title: str
    fields: tuple[FieldSpec, ...]
    required: str | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    order: str = "position"
    has: tuple[str, ...] = ()
    choice_has: str | None = None
    indexed: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()  # a kind with many fields: those its table shows (the rest in a form)

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def validators(self) -> dict[str, Validator]:
        return {f.name: f.check for f in self.fields}

    @property
    def movable(self) -> bool:
        return self.order == "position"

    @cached_property
    def json_fields(self) -> frozenset[str]:
        """Fields whose values are lists (the store keeps them as JSON text)."""
        return frozenset(f.name for f in self.fields if f.shape in JSON_SHAPES)

    def has_words(self) -> tuple[str, ...]:
        spec = next((f for f in self.fields if f.name == self.choice_has), None)
        return self.has + (spec.options or () if spec else ())


JSON_SHAPES = frozenset({"list", "tracks"})


def _date(label: str = "Date") -> FieldSpec:
    return FieldSpec("published_on", label, partial_date, "date", width=95)


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "video", "video", "videos", "video", "Videos", (
            FieldSpec("kind", "Kind", choice(VIDEO_KINDS), "choice", VIDEO_KINDS, 120),
            FieldSpec("title", "Title", text(required=True, max_len=500), width=230),
            FieldSpec("url", "Link", url, "url", width=200),
            FieldSpec("duration_s", "Length", integer(0, 86400 * 2, "length in seconds"), "duration", width=70),
            _date(),
            FieldSpec("publisher", "Publisher", text(max_len=200), width=120),
            FieldSpec("file_path", "File on disk", text(max_len=4096), width=200),
            FieldSpec("description", "Description", text(), "long", width=280),
        ),
        required="title", defaults={"kind": "featurette"}, has=("video",), choice_has="kind", indexed=("title",)),
    RecordKind(
        "review", "review", "reviews", "review", "Reviews", (
            FieldSpec("author", "Author", text(max_len=200), width=120),
            FieldSpec("outlet", "Outlet", text(max_len=200), width=120),
            FieldSpec("venue", "Venue", text(max_len=200), width=120),
            _date(),
            FieldSpec("rating_text", "Rating", text(max_len=40), width=60),
            FieldSpec("score", "Score", integer(0, 100, "score"), "number", width=60),
            FieldSpec("excerpt", "Excerpt", text(), "long", width=260),
            FieldSpec("url", "Link", url, "url", width=180),
        ),
        has=("review",), indexed=("author", "outlet", "excerpt")),
    RecordKind(
        "release", "film_release", "releases", "release", "Releases", (
            FieldSpec("kind", "Kind", choice(RELEASE_KINDS), "choice", RELEASE_KINDS, 120),
            FieldSpec("date", "Date", partial_date, "date", width=100),
            FieldSpec("territory", "Territory", text(max_len=100), width=120),
            FieldSpec("venue", "Venue / festival", text(max_len=200), width=240),
        ),
        defaults={"kind": "wide"}, order="date", has=("release",)),
    RecordKind(
        "article", "article", "articles", "article", "Articles", (
            FieldSpec("headline", "Headline", text(required=True, max_len=500), width=260),
            FieldSpec("publisher", "Publisher", text(max_len=200), width=120),
            _date(),
            FieldSpec("url", "Link", url, "url", width=200),
            FieldSpec("summary", "Summary", text(), "long", width=260),
        ),
        required="headline", has=("article",), indexed=("headline",)),
    RecordKind(
        "award", "award", "awards", "award", "Awards", (
            FieldSpec("body", "Body", text(required=True, max_len=200), width=160),
            FieldSpec("category", "Category", text(max_len=200), width=200),
            FieldSpec("year", "Year", integer(1870, 2100, "year"), "number", width=60),
            FieldSpec("result", "Result", choice(AWARD_RESULTS, required=False), "choice", ("", *AWARD_RESULTS), 100),
        ),
        required="body", has=("award",)),
    RecordKind(
        "copy", "film_copy", "copies", "copy", "Copies", (
            FieldSpec("medium", "Medium", text(max_len=100), width=100),
            FieldSpec("edition", "Edition", text(max_len=200), width=160),
            FieldSpec("video_format", "Video", text(max_len=40), width=60),
            FieldSpec("region", "Region", text(max_len=40), width=70),
            FieldSpec("aspect_ratio", "Aspect ratio", text(max_len=60), width=90),
            FieldSpec("widescreen", "Widescreen", yes_no, "yesno", ("", "yes", "no"), 80),
            FieldSpec("colour", "Colour", text(max_len=60), width=80),
            FieldSpec("audio", "Audio tracks", tracks, "tracks", width=220),
            FieldSpec("subtitles", "Subtitles", text_list(), "list", width=160),
            FieldSpec("discs", "Discs", integer(0, 1000, "number of discs"), "number", width=50),
            FieldSpec("barcode", "Barcode", text(max_len=64), width=120),
            FieldSpec("condition", "Condition", text(max_len=100), width=90),
            FieldSpec("location", "Location", text(max_len=200), width=140),
            FieldSpec("purchased_on", "Bought on", partial_date, "date", width=95),
            FieldSpec("price", "Price", number(0, 10_000_000, "price"), "number", width=70),
            FieldSpec("currency", "Currency", text(max_len=10), width=60),
            FieldSpec("store", "Bought at", text(max_len=200), width=140),
            FieldSpec("notes", "Notes", text(), "long", width=220),
        ),
        has=("copy",), indexed=("medium", "edition", "location", "barcode", "store"),
        summary=("medium", "edition", "region", "location", "barcode", "condition")),
    RecordKind(
        "alt_title", "alternative_title", "alternative_titles", "other title", "Other titles", (
            FieldSpec("title", "Title", text(required=True, max_len=500), width=300),
            FieldSpec("language", "Language or country", text(max_len=100), width=160),
        ),
        required="title", has=("other_title",), indexed=("title",)),
    RecordKind(
        "external_id", "external_id", "external_ids", "id", "Ids", (
            FieldSpec("kind", "Site", id_kind, width=110),
            FieldSpec("value", "Id", text(required=True, max_len=300), width=220),
        ),
        required="value", defaults={"kind": "imdb"}, has=("external_id",)),
    # The diary: each viewing of the film (the film's `watched` is derived: it has one).
    RecordKind(
        "viewing", "viewing", "viewings", "viewing", "Diary", (
            FieldSpec("date", "Date", partial_date, "date", width=100),
            FieldSpec("rating", "Rating", rating, "number", width=60),
            FieldSpec("note", "Note", text(max_len=5000), "long", width=320),
        ),
        order="date", has=("viewing",), indexed=("note",)),
)
BY_NAME: dict[str, RecordKind] = {k.name: k for k in KINDS}
BY_DOC_KEY: dict[str, RecordKind] = {k.doc_key: k for k in KINDS}

# The film's people and companies are edited like records but kept in their own tables.
CREDIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("person", "Person", text(required=True, max_len=300), "person", width=200),
    FieldSpec("role", "Role", role, "choice", CREDIT_ROLES, 130),
    FieldSpec("character", "Character", text(max_len=300), width=200),
)
COMPANY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", text(required=True, max_len=200), width=260),
    FieldSpec("role", "Role", choice(COMPANY_ROLES), "choice", COMPANY_ROLES, 130),
)
IMAGE_FIELDS: dict[str, Validator] = {
    "kind": choice(IMAGE_KINDS), "caption": text(max_len=2000), "credit": text(max_len=300),
}


# The film's lists of plain values (table film_value): document key -> (list name, label).
FILM_LISTS: dict[str, tuple[str, str]] = {
    "countries": ("country", "Countries"), "languages": ("language", "Spoken languages"),
    "keywords": ("keyword", "Keywords"),
}
LIST_CHECK = text_list(max_items=500, max_len=200)

# Custom fields a collector defines (table custom_field): their types, and how a value is checked.
CUSTOM_TYPES = ("text", "number", "date", "yesno", "choice", "url")


def custom_check(type_: str, choices: tuple[str, ...] = ()) -> Validator:
    """The validator of a custom field's values."""
    if type_ == "number":
        return number(-1e15, 1e15)
    if type_ == "date":
        return partial_date
    if type_ == "yesno":
        return yes_no
    if type_ == "url":
        return url
    if type_ == "choice":
        plain = text(max_len=200)

        def pick(field: str, value: Any) -> str | None:
            cleaned = plain(field, value)
            if cleaned is None:
                return None
            found = next((c for c in choices if c.casefold() == cleaned.casefold()), None)
            if found is None:
                raise ValidationError(field, value, f"is not one of: {', '.join(choices)}")
            return found
        return pick
    return text(max_len=20000)


def kind(name: str) -> RecordKind:
    """The record kind of that name; ValidationError for any other."""
    if name not in BY_NAME:
        raise ValidationError("record kind", name, f"is not one of: {', '.join(BY_NAME)}")
    return BY_NAME[name]


def has_words() -> tuple[str, ...]:
    """Every `has:` word the record kinds give, in table order."""
    return tuple(dict.fromkeys(word for k in KINDS for word in k.has_words()))
