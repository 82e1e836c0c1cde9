"""The main window driven offscreen: films added, searched, sorted, deleted and undone; state kept
across windows; the empty state; validation shown in the dialog; images dropped on a film."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QWidget,
)

from catalog import Catalogue, open_catalogue
from ui.films.film_table_model import DIRECTOR, TITLE, YEAR
from ui.films.list_pane import IMAGE_IDS_MIME
from ui.window.dialogs import NewFilmDialog
from ui.window.main_window import MainWindow


def add_film(cat: Catalogue, title: str, year: int, director: str, *actors: str) -> int:
    with cat.transaction("test"):
        film_id = cat.films.create({"title": title, "year": year, "runtime_min": 100}).id
        cat.records.add_credit(film_id, director, "director")
        for actor in actors:
            cat.records.add_credit(film_id, actor, "actor")
    return film_id


@pytest.fixture
def three(tmp_catalogue: Catalogue) -> Catalogue:
    add_film(tmp_catalogue, "Vertigo", 1958, "Alfred Hitchcock", "James Stewart", "Kim Novak")
    add_film(tmp_catalogue, "The Third Man", 1949, "Carol Reed", "Joseph Cotten", "Orson Welles")
    add_film(tmp_catalogue, "Amélie", 2001, "Jean-Pierre Jeunet", "Audrey Tautou")
    return tmp_catalogue


def titles(window: MainWindow) -> list[str]:
    model = window.list_pane.model
    return [model.index(row, TITLE).data() for row in range(model.rowCount())]


def column(window: MainWindow, col: int) -> list[str]:
    model = window.list_pane.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def search(qtbot, window: MainWindow, text: str) -> None:
    box = window.list_pane.search_box
    with qtbot.waitSignal(window.list_pane.model.modelReset, timeout=2000):
        box.clear()
        QTest.keyClicks(box, text)


def test_title_and_panes(three: Catalogue, window: MainWindow) -> None:
    assert window.windowTitle() == "Marquee — films.db"
    for name in ("filmList", "detailPane", "galleryBox", "galleryPane", "searchBox"):
        assert window.findChild(QWidget, name) is not None, name
    assert isinstance(window.findChild(QTableView, "filmList"), QTableView)
    assert isinstance(window.findChild(QLineEdit, "searchBox"), QLineEdit)
    assert window.findChild(QListView, "galleryPane").viewMode() == QListView.ViewMode.IconMode
    assert window.centralWidget() is window.splitter and window.splitter.count() == 3
    assert titles(window) == ["Amélie", "The Third Man", "Vertigo"]
    assert window.count_label.text() == "3 films"


def test_new_film_by_typing(qtbot, window: MainWindow, tmp_catalogue: Catalogue) -> None:
    window.new_action.trigger()
    dialog = window.findChild(NewFilmDialog)
    assert dialog is not None and dialog.isVisible()
    QTest.keyClicks(dialog.title_edit, "The Third Man")
    QTest.keyClicks(dialog.year_edit, "1949")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list_pane.current_id() is not None)
    film_id = window.list_pane.current_id()
    assert tmp_catalogue.films.document(film_id)["year"] == 1949
    assert titles(window) == ["The Third Man"]
    assert window.list_pane.stack.currentIndex() == 0
    assert window.count_label.text() == "1 film"
    assert window.context.undo_stack.undoText().startswith("Add film")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == [])
    assert tmp_catalogue.films.count() == 0
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.list_pane.current_id() == film_id)  # the same id, selected again
    assert tmp_catalogue.films.document(film_id)["title"] == "The Third Man"


def test_a_big_change_is_undone_and_redone_on_a_worker_and_the_menu_says_what(
        qtbot, window: MainWindow, tmp_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.undo

    monkeypatch.setattr(ui.undo, "HEAVY_FILMS", 2)  # the demo's two films count as thousands
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.add_demo()
    qtbot.waitUntil(lambda: titles(window) == ["La La Land", "Whiplash"])
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.text().startswith("&Undo Add") and window.redo_action.text() == "&Redo"
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.undo_action.trigger()
        assert tmp_catalogue.films.count() == 2  # not yet: it runs on a worker, the window goes on
        window.undo_action.trigger()  # pressed again meanwhile: the same undo, not a second one
    qtbot.waitUntil(lambda: titles(window) == [])
    assert tmp_catalogue.films.count() == 0 and window.context.undo_stack.index() == 0
    assert window.statusBar().currentMessage().startswith("Undone: Add")
    assert window.redo_action.isEnabled() and window.redo_action.text().startswith("&Redo Add")
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.redo_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == ["La La Land", "Whiplash"])
    assert window.context.undo_stack.index() == 1 and not window.redo_action.isEnabled()
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.undo_action.trigger()  # the redo's own record undoes too
    qtbot.waitUntil(lambda: titles(window) == [])


def test_a_big_undo_cancelled_midway_leaves_the_films_and_the_undo_as_they_were(
        qtbot, window: MainWindow, tmp_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.undo
    from catalog.ops import change as change_module

    monkeypatch.setattr(ui.undo, "HEAVY_FILMS", 2)  # the demo's two films count as thousands
    monkeypatch.setattr(change_module, "PIECE", 1)  # and are undone in pieces
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.add_demo()
    qtbot.waitUntil(lambda: titles(window) == ["La La Land", "Whiplash"])
    undo_text = window.undo_action.text()
    # The worker waits after its first piece until Cancel is pressed (a real undo goes on meanwhile).
    pressed = threading.Event()
    revert = tmp_catalogue.revert

    def held(change: Any, abort: Any = None, progress: Any = None) -> Any:
        def report(done: int, total: int, what: str) -> None:
            progress(done, total, what)
            pressed.wait(20)

        return revert(change, abort, report if progress else None)

    monkeypatch.setattr(tmp_catalogue, "revert", held)
    window.undo_action.trigger()
    task = window.context._heavy
    assert task is not None
    dialog = next(d for d in window.findChildren(QProgressDialog, "progressDialog")
                  if d.labelText().startswith("Undoing"))  # (the demo's may linger until deleted)
    with qtbot.waitSignal(task.progress, timeout=20_000) as first:
        pass
    done, total, _ = first.args
    qtbot.waitUntil(lambda: dialog.maximum() == total > done == dialog.value() > 0)  # a bar that fills
    with qtbot.waitSignal(task.done, timeout=20_000):
        dialog.findChild(QPushButton, "progressCancel").click()
        assert dialog.isVisible() and dialog.labelText().startswith("Cancelling")  # until the rollback's done
        assert window.context.undo(window) is task  # pressed again meanwhile: the same (cancelled) undo
        pressed.set()
    assert window.statusBar().currentMessage() == "Undo cancelled: the catalogue is as it was"
    assert titles(window) == ["La La Land", "Whiplash"] and tmp_catalogue.films.count() == 2
    assert window.context.undo_stack.index() == 1 and not window.redo_action.isEnabled()
    assert window.undo_action.isEnabled() and window.undo_action.text() == undo_text
    qtbot.waitUntil(lambda: not window.findChildren(QProgressDialog))  # the window is free again
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.undo_action.trigger()  # again: it runs to the end this time
    qtbot.waitUntil(lambda: titles(window) == [])
    assert tmp_catalogue.films.count() == 0 and window.context.undo_stack.index() == 0
    assert window.statusBar().currentMessage().startswith("Undone: Add")


def test_validation_error_shows_next_to_the_field(qtbot, window: MainWindow, tmp_catalogue: Catalogue) -> None:
    dialog = window.new_film()
    QTest.keyClicks(dialog.title_edit, "Sunrise")
    QTest.keyClicks(dialog.year_edit, "1492")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["year"].isVisibleTo(dialog) and "year" in dialog.errors["year"].text().lower()
    assert not dialog.errors["title"].isVisibleTo(dialog)
    dialog.title_edit.clear()
    dialog.year_edit.clear()
    dialog.submit()
    assert dialog.errors["title"].isVisibleTo(dialog) and not dialog.errors["year"].isVisibleTo(dialog)
    assert tmp_catalogue.films.count() == 0 and window.context.undo_stack.count() == 0


def test_search_by_title_and_by_person(qtbot, three: Catalogue, window: MainWindow) -> None:
    search(qtbot, window, "third")
    assert titles(window) == ["The Third Man"]
    assert window.count_label.text() == "3 films · 1 shown"
    search(qtbot, window, "stewart")
    assert titles(window) == ["Vertigo"]
    search(qtbot, window, "zzzz")
    assert titles(window) == [] and window.list_pane.view.placeholder == "No films match “zzzz”"
    assert window.list_pane.stack.currentIndex() == 0  # filtered to nothing is not the empty state


def test_search_keeps_the_current_film(qtbot, three: Catalogue, window: MainWindow) -> None:
    vertigo = three.films.find("Vertigo")
    window.list_pane.select_films([vertigo])
    search(qtbot, window, "ver")
    assert window.list_pane.current_id() == vertigo
    search(qtbot, window, "zzzz")
    assert window.list_pane.current_id() is None
    search(qtbot, window, "")
    assert window.list_pane.current_id() == vertigo and len(titles(window)) == 3


def press_header(window: MainWindow, section: int) -> None:
    """Click a column's header (the list follows at once, or when its order is read)."""
    header = window.list_pane.view.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPointF(x, 5).toPoint())


