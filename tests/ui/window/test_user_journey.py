"""A collector's journeys through the real main window, offscreen: keyboard and mouse on the actual
widgets, dialogs opened by the window's own shortcuts, and after every step what the panes SHOW (the
list's rows, the reading page's text, the gallery's captions, the status bar, the title)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from catalog import Catalogue
from ui.films.film_table_model import DIRECTOR, RUNTIME, TITLE, VIDEOS, YEAR
from ui.films.list_pane import IMAGE_IDS_MIME
from ui.gallery.gallery_model import KindRole, PosterRole
from ui.window.dialogs import NewFilmDialog
from ui.window.main_window import MainWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton
FEATURETTE = "La La Land: Behind the Scenes"  # QTest.keyClicks types ASCII only
FEATURETTE_URL = "https://www.youtube.com/watch?v=lalaland-featurette"
SYNOPSIS = "A jazz pianist falls for an aspiring actress in Los Angeles."


# -- what the window shows ----------------------------------------------------------------------------

def shown_column(window: MainWindow, column: int) -> list[str]:
    model = window.list_pane.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def titles(window: MainWindow) -> list[str]:
    return shown_column(window, TITLE)


def page(window: MainWindow) -> str:
    return window.detail.view.toPlainText()


def captions(window: MainWindow) -> list[str]:
    model = window.gallery.model
    return [model.index(row).data() for row in range(model.rowCount())]


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# -- how the collector acts ---------------------------------------------------------------------------

def press(window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          widget: QWidget | None = None) -> None:
    """A key press where the keyboard focus is (the window's shortcuts see it from there)."""
    target = widget or QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifiers)


def click(widget: QWidget, pos: QPoint | None = None, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    QTest.mouseClick(widget, LEFT, modifiers, pos if pos is not None else widget.rect().center())


def click_row(window: MainWindow, film_id: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
              ) -> None:
    view, model = window.list_pane.view, window.list_pane.model
    row = model.row_of(film_id)
    assert row is not None
    click(view.viewport(), view.visualRect(model.index(row, TITLE)).center(), modifiers)


def click_header(qtbot, window: MainWindow, section: int) -> None:
    header = window.list_pane.view.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    with qtbot.waitSignal(window.list_pane.model.modelReset, timeout=3000):
        click(header.viewport(), QPoint(x, header.height() // 2))


def click_tab(editor_tabs, label: str) -> QWidget:
    bar = editor_tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).split(" (")[0] == label)
    click(bar, bar.tabRect(index).center())
    assert editor_tabs.currentIndex() == index
    return editor_tabs.currentWidget()


def focused_editor(qtbot, kind: type) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), kind), timeout=3000)
    return QApplication.focusWidget()


def add_film(cat: Catalogue, title: str, year: int, director: str, *cast: tuple[str, str]) -> int:
    with cat.transaction("test"):
        film_id = cat.films.create({"title": title, "year": year, "runtime_min": 100}).id
        cat.records.add_credit(film_id, director, "director")
        for actor, character in cast:
            cat.records.add_credit(film_id, actor, "actor", character)
    return film_id


@pytest.fixture
def shelf(tmp_catalogue: Catalogue) -> Catalogue:
    """Four films, three of them with Emma Stone or J.K. Simmons in the cast."""
    add_film(tmp_catalogue, "La La Land", 2016, "Damien Chazelle", ("Emma Stone", "Mia"),
             ("Ryan Gosling", "Sebastian"))
    add_film(tmp_catalogue, "Whiplash", 2014, "Damien Chazelle", ("J.K. Simmons", "Terence Fletcher"))
    add_film(tmp_catalogue, "Birdman", 2014, "Alejandro G. Iñárritu", ("Emma Stone", "Sam Thomson"))
    add_film(tmp_catalogue, "Vertigo", 1958, "Alfred Hitchcock", ("James Stewart", "Scottie"))
    return tmp_catalogue


