"""ui.import_dialog: progress with Cancel, the report dialog, Keep similar images, listeners firing."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QPushButton, QWidget

from catalog import Catalogue
from tests.catalog.formats.folder.test_importer import kodi_movie, photo
from ui.context import AppContext
from ui.window.import_dialog import ReportDialog, start_import


def test_import_shows_progress_then_a_report_and_the_panes_hear_of_it(
        qtbot, tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    kodi_movie(tmp_path / "lib")
    context = AppContext(tmp_catalogue)
    window = QWidget()
    qtbot.addWidget(window)
    heard = []
    context.changed.connect(heard.append)
    progress = []
    task = start_import(window, context, [tmp_path / "lib"], None)
    task.progress.connect(lambda done, total, item: progress.append((done, total, item)))
    assert task.progress_dialog.isVisible()
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert progress and progress[-1][0] == progress[-1][1] == 7
    assert not task.progress_dialog.isVisible()
    qtbot.waitUntil(lambda: any(c.added for c in heard))
    film = tmp_catalogue.films.find("Alien (1979)")
    assert any(film in c.galleries for c in heard)
    dialog: ReportDialog = task.report_dialog
    assert dialog.isVisible() and "Imported to Alien (1979)" in dialog.text.toPlainText()
    assert dialog.keep_button is None
    dialog.save_to(tmp_path / "report.txt")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("7 image(s) imported")
    dialog.save_to(tmp_path / "report.json")
    assert '"films_created"' in (tmp_path / "report.json").read_text(encoding="utf-8")
    dialog.close()
    context.close()


def test_keep_similar_button_reimports_just_the_near_duplicates(
        qtbot, tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    film = tmp_catalogue.films.create({"title": "Heat", "year": 1995}).id
    original = photo(tmp_path / "a" / "one.jpg", 5, size=(800, 600))
    photo(tmp_path / "b" / "other.jpg", 6)
    with Image.open(original) as img:
        img.resize((400, 300)).save(tmp_path / "b" / "small.jpg", quality=60)
    context = AppContext(tmp_catalogue)
    window = QWidget()
    qtbot.addWidget(window)
    first = start_import(window, context, [tmp_path / "a"], film)
    with qtbot.waitSignal(first.done, timeout=60_000):
        pass
    first.report_dialog.close()
    second = start_import(window, context, [tmp_path / "b"], film)
    with qtbot.waitSignal(second.done, timeout=60_000):
        pass
    dialog: ReportDialog = second.report_dialog
    assert dialog.keep_button is not None and "Near-duplicates" in dialog.text.toPlainText()
    assert len(tmp_catalogue.images.gallery(film)) == 2
    dialog.keep_button.click()
    with qtbot.waitSignal(dialog.keep_task.done, timeout=60_000):
        pass
    assert sorted(i.original_name for i in tmp_catalogue.images.gallery(film)) == ["one.jpg", "other.jpg", "small.jpg"]
    assert dialog.keep_task.report_dialog.keep_button is None
    dialog.keep_task.report_dialog.close()
    dialog.close()
    context.close()


def test_cancel_stops_the_import_and_keeps_what_was_done(qtbot, tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    for n in range(40):
        photo(tmp_path / "in" / f"p{n:02}.jpg", 300 + n, size=(1600, 1200))
    context = AppContext(tmp_catalogue)
    window = QWidget()
    qtbot.addWidget(window)
    task = start_import(window, context, [tmp_path / "in"], None)
    cancel = task.progress_dialog.findChild(QPushButton)
    task.progress.connect(lambda done, total, item: done >= 3 and cancel.click())
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    report = task.report_dialog.report
    assert report.cancelled and 3 <= len(report.inbox) < 40
    assert len(tmp_catalogue.images.gallery(None)) == len(report.inbox)
    task.report_dialog.close()
    context.close()
