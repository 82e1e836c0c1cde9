"""Loans as plain values: borrowers (people of their own, not the cast) and loans of a copy, with
their fields' validators and the one rule of what "overdue" means.

A loan is of one copy of a film: who has it (`borrower`), since when (`lent_on`), until when
(`due_on`, optional) and when it came back (`returned_on`; None while it is out). A copy has at
most one open loan; returned loans stay as its history. Dates are whole days (ISO text)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from catalog.errors import ValidationError
from catalog.model.dates import parse_partial_date
from catalog.model.validation import Validator, text

DEFAULT_LOAN_DAYS = 14  # the due date a lend offers when none is given


def day(field: str, value: Any) -> str | None:
    """A whole day ('2026-04-05', a date); None when empty. A year or a month alone is refused:
    a loan's dates are compared day by day."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, bool) or not isinstance(value, str | dt.date | None) or (
            isinstance(value, str) and len(value) > 40):
        raise ValidationError(field, value, "is not a date (use YYYY-MM-DD)")
    try:
        cleaned = parse_partial_date(value)
    except ValueError as exc:
        raise ValidationError(field, value, str(exc)) from None
    if cleaned is not None and len(cleaned) != 10:
        raise ValidationError(field, value, "is not a whole date (use YYYY-MM-DD)")
    return cleaned


def required_day(field: str, value: Any) -> str:
    cleaned = day(field, value)
    if cleaned is None:
        raise ValidationError(field, value, "is required")
    return cleaned


BORROWER_FIELDS: dict[str, Validator] = {
    "name": text(required=True, max_len=200),
    "contact": text(max_len=500),
    "notes": text(max_len=5000),
}
LOAN_FIELDS: dict[str, Validator] = {
    "lent_on": required_day,
    "due_on": day,
    "returned_on": day,
    "notes": text(max_len=5000),
}
LOAN_LABELS = {"lent_on": "date out", "due_on": "due date", "returned_on": "date returned", "notes": "notes"}


class LoanDoc(TypedDict):
    """A loan as a film document lists it (`copy_id` names the copy; the export names its place)."""

    id: int
    copy_id: int
    borrower: str
    borrower_id: int
    lent_on: str
    due_on: str | None
    returned_on: str | None
    notes: str | None
    contact: str | None  # the borrower's (for a loan slip; the export lists it with the borrowers)


def today() -> str:
    """Today's date as ISO text (local time: a loan is due on the collector's calendar)."""
    return dt.date.today().isoformat()


def is_overdue(loan: Any, on: str | None = None) -> bool:
    """Whether a loan (a mapping with due_on and returned_on) is out past its due date."""
    return (loan.get("returned_on") is None and loan.get("due_on") is not None
            and str(loan["due_on"]) < (on or today()))


def check_dates(lent_on: str, due_on: str | None, returned_on: str | None) -> None:
    """A loan cannot be due or come back before it went out."""
    if due_on is not None and due_on < lent_on:
        raise ValidationError("due date", due_on, f"is before the date out ({lent_on})")
    if returned_on is not None and returned_on < lent_on:
        raise ValidationError("date returned", returned_on, f"is before the date out ({lent_on})")


def days_between(first: str, second: str) -> int:
    return (dt.date.fromisoformat(second) - dt.date.fromisoformat(first)).days


def in_days(days: int, start: str | None = None) -> str:
    """The date `days` after `start` (default today)."""
    return (dt.date.fromisoformat(start or today()) + dt.timedelta(days=days)).isoformat()
