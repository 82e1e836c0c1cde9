"""The wishlist: the one write path of the `wish` table (one row per wanted film)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.store import Store


class WishTable:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, film_id: int) -> dict[str, Any] | None:
        row = self.store.one("SELECT priority, note, added_on FROM wish WHERE film_id = ?", (film_id,))
        return None if row is None else {"priority": row[0], "note": row[1], "added_on": row[2]}

    def set(self, film_id: int, priority: int, note: str | None, added_on: str) -> None:
        self.store.execute("INSERT INTO wish (film_id, priority, note, added_on) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (film_id) DO UPDATE SET priority = excluded.priority, note = excluded.note",
                           (film_id, priority, note, added_on))

    def delete(self, film_id: int) -> None:
        self.store.execute("DELETE FROM wish WHERE film_id = ?", (film_id,))

    def all(self) -> dict[int, dict[str, Any]]:
        """Every wish by film id (the export)."""
        return {r[0]: {"priority": r[1], "note": r[2], "added_on": r[3]}
                for r in self.store.rows("SELECT film_id, priority, note, added_on FROM wish")}

    def film_ids(self) -> list[int]:
        """The wanted films, highest priority first, then by title."""
        return [r[0] for r in self.store.rows("SELECT w.film_id FROM wish w JOIN film f ON f.id = w.film_id "
                                              "ORDER BY w.priority, f.sort_key, f.id")]

    def has_copy(self, film_id: int) -> bool:
        return self.store.one("SELECT 1 FROM film_copy WHERE film_id = ?", (film_id,)) is not None