def active(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


# -- 1. a film from nothing -----------------------------------------------------------------------------

def test_new_film_typed_in_from_an_empty_catalogue(qtbot, window: MainWindow, tmp_catalogue: Catalogue) -> None:
    pane = active(qtbot, window).list_pane
    assert window.windowTitle() == "Marquee — films.db"
    assert pane.stack.currentWidget() is pane.empty_state and pane.empty_state.isVisible()
    assert window.count_label.text() == "0 films"
    assert page(window) == "" and window.gallery.title.text() == "No film selected"

    press(window, Qt.Key.Key_N, CTRL)
    dialog = window.findChild(NewFilmDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.title_edit.hasFocus, timeout=3000)  # the dialog opens with the cursor in the title
    QTest.keyClicks(dialog.title_edit, "La La Land")
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_Tab)
    assert dialog.year_edit.hasFocus()
    QTest.keyClicks(dialog.year_edit, "2016")
    QTest.keyClick(dialog.year_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: titles(window) == ["La La Land"], timeout=3000)
    film = tmp_catalogue.films.find("La La Land")
    qtbot.waitUntil(lambda: pane.current_id() == film and window.detail.editing, timeout=3000)
    assert pane.stack.currentIndex() == 0 and pane.view.isVisible()
    assert shown_column(window, YEAR) == ["2016"]
    assert window.count_label.text() == "1 film"
    assert status(window) == "Add film “La La Land”"
    assert window.detail.heading.text() == "Editing <b>La La Land</b>"
    assert window.gallery.title.text() == "La La Land (2016)"
    editor = window.detail.editor
    assert window.focusWidget() is editor.inputs["title"]  # ready to correct the title
    active(qtbot, window)  # the offscreen platform has no window manager to hand activation back
    assert editor.inputs["title"].hasFocus()

    # Runtime, then the synopsis: each field is written when the collector moves on.
    runtime = editor.inputs["runtime_min"]
    click(runtime)
    QTest.keyClicks(runtime, "128")
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(runtime, Qt.Key.Key_Tab)
    synopsis = editor.inputs["synopsis"]
    assert isinstance(synopsis, QPlainTextEdit)
    click(synopsis)
    QTest.keyClicks(synopsis, SYNOPSIS)
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(synopsis, Qt.Key.Key_Tab)
    assert not editor.has_errors()
    qtbot.waitUntil(lambda: shown_column(window, RUNTIME) == ["2 h 8 min"], timeout=3000)  # the list follows

    # A cast member with a character, from the keyboard: Insert, the name, Tab, Tab, the character.
    credits = click_tab(editor.tabs, "Credits")
    table = credits.view
    click(table.viewport(), QPoint(5, 5))  # the empty table takes the focus
    assert table.hasFocus()
    press(window, Qt.Key.Key_Insert, widget=table)
    name = focused_editor(qtbot, QLineEdit)
    QTest.keyClicks(name, "Emma Stone")
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(name, Qt.Key.Key_Tab)
    role = focused_editor(qtbot, QComboBox)
    assert role.currentData() == "actor"
    QTest.keyClick(role, Qt.Key.Key_Tab)
    character = focused_editor(qtbot, QLineEdit)
    assert character is not name
    QTest.keyClicks(character, "Mia")
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(character, Qt.Key.Key_Return)
    model = credits.model
    assert [[model.index(0, c).data() for c in range(3)]] == [["Emma Stone", "Actor", "Mia"]]
    assert editor.tabs.tabText(0) == "Credits (1)"

    # A featurette in the videos tab: Insert opens the title; Tab to the link; the kind from its combo.
    videos = click_tab(editor.tabs, "Videos")
    click(videos.view.viewport(), QPoint(5, 60))  # below the featurette-free table's rows
    assert videos.view.hasFocus()
    press(window, Qt.Key.Key_Insert, widget=videos.view)
    title = focused_editor(qtbot, QLineEdit)
    QTest.keyClicks(title, FEATURETTE)
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(title, Qt.Key.Key_Tab)
    link = focused_editor(qtbot, QLineEdit)
    assert link is not title
    QTest.keyClicks(link, FEATURETTE_URL)
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(link, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: videos.view.state() != QAbstractItemView.State.EditingState)
    kind = videos.model.index(0, 0)
    videos.view.setCurrentIndex(kind)
    QTest.keyClick(videos.view, Qt.Key.Key_F2)
    combo = focused_editor(qtbot, QComboBox)
    combo.setCurrentIndex(combo.findData("trailer"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: videos.model.index(0, 0).data() == "Trailer")
    videos.view.setCurrentIndex(kind)
    QTest.keyClick(videos.view, Qt.Key.Key_F2)
    combo = focused_editor(qtbot, QComboBox)
    QTest.keyClick(combo, Qt.Key.Key_Up)  # featurette is just above trailer
    qtbot.waitUntil(lambda: videos.model.index(0, 0).data() == "Featurette")
    assert [videos.model.index(0, c).data() for c in range(3)] == ["Featurette", FEATURETTE, FEATURETTE_URL]
    assert editor.tabs.tabText(2) == "Videos (1)"
    qtbot.waitUntil(lambda: shown_column(window, VIDEOS) == ["1"], timeout=3000)

    click(window.detail.done_button)
    assert not window.detail.editing and window.detail.view.isVisible()
    text = page(window)
    assert "La La Land" in text and "2016 · 128 min" in text
    assert SYNOPSIS in text
    assert "Emma Stone\nMia" in text
    assert FEATURETTE in text and "Featurette" in text
    assert FEATURETTE_URL in window.detail.view.toHtml()
    doc = tmp_catalogue.films.document(film)
    assert (doc["runtime_min"], doc["synopsis"]) == (128, SYNOPSIS)
    assert [(c["person"], c["role"], c["character"]) for c in doc["credits"]] == [("Emma Stone", "actor", "Mia")]
    assert [(v["kind"], v["title"], v["url"]) for v in doc["videos"]] == [("featurette", FEATURETTE, FEATURETTE_URL)]


# -- 2. finding and ordering ----------------------------------------------------------------------------

def type_search(qtbot, window: MainWindow, text: str) -> None:
    """Ctrl+F, then type over what the box held; waits for the list to follow (debounced)."""
    press(window, Qt.Key.Key_F, CTRL)
    box = window.list_pane.search_box
    assert box.hasFocus() and box.selectedText() == box.text()
    with qtbot.waitSignal(window.list_pane.model.modelReset, timeout=3000):
        if text:
            QTest.keyClicks(box, text)
        else:
            QTest.keyClick(box, Qt.Key.Key_Backspace)


def test_search_then_sort_by_clicking_the_year_header(qtbot, shelf: Catalogue, window: MainWindow) -> None:
    pane = active(qtbot, window).list_pane
    everything = ["Birdman", "La La Land", "Vertigo", "Whiplash"]
    assert titles(window) == everything and window.count_label.text() == "4 films"
    assert pane.current_id() == shelf.films.find("Birdman") and page(window).startswith("Birdman")

    type_search(qtbot, window, "emma stone")
    assert titles(window) == ["Birdman", "La La Land"]
    assert window.count_label.text() == "4 films · 2 shown"
    assert not pane.search_hint.isVisible()

    type_search(qtbot, window, "cast:simmons")
    assert titles(window) == ["Whiplash"] and window.count_label.text() == "4 films · 1 shown"
    # Birdman is hidden; the one film that matches is the one shown.
    assert pane.current_id() == shelf.films.find("Whiplash")
    qtbot.waitUntil(lambda: page(window).startswith("Whiplash"), timeout=3000)
    assert "J.K. Simmons\nTerence Fletcher" in page(window)
    assert window.gallery.title.text() == "Whiplash (2014)"

    # A query the syntax refuses: a hint under the box, and the list stays as it was.
    press(window, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(pane.search_box, "year:abc")
    qtbot.waitUntil(pane.search_hint.isVisible, timeout=3000)
    assert "year:" in pane.search_hint.text()
    assert titles(window) == ["Whiplash"]
    assert not window.findChildren(QMessageBox)

    type_search(qtbot, window, "")
    assert pane.search_box.text() == ""
    assert titles(window) == everything and window.count_label.text() == "4 films"
    qtbot.waitUntil(lambda: not pane.search_hint.isVisible(), timeout=3000)
    assert pane.current_id() == shelf.films.find("Whiplash")  # the film looked at stays current

    header = pane.view.horizontalHeader()
    click_header(qtbot, window, YEAR)
    assert header.sortIndicatorSection() == YEAR
    first = shown_column(window, YEAR)
    assert first in (["1958", "2014", "2014", "2016"], ["2016", "2014", "2014", "1958"])
    click_header(qtbot, window, YEAR)
    assert shown_column(window, YEAR) == first[::-1]
    assert header.sortIndicatorSection() == YEAR
    assert shown_column(window, DIRECTOR)[0] in ("Alfred Hitchcock", "Damien Chazelle")
    assert pane.current_id() == shelf.films.find("Whiplash")
    row = pane.model.row_of(shelf.films.find("Whiplash"))
    assert pane.view.selectionModel().isRowSelected(row)


# -- 3. deleting two films, and changing one's mind -----------------------------------------------------

def test_delete_two_films_undo_and_redo(qtbot, shelf: Catalogue, window: MainWindow) -> None:
    pane = active(qtbot, window).list_pane
    la_la_land, vertigo = shelf.films.find("La La Land"), shelf.films.find("Vertigo")
    click_row(window, la_la_land)
    qtbot.waitUntil(lambda: page(window).startswith("La La Land"), timeout=3000)
    click_row(window, vertigo, CTRL)
    assert sorted(pane.selected_ids()) == sorted([la_la_land, vertigo])
    assert window.delete_action.text() == "&Delete films"
    assert pane.view.hasFocus()

    press(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "confirmDialog") is not None, timeout=3000)
    box = window.findChild(QMessageBox, "confirmDialog")
    assert box.isVisible() and box.text() == "Delete 2 films?"
    assert "You can undo this." in box.informativeText()
    click(box.findChild(QWidget, "confirmYes"))

    qtbot.waitUntil(lambda: titles(window) == ["Birdman", "Whiplash"], timeout=3000)
    assert window.count_label.text() == "2 films"
    assert shelf.films.count() == 2
    shown = pane.current_id()
    if shown is None:
        assert window.detail.stack.currentIndex() == 0 and page(window) == ""
    else:
        assert page(window).startswith(shelf.films.document(shown)["title"])
    assert "La La Land" not in page(window) and "Vertigo" not in page(window)
    assert "Delete 2 films" in status(window)

    active(qtbot, window)
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: titles(window) == ["Birdman", "La La Land", "Vertigo", "Whiplash"], timeout=3000)
    assert window.count_label.text() == "4 films"
    qtbot.waitUntil(lambda: sorted(pane.selected_ids()) == sorted([la_la_land, vertigo]), timeout=3000)
    qtbot.waitUntil(lambda: page(window).startswith("La La Land"), timeout=3000)
    assert "Emma Stone\nMia" in page(window) and "Ryan Gosling\nSebastian" in page(window)
    assert [c["person"] for c in shelf.films.document(vertigo)["credits"]] == ["Alfred Hitchcock", "James Stewart"]

    press(window, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: titles(window) == ["Birdman", "Whiplash"], timeout=3000)
    assert window.count_label.text() == "2 films"
    assert "La La Land" not in page(window)


