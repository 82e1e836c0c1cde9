"""IdList holds the film list's ids as a plain list (an ordinary catalogue) or an int64 array (a
big one); either way it must answer exactly as a Python list of the same ids would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.model.id_list import IdList

# Distinct ids, dense (1..n shuffled) or sparse (large gaps: the sorted-copy lookup, not the table).
ids_lists = st.one_of(
    st.permutations(list(range(1, 60))),
    st.lists(st.integers(1, 10**12), unique=True, max_size=60),
)


def both(ids: list[int]) -> tuple[IdList, IdList]:
    return IdList(list(ids)), IdList(np.array(ids, dtype=np.int64))


@settings(max_examples=150, deadline=None)
@given(ids=ids_lists, asked=st.lists(st.integers(0, 70), max_size=10))
def test_positions_are_the_rows_a_list_would_give(ids: list[int], asked: list[int]) -> None:
    asked = asked + ids[:3]
    expected = [ids.index(fid) if fid in ids else -1 for fid in asked]
    for id_list in both(ids):
        assert id_list.positions(asked) == expected
        assert [id_list.position(fid) for fid in asked] == [None if e < 0 else e for e in expected]


@settings(max_examples=150, deadline=None)
@given(ids=ids_lists, data=st.data())
def test_removing_and_inserting_rows_match_a_list(ids: list[int], data: st.DataObject) -> None:
    for id_list in both(ids):
        if ids:
            first = data.draw(st.integers(0, len(ids) - 1))
            last = data.draw(st.integers(first, len(ids) - 1))
            shorter = id_list.without_rows(first, last)
            assert shorter.tolist() == ids[:first] + ids[last + 1:]
            assert id_list.tolist() == ids  # a value: the original is unchanged
        row = data.draw(st.integers(0, len(ids)))
        new = [10**13 + 1, 10**13 + 2]
        longer = id_list.with_rows(row, new)
        assert longer.tolist() == ids[:row] + new + ids[row:]
        assert longer.positions(new) == [row, row + 1]
        assert len(longer) == len(ids) + 2 and list(longer) == longer.tolist()
        if ids:
            assert longer[row] == new[0] and longer[0:2] == (ids[:row] + new + ids[row:])[0:2]


def test_a_list_and_an_array_of_the_same_ids_are_equal_and_look_alike() -> None:
    as_list, as_array = both([5, 3, 9])
    assert as_list == as_array == [5, 3, 9]
    assert isinstance(as_list[0], int) and isinstance(as_array[0], int)  # never numpy scalars
    assert repr(as_array) == "IdList(3 ids)"
    assert as_list.array().dtype == np.int64 and as_list.array().tolist() == [5, 3, 9]
