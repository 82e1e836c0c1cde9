"""The window's long jobs as a user starts them: import a folder, print, export; and launching
the app from the command line (first launch, screenshot)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]


def test_import_folder_puts_pictures_on_the_selected_film(window, demo_catalogue, qtbot, tmp_path) -> None:
    folder = tmp_path / "stills"
    folder.mkdir()
    for i, colour in enumerate(("red", "green", "blue")):
        Image.new("RGB", (320, 200), colour).save(folder / f"still{i}.png")
    (folder / "broken.jpg").write_bytes(b"not a picture")
    whiplash = demo_catalogue.films.find("Whiplash")
    window.reveal_film(whiplash)
    before = len(demo_catalogue.images.gallery(whiplash))
    task = window.import_paths([folder], window.list_pane.current_id())
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    report = task.result
    assert "broken.jpg" in report.text()
    assert len(demo_catalogue.images.gallery(whiplash)) == before + 3
    qtbot.waitUntil(lambda: window.gallery.view.model().rowCount() == before + 3)


def test_print_and_export_are_offered_when_films_are_shown(window, demo_catalogue) -> None:
    assert window.print_action.isEnabled() and window.export_pdf_action.isEnabled()


def run_main(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


def test_first_launch_creates_the_default_catalogue_with_the_demo(tmp_path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    env_without_db = {k: v for k, v in os.environ.items() if k != "MARQUEE_DB"} | env
    shot = tmp_path / "window.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(shot)], capture_output=True,
                            text=True, timeout=180, env=env_without_db | {"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    picture = QImage(str(shot))
    assert picture.width() >= 1200 and picture.height() >= 760
    [db] = (tmp_path / "data").rglob("marquee.db")
    listing = subprocess.run([sys.executable, str(ROOT / "main.py"), "list"], capture_output=True, text=True,
                             env=env_without_db, timeout=60).stdout
    assert "La La Land" in listing and "Whiplash" in listing
    assert (db.parent / "marquee.media" / "images").is_dir()


def test_new_catalogue_named_on_the_command_line_starts_empty(tmp_path) -> None:
    db = tmp_path / "mine.db"
    result = run_main("--db", str(db), "--screenshot", str(tmp_path / "w.png"), env={})
    assert result.returncode == 0, result.stderr
    listing = run_main("--db", str(db), "list", env={}).stdout
    assert listing.strip() == "No films."


def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "Whiplash (2014)").mkdir(parents=True)
    Image.new("RGB", (300, 450), "purple").save(root / "Whiplash (2014)" / "poster.jpg")
    return root


def answer(qtbot, box, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text().startswith(text)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_import_folder_with_a_film_selected_asks_and_by_default_finds_the_films(
        window, demo_catalogue, qtbot, tmp_path) -> None:
    la_la_land, whiplash = demo_catalogue.films.find("La La Land"), demo_catalogue.films.find("Whiplash")
    window.reveal_film(la_la_land)
    before = {f: len(demo_catalogue.images.gallery(f)) for f in (la_la_land, whiplash)}
    box = window.import_folder(library(tmp_path))
    assert box.defaultButton().text() == "Find their films"
    answer(qtbot, box, "Find their films")
    qtbot.waitUntil(lambda: len(demo_catalogue.images.gallery(whiplash)) == before[whiplash] + 1, timeout=60000)
    assert len(demo_catalogue.images.gallery(la_la_land)) == before[la_la_land]


def test_import_folder_can_put_everything_on_the_selected_film(window, demo_catalogue, qtbot, tmp_path) -> None:
    la_la_land = demo_catalogue.films.find("La La Land")
    window.reveal_film(la_la_land)
    before = len(demo_catalogue.images.gallery(la_la_land))
    answer(qtbot, window.import_folder(library(tmp_path)), "All on")
    qtbot.waitUntil(lambda: len(demo_catalogue.images.gallery(la_la_land)) == before + 1, timeout=60000)


def test_ctrl_e_edits_the_current_film_from_the_list(window, demo_catalogue, qtbot) -> None:
    window.list_pane.view.setFocus()
    qtbot.keyClick(window.list_pane.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.detail.editing)


def test_progress_labels_show_file_names_as_text(window, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.window.dialogs import progress_dialog
    from ui.window.import_dialog import ImportProgressDialog

    task = window.context.tasks.start(lambda abort, progress: None)
    for dialog in (ImportProgressDialog(window, task, "Importing"), progress_dialog(window, "x", task)):
        dialog.setLabelText("<b>poster</b>.jpg")
        [label] = [w for w in dialog.findChildren(QLabel) if w.text() == "<b>poster</b>.jpg"]
        assert label.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: task not in window.context.tasks.running)


def test_enter_in_a_progress_dialog_does_not_cancel_the_job(window, qtbot) -> None:
    import threading

    from PySide6.QtWidgets import QPushButton

    from ui.window.dialogs import progress_dialog
    from ui.window.import_dialog import ImportProgressDialog

    gate = threading.Event()
    task = window.context.tasks.start(lambda abort, progress: gate.wait(30))
    for dialog in (progress_dialog(window, "Working…", task), ImportProgressDialog(window, task, "Importing")):
        dialog.show()
        qtbot.waitExposed(dialog)
        cancel = dialog.findChild(QPushButton, "progressCancel")
        assert cancel is not None and not cancel.isDefault() and not cancel.autoDefault()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        assert not task.abort.is_set() and dialog.isVisible()
    with qtbot.waitSignal(task.done, timeout=10000):
        gate.set()
