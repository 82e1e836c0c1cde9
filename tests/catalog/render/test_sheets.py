"""Film sheets rendered to HTML, without Qt."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from PIL import Image

from catalog.render import sheets
from catalog.render.records import GENERIC, RECORD_SECTIONS
from catalog.render.sheets.records import LAYOUTS
from tests.catalog.render.documents import (
    HOSTILE,
    bare_film,
    big_cast_film,
    demo_film,
    hostile_film,
    in_order,
    missing_image_film,
    text_of,
)


def test_catalog_sheets_imports_no_qt():
    code = "import sys, catalog.render.sheets; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sheet_holds_fields_in_order(tmp_path):
    text = text_of(sheets.render_film_html(demo_film(tmp_path)))
    assert in_order(
        text,
        [
            "La La Land",
            "2016",
            "128 min",
            "PG-13",
            "Musical",
            "Directed by",
            "Damien Chazelle",
            "Written by",
            "Distributor",
            "Lionsgate",
            "A modern-day story",
            "Cast",
            "Emma Stone",
            "Mia",
            "Ryan Gosling",
            "Sebastian",
            "John Legend",
            "J.K. Simmons",
            "Bill",
            "Featurettes",
            "Behind the Scenes of La La Land",
            "23 November 2016",
            "3:12",
            "Reviews",
            "Brian",
            "Telluride Film Festival",
            "Releases",
            "September 2016",
            "12 September 2016",
            "9 December 2016",
            "16 December 2016",
            "Articles",
            "Best Picture Frontrunner",
            "Copies",
            "Blu-ray",
            "Living room",
            "0031398254869",
            "Stills",
            "Title card: Mia",
            "collection",
            "★★★★½",
            "bursting into song",
        ],
    )


def test_featurette_has_qr_image(tmp_path):
    html = sheets.render_film_html(demo_film(tmp_path))
    assert html.count("data:image/png;base64,") >= 1
    assert "example.com/\u200bla-la-land" in html


def test_user_text_is_escaped(tmp_path):
    html = sheets.render_film_html(hostile_film(tmp_path))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in html
    assert "<b>bold" not in html and "<img src=x>" not in html and "<i>2</i>" not in html
    assert "Price: $title &amp; ${style} 100%" in html  # no template substitution inside user text


def test_missing_parts_leave_no_headings():
    html = sheets.render_film_html(bare_film("Only a Title"))
    assert "Only a Title" in html
    for heading in (
        "Cast",
        "Crew",
        "Featurettes",
        "Reviews",
        "Releases",
        "Articles",
        "Stills",
        "collection",
        "Copies",
        "Awards",
        "Directed by",
        "<img",
        "image missing",
    ):
        assert heading not in html
    assert "<h2" not in html and "$" not in html


def test_missing_image_prints_placeholder(tmp_path):
    html = sheets.render_film_html(missing_image_film(tmp_path))
    assert html.count("image missing") == 2  # the poster and the first still


def test_images_scaled_to_print_size(tmp_path):
    film = demo_film(tmp_path)
    html = sheets.render_film_html(film)
    assert len(html) < 200_000  # a 1000×1500 poster is not embedded at full size
    assert re.search(r'<img src="data:image/jpeg;base64,[^"]+" width="180" height="270">', html)
    cache = tmp_path / "cache"
    html = sheets.render_film_html(film, images_dir_for_cache=cache)
    assert "file://" in html and len(list(cache.glob("*.jpg"))) == 4
    with Image.open(next(cache.glob("*.jpg"))) as im:
        assert max(im.size) <= 2 * 270


def test_card_is_short(tmp_path):
    html = sheets.render_film_html(big_cast_film(tmp_path), "card")
    assert "Actor Number 07" in html and "Actor Number 08" not in html
    assert "Reviews" not in html


def test_list_groups_by_letter(tmp_path):
    films = [demo_film(tmp_path), bare_film("Whiplash", 2), bare_film("Amélie", 3), bare_film("8½", 4)]
    films[1].update(
        year=2014,
        credits=[{"person": "Damien Chazelle", "role": "director", "character": None, "position": 0}],
    )
    text = text_of(sheets.render_list_html(films))
    assert in_order(
        text,
        [
            "4 films",
            "A",
            "Amélie",
            "L",
            "La La Land",
            "2016",
            "Damien Chazelle",
            "128 min",
            "W",
            "Whiplash",
            "2014",
            "#",
            "8½",
        ],
    )


def test_templates_listed_and_user_override(tmp_path):
    names = [(t.name, t.title, t.kind) for t in sheets.list_templates(None)]
    assert names[:3] == [
        ("sheet", "Detail sheet", "film"),
        ("card", "Compact card", "film"),
        ("list", "Catalogue list", "list"),
    ]
    user = tmp_path / "data"
    (user / "templates").mkdir(parents=True)
    (user / "templates" / "card.html").write_text(
        "<html><head><title>My card</title></head><body><h1>$title</h1><p>$unknown_name</p></body></html>"
    )
    (user / "templates" / "poster.html").write_text("<!-- title: Poster only -->\n$poster")
    listed = {t.name: t for t in sheets.list_templates(user)}
    assert listed["card"].title == "My card" and listed["card"].path.parent == user / "templates"
    assert listed["poster"].title == "Poster only" and listed["poster"].kind == "film"
    html = sheets.render_film_html(bare_film("Mine"), "card", user_dir=user)
    assert "<h1>Mine</h1>" in html and "$unknown_name" in html
    with pytest.raises(KeyError):
        sheets.find_template("nope")


def test_a_new_record_kind_prints_as_a_generic_section(tmp_path, trivia_kind):
    film = demo_film(tmp_path)
    film["trivia"] = [{"id": 1, "fact": HOSTILE, "told_on": "2017-02", "url": "https://t.example/a?b=c"}]
    html = sheets.render_film_html(film)
    assert in_order(text_of(html), ["Articles", "Best Picture Frontrunner", "Trivia", "Fact",
                                    "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;", "Told on", "February 2017",
                                    "Link", "https:", "Stills"])
    assert "<b>bold" not in html and "t.example/\u200ba?\u200bb=\u200bc" in html
    user = tmp_path / "data"
    (user / "templates").mkdir(parents=True)
    (user / "templates" / "trivia.html").write_text("$trivia_section|$more_sections|$videos_section")
    own = sheets.render_film_html(film, "trivia", user_dir=user)
    trivia, more, videos = own.split("|")
    assert more.endswith(trivia) and "Copies" in more and "Trivia" in trivia and "Featurettes" in videos
    none = bare_film()
    assert sheets.render_film_html(none, "trivia", user_dir=user) == "||"  # a kind this film has none of


def test_every_look_has_a_layout():
    assert {k.look for k in RECORD_SECTIONS.values()} | {GENERIC} <= set(LAYOUTS)
