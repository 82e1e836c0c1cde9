"""Partial dates: a year, a year and month, or a full day, stored as ISO text ('2016', '2016-11',
'2016-11-23') so they sort correctly as strings and show only what is known."""

from __future__ import annotations

import datetime as dt
import re

# English, as the rest of the window (calendar.month_name follows the locale Qt sets for the process).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(value: str | dt.date | None) -> str | None:
    """Normalise a partial date; raise ValueError with a plain reason when it is not one."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    match = _PARTIAL.match(text.replace("/", "-"))
    if not match:
        raise ValueError("is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not 1850 <= year <= 2100:
        raise ValueError("has a year outside 1850–2100")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError("has no such month")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError("has no such day") from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def format_partial_date(value: str | None) -> str:
    """'2016' -> '2016', '2016-11' -> 'November 2016', '2016-11-23' -> '23 November 2016'; text that
    is not a partial date is returned as it is, None as ''. The one formatter of partial dates."""
    if not value:
        return ""
    match = _PARTIAL.match(value.strip())
    if not match or not (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
        return value
    year, month, day = match.groups()
    if month is None:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def now() -> str:
    """The current UTC time as ISO text, to the second (created_at, updated_at, added_at)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
