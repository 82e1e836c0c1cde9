"""Placeholder pictures drawn with Pillow: the demo catalogue's poster and stills (no studio
pictures ship with Marquee). Deterministic: the same arguments give the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import cast

from PIL import Image, ImageDraw, ImageFont

_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_PLACEHOLDER_SIZES = {"poster": (600, 900), "still": (1280, 720)}
_NIGHT_TOP = (18, 14, 54)  # deep indigo
_NIGHT_BOTTOM = (70, 52, 140)  # dusk violet
_WARM = (250, 204, 92)  # street-lamp yellow
_PALE = (236, 232, 255)
_GROUND = (14, 11, 34)
_LABEL = (150, 140, 200)


def make_placeholder(
    path: Path,
    title: str,
    subtitle: str = "",
    size: tuple[int, int] | None = None,
    kind: str = "still",
) -> None:
    """Draw a night-sky placeholder card and save it as JPEG or PNG (by the file's extension).

    ``size`` defaults to 600x900 for ``kind="poster"`` and 1280x720 for ``"still"``. Deterministic:
    the same arguments give byte-identical files (stars are seeded from the title), so a demo
    catalogue's images hash the same on every run. Raises ValueError for other kinds/extensions.
    """
    path = Path(path)
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"placeholder must be .jpg, .jpeg or .png, not {path.name!r}")
    if kind not in _PLACEHOLDER_SIZES:
        raise ValueError(f"kind must be 'poster' or 'still', not {kind!r}")
    width, height = size or _PLACEHOLDER_SIZES[kind]

    # Vertical gradient: one 1-pixel-wide column interpolated top to bottom, stretched sideways.
    column = Image.new("RGB", (1, height))
    for y in range(height):
        column.putpixel((0, y), _mix(_NIGHT_TOP, _NIGHT_BOTTOM, y / max(1, height - 1)))
    card = column.resize((width, height), Image.Resampling.NEAREST)
    draw = ImageDraw.Draw(card)

    # Stars, seeded from the text so each film gets its own sky, and the same sky every time.
    seed = int.from_bytes(hashlib.sha256(f"{kind}|{title}|{subtitle}".encode()).digest()[:8], "big")
    rng = _Lcg(seed)
    for _ in range(width * height // 3000):
        x, y = rng.below(width), rng.below(height * 2 // 3)
        radius = 1 + (rng.below(10) == 0)
        shade = 150 + rng.below(106)
        star = (shade, shade, min(255, shade + 30))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=star)

    unit = min(width, height)
    margin = max(8, unit // 14)
    # Warm city glow rising to the horizon, then a dark ground strip holding the subtitle.
    horizon = height * 3 // 4
    glow = max(1, height // 5)
    for i in range(glow):
        weight = 0.5 * ((i + 1) / glow) ** 2
        below = cast(tuple[int, int, int], card.getpixel((0, horizon - glow + i)))  # an RGB card
        colour = _mix(below, _WARM, weight)
        draw.line((0, horizon - glow + i, width, horizon - glow + i), fill=colour)
    draw.rectangle((0, horizon, width, height), fill=_GROUND)
    draw.rectangle((0, horizon, width, horizon + max(1, unit // 150)), fill=_WARM)

    title_font, lines = _fit_text(
        draw, title or "Untitled", "DejaVuSerif-Bold.ttf", width - 2 * margin, unit // 7, height // 3
    )
    ascent, descent = title_font.getmetrics() if hasattr(title_font, "getmetrics") else (unit // 7, 0)
    step = round((ascent + descent) * 1.05)
    baseline = horizon - descent - unit // 25 - step * (len(lines) - 1)
    for line in lines:
        draw.text((margin, baseline), line, font=title_font, fill=_PALE, anchor="ls")
        baseline += step
    if subtitle:
        sub_font, sub_lines = _fit_text(
            draw, subtitle, "DejaVuSans.ttf", width - 2 * margin, unit // 16, unit // 8
        )
        draw.text((margin, horizon + unit // 25), sub_lines[0], font=sub_font, fill=_WARM, anchor="lt")
    label_font = _font("DejaVuSans-Bold.ttf", max(9, unit // 36))
    label = "PLACEHOLDER IMAGE"
    draw.text((width - margin, height - margin), label, font=label_font, fill=_LABEL, anchor="rs")

    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "JPEG":
        card.save(path, "JPEG", quality=90)
    else:
        card.save(path, "PNG")


def _mix(a: tuple[int, ...], b: tuple[int, ...], weight: float) -> tuple[int, int, int]:
    """Colour weight of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * weight),
        round(a[1] + (b[1] - a[1]) * weight),
        round(a[2] + (b[2] - a[2]) * weight),
    )


class _Lcg:
    """Tiny deterministic generator (random.Random's stream is not promised across versions)."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def below(self, n: int) -> int:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 33) % max(1, n)


def _font(name: str, size: int) -> _Font:
    try:
        return ImageFont.truetype(str(_FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _text_height(draw: ImageDraw.ImageDraw, text: str, font: _Font) -> float:
    _, top, _, bottom = draw.textbbox((0, 0), text, font=font)
    return bottom - top


def _fit_text(draw: ImageDraw.ImageDraw, text: str, font_name: str, max_width: int, start: int,
              max_height: int) -> tuple[_Font, list[str]]:
    """Largest font size (from start down) at which text word-wraps within the box."""
    size = max(8, start)
    while True:
        font = _font(font_name, size)
        lines: list[str] = []
        for word in text.split():
            if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= max_width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        lines = lines or [""]
        fits = all(draw.textlength(line, font=font) <= max_width for line in lines)
        if size <= 8 or (fits and _text_height(draw, "Ag", font) * 1.15 * len(lines) <= max_height):
            return font, lines
        size = max(8, int(size * 0.9))
