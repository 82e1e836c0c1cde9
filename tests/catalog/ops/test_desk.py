"""Loans, the wishlist and the diary as use cases, without a window: what each refuses, what the
search finds, and every edit undone exactly and redone (the state compared whole, borrowers too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catalog import Catalogue, CatalogueError, Change, ValidationError
from catalog.model.loans import in_days, today
from tests.catalog.ops.test_undo import state as film_state
from tests.catalog.ops.test_undo import undoes_and_redoes

BOTH_BACKENDS = True  # every test here runs on an SQLite file and on the suite's PostgreSQL server


def state(cat: Catalogue) -> dict[str, Any]:
    return {**film_state(cat), "borrowers": cat.loans.borrowers()}


@pytest.fixture
def desk(demo_catalogue: Catalogue) -> Catalogue:
    """The demo, La La Land with a copy lent to Anna (due last year), Whiplash on the wishlist."""
    cat = demo_catalogue
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    for copy in cat.records.of("copy", whip):
        cat.records.remove("copy", copy["id"])
    cat.loans.add_borrower("Anna", "anna@example.org", "neighbour")
    cat.loans.lend(la, "Anna", lent_on="2025-01-02", due_on="2025-01-30", notes="the Blu-ray")
    cat.wishlist.add(whip, "high", "the 4K")
    cat.records.add("viewing", la, {"date": "2024-03-12", "rating": 9, "note": "With B."})
    cat.films.create({"title": "Heat", "year": 1995})  # no copy yet
    return cat


def ids(cat: Catalogue) -> dict[str, int]:
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    return {"la": la, "whip": whip, "heat": cat.films.find("Heat"), "loan": cat.loans.of_film(la)[0]["id"],
            "anna": cat.loans.borrower_id("Anna"), "copy": cat.records.of("copy", la)[0]["id"],
            "viewing": cat.records.of("viewing", la)[-1]["id"]}


EDITS: dict[str, Callable[[Catalogue, dict[str, int]], Change]] = {
    "lend a film with no copy (a new borrower)": lambda c, i: c.loans.lend(i["heat"], "Ben",
                                                                            due_on=in_days(7)),
    "mark returned": lambda c, i: c.loans.mark_returned(i["loan"], "2025-02-01"),
    "return the film": lambda c, i: c.loans.return_film(i["la"]),
    "edit a loan's due date and borrower": lambda c, i: c.loans.update(i["loan"], {"due_on": "2025-03-01",
                                                                                    "borrower": "Cleo"}),
    "remove a loan": lambda c, i: c.loans.remove(i["loan"]),
    "rename a borrower": lambda c, i: c.loans.update_borrower(i["anna"], {"name": "Anna K.", "contact": "0612"}),
    "remove a borrower and her loans": lambda c, i: c.loans.remove_borrower(i["anna"]),
    "remove the lent copy": lambda c, i: c.records.remove("copy", i["copy"]),
    "a copy of a wanted film": lambda c, i: c.records.add("copy", i["whip"], {"medium": "4K UHD"}),
    "take off the wishlist": lambda c, i: c.wishlist.remove(i["whip"]),
    "change a wish": lambda c, i: c.wishlist.add(i["whip"], "low", "any edition"),
    "log a viewing": lambda c, i: c.records.add("viewing", i["whip"], {"date": today(), "rating": 7.5}),
    "edit a viewing": lambda c, i: c.records.update("viewing", i["viewing"], {"note": "Again"}),
    "watched cleared (its viewings go)": lambda c, i: c.films.update(i["la"], {"watched": False}),
    "watched ticked": lambda c, i: c.films.update(i["whip"], {"watched": True}),
    "delete a lent film": lambda c, i: c.films.delete([i["la"]]),
}


@pytest.mark.parametrize("name", EDITS)
def test_every_desk_edit_undoes_exactly_and_redoes(desk: Catalogue, name: str) -> None:
    undoes_and_redoes(desk, lambda: EDITS[name](desk, ids(desk)), state)


def test_a_copy_is_lent_to_one_borrower_at_a_time(desk: Catalogue) -> None:
    cat, la = desk, desk.films.find("La La Land")
    copies = cat.records.of("copy", la)
    assert len(copies) == 1
    with pytest.raises(CatalogueError, match=r"every copy of La La Land .* is lent already .*Anna"):
        cat.loans.lend(la, "Ben")
    with pytest.raises(CatalogueError, match="lent to Anna already"):
        cat.loans.lend(la, "Ben", copy_id=copies[0]["id"])
    second = cat.records.add("copy", la, {"medium": "DVD"}).id
    cat.loans.lend(la, "Ben")  # the free copy
    assert {loan["copy_id"] for loan in cat.loans.open_loans()} == {copies[0]["id"], second}
    with pytest.raises(CatalogueError, match=r"several copies of La La Land .* are lent"):
        cat.loans.return_film(la)


def test_refusals_are_plain(desk: Catalogue) -> None:
    cat = desk
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    with pytest.raises(CatalogueError, match="on the wishlist: there is no copy to lend"):
        cat.loans.lend(whip, "Ben")
    with pytest.raises(ValidationError, match="before the date out"):
        cat.loans.lend(la, "Ben", lent_on="2025-05-05", due_on="2025-05-01")
    with pytest.raises(ValidationError, match="whole date"):
        cat.loans.lend(la, "Ben", due_on="2025-05")
    with pytest.raises(CatalogueError, match=r"in the collection .* cannot be wanted"):
        cat.wishlist.add(la)
    loan = cat.loans.of_film(la)[0]["id"]
    cat.loans.mark_returned(loan)
    with pytest.raises(CatalogueError, match="came back already"):
        cat.loans.mark_returned(loan)
    with pytest.raises(CatalogueError, match="not on loan"):
        cat.loans.return_film(la)
    with pytest.raises(ValidationError, match="name of a borrower already"):
        cat.loans.add_borrower("anna")


def test_search_finds_loans_wishes_and_the_diary(desk: Catalogue) -> None:
    cat = desk
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    assert cat.films.ids("on-loan:yes") == [la] == cat.films.ids("overdue:yes") == cat.films.ids("borrower:ann")
    assert cat.films.ids('borrower:"anna"') == [la] and cat.films.ids('borrower:"ann"') == []
    heat = cat.films.find("Heat")
    assert cat.films.ids("on-loan:no", sort="title") == [heat, whip]
    assert cat.films.ids("wanted:yes") == [whip] == cat.films.ids("-wanted:no")
    assert cat.films.ids("wanted:no", sort="title") == [heat, la] and cat.films.ids("watched:yes") == [la]
    assert cat.films.ids("has:viewing") == [la] and cat.films.ids("with") == [la]  # a viewing's note is indexed
    cat.loans.update(cat.loans.of_film(la)[0]["id"], {"due_on": in_days(3)})
    assert cat.films.ids("overdue:yes") == [] and cat.films.ids("on-loan:yes") == [la]
    assert cat.films.rows([la])[la].loaned_to == "Anna" and cat.films.rows([la])[la].loan_due == in_days(3)
    assert [r.id for r in cat.films.listing(sort="on_loan")] == [la, heat, whip]  # films lent first


def test_the_open_loans_and_a_borrowers_history(desk: Catalogue) -> None:
    cat = desk
    la = cat.films.find("La La Land")
    cat.loans.lend(cat.films.find("Heat"), "Anna", lent_on="2025-06-01")  # no due date: last
    alien = cat.films.create({"title": "Alien", "year": 1979}).id or 0
    cat.loans.lend(alien, "Ben", lent_on="2025-06-01", due_on=in_days(30))
    assert [loan["film"] for loan in cat.loans.open_loans()] == ["La La Land", "Alien", "Heat"]
    assert [loan["film"] for loan in cat.loans.open_loans(overdue=True)] == ["La La Land"]
    assert [loan["film"] for loan in cat.loans.open_loans("anna")] == ["La La Land", "Heat"]
    cat.loans.return_film(la, "2025-02-02")
    history = cat.loans.history("Anna")
    assert [(h["film"], h["returned_on"]) for h in history] == [("La La Land", "2025-02-02"), ("Heat", None)]
    assert [(b["name"], b["loans"], b["open"]) for b in cat.loans.borrowers()] == [("Anna", 2, 1), ("Ben", 1, 1)]
    assert cat.loans.borrower("anna")["contact"] == "anna@example.org"


def test_watched_is_the_diary(cat: Catalogue) -> None:
    film = cat.films.create({"title": "Vertigo", "year": 1958, "watched": True}).id or 0
    doc = cat.films.document(film)
    assert doc["watched"] and [v["date"] for v in doc["viewings"]] == [None]
    cat.records.add("viewing", film, {"date": "2023-10", "rating": 10})
    cat.records.add("viewing", film, {"date": "2021-05-04"})
    assert [v["date"] for v in cat.films.document(film)["viewings"]] == ["2021-05-04", "2023-10", None]
    cat.films.update(film, {"watched": False})
    assert not cat.films.document(film)["watched"] and cat.films.document(film)["viewings"] == []
    viewing = cat.records.add("viewing", film, {"date": "2024-01-01"}).id or 0
    assert cat.films.document(film)["watched"]
    cat.records.remove("viewing", viewing)
    assert not cat.films.document(film)["watched"]


def test_the_list_columns_and_the_wishlist_as_the_window_shows_them(desk: Catalogue) -> None:
    """The On loan column names the borrowers by name and the earliest due date; the directors
    column keeps the billing order; the wishlist goes by priority, then title."""
    cat = desk
    la, heat = cat.films.find("La La Land"), cat.films.find("Heat")
    cat.records.add("copy", la, {"medium": "DVD"})
    cat.records.add("copy", la, {"medium": "VHS"})
    cat.loans.lend(la, "Ben", lent_on="2025-01-05", due_on="2025-01-10")  # the free copies, to two more borrowers
    cat.loans.lend(la, "Aaron")  # no due date: the earliest of those told still counts
    row = cat.films.rows([la])[la]
    assert (row.loaned_to, row.loan_due) == ("Aaron, Anna, Ben", "2025-01-10")
    cat.records.add_credit(heat, "Zoe Zed", "director")
    cat.records.add_credit(heat, "Adam Ant", "director")
    assert cat.films.rows([heat])[heat].directors == "Zoe Zed, Adam Ant"
    assert cat.films.rows([heat])[heat].loaned_to is None
    wanted = [cat.films.create({"title": t}).id or 0 for t in ("Zodiac", "Alien", "Brazil")]
    cat.wishlist.add(wanted[0], "low")
    cat.wishlist.add(wanted[1], "low")
    cat.wishlist.add(wanted[2], "high")
    titles = {i: cat.films.label(i) for i in cat.wishlist.film_ids()}
    assert list(titles.values()) == ["Brazil", "Whiplash (2014)", "Alien", "Zodiac"]
    by_loan = [r.id for r in cat.films.listing(sort="on_loan")]
    assert by_loan[0] == la and len(by_loan) == 6  # lent films first, the rest after


def test_the_figures_of_an_untidy_collection(cat: Catalogue) -> None:
    """Statistics over values that are missing, partial or differently spelt count the same on
    every backend: mediums and currencies whatever their case, partial viewing dates, films
    without a year or a runtime, ties among the top directors by name."""
    films = [cat.films.create({"title": t, "year": y, "runtime_min": r}).id or 0
             for t, y, r in (("A", 1999, 79), ("B", 2000, 80), ("C", None, None), ("D", 2009, 200), ("E", 1990, 99))]
    a, b, c, d, e = films
    cat.records.add("copy", a, {"medium": "DVD", "price": 3, "currency": "eur"})
    cat.records.add("copy", b, {"medium": "dvd", "price": 4.5, "currency": "EUR"})
    cat.records.add("copy", c, {"price": 10})
    cat.records.add("copy", d, {"medium": "Blu-ray"})
    for film, date in ((a, "2023"), (a, "2023-10"), (b, "2023-10-02"), (c, "2024-01-01")):
        cat.records.add("viewing", film, {"date": date})
    for film, name in ((a, "Zed"), (b, "Zed"), (c, "Ann"), (d, "Ann"), (e, "Bob")):
        cat.records.add_credit(film, name, "director")
    figures = cat.statistics.figures()
    assert figures.totals == {"films": 5, "wanted": 0, "copies": 4, "people": 3, "viewings": 4, "on_loan": 0,
                              "loans": 0}
    assert figures.chart("decades").points == [("1990s", 2.0), ("2000s", 2.0)]
    assert figures.chart("media").points == [("DVD", 2.0), ("Medium not told", 1.0), ("Blu-ray", 1.0)]
    assert figures.chart("viewings").points == [("2023-10", 2.0), ("2024-01", 1.0)]
    assert figures.chart("directors").points == [("Ann", 2.0), ("Zed", 2.0), ("Bob", 1.0)]
    assert dict(figures.chart("runtimes").points)["under 80"] == 1 and dict(
        figures.chart("runtimes").points)["180 and over"] == 1
    assert figures.chart("runtimes").note == "1 films without a runtime"
    assert figures.chart("watched").points == [("Watched", 3.0), ("Not watched", 2.0)]
    assert [(s.currency, s.copies, s.total) for s in figures.spending] == [("", 1, 10.0), ("EUR", 2, 7.5)]
    assert len(figures.chart("added").points) == 1 and figures.chart("added").points[0][1] == 5.0
