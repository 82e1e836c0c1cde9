"""Near-duplicate pictures, measured: the same picture resized, recompressed, re-encoded (PNG↔JPEG)
or cropped a little — and not merely a picture of similar brightness layout.

A picture's `Signature` is a 64×64 colour reduction of the upright image and its aspect ratio
(12 KB, made from the importer's reduced working copy, never stored). Two signatures match when
their aspect ratios are close and, for one of a few small crops of either (a crop of up to ~6 %
is still the same picture), the 32×32 grey images correlate strongly (the same shapes) AND differ
little in absolute terms (the same tones) AND the 8×8 colour images differ little (the same
colours). Correlation alone matched different gradients and tinted copies of one design; absolute
differences alone matched dark night skies to each other; together they need all three.

The thresholds were chosen on benchmarks/near_duplicates.py's labelled set of real photos (the
Debian wallpaper packages), their variants, and strangers including low-detail pictures
(gradients, stripes, night skies, blurs); see the README's Reliability section for the figures.
Pure functions: call from any thread or a worker process."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image

T = TypeVar("T")
BASE = 64            # side of the colour reduction kept per picture
GREY, COLOUR = 32, 8  # sides compared
MAX_ASPECT = 0.12    # |log(aspect a / aspect b)|: a small crop changes it a little, a poster vs a backdrop a lot
MIN_CORRELATION = 0.92
MAX_GREY_DIFF = 10.0   # mean absolute difference, 0-255
MAX_COLOUR_DIFF = 8.0  # mean absolute difference per channel, 0-255
FLAT = 4.0             # a 32×32 grey image with less spread than this has no shapes to correlate…
FLAT_FINE = 0.5        # …and a 64×64 one with less than this has no detail at all
QUICK_REJECT_COLOUR = 4 * MAX_COLOUR_DIFF  # uncropped colours this far apart: no small crop makes them alike
# Uncropped grey images correlating less than this: no small crop is tried. On the labelled set the
# crops found correlate at least 0.42 uncropped (5 % off one side; 3 % all round: 0.60), and 84 % of
# stranger pairs less than 0.3 — the crops were most of the time an import spent comparing.
CROP_MIN_CORRELATION = 0.25
# Crops tried (left, top, right, bottom as fractions): none, a little all round, one side each.
CROPS = ((0, 0, 0, 0), (0.03, 0.03, 0.03, 0.03), (0.05, 0, 0, 0), (0, 0, 0.05, 0), (0, 0.05, 0, 0),
         (0, 0, 0, 0.05), (0.025, 0, 0.025, 0), (0, 0.025, 0, 0.025))


@dataclass(frozen=True, slots=True)
class Signature:
    pixels: bytes   # BASE × BASE RGB
    aspect: float   # width / height as displayed

    def image(self) -> Image.Image:
        return Image.frombytes("RGB", (BASE, BASE), self.pixels)


@dataclass(frozen=True, slots=True)
class Likeness:
    correlation: float
    grey_diff: float
    colour_diff: float
    aspect_diff: float

    @property
    def near(self) -> bool:
        return (self.aspect_diff <= MAX_ASPECT and self.correlation >= MIN_CORRELATION
                and self.grey_diff <= MAX_GREY_DIFF and self.colour_diff <= MAX_COLOUR_DIFF)

    def describe(self) -> str:
        return f"{self.correlation:.0%} alike"


def signature(img: Image.Image, orientation: int = 1) -> Signature:
    """The signature of a decoded picture (any mode); `orientation` the EXIF one to show it upright."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Over mid-grey, so that white (or black) shapes on a transparent ground still show.
        small = img.convert("RGBA").resize((BASE, BASE), Image.Resampling.BOX)
        small = Image.alpha_composite(Image.new("RGBA", small.size, (128, 128, 128, 255)), small).convert("RGB")
    else:
        small = (img if img.mode == "RGB" else img.convert("RGB")).resize((BASE, BASE), Image.Resampling.BOX)
    width, height = img.size
    if orientation >= 5:
        width, height = height, width
    small = _upright(small, orientation)
    return Signature(small.tobytes(), width / height if height else 1.0)


def signature_of_file(path: Path) -> Signature:
    """The signature of a picture file (decoded in draft mode: the reduction needs few pixels)."""
    with Image.open(path) as img:
        if img.format in ("JPEG", "MPO"):
            img.draft("RGB", (BASE * 4, BASE * 4))
        img.load()
        orientation = img.getexif().get(0x0112, 1) if hasattr(img, "getexif") else 1
        return signature(img, orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1)


_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def _upright(img: Image.Image, orientation: int) -> Image.Image:
    """The picture as displayed, given its EXIF orientation (as PIL.ImageOps.exif_transpose)."""
    return img.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else img


@dataclass(frozen=True, slots=True)
class _View:
    grey: Any               # the grey image's pixels, 32×32 (or 64×64 for a picture with little to see), int64
    total: int              # sum of grey
    squares: int            # Σx² of grey
    variance: int           # n·Σx² − (Σx)²: n² times the variance, exact (correlation needs no floats till the end)
    spread: float           # standard deviation of grey
    colour: bytes           # 8×8 RGB


# Sums over pixels in numpy, exact integers: in Python a sum over 1024 pixel values cost as much as
# the rest of comparing two pictures (numpy is imported with the first comparison: a worker
# process, which only makes signatures, never loads it).
def _view(grey: Image.Image, colour: bytes) -> _View:
    import numpy as np

    pixels = np.frombuffer(grey.tobytes(), np.uint8).astype(np.int64)  # (np.asarray of an image: 0.2 ms)
    n = pixels.size
    total, squares = int(pixels.sum()), int(np.dot(pixels, pixels))
    variance = n * squares - total * total
    return _View(pixels, total, squares, variance, math.sqrt(variance) / n, colour)


