"""The catalogue use cases behind a record table, one adapter per kind. Each operation returns a
callable running one use case (for `AppContext.do`, which puts its change on the undo stack);
nothing here touches Qt. GUI thread only (the use cases are short transactions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog import Catalogue, Change
from catalog.model.kinds import kind as record_kind

Row = dict[str, Any]
UseCase = Callable[[], Change]


class RecordRows:
    """Videos, reviews, releases, articles or awards of one film (`Catalogue.records`)."""

    def __init__(self, cat: Catalogue, kind: str) -> None:
        self.cat, self.kind = cat, kind
        spec = record_kind(kind)
        self.label, self.movable = spec.label, spec.movable  # releases are shown in date order

    def fetch(self, film_id: int) -> list[Row]:
        return self.cat.records.of(self.kind, film_id)

    def group(self, rows: list[Row], row: Row) -> list[Row]:
        """The saved rows `row` is ordered among."""
        return [r for r in rows if r["id"] is not None]

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> UseCase:
        """Refused (ConflictError) when someone else changed the field since the row was read."""
        cat, kind, rid, shown = self.cat, self.kind, row["id"], row.get(field)
        return lambda: cat.records.update(kind, rid, {field: new}, expected={field: shown})

    def add(self, rows: list[Row], film_id: int, fields: Row) -> UseCase:
        """The change's `id` is the new row's."""
        cat, kind = self.cat, self.kind
        return lambda: cat.records.add(kind, film_id, fields)

    def remove(self, rows: list[Row], row: Row) -> UseCase:
        cat, kind, rid = self.cat, self.kind, row["id"]
        return lambda: cat.records.remove(kind, rid)

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> UseCase:
        cat, kind, rid = self.cat, self.kind, row["id"]
        return lambda: cat.records.move(kind, rid, new)

    def column_of(self, field: str) -> str:
        """The column a ValidationError's field names (the catalogue's names may differ)."""
        return field


class CreditRows(RecordRows):
    """Cast and crew; a credit moves only among credits of the same role (billing order)."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat, self.kind, self.label, self.movable = cat, "credit", "cast member", True

    def fetch(self, film_id: int) -> list[Row]:
        return self.cat.records.credits(film_id)

    def group(self, rows: list[Row], row: Row) -> list[Row]:
        return [r for r in rows if r["id"] is not None and r["role"] == row.get("role")]

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> UseCase:
        cat, rid, shown = self.cat, row["id"], row.get(field)
        return lambda: cat.records.update_credit(rid, {field: new}, expected={field: shown})

    def add(self, rows: list[Row], film_id: int, fields: Row) -> UseCase:
        cat = self.cat
        return lambda: cat.records.add_credit(film_id, fields["person"], fields["role"], fields.get("character"))

    def remove(self, rows: list[Row], row: Row) -> UseCase:
        cat, rid = self.cat, row["id"]
        return lambda: cat.records.remove_credit(rid)

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> UseCase:
        cat, rid = self.cat, row["id"]
        return lambda: cat.records.move_credit(rid, new)


class CompanyRows(RecordRows):
    """Production companies and distributors. The catalogue keeps them as one ordered list per film
    (`films.set_companies`), so every operation replaces the list; a row's id is its place. Each is
    refused (ConflictError) when someone else changed the list since the rows were read."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat, self.kind, self.label, self.movable = cat, "company", "company", True

    def fetch(self, film_id: int) -> list[Row]:
        companies = self.cat.films.document(film_id)["companies"]
        return [{"id": i, "film": film_id, "name": c["name"], "role": c["role"]} for i, c in enumerate(companies)]

    @staticmethod
    def _listed(rows: list[Row]) -> list[dict[str, str]]:
        return [{"name": r["name"], "role": r["role"]} for r in rows if r["id"] is not None]

    @staticmethod
    def _place(rows: list[Row], row: Row) -> int:
        return next(i for i, r in enumerate(r for r in rows if r["id"] is not None) if r is row)

    def _replace(self, rows: list[Row], film_id: int, after: list[dict[str, str]],
                 new_id: int | None = None) -> UseCase:
        cat, shown = self.cat, self._listed(rows)

        def run() -> Change:
            change = cat.films.set_companies(film_id, after, expected=shown)
            change.id = new_id
            return change
        return run

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> UseCase:
        after = self._listed(rows)
        after[self._place(rows, row)][field] = new
        return self._replace(rows, row["film"], after)

    def add(self, rows: list[Row], film_id: int, fields: Row) -> UseCase:
        before = self._listed(rows)
        return self._replace(rows, film_id, [*before, {"name": fields["name"], "role": fields["role"]}], len(before))

    def remove(self, rows: list[Row], row: Row) -> UseCase:
        after = [c for i, c in enumerate(self._listed(rows)) if i != self._place(rows, row)]
        return self._replace(rows, row["film"], after)

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> UseCase:
        after = self._listed(rows)
        after.insert(new, after.pop(old))
        return self._replace(rows, row["film"], after)

    def column_of(self, field: str) -> str:
        return {"company": "name", "company role": "role"}.get(field, field)


def make_rows(cat: Catalogue, kind: str) -> RecordRows:
    if kind == "company":
        return CompanyRows(cat)
    return CreditRows(cat) if kind == "credit" else RecordRows(cat, kind)