# -- 4. pictures: dropped on the gallery, made the poster, moved from Unsorted onto another film --------

def png(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (240, 360)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def drag_and_drop(target: QWidget, mime: QMimeData, pos: QPoint, action: Qt.DropAction) -> bool:
    """What a drag from elsewhere does at `pos` of `target`: enter, move, drop; whether it was taken."""
    buttons, modifiers = LEFT, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(target, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), action, mime, buttons, modifiers)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def drop_files(qtbot, window: MainWindow, *files: Path) -> list[int]:
    """Drop files from the desktop onto the gallery; the ids added."""
    view = window.gallery.view
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    with qtbot.waitSignal(window.gallery.files_added, timeout=15000) as added:
        assert drag_and_drop(view.viewport(), mime, QPoint(40, 40), Qt.DropAction.CopyAction)
    return added.args[0]


def poster_shown(window: MainWindow) -> bool:
    return 'src="poster:' in window.detail.view.toHtml()


def choose_from_context_menu(qtbot, window: MainWindow, row: int, action_name: str) -> None:
    """Right-click a picture and click an entry of the menu that pops up."""
    from PySide6.QtWidgets import QMenu

    view = window.gallery.view
    pos = view.visualRect(window.gallery.model.index(row)).center()
    click(view.viewport(), pos)
    # What the platform sends after a right click (QTest's clicks do not make it).
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                              view.viewport().mapToGlobal(pos)))
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.gallery.findChildren(QMenu)), timeout=3000)
    [menu] = [m for m in window.gallery.findChildren(QMenu) if m.isVisible()]
    action = window.gallery.named_actions[action_name]
    assert action in menu.actions() and action.isEnabled()
    click(menu, menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)


