"""The sections of a film's attached records: one table keyed by the film document's key.

``RECORD_SECTIONS`` names today's kinds (videos, reviews, releases, articles, awards) with their
title and *look*, the name under which every skin keeps a bespoke layout. Any other list of records
in a document (a kind added later) becomes a section with the ``GENERIC`` look: a titled list of
"label: value" rows, which every skin lays out without new code. Pure functions, any thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from catalog.render.format import duration, format_partial_date, humanize

GENERIC = "rows"
# Lists in a film document that are not attached records (they have sections of their own).
NOT_RECORDS = frozenset({"genres", "companies", "credits", "images"})
HIDDEN_FIELDS = frozenset({"id", "position", "film", "film_id"})
LABELLED_FIELDS = frozenset({"kind", "result", "role"})
FIELD_LABELS = {"url": "Link", "file_path": "File on disk"}  # where a field's label is not its humanized name


@dataclass(frozen=True)
class RecordKind:
    """How a kind of record is shown: its section ``title`` and the skins' ``look`` for it."""

    title: str
    look: str


RECORD_SECTIONS: dict[str, RecordKind] = {
    "videos": RecordKind("Featurettes and trailers", "videos"),
    "reviews": RecordKind("Reviews", "reviews"),
    "releases": RecordKind("Releases", "releases"),
    "articles": RecordKind("Articles", "articles"),
    "awards": RecordKind("Awards", "awards"),
}


def field_text(field: str, value: Any) -> str:
    """A stored value as plain display text, by the field's name: dates (``date``, ``*_on``) as
    partial dates, lengths (``*_s``) as clocks, ``kind``/``result``/``role`` humanized."""
    if value is None or value == "" or value is False:
        return ""
    if value is True:
        return "Yes"
    if field == "date" or field.endswith(("_on", "_date")):
        return format_partial_date(str(value))
    if field.endswith("_s") and isinstance(value, int):
        return duration(value)
    if field in LABELLED_FIELDS:
        return humanize(value)
    return str(value)


@dataclass(frozen=True)
class Record:
    """One attached record: its stored values (``record["title"]``, None when absent) and their
    display text (``record.text("published_on")``)."""

    values: Mapping[str, Any]

    def __getitem__(self, field: str) -> Any:
        return self.values.get(field)

    def text(self, field: str) -> str:
        return field_text(field, self.values.get(field))

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """(field, label, text) of every shown field that has a value, in the record's order."""
        rows = ((f, FIELD_LABELS.get(f) or humanize(f), self.text(f)) for f in self.values if f not in HIDDEN_FIELDS)
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
    """The document keys holding attached records: the table's, then any other list of records
    (an empty list too: the document names its kinds even when a film has none)."""
    yield from RECORD_SECTIONS
    for key, value in doc.items():
        if key not in RECORD_SECTIONS and key not in NOT_RECORDS and isinstance(value, list) \
                and all(isinstance(item, Mapping) for item in value):
            yield key


def record_sections(doc: Mapping[str, Any]) -> tuple[Section, ...]:
    """A section per kind of attached record (today's kinds always, even when empty)."""
    sections = []
    for key in record_keys(doc):
        kind = RECORD_SECTIONS.get(key) or RecordKind(humanize(key), GENERIC)
        records = tuple(Record(item) for item in doc.get(key) or [])
        sections.append(Section(key, kind.title, kind.look, records))
    return tuple(sections)
