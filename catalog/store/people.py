"""People: matched by a folded name key, with their photo and notes. The one write path of `person`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.rows import PersonFilm, PersonInfo
from catalog.model.text import name_key
from catalog.store.chunks import in_chunks
from catalog.store.name_cache import NameCache, preloaded

if TYPE_CHECKING:
    from catalog.store import Store


def _like_prefix(key: str) -> str:
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PeopleTable:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: NameCache | None = None  # name key -> id, preloaded for bulk loads

    def preload(self) -> None:
        """Cache every person's key for a bulk load, when there are at most CACHE_NAMES people (else
        none: the load asks the table for each batch's names)."""
        # The oldest person of a name wins, as in `find`.
        self.cache = preloaded(self.store, "SELECT id, name_key FROM person ORDER BY id DESC")

    def find(self, name: str) -> int | None:
        """The person of that name (case-, accent- and punctuation-insensitive), oldest first."""
        return self.find_key(name_key(name))

    def find_key(self, key: str) -> int | None:
        if self.cache is not None and key in self.cache:
            return self.cache[key]
        return self.store.scalar("SELECT id FROM person WHERE name_key = ? ORDER BY id LIMIT 1", (key,))

    def find_keys(self, keys: Iterable[str]) -> dict[str, int]:
        """`find_key` of many keys: key -> the oldest person of it, for the keys that have one (the
        cache first, then one query for every IN_CHUNK keys it lacks)."""
        found: dict[str, int] = {}
        wanted = []
        for key in dict.fromkeys(keys):
            if self.cache is not None and key in self.cache:
                found[key] = self.cache[key]
            else:
                wanted.append(key)
        for chunk, marks in in_chunks(wanted):
            found.update(self.store.rows(f"SELECT name_key, min(id) FROM person WHERE name_key IN ({marks}) "
                                         "GROUP BY name_key", chunk))
        return found

    def names_of(self, person_ids: Iterable[int]) -> dict[int, str]:
        """The stored names of these people, by id."""
        names: dict[int, str] = {}
        for chunk, marks in in_chunks(set(person_ids)):
            names.update(self.store.rows(f"SELECT id, name FROM person WHERE id IN ({marks})", chunk))
        return names

    def insert(self, name: str, person_id: int | None = None) -> int:
        key = name_key(name)
        new = self.store.insert("INSERT INTO person (id, name, name_key) VALUES (?, ?, ?)", (person_id, name, key))
        if self.cache is not None:
            self.cache.setdefault(key, new)
        return new

    def readd(self, people: Iterable[Mapping[str, Any]]) -> None:
        """Put back people as `uncredited` gave them (their ids and fields)."""
        rows = [(p["id"], p["name"], name_key(p["name"]), p["sort_name"], p["notes"], p["photo_id"]) for p in people]
        self.store.execute_many("INSERT INTO person (id, name, name_key, sort_name, notes, photo_id) "
                                "VALUES (?, ?, ?, ?, ?, ?)", rows)
        if self.cache is not None:
            for person_id, _, key, *_ in rows:
                self.cache.setdefault(key, person_id)

    def ids(self) -> set[int]:
        return {r[0] for r in self.store.rows("SELECT id FROM person")}

    def exists(self, person_id: int) -> bool:
        return self.store.one("SELECT 1 FROM person WHERE id = ?", (person_id,)) is not None

    def get(self, person_id: int) -> PersonInfo:
        row = self.store.one(
            "SELECT p.id, p.name, p.sort_name, p.notes, i.sha256, "
            "(SELECT count(DISTINCT film_id) FROM credit WHERE person_id = p.id) "
            "FROM person p LEFT JOIN image i ON i.id = p.photo_id WHERE p.id = ?", (person_id,))
        if row is None:
            raise NotFound(f"no person with id {person_id}")
        return PersonInfo(*row)

    def fields(self, person_id: int) -> dict[str, Any]:
        """The stored fields (name, sort_name, notes, photo_id) of a person."""
        row = self.store.one("SELECT name, sort_name, notes, photo_id FROM person WHERE id = ?", (person_id,))
        if row is None:
            raise NotFound(f"no person with id {person_id}")
        return dict(zip(("name", "sort_name", "notes", "photo_id"), row, strict=True))

    def films(self, person_id: int) -> list[PersonFilm]:
        rows = self.store.rows(
            "SELECT f.id, f.title, f.year, group_concat(DISTINCT c.role) FROM credit c "
            "JOIN film f ON f.id = c.film_id WHERE c.person_id = ? GROUP BY f.id "
            "ORDER BY f.year IS NULL, f.year, f.sort_key", (person_id,))
        return [PersonFilm(fid, title, year, tuple(sorted(roles.split(",")))) for fid, title, year, roles in rows]

    def names(self, prefix: str = "", limit: int = 50) -> list[str]:
        """Names for completion, those in most films first."""
        rows = self.store.rows(
            "SELECT p.name FROM person p LEFT JOIN credit c ON c.person_id = p.id "
            "WHERE p.name_key LIKE ? ESCAPE '\\' GROUP BY p.id ORDER BY count(c.id) DESC, p.name LIMIT ?",
            (_like_prefix(name_key(prefix)), limit))
        return [r[0] for r in rows]

    def update(self, person_id: int, values: Mapping[str, Any]) -> None:
        """Change name, sort_name, notes or photo_id (a new name gets its key)."""
        row = dict(values)
        if "name" in row:
            row["name_key"] = name_key(row["name"])
        self.store.update_row("person", person_id, row)

    def complete(self, person_id: int, sort_name: str | None, notes: str | None, photo_id: int | None) -> None:
        """Fill in what a person lacks (an import never overwrites what the collector wrote)."""
        self.store.execute("UPDATE person SET sort_name = coalesce(sort_name, ?), notes = coalesce(notes, ?), "
                           "photo_id = coalesce(photo_id, ?) WHERE id = ?", (sort_name, notes, photo_id, person_id))

    def delete(self, person_id: int) -> None:
        self.delete_many([person_id])

    def delete_many(self, person_ids: Iterable[int]) -> None:
        gone = set(person_ids)
        for chunk, marks in in_chunks(gone):
            self.store.execute(f"DELETE FROM person WHERE id IN ({marks})", chunk)
        if self.cache is not None:
            for key in [k for k, i in self.cache.items() if i in gone]:
                del self.cache[key]

    def uncredited(self, person_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Those of these people who are there and whom nothing credits, with their stored fields
        (id, name, sort_name, notes, photo_id)."""
        names = ("id", "name", "sort_name", "notes", "photo_id")
        return [dict(zip(names, row, strict=True)) for chunk, marks in in_chunks(dict.fromkeys(person_ids))
                for row in self.store.rows(
                    f"SELECT {', '.join(names)} FROM person p WHERE id IN ({marks}) "
                    "AND NOT EXISTS (SELECT 1 FROM credit c WHERE c.person_id = p.id) ORDER BY id", chunk)]

    def photo_ids(self) -> set[int]:
        return {r[0] for r in self.store.rows("SELECT photo_id FROM person WHERE photo_id IS NOT NULL")}

    def all_with_details(self) -> list[dict[str, Any]]:
        """People with a sort name, notes or a photo (what an export keeps of people)."""
        names = ("id", "name", "sort_name", "notes", "photo_id")
        return [dict(zip(names, r, strict=True)) for r in self.store.rows(
            "SELECT id, name, sort_name, notes, photo_id FROM person "
            "WHERE sort_name IS NOT NULL OR notes IS NOT NULL OR photo_id IS NOT NULL ORDER BY id")]
