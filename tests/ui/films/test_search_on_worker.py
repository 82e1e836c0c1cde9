"""A typed search or a sort of a big catalogue is read on a worker: the keys typed meanwhile are
not kept waiting, and the list shows what the box holds when the read is done, in the order the
header shows then.

The demo catalogue stands in for a big one (the size from which searches go to a worker is set to
0), and each search is held on its worker until the test lets it go, so the order of events is the
test's, not the machine's."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import ui.films.list_pane as list_pane_module
from catalog import Catalogue
from tests.ui.window.test_main_window import press_header
from ui.films.film_table_model import TITLE, YEAR
from ui.window.main_window import MainWindow


class HeldSearches:
    """Wraps the catalogue's id_list: each call says where it ran and waits for `release`."""

    def __init__(self, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, bool]] = []  # (query, on the GUI thread)
        self.release = threading.Event()
        self.gui = threading.get_ident()
        real = catalogue.films.id_list

        def held(query: str = "", sort: str | None = None, descending: bool = False):  # type: ignore[no-untyped-def]
            on_gui = threading.get_ident() == self.gui
            self.calls.append((query, on_gui))
            if not on_gui:
                assert self.release.wait(10), "the test never let the search go"
            return real(query, sort, descending)

        monkeypatch.setattr(catalogue.films, "id_list", held)

    def wait_started(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        """Until a search is being read on a worker (the event loop turning meanwhile)."""
        qtbot.waitUntil(lambda: len(self.worker_queries()) == 1)

    def worker_queries(self) -> list[str]:
        return [query for query, on_gui in self.calls if not on_gui]


@pytest.fixture
def held(window: MainWindow, demo_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldSearches]:
    monkeypatch.setattr(list_pane_module, "SEARCH_ON_WORKER_FROM", 0)
    searches = HeldSearches(demo_catalogue, monkeypatch)
    yield searches
    searches.release.set()  # (a test that failed midway must not leave a worker waiting)


def titles(window: MainWindow) -> list[str]:
    model = window.list_pane.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_a_typed_search_is_read_on_a_worker_and_shown(window, held, qtbot) -> None:
    pane = window.list_pane
    QTest.keyClicks(pane.search_box, "whip")
    held.wait_started(qtbot)
    assert titles(window) == ["La La Land", "Whiplash"]  # not yet shown: the list still answers
    held.release.set()
    qtbot.waitUntil(lambda: titles(window) == ["Whiplash"])
    assert held.worker_queries() == ["whip"]
    assert not [query for query, on_gui in held.calls if on_gui and query]  # none read on the GUI thread
    whiplash = window.catalogue.films.find("Whiplash")
    assert pane.current_id() == whiplash  # one match: it is the one shown, as with a search at once
    qtbot.waitUntil(lambda: window.detail.film_id == whiplash)


def test_keys_typed_during_a_search_are_taken_and_the_last_text_wins(window, held, qtbot) -> None:
    pane = window.list_pane
    QTest.keyClicks(pane.search_box, "whip")
    held.wait_started(qtbot)  # the worker holds "whip"; the window goes on taking keys
    pane.search_box.selectAll()
    QTest.keyClicks(pane.search_box, "la la")
    assert pane.search_box.text() == "la la"
    qtbot.waitUntil(lambda: not pane._debounce.isActive())  # the pause passed while "whip" was read
    held.release.set()
    qtbot.waitUntil(lambda: held.worker_queries() == ["whip", "la la"])
    qtbot.waitUntil(lambda: titles(window) == ["La La Land"])
    assert pane.model.query == "la la"


def test_a_refused_query_read_on_a_worker_shows_the_hint(window, held, qtbot) -> None:
    pane = window.list_pane
    held.release.set()
    QTest.keyClicks(pane.search_box, "year:abc")
    qtbot.waitUntil(lambda: pane.search_hint.isVisible())
    assert "year:" in pane.search_hint.text() and "Search syntax" in pane.search_hint.text()
    assert titles(window) == ["La La Land", "Whiplash"]
    pane.search_box.clear()
    qtbot.waitUntil(lambda: not pane.search_hint.isVisible())
    assert held.worker_queries() == ["year:abc"]  # the empty box is the list shown: nothing to read


def test_a_film_added_during_a_search_is_in_its_results(window, held, qtbot) -> None:
    """The search read before the film came is out of date when it is done: it is read again."""
    pane = window.list_pane
    QTest.keyClicks(pane.search_box, "whip")
    held.wait_started(qtbot)
    window.context.do(lambda: window.catalogue.films.create({"title": "Whiplash Redux", "year": 2015}))
    held.release.set()
    qtbot.waitUntil(lambda: held.worker_queries() == ["whip", "whip"])
    qtbot.waitUntil(lambda: sorted(titles(window)) == ["Whiplash", "Whiplash Redux"] and pane.model.query == "whip")


def test_a_sort_during_a_search_gives_its_results_in_the_new_order(window, held, qtbot) -> None:
    pane = window.list_pane
    window.context.do(lambda: window.catalogue.films.create({"title": "Whiplash Redux", "year": 2015}))
    QTest.keyClicks(pane.search_box, "whip")
    held.wait_started(qtbot)
    pane.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # by title, Z to A: read when "whip" is done
    held.release.set()
    qtbot.waitUntil(lambda: pane.model.query == "whip" and len(held.worker_queries()) == 2)
    assert titles(window) == ["Whiplash Redux", "Whiplash"]


def test_enter_during_a_search_searches_at_once(window, held, qtbot) -> None:
    pane = window.list_pane
    QTest.keyClicks(pane.search_box, "whip")
    held.wait_started(qtbot)
    QTest.keyClick(pane.search_box, Qt.Key.Key_Return)  # read on the GUI thread, then to the list
    assert titles(window) == ["Whiplash"] and pane.view.hasFocus()
    held.release.set()
    qtbot.waitUntil(lambda: pane._searching is None)
    assert titles(window) == ["Whiplash"]


def test_a_click_in_the_browse_pane_is_read_on_a_worker(window, held, qtbot) -> None:
    browse = window.desk.browse
    window.desk.show_browse(True)
    qtbot.waitUntil(lambda: bool(browse.values("genre")), timeout=5000)
    browse.choose("genre", "Music")
    held.wait_started(qtbot)
    assert window.list_pane.search_box.text() == 'genre:"Music"'  # the box says what is being read
    assert titles(window) == ["La La Land", "Whiplash"]
    held.release.set()
    qtbot.waitUntil(lambda: titles(window) == ["Whiplash"])
    assert held.worker_queries() == ['genre:"Music"']
    qtbot.waitUntil(lambda: browse.values("genre") == {"Drama": 1, "Music": 1})  # the counts follow


def test_a_sort_chosen_in_the_header_is_read_on_a_worker(window, held, qtbot) -> None:
    pane = window.list_pane
    header = pane.view.horizontalHeader()
    assert titles(window) == ["La La Land", "Whiplash"]
    held.calls.clear()
    press_header(window, YEAR)  # Whiplash (2014) before La La Land (2016)
    held.wait_started(qtbot)
    assert header.sortIndicatorSection() == YEAR  # the arrow moves at once; the list when read
    assert titles(window) == ["La La Land", "Whiplash"] and pane.model.sort_key == "title"
    held.release.set()
    qtbot.waitUntil(lambda: titles(window) == ["Whiplash", "La La Land"])
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert (pane.model.sort_key, pane.model.descending) == ("year", descending)
    assert held.worker_queries() == [""] and not [call for call in held.calls if call[1]]  # none on the GUI thread


def test_a_sort_chosen_back_before_it_is_read_reads_nothing_more(window, held, qtbot) -> None:
    pane = window.list_pane
    press_header(window, YEAR)
    held.wait_started(qtbot)
    pane.view.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)  # back to the order shown
    held.release.set()
    qtbot.waitUntil(lambda: pane._searching is None)
    assert titles(window) == ["La La Land", "Whiplash"] and pane.model.sort_key == "title"
    assert held.worker_queries() == [""]