def click_header(qtbot, window: MainWindow, section: int) -> None:
    with qtbot.waitSignal(window.list_pane.model.modelReset, timeout=2000):
        press_header(window, section)


def test_sort_by_header_click(qtbot, three: Catalogue, window: MainWindow) -> None:
    header = window.list_pane.view.horizontalHeader()
    click_header(qtbot, window, YEAR)
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    years = ["1949", "1958", "2001"]
    assert column(window, YEAR) == (years if ascending else years[::-1])
    click_header(qtbot, window, YEAR)
    assert column(window, YEAR) == (years[::-1] if ascending else years)
    click_header(qtbot, window, DIRECTOR)
    directors = column(window, DIRECTOR)
    expected = ["Alfred Hitchcock", "Carol Reed", "Jean-Pierre Jeunet"]
    assert directors in (expected, expected[::-1])
    assert directors == (expected if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else expected[::-1])


def test_delete_confirm_undo_redo(qtbot, three: Catalogue, window: MainWindow) -> None:
    pane = window.list_pane
    ids = [three.films.find("Vertigo"), three.films.find("Amélie")]
    before = {fid: three.films.document(fid) for fid in ids}
    pane.select_films(ids)
    assert sorted(pane.selected_ids()) == sorted(ids)
    window.delete_action.trigger()
    box = window.findChild(QMessageBox, "confirmDialog")
    assert box.text() == "Delete 2 films?" and "Unsorted" in box.informativeText()
    qtbot.mouseClick(box.findChild(object, "confirmYes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles(window) == ["The Third Man"])
    assert three.films.count() == 1 and window.count_label.text() == "1 film"

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(titles(window)) == 3)
    assert {fid: three.films.document(fid) for fid in ids} == before
    qtbot.waitUntil(lambda: sorted(pane.selected_ids()) == sorted(ids))
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == ["The Third Man"])


