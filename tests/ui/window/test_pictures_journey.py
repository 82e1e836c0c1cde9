"""Pictures as a collector brings them in (issue 11, items 1–4): real posters replace placeholders,
folders without an .nfo still find or make their film, Unsorted tells pictures apart and places a
selection, and a movie folder's years, extras and actors' photos land where they belong. Real .nfo
files and real photographs (tests/library.py); the window is the real one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from catalog.render.film_view import best_poster
from catalog.render.sheets import render_film_html
from catalog.render.sheets.fragments import POSTER_BOX, STILL_BOX
from catalog.render.sheets.pictures import image_html
from tests.library import movie_folder, nfo, photos
from ui.gallery.gallery_model import DetailRole


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
    window.reveal_film(la_la_land)
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
    window.reveal_film(whiplash)
    qtbot.waitUntil(lambda: shown_poster(window) == inbox.sha256)
    window.undo_action.trigger()
    assert cat.films.document(whiplash)["poster"] == placeholder
    assert inbox.id in [i.id for i in cat.images.gallery(None)]


def test_a_poster_dropped_on_a_film_s_gallery_replaces_its_placeholder(window, demo_catalogue, qtbot, tmp_path):
    cat = demo_catalogue
    whiplash = cat.films.find("Whiplash")
    placeholder = cat.films.document(whiplash)["poster"]
    [photo] = photos(1)
    dropped = movie_folder(tmp_path, "desktop", {"Whiplash-poster.jpg": photo}) / "Whiplash-poster.jpg"
    window.reveal_film(whiplash)
    with qtbot.waitSignal(window.gallery.files_added, timeout=30000):
        window.gallery.drop_paths([str(dropped)])  # dropped from the desktop onto the gallery
    doc = cat.films.document(whiplash)
    real = next(i for i in doc["images"] if i["file_name"] == "Whiplash-poster.jpg")
    assert real["kind"] == "poster" and doc["poster"] == real["sha256"] != placeholder
    qtbot.waitUntil(lambda: shown_poster(window) == real["sha256"])


def test_a_film_folder_without_an_nfo_makes_its_film_and_says_so(window, cat, qtbot, tmp_path):
    poster, fanart, loose = photos(3)
    library = tmp_path / "Movies"
    movie_folder(library, "Blade Runner (1982)", {"poster.jpg": poster, "fanart.jpg": fanart})
    movie_folder(library, "Holiday snaps", {"beach.jpg": loose})  # no film's folder: stays in Unsorted
    report = run_import(window, qtbot, [library])
    assert report.films_created == ["Blade Runner (1982) from the folder name Blade Runner (1982)/"]
    blade_runner = cat.films.find("Blade Runner (1982)")
    assert sorted(i.kind for i in cat.images.gallery(blade_runner)) == ["backdrop", "poster"]
    assert [i.original_name for i in cat.images.gallery(None)] == ["beach.jpg"]
    qtbot.waitUntil(lambda: window.list_pane.model.row_of(blade_runner) is not None)


def test_reimporting_a_folder_once_its_film_exists_moves_its_pictures_out_of_unsorted(window, cat, qtbot, tmp_path):
    poster, still = photos(2)
    folder = movie_folder(tmp_path, "Alien", {"poster.jpg": poster, "Alien still.jpg": still})
    first = run_import(window, qtbot, [folder])
    assert len(first.inbox) == 2 and not first.films_created  # no year, no video: not clearly a film's
    window.new_film()
    dialog = window.findChild(QDialog, "newFilmDialog")
    dialog.title_edit.setText("Alien")
    dialog.year_edit.setText("1979")
    dialog.submit()
    alien = cat.films.find("Alien")
    again = run_import(window, qtbot, [folder])
    assert sorted(file for file, _ in again.moved) == ["Alien/Alien still.jpg", "Alien/poster.jpg"]
    assert "Moved out of Unsorted (2):" in again.text()
    assert len(cat.images.gallery(alien)) == 2 and cat.images.count(None) == 0
    assert cat.films.document(alien)["poster"] is not None  # the moved poster.jpg heads the film


def test_unsorted_tells_pictures_apart_and_places_a_selection_on_the_best_guess(window, cat, qtbot, tmp_path):
    photo_a, photo_b, photo_c = photos(3)
    library = tmp_path / "Downloads"
    movie_folder(library, "blade runner extras", {"poster.jpg": photo_a, "poster-2.jpg": photo_b})
    movie_folder(library, "misc", {"poster.jpg": photo_c})
    blade_runner = cat.films.create({"title": "Blade Runner", "year": 1982}).id
    run_import(window, qtbot, [library])
    gallery = window.gallery
    with qtbot.waitSignal(gallery.guessed, timeout=5000):  # found off the GUI thread
        window.show_inbox()
    model = gallery.model
    assert model.rowCount() == 3
    lines = {model.info(r).original_path: model.index(r).data(DetailRole) for r in range(model.rowCount())}
    by_folder = {v[0]: v for v in lines.values()}
    assert set(by_folder) == {"from Downloads/blade runner extras/", "from Downloads/misc/"}  # told apart
    assert by_folder["from Downloads/blade runner extras/"][1] == "→ Blade Runner (1982)"
    gallery.refresh()  # (as after any change) the guesses stay shown while they are found again
    assert [model.index(r).data(DetailRole) for r in range(3)] == list(lines.values())
    rows = [r for r in range(model.rowCount()) if "extras" in model.info(r).original_path]
    selection = gallery.view.selectionModel()
    for row in rows:
        selection.select(model.index(row), selection.SelectionFlag.Select)
    assert gallery.named_actions["place_guess"].text() == "Place on Blade Runner (1982)"
    assert gallery.place_button.isVisible()
    gallery.named_actions["place_guess"].trigger()
    assert len(cat.images.gallery(blade_runner)) == 2 and cat.images.count(None) == 1
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    # "Place on film…" for what is left: the chooser lists films by a search.
    gallery.view.selectAll()
    dialog = gallery.choose_film()
    dialog.search.setText("blade")
    dialog.refresh()
    assert dialog.films.count() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert cat.images.count(None) == 0 and len(cat.images.gallery(blade_runner)) == 3
    window.undo_action.trigger()
    assert cat.images.count(None) == 1


def test_movie_folders_give_years_extras_kinds_and_actors_photos(window, cat, qtbot, tmp_path):
    poster, on_set, actor = photos(3)
    library = tmp_path / "Movies"
    movie_folder(library, "Lilo & Stitch (2002)", {"movie.nfo": nfo("jellyfin__Lilo___Stitch.nfo")})
    movie_folder(library, "Justice League (2017)", {
        "movie.nfo": nfo("jellyfin__Justice_League.nfo"), "poster.jpg": poster,
        "Behind The Scenes/on set.jpg": on_set, ".actors/Gal_Gadot.jpg": actor})
    report = run_import(window, qtbot, [library])
    assert "Lilo & Stitch (2002) from Movies/Lilo & Stitch (2002)/movie.nfo" in report.films_created  # no <year>
    league = cat.films.find("Justice League (2017)")
    kinds = {i.original_name: i.kind for i in cat.images.gallery(league)}
    assert kinds == {"poster.jpg": "poster", "on set.jpg": "behind_the_scenes"}
    # Gal Gadot's photo: beside her name in the cast, and in her dialog.
    window.reveal_film(league)
    gadot = next(c for c in cat.films.document(league)["credits"] if c["person"] == "Gal Gadot")
    assert gadot["photo"] is not None
    qtbot.waitUntil(lambda: f"photo:{gadot['photo']}" in window.detail.view.toHtml(), timeout=10000)
    window.detail.view.person_clicked.emit(gadot["person_id"])  # her name clicked
    dialog = window.detail.person_dialog
    assert dialog is not None and dialog.photo.isVisible() and not dialog.photo.pixmap().isNull()
    dialog.close()
