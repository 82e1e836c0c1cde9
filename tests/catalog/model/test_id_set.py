"""IdSet (the ids a change names, as runs) behaves as a set of ids does; VersionMap and
LayeredVersions answer as the dicts they stand for."""

from __future__ import annotations

import random

from catalog.model.id_runs import IdSet, LayeredVersions, VersionMap


def test_an_id_set_agrees_with_a_set_through_random_edits_and_algebra() -> None:
    rng = random.Random(7)
    for _ in range(200):
        mine: IdSet[int | None] = IdSet()
        theirs: set[int | None] = set()
        for _ in range(rng.randrange(1, 120)):
            value = None if rng.random() < 0.05 else rng.randrange(0, 50)
            roll = rng.random()
            if roll < 0.5:
                mine.add(value)
                theirs.add(value)
            elif roll < 0.7:
                mine.discard(value)
                theirs.discard(value)
            else:
                more = [rng.randrange(0, 50) for _ in range(rng.randrange(0, 8))]
                mine.update(more)
                theirs.update(more)
            assert set(mine) == theirs and len(mine) == len(theirs)
        assert all((v in mine) == (v in theirs) for v in [None, -1, *range(52), "7", True])
        other = {rng.randrange(0, 50) for _ in range(15)}
        for got, want in ((mine | other, theirs | other), (other | mine, theirs | other),
                          (mine & other, theirs & other), (mine - other, theirs - other),
                          (other - mine, other - theirs)):
            assert set(got) == want
        assert isinstance(mine | other, IdSet) and mine == theirs


def test_the_films_of_a_bulk_load_are_one_run_whatever_their_number() -> None:
    films = IdSet(range(1, 1_000_001))
    assert len(films) == 1_000_000 and 500_000 in films and 0 not in films and 1_000_001 not in films
    assert films.plain() == [[1, 1_000_000]] and repr(films) == "IdSet(1,000,000 ids in 1 runs)"
    films -= {10, 11}
    films.update([10])
    assert films.plain() == [[1, 10], [12, 1_000_000]] and len(films) == 999_999


def test_versions_as_runs_and_in_layers_answer_as_one_dict_would() -> None:
    big = VersionMap([(n, 1) for n in range(100, 20_100)] + [(7, 4)])
    assert len(big) == 20_001 and big[150] == 1 and big.get(7) == 4 and big.get(99) is None
    own = LayeredVersions()
    own.update({1: 2, 150: 5})  # older, small
    own.update(big)             # then a bulk write
    own.update({150: 2})        # then an edit of one of its films
    assert (own.get(1), own.get(150), own.get(151), own.get(7), own.get(99_999)) == (2, 2, 1, 4, None)


def test_in_place_algebra_and_numpy_ids_and_a_change_merging_sets_with_id_sets() -> None:
    import json

    import numpy as np

    from catalog.ops.change import Change

    runs: IdSet[int | None] = IdSet(range(10, 20))
    runs |= {None, 25}
    runs -= IdSet([12, 13])
    plain: set[int | None] = {1, 2}
    plain |= runs  # (a set takes an IdSet in as an IdSet would)
    assert set(plain) == {1, 2, None, 10, 11, *range(14, 20), 25}
    assert np.int64(15) in runs and np.int64(12) not in runs
    numbers = IdSet(np.array([5, 6, 7, 9]))
    numbers.discard(np.int64(6))
    assert numbers.plain() == [[5, 5], [7, 7], [9, 9]] and json.dumps(numbers.plain())
    small, big = Change(), Change()
    small.added, small.galleries = {3}, {None}
    big.added, big.galleries = IdSet(range(100, 5_100)), IdSet([None, *range(100, 5_100)])
    small.merge(big)
    assert len(small.added) == 5_001 and 3 in small.added and 4_000 in small.galleries and None in small.galleries