def test_cancelled_delete_deletes_nothing(qtbot, three: Catalogue, window: MainWindow) -> None:
    window.list_pane.select_films([three.films.find("Vertigo")])
    window.delete_action.trigger()
    box = window.findChild(QMessageBox, "confirmDialog")
    assert box.text() == "Delete “Vertigo”?"
    box.reject()
    QApplication.processEvents()
    assert three.films.count() == 3 and window.context.undo_stack.count() == 0


def test_deleting_many_films_runs_on_a_worker_and_its_cancel_deletes_nothing(
        qtbot, three: Catalogue, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.undo
    from catalog.ops import change as change_module

    monkeypatch.setattr(ui.undo, "HEAVY_FILMS", 2)  # two films count as thousands
    monkeypatch.setattr(change_module, "PIECE", 1)  # and are read for the undo in pieces
    ids = [three.films.find("Vertigo"), three.films.find("Amélie")]
    going_on = threading.Event()  # the worker waits after each piece until the test lets it go on
    delete = three.films.delete

    def held(film_ids: Any, abort: Any = None, progress: Any = None) -> Any:
        def report(done: int, total: int, what: str) -> None:
            progress(done, total, what)
            going_on.wait(20)

        return delete(film_ids, abort=abort, progress=report if progress else None)

    monkeypatch.setattr(three.films, "delete", held)

    def confirmed_delete() -> Any:
        window.list_pane.select_films(ids)
        window.delete_action.trigger()
        box = next(b for b in window.findChildren(QMessageBox, "confirmDialog") if b.isVisible())
        assert box.text() == "Delete 2 films?"
        qtbot.mouseClick(box.findChild(object, "confirmYes"), Qt.MouseButton.LeftButton)
        task = window.context._heavy
        assert task is not None and len(titles(window)) == 3  # not yet: it waits for its worker
        return task

    task = confirmed_delete()
    dialog = next(d for d in window.findChildren(QProgressDialog, "progressDialog")
                  if d.labelText() == "Deleting 2 films…")
    with qtbot.waitSignal(task.progress, timeout=20_000):
        pass
    with qtbot.waitSignal(task.done, timeout=20_000):
        dialog.findChild(QPushButton, "progressCancel").click()
        going_on.set()
    assert window.statusBar().currentMessage() == "Delete cancelled: no film was deleted"
    assert three.films.count() == 3 and len(titles(window)) == 3 and window.context.undo_stack.count() == 0
    task = confirmed_delete()  # again, run through this time
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: titles(window) == ["The Third Man"])
    assert three.films.count() == 1 and window.undo_action.text().startswith("&Undo Delete 2 films")
    with qtbot.waitSignal(window.context.tasks.idle, timeout=20_000):
        window.undo_action.trigger()  # as heavy: on a worker too
    qtbot.waitUntil(lambda: len(titles(window)) == 3)
    assert window.statusBar().currentMessage() == "Undone: Delete 2 films"


