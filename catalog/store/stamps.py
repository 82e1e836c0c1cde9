"""Row versions of films (migration 9): every write transaction that changes a film, or anything
on it, stamps it once before it commits — `version` + 1, `changed_by` (the member: the server's
role name, or the user of this computer), `changed_at` (UTC, ISO). An edit made against an older
version, or an undo of a film that has moved on since, is refused by catalog.ops with both sides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog.model.id_list import as_set
from catalog.model.id_runs import VersionMap
from catalog.store.chunks import in_chunks

if TYPE_CHECKING:
    from catalog.store import Store


MANY = 5_000  # films whose versions are kept as runs (VersionMap) rather than a dict


@dataclass(frozen=True)
class Stamp:
    version: int
    changed_by: str | None
    changed_at: str | None


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RowStamps:
    def __init__(self, store: Store) -> None:
        self.store = store

    def stamp(self, film_ids: Iterable[int]) -> None:
        """Inside the write transaction: these films changed (one new version each)."""
        ids = sorted(as_set(film_ids))
        at = utc_now()
        for chunk, marks in in_chunks(ids):
            self.store.execute(f"UPDATE film SET version = version + 1, changed_by = ?, changed_at = ? "
                               f"WHERE id IN ({marks})", (self.store.member, at, *chunk))

    def of(self, film_id: int, lock: bool = False) -> Stamp | None:
        """The film's stamp (None: no such film). `lock`: inside a write transaction, hold the row
        until the commit so no one else changes it between this check and the write."""
        suffix = " FOR UPDATE" if lock and self.store.server is not None else ""
        row = self.store.one(f"SELECT version, changed_by, changed_at FROM film WHERE id = ?{suffix}", (film_id,))
        return None if row is None else Stamp(*row)

    def versions(self, film_ids: Iterable[int]) -> Mapping[int, int]:
        """Each film's row version: a dict, or for many films a VersionMap (an import's are one run)."""
        ids = sorted(as_set(film_ids))
        rows = (row for chunk, marks in in_chunks(ids)
                for row in self.store.rows(f"SELECT id, version FROM film WHERE id IN ({marks})", chunk))
        return VersionMap(rows) if len(ids) > MANY else dict(rows)
