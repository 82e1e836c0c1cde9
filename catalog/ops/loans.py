"""Use cases on loans and borrowers (`cat.loans`): lending a copy (from the film: its first copy
not lent; a film without a copy gets one), marking it returned, editing and removing loans, the
borrowers (people of their own) and their histories, the open and overdue loans.

Each mutation is one transaction returning a Change (`loans=True`, the film updated) whose inverse
undoes it; a borrower a lend created is forgotten by its undo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, NotFound, ValidationError
from catalog.model.loans import BORROWER_FIELDS, LOAN_FIELDS, LOAN_LABELS, check_dates, today
from catalog.model.validation import clean
from catalog.ops.change import Change, Step, step

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue


def copy_label(loan: Mapping[str, Any]) -> str:
    """'Blu-ray, Director's cut' (or 'copy 2') of a loan's copy."""
    parts = [p for p in (loan.get("medium"), loan.get("edition")) if p]
    return ", ".join(parts) if parts else f"copy {int(loan.get('copy_place') or 0) + 1}"


class Loans:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    # -- reading ------------------------------------------------------------------------------------

    def get(self, loan_id: int) -> dict[str, Any]:
        """A loan with its borrower's name, the film's title and year and the copy's medium."""
        return self.store.loans.get(loan_id)

    def of_film(self, film_id: int) -> list[dict[str, Any]]:
        return self.store.loans.of_film(film_id)

    def open_loans(self, borrower: int | str | None = None, overdue: bool = False,
                   on: str | None = None) -> list[dict[str, Any]]:
        """Loans not returned, soonest due first (those without a due date last); one borrower's
        (by id or name) or only the overdue ones (due before `on`, default today) when asked."""
        borrower_id = None if borrower is None else self.borrower_id(borrower)
        return self.store.loans.open_loans(borrower_id, (on or today()) if overdue else None)

    def history(self, borrower: int | str) -> list[dict[str, Any]]:
        """Every loan a borrower has had, by date out."""
        return self.store.loans.of_borrower(self.borrower_id(borrower))

    def borrowers(self) -> list[dict[str, Any]]:
        """Every borrower by name, with `loans` (all they had) and `open` (out now)."""
        return self.store.loans.borrowers()

    def borrower(self, borrower: int | str) -> dict[str, Any]:
        return self.store.loans.borrower(self.borrower_id(borrower))

    def borrower_id(self, borrower: int | str) -> int:
        """A borrower by id or by name (NotFound otherwise)."""
        if isinstance(borrower, int):
            self.store.loans.borrower(borrower)
            return borrower
        found = self.store.loans.find_borrower(borrower)
        if found is None:
            raise NotFound(f"no borrower called {borrower!r}")
        return found

    # -- lending and returning ----------------------------------------------------------------------

    def lend(self, film_id: int, borrower: int | str, *, copy_id: int | None = None, lent_on: Any = None,
             due_on: Any = None, notes: str | None = None, loan_id: int | None = None) -> Change:
        """Lend a copy of a film (`copy_id`, else its first copy not lent; a film without a copy
        gets one) to a borrower, by id or by name (a new name is a new borrower). The change's
        `id` is the loan's. Refused for a film on the wishlist, a copy lent already, a due date
        before the date out."""
        values = clean({"lent_on": lent_on or today(), "due_on": due_on, "notes": notes}, LOAN_FIELDS, partial=True)
        check_dates(values["lent_on"], values["due_on"], None)
        if isinstance(borrower, str):
            name = clean({"name": borrower}, BORROWER_FIELDS, partial=True)["name"]
            borrower = name
        title = self.cat.films.label(film_id)
        with self.cat.transaction("Lend") as change:
            self.store.films.require(film_id)
            undo: list[Step] = []
            if copy_id is None:
                copy_id = self._free_copy(film_id, title, change, undo)
            elif self.store.loans.copy_film(copy_id) != film_id:
                raise ValidationError("copy", copy_id, f"is not a copy of {title}")
            current = self.store.loans.open_loan(copy_id)
            if current is not None:
                raise CatalogueError(f"that copy of {title} is lent to {current['borrower']} already (since "
                                     f"{current['lent_on']}); mark it returned first")
            borrower_id, created = self._resolve(borrower)
            change.id = self.store.loans.insert(copy_id, film_id, borrower_id, values["lent_on"], values["due_on"],
                                                None, values["notes"], loan_id)
            name = self.store.loans.borrower(borrower_id)["name"]
            change.description = f"Lend {title} to {name}"
            self._touched(film_id, change)
            undo.insert(0, step("loans.remove", loan_id=change.id))
            if created:
                undo.append(step("loans.forget_borrowers", borrower_ids=[borrower_id]))
            change.undo_with(*undo)
        return change

    def _free_copy(self, film_id: int, title: str, change: Change, undo: list[Step]) -> int:
        copies = self.store.records.of_film(self._copy_kind(), film_id)
        if not copies:
            if self.store.wishes.get(film_id) is not None:
                raise CatalogueError(f"{title} is on the wishlist: there is no copy to lend")
            added = self.cat.records.add("copy", film_id, {})
            assert added.id is not None
            undo.append(step("records.remove", kind_name="copy", record_id=added.id))
            return added.id
        for copy in copies:
            if self.store.loans.open_loan(copy["id"]) is None:
                return int(copy["id"])
        lent = ", ".join(loan["borrower"] for loan in self.store.loans.open_loans()
                         if loan["film_id"] == film_id)
        raise CatalogueError(f"every copy of {title} is lent already (to {lent}); mark one returned first")

    @staticmethod
    def _copy_kind() -> Any:
        from catalog.model.kinds import BY_NAME

        return BY_NAME["copy"]

    def _resolve(self, borrower: int | str) -> tuple[int, bool]:
        """(borrower id, whether this made them) for an id or a name."""
        if isinstance(borrower, int):
            self.store.loans.borrower(borrower)
            return borrower, False
        found = self.store.loans.find_borrower(borrower)
        if found is not None:
            return found, False
        return self.store.loans.insert_borrower(borrower), True

    def mark_returned(self, loan_id: int, on: Any = None) -> Change:
        """The copy came back (on `on`, default today)."""
        returned = clean({"returned_on": on or today()}, LOAN_FIELDS, partial=True)["returned_on"]
        with self.cat.transaction("Mark returned") as change:
            loan = self.store.loans.get(loan_id)
            if loan["returned_on"] is not None:
                raise CatalogueError(f"that loan of {loan['film']} came back already (on {loan['returned_on']})")
            check_dates(loan["lent_on"], None, returned)
            self.store.loans.update(loan_id, {"returned_on": returned})
            change.description = f"{loan['film']} returned by {loan['borrower']}"
            self._touched(loan["film_id"], change)
            change.undo_with(step("loans.update", loan_id=loan_id, fields={"returned_on": None}))
        return change

    def return_film(self, film_id: int, on: Any = None) -> Change:
        """The film's lent copy came back (refused when none is lent, or several are)."""
        title = self.cat.films.label(film_id)
        open_loans = [loan for loan in self.store.loans.of_film(film_id) if loan["returned_on"] is None]
        if not open_loans:
            raise CatalogueError(f"{title} is not on loan")
        if len(open_loans) > 1:
            who = ", ".join(f"{copy_label(loan)} to {loan['borrower']}" for loan in open_loans)
            raise CatalogueError(f"several copies of {title} are lent ({who}); mark one returned in the Loans view")
        return self.mark_returned(open_loans[0]["id"], on)

    def update(self, loan_id: int, fields: Mapping[str, Any]) -> Change:
        """Change a loan's dates, notes or borrower (`borrower`: an id or a name)."""
        fields = dict(fields)
        borrower = fields.pop("borrower", None)
        if "borrower_id" in fields:
            borrower = fields.pop("borrower_id")
        values = clean(fields, LOAN_FIELDS, partial=True)
        edited = [LOAN_LABELS[k] for k in values] + (["borrower"] if borrower is not None else [])
        with self.cat.transaction(f"Edit {edited[0]} of loan" if len(edited) == 1 else "Edit loan") as change:
            before = self.store.loans.get(loan_id)
            merged = {**before, **values}
            check_dates(merged["lent_on"], merged["due_on"], merged["returned_on"])
            if merged["returned_on"] is None and before["returned_on"] is not None:
                current = self.store.loans.open_loan(before["copy_id"])
                if current is not None and current["id"] != loan_id:
                    raise CatalogueError(f"that copy of {before['film']} is lent to {current['borrower']} now")
            undo: list[Step] = []
            if borrower is not None:
                borrower_id, created = self._resolve(borrower if isinstance(borrower, int) else
                                                     clean({"name": borrower}, BORROWER_FIELDS, partial=True)["name"])
                values["borrower_id"] = borrower_id
                if created:
                    undo.append(step("loans.forget_borrowers", borrower_ids=[borrower_id]))
            self.store.loans.update(loan_id, values)
            self._touched(before["film_id"], change)
            change.undo_with(step("loans.update", loan_id=loan_id, fields={k: before[k] for k in values}), *undo)
        return change

    def remove(self, loan_id: int) -> Change:
        """Forget a loan (out of the history too)."""
        with self.cat.transaction("Remove loan") as change:
            loan = self.store.loans.get(loan_id)
            self.store.loans.delete([loan_id])
            self._touched(loan["film_id"], change)
            change.undo_with(step("loans.restore", loans=[_row(loan)]))
        return change

    def restore(self, loans: Sequence[Mapping[str, Any]]) -> Change:
        """Put loans back as they were, with their ids (undo of a removal)."""
        with self.cat.transaction("Restore loans") as change:
            for loan in loans:
                self.store.loans.insert(loan["copy_id"], loan["film_id"], loan["borrower_id"], loan["lent_on"],
                                        loan.get("due_on"), loan.get("returned_on"), loan.get("notes"), loan["id"])
                self._touched(loan["film_id"], change)
            change.loans = True
            change.undo_with(*(step("loans.remove", loan_id=loan["id"]) for loan in reversed(loans)))
        return change

    # -- borrowers ----------------------------------------------------------------------------------

    def add_borrower(self, name: str, contact: str | None = None, notes: str | None = None,
                     borrower_id: int | None = None) -> Change:
        """A new borrower; the change's `id` is theirs."""
        values = clean({"name": name, "contact": contact, "notes": notes}, BORROWER_FIELDS, partial=False)
        with self.cat.transaction(f"Add borrower {values['name']}") as change:
            if self.store.loans.find_borrower(values["name"]) is not None:
                raise ValidationError("name", values["name"], "is the name of a borrower already")
            change.id = self.store.loans.insert_borrower(values["name"], values["contact"], values["notes"],
                                                         borrower_id)
            change.loans = True
            change.undo_with(step("loans.forget_borrowers", borrower_ids=[change.id]))
        return change

    def update_borrower(self, borrower_id: int, fields: Mapping[str, Any]) -> Change:
        """Rename a borrower or change their contact or notes."""
        values = clean(fields, BORROWER_FIELDS, partial=True)
        with self.cat.transaction("Edit borrower") as change:
            before = self.store.loans.borrower(borrower_id)
            if "name" in values:
                other = self.store.loans.find_borrower(values["name"])
                if other is not None and other != borrower_id:
                    raise ValidationError("name", values["name"], "is the name of another borrower")
            self.store.loans.update_borrower(borrower_id, values)
            change.loans = True
            if "name" in values:  # the list's "On loan" column names them
                for film_id in self.store.loans.films_of_borrower(borrower_id):
                    change.updated.add(film_id)
            change.undo_with(step("loans.update_borrower", borrower_id=borrower_id,
                                  fields={k: before[k] for k in values}))
        return change

    def remove_borrower(self, borrower_id: int) -> Change:
        """Forget a borrower and every loan of theirs (undo brings them all back)."""
        with self.cat.transaction("Remove borrower") as change:
            borrower = self.store.loans.borrower(borrower_id)
            loans = self.store.loans.of_borrower(borrower_id)
            self.store.loans.delete([loan["id"] for loan in loans])
            self.store.loans.delete_borrower(borrower_id)
            for loan in loans:
                self._touched(loan["film_id"], change)
            change.loans = True
            change.description = f"Remove borrower {borrower['name']}"
            undo = [step("loans.add_borrower", name=borrower["name"], contact=borrower["contact"],
                         notes=borrower["notes"], borrower_id=borrower_id)]
            if loans:
                undo.append(step("loans.restore", loans=[_row(loan) for loan in loans]))
            change.undo_with(*undo)
        return change

    def forget_borrowers(self, borrower_ids: Sequence[int]) -> Change:
        """Remove borrowers who have no loans (undo of their creation)."""
        with self.cat.transaction("Forget borrowers") as change:
            undo = []
            for borrower_id in borrower_ids:
                if self.store.one("SELECT 1 FROM loan WHERE borrower_id = ?", (borrower_id,)):
                    continue
                borrower = self.store.loans.borrower(borrower_id)
                self.store.loans.delete_borrower(borrower_id)
                undo.append(step("loans.add_borrower", name=borrower["name"], contact=borrower["contact"],
                                 notes=borrower["notes"], borrower_id=borrower_id))
            change.loans = True
            change.undo_with(*undo)
        return change

    def _touched(self, film_id: int, change: Change) -> None:
        self.cat.films.touch(film_id, change)
        change.loans = True


def _row(loan: Mapping[str, Any]) -> dict[str, Any]:
    """A loan as `restore` takes it back."""
    return {k: loan[k] for k in ("id", "copy_id", "film_id", "borrower_id", "lent_on", "due_on", "returned_on",
                                 "notes")}
