"""The detail page skin: what the page shows, escaped, with links only where they are safe."""

from __future__ import annotations

from catalog.render.film_view import film_view
from catalog.render.page import LOOKS, STYLE, film_html
from catalog.render.records import GENERIC, RECORD_SECTIONS
from tests.catalog.render.documents import HOSTILE, bare_film, credit, demo_film, in_order, text_of


def page_of(doc: dict, poster_url: str | None = None) -> str:
    return film_html(doc, poster_url)


def test_page_shows_the_film_in_order(tmp_path):
    film = demo_film(tmp_path)
    film["credits"] = [credit("Damien Chazelle", "director", 1), credit("Damien Chazelle", "writer", 1),
                       credit("Emma Stone", "actor", 2, "Mia"), credit("Justin Hurwitz", "composer", 3)]
    text = text_of(page_of(film))
    assert in_order(text, [
        "La La Land", "2016 · 128 min · PG-13 · Musical, Romance, Drama", "Written and directed by",
        "Damien Chazelle", "A modern-day story", "CAST", "Emma Stone", "Mia", "CREW", "Music", "Justin Hurwitz",
        "COMPANIES", "Distributor", "Lionsgate", "FEATURETTES AND TRAILERS", "Behind the Scenes of La La Land",
        "Featurette · Lionsgate · 23 November 2016 · 3:12", "REVIEWS", "Seen at Telluride",
        "— Brian, at Telluride Film Festival · September 2016", "RELEASES", "16 December 2016", "Wide",
        "ARTICLES", "Best Picture Frontrunner", "COPIES", "Blu-ray", "IN MY COLLECTION", "9 / 10", "Watched", "Yes",
        "bursting into song"])
    assert '<a href="person:1">Damien Chazelle</a>' in page_of(film)
    assert "STYLE" not in text and "td.label" in STYLE


def test_missing_parts_leave_no_headings():
    html = page_of(bare_film("Only a Title"))
    assert "Only a Title" in html
    for heading in ("CAST", "CREW", "COMPANIES", "FEATURETTES", "REVIEWS", "RELEASES", "ARTICLES", "AWARDS",
                    "IN MY COLLECTION", "Directed by", "<img", "<a "):
        assert heading not in html


def test_poster_heads_the_page_when_given(tmp_path):
    assert '<img src="poster:abc" width="156">' in page_of(demo_film(tmp_path), "poster:abc")
    assert "<img" not in page_of(demo_film(tmp_path))


def test_every_user_value_is_escaped(tmp_path, trivia_kind):
    film = demo_film(tmp_path)
    film["title"] = film["tagline"] = film["synopsis"] = film["notes"] = HOSTILE
    film["credits"] = [credit(HOSTILE, "director", 1), credit(HOSTILE, "actor", 2, HOSTILE),
                       credit(HOSTILE, HOSTILE, 3)]
    film["videos"][0].update(title=HOSTILE, publisher=HOSTILE, description=HOSTILE, file_path=HOSTILE)
    film["reviews"][0].update(author=HOSTILE, excerpt=HOSTILE, rating_text=HOSTILE)
    film["trivia"] = [{"fact": HOSTILE, "url": "https://x.example/" + HOSTILE}]
    html = page_of(film)
    assert "<b>bold" not in html and "<img src=x>" not in html
    assert html.count("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;") >= 10


def test_only_web_links_are_links(tmp_path):
    film = demo_film(tmp_path)
    film["videos"][0].update(url="javascript:alert(1)", file_path="/films/extra.mkv")
    html = page_of(film)
    assert 'href="javascript' not in html and "File: /films/extra.mkv" in html and 'href="/films' not in html


def test_unknown_roles_one_row_per_person():
    film = bare_film()
    film["credits"] = [credit("S1", "stunt_coordinator", 1), credit("S2", "stunt_coordinator", 2)]
    assert in_order(text_of(page_of(film)), ["CREW", "Stunt coordinator", "S1", "Stunt coordinator", "S2"])


def test_a_new_record_kind_gets_a_generic_section(trivia_kind):
    film = bare_film()
    film["trivia"] = [{"id": 1, "fact": "Shot in CinemaScope", "told_on": "2017-02", "url": "https://t.example/1"},
                      {"id": 2, "fact": "Second fact"}]
    html = page_of(film)
    assert in_order(text_of(html), ["TRIVIA", "Fact", "Shot in CinemaScope", "Told on", "February 2017", "Link",
                                    "Fact", "Second fact"])
    assert '<a href="https://t.example/1">https://t.example/1</a>' in html


def test_every_look_has_a_layout():
    looks = {s.look for s in film_view(bare_film()).sections} | {k.look for k in RECORD_SECTIONS.values()}
    assert looks | {GENERIC} <= set(LOOKS)


def test_a_narrow_page_puts_the_poster_above_the_text_and_sizes_labels_by_their_content(tmp_path):
    film = demo_film(tmp_path)
    wide, narrow = film_html(film, "poster:x", width=700), film_html(film, "poster:x", width=250)
    assert '<td width="176" valign="top"><img src="poster:x"' in wide  # beside the text
    assert '<p><img src="poster:x" width="156"></p><h1>' in narrow  # above it
    assert 'class="label" width="150"' in wide and 'class="label" width' not in narrow
    assert text_of(wide) == text_of(narrow)  # the same page, laid out for its width


def test_a_very_narrow_page_puts_each_value_under_its_label(tmp_path):
    """Two columns of a few letters each broke words in the middle ("Septe mber", "Sebast ian")."""
    film = demo_film(tmp_path)
    narrow, stacked = film_html(film, "poster:x", width=250), film_html(film, "poster:x", width=200)
    assert 'class="label"' in narrow and 'class="label"' not in stacked
    assert text_of(narrow) == text_of(stacked)  # every label and value, in the same order
    assert '<span style="color:#5f6670">Emma Stone</span><br><span class="muted">Mia</span>' in stacked
