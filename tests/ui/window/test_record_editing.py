"""Editing a film's records in the real window (issue 11, item 8): Add starts typing in the new
row's first cell, the tables fit the pane (no sideways scrolling), long text gets a multi-line
editor, a new row left empty goes away, and Escape leaves the cell, not the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit

EDITING = QAbstractItemView.State.EditingState


def editing_film(window, cat):
    film = cat.films.find("La La Land")
    window.reveal_film(film)
    window.detail.start_editing()
    return film


def test_add_starts_typing_in_the_new_row_and_an_empty_one_goes_away(window, demo_catalogue, qtbot) -> None:
    editing_film(window, demo_catalogue)
    editor = window.detail.editor
    for kind in ("credit", "video", "review", "release"):
        table = editor.tables[kind]
        editor.tabs.setCurrentWidget(table)
        before = table.model.rowCount()
        QTest.mouseClick(table.buttons["add"], Qt.MouseButton.LeftButton)
        first = next(i for i, c in enumerate(table.model.columns) if not c.options)
        assert table.view.state() == EDITING, kind
        assert (table.view.currentIndex().row(), table.view.currentIndex().column()) == (before, first), kind
        cell = QApplication.focusWidget()
        assert isinstance(cell, QLineEdit | QPlainTextEdit), kind
        QTest.keyClick(cell, Qt.Key.Key_Escape)  # leaves the cell: the editor stays, the empty row goes
        qtbot.waitUntil(lambda table=table, before=before: table.model.rowCount() == before, timeout=3000)
        assert window.detail.editing and table.view.state() != EDITING, kind


def test_record_tables_fit_the_pane(window, demo_catalogue, qtbot) -> None:
    window.resize(1280, 800)
    editing_film(window, demo_catalogue)
    editor = window.detail.editor
    for kind, table in editor.tables.items():
        editor.tabs.setCurrentWidget(table)
        qtbot.waitUntil(table.view.isVisible)
        header = table.view.horizontalHeader()
        total = sum(header.sectionSize(c) for c in range(table.model.columnCount()))
        assert total <= table.view.viewport().width() + 1, kind
        assert not table.view.horizontalScrollBar().isVisible(), kind


def test_long_text_has_a_multi_line_editor_and_escape_leaves_only_the_cell(window, demo_catalogue, qtbot) -> None:
    film = editing_film(window, demo_catalogue)
    editor = window.detail.editor
    table = editor.tables["review"]
    editor.tabs.setCurrentWidget(table)
    excerpt = next(i for i, c in enumerate(table.model.columns) if c.field == "excerpt")
    index = table.model.index(0, excerpt)
    table.view.setCurrentIndex(index)
    table.view.setFocus()
    QTest.keyClick(table.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QPlainTextEdit)
    assert cell.height() > 3 * table.view.rowHeight(0)  # room for several lines
    cell.selectAll()
    QTest.keyClicks(cell, "First line.")
    QTest.keyClick(cell, Qt.Key.Key_Return)  # a new line, not the end of the edit
    QTest.keyClicks(cell, "Second line.")
    assert table.view.state() == EDITING
    with qtbot.waitSignal(window.context.changed, timeout=3000):
        QTest.keyClick(cell, Qt.Key.Key_Tab)
    assert demo_catalogue.records.of("review", film)[0]["excerpt"] == "First line.\nSecond line."
    table.view.setCurrentIndex(index)
    QTest.keyClick(table.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    QTest.keyClicks(cell, " Not kept.")
    QTest.keyClick(cell, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.view.state() != EDITING, timeout=3000)
    assert window.detail.editing  # Escape left the cell, not the editor
    assert demo_catalogue.records.of("review", film)[0]["excerpt"] == "First line.\nSecond line."


def test_a_copy_shows_its_main_fields_in_the_table_and_the_rest_in_a_form(window, demo_catalogue, qtbot) -> None:
    """A copy has eighteen fields: the table shows six, the form under it the others of the copy
    chosen; a value typed there is written (and undone) like a cell's."""
    film = editing_film(window, demo_catalogue)
    copies = window.detail.editor.tables["copy"]
    window.detail.editor.tabs.setCurrentWidget(copies)
    shown = [c.header for i, c in enumerate(copies.model.columns) if not copies.view.isColumnHidden(i)]
    assert shown == ["Medium", "Edition", "Region", "Barcode", "Condition", "Location"]  # in the kind's order
    assert copies.details is not None and not copies.details.isEnabled()  # no copy chosen yet
    QTest.mouseClick(copies.buttons["add"], Qt.MouseButton.LeftButton)
    QTest.keyClicks(QApplication.focusWidget(), "Blu-ray")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(demo_catalogue.films.document(film)["copies"]) == 1, timeout=3000)
    copies.view.setCurrentIndex(copies.model.index(0, 0))
    assert copies.details.isEnabled()
    price = copies.details.findChild(QLineEdit, "copy_price")
    price.setFocus()
    QTest.keyClicks(price, "19.99")
    copies.view.setFocus()  # leaving the field writes it
    qtbot.waitUntil(lambda: demo_catalogue.films.document(film)["copies"][0]["price"] == 19.99, timeout=3000)
    assert demo_catalogue.films.document(film)["copies"][0]["medium"] == "Blu-ray"
    window.context.undo_stack.undo()
    assert demo_catalogue.films.document(film)["copies"][0]["price"] is None
    qtbot.waitUntil(lambda: price.text() == "", timeout=3000)
