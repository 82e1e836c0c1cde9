"""The near-duplicate candidates of a new picture, picked from arrays, are the ones the plain rule
picks: every picture within CANDIDATE_MAX_DISTANCE bits (or with no dHash), and of a close shape
when both shapes are known."""

from __future__ import annotations

import math
import random

from catalog.imaging.candidates import ASPECT_ROOM, Candidates
from catalog.imaging.probe import CANDIDATE_MAX_DISTANCE
from catalog.imaging.similar import MAX_ASPECT


def plain_rule(pictures: list[tuple[int | None, float | None, int]], phash: int, aspect: float | None) -> list[int]:
    return [item for h, a, item in pictures
            if (h is None or (h ^ phash).bit_count() <= CANDIDATE_MAX_DISTANCE)
            and (a is None or aspect is None or abs(math.log(a / aspect)) <= ASPECT_ROOM)]


def test_the_candidates_are_those_of_the_plain_rule_in_their_order() -> None:
    rng = random.Random(14)
    shapes = [2 / 3, 27 / 40, 16 / 9, 1.85, 2.39, 4 / 3, 1.0]
    index: Candidates[int] = Candidates()
    pictures: list[tuple[int | None, float | None, int]] = []
    base = rng.getrandbits(64)
    for item in range(3000):  # past several growths of the arrays
        near = base ^ sum(1 << b for b in rng.sample(range(64), rng.randrange(0, 40)))
        phash = None if item % 97 == 0 else (near if item % 3 else rng.getrandbits(64))
        aspect = None if item % 89 == 0 else rng.choice(shapes) * rng.uniform(0.97, 1.03)
        index.add(phash, aspect, item)
        pictures.append((phash, aspect, item))
        if item % 250 == 0 or item == 2999:
            for probe in (base, rng.getrandbits(64), 0, (1 << 64) - 1):
                for aspect_asked in (2 / 3, 1.85, None):
                    found = [it for _, it in index.near(probe, aspect_asked)]
                    assert found == plain_rule(pictures, probe, aspect_asked)
    assert len(index) == 3000
    picked = index.near(base, 2 / 3)
    assert picked and all(h is None or (h ^ base).bit_count() <= CANDIDATE_MAX_DISTANCE for h, _ in picked)
    assert ASPECT_ROOM > MAX_ASPECT  # never stricter than the signatures' own test


def test_an_empty_index_has_no_candidates() -> None:
    assert Candidates[str]().near(0, 1.5) == []
