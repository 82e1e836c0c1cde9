"""Use cases on people: matching by name, their films, completion, renaming, merging, photos."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.errors import NotFound, ValidationError
from catalog.model.rows import PersonFilm, PersonInfo
from catalog.model.text import name_key
from catalog.model.validation import clean, text
from catalog.ops.changes import ChangeSet
from catalog.store import tables as m


class PeopleMixin:
    """Part of Catalogue (see catalog/catalogue.py for the transaction rules)."""

    def _person_id(self, person: str | int, changes: ChangeSet) -> int:
        if isinstance(person, int):
            if not m.Person.get_or_none(m.Person.id == person):
                raise NotFound(f"no person with id {person}")
            return person
        name = text(required=True, max_len=300)("person", person)
        assert name is not None
        found = m.Person.select(m.Person.id).where(m.Person.name_key == name_key(name)).order_by(
            m.Person.id).first()
        if found:
            return found.id
        changes.people = True
        return m.Person.create(name=name, name_key=name_key(name)).id

    def find_or_create_person(self, name: str) -> int:
        """The person of that name (matched case- and accent-insensitively), created if new."""
        with self.transaction(ChangeSet("Add person")) as changes:
            return self._person_id(name, changes)

    def find_person(self, name: str) -> int | None:
        self._bind()
        found = m.Person.select(m.Person.id).where(m.Person.name_key == name_key(name)).order_by(
            m.Person.id).first()
        return found.id if found else None

    def person(self, person_id: int) -> PersonInfo:
        rows = self._query(
            "SELECT p.id, p.name, p.sort_name, p.notes, i.sha256, "
            "(SELECT count(DISTINCT film_id) FROM credit WHERE person_id = p.id) "
            "FROM person p LEFT JOIN image i ON i.id = p.photo_id WHERE p.id = ?", [person_id])
        if not rows:
            raise NotFound(f"no person with id {person_id}")
        return PersonInfo(*rows[0])

    def person_films(self, person_id: int) -> list[PersonFilm]:
        rows = self._query(
            "SELECT f.id, f.title, f.year, group_concat(DISTINCT c.role) FROM credit c "
            "JOIN film f ON f.id = c.film_id WHERE c.person_id = ? GROUP BY f.id "
            "ORDER BY f.year IS NULL, f.year, f.sort_key", [person_id])
        return [PersonFilm(fid, title, year, tuple(sorted(roles.split(",")))) for fid, title, year, roles in rows]

    def people_names(self, prefix: str = "", limit: int = 50) -> list[str]:
        """Names for completion, those in most films first."""
        key = name_key(prefix)
        rows = self._query(
            "SELECT p.name FROM person p LEFT JOIN credit c ON c.person_id = p.id "
            "WHERE p.name_key LIKE ? ESCAPE '\\' GROUP BY p.id ORDER BY count(c.id) DESC, p.name LIMIT ?",
            [key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit])
        return [r[0] for r in rows]

    def update_person(self, person_id: int, fields: Mapping[str, Any]) -> None:
        validators = {"name": text(required=True, max_len=300), "sort_name": text(max_len=300),
                      "notes": text()}
        values = clean(fields, validators, partial=True)
        if "name" in values:
            values["name_key"] = name_key(values["name"])
        with self.transaction(ChangeSet("Edit person")) as changes:
            self.person(person_id)
            m.Person.update(**values).where(m.Person.id == person_id).execute()
            changes.people = True
            changes.updated.update(fid for fid, *_ in self._query(
                "SELECT DISTINCT film_id FROM credit WHERE person_id = ?", [person_id]))

    def merge_people(self, keep_id: int, other_id: int) -> None:
        """Make `other_id` the same person as `keep_id`: credits move over, `other_id` goes."""
        if keep_id == other_id:
            raise ValidationError("person", other_id, "cannot be merged with itself")
        with self.transaction(ChangeSet("Merge people")) as changes:
            keep, other = self.person(keep_id), self.person(other_id)
            changes.updated.update(fid for fid, *_ in self._query(
                "SELECT DISTINCT film_id FROM credit WHERE person_id = ?", [other_id]))
            m.Credit.update(person=keep_id).where(m.Credit.person == other_id).execute()
            if keep.photo_sha256 is None and other.photo_sha256 is not None:
                photo = m.Person.get_by_id(other_id).photo_id
                m.Person.update(photo=photo).where(m.Person.id == keep_id).execute()
            if other.notes and not keep.notes:
                m.Person.update(notes=other.notes).where(m.Person.id == keep_id).execute()
            m.Person.delete().where(m.Person.id == other_id).execute()
            changes.people = True

    def set_person_photo(self, person_id: int, image_id: int | None) -> None:
        with self.transaction(ChangeSet("Set photo")) as changes:
            self.person(person_id)
            m.Person.update(photo=image_id).where(m.Person.id == person_id).execute()
            changes.people = True
