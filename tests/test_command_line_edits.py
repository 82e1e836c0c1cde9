"""Editing from the command line, as a user runs it: the window's New film, the detail pane's
fields, credits and tables, the diary, the wishlist, custom fields and Delete film. What each
command wrote is read back with `show --json`, which is what a script would see."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_command_line import demo_db, run  # noqa: F401  (demo_db is a fixture)


def show(db: list[str], film: str) -> dict:
    done = run(*db, "show", film, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_film_added_and_filled_in_from_the_command_line(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "new.db")]  # the first command makes the catalogue
    added = run(*db, "add", "Paris, Texas", "--year", "1984", "--set", "runtime=147",
                "--set", "genres=Drama; Road movie", "--set", "countries=West Germany, France", "--set", "my rating=9",
                "--set", "companies=Road Movies, 20th Century Fox (distributor)")
    assert added.returncode == 0 and added.stdout.strip() == "Added Paris, Texas (1984) as film 1."
    assert run(*db, "credit", "Paris, Texas", "Wim Wenders", "--role", "director").returncode == 0
    cast = run(*db, "credit", "paris texas", "Harry Dean Stanton", "--character", "Travis")
    assert cast.stdout.strip() == "Credited Harry Dean Stanton as Travis on Paris, Texas (1984)."
    assert run(*db, "record", "1", "copy", "medium=DVD", "location=Shelf 2").returncode == 0
    assert run(*db, "watched", "1", "--on", "2024-05-01", "--rating", "8", "--note", "at the Rex").returncode == 0
    doc = show(db, "Paris, Texas")
    assert (doc["year"], doc["runtime_min"], doc["rating"], doc["watched"]) == (1984, 147, 9.0, True)
    assert doc["genres"] == ["Drama", "Road movie"] and doc["countries"] == ["West Germany", "France"]
    assert [(c["name"], c["role"]) for c in doc["companies"]] == [("Road Movies", "production"),
                                                                  ("20th Century Fox", "distributor")]
    assert [(c["person"], c["role"], c["character"]) for c in doc["credits"]] == [
        ("Wim Wenders", "director", None), ("Harry Dean Stanton", "actor", "Travis")]
    assert [(c["medium"], c["location"]) for c in doc["copies"]] == [("DVD", "Shelf 2")]
    assert [(v["date"], v["rating"], v["note"]) for v in doc["viewings"]] == [("2024-05-01", 8.0, "at the Rex")]
    listed = json.loads(run(*db, "list", "--search", "director:wenders", "--json").stdout)
    assert [film["title"] for film in listed] == ["Paris, Texas"]


def test_edit_sets_every_kind_of_field_at_once_or_none(demo_db: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    assert run(*db, "fields", "--add", "Shelf").stdout.strip() == "Added the field Shelf (text)."
    assert run(*db, "fields", "--add", "Condition", "--type", "choice", "--choices", "Mint, Good, Worn").returncode == 0
    edited = run(*db, "edit", "Whiplash", "--set", "Shelf=B3", "--set", "condition=Good", "--set", "tagline=",
                 "--set", "year=2014", "--set", "keywords=drums, jazz")
    assert edited.returncode == 0 and edited.stdout.strip() == \
        "Edited Whiplash (2014): Shelf, condition, tagline, year, keywords."
    doc = show(db, "Whiplash")
    assert doc["custom"] == {"Shelf": "B3", "Condition": "Good"} and doc["keywords"] == ["drums", "jazz"]
    assert doc["tagline"] is None
    # One refused value and nothing of the edit is written.
    refused = run(*db, "edit", "Whiplash", "--set", "Shelf=C1", "--set", "Condition=Great")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "marquee: Condition: 'Great' is not one of: Mint, Good, Worn"
    assert show(db, "Whiplash")["custom"]["Shelf"] == "B3"
    assert json.loads(run(*db, "fields", "--json").stdout)[1] == {
        "id": 2, "name": "Condition", "type": "choice", "choices": ["Mint", "Good", "Worn"]}
    removed = run(*db, "fields", "--remove", "shelf")
    assert removed.stdout.strip() == "Removed the field Shelf and every film's value of it."
    assert show(db, "Whiplash")["custom"] == {"Condition": "Good"}


def test_the_wishlist_and_delete(demo_db: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    assert run(*db, "add", "Wings of Desire", "--year", "1987").returncode == 0
    wished = run(*db, "wish", "Wings of Desire", "--priority", "1", "--note", "the Criterion")
    assert wished.stdout.strip() == "Wings of Desire (1987) is on the wishlist (priority 1)."
    assert run(*db, "wish", "Wings of Desire", "--note", "any edition").returncode == 0  # the priority stays
    assert show(db, "Wings of Desire")["wish"]["priority"] == 1
    assert show(db, "Wings of Desire")["wish"]["note"] == "any edition"
    assert run(*db, "record", "La La Land", "copy", "medium=Blu-ray").returncode == 0
    owned = run(*db, "wish", "La La Land")
    assert owned.returncode == 1 and "it has a copy" in owned.stderr and owned.stderr.count("\n") == 1
    assert run(*db, "wish", "Wings of Desire", "--remove").returncode == 0
    assert show(db, "Wings of Desire")["wish"] is None
    deleted = run(*db, "delete", "Wings of Desire", "Whiplash")
    assert deleted.returncode == 0 and deleted.stdout.strip() == "Deleted 2 films."
    assert [film["title"] for film in json.loads(run(*db, "list", "--json").stdout)] == ["La La Land"]


def test_editing_refusals_are_one_line(demo_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    for args, message in ((("edit", "Whiplash", "--set", "colour=red"), "'colour' is not a field of films"),
                          (("edit", "Whiplash", "--set", "year=abc"), "year: 'abc' is not a whole number"),
                          (("edit", "Whiplash", "--set", "year"), "--set 'year': write it as FIELD=VALUE"),
                          (("edit", "Heat", "--set", "year=1995"), "no film 'Heat'"),
                          (("record", "Whiplash", "copy", "size=3"), "size: '3' is not a field of this record"),
                          (("credit", "Whiplash", " "), "person: ' ' must not be empty"),
                          (("add", " "), "title"),
                          (("fields", "--remove", "Shelf"), "no custom field 'Shelf'")):
        done = run(*db, *args)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and message in done.stderr, (args, done.stderr)
    assert [film["title"] for film in json.loads(run(*db, "list", "--json").stdout)] == ["La La Land", "Whiplash"]
    missing = run("--db", str(tmp_path / "none.db"), "edit", "Heat", "--set", "year=1995")
    assert missing.stderr.startswith("marquee: no catalogue at") and not (tmp_path / "none.db").exists()


def test_pictures_listed_moved_made_posters_and_removed(demo_db: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    shown = json.loads(run(*db, "pictures", "La La Land", "--json").stdout)
    assert [p["kind"] for p in shown] == ["poster", "still", "still", "behind_the_scenes"]
    card = shown[1]
    assert run(*db, "pictures").stdout.strip() == "No pictures."  # nothing unsorted
    moved = run(*db, "picture", str(card["id"]), "--to", "Whiplash", "--poster", "--caption", "Drums")
    assert moved.returncode == 0 and moved.stdout.strip() == (
        f"Picture {card['id']} (la-la-land-title-card.jpg): caption; moved to Whiplash (2014); "
        "the poster of Whiplash (2014).")
    whiplash = show(db, "Whiplash")
    assert [(i["id"], i["caption"]) for i in whiplash["images"]][-1] == (card["id"], "Drums")
    assert whiplash["poster"] == whiplash["images"][-1]["sha256"]
    assert len(show(db, "La La Land")["images"]) == 3
    assert run(*db, "picture", str(card["id"]), "--unsorted").returncode == 0
    unsorted = run(*db, "pictures").stdout
    assert "la-la-land-title-card.jpg" in unsorted and "“Drums”" in unsorted
    refused = run(*db, "picture", str(card["id"]), "--poster")
    assert refused.returncode == 1 and "is unsorted; a poster needs a film" in refused.stderr
    assert run(*db, "picture", str(card["id"]), "--remove").returncode == 0
    assert run(*db, "pictures").stdout.strip() == "No pictures."
    missing = run(*db, "picture", "999", "--caption", "x")
    assert missing.returncode == 1 and missing.stderr.strip() == "marquee: no image with id 999"


def test_syntax_explains_every_filter_without_a_catalogue(tmp_path: Path) -> None:
    from catalog.model.search_query import FIELDS
    from catalog.render.help import EXAMPLES

    done = run("--db", str(tmp_path / "none.db"), "syntax")
    assert done.returncode == 0 and done.stdout.startswith("Search syntax\n")
    for field in FIELDS:
        example, meaning = EXAMPLES[field]
        assert f"  {example}" in done.stdout and meaning in done.stdout, field
    assert not (tmp_path / "none.db").exists()
    assert "see: marquee syntax" in run("list", "--help").stdout


def test_person_lists_what_someone_did_on_each_film(demo_db: Path) -> None:  # noqa: F811
    db = ["--db", str(demo_db)]
    shown = run(*db, "person", "damien chazelle")
    assert shown.returncode == 0 and shown.stdout.splitlines() == [
        "Damien Chazelle: 2 films", "  Whiplash (2014) — director, writer", "  La La Land (2016) — director, writer"]
    simmons = json.loads(run(*db, "person", "J.K. Simmons", "--json").stdout)
    assert [(f["title"], f["roles"]) for f in simmons["films"]] == [("Whiplash", ["actor"]), ("La La Land", ["actor"])]
    missing = run(*db, "person", "Nobody")
    assert missing.returncode == 1 and missing.stderr.strip() == "marquee: no person 'Nobody' in the catalogue"


def test_a_new_users_first_command_makes_the_catalogue_in_the_data_folder(tmp_path: Path) -> None:
    """No --db and no data folder yet (a fresh home): a command that makes the catalogue makes its
    folder too, as the window's first launch does; one that only reads says there is none."""
    fresh = {"XDG_DATA_HOME": str(tmp_path / "data"), "MARQUEE_DB": ""}
    read = run("list", env=fresh)
    assert read.returncode == 1 and read.stderr.startswith("marquee: no catalogue at ")
    added = run("add", "Heat", "--year", "1995", env=fresh)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "data" / "Marquee" / "marquee.db").is_file()
    assert run("list", env=fresh).stdout.strip().endswith("Heat (1995)")
    elsewhere = run("--db", str(tmp_path / "no folder" / "x.db"), "add", "Heat", env=fresh)
    assert elsewhere.returncode == 1 and "does not exist" in elsewhere.stderr  # a path given is not made
