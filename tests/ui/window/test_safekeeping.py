"""The window keeps the data safe as a collector sees it: another program's changes appear, a
read-only catalogue cannot be edited, File ▸ Back up now and Restore from backup… work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from catalog import Catalogue, open_catalogue
from tests.ui.window.test_main_window import titles
from ui.window.safekeeping import RestoreDialog

ROOT = Path(__file__).resolve().parents[3]


def another_program(db: Path, code: str) -> None:
    """Change the catalogue from another process, as a second window or the command line would."""
    subprocess.run([sys.executable, "-c", f"from catalog import open_catalogue\ncat = open_catalogue({str(db)!r})\n"
                    + code + "\ncat.close()\n"], cwd=ROOT, check=True, capture_output=True, timeout=60)


def test_changes_made_by_another_process_reach_the_list_detail_and_gallery(qtbot, tmp_catalogue: Catalogue,
                                                                          make_window, tmp_path: Path) -> None:
    vertigo = tmp_catalogue.films.create({"title": "Vertigo", "year": 1958}).id
    window = make_window()
    window.list_pane.select_films([vertigo])
    assert titles(window) == ["Vertigo"]
    from PIL import Image

    Image.new("RGB", (60, 90), "teal").save(tmp_path / "poster.png")
    with qtbot.waitSignal(window.context.changed, timeout=5000):
        another_program(tmp_catalogue.path, f"cat.films.create({{'title': 'Psycho', 'year': 1960}})\n"
                        f"cat.films.update({vertigo}, {{'synopsis': 'A detective afraid of heights.'}})\n"
                        f"cat.images.add_file({str(tmp_path / 'poster.png')!r}, {vertigo}, kind='poster')")
    qtbot.waitUntil(lambda: sorted(titles(window)) == ["Psycho", "Vertigo"])
    qtbot.waitUntil(lambda: "afraid of heights" in window.detail.view.toPlainText())
    qtbot.waitUntil(lambda: window.gallery.model.rowCount() == 1)
    assert window.count_label.text() == "2 films"
    with qtbot.waitSignal(window.context.changed, timeout=5000):
        another_program(tmp_catalogue.path, f"cat.films.delete([{vertigo}])")
    qtbot.waitUntil(lambda: titles(window) == ["Psycho"])


def test_another_programs_big_import_and_a_rename_reach_the_list_at_once(qtbot, tmp_catalogue: Catalogue,
                                                                        make_window, monkeypatch) -> None:
    """Many films come at once: the list reads its ids again (a lookup a film took seconds for a
    hundred thousand); a film renamed meanwhile shows its new title, selected as it was."""
    from ui.films import film_table_model

    monkeypatch.setattr(film_table_model, "RELOAD_ABOVE", 3)
    reloads = []
    reload = film_table_model.FilmTableModel.reload
    monkeypatch.setattr(film_table_model.FilmTableModel, "reload", lambda self: reloads.append(1) or reload(self))
    heat = tmp_catalogue.films.create({"title": "Heat", "year": 1995}).id
    window = make_window()
    window.list_pane.select_films([heat])
    with qtbot.waitSignal(window.context.changed, timeout=5000):
        another_program(tmp_catalogue.path, "for n in range(5):\n    cat.films.create({'title': f'Alien {n}'})\n"
                        f"cat.films.update({heat}, {{'title': 'Heat (director’s cut)'}})")
    qtbot.waitUntil(lambda: len(titles(window)) == 6)
    assert titles(window) == [*(f"Alien {n}" for n in range(5)), "Heat (director’s cut)"]
    assert window.list_pane.current_id() == heat and window.count_label.text() == "6 films" and reloads == [1]


def test_the_windows_own_edits_are_not_taken_for_anothers(qtbot, tmp_catalogue: Catalogue, window) -> None:
    window.context.do(lambda: tmp_catalogue.films.create({"title": "Rebecca"}))
    qtbot.waitUntil(lambda: titles(window) == ["Rebecca"])
    assert window.context.look_for_changes_elsewhere() is None
    assert window.context.undo_stack.count() == 1


def test_a_read_only_catalogue_says_so_and_cannot_be_edited(qtbot, tmp_path: Path, make_window) -> None:
    path = tmp_path / "films.db"
    first = open_catalogue(path)
    first.films.create({"title": "Vertigo"})
    first.close()
    cat = open_catalogue(path, read_only=True)
    try:
        window = make_window(cat)
        assert window.windowTitle().endswith("(read-only)")
        label = window.findChild(QLabel, "readOnlyLabel")
        assert label is not None and label.text().startswith("Read-only")
        assert not window.new_action.isEnabled() and not window.import_action.isEnabled()
        assert not window.safekeeping.restore_action.isEnabled()
        window.list_pane.select_films([cat.films.find("Vertigo")])
        assert not window.delete_action.isEnabled() and not window.detail.edit_button.isEnabled()
        window.detail.start_editing()
        assert not window.detail.editing
        assert titles(window) == ["Vertigo"]  # reading, searching and printing still work
        window.close()
    finally:
        cat.close()


def test_back_up_now_then_restore_from_the_list(qtbot, tmp_catalogue: Catalogue, window) -> None:
    tmp_catalogue.films.create({"title": "Vertigo"})
    qtbot.waitUntil(lambda: window.safekeeping.upkeep is None or not window.context.tasks.running)
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10000,
                          check_params_cb=lambda text: text.startswith("Backed up")):
        window.safekeeping.backup_action.trigger()
    window.context.do(lambda: tmp_catalogue.films.create({"title": "Psycho"}))
    qtbot.waitUntil(lambda: len(titles(window)) == 2)
    window.safekeeping.restore_action.trigger()
    dialog = window.findChild(RestoreDialog, "restoreDialog")
    assert dialog is not None and "1 film" in dialog.list.item(0).text()
    dialog.restore_button.click()
    box = window.findChild(QMessageBox, "confirmDialog")
    assert box is not None and "1 film" in box.text() and "2 films" in box.informativeText()
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10000,
                          check_params_cb=lambda text: text.startswith("Restored")):
        qtbot.mouseClick(box.findChild(object, "confirmYes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles(window) == ["Vertigo"], timeout=10000)
    assert window.context.undo_stack.count() == 0
    reasons = [b.reason for b in tmp_catalogue.backups.kept()]
    assert "manual" in reasons and reasons[-1] == "before-restore"


def test_another_programs_big_import_is_read_on_a_worker_in_a_big_catalogue(qtbot, tmp_catalogue: Catalogue,
                                                                           make_window, monkeypatch) -> None:
    """In a big catalogue the list's ids are read again on the search lane, not on the GUI thread:
    the films gone are gone at once, the new ones come when read, the renamed one selected as it was."""
    import threading

    import ui.films.list_pane as list_pane_module
    from ui.films import film_table_model

    monkeypatch.setattr(film_table_model, "RELOAD_ABOVE", 3)
    monkeypatch.setattr(list_pane_module, "SEARCH_ON_WORKER_FROM", 0)
    reloads = []
    reload = film_table_model.FilmTableModel.reload
    monkeypatch.setattr(film_table_model.FilmTableModel, "reload", lambda self: reloads.append(1) or reload(self))
    heat = tmp_catalogue.films.create({"title": "Heat", "year": 1995}).id
    ronin = tmp_catalogue.films.create({"title": "Ronin", "year": 1998}).id
    window = make_window()
    window.list_pane.select_films([heat])
    gui, read_on = threading.get_ident(), []
    id_list = tmp_catalogue.films.id_list
    monkeypatch.setattr(tmp_catalogue.films, "id_list",
                        lambda *args: read_on.append(threading.get_ident() == gui) or id_list(*args))
    with qtbot.waitSignal(window.context.changed, timeout=5000):
        another_program(tmp_catalogue.path, "for n in range(5):\n    cat.films.create({'title': f'Alien {n}'})\n"
                        f"cat.films.update({heat}, {{'title': 'Heat (director’s cut)'}})\n"
                        f"cat.films.delete([{ronin}])")
    assert "Ronin" not in titles(window)  # (gone with the change itself)
    qtbot.waitUntil(lambda: len(titles(window)) == 6)
    assert titles(window) == [*(f"Alien {n}" for n in range(5)), "Heat (director’s cut)"]
    assert window.list_pane.current_id() == heat and window.count_label.text() == "6 films"
    assert reloads == [] and read_on == [False]  # read once, on the worker
