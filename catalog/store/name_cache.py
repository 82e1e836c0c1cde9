"""NameCache: names (or name keys) -> ids for the length of a bulk load, holding at most `limit` of
them. When it is full the older half is forgotten, to be looked up in its table again if it comes
back: an import of 100,000 films may name half a million people, and a cache of every one of them
would grow with the file (~150 bytes a name); the names of the last batches stay.

A cache, never the truth: every user asks the table when a name is not in it. Thread rules: none
(a bulk load runs on one thread)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.store import Store

CACHE_NAMES = 50_000  # names a cache holds at most (~7 MB)


class NameCache(dict[str, int]):
    def __init__(self, items: Mapping[str, int] | Iterable[tuple[str, int]] = (), limit: int | None = None) -> None:
        super().__init__()
        self.limit = CACHE_NAMES if limit is None else limit
        self.update(items)

    def __setitem__(self, key: str, value: int) -> None:
        if key not in self and len(self) >= self.limit:
            for old in list(itertools.islice(self, len(self) - self.limit // 2)):
                del self[old]
        super().__setitem__(key, value)

    def setdefault(self, key: str, value: int) -> int:
        if key not in self:
            self[key] = value
        return self[key]

    def update(self, items: Mapping[str, int] | Iterable[tuple[str, int]] = (), /) -> None:  # type: ignore[override]
        for key, value in items.items() if isinstance(items, Mapping) else items:
            self[key] = value


def preloaded(store: Store, sql: str) -> NameCache:
    """A cache of the (id, key) rows `sql` selects, when there are at most CACHE_NAMES of them (the
    last of a key wins); else an empty one (the names are looked up as they come)."""
    rows = store.rows(f"{sql} LIMIT ?", (CACHE_NAMES + 1,))
    return NameCache((key, id_) for id_, key in rows) if len(rows) <= CACHE_NAMES else NameCache()
