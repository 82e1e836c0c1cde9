"""The Browse pane's facets as plain values, and the search box's text as the one place a facet's
choice lives: a value of a facet is a clause of the search language (`genre:"Drama"`,
`year:1990..1999`, `on-loan:yes`); clicking it adds the clause to the box (narrowing the list, so
the count shown is the count that follows), clicking it again takes it out. Which values are
applied is read back from the box, so the tree and the box always agree. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.model.search_query import FIELDS


@dataclass(frozen=True)
class Facet:
    """One branch of the tree: `key` names it to the store ('genre', 'custom:3'), `label` is shown,
    `lazy` ones (people) are counted only when opened, `nested` ones (decades) have values with
    values of their own."""

    key: str
    label: str
    lazy: bool = False
    nested: bool = False


@dataclass(frozen=True)
class FacetValue:
    """A value with the number of films of the current search that have it; `clause` is what it
    puts in the search box (None: it cannot be searched for); `key` names its own values (a
    decade's years) when it has some."""

    label: str
    count: int
    clause: str | None
    key: str | None = None


FIXED_FACETS: tuple[Facet, ...] = (
    Facet("genre", "Genre"),
    Facet("year", "Decade and year", nested=True),
    Facet("director", "Director", lazy=True),
    Facet("actor", "Actor", lazy=True),
    Facet("country", "Country"),
    Facet("language", "Language"),
    Facet("medium", "Medium"),
    Facet("location", "Location / shelf"),
    # custom choice fields go here (one facet each)
    Facet("has", "Has"),
    Facet("watched", "Watched"),
    Facet("loans", "On loan"),
    Facet("wishlist", "Owned / wanted"),
)
CUSTOM_AFTER = "location"  # the collector's choice fields follow this facet


def facets(choice_fields: list[tuple[int, str]]) -> tuple[Facet, ...]:
    """Every facet in the tree's order, with one per custom choice field (id, name)."""
    out: list[Facet] = []
    for facet in FIXED_FACETS:
        out.append(facet)
        if facet.key == CUSTOM_AFTER:
            out += [Facet(f"custom:{field_id}", name) for field_id, name in choice_fields]
    return tuple(out)


def quoted(value: str) -> str | None:
    """A value as the search language quotes it; None when it cannot be (it holds a quote mark)."""
    text = " ".join(str(value).split())
    return None if '"' in text or not text else f'"{text}"'


def clause(field: str, value: str, name: str | None = None) -> str | None:
    """`genre:"Drama"`, `field:"Format":"Steelbook"` — or None when the value cannot be written."""
    assert field in FIELDS, field
    value_text = quoted(value)
    if value_text is None:
        return None
    if field == "field":
        name_text = quoted(name or "")
        return None if name_text is None else f"field:{name_text}:{value_text}"
    return f"{field}:{value_text}"


_FIELD = re.compile(r"-?([a-z][a-z-]*):", re.IGNORECASE)


def tokens(query: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of the box as the search parser splits it: words, "phrases",
    field:value, field:"quoted value", field:"Name":value, each with its leading minus."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(query)
    while pos < n:
        if query[pos].isspace():
            pos += 1
            continue
        start = pos
        match = _FIELD.match(query, pos)
        if match and match.group(1).lower() in FIELDS:
            pos = match.end()
            if match.group(1).lower() == "field":
                pos = _skip_name(query, pos)
        elif query[pos] == "-":
            pos += 1
        if pos < n and query[pos] == '"':
            end = query.find('"', pos + 1)
            pos = n if end < 0 else end + 1
        while pos < n and not query[pos].isspace():
            pos += 1
        spans.append((start, pos))
    return spans


def _skip_name(query: str, pos: int) -> int:
    if pos < len(query) and query[pos] == '"':
        end = query.find('"', pos + 1)
        pos = len(query) if end < 0 else end + 1
    else:
        while pos < len(query) and query[pos] not in ": \t":
            pos += 1
    return pos + 1 if pos < len(query) and query[pos] == ":" else pos


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def applied(query: str) -> set[str]:
    """The clauses in the box, normalised (case and spaces), to tell which values are chosen."""
    return {_norm(query[a:b]) for a, b in tokens(query)}


def is_applied(query: str, clause_text: str) -> bool:
    return _norm(clause_text) in applied(query)


def toggle(query: str, clause_text: str) -> str:
    """The box with the clause added at its end, or taken out when it is there already."""
    spans = [(a, b) for a, b in tokens(query) if _norm(query[a:b]) == _norm(clause_text)]
    if not spans:
        stripped = query.rstrip()
        return f"{stripped} {clause_text}" if stripped else clause_text
    for a, b in reversed(spans):
        query = query[:a] + query[b:]
    return " ".join(query.split())


def exclude(query: str, clause_text: str) -> str:
    """The box with the films of this value left out (`-clause`), replacing the clause if there."""
    without = toggle(query, clause_text) if is_applied(query, clause_text) else query
    return toggle(without, f"-{clause_text}") if not is_applied(without, f"-{clause_text}") else without
