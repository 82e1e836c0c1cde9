"""The plain-text skin of the command line."""

from __future__ import annotations

from catalog.model.rows import FilmRow
from catalog.render.film_view import film_view
from catalog.render.records import GENERIC, RECORD_SECTIONS
from catalog.render.text import LOOKS, film_list_text, film_text
from tests.catalog.render.documents import HOSTILE, bare_film, credit, demo_film, in_order


def test_film_text_in_order(tmp_path):
    film = demo_film(tmp_path)
    film["credits"] = [credit("Damien Chazelle", "director", 1), credit("Justin Hurwitz", "composer", 2),
                       credit("Emma Stone", "actor", 3, "Mia")]
    film["awards"] = [{"body": "Academy Awards", "category": "Best Director", "year": 2017, "result": "won"}]
    text = film_text(film)
    assert text.startswith("La La Land (2016)\n=================\nLa La Land · 2 h 08 min · PG-13 · Musical, ")
    assert in_order(text, [
        "Crew\n  Director: Damien Chazelle\n  Composer: Justin Hurwitz", "Cast\n  Emma Stone as Mia",
        "Companies\n  Lionsgate (distributor)",
        "Featurettes and trailers\n  Featurette · Behind the Scenes of La La Land · 23 November 2016 · 3:12 · ",
        "Reviews\n  Brian · Telluride Film Festival · September 2016\n    Seen at Telluride",
        "Releases\n  16 December 2016 · wide · United States",
        "Articles\n  'La La Land' Featurette", "Awards\n  Academy Awards · Best Director · 2017 · won",
        "Copies\n  Medium: Blu-ray", "In my collection\n  My rating: 9.0\n  Watched: yes",
        "Notes\n  “If you're not down",
        "Images\n  4 image(s)"])


def test_text_is_not_escaped():
    film = bare_film(HOSTILE)
    assert film_text(film) == f"{HOSTILE}\n{'=' * len(HOSTILE)}"


def test_a_new_record_kind_gets_a_generic_section(trivia_kind):
    film = bare_film()
    film["trivia"] = [{"id": 1, "fact": "Shot in CinemaScope", "told_on": "2017-02"}, {"id": 2}]
    assert film_text(film).endswith("\n\nTrivia\n  Fact: Shot in CinemaScope · Told on: February 2017")


def test_every_look_has_a_layout():
    looks = {s.look for s in film_view(bare_film()).sections} | {k.look for k in RECORD_SECTIONS.values()}
    assert looks | {GENERIC} <= set(LOOKS)


def test_film_list_text():
    rows = [FilmRow(1, "La La Land", 2016, "Damien Chazelle", 128, None, 0, None),
            FilmRow(12, "Untitled", None, "", None, None, 0, None)]
    assert film_list_text(rows) == " 1  La La Land (2016)  — Damien Chazelle\n12  Untitled"
    assert film_list_text([]) == "No films."
