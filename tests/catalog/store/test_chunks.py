"""Long lists go to the database in pieces of IN_CHUNK: nothing lost at the pieces' edges."""

from __future__ import annotations

import pytest

from catalog import Catalogue, NotFound
from catalog.store.chunks import IN_CHUNK, in_chunks


def test_every_value_once_in_order_with_its_own_placeholders() -> None:
    values = list(range(2 * IN_CHUNK + 1))
    pieces = list(in_chunks(iter(values)))
    assert [len(chunk) for chunk, _ in pieces] == [IN_CHUNK, IN_CHUNK, 1]
    assert [v for chunk, _ in pieces for v in chunk] == values
    assert all(marks.split(",") == ["?"] * len(chunk) for chunk, marks in pieces)
    assert list(in_chunks([])) == []


def test_deleting_more_films_than_a_piece_holds_deletes_them_all_and_undo_brings_them_back(
        tmp_catalogue: Catalogue) -> None:
    ids = [tmp_catalogue.films.create({"title": f"Film {n}"}).id or 0 for n in range(IN_CHUNK + 7)]
    keep = tmp_catalogue.films.create({"title": "Kept"}).id
    change = tmp_catalogue.films.delete(ids)
    assert tmp_catalogue.films.ids() == [keep]
    tmp_catalogue.revert(change)
    assert len(tmp_catalogue.films.ids()) == IN_CHUNK + 8


def test_documents_of_many_films_come_in_the_order_asked_and_say_which_film_is_not_there(
        demo_catalogue: Catalogue) -> None:
    cat = demo_catalogue
    la_la_land, whiplash = cat.films.find("La La Land"), cat.films.find("Whiplash")
    one_by_one = [cat.store.documents.film(fid) for fid in (whiplash, la_la_land)]
    assert one_by_one[1]["credits"] and one_by_one[1]["images"] and one_by_one[1]["poster"]
    assert cat.store.documents.films([whiplash, la_la_land]) == one_by_one
    with pytest.raises(NotFound, match="no film with id 999"):
        cat.store.documents.films([whiplash, 999])
