"""The labelled near-duplicate set: real photos from Debian's wallpaper packages (mate-backgrounds,
sway-backgrounds, plasma-workspace-wallpapers, read in place from /usr/share), their true variants
(resized, recompressed, cropped a little, re-encoded PNG↔JPEG, and the packages' own other
resolutions of the same picture) and true strangers: every other photo, and low-detail pictures
(gradients, stripes, night skies, blurs of other photos, flat colours). Shared by
tests/catalog/imaging/test_similar.py and benchmarks/near_duplicates.py."""

from __future__ import annotations

import io
import itertools
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from catalog.imaging.similar import Signature, signature

WALLPAPERS = Path("/usr/share/wallpapers")
BACKGROUNDS = Path("/usr/share/backgrounds")
PICTURE = re.compile(r".*\.(jpe?g|png)$", re.IGNORECASE)
RESIZED_OR_RECOMPRESSED = ("half", "quarter", "jpeg q60", "jpeg q30", "half at q50", "png", "real resolution")


def available() -> bool:
    return len(photos()) >= 20


def photos() -> dict[str, list[Path]]:
    """Each picture's files (one picture, several resolutions), by a name for the picture."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(WALLPAPERS.glob("*/contents/images/*")):  # not images_dark: another colouring
        if PICTURE.match(path.name):
            groups.setdefault(f"plasma/{path.parts[-4]}", []).append(path)
    for path in sorted(BACKGROUNDS.glob("mate/*/*")):
        if PICTURE.match(path.name):
            groups.setdefault(f"mate/{re.sub(r'_[0-9]+x[0-9]+$', '', path.stem)}", []).append(path)
    sway = sorted(p for p in BACKGROUNDS.glob("sway/*") if PICTURE.match(p.name))
    if sway:
        groups["sway/blue"] = sway  # one design in several sizes and crops: never strangers to each other
    return groups


def _aspect(path: Path) -> float:
    with Image.open(path) as img:
        return img.width / img.height


def load(path: Path, side: int = 1024) -> Image.Image:
    with Image.open(path) as img:
        img.draft("RGB", (side, side))
        img = ImageOps.exif_transpose(img)
        img = img.convert("RGBA" if "A" in img.mode or "transparency" in img.info else "RGB")
        img.thumbnail((side, side))
        return img


def _encode(img: Image.Image, fmt: str, **options: int) -> Image.Image:
    if fmt == "JPEG" and img.mode == "RGBA":
        img = Image.alpha_composite(Image.new("RGBA", img.size, (128, 128, 128, 255)), img).convert("RGB")
    out = io.BytesIO()
    img.save(out, fmt, **options)
    out.seek(0)
    again = Image.open(out)
    again.load()
    return again


def variants(img: Image.Image) -> Iterator[tuple[str, Image.Image]]:
    w, h = img.size
    yield "half", _encode(img.resize((w // 2, h // 2), Image.Resampling.LANCZOS), "JPEG", quality=85)
    yield "quarter", _encode(img.resize((w // 4, h // 4), Image.Resampling.LANCZOS), "JPEG", quality=85)
    yield "jpeg q60", _encode(img, "JPEG", quality=60)
    yield "jpeg q30", _encode(img, "JPEG", quality=30)
    yield "half at q50", _encode(img.resize((w // 2, h // 2), Image.Resampling.BILINEAR), "JPEG", quality=50)
    yield "png", _encode(img, "PNG")
    dx, dy = round(w * 0.03), round(h * 0.03)
    yield "crop 3% all round", _encode(img.crop((dx, dy, w - dx, h - dy)), "JPEG", quality=85)
    yield "crop 5% on one side", _encode(img.crop((round(w * 0.05), 0, w, h)), "JPEG", quality=85)


def low_detail_strangers(seed: int = 7) -> Iterator[tuple[str, Image.Image]]:
    """Gradients, stripes, night skies and flat colours: the pictures a weak hash confuses."""
    rng = random.Random(seed)
    width, height = 800, 500
    for i in range(8):
        a, b = (tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
        img = Image.new("RGB", (width, height))
        draw = ImageDraw.Draw(img)
        steps = width if i % 2 else height
        for t in range(steps):
            colour = tuple(round(x + (y - x) * t / (steps - 1)) for x, y in zip(a, b, strict=True))
            draw.line((t, 0, t, height) if i % 2 else (0, t, width, t), fill=colour)
        yield f"gradient {i}", img
    for i in range(6):
        grey = 60 + 20 * i
        img = Image.new("RGB", (width, height), (grey, grey, grey))
        draw = ImageDraw.Draw(img)
        band = 10 + 12 * i
        for y in range(0, height, 2 * band):
            draw.rectangle((0, y, width, y + band), fill=(grey + 40,) * 3)
        yield f"grey stripes {i}", img.filter(ImageFilter.GaussianBlur(2))
    for i in range(6):
        base = rng.randrange(5, 30)
        img = Image.new("RGB", (width, height), (base // 2, base // 2, base))
        draw = ImageDraw.Draw(img)
        for _ in range(300):
            v = rng.randrange(120, 256)
            draw.point((rng.randrange(width), rng.randrange(height)), fill=(v, v, v))
        yield f"night sky {i}", img
    for i in range(3):
        yield f"flat {i}", Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))


@dataclass
class LabelledSet:
    positives: list[tuple[str, str, Signature, Signature]]   # (picture, variant kind, original, variant)
    negatives: list[tuple[str, str, Signature, Signature]]   # (one, another, their signatures)


def build(side: int = 1024, limit: int | None = None, real_resolutions: int = 3) -> LabelledSet:
    """The set. `side`: the originals' size as loaded; `limit`: at most this many photos (tests)."""
    groups = photos()
    names = sorted(groups)[:limit] if limit else sorted(groups)
    originals: dict[str, Signature] = {}
    images: dict[str, Image.Image] = {}
    positives = []
    for name in names:
        files = sorted(groups[name], key=lambda p: p.stat().st_size)
        main = files[-1] if side > 1024 else next((f for f in files if f.stat().st_size > 150_000), files[-1])
        img = load(main, side)
        images[name], originals[name] = img, signature(img)
        for kind, variant in variants(img):
            positives.append((name, kind, originals[name], signature(variant)))
        same_shape = [f for f in files if f != main and abs(math.log(_aspect(f) * img.height / img.width)) < 0.1]
        for other in same_shape[-real_resolutions:] if real_resolutions else []:
            positives.append((name, "real resolution", originals[name], signature(load(other, side))))
    strangers = dict(originals)
    for kind, img in low_detail_strangers():
        strangers[kind] = signature(img)
    for name in names[:12]:
        strangers[f"blur of {name}"] = signature(images[name].filter(ImageFilter.GaussianBlur(25)))
    negatives = [(a, b, strangers[a], strangers[b]) for a, b in itertools.combinations(sorted(strangers), 2)
                 if not (a.endswith(b) or b.endswith(a))]  # a blur of a photo is not its stranger
    return LabelledSet(positives, negatives)