def test_pictures_dropped_made_poster_and_moved_from_unsorted(qtbot, shelf: Catalogue, window: MainWindow,
                                                            tmp_path: Path) -> None:
    gallery = active(qtbot, window).gallery
    la_la_land, whiplash = shelf.films.find("La La Land"), shelf.films.find("Whiplash")
    click_row(window, la_la_land)
    qtbot.waitUntil(lambda: gallery.title.text() == "La La Land (2016)", timeout=3000)
    assert captions(window) == [] and gallery.count.text() == "0 pictures"
    assert gallery.inbox_button.text() == "Unsorted (0)"

    [still] = drop_files(qtbot, window, png(tmp_path / "drops" / "mia poster.png", (200, 40, 40)))
    qtbot.waitUntil(lambda: captions(window) == ["mia poster.png"], timeout=3000)
    assert gallery.count.text() == "1 picture"
    assert status(window) == "Added 1 picture."
    assert not poster_shown(window)

    choose_from_context_menu(qtbot, window, 0, "poster")
    qtbot.waitUntil(lambda: gallery.model.index(0).data(PosterRole) is True, timeout=3000)
    qtbot.waitUntil(lambda: poster_shown(window), timeout=5000)  # the page shows it once it is scaled
    assert "La La Land" in page(window)
    assert shelf.films.document(la_la_land)["poster"] == shelf.images.get(still).sha256

    active(qtbot, window)
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: not poster_shown(window), timeout=3000)
    qtbot.waitUntil(lambda: not gallery.model.index(0).data(PosterRole), timeout=3000)
    assert shelf.films.document(la_la_land)["poster"] is None
    assert captions(window) == ["mia poster.png"]  # the picture stays; only the poster choice is undone

    # Delete with the picture selected in the grid sends it to Unsorted (not the film to the bin).
    view = gallery.view
    click(view.viewport(), view.visualRect(gallery.model.index(0)).center())
    assert view.hasFocus() and view.selected_ids() == [still]
    press(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: captions(window) == [], timeout=3000)
    assert window.findChild(QMessageBox, "confirmDialog") is None and "La La Land" in titles(window)
    qtbot.waitUntil(lambda: gallery.inbox_button.text() == "Unsorted (1)", timeout=3000)
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: captions(window) == ["mia poster.png"], timeout=3000)
    qtbot.waitUntil(lambda: gallery.inbox_button.text() == "Unsorted (0)", timeout=3000)

    # A picture put in Unsorted, then dragged onto Whiplash's row in the list.
    click(gallery.inbox_button)
    assert gallery.showing_inbox and gallery.title.text() == "Unsorted"
    [stray] = drop_files(qtbot, window, png(tmp_path / "drops" / "drum kit.png", (40, 40, 200), (360, 240)))
    qtbot.waitUntil(lambda: captions(window) == ["drum kit.png"], timeout=3000)
    qtbot.waitUntil(lambda: gallery.inbox_button.text() == "Unsorted (1)", timeout=3000)
    click(gallery.view.viewport(), gallery.view.visualRect(gallery.model.index(0)).center())
    assert gallery.view.selected_ids() == [stray]
    mime = gallery.model.mimeData(gallery.view.selectedIndexes())  # what dragging the selection carries
    assert json.loads(bytes(mime.data(IMAGE_IDS_MIME).data())) == [stray]
    list_view, model = window.list_pane.view, window.list_pane.model
    target = list_view.visualRect(model.index(model.row_of(whiplash), TITLE)).center()
    assert drag_and_drop(list_view.viewport(), mime, target, Qt.DropAction.MoveAction)
    qtbot.waitUntil(lambda: captions(window) == [], timeout=3000)
    qtbot.waitUntil(lambda: gallery.inbox_button.text() == "Unsorted (0)", timeout=3000)
    assert shelf.images.get(stray).film_id == whiplash
    assert status(window) == "Move 1 image to a film"

    click_row(window, whiplash)
    qtbot.waitUntil(lambda: gallery.title.text() == "Whiplash (2014)", timeout=3000)
    assert not gallery.showing_inbox and not gallery.inbox_button.isChecked()
    qtbot.waitUntil(lambda: captions(window) == ["drum kit.png"], timeout=3000)
    assert gallery.count.text() == "1 picture"


