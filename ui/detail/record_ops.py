"""The catalogue operations behind a record table, one store per kind. Every operation returns a
(do, undo) pair for `ui.undo.push`, holding the before and after values it needs; nothing here
touches Qt. GUI thread only (the catalogue calls are short transactions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog import Catalogue
from catalog.model.validation import RECORD_FIELDS

Row = dict[str, Any]
Op = tuple[Callable[[], object], Callable[[], object]]


class RecordStore:
    """Videos, reviews, releases, articles or awards of one film (`Catalogue.*_record`)."""

    def __init__(self, cat: Catalogue, kind: str) -> None:
        self.cat, self.kind, self.label = cat, kind, kind
        self.movable = kind != "release"  # releases are shown in date order

    def fetch(self, film_id: int) -> list[Row]:
        return self.cat.records(self.kind, film_id)

    def group(self, rows: list[Row], row: Row) -> list[Row]:
        """The saved rows `row` is ordered among."""
        return [r for r in rows if r["id"] is not None]

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> Op:
        cat, kind, rid, old = self.cat, self.kind, row["id"], row.get(field)
        return (lambda: cat.update_record(kind, rid, {field: new}),
                lambda: cat.update_record(kind, rid, {field: old}))

    def add(self, rows: list[Row], film_id: int, fields: Row, box: dict[str, Any]) -> Op:
        """`do` puts the new id in box['id'] (the same id again on redo)."""
        cat, kind = self.cat, self.kind

        def do() -> None:
            box["id"] = cat.add_record(kind, film_id, fields, record_id=box.get("id"))
        return do, lambda: cat.remove_record(kind, box["id"])

    def remove(self, rows: list[Row], row: Row) -> Op:
        cat, kind, rid, box = self.cat, self.kind, row["id"], {}

        def do() -> None:
            box["snap"] = cat.remove_record(kind, rid)

        def undo() -> None:
            s = box["snap"]
            cat.add_record(kind, s["film"], {f: s[f] for f in RECORD_FIELDS[kind]}, s["position"], record_id=rid)
        return do, undo

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> Op:
        cat, kind, rid = self.cat, self.kind, row["id"]
        return lambda: cat.move_record(kind, rid, new), lambda: cat.move_record(kind, rid, old)

    def column_of(self, field: str) -> str:
        """The column a ValidationError's field names (the catalogue's names may differ)."""
        return field


class CreditStore(RecordStore):
    """Cast and crew; a credit moves only among credits of the same role (billing order)."""

    def __init__(self, cat: Catalogue) -> None:
        super().__init__(cat, "credit")
        self.label, self.movable = "cast member", True

    def fetch(self, film_id: int) -> list[Row]:
        return self.cat.credits(film_id)

    def group(self, rows: list[Row], row: Row) -> list[Row]:
        return [r for r in rows if r["id"] is not None and r["role"] == row.get("role")]

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> Op:
        cat, rid, old = self.cat, row["id"], row.get(field)
        return lambda: cat.update_credit(rid, {field: new}), lambda: cat.update_credit(rid, {field: old})

    def add(self, rows: list[Row], film_id: int, fields: Row, box: dict[str, Any]) -> Op:
        cat = self.cat

        def do() -> None:
            box["id"] = cat.add_credit(film_id, fields["person"], fields["role"], fields.get("character"),
                                       credit_id=box.get("id"))
        return do, lambda: cat.remove_credit(box["id"])

    def remove(self, rows: list[Row], row: Row) -> Op:
        cat, rid, box = self.cat, row["id"], {}

        def do() -> None:
            box["snap"] = cat.remove_credit(rid)

        def undo() -> None:
            s = box["snap"]
            cat.add_credit(s["film"], s["person"], s["role"], s["character"], s["position"], credit_id=rid)
        return do, undo

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> Op:
        cat, rid = self.cat, row["id"]
        return lambda: cat.move_credit(rid, new), lambda: cat.move_credit(rid, old)


class CompanyStore(RecordStore):
    """Production companies and distributors. The catalogue keeps them as one ordered list per film
    (`set_companies`), so every operation is the list before and the list after; a row's id is its
    place in the list."""

    def __init__(self, cat: Catalogue) -> None:
        super().__init__(cat, "company")
        self.movable = True

    def fetch(self, film_id: int) -> list[Row]:
        companies = self.cat.film_document(film_id)["companies"]
        return [{"id": i, "film": film_id, "name": c["name"], "role": c["role"]} for i, c in enumerate(companies)]

    @staticmethod
    def _listed(rows: list[Row]) -> list[dict[str, str]]:
        return [{"name": r["name"], "role": r["role"]} for r in rows if r["id"] is not None]

    @staticmethod
    def _place(rows: list[Row], row: Row) -> int:
        return next(i for i, r in enumerate(r for r in rows if r["id"] is not None) if r is row)

    def _replace(self, film_id: int, before: list[dict[str, str]], after: list[dict[str, str]]) -> Op:
        cat = self.cat
        return lambda: cat.set_companies(film_id, after), lambda: cat.set_companies(film_id, before)

    def edit(self, rows: list[Row], row: Row, field: str, new: Any) -> Op:
        before = self._listed(rows)
        after = [dict(c) for c in before]
        after[self._place(rows, row)][field] = new
        return self._replace(row["film"], before, after)

    def add(self, rows: list[Row], film_id: int, fields: Row, box: dict[str, Any]) -> Op:
        before = self._listed(rows)
        do, undo = self._replace(film_id, before, [*before, {"name": fields["name"], "role": fields["role"]}])

        def do_and_place() -> None:
            do()
            box["id"] = len(before)
        return do_and_place, undo

    def remove(self, rows: list[Row], row: Row) -> Op:
        before = self._listed(rows)
        after = [c for i, c in enumerate(before) if i != self._place(rows, row)]
        return self._replace(row["film"], before, after)

    def move(self, rows: list[Row], row: Row, old: int, new: int) -> Op:
        before = self._listed(rows)
        after = [dict(c) for c in before]
        after.insert(new, after.pop(old))
        return self._replace(row["film"], before, after)

    def column_of(self, field: str) -> str:
        return {"company": "name", "company role": "role"}.get(field, field)


def make_store(cat: Catalogue, kind: str) -> RecordStore:
    if kind == "company":
        return CompanyStore(cat)
    return CreditStore(cat) if kind == "credit" else RecordStore(cat, kind)
