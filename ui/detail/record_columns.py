"""What each record table shows: its columns, which cell a new row needs before it is written, the
defaults of a new row, and how values become cell text (lengths as m:ss, choices humanized)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from catalog.model.validation import AWARD_RESULTS, COMPANY_ROLES, CREDIT_ROLES, RELEASE_KINDS, VIDEO_KINDS

ERROR_BG, ERROR_FG, PENDING_FG = QColor("#fde8e8"), QColor("#9b1c1c"), QColor("#8b9098")
ERROR_ROLE = Qt.ItemDataRole.UserRole + 1  # the reason a cell's value was refused, or None


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    options: tuple[str, ...] | None = None
    width: int = 140
    person: bool = False


COLUMNS: dict[str, tuple[Column, ...]] = {
    "credit": (Column("person", "Person", width=200, person=True), Column("role", "Role", CREDIT_ROLES, 130),
               Column("character", "Character", width=200)),
    "video": (Column("kind", "Kind", VIDEO_KINDS, 120), Column("title", "Title", width=230),
              Column("url", "Link", width=200), Column("duration_s", "Length", width=70),
              Column("published_on", "Date", width=95), Column("publisher", "Publisher", width=120),
              Column("file_path", "File on disk", width=200), Column("description", "Description", width=280)),
    "review": (Column("author", "Author", width=120), Column("outlet", "Outlet", width=120),
               Column("venue", "Venue", width=120), Column("published_on", "Date", width=95),
               Column("rating_text", "Rating", width=60), Column("score", "Score", width=60),
               Column("excerpt", "Excerpt", width=260),
               Column("url", "Link", width=180)),
    "release": (Column("kind", "Kind", RELEASE_KINDS, 120), Column("date", "Date", width=100),
                Column("territory", "Territory", width=120), Column("venue", "Venue / festival", width=240)),
    "article": (Column("headline", "Headline", width=260), Column("publisher", "Publisher", width=120),
                Column("published_on", "Date", width=95), Column("url", "Link", width=200),
                Column("summary", "Summary", width=260)),
    "award": (Column("body", "Body", width=160), Column("category", "Category", width=200),
              Column("year", "Year", width=60), Column("result", "Result", ("", *AWARD_RESULTS), 100)),
    "company": (Column("name", "Name", width=260), Column("role", "Role", COMPANY_ROLES, 130)),
}
REQUIRED = {"credit": "person", "video": "title", "article": "headline", "award": "body", "company": "name"}
DEFAULTS: dict[str, dict[str, Any]] = {"credit": {"role": "actor"}, "video": {"kind": "featurette"},
                                       "release": {"kind": "wide"}, "company": {"role": "production"}}


def parse_duration(text: Any) -> Any:
    """'3:12' -> 192, '1:02:03' -> 3723; anything else is passed on for the validator to judge."""
    if isinstance(text, str) and ":" in text:
        parts = text.strip().split(":")
        if all(p.isdigit() for p in parts) and len(parts) <= 3:
            seconds = 0
            for p in parts:
                seconds = seconds * 60 + int(p)
            return seconds
    return text