# -- 5. a library folder imported onto its film ------------------------------------------------------------

def test_import_a_library_folder_reports_the_broken_file(qtbot, shelf: Catalogue, window: MainWindow,
                                                         tmp_path: Path) -> None:
    from tests.catalog.formats.folder.test_importer import photo

    gallery = active(qtbot, window).gallery
    folder = tmp_path / "library" / "Whiplash (2014)"
    photo(folder / "poster.jpg", 11, (300, 450))
    photo(folder / "fanart.jpg", 12, (640, 360))
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a JPEG")
    whiplash = shelf.films.find("Whiplash")
    click_row(window, whiplash)
    qtbot.waitUntil(lambda: gallery.title.text() == "Whiplash (2014)", timeout=3000)
    assert captions(window) == []

    task = window.import_paths([tmp_path / "library"])
    assert task.progress_dialog.isVisible()
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    assert not task.progress_dialog.isVisible()
    qtbot.waitUntil(lambda: task.report_dialog is not None and task.report_dialog.isVisible(), timeout=3000)
    report = task.report_dialog.text.toPlainText()
    assert report.startswith("2 image(s) imported"), report
    assert "Imported to Whiplash (2014) (2):" in report
    skipped = next(line for line in report.splitlines() if "broken.jpg" in line)
    assert " — " in skipped and skipped.split(" — ", 1)[1].strip(), skipped  # the reason is given
    task.report_dialog.close()
    assert titles(window) == ["Birdman", "La La Land", "Vertigo", "Whiplash"]  # no film made twice

    qtbot.waitUntil(lambda: sorted(captions(window)) == ["fanart.jpg", "poster.jpg"], timeout=5000)
    assert gallery.count.text() == "2 pictures"
    kinds = {gallery.model.index(r).data(): gallery.model.index(r).data(KindRole) for r in range(2)}
    assert kinds == {"poster.jpg": "poster", "fanart.jpg": "backdrop"}
    assert {gallery.model.index(r).data(): gallery.model.index(r).data(PosterRole) for r in range(2)} == {
        "poster.jpg": True, "fanart.jpg": False}
    qtbot.waitUntil(lambda: poster_shown(window), timeout=5000)  # the reading page shows the new poster
    assert gallery.inbox_button.text() == "Unsorted (0)"


