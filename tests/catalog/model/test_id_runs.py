"""IdRuns: ids kept as runs of consecutive ids, in order, and as plain data an undo step carries."""

from __future__ import annotations

import json

import pytest

from catalog.model.id_runs import IdRuns, run_ids


def test_consecutive_ids_make_one_run_and_come_back_in_order() -> None:
    runs = IdRuns(range(10, 400_010))
    runs.extend([7, 8, 500_000])
    assert len(runs) == 400_003 and runs.plain() == [[10, 400_009], [7, 8], [500_000, 500_000]]
    assert list(runs)[:2] == [10, 11] and list(runs)[-3:] == [7, 8, 500_000]
    assert 7 in runs and 400_009 in runs and 9 not in runs and 400_010 not in runs and "7" not in runs
    assert IdRuns([3, 1, 2]) == IdRuns([3, 1, 2]) != IdRuns([1, 2, 3])
    assert not IdRuns() and repr(runs) == "IdRuns(400,003 ids in 3 runs)"


def test_plain_runs_survive_json_and_bad_ones_are_refused() -> None:
    runs = IdRuns([5, 6, 7, 1, 9, 10])
    assert run_ids(json.loads(json.dumps(runs.plain()))) == [5, 6, 7, 1, 9, 10]
    assert IdRuns.from_plain(runs.plain()) == runs
    for bad in ([[3, 2]], [[1]], [[1, "2"]], [[True, 2]], [[1, 2, 3]]):
        with pytest.raises(ValueError, match="not a run of ids"):
            run_ids(bad)
