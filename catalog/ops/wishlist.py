"""Use cases on the wishlist (`cat.wishlist`): a film the collector wants and has no copy of, with
a priority and a note. Adding a copy of a wanted film takes it off the wishlist (in the same
change: `cat.records.add`), so "wanted" always means "no copy"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError
from catalog.model.dates import now
from catalog.model.validation import clean
from catalog.model.wishlist import DEFAULT_PRIORITY, WISH_FIELDS
from catalog.ops.change import Change, step

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue


class Wishlist:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    def get(self, film_id: int) -> dict[str, Any] | None:
        """The film's wish (priority, note, added_on), or None when it is not wanted."""
        return self.store.wishes.get(film_id)

    def film_ids(self) -> list[int]:
        """The wanted films, highest priority first, then by title."""
        return self.store.wishes.film_ids()

    def add(self, film_id: int, priority: Any = DEFAULT_PRIORITY, note: str | None = None,
            added_on: str | None = None) -> Change:
        """Put a film on the wishlist (or change its priority and note there). Refused for a film
        the collection has a copy of."""
        values = clean({"priority": priority, "note": note}, WISH_FIELDS, partial=False)
        title = self.cat.films.label(film_id)
        with self.cat.transaction(f"Add {title} to the wishlist") as change:
            self.store.films.require(film_id)
            if self.store.wishes.has_copy(film_id):
                raise CatalogueError(f"{title} is in the collection (it has a copy), so it cannot be wanted; "
                                     "remove its copies first")
            before = self.store.wishes.get(film_id)
            if before is not None:
                change.description = f"Edit the wish for {title}"
            self.store.wishes.set(film_id, values["priority"], values["note"],
                                  added_on or (before or {}).get("added_on") or now())
            self.cat.films.touch(film_id, change)
            change.undo_with(step("wishlist.add", film_id=film_id, **before) if before is not None else
                             step("wishlist.remove", film_id=film_id))
        return change

    def remove(self, film_id: int) -> Change:
        """Take a film off the wishlist."""
        title = self.cat.films.label(film_id)
        with self.cat.transaction(f"Remove {title} from the wishlist") as change:
            before = self.store.wishes.get(film_id)
            if before is None:
                raise CatalogueError(f"{title} is not on the wishlist")
            self.store.wishes.delete(film_id)
            self.cat.films.touch(film_id, change)
            change.undo_with(step("wishlist.add", film_id=film_id, **before))
        return change
