"""JSON export and import: no ids, images by hash, people merged by name, exact round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import CatalogueError, ValidationError, open_catalogue
from catalog.formats.json_catalogue import export_catalogue, export_document, import_catalogue, import_document
from catalog.ops.demo import add_demo_catalogue
from catalog.ops.transfer import ImportResult

BOTH_BACKENDS = True  # the catalogue tests run on an SQLite file and on a PostgreSQL server





def counts(result: ImportResult) -> tuple[int, int]:
    """(films added, films already there) of an import."""
    return result.films, result.skipped

def test_export_has_no_database_ids_and_lists_images_by_hash(demo, tmp_path: Path) -> None:
    inbox_image = demo.images.gallery(1)[-1]
    demo.images.move([inbox_image.id], None)
    path = tmp_path / "out.json"
    export_catalogue(demo, path)
    doc = json.loads(path.read_text())
    assert [f["title"] for f in doc["films"]] == ["La La Land", "Whiplash"]
    text = path.read_text()
    assert '"id"' not in text and "person_id" not in text
    assert [i["sha256"] for i in doc["inbox"]] == [inbox_image.sha256]
    assert all({"sha256", "file_name"} <= set(i) for f in doc["films"] for i in f["images"])


def test_round_trip_into_an_empty_catalogue_is_identical(demo, tmp_path: Path) -> None:
    demo.images.move([demo.images.gallery(1)[-1].id], None)
    first = export_document(demo)
    other = open_catalogue(tmp_path / "other.db")
    assert counts(import_document(other, json.loads(json.dumps(first)))) == (2, 0)
    assert export_document(other) == first
    other.close()


def test_images_without_files_are_kept_as_missing_and_completed_later(demo, tmp_path: Path) -> None:
    doc = export_document(demo)
    other = open_catalogue(tmp_path / "other.db")  # its store has none of the files
    import_document(other, doc)
    images = other.images.gallery(other.films.find("La La Land"))
    assert images and all(i.missing and i.path is None for i in images)
    source = Path(demo.images.gallery(1)[0].path)
    other.images.add_file(source, None)
    assert not other.images.get(images[0].id).missing
    other.close()


def test_people_are_merged_by_name_and_films_are_not_added_twice(demo, tmp_path: Path) -> None:
    other = open_catalogue(tmp_path / "other.db")
    film = other.films.create({"title": "Babylon", "year": 2022}).id
    other.records.add_credit(film, "DAMIEN CHAZELLE", "director")
    doc = export_document(demo)
    import_document(other, doc)
    assert counts(import_document(other, doc)) == (0, 2)
    chazelle = other.people.find("Damien Chazelle")
    assert [f.title for f in other.people.films(chazelle)] == ["Whiplash", "La La Land", "Babylon"]
    assert other.films.count() == 3
    other.close()


def test_a_bad_film_in_the_file_names_it_and_imports_nothing(demo, tmp_path: Path) -> None:
    doc = export_document(demo)
    doc["films"][1]["year"] = 20016
    other = open_catalogue(tmp_path / "other.db")
    with pytest.raises(ValidationError, match="Whiplash") as error:
        import_document(other, doc)
    assert "20016" in str(error.value)
    assert other.films.count() == 0
    other.close()


@pytest.mark.parametrize("content", ["{not json", '{"format": "something else", "films": []}', "[]"])
def test_not_an_export_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    cat = open_catalogue(tmp_path / "c.db")
    with pytest.raises(CatalogueError, match="not a Marquee JSON export"):
        import_catalogue(cat, path)
    cat.close()


@pytest.mark.parametrize("damage", [
    lambda doc: doc["films"].append(1),
    lambda doc: doc["films"][0]["companies"].append("Summit"),
    lambda doc: doc["films"][0]["images"].append({"kind": "still"}),
    lambda doc: doc["films"][0]["credits"].append(["Emma Stone", "actor"]),
    lambda doc: doc["films"][0]["reviews"].append("great"),
    lambda doc: doc["inbox"].append({"kind": "still"}),
    lambda doc: doc["people"].append({"notes": "no name"}),
    lambda doc: doc.update(version="1"),
])
def test_a_damaged_export_is_refused_plainly_and_imports_nothing(demo, tmp_path: Path, damage) -> None:
    doc = export_document(demo)
    damage(doc)
    other = open_catalogue(tmp_path / "other.db")
    with pytest.raises(CatalogueError):
        import_document(other, doc)
    assert other.films.count() == 0
    other.close()


def test_demo_added_twice_adds_nothing(demo) -> None:
    before = export_document(demo)
    assert counts(add_demo_catalogue(demo)) == (0, 2)
    assert export_document(demo) == before


def test_demo_catalogue_has_what_a_new_user_should_see(demo) -> None:
    la_la_land = demo.films.document(demo.films.find("La La Land"))
    cast = [(c["person"], c["character"]) for c in la_la_land["credits"] if c["role"] == "actor"]
    assert cast[:2] == [("Emma Stone", "Mia"), ("Ryan Gosling", "Sebastian")]
    assert ("Tom Everett Scott", "David") in cast
    assert la_la_land["videos"][0]["kind"] == "featurette"
    assert la_la_land["videos"][0]["published_on"] == "2016-11-23"
    assert la_la_land["reviews"][0]["author"] == "Brian"
    assert [r["date"] for r in la_la_land["releases"]][-2:] == ["2016-12-09", "2016-12-16"]
    assert la_la_land["poster"] and all(Path(i["path"]).is_file() for i in la_la_land["images"])
    chazelle = demo.people.find("Damien Chazelle")
    assert {f.title for f in demo.people.films(chazelle)} == {"La La Land", "Whiplash"}


def test_films_sharing_title_and_year_in_one_file_all_arrive(tmp_path: Path) -> None:
    source = open_catalogue(tmp_path / "source.db")
    for edition in ("Theatrical cut", "Director's cut"):
        film = source.films.create({"title": "Blade Runner", "year": 1982, "notes": edition}).id
        source.records.add_credit(film, "Ridley Scott", "director")
    doc = export_document(source)
    target = open_catalogue(tmp_path / "target.db")
    assert counts(import_document(target, doc)) == (2, 0)
    assert export_document(target) == doc
    assert counts(import_document(target, doc)) == (0, 2)
    source.close()
    target.close()


def test_a_person_without_a_name_in_the_file_is_refused(demo, tmp_path: Path) -> None:
    doc = export_document(demo)
    doc["people"] = [{"name": "  ", "notes": "who?"}]
    other = open_catalogue(tmp_path / "other.db")
    with pytest.raises(ValidationError, match="person"):
        import_document(other, doc)
    assert other.films.count() == 0
    other.close()


def test_a_big_file_is_read_a_film_at_a_time_and_written_as_the_document_would_be(demo, tmp_path: Path) -> None:
    """Three thousand films (several pieces of the streaming reader), the custom fields defined at
    the end of the file: the streamed import writes what importing the parsed document writes."""
    doc = export_document(demo)
    base = doc["films"][0]
    films = []
    for i in range(3000):
        film = json.loads(json.dumps(base))
        film["title"] = f"{base['title']} {i}"
        film["custom"] = {"Shelf": i} if i % 7 == 0 else {}
        for k, image in enumerate(film["images"]):
            image["sha256"] = f"{i:060x}{k:04x}"
        film["poster"] = film["images"][0]["sha256"]
        films.append(film)
    big = {"format": "marquee-catalogue", "version": 2, "films": films, "inbox": doc["inbox"],
           "people": doc["people"], "custom_fields": [{"name": "Shelf", "type": "number", "choices": []}]}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big, ensure_ascii=False, indent=1), encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    streamed, parsed = open_catalogue(tmp_path / "streamed.db"), open_catalogue(tmp_path / "parsed.db")
    try:
        assert counts(import_catalogue(streamed, path)) == (3000, 0)
        assert counts(import_document(parsed, json.loads(path.read_text(encoding="utf-8")))) == (3000, 0)
        assert export_document(streamed) == export_document(parsed)
        assert streamed.fields.get("Shelf").type == "number"
        assert streamed.films.document(streamed.films.find(f"{base['title']} 7"))["custom"] == {"Shelf": 7}
        assert streamed.films.ids("shelf") == []  # (a number field: no words)
        assert len(streamed.films.ids("la la land")) == 3000
    finally:
        streamed.close()
        parsed.close()


def test_a_value_refused_late_in_a_big_file_writes_nothing(demo, tmp_path: Path) -> None:
    films = [{"title": f"Film {i}", "year": 2000} for i in range(5000)] + [{"title": "Heat", "year": "soon"}]
    path = tmp_path / "late.json"
    path.write_text(json.dumps({"format": "marquee-catalogue", "version": 2, "films": films}), encoding="utf-8")
    before = export_document(demo)
    with pytest.raises(ValidationError, match=r"film 5001 .'Heat'. year"):
        import_catalogue(demo, path)
    assert export_document(demo) == before
    assert not demo.path.with_suffix(".backups").exists()


def test_more_people_than_the_loaders_caches_hold_are_credited_as_with_room_for_all(demo_catalogue, demo,
                                                                                     monkeypatch) -> None:
    """The bulk loader's caches of names hold at most CACHE_NAMES (here 4): a catalogue of more people
    is not preloaded, the names a batch lacks are looked up together, a forgotten name is found
    again. The import credits the people an import with room for every name credits (people merged
    by name, the oldest person of a name), and its undo forgets exactly the people it made."""
    from catalog.ops import transfer
    from catalog.store import name_cache

    base = export_document(demo)["films"][0]
    films = []
    for i in range(9):
        film = {**json.loads(json.dumps(base)), "title": f"Cast {i}", "external_ids": [], "images": [], "poster": None,
                "created_at": "2025-01-02T03:04:05+00:00", "updated_at": "2025-01-02T03:04:05+00:00"}
        film["credits"] = [{"person": name, "role": "actor", "character": None}
                           for name in (f"Person {i % 5}", f"person {i}", "EMMA STONE", f"Extra {i}")]
        films.append(film)
    doc = {"format": "marquee-catalogue", "version": 3, "films": films}
    for cat in (demo_catalogue, demo):
        with cat.transaction("A namesake"):  # a later person of the same name: the first one is credited
            cat.store.people.insert("Emma Stone!")
    before = export_document(demo_catalogue)
    roomy = import_document(demo, json.loads(json.dumps(doc)))
    monkeypatch.setattr(name_cache, "CACHE_NAMES", 4)
    monkeypatch.setattr(transfer, "BATCH_FILMS", 2)
    bounded = import_document(demo_catalogue, json.loads(json.dumps(doc)))

    def timeless(document: dict) -> dict:  # (the two demo catalogues may be made a second apart)
        return {**document, "films": [{k: v for k, v in film.items() if k not in ("created_at", "updated_at")}
                                      for film in document["films"]]}

    assert timeless(export_document(demo_catalogue)) == timeless(export_document(demo))
    emma = demo_catalogue.people.find("Emma Stone")
    assert all(c["person_id"] == emma for f in films
               for c in demo_catalogue.films.document(demo_catalogue.films.find(f["title"]))["credits"]
               if c["person"] == "Emma Stone")
    assert len(bounded.change.new_people) == len(roomy.change.new_people) == 5 + 4 + 9  # Person/person 0-8, Extra
    demo_catalogue.revert(bounded.change)
    assert export_document(demo_catalogue) == before
