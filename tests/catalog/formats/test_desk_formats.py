"""Loans, borrowers, the diary and the wishlist travel through every export that carries a whole
catalogue: JSON, Tellico (open loans also as Tellico's own <borrowers>) and the .marquee archive
— exported, imported into an empty catalogue, the same films, loans with their history, wishes,
viewings and borrowers' contacts. A JSON export of before loans (version 2) still reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import Catalogue, ValidationError, open_catalogue
from catalog.formats import by_name, read_file
from catalog.formats.json_catalogue import export_document, import_document
from tests.catalog.formats.importing import comparable, doc_of


def _desk(cat: Catalogue) -> None:
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(cat)
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    for copy in cat.records.of("copy", whip):
        cat.records.remove("copy", copy["id"])
    if not cat.records.of("copy", la):
        cat.records.add("copy", la, {"medium": "Blu-ray"})
    second = cat.records.add("copy", la, {"medium": "DVD"}).id
    cat.loans.add_borrower("Anna Karina", "anna@example.org", "lives upstairs")
    cat.loans.lend(la, "Anna Karina", lent_on="2024-01-05", due_on="2024-01-20", notes="handle with care")
    cat.loans.mark_returned(cat.loans.of_film(la)[0]["id"], "2024-01-18")
    cat.loans.lend(la, "Ben", lent_on="2025-02-01", due_on="2025-02-15", copy_id=second)
    cat.loans.lend(la, "Anna Karina", lent_on="2025-03-01")
    cat.wishlist.add(whip, "high", "the 4K, not the DVD")
    cat.records.add("viewing", la, {"date": "2024-03-12", "rating": 9, "note": "With B."})
    cat.records.add("viewing", la, {"date": "2017-01"})


def _same(one: Catalogue, other: Catalogue) -> None:
    assert other.films.count() == one.films.count()
    for film_id in one.films.ids():
        mine = dict(one.films.document(film_id))
        theirs = doc_of(other, f"{mine['title']} ({mine['year']})")
        mine_c, theirs_c = comparable(mine), comparable(theirs)
        for image in (*mine_c["images"], *theirs_c["images"]):
            image.pop("missing")  # a JSON export names pictures; their files stay in the first catalogue's store
        assert theirs_c == mine_c, mine["title"]
    assert [{k: b[k] for k in ("name", "contact", "notes", "loans", "open")} for b in other.loans.borrowers()] == [
        {k: b[k] for k in ("name", "contact", "notes", "loans", "open")} for b in one.loans.borrowers()]


@pytest.mark.parametrize("fmt", ["json", "tellico", "archive"])
def test_the_desk_travels_through_every_whole_export(cat: Catalogue, tmp_path: Path, fmt: str) -> None:
    _desk(cat)
    out = tmp_path / {"json": "out.json", "tellico": "out.tc", "archive": "out.marquee"}[fmt]
    by_name(fmt).write(cat, out, None, None)
    other = open_catalogue(tmp_path / "other.db")
    try:
        read_file(other, out)
        _same(cat, other)
        la = other.films.find("La La Land")
        assert len(other.loans.of_film(la)) == 3 and other.films.ids("overdue:yes") == [la]
        assert other.films.document(other.films.find("Whiplash"))["wish"]["note"] == "the 4K, not the DVD"
    finally:
        other.close()
    if fmt == "tellico":
        import zipfile

        xml = zipfile.ZipFile(out).read("tellico.xml").decode()
        assert '<borrower name="Anna Karina"' in xml and '<borrower name="Ben"' in xml
        # Where Tellico writes them and reads them (its Loans tab then lists the borrowers): after the collection.
        assert " </collection>\n <borrowers>" in xml
        assert 'loanDate="2025-02-01"' in xml and "2024-01-05" not in xml.split("<borrowers>")[1]  # open loans only


def test_a_json_file_of_two_borrowers_lending_one_copy_is_refused(cat: Catalogue) -> None:
    source = open_catalogue(cat.path.parent / "source.db")
    _desk(source)
    doc = json.loads(json.dumps(export_document(source)))
    source.close()
    la = next(f for f in doc["films"] if f["title"] == "La La Land")
    for loan in la["loans"]:
        loan["copy"], loan["returned_on"] = 0, None
    with pytest.raises(ValidationError, match="a copy is lent to one borrower at a time"):
        import_document(cat, doc)
    assert cat.films.count() == 0 and cat.loans.borrowers() == []


def test_a_version_2_export_still_reads_and_its_watched_films_are_in_the_diary(cat: Catalogue) -> None:
    doc = {"format": "marquee-catalogue", "version": 2, "films": [
        {"title": "Alien", "year": 1979, "watched": True, "copies": [{"medium": "DVD"}]},
        {"title": "Heat", "year": 1995, "watched": False}]}
    result = import_document(cat, doc)
    assert result.films == 2
    alien = cat.films.document(cat.films.find("Alien"))
    assert alien["watched"] and [v["date"] for v in alien["viewings"]] == [None]
    assert alien["loans"] == [] and alien["wish"] is None
    assert cat.films.ids("watched:no") == [cat.films.find("Heat")]


def test_merging_an_export_into_its_own_catalogue_adds_no_loan_twice(cat: Catalogue, tmp_path: Path) -> None:
    _desk(cat)
    doc = json.loads(json.dumps(export_document(cat)))
    before = {fid: (len(cat.loans.of_film(fid)), len(cat.films.document(fid)["viewings"])) for fid in cat.films.ids()}
    result = import_document(cat, doc, on_duplicate="merge")
    assert result.merged == cat.films.count() and result.films == 0
    assert {fid: (len(cat.loans.of_film(fid)), len(cat.films.document(fid)["viewings"]))
            for fid in cat.films.ids()} == before
    assert len(cat.loans.borrowers()) == 2


def test_a_gcstar_borrower_and_lend_date_are_a_loan(cat: Catalogue, tmp_path: Path) -> None:
    from tests.catalog.formats.importing import real

    source = real("tellico__test-video.gcs").read_text(encoding="utf-8")
    path = tmp_path / "lent.gcs"
    path.write_text(source.replace('borrower="none"', 'borrower="Paul" lendDate="03/04/2025"', 1), encoding="utf-8")
    result = read_file(cat, path)
    (loan,) = cat.loans.open_loans()
    assert (loan["film"], loan["borrower"], loan["lent_on"], loan["medium"]) == (
        "The Man from Snowy River", "Paul", "2025-04-03", "DVD")
    assert "borrower → loans" in result.text() and "Loaned to" not in [f.name for f in cat.fields.all()]
