"""Use cases on what is attached to a film: videos, reviews, releases, articles, awards, credits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peewee import fn

from catalog.errors import NotFound, ValidationError
from catalog.model.validation import RECORD_FIELDS, clean
from catalog.ops.changes import ChangeSet
from catalog.store import tables as m

RECORD_MODELS: dict[str, type[m.BaseModel]] = {
    "video": m.Video, "review": m.Review, "release": m.Release, "article": m.Article, "award": m.Award,
}


class RecordsMixin:
    """Part of Catalogue (see catalog/catalogue.py for the transaction rules)."""

    # -- records attached to a film ---------------------------------------------------------------

    def _record_model(self, kind: str) -> type[m.BaseModel]:
        if kind not in RECORD_MODELS:
            raise ValidationError("record kind", kind, f"is not one of: {', '.join(RECORD_MODELS)}")
        return RECORD_MODELS[kind]

    def records(self, kind: str, film_id: int) -> list[dict[str, Any]]:
        model = self._record_model(kind)
        order = (model.date.is_null(), model.date, model.position, model.id) if kind == "release" else (
            model.position, model.id)
        return list(model.select().where(model.film == film_id).order_by(*order).dicts())

    def record(self, kind: str, record_id: int) -> dict[str, Any]:
        model = self._record_model(kind)
        row = model.select().where(model.id == record_id).dicts().first()
        if row is None:
            raise NotFound(f"no {kind} with id {record_id}")
        return row

    def add_record(self, kind: str, film_id: int, fields: Mapping[str, Any], position: int | None = None,
                   record_id: int | None = None) -> int:
        model = self._record_model(kind)
        values = clean(fields, RECORD_FIELDS[kind], partial=False)
        with self.transaction(ChangeSet(f"Add {kind}")) as changes:
            self._film(film_id)
            end = model.select(fn.COUNT(model.id)).where(model.film == film_id).scalar()
            position = end if position is None else position
            model.update(position=model.position + 1).where(
                (model.film == film_id) & (model.position >= position)).execute()
            extra = {"id": record_id} if record_id is not None else {}
            row = model.create(film=film_id, position=position, **values, **extra)
            self._touch(film_id, changes)
        return row.id

    def update_record(self, kind: str, record_id: int, fields: Mapping[str, Any]) -> None:
        model = self._record_model(kind)
        values = clean(fields, RECORD_FIELDS[kind], partial=True)
        with self.transaction(ChangeSet(f"Edit {kind}")) as changes:
            film_id = self.record(kind, record_id)["film"]
            if values:
                model.update(**values).where(model.id == record_id).execute()
            self._touch(film_id, changes)

    def remove_record(self, kind: str, record_id: int) -> dict[str, Any]:
        """Remove one record; returns it, with film and position, for undo (`add_record`)."""
        model = self._record_model(kind)
        with self.transaction(ChangeSet(f"Remove {kind}")) as changes:
            row = self.record(kind, record_id)
            model.delete().where(model.id == record_id).execute()
            model.update(position=model.position - 1).where(
                (model.film == row["film"]) & (model.position > row["position"])).execute()
            self._touch(row["film"], changes)
        return row

    def move_record(self, kind: str, record_id: int, new_position: int) -> None:
        model = self._record_model(kind)
        with self.transaction(ChangeSet(f"Move {kind}")) as changes:
            row = self.record(kind, record_id)
            ids = [r.id for r in model.select(model.id).where(model.film == row["film"])
                   .order_by(model.position, model.id)]
            self._reorder(model, ids, record_id, new_position)
            self._touch(row["film"], changes)

    @staticmethod
    def _reorder(model: type[m.BaseModel], ids: list[int], moved: int, new_position: int) -> None:
        ids.remove(moved)
        ids.insert(max(0, min(new_position, len(ids))), moved)
        for position, rid in enumerate(ids):
            model.update(position=position).where(model.id == rid).execute()

    # -- credits and people -----------------------------------------------------------------------

    def credits(self, film_id: int) -> list[dict[str, Any]]:
        from catalog.ops.documents import ordered_credits

        return ordered_credits(film_id)

    def add_credit(self, film_id: int, person: str | int, role: str, character: str | None = None,
                   position: int | None = None, credit_id: int | None = None) -> int:
        values = clean({"role": role, "character": character}, RECORD_FIELDS["credit"], partial=False)
        with self.transaction(ChangeSet("Add credit")) as changes:
            self._film(film_id)
            person_id = self._person_id(person, changes)
            scope = (m.Credit.film == film_id) & (m.Credit.role == values["role"])
            end = m.Credit.select(fn.COUNT(m.Credit.id)).where(scope).scalar()
            position = end if position is None else position
            m.Credit.update(position=m.Credit.position + 1).where(scope & (m.Credit.position >= position)).execute()
            extra = {"id": credit_id} if credit_id is not None else {}
            credit = m.Credit.create(film=film_id, person=person_id, position=position, **values, **extra)
            self._touch(film_id, changes)
        return credit.id

    def update_credit(self, credit_id: int, fields: Mapping[str, Any]) -> None:
        """Change a credit's person (by name), role or character."""
        fields = dict(fields)
        person = fields.pop("person", None)
        values = clean(fields, RECORD_FIELDS["credit"], partial=True)
        with self.transaction(ChangeSet("Edit credit")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            if person is not None:
                values["person"] = self._person_id(person, changes)
            if values:
                m.Credit.update(**values).where(m.Credit.id == credit_id).execute()
            self._touch(credit.film_id, changes)

    def remove_credit(self, credit_id: int) -> dict[str, Any]:
        with self.transaction(ChangeSet("Remove credit")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            snapshot = {"id": credit.id, "film": credit.film_id, "person": credit.person.name,
                        "role": credit.role, "character": credit.character, "position": credit.position}
            credit.delete_instance()
            m.Credit.update(position=m.Credit.position - 1).where(
                (m.Credit.film == credit.film_id) & (m.Credit.role == credit.role)
                & (m.Credit.position > credit.position)).execute()
            self._touch(credit.film_id, changes)
        return snapshot

    def move_credit(self, credit_id: int, new_position: int) -> None:
        """Move a credit within its film's list of the same role (billing order)."""
        with self.transaction(ChangeSet("Reorder credits")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            ids = [c.id for c in m.Credit.select(m.Credit.id).where(
                (m.Credit.film == credit.film_id) & (m.Credit.role == credit.role)).order_by(
                m.Credit.position, m.Credit.id)]
            self._reorder(m.Credit, ids, credit_id, new_position)
            self._touch(credit.film_id, changes)
