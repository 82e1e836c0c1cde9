"""The presentation step: a film document as plain data, and the one table of record sections."""

from __future__ import annotations

from catalog.render.film_view import ROLE_LABELS, film_view
from catalog.render.records import GENERIC, RECORD_SECTIONS, field_text
from tests.catalog.render.documents import bare_film, credit, demo_film


def test_heading_and_copy_are_plain_values(tmp_path):
    view = film_view(demo_film(tmp_path))
    assert view.heading.title == "La La Land" and view.heading.year == 2016
    assert view.heading.original_title == "La La Land" and view.heading.other_title is None
    assert view.heading.genres == ("Musical", "Romance", "Drama")
    assert view.copy.rating == 9.0 and view.copy.watched
    assert view.section("copies").records[0]["medium"] == "Blu-ray"
    assert view.poster is not None and view.poster["kind"] == "poster"
    assert [p.name for p in view.cast][:2] == ["Emma Stone", "Ryan Gosling"]
    assert view.cast[0].character == "Mia"


def test_sections_in_their_order(tmp_path):
    keys = [s.key for s in film_view(demo_film(tmp_path)).sections]
    assert keys == ["cast", "crew", "companies", "details", "videos", "reviews", "releases", "articles", "awards",
                    "copies", "alternative_titles", "external_ids", "viewings", "copy", "loans", "wish", "notes"]
    assert [s.key for s in film_view({"title": "Only"}).sections] == keys  # missing keys read as empty


def test_crew_grouped_by_role_with_labels():
    film = bare_film()
    film["credits"] = [credit("Ann", "director", 1), credit("Bob", "director", 2), credit("Cy", "writer", 3),
                       credit("Dee", "composer", 4), credit("Eve", "stunt_coordinator", 5),
                       credit("Fay", "actor", 6, "Herself")]
    view = film_view(film)
    assert [g.role for g in view.crew] == ["director", "writer", "composer", "stunt_coordinator"]
    directors = view.crew[0]
    assert (directors.label, directors.credit_label, directors.names) == ("Directors", "Directed by", ["Ann", "Bob"])
    assert (view.crew[2].label, view.crew[2].credit_label) == ("Music", "Music")
    stunts = view.crew[3]
    assert (stunts.known, stunts.label, stunts.credit_label) == (False, "Stunt coordinator", "Stunt coordinator")
    assert [g.role for g in view.other_crew] == ["composer", "stunt_coordinator"]
    assert [label for label, _ in view.direction] == ["Directed by", "Written by"]
    assert set(ROLE_LABELS) >= {"director", "writer", "producer"}


def test_written_and_directed_when_the_same_people():
    film = bare_film()
    film["credits"] = [credit("Ann", "director", 1), credit("Ann", "writer", 1)]
    (label, people), = film_view(film).direction
    assert label == "Written and directed by" and [p.person_id for p in people] == [1]
    film["credits"][1] = credit("Ann", "writer", 2)  # a namesake is someone else
    assert len(film_view(film).direction) == 2


def test_record_sections_come_from_one_table(tmp_path):
    view = film_view(demo_film(tmp_path))
    for key, kind in RECORD_SECTIONS.items():
        section = view.section(key)
        assert (section.title, section.look) == (kind.title, kind.look)
    video = view.section("videos").records[0]
    assert video["title"] == "Behind the Scenes of La La Land"
    assert (video.text("published_on"), video.text("duration_s"), video.text("kind")) == (
        "23 November 2016", "3:12", "Featurette")


def test_a_new_record_kind_gets_the_generic_section(trivia_kind):
    film = bare_film()
    film["trivia"] = [{"id": 3, "position": 0, "fact": "Shot in CinemaScope", "told_on": "2017-02",
                       "kind": "production_note", "verified": True, "runtime_s": 75, "source": None}]
    section = film_view(film).section("trivia")
    assert (section.title, section.look) == ("Trivia", GENERIC)
    assert section.records[0].rows() == (
        ("fact", "Fact", "Shot in CinemaScope"), ("told_on", "Told on", "February 2017"),
        ("kind", "Kind", "Production note"), ("verified", "Verified", "Yes"), ("runtime_s", "Runtime s", "1:15"))
    keys = [s.key for s in film_view(film).sections]
    assert keys.index("awards") < keys.index("trivia") < keys.index("copy")


def test_lists_that_are_not_records_get_no_section(trivia_kind):
    film = bare_film()
    film["genres"], film["tags"], film["id"] = ["Drama"], ["a", "b"], 3
    assert [s.key for s in film_view(film).record_sections] == [
        "videos", "reviews", "releases", "articles", "awards", "copies", "alternative_titles", "external_ids",
        "viewings", "trivia"]
    assert film_view(film).section("trivia").records == ()  # a kind the film has none of: shown nowhere


def test_field_text():
    assert field_text("date", "2016-09") == "September 2016"
    assert field_text("result", "won") == "Won" and field_text("score", 0) == "0"
    assert field_text("note", None) == "" and field_text("seen", False) == "No" and field_text("subtitles", []) == ""
    assert field_text("audio", [{"language": "English", "format": "DTS"}, {"language": "French", "format": None}]) == (
        "English (DTS); French")
    assert field_text("price", 19.9) == "19.90" and field_text("subtitles", ["English", "French"]) == "English, French"
