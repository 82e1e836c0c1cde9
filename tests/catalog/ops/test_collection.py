"""The collection: copies (with audio tracks, subtitles, their own pictures), other titles, external
ids, the film's lists and custom fields — each searchable, exported, and undone exactly; migration
6 moves the film's medium, location and barcode into its first copy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from catalog import Catalogue, ValidationError, open_catalogue
from catalog.formats.json_catalogue import export_document, import_document
from catalog.store import connection as database
from catalog.store import migrations

BOTH_BACKENDS = True  # the catalogue tests run on an SQLite file and on a PostgreSQL server


def test_migration_moves_the_copy_fields_into_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 3])
        patch.setattr(database, "LATEST", 3)
        open_catalogue(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO film (title, sort_key, title_key, year, medium, location, barcode, created_at, "
                   "updated_at) VALUES ('Alien', 'alien', 'alien', 1979, 'Blu-ray', 'Shelf B', '5039036', "
                   "'2020-01-01', '2020-01-01')")
        db.execute("INSERT INTO film (title, sort_key, title_key, created_at, updated_at) "
                   "VALUES ('Bare', 'bare', 'bare', '2020-01-01', '2020-01-01')")
    cat = open_catalogue(path)
    alien, bare = cat.films.find("Alien"), cat.films.find("Bare")
    [copy] = cat.films.document(alien)["copies"]
    assert (copy["medium"], copy["location"], copy["barcode"]) == ("Blu-ray", "Shelf B", "5039036")
    assert cat.films.document(bare)["copies"] == []
    assert "medium" not in cat.films.document(alien)
    assert cat.films.ids("medium:blu") == [alien] and cat.films.ids("location:shelf") == [alien]
    cat.close()


def _film(cat: Catalogue) -> int:
    film = cat.films.create({"title": "Interstellar", "year": 2014, "original_language": "English",
                             "web_site": "https://www.interstellarmovie.net"}).id
    assert film is not None
    cat.records.add_credit(film, "Christopher Nolan", "director")
    cat.records.add("copy", film, {"medium": "Blu-ray", "edition": "Steelbook", "video_format": "PAL",
                                   "region": "B", "aspect_ratio": "2.39:1", "widescreen": "yes",
                                   "audio": "English (DTS-HD MA 5.1); French (Dolby Digital 5.1)",
                                   "subtitles": "English, French", "discs": 2, "barcode": "5051892189",
                                   "location": "Shelf A", "purchased_on": "2015-03", "price": "19,99",
                                   "currency": "EUR", "store": "Fnac"})
    cat.records.add("external_id", film, {"kind": "IMDb", "value": "tt0816692"})
    cat.records.add("external_id", film, {"kind": "tmdb", "value": "157336"})
    cat.records.add("alt_title", film, {"title": "Interestelar", "language": "Spanish"})
    cat.films.set_values(film, "countries", "USA, UK")
    cat.films.set_values(film, "keywords", ["space", "time dilation"])
    return film


def test_copies_ids_and_lists_are_in_the_document_and_searchable(cat: Catalogue) -> None:
    film = _film(cat)
    doc = cat.films.document(film)
    [copy] = doc["copies"]
    assert copy["audio"] == [{"language": "English", "format": "DTS-HD MA 5.1"},
                             {"language": "French", "format": "Dolby Digital 5.1"}]
    assert copy["subtitles"] == ["English", "French"] and copy["widescreen"] is True and copy["price"] == 19.99
    assert doc["countries"] == ["USA", "UK"] and doc["keywords"] == ["space", "time dilation"]
    assert [(i["kind"], i["value"]) for i in doc["external_ids"]] == [("imdb", "tt0816692"), ("tmdb", "157336")]
    for query in ("imdb:tt0816692", "tmdb:157336", "medium:blu-ray", "location:shelf", "country:uk",
                  "keyword:space", "interestelar", "steelbook", "has:copy", "has:external_id"):
        assert cat.films.ids(query) == [film], query
    assert cat.films.ids("imdb:tt0000001") == [] and cat.films.ids("-has:copy") == []
    with pytest.raises(ValidationError):
        cat.records.add("copy", film, {"price": "cheap"})
    with pytest.raises(ValidationError):
        cat.films.update(film, {"web_site": "javascript:alert(1)"})


def test_custom_fields_define_set_search_and_undo(cat: Catalogue) -> None:
    film = _film(cat)
    shelf = cat.fields.define("Shelf code")
    cat.fields.define("Signed", "yesno")
    cat.fields.define("Grade", "choice", "A, B, C")
    cat.films.set_custom(film, "Shelf code", "A3")
    cat.films.set_custom(film, "signed", "yes")
    cat.films.set_custom(film, "Grade", "b")
    assert cat.films.document(film)["custom"] == {"Shelf code": "A3", "Signed": True, "Grade": "B"}
    assert cat.films.ids('field:"Shelf code":A3') == [film] and cat.films.ids("field:signed:yes") == [film]
    assert cat.films.ids('field:"Shelf code":B7') == [] and cat.films.ids("A3") == [film]
    with pytest.raises(ValidationError):
        cat.films.set_custom(film, "Grade", "Z")
    with pytest.raises(ValidationError):
        cat.fields.define("shelf CODE")
    cleared = cat.films.set_custom(film, "Shelf code", "")
    assert "Shelf code" not in cat.films.document(film)["custom"]
    cat.revert(cleared)
    assert cat.films.document(film)["custom"]["Shelf code"] == "A3"
    assert shelf.id is not None
    removed = cat.fields.remove(shelf.id)
    assert "Shelf code" not in cat.films.document(film)["custom"] and cat.films.ids('field:"Shelf code":A3') == []
    cat.revert(removed)
    assert cat.films.document(film)["custom"]["Shelf code"] == "A3"
    assert cat.films.ids('field:"Shelf code":A3') == [film]


def test_delete_and_undo_keeps_copies_their_pictures_and_custom_values(cat: Catalogue, tmp_path: Path) -> None:
    from tests.catalog.render.documents import placeholder_image

    film = _film(cat)
    cat.fields.define("Shelf code")
    cat.films.set_custom(film, "Shelf code", "A3")
    placeholder_image(tmp_path / "cover.jpg", (300, 420), "COVER", (20, 40, 90))
    image = cat.images.add_file(tmp_path / "cover.jpg", film, "poster").id
    assert image is not None
    copy_id = cat.films.document(film)["copies"][0]["id"]
    cat.store.images.set_copy(image, copy_id)
    before = cat.films.document(film)
    deleted = cat.films.delete([film])
    cat.revert(deleted)
    after = cat.films.document(film)
    assert after["copies"] == before["copies"] and after["custom"] == before["custom"]
    assert [i["copy_id"] for i in after["images"]] == [copy_id]


def test_json_export_round_trips_and_reads_version_1(cat: Catalogue, tmp_path: Path) -> None:
    film = _film(cat)
    cat.fields.define("Grade", "choice", "A, B")
    cat.films.set_custom(film, "Grade", "A")
    doc = export_document(cat)
    assert doc["version"] == 3 and doc["custom_fields"] == [{"name": "Grade", "type": "choice", "choices": ["A", "B"]}]
    other = open_catalogue(tmp_path / "other.db")
    import_document(other, json.loads(json.dumps(doc)))
    again = export_document(other)
    strip = lambda d: [{k: v for k, v in f.items() if k not in ("created_at", "updated_at")} for f in d["films"]]  # noqa: E731
    assert strip(again) == strip(doc) and again["custom_fields"] == doc["custom_fields"]
    old = {"format": "marquee-catalogue", "version": 1, "films": [
        {"title": "Vertigo", "year": 1958, "medium": "DVD", "location": "Box 3", "barcode": "123"}]}
    import_document(other, old)
    vertigo = other.films.document(other.films.find("Vertigo"))
    assert [(c["medium"], c["location"], c["barcode"]) for c in vertigo["copies"]] == [("DVD", "Box 3", "123")]
    other.close()


def test_duplicates_skip_merge_keep_and_undo(cat: Catalogue) -> None:
    from catalog.ops.transfer import import_films

    film = _film(cat)
    before = cat.films.document(film)
    incoming = [{"title": "Interstellar", "year": 2014, "tagline": "Mankind was born on Earth.",
                 "credits": [{"person": "Matthew McConaughey", "role": "actor", "character": "Cooper"}],
                 "copies": [{"medium": "4K UHD"}], "external_ids": [{"kind": "imdb", "value": "tt0816692"}],
                 "custom": {"Owner": "Ann"}}]
    skipped = import_films(cat, incoming)
    assert (skipped.films, skipped.skipped) == (0, 1) and cat.films.count() == 1
    merged = import_films(cat, incoming, on_duplicate="merge")
    doc = cat.films.document(film)
    assert merged.merged == 1 and doc["tagline"] == "Mankind was born on Earth."
    assert [c["medium"] for c in doc["copies"]] == ["Blu-ray", "4K UHD"]
    assert [c["person"] for c in doc["credits"]] == ["Christopher Nolan", "Matthew McConaughey"]
    assert doc["custom"] == {"Owner": "Ann"} and len(doc["external_ids"]) == 2
    cat.revert(merged.change)
    after = cat.films.document(film)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"}
    assert cat.fields.find("Owner") is not None  # defined by the first import, which skipped the film
    cat.revert(skipped.change)
    assert cat.fields.find("Owner") is None
    remake = import_films(cat, [{"title": "Interstellar", "year": 2014,
                                 "credits": [{"person": "Someone Else", "role": "director"}]}])
    assert remake.films == 1
    kept = import_films(cat, incoming, on_duplicate="keep")
    assert kept.films == 1 and cat.films.count() == 3
    by_title = import_films(cat, [{"title": "interstellar", "year": 2014,
                                   "credits": [{"person": "Christopher Nolan", "role": "director"}]}])
    assert by_title.skipped == 1


def test_an_import_finds_the_films_already_there_and_only_those(cat: Catalogue) -> None:
    """Matched as each film comes (by id, the id's case aside, else title, year and director);
    two copies of a film in the file itself are both new, and a remake of the same year by another
    director is not the film already there."""
    from catalog.ops.transfer import find_duplicates, import_films

    hamlets = [{"title": "Hamlet", "year": 1996, "credits": [{"person": d, "role": "director"}]}
               for d in ("Kenneth Branagh", "Someone Else")]
    first = import_films(cat, [hamlets[0], hamlets[0], {"title": "Heat", "year": 1995,
                                                         "external_ids": [{"kind": "imdb", "value": "tt0113277"}]}])
    assert first.films == 3 and first.skipped == 0  # the file's own twins are not "already there"
    branagh = min(cat.films.ids(query="hamlet"))
    heat = cat.films.find("Heat")
    incoming = [{"title": "Heat (remastered)", "external_ids": [{"kind": "imdb", "value": "TT0113277"}]},
                {"title": "HAMLET", "year": 1996, "credits": [{"person": "kenneth branagh", "role": "director"}]},
                hamlets[1], {"title": "Hamlet", "year": 1948}]
    assert find_duplicates(cat, incoming) == [(0, heat), (1, branagh)]
    second = import_films(cat, incoming)
    assert (second.films, second.skipped) == (2, 2) and cat.films.count() == 5