def test_a_search_typed_during_a_sort_is_shown_in_the_new_order(window, held, qtbot) -> None:
    pane = window.list_pane
    window.context.do(lambda: window.catalogue.films.create({"title": "Whiplash Redux", "year": 2013}))
    pane.view.sortByColumn(YEAR, Qt.SortOrder.AscendingOrder)
    held.wait_started(qtbot)
    QTest.keyClicks(pane.search_box, "whip")
    qtbot.waitUntil(lambda: not pane._debounce.isActive())
    held.release.set()
    qtbot.waitUntil(lambda: pane.model.query == "whip")
    assert titles(window) == ["Whiplash Redux", "Whiplash"]  # 2013, 2014
    assert held.worker_queries() == ["", "whip"]


def test_the_saved_sort_is_the_first_list_read(qtbot, demo_catalogue, make_window, monkeypatch) -> None:
    """At start the list is shown in the last session's sort, its film selected in it: its order
    is the only one read (not the title order first), at once even when sorts go to a worker."""
    first = make_window()
    first.list_pane.view.sortByColumn(YEAR, Qt.SortOrder.DescendingOrder)
    first.list_pane.select_films([demo_catalogue.films.find("Whiplash")])
    first.close()
    monkeypatch.setattr(list_pane_module, "SEARCH_ON_WORKER_FROM", 0)
    reads: list[tuple[str, str | None, bool]] = []
    real = demo_catalogue.films.id_list

    def counted(query: str = "", sort: str | None = None, descending: bool = False):  # type: ignore[no-untyped-def]
        reads.append((query, sort, descending))
        return real(query, sort, descending)

    monkeypatch.setattr(demo_catalogue.films, "id_list", counted)
    second = make_window()
    assert titles(second) == ["La La Land", "Whiplash"] and second.list_pane._searching is None  # 2016, 2014
    assert reads == [("", "year", True)]
    header = second.list_pane.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (YEAR, Qt.SortOrder.DescendingOrder)
    assert second.list_pane.current_id() == demo_catalogue.films.find("Whiplash")
