"""The desk from the command line, as a user runs it: lend, return, loans, stats, and printing a
loan slip, the overdue list, the wishlist and the statistics page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_command_line import demo_db, run  # noqa: F401  (demo_db is a fixture)


def test_lend_return_and_the_loans(demo_db: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    lent = run(*db, "lend", "La La Land", "--to", "Anna", "--on", "2025-01-02", "--due", "2025-01-16")
    assert lent.returncode == 0 and lent.stdout.strip() == "Lent La La Land (2016) to Anna, due 2025-01-16."
    assert run(*db, "lend", "Whiplash", "--to", "Ben", "--note", "with the booklet").returncode == 0
    again = run(*db, "lend", "la la land", "--to", "Ben")
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "lent already (to Anna)" in again.stderr
    listing = run(*db, "loans").stdout.splitlines()
    assert listing[0].startswith("due 2025-01-16  OVERDUE") and "La La Land (2016)" in listing[0]
    assert "Whiplash (2014)" in listing[1] and "Ben" in listing[1] and len(listing) == 2
    overdue = json.loads(run(*db, "loans", "--overdue", "--json").stdout)
    assert [(loan["film"], loan["borrower"], loan["overdue"]) for loan in overdue] == [("La La Land", "Anna", True)]
    assert json.loads(run(*db, "list", "--search", "on-loan:yes", "--json").stdout)[0]["title"] == "La La Land"
    back = run(*db, "return", "La La Land", "--on", "2025-01-20")
    assert back.returncode == 0 and back.stdout.strip() == "La La Land returned by Anna."
    assert run(*db, "return", "La La Land").stderr.strip() == "marquee: La La Land (2016) is not on loan"
    history = run(*db, "loans", "--borrower", "anna", "--history").stdout
    assert "returned 2025-01-20" in history and "since 2025-01-02" in history
    assert run(*db, "loans", "--borrower", "anna").stdout.strip() == "No loans."


def test_refusals_are_one_line(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    for args, message in ((("lend", "Heat", "--to", "Anna"), "no film 'Heat'"),
                          (("lend", "Whiplash", "--to", "Anna", "--due", "soon"), "is not a date"),
                          (("lend", "Whiplash", "--to", "Anna", "--copy", "9"), "--copy is 1 to"),
                          (("loans", "--history"), "--history needs --borrower")):
        done = run(*db, *args)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and message in done.stderr, (args, done.stderr)
    missing = run("--db", str(tmp_path / "none.db"), "lend", "Heat", "--to", "Anna")
    assert missing.stderr.startswith("marquee: no catalogue at") and not (tmp_path / "none.db").exists()


def test_stats_prints_the_figures(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    run(*db, "lend", "Whiplash", "--to", "Ben")
    text = run(*db, "stats").stdout
    assert text.startswith("2 films (2 owned, 0 wanted)") and "Films by decade" in text and "Damien Chazelle" in text
    figures = json.loads(run(*db, "stats", "--json").stdout)
    assert figures["totals"]["films"] == 2 and figures["totals"]["on_loan"] == 1
    assert figures["charts"]["decades"]["points"] == [{"label": "2010s", "value": 2.0}]
    assert figures["charts"]["loans"]["points"] == [{"label": "Ben", "value": 1.0}]
    pdf = tmp_path / "stats.pdf"
    printed = run(*db, "stats", "--pdf", str(pdf))
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_printing_a_slip_the_overdue_list_and_the_wishlist(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    run(*db, "lend", "La La Land", "--to", "Anna", "--on", "2025-01-02", "--due", "2025-01-16")
    for template, search in (("slip", "on-loan:yes"), ("overdue", "overdue:yes"), ("wishlist", "wanted:yes"),
                             ("loans", "")):
        out = tmp_path / f"{template}.pdf"
        args = ["--search", search] if search else ["--all"]
        done = run(*db, "print", *args, "--template", template, "--pdf", str(out))
        if template == "wishlist":  # nothing is wanted: nothing to print
            assert done.returncode == 1 and "no films to print" in done.stderr
            continue
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")
