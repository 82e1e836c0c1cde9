"""Pictures as a collector brings them in (issue 11, items 1–4): real posters replace placeholders,
folders without an .nfo still find or make their film, Unsorted tells pictures apart and places a
selection, and a movie folder's years, extras and actors' photos land where they belong. Real .nfo
files and real photographs (tests/library.py); the window is the real one."""

from __future__ import annotations

from catalog.render.film_view import best_poster
from catalog.render.sheets import render_film_html
from catalog.render.sheets.fragments import POSTER_BOX, STILL_BOX
from catalog.render.sheets.pictures import image_html
from tests.library import movie_folder, photos


def run_import(window, qtbot, paths, film_id=None):
    task = window.import_paths(list(paths), film_id)
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    assert task.error is None, task.error
    return task.result


def shown_poster(window) -> str | None:
    poster = best_poster(window.detail.view.doc or {})
    return poster["sha256"] if poster else None


def test_a_real_poster_replaces_the_placeholder_on_the_page_and_the_sheet(window, demo_catalogue, qtbot, tmp_path):
    cat = demo_catalogue
    la_la_land = cat.films.find("La La Land")
    placeholder = cat.films.document(la_la_land)["poster"]
    [photo, still] = photos(2)
    folder = movie_folder(tmp_path, "La La Land (2016)", {"poster.jpg": photo, "extrafanart/fanart1.jpg": still})
    window.show_film(la_la_land)
    run_import(window, qtbot, [folder])
    doc = cat.films.document(la_la_land)
    real = next(i for i in doc["images"] if i["file_name"] == "poster.jpg")
    assert doc["poster"] == real["sha256"] != placeholder
    # The detail pane heads the page with it (its poster loads off the GUI thread) ...
    qtbot.waitUntil(lambda: f"poster:{real['sha256']}" in window.detail.view.toHtml(), timeout=10000)
    # ... and the printed sheet too, its real still before the placeholder stills.
    sheet = render_film_html(doc)
    assert image_html(real, *POSTER_BOX) in sheet
    stills = [i for i in doc["images"] if i["kind"] != "poster"]
    real_still = next(i for i in stills if not i["placeholder"])
    placeholder_still = next(i for i in stills if i["placeholder"])
    assert sheet.index(image_html(real_still, *STILL_BOX)) < sheet.index(image_html(placeholder_still, *STILL_BOX))
    # Undo puts the placeholder back as the poster; redo brings the real one again.
    window.undo_action.trigger()
    assert cat.films.document(la_la_land)["poster"] == placeholder
    window.redo_action.trigger()
    assert cat.films.document(la_la_land)["poster"] == real["sha256"]


def test_a_poster_moved_from_unsorted_becomes_the_poster_and_placeholders_never_outrank_it(
        window, demo_catalogue, qtbot, tmp_path):
    cat = demo_catalogue
    whiplash = cat.films.find("Whiplash")
    [photo] = photos(1)
    loose = movie_folder(tmp_path, "downloads", {"some-poster.jpg": photo})
    run_import(window, qtbot, [loose])
    [inbox] = [i for i in cat.images.gallery(None) if i.original_name == "some-poster.jpg"]
    assert inbox.kind == "poster"
    placeholder = cat.films.document(whiplash)["poster"]
    window.list_pane.view.images_dropped.emit([inbox.id], whiplash)  # dragged onto Whiplash in the list
    assert cat.films.document(whiplash)["poster"] == inbox.sha256 != placeholder
    window.show_film(whiplash)
    qtbot.waitUntil(lambda: shown_poster(window) == inbox.sha256)
    window.undo_action.trigger()
    assert cat.films.document(whiplash)["poster"] == placeholder
    assert inbox.id in [i.id for i in cat.images.gallery(None)]
