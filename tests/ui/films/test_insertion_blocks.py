"""Where new films go in the list shown: the array path a big list takes must place them exactly
as the plain path an ordinary list takes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from catalog.model.id_list import IdList
from ui.films.film_table_model import _insertion_blocks


def plain_blocks(shown: list[int], order: list[int], new: list[int]) -> dict[int, list[int]]:
    """The reference: each new film after the film shown nearest before it in the new order."""
    adding, blocks, anchor = set(new), {}, 0
    rows = {fid: row for row, fid in enumerate(shown)}
    for fid in order:
        if fid in adding:
            blocks.setdefault(anchor, []).append(fid)
            adding.discard(fid)
        elif fid in rows:
            anchor = rows[fid] + 1
    if adding:
        blocks.setdefault(len(shown), []).extend(f for f in new if f in adding)
    return blocks


@pytest.mark.parametrize("seed", range(4))
def test_a_big_list_places_new_films_as_a_small_one_would(seed: int) -> None:
    rng = random.Random(seed)
    everything = list(range(1, 30_001))
    rng.shuffle(everything)
    new = [*rng.sample(everything, 12), 99_999_999]  # the last one the search does not match
    order = [fid for fid in everything if fid != 99_999_999]
    shown = [fid for fid in order if fid not in new and rng.random() < 0.9]  # a search shows most
    assert len(order) > 20_000  # the array path
    found = _insertion_blocks(IdList(np.array(shown)), IdList(np.array(order)), new)
    assert found == plain_blocks(shown, order, new)
    assert found[len(shown)][-1] == 99_999_999  # a film the search does not match: seen at the end
