"""Numbered cases of issue 10 that a unit test shows best: links printed once-escaped (10), a film's
poster never rejected because of another film's picture (9), search hints for NUL and surrogates (8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from catalog import Catalogue, ValidationError
from catalog.formats.folder.importer import import_folder
from catalog.render import sheets
from tests.catalog.formats.folder.test_importer import photo
from tests.catalog.render.documents import demo_film


def test_links_with_ampersands_and_markup_print_as_written(tmp_path: Path) -> None:
    film = demo_film(tmp_path)
    link = 'https://example.com/watch?v=1&list=<x>&t="2"'
    film["videos"][0]["url"] = link
    film["reviews"][0]["url"] = link
    html = sheets.render_film_html(film)
    printed = html.replace("\u200b", "")
    assert "&amp;list=&lt;x&gt;&amp;t=&quot;2&quot;" in printed
    assert "&amp;amp;" not in printed and "&\u200bamp;" not in html


def test_a_films_poster_is_not_rejected_for_another_films_backdrop(cat: Catalogue, tmp_path: Path) -> None:
    alien = cat.films.create({"title": "Alien", "year": 1979}).id
    aliens = cat.films.create({"title": "Aliens", "year": 1986}).id
    picture = photo(tmp_path / "a" / "backdrop.jpg", 42, size=(1200, 800))
    import_folder(cat, tmp_path / "a", film_id=alien)
    with Image.open(picture) as img:
        img.resize((600, 400)).save(tmp_path / "smaller.jpg", quality=70)
    other = import_folder(cat, tmp_path / "smaller.jpg", film_id=aliens)
    assert other.imported_count == 1 and not other.near_duplicates  # another film's picture: kept
    again = import_folder(cat, tmp_path / "smaller.jpg", film_id=alien, across_films=False)
    assert again.duplicates  # the same file: already in the catalogue (on Aliens)
    with Image.open(picture) as img:
        img.resize((300, 200)).save(tmp_path / "smallest.jpg", quality=60)
    same_film = import_folder(cat, tmp_path / "smallest.jpg", film_id=alien)
    [near] = same_film.near_duplicates  # on its own film it is one, and the report says of what
    assert "backdrop.jpg on Alien (1979)" in near.similar_to and near.alike > 0.9
    assert f"looks like {near.similar_to}" in same_film.text()
    across = import_folder(cat, tmp_path / "smallest.jpg", film_id=None, across_films=True)
    assert across.near_duplicates  # on request, every film's pictures are compared


@pytest.mark.parametrize(("query", "hint"), [("a\x00b", "NUL"), ("director:\udc80", "not valid text"),
                                             ("x" * 3000, "too long")])
def test_searches_that_cannot_be_text_give_a_hint(cat: Catalogue, query: str, hint: str) -> None:
    with pytest.raises(ValidationError, match=hint):
        cat.films.ids(query)
