"""Custom fields the collector defines (`custom_field`) and the films' values of them
(`film_custom`, kept as text and typed on reading). The one write path of those two tables."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.rows import CustomField
from catalog.model.text import name_key

if TYPE_CHECKING:
    from catalog.store import Store

_SELECT = "SELECT id, name, type, choices, position FROM custom_field"


def _field(row: tuple) -> CustomField:
    fid, name, type_, choices, position = row
    return CustomField(fid, name, type_, tuple(json.loads(choices)) if choices else (), position)


def to_text(type_: str, value: Any) -> str | None:
    """A clean value as stored."""
    if value is None or value == "":
        return None
    if type_ == "yesno":
        return "yes" if value else "no"
    if type_ == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def from_text(type_: str, text: str) -> Any:
    """A stored value as the document gives it (numbers as numbers, yes/no as booleans)."""
    if type_ == "yesno":
        return text == "yes"
    if type_ == "number":
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
    return text


class CustomFieldTable:
    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> list[CustomField]:
        return [_field(r) for r in self.store.rows(f"{_SELECT} ORDER BY position, id")]

    def get(self, field_id: int) -> CustomField:
        row = self.store.one(f"{_SELECT} WHERE id = ?", (field_id,))
        if row is None:
            raise NotFound(f"no custom field with id {field_id}")
        return _field(row)

    def find(self, name: str) -> CustomField | None:
        row = self.store.one(f"{_SELECT} WHERE name_key = ?", (name_key(name),))
        return _field(row) if row else None

    def insert(self, name: str, type_: str, choices: Sequence[str] = (), position: int | None = None,
               field_id: int | None = None) -> int:
        if position is None:
            position = self.store.scalar("SELECT coalesce(max(position) + 1, 0) FROM custom_field")
        return self.store.insert(
            "INSERT INTO custom_field (id, name, name_key, type, choices, position) VALUES (?, ?, ?, ?, ?, ?)",
            (field_id, name, name_key(name), type_, json.dumps(list(choices), ensure_ascii=False) if choices else None,
             position))

    def update(self, field_id: int, values: Mapping[str, Any]) -> None:
        """Change a field's name, type or choices."""
        row = dict(values)
        if "name" in row:
            row["name_key"] = name_key(row["name"])
        if "choices" in row:
            row["choices"] = json.dumps(list(row["choices"]), ensure_ascii=False) if row["choices"] else None
        self.store.update_row("custom_field", field_id, row)

    def delete(self, field_id: int) -> list[tuple[int, str]]:
        """Remove a field with its values; returns the (film id, stored text) values it had."""
        values = self.store.rows("SELECT film_id, value FROM film_custom WHERE field_id = ? ORDER BY film_id",
                                 (field_id,))
        self.store.execute("DELETE FROM film_custom WHERE field_id = ?", (field_id,))
        self.store.execute("DELETE FROM custom_field WHERE id = ?", (field_id,))
        return [(f, v) for f, v in values]

    def delete_preview(self, field_id: int) -> list[tuple[int, str]]:
        """(film id, stored text) of every value of a field."""
        return [(f, v) for f, v in self.store.rows("SELECT film_id, value FROM film_custom WHERE field_id = ?",
                                                   (field_id,))]

    def film_ids(self, field_id: int) -> set[int]:
        return {r[0] for r in self.store.rows("SELECT film_id FROM film_custom WHERE field_id = ?", (field_id,))}

    # -- values -------------------------------------------------------------------------------------

    def values(self, film_id: int) -> dict[str, Any]:
        """A film's values by field name, in the fields' order."""
        rows = self.store.rows(
            "SELECT cf.name, cf.type, fc.value FROM film_custom fc JOIN custom_field cf ON cf.id = fc.field_id "
            "WHERE fc.film_id = ? ORDER BY cf.position, cf.id", (film_id,))
        return {name: from_text(type_, value) for name, type_, value in rows}

    def value(self, film_id: int, field_id: int) -> str | None:
        return self.store.scalar("SELECT value FROM film_custom WHERE film_id = ? AND field_id = ?",
                                 (film_id, field_id))

    def set_text(self, film_id: int, field_id: int, text: str | None) -> None:
        """Set (or with None, clear) a film's stored value of a field."""
        if text is None:
            self.store.execute("DELETE FROM film_custom WHERE film_id = ? AND field_id = ?", (film_id, field_id))
        else:
            self.store.execute("INSERT INTO film_custom (film_id, field_id, value) VALUES (?, ?, ?) "
                               "ON CONFLICT (film_id, field_id) DO UPDATE SET value = excluded.value",
                               (film_id, field_id, text))

    def set_texts(self, rows: Sequence[tuple[int, int, str]]) -> None:
        """(film id, field id, stored text) values in bulk (an import, undo of a field's removal)."""
        self.store.execute_many("INSERT OR REPLACE INTO film_custom (film_id, field_id, value) VALUES (?, ?, ?)",
                                rows)

    def all_values(self) -> list[tuple[int, str, str, str]]:
        """(film id, field name, type, stored text) of every film, in the fields' order (the export)."""
        return self.store.rows(
            "SELECT fc.film_id, cf.name, cf.type, fc.value FROM film_custom fc JOIN custom_field cf "
            "ON cf.id = fc.field_id ORDER BY fc.film_id, cf.position, cf.id")