def test_find_focuses_the_search_box(qtbot, three: Catalogue, window: MainWindow) -> None:
    QTest.keyClicks(window.list_pane.search_box, "abc")
    window.activateWindow()
    window.find_action.trigger()
    assert window.list_pane.search_box.selectedText() == "abc"


def test_layout_is_remembered(qtbot, three: Catalogue, make_window) -> None:
    first = make_window()
    width = max(first.minimumSizeHint().width(), 740)
    if width > QApplication.primaryScreen().availableGeometry().width() - 10:
        pytest.skip("the panes' minimum width does not fit this screen")
    first.resize(width, 520)
    first.splitter.setSizes([300, 250, 150])
    header = first.list_pane.view.horizontalHeader()
    header.resizeSection(DIRECTOR, 211)
    sizes, size = first.splitter.sizes(), first.size()
    assert (size.width(), size.height()) == (width, 520)
    first.close()
    second = make_window()
    assert second.size() == size
    assert second.splitter.sizes() == sizes
    assert second.list_pane.view.horizontalHeader().sectionSize(DIRECTOR) == 211


def test_bad_saved_geometry_falls_back_to_the_default(qtbot, isolated_settings, make_window) -> None:
    from PySide6.QtCore import QByteArray, QSettings

    QSettings().setValue("mainWindow/geometry", QByteArray(b"not a geometry"))
    window = make_window()
    screen = QApplication.primaryScreen().availableGeometry()
    assert window.width() >= min(1200, screen.width() - 40)
    assert screen.contains(window.frameGeometry().center())


def test_empty_catalogue_shows_the_empty_state_and_loads_the_demo(qtbot, window: MainWindow) -> None:
    pane = window.list_pane
    assert pane.stack.currentWidget() is pane.empty_state
    assert window.count_label.text() == "0 films"
    pytest.importorskip("catalog.ops.demo")
    qtbot.mouseClick(pane.empty_state.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10000)
    assert pane.stack.currentIndex() == 0
    assert window.count_label.text().endswith("films")


def test_drop_image_ids_on_a_film(qtbot, three: Catalogue, tmp_path: Path, window: MainWindow) -> None:
    png = tmp_path / "still.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(png)
    image_id = three.images.add_file(png, None).id
    QApplication.processEvents()
    view = window.list_pane.view
    third_man = three.films.find("The Third Man")
    row = window.list_pane.model.row_of(third_man)
    pos = QPointF(view.visualRect(window.list_pane.model.index(row, TITLE)).center())
    mime = QMimeData()
    mime.setData(IMAGE_IDS_MIME, json.dumps([image_id]).encode())
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(pos.toPoint(), *args), QDragMoveEvent(pos.toPoint(), *args),
                  QDropEvent(pos, *args)):
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    assert three.images.get(image_id).film_id == third_man
    window.undo_action.trigger()
    assert three.images.get(image_id).film_id is None


def test_catalogue_error_from_an_action_is_a_plain_message(qtbot, three: Catalogue, window: MainWindow,
                                                           tmp_path: Path) -> None:
    pytest.importorskip("catalog.formats.json_catalogue")
    task = window.import_json(tmp_path / "missing.json")
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None)
    box = window.findChild(QMessageBox, "errorDialog")
    assert "no such file" in box.text() and "Traceback" not in box.text()


def test_json_export_then_import_into_another_catalogue(qtbot, three: Catalogue, make_window,
                                                        tmp_path: Path) -> None:
    pytest.importorskip("catalog.formats.json_catalogue")
    window = make_window()
    out = tmp_path / "out.json"
    with qtbot.waitSignal(window.export_json(out).done, timeout=10000):
        pass
    assert out.exists()
    other = open_catalogue(tmp_path / "other.db")
    try:
        second = make_window(other)
        with qtbot.waitSignal(second.import_json(out).done, timeout=10000):
            pass
        qtbot.waitUntil(lambda: len(titles(second)) == 3)
        second.close()
    finally:
        other.close()


