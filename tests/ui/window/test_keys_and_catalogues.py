"""Keys that work, the search box's keys, any catalogue from the window, and Help (issue 11, items
6, 7, 12, 13): the real window, driven by keys, menus and drops as a collector drives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from catalog import open_catalogue
from catalog.ops.demo import add_demo_catalogue
from catalog.render.help import EXAMPLES
from ui.app import Session
from ui.window.help import version
from ui.window.main_window import recent_catalogues

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def window_keys(window, enabled_only: bool = True) -> dict[str, list[str]]:
    """Every key sequence of an enabled window-wide action or shortcut -> what it does."""
    found: dict[str, list[str]] = {}
    for action in set(window.findChildren(QAction)):
        if (action.isEnabled() or not enabled_only) and action.shortcutContext() in WINDOW_WIDE:
            for key in action.shortcuts():
                found.setdefault(key.toString(), []).append(action.text())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and shortcut.context() in WINDOW_WIDE:
            found.setdefault(shortcut.key().toString(), []).append(f"shortcut {shortcut.key().toString()}")
    return found


def test_no_two_enabled_actions_share_a_key(window, demo_catalogue) -> None:
    window.reveal_film(demo_catalogue.films.find("Whiplash"))
    for state in ("reading", "editing"):
        if state == "editing":
            window.detail.start_editing()
        shared = {key: what for key, what in window_keys(window).items() if len(what) > 1}
        assert not shared, f"{state}: {shared}"
    keys = window_keys(window, enabled_only=False)
    for key in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+F", "Ctrl+P", "Ctrl+N", "Ctrl+Q", "Del", "Ctrl+O", "F1"):
        assert key in keys, key


def test_undo_and_redo_by_their_keys(window, demo_catalogue, qtbot, qtlog) -> None:
    film = demo_catalogue.films.find("Whiplash")
    window.reveal_film(film)
    window.context.do(lambda: demo_catalogue.films.update(film, {"title": "Whiplash!"}))
    window.list_pane.view.setFocus()
    for redo in ((Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
                 (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)):
        QTest.keyClick(window.list_pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert demo_catalogue.films.document(film)["title"] == "Whiplash"
        QTest.keyClick(window.list_pane.view, *redo)
        assert demo_catalogue.films.document(film)["title"] == "Whiplash!"
    assert not [m for m in qtlog.records if "Ambiguous" in m.message]


def test_down_and_enter_go_from_the_search_box_to_the_results(window, demo_catalogue, qtbot) -> None:
    pane = window.list_pane
    whiplash = demo_catalogue.films.find("Whiplash")
    window.find_action.trigger()
    QTest.keyClicks(pane.search_box, "whip")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert pane.current_id() == whiplash and window.detail.film_id == whiplash  # one match: it is shown
    QTest.keyClick(pane.search_box, Qt.Key.Key_Down)
    assert pane.view.hasFocus() and pane.current_id() == whiplash
    window.find_action.trigger()
    QTest.keyClicks(pane.search_box, "director:chazelle")  # replaces the selected text
    QTest.keyClick(pane.search_box, Qt.Key.Key_Return)  # searches at once, then goes to the list
    assert pane.model.rowCount() == 2 and pane.view.hasFocus() and pane.current_id() is not None


@pytest.fixture
def session(app, qtbot, tmp_path):
    first = open_catalogue(tmp_path / "films.db")
    add_demo_catalogue(first)
    made = Session(first, opener=open_catalogue)
    made.window.show()
    qtbot.waitExposed(made.window)
    yield made
    made.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # no closed window stays active


def drop_file(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_new_open_recent_and_dropped_catalogues_open_in_the_window(session, qtbot, tmp_path) -> None:
    window = session.window
    assert window.windowTitle() == "Marquee — films.db"
    assert window.windowHandle().title() == "Marquee — films.db"  # what the title bar shows: said once
    geometry = window.geometry()
    window.new_catalogue(tmp_path / "shelf")
    window = session.window
    assert window.windowTitle() == "Marquee — shelf.db" and (tmp_path / "shelf.db").is_file()
    assert window.isVisible() and window.geometry() == geometry
    assert window.list_pane.stack.currentWidget() is window.list_pane.empty_state  # a new, empty catalogue
    window.recent_menu.aboutToShow.emit()
    [recent] = [a for a in window.recent_menu.actions() if a.text().startswith("films.db")]
    recent.trigger()
    window = session.window
    assert window.windowTitle() == "Marquee — films.db" and window.list_pane.model.rowCount() == 2
    qtbot.waitUntil(lambda: recent_catalogues()[:2] == [tmp_path / "films.db", tmp_path / "shelf.db"])
    drop_file(window, tmp_path / "shelf.db")  # a catalogue dropped on the window opens there
    assert session.window.windowTitle() == "Marquee — shelf.db"
    not_a_catalogue = tmp_path / "notes.db"
    not_a_catalogue.write_text("shopping list")
    session.window.open_catalogue_file(not_a_catalogue)
    box = session.window.findChild(QMessageBox, "errorDialog")
    assert box is not None and "not a Marquee catalogue" in box.text()
    assert session.window.windowTitle() == "Marquee — shelf.db"  # still the catalogue it had
    box.close()


def test_help_pages(window, demo_catalogue, qtbot) -> None:
    pane = window.list_pane
    window.find_action.trigger()
    QTest.keyClicks(pane.search_box, "year:abc")
    qtbot.waitUntil(pane.search_hint.isVisible)
    assert "Search syntax" in pane.search_hint.text()
    pane.search_hint.linkActivated.emit("help:search")  # the hint's link
    page = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "searchSyntaxDialog")
    text = page.text.toPlainText()
    assert all(example in text for example, _ in EXAMPLES.values())
    window.shortcuts_action.trigger()
    shortcuts = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "shortcutsDialog")
    assert "Redo" in shortcuts.text.toPlainText() and "Ctrl+Shift+Z" in shortcuts.text.toPlainText()
    window.about_action.trigger()
    about = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "aboutDialog")
    text = about.text.toPlainText()
    assert version() in text and str(demo_catalogue.path) in text and "2 films" in text and "KB" in text
    for dialog in (page, shortcuts, about):
        dialog.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
