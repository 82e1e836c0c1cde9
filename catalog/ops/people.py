"""Use cases on people: matching by name, their films, completion, renaming, merging, photos."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound, ValidationError
from catalog.model.id_runs import IdSet, run_ids
from catalog.model.rows import PersonFilm, PersonInfo
from catalog.model.validation import clean, text
from catalog.ops.change import Change, step

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

_PERSON_FIELDS = {"name": text(required=True, max_len=300), "sort_name": text(max_len=300), "notes": text()}


class People:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    def resolve(self, person: str | int, change: Change) -> int:
        """A person by id, or by name (matched case- and accent-insensitively, created if new)."""
        if isinstance(person, int):
            if not self.store.people.exists(person):
                raise NotFound(f"no person with id {person}")
            return person
        name = text(required=True, max_len=300)("person", person)
        assert name is not None
        found = self.store.people.find(name)
        if found is not None:
            return found
        change.people = True
        created = self.store.people.insert(name)
        change.new_people.append(created)
        return created

    def find(self, name: str) -> int | None:
        return self.store.people.find(name)

    def find_or_create(self, name: str) -> Change:
        """The person of that name, created if new; the change's `id` is the person's."""
        with self.cat.transaction("Add person") as change:
            change.id = self.resolve(name, change)
            change.undo_with()
        return change

    def get(self, person_id: int) -> PersonInfo:
        return self.store.people.get(person_id)

    def films(self, person_id: int) -> list[PersonFilm]:
        return self.store.people.films(person_id)

    def names(self, prefix: str = "", limit: int = 50) -> list[str]:
        """Names for completion, those in most films first."""
        return self.store.people.names(prefix, limit)

    def update(self, person_id: int, fields: Mapping[str, Any]) -> Change:
        values = clean(fields, _PERSON_FIELDS, partial=True)
        with self.cat.transaction("Edit person") as change:
            before = self.store.people.fields(person_id)
            self.store.people.update(person_id, values)
            change.people = True
            change.updated.update(self.store.records.film_ids_of_person(person_id))
            change.undo_with(step("people.update", person_id=person_id, fields={k: before[k] for k in values}))
        return change

    def merge(self, keep_id: int, other_id: int) -> Change:
        """Make `other_id` the same person as `keep_id`: credits move over, `other_id` goes."""
        if keep_id == other_id:
            raise ValidationError("person", other_id, "cannot be merged with itself")
        with self.cat.transaction("Merge people") as change:
            keep, other = self.store.people.fields(keep_id), self.store.people.fields(other_id)
            change.updated.update(self.store.records.film_ids_of_person(other_id))
            credits = self.store.records.move_person_credits(other_id, keep_id)
            completed = {k: other[k] for k in ("photo_id", "notes") if keep[k] is None and other[k] is not None}
            self.store.people.update(keep_id, completed)
            self.store.people.delete(other_id)
            change.people = True
            change.undo_with(step("people.unmerge", keep_id=keep_id, other_id=other_id, other=other,
                                  credit_ids=credits, completed=list(completed)))
        return change

    def unmerge(self, keep_id: int, other_id: int, other: Mapping[str, Any], credit_ids: list[int],
                completed: list[str]) -> Change:
        """Undo of a merge: the other person back with their id, fields and credits."""
        with self.cat.transaction("Separate people") as change:
            self.store.people.insert(other["name"], person_id=other_id)
            self.store.people.update(other_id, {k: other[k] for k in ("sort_name", "notes", "photo_id")})
            self.store.people.update(keep_id, dict.fromkeys(completed))
            self.store.records.set_credit_people(credit_ids, other_id)
            change.people = True
            change.updated.update(self.store.records.film_ids_of_person(other_id))
            change.undo_with(step("people.merge", keep_id=keep_id, other_id=other_id))
        return change

    def set_photo(self, person_id: int, image_id: int | None) -> Change:
        with self.cat.transaction("Set photo") as change:
            before = self.store.people.fields(person_id)["photo_id"]
            self.store.people.update(person_id, {"photo_id": image_id})
            change.people = True
            change.undo_with(step("people.set_photo", person_id=person_id, image_id=before))
        return change

    def forget(self, person_ids: Sequence[int] = (), person_runs: Sequence[Sequence[int]] = ()) -> Change:
        """Forget people nothing credits any more (the last step of undoing what created them);
        people who have credits again are kept. `person_runs`: more of them as runs of ids
        ([[first, last], …]: an import's thousands)."""
        with self.cat.transaction("Forget people") as change:
            gone = self.store.people.uncredited([*person_ids, *run_ids(person_runs)])
            self.store.people.delete_many(p["id"] for p in gone)
            change.people = bool(gone)
            change.undo_with(step("people.readd", people=gone))
        return change

    def readd(self, people: Sequence[Mapping[str, Any]]) -> Change:
        """Undo of `forget`: the people back with their ids and fields."""
        with self.cat.transaction("Add people") as change:
            self.store.people.readd(people)
            change.people = bool(people)
            change.undo_with(step("people.forget", person_runs=IdSet(p["id"] for p in people).plain()))
        return change
