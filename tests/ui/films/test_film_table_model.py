"""FilmTableModel: a correct Qt model, paged fetching, and fine-grained updates from Changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from catalog import Catalogue, Change
from ui.films.film_table_model import (
    FILM_ID_ROLE,
    PAGE_SIZE,
    RUNTIME,
    TITLE,
    FilmTableModel,
)


def fill(cat: Catalogue, n: int) -> list[int]:
    with cat.transaction("fill"):
        return [cat.films.create({"title": f"Film {i:04d}", "year": 1900 + i % 120, "runtime_min": 60 + i % 90}).id
                for i in range(n)]


@pytest.fixture
def films(tmp_catalogue: Catalogue) -> list[int]:
    return fill(tmp_catalogue, 300)


def test_qt_model_contract(qtmodeltester, tmp_catalogue: Catalogue, films: list[int]) -> None:
    model = FilmTableModel(tmp_catalogue)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 300


def test_cells_are_formatted(tmp_catalogue: Catalogue, films: list[int]) -> None:
    model = FilmTableModel(tmp_catalogue)
    assert model.index(0, TITLE).data() == "Film 0000"
    assert model.index(0, RUNTIME).data() == "1 h"
    assert model.index(0, 0).data(FILM_ID_ROLE) == films[0]


def test_data_fetches_only_the_page_of_the_row(tmp_catalogue: Catalogue, films: list[int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    model = FilmTableModel(tmp_catalogue)
    calls: list[list[int]] = []
    original = tmp_catalogue.films.rows

    def counting(ids):
        ids = list(ids)
        calls.append(ids)
        return original(ids)

    monkeypatch.setattr(tmp_catalogue.films, "rows", counting)
    row = PAGE_SIZE + PAGE_SIZE // 4
    assert model.index(row, TITLE).data() == f"Film {row:04d}"
    assert calls == [model.ids[PAGE_SIZE:2 * PAGE_SIZE]]
    model.index(row + 1, TITLE).data()
    model.index(PAGE_SIZE, RUNTIME).data()
    model.index(2 * PAGE_SIZE - 1, TITLE).data()
    assert len(calls) == 1  # same page: served from the cache
    model.index(5, TITLE).data()
    assert len(calls) == 2 and calls[1] == model.ids[:PAGE_SIZE]


def test_sort_runs_in_sqlite(tmp_catalogue: Catalogue, films: list[int]) -> None:
    model = FilmTableModel(tmp_catalogue)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    years = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert years == sorted(years, reverse=True)
    assert model.ids == tmp_catalogue.films.ids("", "year", True)


@pytest.fixture
def view(qtbot, tmp_catalogue: Catalogue, films: list[int]) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(FilmTableModel(tmp_catalogue, view))
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
    return view


def select(view: QTableView, *rows: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        view.selectionModel().select(view.model().index(row, 0), flags)
    view.selectionModel().setCurrentIndex(view.model().index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def selected_ids(view: QTableView) -> set[int]:
    return {i.data(FILM_ID_ROLE) for i in view.selectionModel().selectedRows()}


def test_update_refreshes_only_its_rows(qtbot, tmp_catalogue: Catalogue, view: QTableView) -> None:
    model: FilmTableModel = view.model()
    select(view, 10, 11)
    before = selected_ids(view)
    target = model.ids[50]
    model.index(50, TITLE).data()
    with qtbot.waitSignal(model.dataChanged) as blocker, qtbot.assertNotEmitted(model.modelReset):
        tmp_catalogue.films.update(target, {"title": "Film 0050 (restored)"})
        model.apply(Change(updated={target}))
    assert blocker.args[0].row() == blocker.args[1].row() == 50
    assert model.index(50, TITLE).data() == "Film 0050 (restored)"
    assert selected_ids(view) == before


def test_add_and_remove_keep_the_other_rows_and_the_selection(qtbot, tmp_catalogue: Catalogue,
                                                              view: QTableView) -> None:
    model: FilmTableModel = view.model()
    select(view, 100, 101)
    kept = selected_ids(view)
    current = view.currentIndex().data(FILM_ID_ROLE)
    with qtbot.assertNotEmitted(model.modelReset):
        new_id = tmp_catalogue.films.create({"title": "Film 0000½"}).id  # sorts near the top
        model.apply(Change(added={new_id}))
        assert model.rowCount() == 301 and model.ids[1] == new_id
        assert model.index(1, TITLE).data() == "Film 0000½"
        gone = [model.ids[5], model.ids[6], model.ids[200]]
        tmp_catalogue.films.delete(gone)
        model.apply(Change(removed=set(gone)))
    assert model.rowCount() == 298 and not set(gone) & set(model.ids)
    assert model.ids == tmp_catalogue.films.ids()
    assert selected_ids(view) == kept
    assert view.currentIndex().data(FILM_ID_ROLE) == current


def test_added_film_outside_the_search_still_appears(tmp_catalogue: Catalogue, films: list[int]) -> None:
    model = FilmTableModel(tmp_catalogue)
    model.set_query("0042")
    assert model.rowCount() == 1
    new_id = tmp_catalogue.films.create({"title": "Untitled"}).id
    model.apply(Change(added={new_id}))
    assert model.ids[-1] == new_id


def test_title_tooltips_are_escaped_so_tags_show_as_typed(tmp_catalogue) -> None:
    from PySide6.QtCore import Qt

    from ui.films.film_table_model import FilmTableModel

    tmp_catalogue.films.create({"title": "<b>Bold</b> & Co"})
    model = FilmTableModel(tmp_catalogue)
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "&lt;b&gt;Bold&lt;/b&gt; &amp; Co"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == "<b>Bold</b> & Co"


def test_a_list_scrolled_page_by_page_never_waits_for_rows_in_a_frame(qtbot, tmp_catalogue: Catalogue,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each scroll reads the screen after it at idle, in the direction it went; a jump reads no more
    than it shows."""
    from PySide6.QtWidgets import QAbstractItemView

    from ui.films.list_pane import FilmTableView

    fill(tmp_catalogue, 5 * PAGE_SIZE)
    view = FilmTableView()
    qtbot.addWidget(view)
    model = FilmTableModel(tmp_catalogue, view)
    view.setModel(model)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.resize(500, 400)
    view.show()
    qtbot.waitUntil(lambda: view.painted)
    in_frames: list[int] = []  # the first row of each page read to paint a frame
    at_idle: list[int] = []  # read ahead, while the window waited for the next scroll
    idle = False
    rows, read_ahead = tmp_catalogue.films.rows, model.read_ahead

    def counting(ids):
        ids = list(ids)
        (at_idle if idle else in_frames).append(model.row_of(ids[0]) or 0)
        return rows(ids)

    def reading_ahead(first: int, last: int) -> None:
        nonlocal idle
        idle = True
        read_ahead(first, last)
        idle = False

    monkeypatch.setattr(tmp_catalogue.films, "rows", counting)
    monkeypatch.setattr(model, "read_ahead", reading_ahead)
    bar = view.verticalScrollBar()

    def scroll_to(value: int) -> None:
        bar.setValue(value)
        view.viewport().repaint()
        qtbot.waitUntil(lambda: not view._ahead.isActive())  # the window idle until the next frame

    while bar.value() < bar.maximum():  # down to the end, a page at a time
        scroll_to(bar.value() + bar.pageStep())
    assert view.rowAt(view.viewport().height() - 1) == 5 * PAGE_SIZE - 1  # the last film shown
    assert in_frames == [] and at_idle == [PAGE_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE, 4 * PAGE_SIZE]
    model.reload()  # every row read again: back up from the end, a few lines at a time as a wheel goes
    scroll_to(bar.maximum())
    in_frames.clear(), at_idle.clear()
    while bar.value() > 0:
        scroll_to(max(0, bar.value() - bar.singleStep() * 3))
    assert in_frames == [] and sorted(at_idle) == [0, PAGE_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE]
    model.reload()
    in_frames.clear(), at_idle.clear()
    scroll_to(bar.maximum() // 2)  # a jump: the rows it shows, read in its frame, and nothing more
    assert len(in_frames) == 1 and at_idle == []
