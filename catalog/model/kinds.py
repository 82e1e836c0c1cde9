"""The record kinds: what may be attached to a film (videos, reviews, releases, articles, awards),
each described once. Validation, the film document, the JSON export, the editors' columns, the
search box's `has:` words, the search index and the generic renderers all read this table.

Adding a kind is one `RecordKind` in KINDS plus a migration creating its table (`film_id`,
`position` and one column per field)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog.errors import ValidationError
from catalog.model.validation import (
    COMPANY_ROLES,
    CREDIT_ROLES,
    IMAGE_KINDS,
    Validator,
    choice,
    integer,
    partial_date,
    role,
    text,
    url,
)

VIDEO_KINDS = ("featurette", "trailer", "teaser", "clip", "interview", "behind_the_scenes", "deleted_scene")
RELEASE_KINDS = ("festival", "premiere", "limited", "wide", "streaming", "home_media")
AWARD_RESULTS = ("won", "nominated")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its name (the column), label, validator and how an editor shows it.
    `shape`: 'text' | 'long' (several lines) | 'number' | 'date' (partial) | 'url' | 'choice' |
    'duration' (seconds, shown m:ss) | 'person' (a name, matched to a person)."""

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

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def validators(self) -> dict[str, Validator]:
        return {f.name: f.check for f in self.fields}

    @property
    def movable(self) -> bool:
        return self.order == "position"

    def has_words(self) -> tuple[str, ...]:
        spec = next((f for f in self.fields if f.name == self.choice_has), None)
        return self.has + (spec.options or () if spec else ())


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


def kind(name: str) -> RecordKind:
    """The record kind of that name; ValidationError for any other."""
    if name not in BY_NAME:
        raise ValidationError("record kind", name, f"is not one of: {', '.join(BY_NAME)}")
    return BY_NAME[name]


def has_words() -> tuple[str, ...]:
    """Every `has:` word the record kinds give, in table order."""
    return tuple(dict.fromkeys(word for k in KINDS for word in k.has_words()))
