"""The collector's desk in the real main window, offscreen, as a collector uses it: the Browse
pane narrowing the list (the search box saying so), lending with Ctrl+L and marking returned, the
Loans view, a borrower's history, the diary, the wishlist, the Statistics view with its charts as
PNG, and the "On loan" column. Every wait is on a signal or a condition, never a sleep. With
MARQUEE_SHOTS=FOLDER the views are saved there as pictures (to look at them)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QWidget

from catalog import Catalogue
from catalog.model.facets import FacetValue
from catalog.model.loans import in_days
from tests.ui.window.test_user_journey import (
    CTRL,
    SHIFT,
    active,
    click,
    click_row,
    click_tab,
    page,
    press,
    shown_column,
    titles,
)
from ui.films.film_table_model import ON_LOAN
from ui.stats.charts import chart_image, colours, contrast
from ui.window.main_window import MainWindow


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("MARQUEE_SHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@pytest.fixture
def desk(demo_catalogue: Catalogue) -> Catalogue:
    cat = demo_catalogue
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    for copy in cat.records.of("copy", whip):
        cat.records.remove("copy", copy["id"])
    cat.records.add("copy", la, {"medium": "Blu-ray", "location": "Shelf A"})
    heat = cat.films.create({"title": "Heat", "year": 1995, "runtime_min": 170}).id or 0
    cat.films.set_genres(heat, ["Crime", "Drama"])
    cat.records.add("copy", heat, {"medium": "DVD", "location": "Shelf B", "price": 5, "currency": "EUR"})
    cat.loans.lend(heat, "Ben", lent_on="2025-01-02", due_on="2025-01-16")  # overdue
    cat.wishlist.add(whip, "high", "the 4K")
    return cat


def dialog(qtbot, name: str) -> QDialog:
    found: list[QDialog] = []

    def opened() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(opened, timeout=3000)
    return found[0]


def counted(qtbot, window: MainWindow, act: Callable[[], object]) -> None:
    with qtbot.waitSignal(window.desk.browse.counted, timeout=5000):
        act()


def test_the_browse_pane_narrows_the_list_and_the_box_says_so(qtbot, make_window, desk: Catalogue) -> None:
    window = make_window(desk)
    browse = window.desk.browse
    qtbot.waitUntil(lambda: bool(browse.values("genre")), timeout=5000)
    assert browse.isVisible() and browse.values("genre")["Drama"] == 3
    assert set(browse.values("year")) == {"2010s", "1990s"}
    shot(window, "browse")
    box = window.list_pane.search_box
    drama = browse.value_index("genre", "Drama")
    counted(qtbot, window, lambda: click(browse.view.viewport(), browse.view.visualRect(drama).center()))
    assert box.text() == 'genre:"Drama"' and len(titles(window)) == 3
    assert browse.values("genre") == {"Drama": 3, "Crime": 1, "Music": 1, "Musical": 1, "Romance": 1}
    counted(qtbot, window, lambda: browse.choose("genre", "Crime"))  # narrows further: the count shown
    assert box.text() == 'genre:"Drama" genre:"Crime"' and titles(window) == ["Heat"]
    counted(qtbot, window, lambda: browse.choose("genre", "✓ Crime".removeprefix("✓ ")))  # again: out
    assert box.text() == 'genre:"Drama"'
    counted(qtbot, window, lambda: browse.open_facet("loans"))
    assert browse.values("loans") == {"On loan": 1, "Overdue": 1, "Not on loan": 2, "Lent to Ben": 1}
    counted(qtbot, window, lambda: browse.open_facet("actor"))  # a big facet: counted when opened
    assert browse.values("actor")["Emma Stone"] == 1 and "Al Pacino" not in browse.values("actor")
    counted(qtbot, window, lambda: (box.clear(), window.list_pane.run_search_now()))
    assert len(titles(window)) == 3 and browse.values("genre")["Drama"] == 3
    counted(qtbot, window, lambda: (box.setText("whiplash"), window.list_pane.run_search_now()))
    assert browse.values("genre") == {"Drama": 1, "Music": 1}  # the counts follow what is typed
    counted(qtbot, window, lambda: (box.clear(), window.list_pane.run_search_now()))

    def add_western() -> None:
        film = desk.films.create({"title": "Rio Bravo", "year": 1959}).id or 0
        desk.films.set_genres(film, ["Western"])

    counted(qtbot, window, add_western)  # a change is counted too (once its burst is over)
    assert browse.values("genre")["Western"] == 1 and "1950s" in browse.values("year")
    press(window, Qt.Key.Key_B, CTRL, window.list_pane.view)
    assert not browse.isVisible()
    press(window, Qt.Key.Key_B, CTRL, window.list_pane.view)
    assert browse.isVisible()


def test_lend_with_ctrl_l_the_column_and_return(qtbot, make_window, desk: Catalogue) -> None:
    window = active(qtbot, make_window(desk))
    la = desk.films.find("La La Land")
    click_row(window, la)
    press(window, Qt.Key.Key_L, CTRL, window.list_pane.view)
    lend = dialog(qtbot, "lendDialog")
    borrower = lend.findChild(QWidget, "lendBorrower")
    qtbot.keyClicks(borrower.lineEdit(), "Anna")
    click(lend.findChild(QPushButton, "lendButton"))
    qtbot.waitUntil(lambda: not lend.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: "Anna" in shown_column(window, ON_LOAN), timeout=3000)
    assert desk.films.ids("borrower:anna") == [la]
    (loan,) = [x for x in desk.loans.of_film(la) if x["returned_on"] is None]
    assert loan["due_on"] == in_days(14) and loan["copy_id"] == desk.records.of("copy", la)[0]["id"]
    qtbot.waitUntil(lambda: "Anna, since" in page(window), timeout=3000)
    shot(window, "lent")
    active(qtbot, window)  # the dialog has gone: the window has the keyboard again
    press(window, Qt.Key.Key_Z, CTRL, window.list_pane.view)  # undo the lend
    qtbot.waitUntil(lambda: "Anna" not in shown_column(window, ON_LOAN), timeout=3000)
    assert desk.loans.borrowers()[0]["name"] == "Ben" and len(desk.loans.borrowers()) == 1  # Anna forgotten
    press(window, Qt.Key.Key_Z, CTRL | SHIFT, window.list_pane.view)  # redo
    qtbot.waitUntil(lambda: "Anna" in shown_column(window, ON_LOAN), timeout=3000)
    press(window, Qt.Key.Key_R, CTRL | SHIFT, window.list_pane.view)  # mark returned
    qtbot.waitUntil(lambda: "Anna" not in shown_column(window, ON_LOAN), timeout=3000)
    assert desk.loans.history("Anna")[0]["returned_on"] is not None
    # The Heat row is overdue: its On loan cell is red.
    model = window.list_pane.model
    heat_row = model.row_of(desk.films.find("Heat"))
    assert model.index(heat_row, ON_LOAN).data() == "Ben"
    assert model.index(heat_row, ON_LOAN).data(Qt.ItemDataRole.ForegroundRole) == QColor("#b42318")


def test_the_loans_view_a_borrowers_history_and_the_page_link(qtbot, make_window, desk: Catalogue) -> None:
    window = active(qtbot, make_window(desk))
    la = desk.films.find("La La Land")
    desk.loans.lend(la, "Anna", due_on=in_days(10))
    press(window, Qt.Key.Key_L, CTRL | SHIFT, window.list_pane.view)
    loans = window.desk.loans_window
    assert loans is not None and loans.isVisible()
    qtbot.waitUntil(lambda: loans.model.rowCount() == 2, timeout=3000)
    rows = [loans.model.index(r, 1).data() for r in range(2)]
    assert rows == ["Heat (1995)", "La La Land (2016)"]  # soonest due first: the overdue one
    due = loans.model.index(0, 0)
    assert due.data().endswith("(overdue)") and due.data(Qt.ItemDataRole.ForegroundRole) == QColor("#b42318")
    assert loans.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    shot(loans, "loans")
    loans.select_borrower(desk.loans.borrower_id("Anna"))
    assert loans.model.rowCount() == 1 and loans.borrower_label.isVisible()
    loans.view.selectRow(0)
    with qtbot.waitSignal(loans.refreshed, timeout=3000):
        click(loans.return_button)
    assert loans.model.rowCount() == 0
    click(loans.history)
    assert loans.model.rowCount() == 1 and loans.model.index(0, 0).data() == "returned"
    borrower = loans.edit_borrower()
    assert borrower is not None
    contact = borrower.findChild(QWidget, "borrower_contact")
    contact.setFocus()
    qtbot.keyClicks(contact, "06 12 34")
    press(window, Qt.Key.Key_Return, widget=contact)
    qtbot.waitUntil(lambda: desk.loans.borrower("Anna")["contact"] == "06 12 34", timeout=3000)
    assert "La La Land (2016)" in borrower.findChild(QWidget, "borrowerHistory").toPlainText()
    borrower.close()
    # The page's "Mark returned" link of Heat's open loan.
    heat = desk.films.find("Heat")
    click_row(window, heat)
    qtbot.waitUntil(lambda: "Mark returned" in page(window), timeout=3000)
    loan_id = desk.loans.of_film(heat)[0]["id"]
    window.detail.view.anchorClicked.emit(QUrl(f"return:{loan_id}"))
    qtbot.waitUntil(lambda: "Mark returned" not in page(window), timeout=3000)
    assert desk.films.ids("on-loan:yes") == []


def test_the_diary_and_the_wishlist(qtbot, make_window, desk: Catalogue) -> None:
    window = active(qtbot, make_window(desk))
    heat = desk.films.find("Heat")
    click_row(window, heat)
    press(window, Qt.Key.Key_D, CTRL | SHIFT, window.list_pane.view)
    viewing = dialog(qtbot, "viewingDialog")
    click(viewing.findChild(QWidget, "viewingRated"))
    qtbot.keyClicks(viewing.findChild(QWidget, "viewingNote"), "The diner scene")
    click(next(b for b in viewing.findChildren(QPushButton) if b.text() == "Log"))
    qtbot.waitUntil(lambda: "The diner scene" in page(window), timeout=3000)
    assert "DIARY" in page(window) and desk.films.document(heat)["watched"]
    # Show ▸ Wanted: the box says wanted:yes, the list shows the wishlist.
    window.desk.show_actions["wanted:yes"].trigger()
    assert window.list_pane.search_box.text() == "wanted:yes" and titles(window) == ["Whiplash"]
    window.desk.show_actions["wanted:no"].trigger()
    assert window.list_pane.search_box.text() == "wanted:no" and "Whiplash" not in titles(window)
    window.desk.show_actions[None].trigger()
    assert window.list_pane.search_box.text() == ""
    click_row(window, desk.films.find("Heat"))
    assert window.desk.wish_action.isEnabled()
    window.desk.wish_action.trigger()
    wish = dialog(qtbot, "wishDialog")
    click(next(b for b in wish.findChildren(QPushButton) if b.text() == "Add to wishlist"))
    error = wish.findChild(QWidget, "wishDialogError")
    qtbot.waitUntil(error.isVisible, timeout=3000)
    assert "in the collection" in error.text()  # Heat has a copy: it cannot be wanted
    wish.reject()
    click_row(window, desk.films.find("Whiplash"))
    qtbot.waitUntil(lambda: "ON THE WISHLIST" in page(window), timeout=3000)
    window.desk.unwish_action.trigger()
    qtbot.waitUntil(lambda: "ON THE WISHLIST" not in page(window), timeout=3000)


def test_the_statistics_view_charts_png_and_palettes(qtbot, make_window, desk: Catalogue, tmp_path: Path) -> None:
    window = active(qtbot, make_window(desk))
    stats = window.desk.show_statistics()
    qtbot.waitUntil(lambda: stats.figures is not None, timeout=5000)
    assert set(stats.charts) >= {"decades", "genres", "media", "directors", "actors", "watched", "runtimes",
                                 "viewings", "loans", "added"}
    assert "3 films" in stats.summary.text() and "Ben" in stats.tables.text()
    shot(stats, "statistics")
    saved = stats.export_chart("genres", tmp_path / "genres.png")
    assert saved is not None and saved.read_bytes().startswith(b"\x89PNG")
    (tmp_path / "all").mkdir()
    assert len(stats.export_all(tmp_path / "all")) == len(stats.figures.charts)
    # Dark and light palettes: the text and the bars stand out from the background in both.
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Text, QColor("#1f2328"))
    for palette in (dark, light):
        c = colours(palette)
        assert contrast(c.text, c.background) >= 7 and contrast(c.bar, c.background) >= 3
        image = chart_image(stats.figures.chart("genres"), palette, scale=1)
        assert image.pixelColor(2, 2) == c.background
        seen = {image.pixelColor(x, y).rgb() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
        assert c.bar.rgb() in seen
    if os.environ.get("MARQUEE_SHOTS"):
        chart_image(stats.figures.chart("genres"), dark).save(str(Path(os.environ["MARQUEE_SHOTS"]) / "dark.png"))
    # A change follows: another film, the totals count it.
    with qtbot.waitSignal(stats.refreshed, timeout=5000):
        desk.films.create({"title": "Alien", "year": 1979})
    assert "4 films" in stats.summary.text()
    html = stats.page_html()
    assert html.count("data:image/png;base64,") == len(stats.figures.charts)


def test_lend_from_the_copy_chosen_in_the_editor(qtbot, make_window, desk: Catalogue) -> None:
    window = active(qtbot, make_window(desk))
    la = desk.films.find("La La Land")
    dvd = desk.records.add("copy", la, {"medium": "DVD"}).id
    click_row(window, la)
    press(window, Qt.Key.Key_E, CTRL, window.list_pane.view)
    qtbot.waitUntil(lambda: window.detail.editing, timeout=3000)
    copies = window.detail.editor.tables["copy"]
    click_tab(window.detail.editor.tabs, "Copies")
    row = next(r for r, record in enumerate(copies.model.rows) if record["id"] == dvd)
    click(copies.view.viewport(), copies.view.visualRect(copies.model.index(row, 0)).center())
    press(window, Qt.Key.Key_L, CTRL, copies.view)
    lend = dialog(qtbot, "lendDialog")
    assert lend.findChild(QWidget, "lendCopy").currentData() == dvd
    assert lend.findChild(QWidget, "lendCopy").currentText() == "DVD"
    qtbot.keyClicks(lend.findChild(QWidget, "lendBorrower").lineEdit(), "Cleo")
    click(lend.findChild(QWidget, "lendHasDue"))  # no due date
    click(lend.findChild(QPushButton, "lendButton"))
    qtbot.waitUntil(lambda: not lend.isVisible(), timeout=3000)
    (loan,) = [x for x in desk.loans.of_film(la) if x["returned_on"] is None]
    assert (loan["copy_id"], loan["borrower"], loan["due_on"]) == (dvd, "Cleo", None)


def test_a_loans_dates_edited_and_a_loan_removed_then_undone(qtbot, make_window, desk: Catalogue) -> None:
    """A loan entered with the wrong due date is put right in Edit loan… (a date the catalogue
    refuses is said in the dialog, which stays open); one entered by mistake goes with Del, and
    Ctrl+Z brings it back."""
    window = active(qtbot, make_window(desk))
    heat = desk.films.find("Heat")
    press(window, Qt.Key.Key_L, CTRL | SHIFT, window.list_pane.view)
    loans = window.desk.loans_window
    assert loans is not None
    qtbot.waitUntil(lambda: loans.model.rowCount() == 1, timeout=3000)
    loans.view.selectRow(0)
    edit = loans.edit_loan()
    assert edit is not None and edit.windowTitle() == "Loan of Heat to Ben"
    due = edit.findChild(QLineEdit, "loan_due_on")
    due.setText("2024-12-01")  # before the date out
    edit.accept()
    assert edit.isVisible() and "due date" in edit.findChild(QLabel, "loanError").text()
    due.setText(in_days(7))
    with qtbot.waitSignal(loans.refreshed, timeout=3000):
        edit.accept()
    assert not edit.isVisible() and desk.loans.of_film(heat)[0]["due_on"] == in_days(7)
    assert not loans.model.index(0, 0).data().endswith("(overdue)")
    loans.view.selectRow(0)
    loans.activateWindow()
    qtbot.waitUntil(loans.isActiveWindow, timeout=3000)
    loans.view.setFocus()
    with qtbot.waitSignal(loans.refreshed, timeout=3000):
        QTest.keyClick(loans.view, Qt.Key.Key_Delete)
    assert loans.model.rowCount() == 0 and desk.loans.of_film(heat) == []
    with qtbot.waitSignal(loans.refreshed, timeout=3000):
        window.context.undo_stack.undo()
    assert [loan["borrower"] for loan in desk.loans.of_film(heat)] == ["Ben"]
    with qtbot.waitSignal(loans.refreshed, timeout=3000):
        window.context.undo_stack.undo()  # the edit too
    assert desk.loans.of_film(heat)[0]["due_on"] == "2025-01-16"


def test_a_title_with_markup_is_shown_as_written_in_the_form_dialogs(qtbot, desk: Catalogue) -> None:
    """The heading of the lend, viewing and wish dialogs is the film's title: data, never markup."""
    from ui.context import AppContext
    from ui.loans.lend_dialog import LendDialog
    from ui.window.desk_dialogs import ViewingDialog, WishDialog

    film = desk.films.create({"title": "<i>Tom</i> & <b>Jerry</b>", "year": 1940}).id
    desk.records.add("copy", film, {"medium": "DVD"})
    context = AppContext(desk)
    try:
        label = desk.films.label(film)
        for made in (lambda: LendDialog(context, film), lambda: ViewingDialog(context, film),
                     lambda: WishDialog(context, film)):
            shown = made()
            qtbot.addWidget(shown)
            headings = [w for w in shown.findChildren(QLabel) if w.text() == label]
            assert headings and headings[0].textFormat() == Qt.TextFormat.PlainText, type(shown).__name__
    finally:
        context.close()


