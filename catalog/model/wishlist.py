"""The wishlist as plain values: a film the collector wants and has no copy of, with a priority
and a note. "Owned" means "not on the wishlist"; a film leaves the wishlist when a copy of it is
added (it was found)."""

from __future__ import annotations

from typing import Any, TypedDict

from catalog.errors import ValidationError
from catalog.model.validation import Validator, text

PRIORITIES = {1: "High", 2: "Normal", 3: "Low"}
DEFAULT_PRIORITY = 2


def priority(field: str, value: Any) -> int:
    """1 (high), 2 (normal) or 3 (low); the words too; empty is normal."""
    if value is None or value == "":
        return DEFAULT_PRIORITY
    if isinstance(value, str):
        word = value.strip().casefold()
        for number, name in PRIORITIES.items():
            if word in (name.casefold(), str(number)):
                return number
    elif isinstance(value, int) and not isinstance(value, bool) and value in PRIORITIES:
        return value
    raise ValidationError(field, value, "is not a priority (high, normal or low)")


WISH_FIELDS: dict[str, Validator] = {"priority": priority, "note": text(max_len=5000)}


class WishDoc(TypedDict):
    priority: int
    note: str | None
    added_on: str  # when it went on the wishlist (UTC time stamp)


def priority_label(value: int | None) -> str:
    return PRIORITIES.get(value or DEFAULT_PRIORITY, "Normal")
