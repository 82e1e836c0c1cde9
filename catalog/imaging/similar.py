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
import operator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

BASE = 64            # side of the colour reduction kept per picture
GREY, COLOUR = 32, 8  # sides compared
MAX_ASPECT = 0.12    # |log(aspect a / aspect b)|: a small crop changes it a little, a poster vs a backdrop a lot
MIN_CORRELATION = 0.92
MAX_GREY_DIFF = 10.0   # mean absolute difference, 0-255
MAX_COLOUR_DIFF = 8.0  # mean absolute difference per channel, 0-255
FLAT = 4.0             # a 32×32 grey image with less spread than this has no shapes to correlate…
FLAT_FINE = 0.5        # …and a 64×64 one with less than this has no detail at all
QUICK_REJECT_COLOUR = 4 * MAX_COLOUR_DIFF  # uncropped colours this far apart: no small crop makes them alike
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
    grey: list[int]         # 32×32 (or 64×64 for a picture with little to see)
    unit: list[float]       # grey, centred and scaled to length 1 (correlation is a dot product)
    spread: float           # standard deviation of grey
    colour: list[int]       # 8×8 RGB


def _view(grey: list[int], colour: list[int]) -> _View:
    n = len(grey)
    mean = sum(grey) / n
    centred = [x - mean for x in grey]
    norm = math.sqrt(sum(x * x for x in centred))
    unit = [x / norm for x in centred] if norm else centred
    return _View(grey, unit, norm / math.sqrt(n), colour)


@functools.lru_cache(maxsize=4096)
def _views(sig: Signature) -> tuple[_View, ...]:
    """The uncropped view and each small crop of a signature; for a picture with little to see at
    32×32 (a night sky, mist), only the whole 64×64 grey image, uncropped."""
    img = sig.image()
    colour_full = list(img.resize((COLOUR, COLOUR), Image.Resampling.BOX).tobytes())
    grey32 = list(img.convert("L").resize((GREY, GREY), Image.Resampling.BOX).tobytes())
    if _view(grey32, colour_full).spread < FLAT:
        return (_view(list(img.convert("L").tobytes()), colour_full),)
    out = []
    for left, top, right, bottom in CROPS:
        box = (round(left * BASE), round(top * BASE), BASE - round(right * BASE), BASE - round(bottom * BASE))
        part = img.crop(box) if box != (0, 0, BASE, BASE) else img
        grey = list(part.convert("L").resize((GREY, GREY), Image.Resampling.BOX).tobytes())
        colour = list(part.resize((COLOUR, COLOUR), Image.Resampling.BOX).tobytes())
        out.append(_view(grey, colour))
    return tuple(out)


def _mean_abs(a: list[int], b: list[int]) -> float:
    return sum(map(abs, map(operator.sub, a, b))) / len(a)


def _compare(a: _View, b: _View, aspect: float, need: float = -1.0) -> Likeness:
    """How alike two views are; the absolute differences are only worked out when the
    correlation reaches `need` (otherwise they are given as the worst)."""
    if min(a.spread, b.spread) < FLAT_FINE:  # no detail at all (a flat picture): only identical tones match
        grey, colour = _mean_abs(a.grey, b.grey), _mean_abs(a.colour, b.colour)
        return Likeness(1.0 if grey <= 1.0 and colour <= 1.0 else 0.0, grey, colour, aspect)
    correlation = sum(map(operator.mul, a.unit, b.unit))
    if correlation < need:
        return Likeness(correlation, 255.0, 255.0, aspect)
    return Likeness(correlation, _mean_abs(a.grey, b.grey), _mean_abs(a.colour, b.colour), aspect)


def likeness(a: Signature, b: Signature) -> Likeness:
    """How alike two pictures are, at the best alignment of a few small crops of either."""
    aspect = abs(math.log(a.aspect / b.aspect)) if a.aspect > 0 and b.aspect > 0 else 9.0
    views_a, views_b = _views(a), _views(b)
    if len(views_a) != len(views_b):  # one has shapes to see, the other has none
        return Likeness(0.0, 255.0, 255.0, aspect)
    best = _compare(views_a[0], views_b[0], aspect)
    if best.near or aspect > MAX_ASPECT or best.colour_diff > QUICK_REJECT_COLOUR or len(views_a) == 1:
        return best  # the same as it is, or too different in shape or colour for a small crop to help
    for va, vb in [(va, views_b[0]) for va in views_a[1:]] + [(views_a[0], vb) for vb in views_b[1:]]:
        candidate = _compare(va, vb, aspect, need=MIN_CORRELATION)
        if candidate.near:
            return candidate
        if _rank(candidate) > _rank(best):
            best = candidate
    return best


def _rank(x: Likeness) -> float:
    return x.correlation - x.grey_diff / 100 - x.colour_diff / 100
