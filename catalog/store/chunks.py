"""Long lists of values asked about in pieces: a statement names at most IN_CHUNK of them in its
`IN (?, …)` (SQLite allows 32,766 variables; a server's statement stays small)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

T = TypeVar("T")

IN_CHUNK = 500


def in_chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[tuple[list[T], str]]:
    """Each piece of `values` (in order) with its placeholders: `(chunk, "?,?,…")`."""
    items = list(values)
    for start in range(0, len(items), size):
        chunk = items[start:start + size]
        yield chunk, placeholders(chunk)


def placeholders(values: Sized) -> str:
    """The placeholders of an `IN (…)` for these values (a chunk: at most IN_CHUNK of them)."""
    return ",".join("?" * len(values))
