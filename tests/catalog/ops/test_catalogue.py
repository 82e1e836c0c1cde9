"""Use cases of the catalogue, as the window and the command line call them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from catalog import ChangeSet, NotFound, ValidationError, open_catalogue


def make_png(path: Path, colour: str = "red", size: tuple[int, int] = (64, 48)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_new_file_is_an_empty_catalogue_with_media_folder_beside_it(tmp_path: Path) -> None:
    cat = open_catalogue(tmp_path / "films.db")
    assert cat.film_count() == 0
    assert cat.store.media_dir == tmp_path / "films.media"
    mode = sqlite3.connect(tmp_path / "films.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    cat.close()


def test_create_list_and_show_a_film(cat) -> None:
    film = cat.create_film({"title": "La La Land", "year": 2016, "runtime_min": 128, "rating": 8.5})
    cat.add_credit(film, "Damien Chazelle", "director")
    cat.add_credit(film, "Emma Stone", "actor", "Mia")
    cat.add_credit(film, "Ryan Gosling", "actor", "Sebastian")
    cat.add_record("video", film, {"kind": "featurette", "title": "Behind the scenes",
                                   "url": "https://example.org/bts", "published_on": "2016-11-23"})
    [row] = cat.list_films()
    assert (row.title, row.year, row.directors, row.runtime_min, row.rating, row.video_count) == (
        "La La Land", 2016, "Damien Chazelle", 128, 8.5, 1)
    doc = cat.film_document(film)
    assert [(c["person"], c["character"]) for c in doc["credits"] if c["role"] == "actor"] == [
        ("Emma Stone", "Mia"), ("Ryan Gosling", "Sebastian")]
    assert doc["videos"][0]["published_on"] == "2016-11-23"


def test_partial_dates_are_kept_as_known(cat) -> None:
    film = cat.create_film({"title": "X"})
    for date in ("2016", "2016-09", "2016-12-09"):
        cat.add_record("release", film, {"kind": "festival", "date": date})
    assert [r["date"] for r in cat.film_document(film)["releases"]] == ["2016", "2016-09", "2016-12-09"]


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
        cat.create_film(fields)
    assert error.value.field == field and error.value.value == value
    assert str(value) in str(error.value)
    assert cat.film_count() == 0


@pytest.mark.parametrize(("kind", "fields", "field"), [
    ("video", {"kind": "movie", "title": "x"}, "kind"),
    ("video", {"kind": "trailer", "title": "x", "url": "javascript:alert(1)"}, "url"),
    ("video", {"kind": "trailer", "title": "x", "url": "ftp://example.org/a"}, "url"),
    ("review", {"score": 101}, "score"),
    ("release", {"kind": "wide", "date": "2016-13"}, "date"),
    ("article", {"headline": ""}, "headline"),
])
def test_invalid_records_are_refused_and_nothing_is_written(cat, kind, fields, field) -> None:
    film = cat.create_film({"title": "A"})
    before = cat.film_document(film)
    with pytest.raises(ValidationError) as error:
        cat.add_record(kind, film, fields)
    assert error.value.field == field
    assert cat.film_document(film) == before


def test_update_is_all_or_nothing(cat) -> None:
    film = cat.create_film({"title": "A", "year": 2000})
    with pytest.raises(ValidationError):
        cat.update_film(film, {"title": "B", "year": 99999})
    doc = cat.film_document(film)
    assert (doc["title"], doc["year"]) == ("A", 2000)


def test_people_are_matched_case_and_accent_insensitively(cat) -> None:
    a = cat.create_film({"title": "A"})
    b = cat.create_film({"title": "B"})
    cat.add_credit(a, "Zoë Kazan", "actor")
    cat.add_credit(b, "ZOE KAZAN", "actor")
    assert cat.find_or_create_person("zoe kazan") == cat.find_person("Zoë Kazan")
    person = cat.find_person("zoe  kazan")
    assert [f.title for f in cat.person_films(person)] == ["A", "B"]
    assert cat.people_names("zo") == ["Zoë Kazan"]


def test_merge_two_people_moves_credits(cat) -> None:
    a = cat.create_film({"title": "A"})
    b = cat.create_film({"title": "B"})
    cat.add_credit(a, "Tom Everett Scott", "actor")
    cat.add_credit(b, "Tom Everette Scott", "actor")
    keep, other = cat.find_person("Tom Everett Scott"), cat.find_person("Tom Everette Scott")
    cat.merge_people(keep, other)
    assert cat.find_person("Tom Everette Scott") is None
    assert [f.title for f in cat.person_films(keep)] == ["A", "B"]
    with pytest.raises(NotFound):
        cat.person(other)


def test_credits_keep_billing_order_and_can_be_moved(cat) -> None:
    film = cat.create_film({"title": "A"})
    ids = [cat.add_credit(film, name, "actor") for name in ("One", "Two", "Three")]
    cat.move_credit(ids[2], 0)
    assert [c["person"] for c in cat.credits(film)] == ["Three", "One", "Two"]
    snapshot = cat.remove_credit(ids[0])
    assert [c["person"] for c in cat.credits(film)] == ["Three", "Two"]
    cat.add_credit(film, snapshot["person"], snapshot["role"], position=snapshot["position"],
                   credit_id=snapshot["id"])
    assert [c["person"] for c in cat.credits(film)] == ["Three", "One", "Two"]


def test_delete_sends_images_to_inbox_and_restore_puts_everything_back(cat, tmp_path) -> None:
    film = cat.create_film({"title": "La La Land", "year": 2016})
    cat.add_credit(film, "Emma Stone", "actor", "Mia")
    cat.add_record("review", film, {"author": "Brian", "excerpt": "<b>bold</b>"})
    image = cat.add_image_file(make_png(tmp_path / "poster.png"), film, kind="poster")
    before = cat.film_document(film)
    assert before["poster"] is not None
    snapshots = cat.delete_films([film])
    assert cat.film_count() == 0
    assert [i.id for i in cat.images(None)] == [image]
    assert cat.store.has(before["poster"])  # the file is never deleted
    assert cat.find_person("Emma Stone") is not None  # people stay
    cat.restore_films(snapshots)
    after = cat.film_document(film)
    assert after == before


def test_undo_of_delete_keeps_credits_on_the_same_person_when_two_share_a_name(cat) -> None:
    film = cat.create_film({"title": "Heat", "year": 1995})
    first = cat.find_or_create_person("John Smith")
    cat.add_credit(film, "Jon Smith", "actor")
    second = cat.find_person("Jon Smith")
    cat.update_person(second, {"name": "John Smith"})  # two people now share a name
    before = cat.film_document(film)
    assert [c["person_id"] for c in before["credits"]] == [second]
    cat.restore_films(cat.delete_films([film]))
    assert cat.film_document(film) == before
    assert cat.person(first).film_count == 0


def test_list_order_read_while_another_thread_writes_is_not_cached_stale(cat) -> None:
    import threading

    cat.create_film({"title": "A"})
    query_ids = cat._query_ids

    def racing(query: str, sort: str, descending: bool) -> list[int]:
        ids = query_ids(query, sort, descending)  # read before the worker's commit
        cat._query_ids = query_ids
        worker = threading.Thread(target=cat.create_film, args=({"title": "B"},))
        worker.start()
        worker.join()
        return ids

    cat._query_ids = racing
    cat.film_ids("")
    assert len(cat.film_ids("")) == 2


def test_same_image_added_twice_is_one_image(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    path = make_png(tmp_path / "a.png")
    first = cat.add_image_file(path, film)
    second = cat.add_image_file(Path(str(path)), film)
    assert first == second and len(cat.images(film)) == 1


def test_first_poster_becomes_the_films_poster(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    cat.add_image_file(make_png(tmp_path / "still.png", "blue"), film, kind="still")
    poster = cat.add_image_file(make_png(tmp_path / "poster.png", "red"), film, kind="poster")
    assert cat.list_films()[0].poster_sha256 == cat.image(poster).sha256


def test_moving_the_poster_away_clears_it(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    poster = cat.add_image_file(make_png(tmp_path / "p.png"), film, kind="poster")
    previous = cat.move_images([poster], None)
    assert previous == {poster: film}
    assert cat.film_document(film)["poster"] is None


def test_listeners_hear_once_per_use_case_after_commit(cat) -> None:
    heard: list[ChangeSet] = []
    cat.listeners.append(heard.append)
    film = cat.create_film({"title": "A"})
    cat.restore_films(cat.delete_films([film]))
    assert [(c.added, c.removed) for c in heard] == [({film}, set()), (set(), {film}), ({film}, set())]


def test_find_film_by_id_title_and_year(cat) -> None:
    old = cat.create_film({"title": "The Thing", "year": 1951})
    new = cat.create_film({"title": "The Thing", "year": 1982})
    assert cat.find_film(str(new)) == new
    assert cat.find_film("the thing (1951)") == old
    with pytest.raises(NotFound, match="several films"):
        cat.find_film("The Thing")
    with pytest.raises(NotFound):
        cat.find_film("Nope")


@pytest.mark.parametrize("ref", ["²", "Nope (²)", "99999999999999999999"])
def test_find_film_of_odd_digits_is_not_found_plainly(cat, ref) -> None:
    cat.create_film({"title": "The Thing", "year": 1982})
    with pytest.raises(NotFound):
        cat.find_film(ref)


def test_sort_by_each_column(cat) -> None:
    a = cat.create_film({"title": "The Abyss", "year": 1989, "runtime_min": 140, "rating": 7})
    b = cat.create_film({"title": "Alien", "year": 1979, "runtime_min": 117, "rating": 9})
    c = cat.create_film({"title": "Brazil", "year": 1985})
    cat.add_credit(a, "James Cameron", "director")
    cat.add_credit(b, "Ridley Scott", "director")
    cat.add_credit(c, "Terry Gilliam", "director")
    assert cat.film_ids(sort="title") == [a, b, c]  # "The Abyss" shelves under A
    assert cat.film_ids(sort="year") == [b, c, a]
    assert cat.film_ids(sort="year", descending=True) == [a, c, b]
    assert cat.film_ids(sort="runtime") == [b, a, c]  # no runtime: last
    assert cat.film_ids(sort="rating", descending=True) == [b, a, c]
    assert cat.film_ids(sort="directors") == [a, b, c]
    with pytest.raises(ValidationError):
        cat.film_ids(sort="colour")


def test_sweep_removes_files_no_image_names(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    cat.add_image_file(make_png(tmp_path / "a.png"), film)
    orphan = cat.store.add_bytes(b"left over by a killed import")
    assert cat.sweep_store() == 1
    assert not cat.store.has(orphan)
    assert len(cat.images(film)) == 1 and cat.store.has(cat.images(film)[0].sha256)


def test_perceptual_hashes_with_the_top_bit_set_are_stored(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    image = cat.add_image_record(sha256="f" * 64, original_name="x.jpg", film_id=film, phash=(1 << 64) - 3)
    from catalog.store import tables as models

    stored = cat._query("SELECT phash FROM image WHERE id = ?", [image])[0][0]
    assert models.phash_from_sql(stored) == (1 << 64) - 3


def test_image_count_matches_the_gallery_and_the_inbox(cat, tmp_path) -> None:
    film = cat.create_film({"title": "A"})
    on_film = cat.add_image_file(make_png(tmp_path / "a.png", "red"), film)
    loose = cat.add_image_file(make_png(tmp_path / "b.png", "blue"), None)
    photo = cat.add_image_file(make_png(tmp_path / "c.png", "green"), None)
    cat.set_person_photo(cat.find_or_create_person("Emma Stone"), photo)
    assert cat.image_count(film) == len(cat.images(film)) == 1 and cat.images(film)[0].id == on_film
    assert cat.image_count(None) == len(cat.images(None)) == 1 and cat.images(None)[0].id == loose
