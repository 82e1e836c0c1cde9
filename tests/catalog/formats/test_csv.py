"""CSV in and out: header detection, separators, a BOM, quoted new lines, date formats (and asking
when day and month cannot be told apart), sub-separators for lists and actor::role, the column
mapping, and the export's documented columns importing back to the same films."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalogue, CatalogueError, open_catalogue
from catalog.formats import by_name, detect, read_file
from catalog.formats.csv_table import COLUMNS, AmbiguousDates, guess_mapping, read_csv, read_table
from tests.catalog.formats.importing import cast_of, comparable, doc_of, people_of, real


def test_real_csv_without_a_header_and_two_date_forms(cat: Catalogue) -> None:
    path = real("tellico__test-date.csv")
    assert detect(path).name == "csv"
    table = read_table(path)
    assert not table.has_header and table.separator == ","
    assert read_file(cat, path).films == 2
    assert doc_of(cat, "title1")["custom"] == {"Column 2": "2025-12-25", "Column 3": "2025-12-25"}
    assert doc_of(cat, "title2")["custom"] == {"Column 2": "2025-12-25", "Column 3": "2025-12-25"}
    assert [f.type for f in cat.fields.all()] == ["date", "date"]


def test_real_csv_with_sub_separators(cat: Catalogue) -> None:
    path = real("tellico__test-bug386483.csv")
    read_file(cat, path)
    doc = doc_of(cat, "album")
    assert doc["custom"]["Column 4"] == "track1::artist1::1:01|track2::artist2::0:34"  # nothing dropped


def test_header_separators_bom_quotes_lists_and_people(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "films.csv"
    text = ("Titre;Année;Réalisateur;Acteurs;Genre;Format;Emplacement;Prix;Acheté le;Vu;Plot\n"
            'Amélie;2001;Jean-Pierre Jeunet;Audrey Tautou::Amélie|Mathieu Kassovitz::Nino;Comédie|Romance;'
            'DVD;Étagère B;12,50;25/12/2003;oui;"Une jeune femme\n\naide les autres."\n')
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_table(path)
    assert table.separator == ";" and table.has_header and table.headers[0] == "Titre"
    mapping = guess_mapping(table.headers)
    assert mapping["Titre"] == "title" and mapping["Année"] == "custom:Année"
    result = read_csv(cat, path, {"Année": "year", "Réalisateur": "people.director", "Acteurs": "cast",
                                  "Genre": "genres", "Format": "copy.medium", "Emplacement": "copy.location",
                                  "Prix": "copy.price", "Acheté le": "copy.purchased_on", "Vu": "ignore"})
    assert len(result.films) == 1
    from catalog.formats.mapping import run_import

    run_import(cat, result)
    doc = doc_of(cat, "Amélie")
    assert doc["year"] == 2001 and people_of(doc, "director") == ["Jean-Pierre Jeunet"]
    assert cast_of(doc) == [("Audrey Tautou", "Amélie"), ("Mathieu Kassovitz", "Nino")]
    assert doc["genres"] == ["Comédie", "Romance"] and doc["synopsis"] == "Une jeune femme\n\naide les autres."
    copy = doc["copies"][0]
    assert (copy["medium"], copy["location"], copy["price"], copy["purchased_on"]) == ("DVD", "Étagère B", 12.5,
                                                                                     "2003-12-25")


def test_tab_separated_and_month_first_dates(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "films.tsv"
    path.write_text("Title\tYear\tPurchase date\nHeat\t1995\t12/31/2010\nAlien\t1979\t01/02/2011\n")
    read_file(cat, path)
    assert doc_of(cat, "Heat")["copies"][0]["purchased_on"] == "2010-12-31"
    assert doc_of(cat, "Alien")["copies"][0]["purchased_on"] == "2011-01-02"


def test_ambiguous_dates_are_asked_about(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "films.csv"
    path.write_text("Title,Purchase date\nHeat,03/04/2010\nAlien,05/06/2011\n")
    with pytest.raises(AmbiguousDates, match="day/month or month/day") as asked:
        read_file(cat, path)
    assert asked.value.columns == ["Purchase date"] and cat.films.count() == 0
    read_file(cat, path, date_order="mdy")
    assert doc_of(cat, "Heat")["copies"][0]["purchased_on"] == "2010-03-04"


def test_not_a_table_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "films.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CatalogueError, match="not a text file"):
        read_file(cat, path)
    path.write_text("")
    with pytest.raises(CatalogueError, match="empty"):
        read_file(cat, path)


def test_export_has_the_documented_columns_and_imports_back(cat: Catalogue, tmp_path: Path) -> None:
    from tests.catalog.formats.test_tellico import _rich_catalogue

    read_file(cat, real("tellico__movies-many.tc"))
    _rich_catalogue(cat, tmp_path)
    out = tmp_path / "films.csv"
    assert by_name("csv").write(cat, out, None, None) == cat.films.count()
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Title,Original title,Sort title,Year,Runtime")
    assert [h for h, _ in COLUMNS][-2:] == ["Added", "Modified"] and "Field: Shelf code" in header
    other = open_catalogue(tmp_path / "other.db")
    read_file(other, out)
    assert other.films.count() == cat.films.count()
    # not in a CSV:
    skipped = ("videos", "reviews", "releases", "articles", "awards", "images", "poster", "loans", "wish")
    for film_id in cat.films.ids():
        mine = comparable(dict(cat.films.document(film_id)))
        ref = f"{mine['title']} ({mine['year']})" if mine["year"] else mine["title"]
        theirs = comparable(doc_of(other, ref))
        assert {k: v for k, v in theirs.items() if k not in skipped} == {
            k: v for k, v in mine.items() if k not in skipped}, mine["title"]
    used = {name for film_id in cat.films.ids() for name in cat.films.document(film_id)["custom"]}
    theirs = {f.name: f.type for f in other.fields.all()}
    assert {n: t for n, t in theirs.items() if n in used} == {  # a CSV has no choice lists: text
        f.name: (f.type if f.type != "choice" else "text") for f in cat.fields.all() if f.name in used}
    other.close()
