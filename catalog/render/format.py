"""The one copy of every formatting helper the renderers and the window share.

Text helpers return plain text (escape it before it goes into HTML); ``esc``, ``paragraphs`` and
``line_paragraphs`` return HTML in which every user character is escaped. Pure functions, any thread.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from catalog.model.dates import format_partial_date

__all__ = [
    "KIND_LABELS",
    "duration",
    "esc",
    "format_partial_date",
    "humanize",
    "joined",
    "kind_label",
    "line_paragraphs",
    "paragraphs",
    "rating_fraction",
    "rating_short",
    "rating_stars",
    "runtime_hours",
    "runtime_hours_padded",
    "runtime_minutes",
    "shorten",
    "words",
]

# Where a printed kind reads better than its key; every other key is humanized.
KIND_LABELS = {
    "behind_the_scenes": "Behind the scenes",
    "deleted_scene": "Deleted scene",
    "home_media": "Home media",
    "festival": "Festival screening",
}


# ------------------------------------------------------------------------------------------- HTML


def esc(value: object) -> str:
    """Any value as escaped HTML text (quotes too); None is nothing."""
    return "" if value is None else html.escape(str(value), quote=True)


def paragraphs(text: str | None, cls: str = "") -> str:
    """User text as escaped ``<p>``: blank lines split paragraphs, single newlines break lines."""
    if not text or not text.strip():
        return ""
    attr = f' class="{cls}"' if cls else ""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p{attr}>{esc(p).replace(chr(10), '<br>')}</p>" for p in parts)


def line_paragraphs(text: str | None) -> str:
    """User text as escaped ``<p>``, one per non-blank line (the detail page's synopsis)."""
    return "".join(f"<p>{esc(line)}</p>" for line in (text or "").split("\n") if line.strip())


# ------------------------------------------------------------------------------------------- text


def joined(parts: Iterable[object], sep: str = " · ") -> str:
    """The known parts (not None, not '') as text, joined by ``sep``."""
    return sep.join(str(p) for p in parts if p is not None and p != "")


def words(key: object) -> str:
    """A stored key as words: 'home_media' → 'home media'; None → ''."""
    return "" if key is None else str(key).replace("_", " ")


def humanize(key: object) -> str:
    """A stored key as a label: 'behind_the_scenes' → 'Behind the scenes'; None → ''."""
    return words(key).capitalize()


def kind_label(kind: str | None) -> str:
    """A video or release kind as printed on sheets: ``KIND_LABELS``, else humanized."""
    return KIND_LABELS.get(kind or "", humanize(kind))


def shorten(text: str | None, limit: int) -> str:
    """``text`` cut at a word to about ``limit`` characters, ending in ' …' when cut."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 20].rsplit(" ", 1)[0] + " …"


def duration(seconds: int | str | None) -> str:
    """A length in seconds as a clock: 192 → '3:12', 3723 → '1:02:03'; unknown or negative → ''."""
    if seconds is None or seconds == "" or int(seconds) < 0:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def runtime_minutes(minutes: int | None) -> str:
    """A film's runtime as minutes: '128 min'; unknown or 0 → ''."""
    return f"{minutes} min" if minutes else ""


def runtime_hours(minutes: int | None) -> str:
    """A film's runtime in hours for the film list: '2 h 8 min', '2 h', '45 min'; unknown → ''."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def runtime_hours_padded(minutes: int | None) -> str:
    """A film's runtime in hours for plain text: '2 h 08 min', '2 h 00 min', '45 min'; unknown → ''."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def rating_stars(rating: float | None) -> str:
    """The collector's 0–10 rating as five stars with halves: 9 → '★★★★½ 9/10'."""
    if rating is None:
        return ""
    halves = max(0, min(10, round(rating)))
    stars = "★" * (halves // 2) + ("½" if halves % 2 else "")
    stars += "☆" * (5 - halves // 2 - halves % 2)
    return f"{stars} {rating:g}/10"


def rating_short(rating: float | None) -> str:
    """The rating in a list cell: 8.5 → '★ 8.5'; unrated → ''."""
    return "" if rating is None else f"★ {rating:.1f}"


def rating_fraction(rating: float | None) -> str:
    """The rating on the detail page: 9 → '9 / 10'; unrated → ''."""
    return "" if rating is None else f"{rating:g} / 10"
