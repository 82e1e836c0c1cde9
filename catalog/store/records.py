"""The records attached to a film (one table per kind of catalog.model.kinds, written generically
from the kind's fields) and the credits. The one write path of those tables.

A record row is a dict of its kind's fields plus `id`, `film` (the film id) and `position`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.kinds import RecordKind
from catalog.model.validation import CREDIT_ROLES
from catalog.store.chunks import placeholders

if TYPE_CHECKING:
    from catalog.store import Store

ROLE_ORDER = {role: i for i, role in enumerate(CREDIT_ROLES)}
_CREDIT_SELECT = ("SELECT c.id, c.film_id, c.role, c.character, c.position, p.id, p.name, "
                  "(SELECT i.sha256 FROM image i WHERE i.id = p.photo_id AND i.missing = 0) "
                  "FROM credit c JOIN person p ON p.id = c.person_id")


def credit_order(row: Mapping[str, Any]) -> tuple:
    """Directors, writers, cast in billing order, then the rest of the crew."""
    return ROLE_ORDER.get(row["role"], len(ROLE_ORDER)), row["role"], row["position"], row["id"]


def _credit(row: tuple) -> dict[str, Any]:
    cid, film, role, character, position, person_id, person, photo = row
    return {"id": cid, "film": film, "role": role, "character": character, "position": position,
            "person_id": person_id, "person": person, "photo": photo}


def _to_sql(kind: RecordKind, name: str, value: Any) -> Any:
    """A field's clean value as stored: lists (audio tracks, subtitles) as JSON text, None when empty."""
    if name in kind.json_fields:
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def _from_sql(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    for name in kind.json_fields:
        text = row.get(name)
        row[name] = json.loads(text) if text else []
    for spec in kind.fields:
        if spec.shape == "yesno" and row.get(spec.name) is not None:
            row[spec.name] = bool(row[spec.name])
    return row


class RecordTables:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- records of a kind --------------------------------------------------------------------------

    @staticmethod
    def _order(kind: RecordKind) -> str:
        return "date IS NULL, date, position, id" if kind.order == "date" else "position, id"

    def _dicts(self, kind: RecordKind, where: str, params: tuple) -> list[dict[str, Any]]:
        names = ("id", "film_id", "position", *kind.field_names)
        rows = self.store.rows(f"SELECT {', '.join(names)} FROM {kind.table} WHERE {where} "
                               f"ORDER BY film_id, {self._order(kind)}", params)
        return [_from_sql(kind, {"film" if n == "film_id" else n: v for n, v in zip(names, r, strict=True)})
                for r in rows]

    def of_film(self, kind: RecordKind, film_id: int) -> list[dict[str, Any]]:
        """A film's records of this kind in their order."""
        return self.of_films(kind, [film_id])

    def of_films(self, kind: RecordKind, film_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The records of this kind of some films (a chunk: catalog.store.chunks), by film, in order."""
        return self._dicts(kind, f"film_id IN ({placeholders(film_ids)})", tuple(film_ids))

    def all(self, kind: RecordKind) -> list[dict[str, Any]]:
        """Every record of this kind, by film, each film's in order."""
        return self._dicts(kind, "1", ())

    def get(self, kind: RecordKind, record_id: int) -> dict[str, Any]:
        rows = self._dicts(kind, "id = ?", (record_id,))
        if not rows:
            raise NotFound(f"no {kind.label} with id {record_id}")
        return rows[0]

    def insert(self, kind: RecordKind, film_id: int, values: Mapping[str, Any], position: int | None = None,
               record_id: int | None = None, shift: bool = True) -> int:
        """Add a record at `position` (default: the end), moving those after it down (shift=False:
        the caller knows nothing is there, as when a bulk load fills a new film)."""
        if position is None:
            position = self.store.scalar(f"SELECT count(*) FROM {kind.table} WHERE film_id = ?", (film_id,))
        elif shift:
            self.store.execute(f"UPDATE {kind.table} SET position = position + 1 WHERE film_id = ? AND position >= ?",
                               (film_id, position))
        row: dict[str, Any] = {"film_id": film_id, "position": position}
        row.update({name: _to_sql(kind, name, values.get(name)) for name in kind.field_names})
        if record_id is not None:
            row["id"] = record_id
        return self.store.insert(f"INSERT INTO {kind.table} ({', '.join(row)}) VALUES ({','.join('?' * len(row))})",
                                 tuple(row.values()))

    def update(self, kind: RecordKind, record_id: int, values: Mapping[str, Any]) -> None:
        self.store.update_row(kind.table, record_id, {n: _to_sql(kind, n, v) for n, v in values.items()})

    def delete(self, kind: RecordKind, record_id: int) -> dict[str, Any]:
        """Remove one record, closing the gap; returns it as it was."""
        row = self.get(kind, record_id)
        self.store.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record_id,))
        self.store.execute(f"UPDATE {kind.table} SET position = position - 1 WHERE film_id = ? AND position > ?",
                           (row["film"], row["position"]))
        return row

    def move(self, kind: RecordKind, record_id: int, new_position: int) -> int:
        """Move a record within its film's list; returns the place it had."""
        row = self.get(kind, record_id)
        ids = [r[0] for r in self.store.rows(f"SELECT id FROM {kind.table} WHERE film_id = ? ORDER BY position, id",
                                             (row["film"],))]
        return self._reorder(kind.table, ids, record_id, new_position)

    def _reorder(self, table: str, ids: list[int], moved: int, new_position: int) -> int:
        old = ids.index(moved)
        ids.remove(moved)
        ids.insert(max(0, min(new_position, len(ids))), moved)
        self.store.execute_many(f"UPDATE {table} SET position = ? WHERE id = ?",
                                [(position, rid) for position, rid in enumerate(ids)])
        return old

    def exists(self, kind: RecordKind, film_id: int, field: str, value: Any) -> bool:
        """Whether the film has a record of this kind whose `field` is `value`."""
        if field not in kind.field_names:
            raise KeyError(field)
        return self.store.one(f"SELECT 1 FROM {kind.table} WHERE film_id = ? AND {field} = ?",
                              (film_id, _to_sql(kind, field, value))) is not None

    # -- credits ------------------------------------------------------------------------------------

    def credits(self, film_id: int) -> list[dict[str, Any]]:
        """A film's credits: directors, writers, cast in billing order, then the rest of the crew."""
        return self.credits_of([film_id])

    def credits_of(self, film_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The credits of some films (a chunk), by film, each film's in the order of `credits`."""
        rows = [_credit(r) for r in self.store.rows(f"{_CREDIT_SELECT} WHERE c.film_id IN ({placeholders(film_ids)})",
                                                    tuple(film_ids))]
        return sorted(rows, key=lambda r: (r["film"], *credit_order(r)))

    def all_credits(self) -> list[dict[str, Any]]:
        rows = [_credit(r) for r in self.store.rows(_CREDIT_SELECT)]
        return sorted(rows, key=lambda r: (r["film"], *credit_order(r)))

    def credit(self, credit_id: int) -> dict[str, Any]:
        row = self.store.one(f"{_CREDIT_SELECT} WHERE c.id = ?", (credit_id,))
        if row is None:
            raise NotFound(f"no credit with id {credit_id}")
        return _credit(row)

    def insert_credit(self, film_id: int, person_id: int, role: str, character: str | None,
                      position: int | None = None, credit_id: int | None = None, shift: bool = True) -> int:
        """Add a credit at `position` among the film's credits of the same role (default: last)."""
        if position is None:
            position = self.store.scalar("SELECT count(*) FROM credit WHERE film_id = ? AND role = ?",
                                         (film_id, role))
        elif shift:
            self.store.execute("UPDATE credit SET position = position + 1 WHERE film_id = ? AND role = ? "
                               "AND position >= ?", (film_id, role, position))
        row: dict[str, Any] = {"film_id": film_id, "person_id": person_id, "role": role, "character": character,
                               "position": position}
        if credit_id is not None:
            row["id"] = credit_id
        return self.store.insert(f"INSERT INTO credit ({', '.join(row)}) VALUES ({','.join('?' * len(row))})",
                                 tuple(row.values()))

    def insert_credits(self, rows: list[tuple[int, int, str, str | None, int]]) -> None:
        """New credits in bulk: (film id, person id, role, character, position) each, for a film
        the caller knows has none of them yet."""
        self.store.execute_many("INSERT INTO credit (film_id, person_id, role, character, position) "
                                "VALUES (?, ?, ?, ?, ?)", rows)

    def update_credit(self, credit_id: int, values: Mapping[str, Any]) -> None:
        """Change a credit's person_id, role or character."""
        self.store.update_row("credit", credit_id, values)

    def delete_credit(self, credit_id: int) -> dict[str, Any]:
        row = self.credit(credit_id)
        self.store.execute("DELETE FROM credit WHERE id = ?", (credit_id,))
        self.store.execute("UPDATE credit SET position = position - 1 WHERE film_id = ? AND role = ? AND position > ?",
                           (row["film"], row["role"], row["position"]))
        return row

    def move_credit(self, credit_id: int, new_position: int) -> int:
        """Move a credit within its film's list of the same role (billing order); returns its old place."""
        row = self.credit(credit_id)
        ids = [r[0] for r in self.store.rows("SELECT id FROM credit WHERE film_id = ? AND role = ? "
                                             "ORDER BY position, id", (row["film"], row["role"]))]
        return self._reorder("credit", ids, credit_id, new_position)

    def film_ids_of_person(self, person_id: int) -> set[int]:
        return {r[0] for r in self.store.rows("SELECT DISTINCT film_id FROM credit WHERE person_id = ?",
                                              (person_id,))}

    def move_person_credits(self, from_id: int, to_id: int) -> list[int]:
        """Give one person's credits to another; returns the credits moved."""
        moved = [r[0] for r in self.store.rows("SELECT id FROM credit WHERE person_id = ?", (from_id,))]
        self.store.execute("UPDATE credit SET person_id = ? WHERE person_id = ?", (to_id, from_id))
        return moved

    def set_credit_people(self, credit_ids: list[int], person_id: int) -> None:
        self.store.execute_many("UPDATE credit SET person_id = ? WHERE id = ?", [(person_id, c) for c in credit_ids])