def test_every_browse_heading_shows_whole_at_the_default_layout(make_window: Callable[..., MainWindow],
                                                                 desk: Catalogue, qtbot) -> None:
    """"Owned or wanted" was cut to "Owned or wan…" in the Browse pane of a first launch."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle

    from ui.settings import DEFAULT_SIZE

    window = make_window(desk)
    window.resize(DEFAULT_SIZE)
    qtbot.waitUntil(lambda: window.desk.browse.view.viewport().width() > 100)
    tree = window.desk.browse.view
    model = window.desk.browse.model
    # What an item view keeps clear on each side of a text before it elides it.
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1

    def cut_short() -> list[str]:
        cut = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            text = index.data()
            font = index.data(Qt.ItemDataRole.FontRole) or tree.font()
            if QFontMetrics(font).horizontalAdvance(text) + 2 * margin > tree.visualRect(index).width():
                cut.append(text)
        return cut

    assert cut_short() == []
    # A million films' counts are wide: "Decade and year" was cut to "Decade and y…" beside them.
    model.set_values("genre", [FacetValue("Short", 95_784, "genre:Short"), FacetValue("War", 94_918, "genre:War")])
    model.set_values("year", [FacetValue("2020s", 46_803, "year:2020s", key="year:2020s")])
    tree.expand(model.index_of("genre"))
    tree.expand(model.index_of("year"))
    QApplication.processEvents()
    assert tree.header().sectionSize(1) >= QFontMetrics(tree.font()).horizontalAdvance("95,784")
    assert cut_short() == []
    assert model.index(0, 1, model.index_of("genre")).data() == "95,784"  # the counts are still shown


def test_an_empty_catalogue_offers_no_arrows_to_browse(qtbot, make_window, tmp_catalogue: Catalogue) -> None:
    """Genre and decade (open, counted) showed no arrow and every other facet one that opened on
    nothing; with no films at all none offers one, and the first film brings them back."""
    window = make_window()
    browse = window.desk.browse
    model = browse.model
    qtbot.waitUntil(lambda: model.catalogue_empty, timeout=5000)
    facets = [model.index(row, 0) for row in range(model.rowCount())]
    assert len(facets) > 5 and not any(model.hasChildren(index) for index in facets)

    def add_film() -> None:
        film = tmp_catalogue.films.create({"title": "Rio Bravo", "year": 1959}).id or 0
        tmp_catalogue.films.set_genres(film, ["Western"])

    counted(qtbot, window, add_film)
    assert browse.values("genre") == {"Western": 1}
    director = model.index_of("director")
    assert director.isValid() and model.hasChildren(director)  # counted when opened, as before
