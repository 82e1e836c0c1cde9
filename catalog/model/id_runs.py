"""IdRuns: ids in the order they came, held as runs of consecutive ids. A bulk load hands out ids
in a few long runs, so the 400,000 picture ids an import of 100,000 films makes are a run or
two, not 16 MB of Python ints. As plain data (`plain`, `from_plain`) it is a list of [first, last]
pairs, which an undo step can carry (through JSON too).

Thread rules: none (each owner keeps its own)."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Iterator, Mapping, MutableSet, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar, cast

T = TypeVar("T", bound="int | None")


class IdRuns:
    __slots__ = ("_count", "_runs")

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._runs: list[list[int]] = []  # [first, last], in the order the ids came
        self._count = 0
        self.extend(ids)

    def append(self, id_: int) -> None:
        runs = self._runs
        if runs and runs[-1][1] + 1 == id_:
            runs[-1][1] = id_
        else:
            runs.append([id_, id_])
        self._count += 1

    def extend(self, ids: Iterable[int]) -> None:
        for id_ in ids:
            self.append(id_)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for first, last in self._runs:
            yield from range(first, last + 1)

    def __contains__(self, id_: object) -> bool:
        return isinstance(id_, int) and any(first <= id_ <= last for first, last in self._runs)

    def plain(self) -> list[list[int]]:
        """The runs as plain data: [[first, last], …]."""
        return [list(run) for run in self._runs]

    @classmethod
    def from_plain(cls, runs: Sequence[Sequence[int]]) -> IdRuns:
        """The ids of `plain`'s runs (ValueError for anything else)."""
        made = cls()
        for run in runs:
            if (len(run) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) for x in run)
                    or run[0] > run[1]):
                raise ValueError(f"not a run of ids: {run!r}")
            made._runs.append([run[0], run[1]])
            made._count += run[1] - run[0] + 1
        return made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdRuns):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdRuns({self._count:,} ids in {len(self._runs):,} runs)"


def run_ids(runs: Any) -> list[int]:
    """The ids of plain runs ([[first, last], …]) as a list."""
    return list(IdRuns.from_plain(runs))


class IdSet(MutableSet[T]):
    """A set of ids (and perhaps None: the inbox, in a change's galleries) held as sorted runs of
    consecutive ids: the 100,000 films an import adds are a run or two, not 13 MB of set. Set
    algebra with other sets works (the results are IdSets); membership is a binary search."""

    __slots__ = ("_count", "_ends", "_none", "_starts")

    def __init__(self, ids: Iterable[T] = ()) -> None:
        self._starts: list[int] = []  # run i holds _starts[i] .. _ends[i], the runs sorted and apart
        self._ends: list[int] = []
        self._count = 0
        self._none = False
        self.update(ids)

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> IdSet[Any]:
        return cls(it)

    def update(self, ids: Iterable[T]) -> None:
        if isinstance(ids, IdSet):
            if ids._none:
                self.add(cast(T, None))
            runs: Iterable[tuple[int, int]] = zip(ids._starts, ids._ends, strict=True)
        elif isinstance(ids, IdRuns):
            runs = ((first, last) for first, last in ids.plain())
        else:
            values = list(ids)
            if None in values:
                self.add(cast(T, None))
                values = [v for v in values if v is not None]
            runs = _runs_of(sorted(cast(list[int], values)))
        for first, last in runs:
            self._add_run(first, last)

    def _add_run(self, first: int, last: int) -> None:
        first, last = operator.index(first), operator.index(last)  # (an int64 of numpy: a plain int)
        starts, ends = self._starts, self._ends
        at = bisect.bisect_left(ends, first - 1)  # the first run that ends at or after first - 1
        end = at
        while end < len(starts) and starts[end] <= last + 1:  # the runs it touches or overlaps
            end += 1
        if at == end:
            starts.insert(at, first)
            ends.insert(at, last)
            self._count += last - first + 1
            return
        merged_first, merged_last = min(first, starts[at]), max(last, ends[end - 1])
        self._count -= sum(ends[i] - starts[i] + 1 for i in range(at, end))
        starts[at:end], ends[at:end] = [merged_first], [merged_last]
        self._count += merged_last - merged_first + 1

    def add(self, value: T) -> None:
        if value is None:
            self._count += not self._none
            self._none = True
        else:
            self._add_run(cast(int, value), cast(int, value))

    def discard(self, value: T) -> None:
        if value is None:
            self._count -= self._none
            self._none = False
            return
        if value not in self:
            return
        number = operator.index(value)
        at = bisect.bisect_left(self._ends, number)
        first, last = self._starts[at], self._ends[at]
        pieces = [(a, b) for a, b in ((first, number - 1), (number + 1, last)) if a <= b]
        self._starts[at:at + 1] = [a for a, _ in pieces]
        self._ends[at:at + 1] = [b for _, b in pieces]
        self._count -= 1

    # The set algebra the changes use, typed as IdSets (and a union of two of them run by run).
    def __or__(self, other: AbstractSet[T]) -> IdSet[T]:  # type: ignore[override]
        made = IdSet(self)
        made.update(other)
        return made

    __ror__ = __or__

    def __and__(self, other: AbstractSet[Any]) -> IdSet[T]:
        small, big = (self, other) if len(self) <= len(other) else (other, self)
        return IdSet(v for v in small if v in big)

    def __sub__(self, other: AbstractSet[Any]) -> IdSet[T]:
        return IdSet(v for v in self if v not in other)

    def __ior__(self, other: AbstractSet[T]) -> IdSet[T]:  # type: ignore[override]
        self.update(other)
        return self

    def __isub__(self, other: AbstractSet[Any]) -> IdSet[T]:
        for value in list(other) if other is self else other:
            self.discard(value)
        return self

    def __contains__(self, value: object) -> bool:
        if value is None:
            return self._none
        try:
            number = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            return False
        at = bisect.bisect_left(self._ends, number)
        return at < len(self._starts) and self._starts[at] <= number

    def __iter__(self) -> Iterator[T]:
        if self._none:
            yield cast(T, None)
        for first, last in zip(self._starts, self._ends, strict=True):
            yield from cast(Iterator[T], iter(range(first, last + 1)))

    def __len__(self) -> int:
        return self._count

    def plain(self) -> list[list[int]]:
        """Its ids (not None) as plain runs, [[first, last], …], as IdRuns.plain gives them."""
        return [[first, last] for first, last in zip(self._starts, self._ends, strict=True)]

    def __repr__(self) -> str:
        return f"IdSet({self._count:,} ids in {len(self._starts):,} runs)"


