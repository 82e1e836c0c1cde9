"""IdRuns: ids in the order they came, held as runs of consecutive ids. A bulk load hands out ids
in a few long runs, so the 400,000 picture ids an import of 100,000 films makes are a run or
two, not 16 MB of Python ints. As plain data (`plain`, `from_plain`) it is a list of [first, last]
pairs, which an undo step can carry (through JSON too).

Thread rules: none (each owner keeps its own)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any


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