def test_uncaught_exception_becomes_a_plain_message(qtbot, window: MainWindow,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # not a window an earlier test closed
    try:
        raise ValueError("boom")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorDialog"]
    assert boxes and "Something went wrong: boom" in boxes[-1].text()
    for box in boxes:
        box.close()


def test_screenshot_option_saves_a_picture_of_the_window_and_exits(tmp_path: Path, three: Catalogue) -> None:
    import os
    import subprocess
    import sys

    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, str(root / "main.py"), "--db", str(three.path), "--screenshot", str(shot)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with Image.open(shot) as picture:
        assert picture.width > 600 and picture.height > 400


def test_a_search_the_syntax_refuses_shows_a_hint_not_an_error(window, demo_catalogue, qtbot) -> None:
    pane = window.list_pane
    qtbot.keyClicks(pane.search_box, "year:abc")
    qtbot.waitUntil(lambda: pane.search_hint.isVisible())
    assert "year:" in pane.search_hint.text() and "2010..2019" in pane.search_hint.text()
    pane.search_box.clear()
    qtbot.keyClicks(pane.search_box, "year:2014")
    qtbot.waitUntil(lambda: not pane.search_hint.isVisible())
    assert pane.model.rowCount() == 1


def test_film_titles_in_messages_are_text_not_markup(window, tmp_catalogue, qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QMessageBox

    film = tmp_catalogue.films.create({"title": "<b>Bold</b> & <i>Co</i>"}).id
    window.reveal_film(film)
    qtbot.waitUntil(lambda: window.list_pane.selected_ids() == [film])
    window.delete_selected()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label.textFormat() == Qt.TextFormat.PlainText and "<b>Bold</b>" in label.text()
    box.reject()


def test_relaunch_restores_the_film_sort_and_search(qtbot, demo_catalogue: Catalogue, make_window) -> None:
    from ui.films.film_table_model import YEAR

    first = make_window()
    pane = first.list_pane
    pane.search_box.setText("chazelle")
    pane.run_search_now()
    pane.view.sortByColumn(YEAR, Qt.SortOrder.DescendingOrder)
    whiplash = demo_catalogue.films.find("Whiplash")
    pane.select_films([whiplash])
    shown = list(pane.model.ids)
    first.close()
    second = make_window()
    again = second.list_pane
    assert again.search_box.text() == "chazelle" and list(again.model.ids) == shown
    header = again.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (YEAR, Qt.SortOrder.DescendingOrder)
    assert again.current_id() == whiplash and second.detail.film_id == whiplash


def test_titles_sort_ignoring_a_leading_article(qtbot, tmp_catalogue: Catalogue, make_window) -> None:
    for title in ("The Birds", "Casablanca", "A Beautiful Mind", "Alien", "Les Misérables", "El Norte"):
        tmp_catalogue.films.create({"title": title})
    window = make_window()
    model = window.list_pane.model
    shown = [model.film_row(r).title for r in range(model.rowCount())]
    assert shown == ["Alien", "A Beautiful Mind", "The Birds", "Casablanca", "Les Misérables", "El Norte"]


def test_the_sort_arrow_never_covers_a_header_and_the_title_gets_the_room(qtbot, three: Catalogue,
                                                                        make_window) -> None:
    from PySide6.QtGui import QFontMetrics

    from ui.films.film_table_model import COLUMNS, TITLE

    window = make_window()
    window.resize(1280, 800)
    header = window.list_pane.view.horizontalHeader()
    bold = header.font()
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    arrow = header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize, None, header)
    for column, (name, _, _) in enumerate(COLUMNS):
        if column != TITLE:  # the text, its padding (6 + 18 px) and the arrow all fit
            assert header.sectionSize(column) >= metrics.horizontalAdvance(name) + 6 + max(18, arrow + 4)
    widths = [header.sectionSize(c) for c in range(len(COLUMNS))]
    assert widths[TITLE] == max(widths)


def test_the_demo_shows_whole_titles_and_directors_at_the_default_layout(qtbot, demo_catalogue: Catalogue,
                                                                         make_window) -> None:
    """A new user's first window: "Damien Chazelle" was cut to "Damien C…" though "La La Land" left
    the title column room to spare."""
    from ui.films.film_table_model import DIRECTOR, TITLE

    window = make_window(demo_catalogue)
    window.resize(1280, 800)
    QApplication.processEvents()
    view = window.list_pane.view
    header, metrics = view.horizontalHeader(), view.fontMetrics()
    for column in (TITLE, DIRECTOR):
        texts = [view.model().index(row, column).data() for row in range(view.model().rowCount())]
        assert texts and all(texts)
        room = header.sectionSize(column) - 18  # app.qss's padding and the style's text margins
        assert all(metrics.horizontalAdvance(text) <= room for text in texts), (column, texts, room)


def test_scrolled_to_longer_titles_the_director_column_gives_way_once_the_scrolling_stops(
        qtbot, tmp_catalogue: Catalogue, make_window) -> None:
    """A million films in title order begin with "A", "The A": the split gave the director column
    its whole width, and the long titles further down stayed cut to "Zonz…" beside its spare room."""
    from ui.films.film_table_model import DIRECTOR, TITLE

    with tmp_catalogue.transaction("fill"):
        for n in range(200):
            title = f"A {n:03d}" if n < 100 else f"Zonzonzonmi Woman White The Night {n:03d}"
            film = tmp_catalogue.films.create({"title": title, "year": 2000}).id or 0
            tmp_catalogue.records.add_credit(film, "Agnès Almodóvar", "director")
    window = make_window(tmp_catalogue)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.list_pane.view.viewport().width() > 300)
    pane, header = window.list_pane, window.list_pane.view.horizontalHeader()
    pane.fit_columns()
    director, title = header.sectionSize(DIRECTOR), header.sectionSize(TITLE)
    assert director > title  # short titles in view: the directors whole
    with qtbot.waitSignal(pane._refit.timeout, timeout=5000):
        pane.view.scrollTo(pane.model.index(199, TITLE))
    assert header.sectionSize(DIRECTOR) < director and header.sectionSize(TITLE) > title
    assert header.sectionSize(TITLE) >= header.sectionSize(DIRECTOR)  # the titles take at least half
    narrowed = header.sectionSize(DIRECTOR)
    with qtbot.waitSignal(pane._refit.timeout, timeout=5000):
        pane.view.scrollToTop()
    assert header.sectionSize(DIRECTOR) == narrowed  # no column jumps back while scrolling


