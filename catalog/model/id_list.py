"""IdList: film ids in display order, held compactly — a numpy int64 array (8 bytes an id: a million
films are 8 MB, and finding and splicing them run in C), or a plain list while the list is of a
size where that is as quick (so that opening an ordinary catalogue never imports numpy).

Values, not views: the methods that change the list return a new one. Thread rules: none (each
owner keeps its own); the row-by-id index is built on the first lookup and kept."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, overload

from catalog.model.id_runs import IdSet

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Ids = NDArray[np.int64]
else:
    Ids = Any

SMALL = 300_000  # up to this many ids a list is as quick as an array for what the window does
FEW = 8  # rows of up to this many films are found by scanning the list, not by mapping all of it


def as_array(ids: Iterable[int]) -> Ids:
    import numpy as np

    if isinstance(ids, np.ndarray):
        return ids.astype(np.int64, copy=False)
    return np.fromiter(ids, dtype=np.int64)


def _index(ids: list[int], film_id: int) -> int:
    try:
        return ids.index(film_id)
    except ValueError:
        return -1


def _is_array(ids: object) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(ids, numpy.ndarray)


class IdList:
    __slots__ = ("_ids", "_rows")

    def __init__(self, ids: Ids | Sequence[int] = ()) -> None:
        self._ids: Any = ids if _is_array(ids) else list(ids)
        self._rows: Any = None  # film id -> row, built on the first lookup

    def array(self) -> Ids:
        """The ids as an int64 array (do not modify)."""
        if not _is_array(self._ids):
            self._ids = as_array(self._ids)
        return self._ids  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        found = self._ids[index]
        if isinstance(index, int):
            return int(found)
        return found if isinstance(found, list) else found.tolist()

    def tolist(self) -> list[int]:
        return list(self._ids) if isinstance(self._ids, list) else self._ids.tolist()

    def __iter__(self) -> Iterator[int]:
        return iter(self.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdList | list):
            return self.tolist() == (other.tolist() if isinstance(other, IdList) else other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdList({len(self):,} ids)"

    # -- finding ------------------------------------------------------------------------------------

    def position(self, film_id: int) -> int | None:
        """The row of a film, or None."""
        found = self.positions([film_id])[0]
        return None if found < 0 else found

    def positions(self, film_ids: Iterable[int]) -> list[int]:
        """The rows of these films (-1 for a film not in the list)."""
        wanted = list(film_ids)
        if isinstance(self._ids, list):
            if self._rows is None and len(wanted) <= FEW:  # a scan in C each: no map of every film
                return [_index(self._ids, fid) for fid in wanted]
            if self._rows is None:
                self._rows = {fid: row for row, fid in enumerate(self._ids)}
            return [self._rows.get(fid, -1) for fid in wanted]
        if not wanted:
            return []
        return self.rows_of(as_array(wanted)).tolist()  # type: ignore[no-any-return]

    def rows_of(self, asked: Ids) -> Ids:
        """As `positions`, array in, array out (for whole lists)."""
        import numpy as np

        ids = self.array()
        if not len(ids) or not len(asked):
            return np.full(len(asked), -1, dtype=np.int64)
        if not isinstance(self._rows, tuple):
            top = int(ids.max())
            if int(ids.min()) >= 0 and top <= 4 * len(ids) + 1_000_000:  # dense ids: a table of rows
                table = np.full(top + 1, -1, dtype=np.int64)
                table[ids] = np.arange(len(ids), dtype=np.int64)
                self._rows = ("table", table)
            else:  # sparse ids: binary search over a sorted copy
                order = np.argsort(ids, kind="stable")
                self._rows = ("sorted", ids[order], order)
        if self._rows[0] == "table":
            table = self._rows[1]
            inside = (asked >= 0) & (asked < len(table))
            out = np.full(len(asked), -1, dtype=np.int64)
            out[inside] = table[asked[inside]]
            return out
        _, keys, order = self._rows
        at = np.minimum(np.searchsorted(keys, asked), len(keys) - 1)
        return np.where(keys[at] == asked, order[at], -1)

    # -- new lists ----------------------------------------------------------------------------------

    def without_rows(self, first: int, last: int) -> IdList:
        """This list less rows first..last (inclusive)."""
        if isinstance(self._ids, list):
            return IdList(self._ids[:first] + self._ids[last + 1:])
        import numpy as np

        return IdList(np.concatenate((self._ids[:first], self._ids[last + 1:])))

    def with_rows(self, row: int, film_ids: Sequence[int]) -> IdList:
        """This list with these ids inserted before `row`."""
        if isinstance(self._ids, list):
            return IdList(self._ids[:row] + list(film_ids) + self._ids[row:])
        import numpy as np

        return IdList(np.concatenate((self._ids[:row], as_array(film_ids), self._ids[row:])))


def as_set(ids: Iterable[int]) -> AbstractSet[int]:
    """The ids as a set, the one given when it is one (a bulk write's are of 100,000 ids, often an
    IdSet of a run or two: not copied on their way through). Do not modify the result."""
    return ids if isinstance(ids, AbstractSet) else set(ids)


def came_and_went(before: Sequence[int] | Any, now: Sequence[int] | Any
                  ) -> tuple[set[int] | IdSet[int], set[int] | IdSet[int]]:
    """(the ids in `now` but not in `before`, those in `before` but no longer in `now`), each of
    them unique (lists or arrays): compared as arrays, never as sets of every id (a million films
    made two sets of ~60 MB each)."""
    if isinstance(before, list) and isinstance(now, list) and len(before) < SMALL and len(now) < SMALL:
        old, new = set(before), set(now)
        return new - old, old - new
    import numpy as np

    old_ids, new_ids = as_array(before), as_array(now)
    # (as runs: with nothing to compare against, "came" is every film of the catalogue)
    return (IdSet(np.setdiff1d(new_ids, old_ids, assume_unique=True).tolist()),
            IdSet(np.setdiff1d(old_ids, new_ids, assume_unique=True).tolist()))


def amended(ids: Sequence[int] | Any, added: Iterable[int], removed: Iterable[int]) -> list[int] | Ids:
    """`ids` (unique) with `added` and without `removed`, sorted."""
    if isinstance(ids, list) and len(ids) < SMALL:
        return sorted((set(ids) | set(added)) - set(removed))
    import numpy as np

    return np.setdiff1d(np.union1d(as_array(ids), as_array(sorted(added))), as_array(sorted(removed)))