def _runs_of(ids: list[int]) -> Iterator[tuple[int, int]]:
    """The runs of consecutive ids in a sorted list (repeats allowed)."""
    first = last = None
    for id_ in ids:
        if last is not None and id_ <= last + 1:
            last = max(last, id_)
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = id_
    if first is not None and last is not None:
        yield first, last


class VersionMap(Mapping[int, int]):
    """Film id -> row version, for the many films of a bulk write: the ids of each version as an
    IdSet (an import's films all have the same version: one run, not a 6 MB dict)."""

    __slots__ = ("_by_version",)

    def __init__(self, pairs: Iterable[tuple[int, int]]) -> None:
        grouped: dict[int, list[int]] = {}
        for film_id, version in pairs:
            grouped.setdefault(version, []).append(film_id)
        self._by_version = {version: IdSet(ids) for version, ids in grouped.items()}

    def __getitem__(self, film_id: int) -> int:
        found: int | None = self.get(film_id)
        if found is None:
            raise KeyError(film_id)
        return found

    def get(self, film_id: int, default: Any = None) -> Any:
        for version, ids in self._by_version.items():
            if film_id in ids:
                return version
        return default

    def __iter__(self) -> Iterator[int]:
        for ids in self._by_version.values():
            yield from ids

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._by_version.values())


class LayeredVersions:
    """The versions a catalogue object's own changes gave films, newest first: small changes'
    in a dict, a bulk write's VersionMap kept whole as a layer of its own (not copied into the
    dict id by id). Thread rules: `update` under the caller's lock; `get` from any thread."""

    def __init__(self) -> None:
        self._layers: list[Mapping[int, int]] = []  # newest first; the newest dict takes small updates

    def update(self, versions: Mapping[int, int]) -> None:
        if not versions:
            return
        if isinstance(versions, VersionMap):
            self._layers.insert(0, versions)
        elif self._layers and isinstance(self._layers[0], dict):
            self._layers[0].update(versions)
        else:
            self._layers.insert(0, dict(versions))

    def get(self, film_id: int) -> int | None:
        for layer in tuple(self._layers):  # (a commit on another thread may add one meanwhile)
            found = layer.get(film_id)
            if found is not None:
                return found
        return None