def test_the_cycle_collector_is_back_once_the_window_is_up(app, tmp_path: Path, three: Catalogue) -> None:
    """main.py switches the collector off for the start (its objects live as long as the window);
    a window left without it would grow by every cycle it ever made."""
    import gc

    from ui.app import run_window

    shot = tmp_path / "shot.png"
    gc.disable()
    try:
        assert run_window(three, screenshot=shot) == 0
        assert gc.isenabled() and shot.stat().st_size > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_panes_keep_their_widths_as_unsorted_fills(qtbot, demo_catalogue: Catalogue, make_window,
                                                       tmp_path: Path) -> None:
    """At the default layout the gallery is as narrow as its header allows: "Unsorted (10)" where
    "(0)" had been made it wider, and the detail page beside it wrapped its lines anew. The header's
    texts stay whole."""
    from catalog.formats.folder.importer import import_folder

    window = make_window(demo_catalogue)
    window.resize(1280, 800)
    gallery = window.gallery
    qtbot.waitUntil(lambda: gallery.title.text() == "La La Land (2016)", timeout=3000)
    QApplication.processEvents()
    assert gallery.count.text() == "4 pictures" and gallery.inbox_button.text() == "Unsorted (0)"
    sizes = window.splitter.sizes()
    folder = tmp_path / "scans"
    folder.mkdir()
    for n in range(12):
        Image.new("RGB", (120, 90), (20 * n, 255 - 20 * n, (70 * n) % 256)).save(folder / f"scan {n}.png")
    report = import_folder(demo_catalogue, folder, workers=1, keep_similar=True)
    assert len(report.inbox) == 12
    qtbot.waitUntil(lambda: gallery.inbox_button.text() == "Unsorted (12)", timeout=3000)
    QApplication.processEvents()
    window.splitter.refresh()  # (as the next layout pass would: it makes room for each pane's least width)
    assert window.splitter.sizes() == sizes
    assert gallery.count.text() == "4 pictures"
    for label in (gallery.count, gallery.inbox_button):  # neither is cut
        assert label.width() >= label.sizeHint().width(), (label.text(), label.width())
