"""Borrowers and loans: the one write path of the `borrower` and `loan` tables.

A loan row names its copy and (for the list and search) the copy's film; a copy has at most one
open loan (`returned_on IS NULL`), which a unique index enforces. Rows are plain dicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.text import name_key
from catalog.store.chunks import in_chunks, placeholders

if TYPE_CHECKING:
    from catalog.store import Store

BORROWER_COLUMNS = ("id", "name", "contact", "notes")
LOAN_COLUMNS = ("id", "copy_id", "film_id", "borrower_id", "lent_on", "due_on", "returned_on", "notes")
_LOAN_SELECT = ("SELECT l.id, l.copy_id, l.film_id, l.borrower_id, l.lent_on, l.due_on, l.returned_on, l.notes, "
                "b.name, f.title, f.year, c.medium, c.edition, c.position, b.contact FROM loan l "
                "JOIN borrower b ON b.id = l.borrower_id JOIN film f ON f.id = l.film_id "
                "JOIN film_copy c ON c.id = l.copy_id")
_ORDER = "ORDER BY l.lent_on, l.id"


def _loan(row: tuple) -> dict[str, Any]:
    loan = dict(zip(LOAN_COLUMNS, row[:8], strict=True))
    loan.update(borrower=row[8], film=row[9], year=row[10], medium=row[11], edition=row[12], copy_place=row[13],
                contact=row[14])
    return loan


class LoanTable:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- borrowers ----------------------------------------------------------------------------------

    def borrowers(self) -> list[dict[str, Any]]:
        """Every borrower by name, with how many loans they have had and have open now."""
        rows = self.store.rows(
            "SELECT b.id, b.name, b.contact, b.notes, count(l.id), count(l.id) - count(l.returned_on) "
            "FROM borrower b LEFT JOIN loan l ON l.borrower_id = b.id GROUP BY b.id ORDER BY b.name_key, b.id")
        return [{**dict(zip(BORROWER_COLUMNS, r[:4], strict=True)), "loans": r[4], "open": r[5]} for r in rows]

    def borrower(self, borrower_id: int) -> dict[str, Any]:
        row = self.store.one("SELECT id, name, contact, notes FROM borrower WHERE id = ?", (borrower_id,))
        if row is None:
            raise NotFound(f"no borrower with id {borrower_id}")
        return dict(zip(BORROWER_COLUMNS, row, strict=True))

    def find_borrower(self, name: str) -> int | None:
        """A borrower by name (case-, accent- and punctuation-insensitive)."""
        return self.store.scalar("SELECT id FROM borrower WHERE name_key = ?", (name_key(name),))

    def insert_borrower(self, name: str, contact: str | None = None, notes: str | None = None,
                        borrower_id: int | None = None) -> int:
        return self.store.insert("INSERT INTO borrower (id, name, name_key, contact, notes) VALUES (?, ?, ?, ?, ?)",
                                 (borrower_id, name, name_key(name), contact, notes))

    def update_borrower(self, borrower_id: int, values: Mapping[str, Any]) -> None:
        row = dict(values)
        if "name" in row:
            row["name_key"] = name_key(row["name"])
        self.store.update_row("borrower", borrower_id, row)

    def delete_borrower(self, borrower_id: int) -> None:
        """Remove a borrower (their loans must be gone first)."""
        self.store.execute("DELETE FROM borrower WHERE id = ?", (borrower_id,))

    # -- loans --------------------------------------------------------------------------------------

    def get(self, loan_id: int) -> dict[str, Any]:
        row = self.store.one(f"{_LOAN_SELECT} WHERE l.id = ?", (loan_id,))
        if row is None:
            raise NotFound(f"no loan with id {loan_id}")
        return _loan(row)

    def of_film(self, film_id: int) -> list[dict[str, Any]]:
        """A film's loans (every copy's), by date out."""
        return self.of_films([film_id])

    def of_films(self, film_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The loans of some films (a chunk: catalog.store.chunks), by film, each film's by date out."""
        return [_loan(r) for r in self.store.rows(
            f"{_LOAN_SELECT} WHERE l.film_id IN ({placeholders(film_ids)}) ORDER BY l.film_id, l.lent_on, l.id",
            tuple(film_ids))]

    def of_copy(self, copy_id: int) -> list[dict[str, Any]]:
        return [_loan(r) for r in self.store.rows(f"{_LOAN_SELECT} WHERE l.copy_id = ? {_ORDER}", (copy_id,))]

    def of_borrower(self, borrower_id: int) -> list[dict[str, Any]]:
        """A borrower's history: every loan, by date out."""
        return [_loan(r) for r in self.store.rows(f"{_LOAN_SELECT} WHERE l.borrower_id = ? {_ORDER}",
                                                  (borrower_id,))]

    def open_loan(self, copy_id: int) -> dict[str, Any] | None:
        row = self.store.one(f"{_LOAN_SELECT} WHERE l.copy_id = ? AND l.returned_on IS NULL", (copy_id,))
        return _loan(row) if row else None

    def open_loans(self, borrower_id: int | None = None, overdue_on: str | None = None) -> list[dict[str, Any]]:
        """Loans not returned, soonest due first (those without a due date last); only a
        borrower's, or only those due before `overdue_on`, when given."""
        where: list[str] = ["l.returned_on IS NULL"]
        params: list[Any] = []
        if borrower_id is not None:
            where.append("l.borrower_id = ?")
            params.append(borrower_id)
        if overdue_on is not None:
            where.append("l.due_on < ?")
            params.append(overdue_on)
        rows = self.store.rows(f"{_LOAN_SELECT} WHERE {' AND '.join(where)} "
                               "ORDER BY l.due_on IS NULL, l.due_on, l.lent_on, l.id", params)
        return [_loan(r) for r in rows]

    def all(self) -> list[dict[str, Any]]:
        """Every loan, by film and date out (the export)."""
        return [_loan(r) for r in self.store.rows(f"{_LOAN_SELECT} ORDER BY l.film_id, l.lent_on, l.id")]

    def insert(self, copy_id: int, film_id: int, borrower_id: int, lent_on: str, due_on: str | None = None,
               returned_on: str | None = None, notes: str | None = None, loan_id: int | None = None) -> int:
        return self.store.insert(
            "INSERT INTO loan (id, copy_id, film_id, borrower_id, lent_on, due_on, returned_on, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (loan_id, copy_id, film_id, borrower_id, lent_on, due_on, returned_on,
                                                notes))

    def update(self, loan_id: int, values: Mapping[str, Any]) -> None:
        self.store.update_row("loan", loan_id, values)

    def delete(self, loan_ids: Sequence[int]) -> None:
        for chunk, marks in in_chunks(loan_ids):
            self.store.execute(f"DELETE FROM loan WHERE id IN ({marks})", chunk)

    def copy_film(self, copy_id: int) -> int:
        """The film a copy is of (NotFound when there is no such copy)."""
        film = self.store.scalar("SELECT film_id FROM film_copy WHERE id = ?", (copy_id,))
        if film is None:
            raise NotFound(f"no copy with id {copy_id}")
        return int(film)

    def films_of_borrower(self, borrower_id: int) -> set[int]:
        return {r[0] for r in self.store.rows("SELECT DISTINCT film_id FROM loan WHERE borrower_id = ?",
                                              (borrower_id,))}

    def open_by_film(self, film_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        for chunk, marks in in_chunks(film_ids):
            for r in self.store.rows(f"{_LOAN_SELECT} WHERE l.returned_on IS NULL AND l.film_id IN ({marks}) "
                                     f"{_ORDER}", chunk):
                found.setdefault(r[2], []).append(_loan(r))
        return found
