"""The pictures a new one may be a near-duplicate of, found at once among many.

An import compares each new picture with the pictures already on its film (or in Unsorted, which
may hold thousands). Only those whose dHash is within CANDIDATE_MAX_DISTANCE bits and whose shape
is close are worth comparing by signature (catalog.imaging.similar.likeness, which decides). This
index keeps their hashes and shapes in arrays and picks them with one vectorised pass: looking
through a Python list of 10,000 pictures took 1.2 ms a new picture, and loading the signature of
each candidate before its shape was looked at decoded pictures of another shape."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Generic, TypeVar

from catalog.imaging.probe import CANDIDATE_MAX_DISTANCE
from catalog.imaging.similar import MAX_ASPECT

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")
# The shape kept here comes from a picture's stored size; its signature's, which likeness compares,
# from the decoded (perhaps DCT-scaled) image: a little room, so that none likeness would keep is left out.
ASPECT_ROOM = MAX_ASPECT + 0.02


def aspect_of(width: int | None, height: int | None) -> float | None:
    """A picture's shape, width / height as shown (None when its size is not known)."""
    return width / height if width and height else None


class Candidates(Generic[T]):
    """Pictures by dHash (None: not known, always a candidate) and shape (width / height as shown,
    None: not known), each with an item of the caller's."""

    def __init__(self) -> None:
        self.items: list[T] = []
        self._arrays: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.items)

    def add(self, phash: int | None, aspect: float | None, item: T) -> None:
        n = len(self.items)
        if self._arrays is None or n == len(self._arrays[0]):
            self._grow(max(64, 2 * n))
        assert self._arrays is not None
        hashes, known, shapes, shaped = self._arrays
        hashes[n], known[n] = (phash or 0), phash is not None
        shaped[n] = aspect is not None and aspect > 0
        shapes[n] = math.log(aspect) if aspect is not None and aspect > 0 else 0.0
        self.items.append(item)

    def _grow(self, size: int) -> None:
        import numpy as np

        grown = (np.zeros(size, np.uint64), np.zeros(size, bool), np.zeros(size, np.float64), np.zeros(size, bool))
        if self._arrays is not None:
            for new, old in zip(grown, self._arrays, strict=True):
                new[:len(self.items)] = old[:len(self.items)]
        self._arrays = grown

    def near(self, phash: int, aspect: float | None) -> list[tuple[int | None, T]]:
        """(dHash, item) of every picture within CANDIDATE_MAX_DISTANCE bits of `phash` (or of an
        unknown one) and, when both shapes are known, of a shape close to `aspect`; in the order
        they were added."""
        if not self.items:
            return []
        import numpy as np

        assert self._arrays is not None
        hashes, known, shapes, shaped = (a[:len(self.items)] for a in self._arrays)
        picked = ~known | (np.bitwise_count(hashes ^ np.uint64(phash)) <= CANDIDATE_MAX_DISTANCE)
        if aspect is not None and aspect > 0:
            picked &= ~shaped | (np.abs(shapes - math.log(aspect)) <= ASPECT_ROOM)
        return [(int(hashes[i]) if known[i] else None, self.items[i]) for i in np.flatnonzero(picked).tolist()]
