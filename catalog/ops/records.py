"""Use cases on what is attached to a film: records of each kind (videos, reviews, releases,
articles, awards, copies, the diary's viewings… — catalog.model.kinds) and credits (cast and crew,
in billing order). A copy added to a wanted film takes it off the wishlist; a copy removed takes
its loans with it (its undo brings them back)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from catalog.errors import ConflictError, ValidationError
from catalog.model.kinds import CREDIT_FIELDS, kind
from catalog.model.validation import clean
from catalog.ops.change import Change, step

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

_CREDIT = {f.name: f.check for f in CREDIT_FIELDS if f.name != "person"}


def _as_stored(expected: Mapping[str, Any] | None, validators: Mapping[str, Any]) -> dict[str, Any] | None:
    """What an editor showed, each value as the catalogue keeps it ("English, Spanish" as a list),
    so that it compares with the record as it is now."""
    if expected is None:
        return None
    out = dict(expected)
    for name, value in expected.items():
        if name in validators:
            with contextlib.suppress(ValidationError):  # a value the editor showed as it was
                out.update(clean({name: value}, validators, partial=True))
    return out


class Records:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    # -- records of a kind --------------------------------------------------------------------------

    def of(self, kind_name: str, film_id: int) -> list[dict[str, Any]]:
        """A film's records of one kind in their order (releases by date)."""
        return self.store.records.of_film(kind(kind_name), film_id)

    def get(self, kind_name: str, record_id: int) -> dict[str, Any]:
        return self.store.records.get(kind(kind_name), record_id)

    def add(self, kind_name: str, film_id: int, fields: Mapping[str, Any], position: int | None = None,
            record_id: int | None = None) -> Change:
        """Attach a record (at `position`, default the end); the change's `id` is the record's."""
        spec = kind(kind_name)
        values = clean(fields, spec.validators, partial=False)
        with self.cat.transaction(f"Add {spec.label}") as change:
            self.store.films.require(film_id)
            change.id = self.store.records.insert(spec, film_id, values, position, record_id)
            self.cat.films.touch(film_id, change)
            undo = [step("records.remove", kind_name=spec.name, record_id=change.id)]
            wish = self.store.wishes.get(film_id) if spec.name == "copy" else None
            if wish is not None:  # a copy of a wanted film: it was found, it leaves the wishlist
                self.store.wishes.delete(film_id)
                undo.append(step("wishlist.add", film_id=film_id, **wish))
            change.undo_with(*undo)
        return change

    def _read_checked(self, read: Callable[[], Mapping[str, Any]], label: str, values: Mapping[str, Any],
                      expected: Mapping[str, Any] | None) -> Mapping[str, Any]:
        """The record as it is now (`read`), after refusing (ConflictError, both sides) an edit of
        fields that someone else changed since the editor showed them (`expected`) — unless they
        changed them to what this edit writes. With `expected`, the film's row is locked and the
        record read again, so no one changes them between this check and the write (until the commit)."""
        before = read()
        if expected is None:
            return before
        stamp = self.store.stamps.of(before["film"], lock=True)
        before = read()
        moved = {k: before.get(k) for k in expected if before.get(k) not in (expected[k], values.get(k, expected[k]))}
        if moved:
            title = f"{self.cat.films.label(before['film'])}: {label}"
            raise ConflictError(before["film"], title, stamp.changed_by if stamp else None,
                                stamp.changed_at if stamp else None, stamp.version if stamp else None,
                                mine=dict(values), theirs=moved)
        return before

    def update(self, kind_name: str, record_id: int, fields: Mapping[str, Any],
               expected: Mapping[str, Any] | None = None) -> Change:
        """Change some fields of a record. `expected`: those fields as the editor showed them; if
        someone else changed any of them since, nothing is written (ConflictError with both sides)."""
        spec = kind(kind_name)
        values = clean(fields, spec.validators, partial=True)
        labels = {f.name: f.label.lower() for f in spec.fields}
        described = f"Edit {labels[next(iter(values))]} of {spec.label}" if len(values) == 1 else f"Edit {spec.label}"
        with self.cat.transaction(described) as change:
            before = self._read_checked(lambda: self.store.records.get(spec, record_id), spec.label, values,
                                        _as_stored(expected, spec.validators))
            self.store.records.update(spec, record_id, values)
            self.cat.films.touch(before["film"], change)
            change.undo_with(step("records.update", kind_name=spec.name, record_id=record_id,
                                  fields={k: before[k] for k in values}))
        return change

    def remove(self, kind_name: str, record_id: int) -> Change:
        spec = kind(kind_name)
        with self.cat.transaction(f"Remove {spec.label}") as change:
            loans = self.store.loans.of_copy(record_id) if spec.name == "copy" else []  # they go with it
            row = self.store.records.delete(spec, record_id)
            self.cat.films.touch(row["film"], change)
            undo = [step("records.add", kind_name=spec.name, film_id=row["film"],
                         fields={f: row[f] for f in spec.field_names}, position=row["position"], record_id=record_id)]
            if loans:
                change.loans = True
                undo.append(step("loans.restore", loans=[{k: loan[k] for k in (
                    "id", "copy_id", "film_id", "borrower_id", "lent_on", "due_on", "returned_on", "notes")}
                    for loan in loans]))
            change.undo_with(*undo)
        return change

    def move(self, kind_name: str, record_id: int, new_position: int) -> Change:
        spec = kind(kind_name)
        with self.cat.transaction(f"Move {spec.label}") as change:
            film_id = self.store.records.get(spec, record_id)["film"]
            old = self.store.records.move(spec, record_id, new_position)
            self.cat.films.touch(film_id, change)
            change.undo_with(step("records.move", kind_name=spec.name, record_id=record_id, new_position=old))
        return change

    def has(self, kind_name: str, film_id: int, field: str, value: Any) -> bool:
        """Whether a film has a record of that kind whose `field` is `value`."""
        return self.store.records.exists(kind(kind_name), film_id, field, value)

    # -- credits ------------------------------------------------------------------------------------

    def credits(self, film_id: int) -> list[dict[str, Any]]:
        """A film's credits: directors, writers, cast in billing order, then the rest of the crew."""
        return self.store.records.credits(film_id)

    def add_credit(self, film_id: int, person: str | int, role: str, character: str | None = None,
                   position: int | None = None, credit_id: int | None = None) -> Change:
        """Credit a person (by name, matched or created, or by id); the change's `id` is the credit's."""
        values = clean({"role": role, "character": character}, _CREDIT, partial=False)
        label = "cast member" if values["role"] == "actor" else "credit"
        with self.cat.transaction(f"Add {label}") as change:
            self.store.films.require(film_id)
            person_id = self.cat.people.resolve(person, change)
            change.id = self.store.records.insert_credit(film_id, person_id, values["role"], values["character"],
                                                         position, credit_id)
            self.cat.films.touch(film_id, change)
            change.undo_with(step("records.remove_credit", credit_id=change.id))
        return change

    def update_credit(self, credit_id: int, fields: Mapping[str, Any],
                      expected: Mapping[str, Any] | None = None) -> Change:
        """Change a credit's person (by name or id), role or character; `expected` as in `update`."""
        fields = dict(fields)
        person = fields.pop("person", None)
        if "person_id" in fields:  # what an undo says: the very person, by id
            person = fields.pop("person_id")
        values = clean(fields, _CREDIT, partial=True)
        edited = ["person"] if person is not None else list(values)
        with self.cat.transaction(f"Edit {edited[0]} of credit" if len(edited) == 1 else "Edit credit") as change:
            mine = {**values, **({"person": person} if person is not None else {})}
            before = self._read_checked(lambda: self.store.records.credit(credit_id), "credit", mine,
                                        _as_stored(expected, _CREDIT))
            if person is not None:
                values["person_id"] = self.cat.people.resolve(person, change)
            self.store.records.update_credit(credit_id, values)
            self.cat.films.touch(before["film"], change)
            undo = {k: before[k] for k in values if k != "person_id"}
            if "person_id" in values:
                undo["person_id"] = before["person_id"]
            change.undo_with(step("records.update_credit", credit_id=credit_id, fields=undo))
        return change

    def remove_credit(self, credit_id: int) -> Change:
        with self.cat.transaction("Remove credit") as change:
            row = self.store.records.delete_credit(credit_id)
            self.cat.films.touch(row["film"], change)
            # Undo puts the credit back on the same person (by id), whoever else shares the name.
            change.undo_with(step("records.add_credit", film_id=row["film"], person=row["person_id"], role=row["role"],
                                  character=row["character"], position=row["position"], credit_id=credit_id))
        return change

    def move_credit(self, credit_id: int, new_position: int) -> Change:
        """Move a credit within its film's list of the same role (billing order)."""
        with self.cat.transaction("Reorder credits") as change:
            film_id = self.store.records.credit(credit_id)["film"]
            old = self.store.records.move_credit(credit_id, new_position)
            self.cat.films.touch(film_id, change)
            change.undo_with(step("records.move_credit", credit_id=credit_id, new_position=old))
        return change

