"""The sections of a film's attached records, one per record kind (catalog.model.kinds), in the
kinds' order.

``RECORD_SECTIONS`` names today's kinds (videos, reviews, releases, articles, awards, the diary) with their
title and *look*, the name under which every skin keeps a bespoke layout. Any other kind (one added
to the kinds table later) becomes a section with the ``GENERIC`` look: titled by the kind, a list of
"label: value" rows with its fields' labels, which every skin lays out without new code. Pure
functions, any thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog.model.kinds import BY_DOC_KEY, KINDS
from catalog.model.validation import tracks_text
from catalog.render.format import duration, format_partial_date, humanize

GENERIC = "rows"
HIDDEN_FIELDS = frozenset({"id", "position", "film", "film_id"})
LABELLED_FIELDS = frozenset({"kind", "result", "role"})
FIELD_LABELS = {"url": "Link", "file_path": "File on disk"}  # where a field's label is not its humanized name
# Sites of external ids as they spell themselves (other kinds are humanized).
SITE_NAMES = {"imdb": "IMDb", "tmdb": "TMDb", "tvdb": "TheTVDB", "asin": "ASIN (Amazon)", "wikidata": "Wikidata"}


@dataclass(frozen=True)
class SectionLook:
    """How a kind of record is shown: its section ``title`` and the skins' ``look`` for it."""

    title: str
    look: str


RECORD_SECTIONS: dict[str, SectionLook] = {
    "videos": SectionLook("Featurettes and trailers", "videos"),
    "reviews": SectionLook("Reviews", "reviews"),
    "releases": SectionLook("Releases", "releases"),
    "articles": SectionLook("Articles", "articles"),
    "awards": SectionLook("Awards", "awards"),
    "viewings": SectionLook("Diary", "diary"),
}


def field_text(field: str, value: Any) -> str:
    """A stored value as plain display text, by the field's name: dates (``date``, ``*_on``) as
    partial dates, lengths (``*_s``) as clocks, ``kind``/``result``/``role`` humanized."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return tracks_text(value) if any(isinstance(v, dict) for v in value) else ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.2f}" if field == "price" else f"{value:g}"
    if field == "date" or field.endswith(("_on", "_date")):
        return format_partial_date(str(value))
    if field.endswith("_s") and isinstance(value, int):
        return duration(value)
    if field in LABELLED_FIELDS:
        return SITE_NAMES.get(str(value)) or humanize(value)
    return str(value)


@dataclass(frozen=True)
class Record:
    """One attached record: its stored values (``record["title"]``, None when absent) and their
    display text (``record.text("published_on")``)."""

    values: Mapping[str, Any]
    labels: Mapping[str, str] = field(default_factory=lambda: FIELD_LABELS)

    def __getitem__(self, field: str) -> Any:
        return self.values.get(field)

    def text(self, field: str) -> str:
        return field_text(field, self.values.get(field))

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """(field, label, text) of every shown field that has a value, in the record's order."""
        rows = ((f, self.labels.get(f) or humanize(f), self.text(f)) for f in self.values if f not in HIDDEN_FIELDS)
        return tuple(row for row in rows if row[2])


@dataclass(frozen=True)
class Section:
    """A part of the film view: ``key`` (the document key for records), ``title``, the skins' ``look``
    and, for attached records, the ``records`` in document order."""

    key: str
    title: str
    look: str
    records: tuple[Record, ...] = ()


def record_keys(doc: Mapping[str, Any]) -> Iterator[str]:
    """The document keys of the record kinds, in the kinds' order (a document names every kind,
    even one a film has none of)."""
    for kind in KINDS:
        yield kind.doc_key


def record_sections(doc: Mapping[str, Any]) -> tuple[Section, ...]:
    """A section per kind of attached record (every kind, even when the film has none)."""
    sections = []
    for key in record_keys(doc):
        kind = BY_DOC_KEY[key]
        look = RECORD_SECTIONS.get(key) or SectionLook(kind.title, GENERIC)
        labels = {f.name: f.label for f in kind.fields}
        records = tuple(Record(item, labels) for item in doc.get(key) or [])
        sections.append(Section(key, look.title, look.look, records))
    return tuple(sections)