# -- 6. sheets of the selected films as a PDF --------------------------------------------------------------

def when_modal(window: MainWindow, kind: type, answer: Callable[[QWidget], None]) -> list[QWidget]:
    """Answer the next modal dialog of `kind` as soon as it is up (it runs its own event loop, so the
    answer comes from a timer); the list receives the dialog."""
    from PySide6.QtCore import QTimer

    seen: list[QWidget] = []
    timer = QTimer(window, interval=20)

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal.isVisible():
            timer.stop()
            timer.deleteLater()
            seen.append(modal)
            answer(modal)

    timer.timeout.connect(poll)
    timer.start()
    return seen


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages]


def test_export_pdf_of_the_selected_films(qtbot, shelf: Catalogue, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from ui.printing.print_options import PrintOptionsDialog

    active(qtbot, window)
    QSettings().setValue("print/folder", str(tmp_path))  # where the collector saved the last PDF
    click_row(window, shelf.films.find("Birdman"))
    click_row(window, shelf.films.find("Vertigo"), SHIFT)  # Birdman, La La Land, Vertigo
    assert len(window.list_pane.selected_ids()) == 3

    def options(dialog: QWidget) -> None:
        assert dialog.selected_button.text() == "The 3 selected films" and dialog.selected_button.isChecked()
        assert dialog.matching_button.text() == "All 4 films in the catalogue"
        assert dialog.template_box.currentData() == "sheet"
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "Export…"
        click(ok)

    def save_as(dialog: QWidget) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None and name.text() == "Marquee catalogue.pdf"
        name.selectAll()
        QTest.keyClicks(name, "three films")
        QTest.keyClick(name, Qt.Key.Key_Return)

    asked = when_modal(window, PrintOptionsDialog, options)
    saved = when_modal(window, QFileDialog, save_as)
    press(window, Qt.Key.Key_E, CTRL | SHIFT)
    assert asked and saved
    out = tmp_path / "three films.pdf"
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "pdfSavedBox") is not None, timeout=30000)
    box = window.findChild(QMessageBox, "pdfSavedBox")
    assert box.text().startswith("Saved 3 films on ") and box.informativeText() == f"three films.pdf\nin {tmp_path}"
    assert status(window).startswith("Saved 3 films on ") and status(window).endswith(str(out))
    pages = pdf_pages(out)
    assert 3 <= len(pages) == int(box.text().split(" on ")[1].split()[0])
    text = "\n".join(pages)
    for title in ("Birdman", "La La Land", "Vertigo"):
        assert title in text
    assert "Whiplash" not in text
    assert text.index("Birdman") < text.index("La La Land") < text.index("Vertigo")  # in the list's order
    starts = [p.split(" 19")[0].split(" 20")[0] for p in pages]
    assert [t for t in starts if t in ("Birdman", "La La Land", "Vertigo")] == ["Birdman", "La La Land", "Vertigo"]
    assert not list(tmp_path.glob(".*.part"))


