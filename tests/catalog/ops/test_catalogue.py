"""Use cases of the catalogue, as the window and the command line call them."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from PIL import Image

from catalog import Change, NotFound, ValidationError, open_catalogue

BOTH_BACKENDS = True


def make_png(path: Path, colour: str = "red", size: tuple[int, int] = (64, 48)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_new_file_is_an_empty_catalogue_with_media_folder_beside_it(tmp_path: Path) -> None:
    cat = open_catalogue(tmp_path / "films.db")
    assert cat.films.count() == 0
    assert cat.pictures.media_dir == tmp_path / "films.media"
    mode = sqlite3.connect(tmp_path / "films.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    cat.close()


def test_create_list_and_show_a_film(cat) -> None:
    film = cat.films.create({"title": "La La Land", "year": 2016, "runtime_min": 128, "rating": 8.5}).id
    cat.records.add_credit(film, "Damien Chazelle", "director")
    cat.records.add_credit(film, "Emma Stone", "actor", "Mia")
    cat.records.add_credit(film, "Ryan Gosling", "actor", "Sebastian")
    cat.records.add("video", film, {"kind": "featurette", "title": "Behind the scenes",
                                   "url": "https://example.org/bts", "published_on": "2016-11-23"})
    [row] = cat.films.listing()
    assert (row.title, row.year, row.directors, row.runtime_min, row.rating, row.video_count) == (
        "La La Land", 2016, "Damien Chazelle", 128, 8.5, 1)
    doc = cat.films.document(film)
    assert [(c["person"], c["character"]) for c in doc["credits"] if c["role"] == "actor"] == [
        ("Emma Stone", "Mia"), ("Ryan Gosling", "Sebastian")]
    assert doc["videos"][0]["published_on"] == "2016-11-23"


def test_partial_dates_are_kept_as_known(cat) -> None:
    film = cat.films.create({"title": "X"}).id
    for date in ("2016", "2016-09", "2016-12-09"):
        cat.records.add("release", film, {"kind": "festival", "date": date})
    assert [r["date"] for r in cat.films.document(film)["releases"]] == ["2016", "2016-09", "2016-12-09"]


@pytest.mark.parametrize(("fields", "field", "value"), [
    ({"title": "  "}, "title", "  "),
    ({"title": "A", "year": 20016}, "year", 20016),
    ({"title": "A", "runtime_min": -5}, "runtime_min", -5),
    ({"title": "A", "rating": 11}, "rating", 11),
    ({"title": "A", "rating": 7.3}, "rating", 7.3),
    ({"title": "A", "colour": "red"}, "colour", "red"),
])
def test_invalid_film_fields_name_field_and_value_and_write_nothing(cat, fields, field, value) -> None:
    with pytest.raises(ValidationError) as error:
        cat.films.create(fields)
    assert error.value.field == field and error.value.value == value
    assert str(value) in str(error.value)
    assert cat.films.count() == 0


@pytest.mark.parametrize(("kind", "fields", "field"), [
    ("video", {"kind": "movie", "title": "x"}, "kind"),
    ("video", {"kind": "trailer", "title": "x", "url": "javascript:alert(1)"}, "url"),
    ("video", {"kind": "trailer", "title": "x", "url": "ftp://example.org/a"}, "url"),
    ("review", {"score": 101}, "score"),
    ("release", {"kind": "wide", "date": "2016-13"}, "date"),
    ("article", {"headline": ""}, "headline"),
])
def test_invalid_records_are_refused_and_nothing_is_written(cat, kind, fields, field) -> None:
    film = cat.films.create({"title": "A"}).id
    before = cat.films.document(film)
    with pytest.raises(ValidationError) as error:
        cat.records.add(kind, film, fields)
    assert error.value.field == field
    assert cat.films.document(film) == before


def test_update_is_all_or_nothing(cat) -> None:
    film = cat.films.create({"title": "A", "year": 2000}).id
    with pytest.raises(ValidationError):
        cat.films.update(film, {"title": "B", "year": 99999})
    doc = cat.films.document(film)
    assert (doc["title"], doc["year"]) == ("A", 2000)


def test_people_are_matched_case_and_accent_insensitively(cat) -> None:
    a = cat.films.create({"title": "A"}).id
    b = cat.films.create({"title": "B"}).id
    cat.records.add_credit(a, "Zoë Kazan", "actor")
    cat.records.add_credit(b, "ZOE KAZAN", "actor")
    assert cat.people.find_or_create("zoe kazan").id == cat.people.find("Zoë Kazan")
    person = cat.people.find("zoe  kazan")
    assert [f.title for f in cat.people.films(person)] == ["A", "B"]
    assert cat.people.names("zo") == ["Zoë Kazan"]


def test_merge_two_people_moves_credits(cat) -> None:
    a = cat.films.create({"title": "A"}).id
    b = cat.films.create({"title": "B"}).id
    cat.records.add_credit(a, "Tom Everett Scott", "actor")
    cat.records.add_credit(b, "Tom Everette Scott", "actor")
    keep, other = cat.people.find("Tom Everett Scott"), cat.people.find("Tom Everette Scott")
    cat.people.merge(keep, other)
    assert cat.people.find("Tom Everette Scott") is None
    assert [f.title for f in cat.people.films(keep)] == ["A", "B"]
    with pytest.raises(NotFound):
        cat.people.get(other)


def test_credits_keep_billing_order_and_can_be_moved(cat) -> None:
    film = cat.films.create({"title": "A"}).id
    ids = [cat.records.add_credit(film, name, "actor").id for name in ("One", "Two", "Three")]
    cat.records.move_credit(ids[2], 0)
    assert [c["person"] for c in cat.records.credits(film)] == ["Three", "One", "Two"]
    removed = cat.records.remove_credit(ids[0])
    assert [c["person"] for c in cat.records.credits(film)] == ["Three", "Two"]
    cat.revert(removed)
    assert [(c["id"], c["person"]) for c in cat.records.credits(film)] == [(ids[2], "Three"), (ids[0], "One"),
                                                                          (ids[1], "Two")]


def test_delete_sends_images_to_inbox_and_restore_puts_everything_back(cat, tmp_path) -> None:
    film = cat.films.create({"title": "La La Land", "year": 2016}).id
    cat.records.add_credit(film, "Emma Stone", "actor", "Mia")
    cat.records.add("review", film, {"author": "Brian", "excerpt": "<b>bold</b>"})
    image = cat.images.add_file(make_png(tmp_path / "poster.png"), film, kind="poster").id
    before = cat.films.document(film)
    assert before["poster"] is not None
    deleted = cat.films.delete([film])
    assert cat.films.count() == 0
    assert [i.id for i in cat.images.gallery(None)] == [image]
    assert cat.pictures.has(before["poster"])  # the file is never deleted
    assert cat.people.find("Emma Stone") is not None  # people stay
    restored = cat.revert(deleted)
    after = cat.films.document(film)
    assert after == before
    cat.revert(restored)  # redo: deleted again
    assert cat.films.count() == 0


def test_undo_of_delete_keeps_credits_on_the_same_person_when_two_share_a_name(cat) -> None:
    film = cat.films.create({"title": "Heat", "year": 1995}).id
    first = cat.people.find_or_create("John Smith").id
    cat.records.add_credit(film, "Jon Smith", "actor")
    second = cat.people.find("Jon Smith")
    cat.people.update(second, {"name": "John Smith"})  # two people now share a name
    before = cat.films.document(film)
    assert [c["person_id"] for c in before["credits"]] == [second]
    cat.revert(cat.films.delete([film]))
    assert cat.films.document(film) == before
    assert cat.people.get(first).film_count == 0


def test_list_order_read_while_another_thread_writes_is_not_cached_stale(cat) -> None:
    import threading

    cat.films.create({"title": "A"})
    read_order = cat.store.film_list._read_order

    def racing(sort: str):
        order = read_order(sort)  # read before the worker's commit
        cat.store.film_list._read_order = read_order
        worker = threading.Thread(target=cat.films.create, args=({"title": "B"},))
        worker.start()
        worker.join()
        return order

    cat.store.film_list._read_order = racing
    cat.films.ids("")
    assert len(cat.films.ids("")) == 2


def test_same_image_added_twice_is_one_image(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    path = make_png(tmp_path / "a.png")
    first = cat.images.add_file(path, film).id
    second = cat.images.add_file(Path(str(path)), film).id
    assert first == second and len(cat.images.gallery(film)) == 1


def test_first_poster_becomes_the_films_poster(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    cat.images.add_file(make_png(tmp_path / "still.png", "blue"), film, kind="still")
    poster = cat.images.add_file(make_png(tmp_path / "poster.png", "red"), film, kind="poster").id
    assert cat.films.listing()[0].poster_sha256 == cat.images.get(poster).sha256


def test_moving_the_poster_away_clears_it(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    poster = cat.images.add_file(make_png(tmp_path / "p.png"), film, kind="poster").id
    moved = cat.images.move([poster], None)
    assert cat.films.document(film)["poster"] is None
    cat.revert(moved)
    assert cat.films.document(film)["poster"] == cat.images.get(poster).sha256


def test_listeners_hear_once_per_use_case_after_commit(cat) -> None:
    heard: list[Change] = []
    cat.listeners.append(heard.append)
    film = cat.films.create({"title": "A"}).id
    cat.revert(cat.films.delete([film]))
    assert [(c.added, c.removed) for c in heard] == [({film}, set()), (set(), {film}), ({film}, set())]


def test_find_film_by_id_title_and_year(cat) -> None:
    old = cat.films.create({"title": "The Thing", "year": 1951}).id
    new = cat.films.create({"title": "The Thing", "year": 1982}).id
    assert cat.films.find(str(new)) == new
    assert cat.films.find("the thing (1951)") == old
    with pytest.raises(NotFound, match="several films"):
        cat.films.find("The Thing")
    with pytest.raises(NotFound):
        cat.films.find("Nope")


@pytest.mark.parametrize("ref", ["²", "Nope (²)", "99999999999999999999"])
def test_find_film_of_odd_digits_is_not_found_plainly(cat, ref) -> None:
    cat.films.create({"title": "The Thing", "year": 1982})
    with pytest.raises(NotFound):
        cat.films.find(ref)


def test_sort_by_each_column(cat) -> None:
    a = cat.films.create({"title": "The Abyss", "year": 1989, "runtime_min": 140, "rating": 7}).id
    b = cat.films.create({"title": "Alien", "year": 1979, "runtime_min": 117, "rating": 9}).id
    c = cat.films.create({"title": "Brazil", "year": 1985}).id
    cat.records.add_credit(a, "James Cameron", "director")
    cat.records.add_credit(b, "Ridley Scott", "director")
    cat.records.add_credit(c, "Terry Gilliam", "director")
    assert cat.films.ids(sort="title") == [a, b, c]  # "The Abyss" shelves under A
    assert cat.films.ids(sort="year") == [b, c, a]
    assert cat.films.ids(sort="year", descending=True) == [a, c, b]
    assert cat.films.ids(sort="runtime") == [b, a, c]  # no runtime: last
    assert cat.films.ids(sort="rating", descending=True) == [b, a, c]
    assert cat.films.ids(sort="directors") == [a, b, c]
    with pytest.raises(ValidationError):
        cat.films.ids(sort="colour")


def test_sweep_removes_files_no_image_names(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    cat.images.add_file(make_png(tmp_path / "a.png"), film)
    orphan = cat.pictures.add_bytes(b"left over by a killed import")
    young = cat.pictures.add_bytes(b"just written by an import that has not committed yet")
    hours_ago = time.time() - 2 * 3600
    os.utime(cat.pictures.path_for(orphan), (hours_ago, hours_ago))
    assert cat.sweep_pictures() == 1
    assert not cat.pictures.has(orphan) and cat.pictures.has(young)  # younger than the grace period
    assert len(cat.images.gallery(film)) == 1 and cat.pictures.has(cat.images.gallery(film)[0].sha256)


def test_the_sweep_asks_about_one_folder_of_pictures_at_a_time(cat, tmp_path, monkeypatch) -> None:
    """No set of every picture in the catalogue: the rows are asked about the names of one store
    folder at a time (a catalogue of 400,000 pictures held ~60 MB of hashes for a sweep)."""
    film = cat.films.create({"title": "A"}).id
    for n, colour in enumerate(("red", "green", "blue", "white", "black")):
        cat.images.add_file(make_png(tmp_path / f"{n}.png", colour), film)
    named = [image.sha256 for image in cat.images.gallery(film)]
    orphans = [cat.pictures.add_bytes(f"left over {n}".encode()) for n in range(30)]
    hours_ago = time.time() - 2 * 3600
    for sha in named + orphans:
        os.utime(cat.pictures.path_for(sha), (hours_ago, hours_ago))
    asked: list[list[str]] = []
    real = cat.store.images.named_among
    monkeypatch.setattr(cat.store.images, "named_among", lambda shas: asked.append(list(shas)) or real(shas))
    assert cat.sweep_pictures() == 30
    assert all(cat.pictures.has(sha) for sha in named) and not any(cat.pictures.has(sha) for sha in orphans)
    asked = [names for names in asked if names]  # (a server asks first about its own old pictures: none)
    assert len(asked) == len({sha[:2] for sha in named + orphans}) > 1
    assert all(len({sha[:2] for sha in names}) == 1 for names in asked)  # each question: one folder's names


def test_perceptual_hashes_with_the_top_bit_set_are_stored(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    image = cat.images.add_record(sha256="f" * 64, original_name="x.jpg", film_id=film, phash=(1 << 64) - 3).id
    assert cat.store.images.row(image)["phash"] == (1 << 64) - 3


def test_image_count_matches_the_gallery_and_the_inbox(cat, tmp_path) -> None:
    film = cat.films.create({"title": "A"}).id
    on_film = cat.images.add_file(make_png(tmp_path / "a.png", "red"), film).id
    loose = cat.images.add_file(make_png(tmp_path / "b.png", "blue"), None).id
    photo = cat.images.add_file(make_png(tmp_path / "c.png", "green"), None).id
    cat.people.set_photo(cat.people.find_or_create("Emma Stone").id, photo)
    assert cat.images.count(film) == len(cat.images.gallery(film)) == 1 and cat.images.gallery(film)[0].id == on_film
    assert cat.images.count(None) == len(cat.images.gallery(None)) == 1 and cat.images.gallery(None)[0].id == loose


def test_an_edit_of_a_record_someone_changed_since_it_was_shown_is_refused_with_both_sides(
        cat, catalogue_location) -> None:
    from catalog import ConflictError

    film = cat.films.create({"title": "Alien", "year": 1979}).id or 0
    copy = cat.records.add("copy", film, {"medium": "DVD", "location": "Shelf A", "subtitles": ["English"]}).id or 0
    credit = cat.records.add_credit(film, "Ridley Scott", "director").id or 0
    shown = cat.records.get("copy", copy)
    other = open_catalogue(catalogue_location)  # another member (or another program on the file)
    try:
        other.records.update("copy", copy, {"location": "Box 3"})
        other.records.update_credit(credit, {"person": "Sir Ridley Scott"})
        with pytest.raises(ConflictError, match=r"“Alien \(1979\): copy” was changed by") as refused:
            cat.records.update("copy", copy, {"location": "Shelf B"}, expected={"location": shown["location"]})
        assert refused.value.mine == {"location": "Shelf B"} and refused.value.theirs == {"location": "Box 3"}
        assert refused.value.changed_by == other.store.member
        assert cat.records.get("copy", copy)["location"] == "Box 3"  # nothing written
        # The same change as theirs is no conflict.
        cat.records.update("copy", copy, {"location": "Box 3"}, expected={"location": shown["location"]})
        # Another field of the same record, as shown (a list as the editor wrote it): saved.
        cat.records.update("copy", copy, {"medium": "Blu-ray"}, expected={"medium": "DVD"})
        cat.records.update("copy", copy, {"subtitles": "English, French"}, expected={"subtitles": "English"})
        assert other.records.get("copy", copy)["subtitles"] == ["English", "French"]
        with pytest.raises(ConflictError):
            cat.records.update_credit(credit, {"person": "R. Scott"}, expected={"person": "Ridley Scott"})
        cat.records.update_credit(credit, {"character": None}, expected={"character": None})
        assert cat.records.credits(film)[0]["person"] == "Sir Ridley Scott"
    finally:
        other.close()


# A film's list or custom field: how to write it and read it, as shown at first, theirs, mine, a later value.
_LISTED = {
    "genres": (lambda c, f, v, **kw: c.films.set_genres(f, v, **kw), lambda c, f: c.films.document(f)["genres"],
               ["Horror"], ["Horror", "Sci-Fi"], ["Horror", "Thriller"], ["Sci-Fi"]),
    "countries": (lambda c, f, v, **kw: c.films.set_values(f, "countries", v, **kw),
                  lambda c, f: c.films.document(f)["countries"], ["UK"], ["UK", "US"], ["United Kingdom"], []),
    "Shelf": (lambda c, f, v, **kw: c.films.set_custom(f, "Shelf", v, **kw),
              lambda c, f: c.films.document(f)["custom"].get("Shelf"), "", "B2", "C3", None),
    "companies": (lambda c, f, v, **kw: c.films.set_companies(f, v, **kw),
                  lambda c, f: c.films.document(f)["companies"],
                  [{"name": "Brandywine", "role": "production"}],
                  [{"name": "Brandywine", "role": "production"}, {"name": "20th Century Fox", "role": "distributor"}],
                  [{"name": "Brandywine Productions", "role": "production"}], []),
}


@pytest.mark.parametrize("field", list(_LISTED))
def test_an_edit_of_a_list_or_custom_field_someone_changed_since_it_was_shown_is_refused(
        cat, catalogue_location, field: str) -> None:
    from catalog import ConflictError

    write, read, shown, theirs, mine, later = _LISTED[field]
    cat.fields.define("Shelf", "text")
    film = cat.films.create({"title": "Alien", "year": 1979}).id or 0
    if shown:
        write(cat, film, shown)
    other = open_catalogue(catalogue_location)  # another member (or another program on the file)
    try:
        write(other, film, theirs)
        with pytest.raises(ConflictError, match=rf"“Alien \(1979\): {field}” was changed by") as refused:
            write(cat, film, mine, expected=shown)
        assert refused.value.changed_by == other.store.member and refused.value.changed_at
        assert refused.value.mine == {field: mine} and refused.value.theirs == {field: theirs}
        assert read(other, film) == theirs  # nothing written
        saved = write(cat, film, mine, expected=theirs)  # against what is there now ("keep mine")
        assert read(other, film) == mine
        cat.revert(saved)
        assert read(other, film) == theirs
        write(other, film, later)
        write(cat, film, later, expected=theirs)  # the same change on both sides is no conflict
        assert read(cat, film) == later
        write(other, film, mine)
        write(cat, film, theirs)  # without `expected` (command line, imports, undo): as before
        assert read(other, film) == theirs
    finally:
        other.close()


def test_the_list_skips_a_film_another_program_deleted_before_its_change_is_seen(tmp_path: Path) -> None:
    """Between another program's commit and the window's next look (a fraction of a second), the
    cached list order still names a film that is gone: the list leaves it out instead of failing."""
    mine = open_catalogue(tmp_path / "films.db")
    try:
        keep, gone = mine.films.create({"title": "Heat"}).id, mine.films.create({"title": "Alien"}).id
        assert [r.title for r in mine.films.listing()] == ["Alien", "Heat"]  # the order is cached now
        other = open_catalogue(tmp_path / "films.db")
        other.films.delete([gone])
        other.close()
        assert [r.id for r in mine.films.listing()] == [keep]
    finally:
        mine.close()


def test_another_programs_change_names_the_films_that_came_and_went_not_every_film(tmp_path: Path) -> None:
    """What another process did is told as "any film may have changed" plus the films that came
    and went: listing every film in it took ~240 MB at a million films."""
    mine = open_catalogue(tmp_path / "films.db")
    try:
        films = [mine.films.create({"title": f"Film {n}"}).id for n in range(30)]
        assert mine.changes_elsewhere() is None  # the starting point
        assert mine.changes_elsewhere() is None  # (quiet: the films are listed now)
        other = open_catalogue(tmp_path / "films.db")
        came = other.films.create({"title": "Heat"}).id
        other.films.delete([films[3], films[17]])
        other.films.update(films[5], {"title": "Renamed"})
        other.close()
        change = mine.changes_elsewhere()
        assert change is not None and change.added == {came} and change.removed == {films[3], films[17]}
        assert change.all_films and not change.updated and not change.galleries and not change.empty
        assert change.touches(films[5]) and change.touches_gallery(films[5]) and change.touches_gallery(None)
        assert mine.films.document(films[5])["title"] == "Renamed"
        assert mine.changes_elsewhere() is None
    finally:
        mine.close()


def test_came_and_went_and_amended_agree_with_sets_for_lists_and_arrays() -> None:
    import numpy as np

    from catalog.model.id_list import amended, came_and_went

    before, now = list(range(0, 30_000, 3)), [*range(3, 30_000, 3), 40_001, 40_002]
    for a, b in ((before, now), (np.array(before), np.array(now)), (before[:50], now[:50])):
        assert came_and_went(a, b) == (set(b.tolist() if hasattr(b, "tolist") else b) -
                                       set(a.tolist() if hasattr(a, "tolist") else a),
                                       set(a.tolist() if hasattr(a, "tolist") else a) -
                                       set(b.tolist() if hasattr(b, "tolist") else b))
    for ids in (before, np.array(before), before[:50]):
        plain = ids.tolist() if hasattr(ids, "tolist") else ids
        got = amended(ids, {7, 8, 3}, {0, 9, 12})
        assert list(got) == sorted((set(plain) | {7, 8, 3}) - {0, 9, 12})


def test_assign_sets_fields_by_the_names_a_person_types_in_one_undoable_change(demo_catalogue) -> None:
    cat = demo_catalogue
    film = cat.films.find("Whiplash")
    before = cat.films.document(film)
    cat.fields.define("Shelf")
    change = cat.films.assign(film, {"Runtime": "107", "my rating": "8.5", "genres": "Drama, Music; Jazz",
                                     "spoken-languages": "English", "companies": "Bold Films, Sony (distributor)",
                                     "shelf": "A3"})
    doc = cat.films.document(film)
    assert (doc["runtime_min"], doc["rating"], doc["languages"]) == (107, 8.5, ["English"])
    assert doc["genres"] == ["Drama", "Music", "Jazz"]
    assert [(c["name"], c["role"]) for c in doc["companies"]] == [("Bold Films", "production"), ("Sony", "distributor")]
    assert doc["custom"] == {"Shelf": "A3"} and change.updated == {film}
    cat.revert(change)
    after = cat.films.document(film)
    assert {k: after[k] for k in ("runtime_min", "rating", "genres", "languages", "companies", "custom")} == \
        {**{k: before[k] for k in ("runtime_min", "rating", "genres", "languages", "companies")}, "custom": {}}
    with pytest.raises(ValidationError, match="'colour' is not a field of films"):
        cat.films.assign(film, {"year": "1999", "colour": "red"})
    assert cat.films.document(film)["year"] == 2014  # nothing of a refused assignment is written
