"""What each record table shows: its columns, which cell a new row needs before it is written, the
defaults of a new row, and how values become cell text (lengths as m:ss, choices humanized)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from catalog.model.kinds import COMPANY_FIELDS, CREDIT_FIELDS, KINDS, FieldSpec
from catalog.model.validation import tracks_text
from catalog.render.format import duration, humanize

ERROR_BG, ERROR_FG, PENDING_FG = QColor("#fde8e8"), QColor("#9b1c1c"), QColor("#8b9098")
ERROR_ROLE = Qt.ItemDataRole.UserRole + 1  # the reason a cell's value was refused, or None


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    options: tuple[str, ...] | None = None
    width: int = 140  # its share of the table's width (the columns always fit the pane)
    person: bool = False
    shape: str = "text"

    @property
    def long(self) -> bool:
        """Several lines: edited in a multi-line editor."""
        return self.shape == "long"


def _columns(fields: tuple[FieldSpec, ...]) -> tuple[Column, ...]:
    return tuple(Column(f.name, f.label, f.options if f.shape in ("choice", "yesno") else None, f.width,
                        f.shape == "person", f.shape) for f in fields)


def edit_text(column: Column, value: Any) -> Any:
    """A stored value as its cell editor takes it (a choice's key, text for the rest)."""
    if column.shape == "yesno":
        return "" if value is None else ("yes" if value else "no")
    if column.shape == "tracks":
        return tracks_text(value)
    if column.shape == "list":
        return ", ".join(value or [])
    if column.field == "duration_s":
        return duration(value)
    if column.options:
        return value
    return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


def cell_text(column: Column, value: Any) -> str:
    """A stored value as its cell shows it."""
    if column.options:
        return humanize(edit_text(column, value))
    return str(edit_text(column, value))


# Every table's columns come from the record kinds (catalog.model.kinds): a new kind gets its tab.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "credit": _columns(CREDIT_FIELDS), **{k.name: _columns(k.fields) for k in KINDS},
    "company": _columns(COMPANY_FIELDS),
}
REQUIRED: dict[str, str] = {"credit": "person", "company": "name", **{k.name: k.required for k in KINDS if k.required}}
DEFAULTS: dict[str, dict[str, Any]] = {"credit": {"role": "actor"}, "company": {"role": "production"},
                                       **{k.name: dict(k.defaults) for k in KINDS if k.defaults}}


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