# -- 7. closing and coming back ------------------------------------------------------------------------------

def drag_splitter_handle(window: MainWindow, index: int, dx: int) -> None:
    handle = window.splitter.handle(index)
    start = handle.rect().center()
    QTest.mousePress(handle, LEFT, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, start + QPoint(dx // 2, 0))
    QTest.mouseMove(handle, start + QPoint(dx, 0))
    QTest.mouseRelease(handle, LEFT, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0))


def test_closing_and_reopening_keeps_layout_and_catalogue(qtbot, shelf: Catalogue, make_window,
                                                          isolated_settings: Path) -> None:
    first = active(qtbot, make_window())
    screen = QApplication.primaryScreen().availableGeometry()
    width, height = min(screen.width() - 40, 1100), min(screen.height() - 40, 700)
    if width < first.minimumSizeHint().width():
        pytest.skip("the panes' minimum width does not fit this screen")
    first.resize(width, height)
    qtbot.waitUntil(lambda: first.width() == width, timeout=3000)
    before = first.splitter.sizes()
    drag_splitter_handle(first, 1, -60)  # a narrower list
    qtbot.waitUntil(lambda: first.splitter.sizes() != before, timeout=3000)
    sizes = first.splitter.sizes()
    assert sizes[0] < before[0]
    click_header(qtbot, first, YEAR)
    click_header(qtbot, first, YEAR)
    order = titles(first)
    years = shown_column(first, YEAR)
    assert years in (["2016", "2014", "2014", "1958"], ["1958", "2014", "2014", "2016"])
    geometry = first.geometry()
    looked_at = first.list_pane.current_id()
    press(first, Qt.Key.Key_Q, CTRL)  # File ▸ Quit closes the window (and saves its layout)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=3000)
    saved = (isolated_settings / "Marquee" / "Marquee.ini").read_text(encoding="utf-8")
    assert "[mainWindow]" in saved and "splitter\\main" in saved  # in the test's own QSettings, nowhere else

    second = make_window()
    assert second.windowTitle() == "Marquee — films.db"
    assert second.size() == geometry.size()
    assert second.splitter.sizes() == sizes
    header = second.list_pane.view.horizontalHeader()
    assert header.sortIndicatorSection() == YEAR
    assert shown_column(second, YEAR) == years and titles(second) == order  # the list comes back in that order
    assert second.count_label.text() == "4 films"
    qtbot.waitUntil(lambda: second.list_pane.current_id() is not None, timeout=3000)
    current = shelf.films.document(second.list_pane.current_id())
    assert page(second).startswith(current["title"]) and current["id"] == looked_at  # the film looked at last
    click_row(second, shelf.films.find("La La Land"))
    qtbot.waitUntil(lambda: "Emma Stone\nMia" in page(second), timeout=3000)
    assert second.gallery.title.text() == "La La Land (2016)"