@functools.lru_cache(maxsize=4096)
def _whole(sig: Signature) -> tuple[_View, bool]:
    """The uncropped view of a signature, and whether it is one with little to see at 32×32 (a
    night sky, mist): then the view is the whole 64×64 grey image, and no crops are tried."""
    img = sig.image()
    colour_full = img.resize((COLOUR, COLOUR), Image.Resampling.BOX).tobytes()
    view = _view(img.convert("L").resize((GREY, GREY), Image.Resampling.BOX), colour_full)
    if view.spread < FLAT:
        return _view(img.convert("L"), colour_full), True
    return view, False


@functools.lru_cache(maxsize=4096)
def _crops(sig: Signature) -> tuple[_View, ...]:
    """The views of each small crop of a signature (made only when a comparison needs them)."""
    img = sig.image()
    out = []
    for left, top, right, bottom in CROPS[1:]:
        box = (round(left * BASE), round(top * BASE), BASE - round(right * BASE), BASE - round(bottom * BASE))
        part = img.crop(box)
        grey = part.convert("L").resize((GREY, GREY), Image.Resampling.BOX)
        out.append(_view(grey, part.resize((COLOUR, COLOUR), Image.Resampling.BOX).tobytes()))
    return tuple(out)


def _mean_abs(a: bytes, b: bytes) -> float:
    import numpy as np

    return int(np.abs(np.frombuffer(a, np.uint8).astype(np.int16) - np.frombuffer(b, np.uint8)).sum()) / len(a)


def _correlation(a: _View, b: _View, difference_squares: int) -> float:
    """Pearson correlation of two grey images of the same size (0 when either is flat), given the
    sum of their squared differences: Σab = (Σa² + Σb² − Σ(a−b)²) / 2, exactly."""
    if a.variance <= 0 or b.variance <= 0:
        return 0.0
    n = a.grey.size
    products = (a.squares + b.squares - difference_squares) // 2
    return (n * products - a.total * b.total) / math.sqrt(a.variance * b.variance)


def _compare(a: _View, b: _View, aspect: float, need: float = -1.0) -> Likeness:
    """How alike two views are; the absolute differences are only worked out when the
    correlation reaches `need` (otherwise they are given as the worst)."""
    import numpy as np

    differences = np.abs(a.grey - b.grey)
    n = differences.size
    if min(a.spread, b.spread) < FLAT_FINE:  # no detail at all (a flat picture): only identical tones match
        grey, colour = int(differences.sum()) / n, _mean_abs(a.colour, b.colour)
        return Likeness(1.0 if grey <= 1.0 and colour <= 1.0 else 0.0, grey, colour, aspect)
    correlation = _correlation(a, b, int(np.dot(differences, differences)))
    if correlation < need:
        return Likeness(correlation, 255.0, 255.0, aspect)
    return Likeness(correlation, int(differences.sum()) / n, _mean_abs(a.colour, b.colour), aspect)


def aspects_apart(a: Signature, b: Signature) -> float:
    """|log(aspect a / aspect b)|: how far apart two pictures' shapes are (more than MAX_ASPECT:
    never alike, whatever else they share)."""
    return abs(math.log(a.aspect / b.aspect)) if a.aspect > 0 and b.aspect > 0 else 9.0


def colour_close(sig: Signature, others: Sequence[tuple[Signature, T]]) -> list[tuple[Signature, T]]:
    """Those of `others` whose uncropped 8×8 colours are within QUICK_REJECT_COLOUR of `sig`'s: the
    test `likeness` makes first after the shapes, made for all of them at once (on an import of
    1,200 posters and stills, 93 % of the candidates failed it, each at ~45 µs one by one)."""
    if not others:
        return []
    import numpy as np

    mine = np.frombuffer(_whole(sig)[0].colour, np.uint8).astype(np.int16)
    theirs = np.frombuffer(b"".join(_whole(other)[0].colour for other, _ in others), np.uint8)
    apart = np.abs(theirs.reshape(len(others), mine.size).astype(np.int16) - mine).sum(axis=1)
    # (likeness: mean > QUICK_REJECT_COLOUR; the same test on the exact sum)
    return [pair for pair, far in zip(others, (apart > QUICK_REJECT_COLOUR * mine.size).tolist(), strict=True)
            if not far]


def likeness(a: Signature, b: Signature) -> Likeness:
    """How alike two pictures are, at the best alignment of a few small crops of either."""
    aspect = aspects_apart(a, b)
    if aspect > MAX_ASPECT:  # a poster and a backdrop: no crop makes them alike; look no further
        return Likeness(0.0, 255.0, 255.0, aspect)
    (whole_a, flat_a), (whole_b, flat_b) = _whole(a), _whole(b)
    if flat_a != flat_b:  # one has shapes to see, the other has none
        return Likeness(0.0, 255.0, 255.0, aspect)
    colour = _mean_abs(whole_a.colour, whole_b.colour)
    if colour > QUICK_REJECT_COLOUR:  # (the cheapest test first: 8×8 colours)
        return Likeness(0.0, 255.0, colour, aspect)
    best = _compare(whole_a, whole_b, aspect)
    if best.near or flat_a or best.correlation < CROP_MIN_CORRELATION:
        return best  # the same as it is, nothing to crop, or too unlike for a small crop to help
    for va, vb in [(va, whole_b) for va in _crops(a)] + [(whole_a, vb) for vb in _crops(b)]:
        candidate = _compare(va, vb, aspect, need=MIN_CORRELATION)
        if candidate.near:
            return candidate
        if _rank(candidate) > _rank(best):
            best = candidate
    return best


def _rank(x: Likeness) -> float:
    return x.correlation - x.grey_diff / 100 - x.colour_diff / 100
