"""Plain formatting for printed sheets: escaping, paragraphs, partial dates, durations, ratings.

Every user string that reaches a sheet goes through ``esc`` (``html.escape``). Pure functions.
"""

from __future__ import annotations

import calendar
import html
import re


def esc(value: object) -> str:
    """Escape any user value for HTML; None prints as nothing."""
    return "" if value is None else html.escape(str(value), quote=True)


def paragraphs(text: str | None, cls: str = "") -> str:
    """User text as escaped paragraphs: blank lines split paragraphs, single newlines break lines."""
    if not text or not text.strip():
        return ""
    attr = f' class="{cls}"' if cls else ""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p{attr}>{esc(p).replace(chr(10), '<br>')}</p>" for p in parts)


def format_partial_date(value: str | None) -> str:
    """'2016' → '2016', '2016-11' → 'November 2016', '2016-11-23' → '23 November 2016'."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not m or not (m.group(2) is None or 1 <= int(m.group(2)) <= 12):
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def format_duration(seconds: int | None) -> str:
    """192 → '3:12'; 3723 → '1:02:03'."""
    if seconds is None or seconds < 0:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rating(rating: float | None) -> str:
    """Collector's 0–10 rating as five stars with halves: 9 → '★★★★½ 9/10'."""
    if rating is None:
        return ""
    halves = max(0, min(10, round(rating)))
    stars = "★" * (halves // 2) + ("½" if halves % 2 else "")
    stars += "☆" * (5 - halves // 2 - halves % 2)
    return f"{stars} {rating:g}/10"


def sort_key_date(value: str | None) -> str:
    """Partial ISO dates sort as strings; unknown dates last."""
    return value or "9999"


KIND_LABELS = {
    "behind_the_scenes": "Behind the scenes",
    "deleted_scene": "Deleted scene",
    "home_media": "Home media",
    "festival": "Festival screening",
}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", (kind or "").replace("_", " ").capitalize())


def breakable_url(url: str) -> str:
    """Escaped URL with zero-width spaces after separators so long links wrap inside table cells."""
    return re.sub(r"([/?&=])", "\\1\u200b", esc(url))


def shorten(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 20].rsplit(" ", 1)[0] + " …"
