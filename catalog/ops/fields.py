"""Use cases on custom fields: the fields a collector defines (name, type, choices), shown on every
film, searchable as `field:"Name":value`. A film's value is set with `cat.films.set_custom`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound, ValidationError
from catalog.model.kinds import CUSTOM_TYPES, custom_check
from catalog.model.rows import CustomField
from catalog.model.validation import text
from catalog.ops.change import Change, step
from catalog.store.custom import from_text, to_text

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

_NAME = text(required=True, max_len=100)
_CHOICE = text(required=True, max_len=200)


def _choices(values: Sequence[str] | str | None) -> list[str]:
    items = values.split(",") if isinstance(values, str) else list(values or [])
    return list(dict.fromkeys(c for c in (_CHOICE("choice", v) for v in items if str(v).strip()) if c))


class Fields:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    def all(self) -> list[CustomField]:
        """The custom fields in their order."""
        return self.store.custom.all()

    def get(self, field: int | str) -> CustomField:
        """A field by id or by name (case- and accent-insensitive)."""
        found = self.store.custom.get(field) if isinstance(field, int) else self.store.custom.find(field)
        if found is None:
            raise NotFound(f"no custom field {field!r}")
        return found

    def find(self, name: str) -> CustomField | None:
        return self.store.custom.find(name)

    def define(self, name: str, type: str = "text", choices: Sequence[str] | str | None = None,
               field_id: int | None = None) -> Change:
        """A new custom field; the change's `id` is the field's."""
        clean = _NAME("name", name)
        assert clean is not None
        if type not in CUSTOM_TYPES:
            raise ValidationError("type", type, f"is not one of: {', '.join(CUSTOM_TYPES)}")
        options = _choices(choices)
        if type == "choice" and not options:
            raise ValidationError("choices", choices, "must name at least one value")
        with self.cat.transaction(f"Add field “{clean}”") as change:
            if self.store.custom.find(clean) is not None:
                raise ValidationError("name", clean, "is the name of a field already")
            change.id = self.store.custom.insert(clean, type, options, field_id=field_id)
            change.fields = True  # every pane that shows fields reads them again
            change.undo_with(step("fields.remove", field_id=change.id))
        return change

    def update(self, field_id: int, fields: Mapping[str, Any]) -> Change:
        """Rename a field, or change its choices (a type changes only while no film has a value
        that the new type refuses)."""
        with self.cat.transaction("Edit field") as change:
            before = self.store.custom.get(field_id)
            values: dict[str, Any] = {}
            if "name" in fields:
                values["name"] = _NAME("name", fields["name"])
                other = self.store.custom.find(values["name"])
                if other is not None and other.id != field_id:
                    raise ValidationError("name", values["name"], "is the name of a field already")
            if "choices" in fields:
                values["choices"] = _choices(fields["choices"])
            if "type" in fields:
                if fields["type"] not in CUSTOM_TYPES:
                    raise ValidationError("type", fields["type"], f"is not one of: {', '.join(CUSTOM_TYPES)}")
                values["type"] = fields["type"]
            new_type = values.get("type", before.type)
            check = custom_check(new_type, tuple(values.get("choices", before.choices)))
            for _film_id, stored in self.store.custom.delete_preview(field_id):
                check(before.name, from_text(before.type, stored))
            self.store.custom.update(field_id, values)
            change.fields = True
            change.updated.update(self.store.custom.film_ids(field_id))
            change.undo_with(step("fields.update", field_id=field_id, fields={
                k: (list(before.choices) if k == "choices" else getattr(before, k)) for k in values}))
        return change

    def remove(self, field_id: int) -> Change:
        """Remove a field and every film's value of it (undo puts both back)."""
        with self.cat.transaction("Remove field") as change:
            before = self.store.custom.get(field_id)
            values = self.store.custom.delete(field_id)
            change.fields = True
            change.updated.update(f for f, _ in values)
            change.undo_with(step("fields.restore", field={"id": before.id, "name": before.name, "type": before.type,
                                                           "choices": list(before.choices),
                                                           "position": before.position},
                                  values=[list(v) for v in values]))
        return change

    def restore(self, field: Mapping[str, Any], values: Sequence[Sequence[Any]]) -> Change:
        """Undo of `remove`: the field with its id, place and values."""
        with self.cat.transaction(f"Add field “{field['name']}”") as change:
            self.store.custom.insert(field["name"], field["type"], field.get("choices") or (), field.get("position"),
                                     field_id=field["id"])
            self.store.custom.set_texts([(int(f), int(field["id"]), str(v)) for f, v in values])
            change.fields = True
            change.updated.update(int(f) for f, _ in values)
            change.undo_with(step("fields.remove", field_id=field["id"]))
        return change

    @staticmethod
    def stored(field: CustomField, value: Any) -> str | None:
        """A value of the field checked and as stored."""
        return to_text(field.type, custom_check(field.type, field.choices)(field.name, value))
