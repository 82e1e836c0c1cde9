"""The detail pane: reading page, in-place editing with undo, tables, links and people."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from catalog import Catalogue, open_catalogue
from ui.context import AppContext
from ui.detail.detail_pane import DetailPane

FEATURETTE_URL = "https://www.youtube.com/watch?v=lalaland-featurette"


def build_la_la_land(cat: Catalogue) -> tuple[int, int]:
    """La La Land and Whiplash through the Catalogue API, as in the demo catalogue."""
    whiplash = cat.films.create({"title": "Whiplash", "year": 2014, "runtime_min": 107}).id
    cat.records.add_credit(whiplash, "Damien Chazelle", "director")
    cat.records.add_credit(whiplash, "Damien Chazelle", "writer")
    cat.records.add_credit(whiplash, "J.K. Simmons", "actor", "Terence Fletcher")
    film = cat.films.create({
        "title": "La La Land", "year": 2016, "runtime_min": 128, "certification": "PG-13",
        "synopsis": "A jazz pianist falls for an aspiring actress in Los Angeles. A modern-day story "
                    "made as an old-fashioned Hollywood musical.",
        "rating": 9, "watched": True,
        "notes": "“If you're not down with people bursting into song and dancing, this movie's probably "
                 "not for you.” — from the Lionsgate featurette article, 23 November 2016",
    }).id
    cat.records.add("copy", film, {"medium": "Blu-ray", "location": "Living room, shelf B"})
    cat.films.set_genres(film, ["Musical", "Romance", "Drama"])
    cat.films.set_companies(film, [{"name": "Lionsgate", "role": "distributor"}])
    cat.records.add_credit(film, "Damien Chazelle", "director")
    cat.records.add_credit(film, "Damien Chazelle", "writer")
    for name, character in (("Emma Stone", "Mia"), ("Ryan Gosling", "Sebastian"), ("John Legend", "Keith"),
                            ("Rosemarie DeWitt", "Laura"), ("Finn Wittrock", "Greg"),
                            ("Callie Hernandez", "Tracy"), ("Sonoya Mizuno", "Caitlin"),
                            ("Jessica Rothe", "Alexis"), ("Tom Everett Scott", "David"),
                            ("Josh Pence", "Josh"), ("J.K. Simmons", "Bill")):
        cat.records.add_credit(film, name, "actor", character)
    cat.records.add("video", film, {
        "kind": "featurette", "title": "La La Land – Behind the Scenes Featurette", "url": FEATURETTE_URL,
        "publisher": "Lionsgate", "published_on": "2016-11-23", "duration_s": 152,
        "description": "Cast members on their time on set; Gosling on his wish to make a film in the "
                       "style of the Astaire/Rogers musicals."})
    cat.records.add("review", film, {"author": "Brian", "venue": "Telluride Film Festival",
                                    "published_on": "2016-09", "excerpt": "A joyous, bittersweet triumph."})
    for kind, territory, venue, date in (("wide", "US", None, "2016-12-16"), ("limited", "US", None, "2016-12-09"),
                                         ("festival", "Canada", "Toronto International Film Festival", "2016-09"),
                                         ("festival", "US", "Telluride Film Festival", "2016-09")):
        cat.records.add("release", film, {"kind": kind, "territory": territory, "venue": venue, "date": date})
    cat.records.add("article", film, {
        "headline": "'La La Land' Featurette Goes Behind the Scenes of the Best Picture Frontrunner",
        "published_on": "2016-11-23", "summary": "Cast members discuss their experiences on set."})
    return film, whiplash


@pytest.fixture
def context(catalogue_location) -> Iterator[AppContext]:
    cat = open_catalogue(catalogue_location)
    ctx = AppContext(cat)
    yield ctx
    ctx.close()
    cat.close()


@pytest.fixture
def films(context: AppContext) -> tuple[int, int]:
    return build_la_la_land(context.catalogue)


@pytest.fixture
def pane(qtbot, context: AppContext, films: tuple[int, int]) -> DetailPane:
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.resize(900, 760)
    widget.show()
    QApplication.processEvents()  # deliver the queued changes of building the films
    widget.show_film(films[0])
    return widget


def page_text(pane: DetailPane) -> str:
    return pane.view.toPlainText()


def wait_for_text(qtbot, pane: DetailPane, text: str, present: bool = True) -> None:
    qtbot.waitUntil(lambda: (text in page_text(pane)) == present, timeout=3000)


def click_link(qtbot, pane: DetailPane, href: str) -> None:
    """Click the first link to `href` on the page, where it is drawn."""
    document = pane.view.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                pane.view.setTextCursor(cursor)
                pane.view.ensureCursorVisible()
                rect = pane.view.cursorRect(cursor)
                point = QPoint(rect.x() - 2, rect.center().y())
                QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def line(pane: DetailPane, name: str) -> QLineEdit:
    return pane.editor.inputs[name]  # type: ignore[return-value]


def test_empty_state(qtbot, context: AppContext) -> None:
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.show_film(None)
    assert widget.stack.currentWidget().objectName() == "detailEmpty"
    assert not widget.edit_button.isVisibleTo(widget)


def test_reading_page(pane: DetailPane, films: tuple[int, int]) -> None:
    text = page_text(pane)
    assert "La La Land" in text and "2016 · 128 min · PG-13 · Musical, Romance, Drama" in text
    cast = [text.index(f"{name}\n{character}\n")
            for name, character in (("Emma Stone", "Mia"), ("Ryan Gosling", "Sebastian"), ("J.K. Simmons", "Bill"))]
    assert cast == sorted(cast)
    assert "Mia" in text and "Sebastian" in text
    assert "La La Land – Behind the Scenes Featurette" in text
    assert FEATURETTE_URL in pane.view.toHtml()
    assert "A joyous, bittersweet triumph." in text and "Brian" in text
    releases = [text.index(s) for s in ("September 2016", "9 December 2016", "16 December 2016")]
    assert releases == sorted(releases)
    assert "Blu-ray" in text and "Living room, shelf B" in text
    assert "AWARDS" not in text  # a missing section has no heading


def test_user_html_is_shown_literally(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.context.catalogue.records.add("review", films[0], {"author": "<i>Critic</i>",
                                                           "excerpt": "<b>bold</b> <img src=x>"})
    wait_for_text(qtbot, pane, "<b>bold</b> <img src=x>")
    assert "<i>Critic</i>" in page_text(pane)


def test_edit_title_undo_redo(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat, stack = pane.context.catalogue, pane.context.undo_stack
    pane.start_editing()
    title = line(pane, "title")
    assert pane.editing and title.hasFocus()
    title.selectAll()
    QTest.keyClicks(title, "La La Land (Director's Cut)")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(title, Qt.Key.Key_Return)
    assert cat.films.document(films[0])["title"] == "La La Land (Director's Cut)"
    wait_for_text(qtbot, pane, "La La Land (Director's Cut)")
    stack.undo()
    assert cat.films.document(films[0])["title"] == "La La Land"
    qtbot.waitUntil(lambda: title.text() == "La La Land", timeout=3000)
    stack.redo()
    assert cat.films.document(films[0])["title"] == "La La Land (Director's Cut)"
    qtbot.waitUntil(lambda: title.text() == "La La Land (Director's Cut)", timeout=3000)
    pane.done_button.click()
    assert not pane.editing and "Director's Cut" in page_text(pane)


def test_bad_year_shows_error_and_writes_nothing(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    year = line(pane, "year")
    year.setFocus()
    year.selectAll()
    QTest.keyClicks(year, "20016")
    QTest.keyClick(year, Qt.Key.Key_Return)
    error = pane.editor.errors["year"]
    assert error.isVisible() and "20016" in error.text() and "year" in error.text()
    assert pane.context.catalogue.films.document(films[0])["year"] == 2016
    assert pane.context.undo_stack.count() == 0
    assert year.text() == "20016"
    year.selectAll()
    QTest.keyClicks(year, "2017")
    QTest.keyClick(year, Qt.Key.Key_Return)
    assert not error.isVisible() and pane.context.catalogue.films.document(films[0])["year"] == 2017


def test_add_cast_member_with_completion(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat = pane.context.catalogue
    cat.films.create({"title": "The Help", "year": 2011})
    cat.records.add_credit(cat.films.find("The Help"), "Viola Davis", "actor", "Aibileen Clark")
    QApplication.processEvents()
    pane.start_editing()
    table = pane.editor.tables["credit"]
    table.buttons["add"].click()
    editor = table.view.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClicks(editor, "vio")
    completer: QCompleter = editor.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=3000)
    assert completer.completionModel().index(0, 0).data() == "Viola Davis"
    editor.setText("Viola Davis")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(editor, Qt.Key.Key_Return)
    model = table.model
    row = model.row_of(next(r["_key"] for r in model.rows if r.get("person") == "Viola Davis"))
    table.view.setCurrentIndex(model.index(row, 2))
    table.view.edit(model.index(row, 2))
    character = table.view.focusWidget()
    assert isinstance(character, QLineEdit)
    QTest.keyClicks(character, "Herself")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(character, Qt.Key.Key_Return)
    credits = cat.films.document(films[0])["credits"]
    assert {"person": "Viola Davis", "character": "Herself"}.items() <= credits[-1].items()
    wait_for_text(qtbot, pane, "Viola Davis\nHerself\n")


def test_move_credit_up_changes_billing(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["credit"]
    model = table.model
    row = next(i for i, r in enumerate(model.rows) if r["person"] == "Ryan Gosling")
    table.view.setCurrentIndex(model.index(row, 0))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        table.buttons["up"].click()
    cast = [c["person"] for c in pane.context.catalogue.films.document(films[0])["credits"] if c["role"] == "actor"]
    assert cast[:2] == ["Ryan Gosling", "Emma Stone"]
    assert model.rows[table.current_row()]["person"] == "Ryan Gosling"
    text = page_text(pane)
    assert text.index("Ryan Gosling") < text.index("Emma Stone")
    pane.context.undo_stack.undo()
    cast = [c["person"] for c in pane.context.catalogue.films.document(films[0])["credits"] if c["role"] == "actor"]
    assert cast[:2] == ["Emma Stone", "Ryan Gosling"]


def edit_cell(qtbot, table, row: int, column: int, text: str) -> None:
    index = table.model.index(row, column)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.focusWidget()
    assert isinstance(editor, QLineEdit | QPlainTextEdit)
    editor.selectAll()
    QTest.keyClicks(editor, text)
    # Return writes a one-line cell; a long text's editor takes Return as a new line, Tab writes it.
    QTest.keyClick(editor, Qt.Key.Key_Tab if isinstance(editor, QPlainTextEdit) else Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState
                    or table.view.focusWidget() is not editor, timeout=3000)


def test_add_featurette(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["video"]
    table.buttons["add"].click()
    row = table.model.rowCount() - 1
    table.view.closePersistentEditor(table.model.index(row, 1))
    combo_index = table.model.index(row, 0)
    table.view.edit(combo_index)
    combo = table.view.focusWidget()
    combo.setCurrentIndex(combo.findData("trailer"))
    combo.activated.emit(combo.currentIndex())
    edit_cell(qtbot, table, row, 2, "https://example.com/teaser")  # pending: kept until a title is given
    assert len(pane.context.catalogue.records.of("video", films[0])) == 1
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, row, 1, "Official Trailer")
    video = pane.context.catalogue.records.of("video", films[0])[-1]
    assert (video["kind"], video["title"], video["url"]) == ("trailer", "Official Trailer", "https://example.com/teaser")
    wait_for_text(qtbot, pane, "Official Trailer")
    assert "https://example.com/teaser" in pane.view.toHtml()


def test_bad_cell_value_stays_red(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["video"]
    edit_cell(qtbot, table, 0, 2, "not a link")
    index = table.model.index(0, 2)
    assert index.data() == "not a link" and "web link" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert pane.context.catalogue.records.of("video", films[0])[0]["url"] == FEATURETTE_URL
    assert pane.context.undo_stack.count() == 0


def test_remove_review_and_undo(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat = pane.context.catalogue
    review_id = cat.records.of("review", films[0])[0]["id"]
    pane.start_editing()
    table = pane.editor.tables["review"]
    table.view.setCurrentIndex(table.model.index(0, 0))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        table.buttons["remove"].click()
    assert cat.records.of("review", films[0]) == []
    wait_for_text(qtbot, pane, "A joyous, bittersweet triumph.", present=False)
    pane.context.undo_stack.undo()
    assert [r["id"] for r in cat.records.of("review", films[0])] == [review_id]
    wait_for_text(qtbot, pane, "A joyous, bittersweet triumph.")
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=3000)


def test_person_link_lists_films_and_requests_one(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    person_id = pane.context.catalogue.people.find("Damien Chazelle")
    click_link(qtbot, pane, f"person:{person_id}")
    qtbot.waitUntil(lambda: pane.person_dialog is not None and pane.person_dialog.isVisible(), timeout=3000)
    dialog = pane.person_dialog
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert items[0].startswith("Whiplash (2014)") and "director, writer" in items[0]
    assert items[1].startswith("La La Land (2016)")
    with qtbot.waitSignal(pane.film_requested, timeout=3000) as blocker:
        dialog.open_button.click()
    assert blocker.args == [films[1]]


def test_video_link_opens_browser(qtbot, pane: DetailPane, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    click_link(qtbot, pane, FEATURETTE_URL)
    qtbot.waitUntil(lambda: opened == [FEATURETTE_URL], timeout=3000)
    pane.view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == [FEATURETTE_URL]


def test_removed_film_clears_pane(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        pane.context.catalogue.films.delete([films[0]])
    assert pane.film_id is None
    assert pane.stack.currentWidget().objectName() == "detailEmpty"


def test_f2_starts_editing(qtbot, pane: DetailPane) -> None:
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_F2)
    assert pane.editing and line(pane, "title").hasFocus()


def test_a_poster_is_on_the_page_at_once_from_its_cached_thumbnail(qtbot, context: AppContext,
                                                                   films: tuple[int, int], tmp_path: Path) -> None:
    """Read on the GUI thread (a few KB): the page is laid out once, with the poster. Handed to a
    worker, it came after the window's first frame and the page was laid out again."""
    from catalog.imaging.placeholders import make_placeholder
    from catalog.imaging.probe import make_thumbnail

    make_placeholder(tmp_path / "poster.jpg", "La La Land", kind="poster")
    context.catalogue.images.add_file(tmp_path / "poster.jpg", films[0], kind="poster")
    sha = context.catalogue.films.document(films[0])["poster"]
    context.catalogue.pictures.write_thumbnail(sha, 256, make_thumbnail(tmp_path / "poster.jpg", 256))
    QApplication.processEvents()
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.show_film(films[0])
    assert 'src="poster:' in widget.view.toHtml()  # no wait
    image = widget.view.loadResource(2, QUrl(f"poster:{widget.doc['poster']}"))
    assert image is not None and 0 < image.width() <= 400


def test_a_poster_without_a_cached_thumbnail_is_loaded_off_the_gui_thread(qtbot, context: AppContext,
                                                                         films: tuple[int, int],
                                                                         tmp_path: Path) -> None:
    from catalog.imaging.placeholders import make_placeholder

    make_placeholder(tmp_path / "poster.jpg", "La La Land", kind="poster")
    context.catalogue.images.add_file(tmp_path / "poster.jpg", films[0], kind="poster")
    QApplication.processEvents()
    sha = context.catalogue.films.document(films[0])["poster"]
    assert not context.catalogue.pictures.thumbnail_path(sha).exists()  # (the picture may be big: read by a worker)
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.show_film(films[0])
    assert 'src="poster:' not in widget.view.toHtml()
    qtbot.waitUntil(lambda: 'src="poster:' in widget.view.toHtml(), timeout=5000)
    image = widget.view.loadResource(2, QUrl(f"poster:{sha}"))
    assert image is not None and 0 < image.width() <= 400


def test_loading_the_editor_never_writes_back(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat = pane.context.catalogue
    before = {fid: cat.films.document(fid)["updated_at"] for fid in films}
    pane.start_editing()
    pane.show_film(films[1])
    pane.show_film(films[0])
    pane.editor.inputs["watched"].setFocus()
    pane.done_button.click()
    QApplication.processEvents()
    assert pane.context.undo_stack.count() == 0
    assert {fid: cat.films.document(fid)["updated_at"] for fid in films} == before


def test_refused_value_survives_a_refresh(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    runtime = line(pane, "runtime_min")
    runtime.setText("long")
    pane.editor.commit("runtime_min")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        pane.context.catalogue.films.update(films[0], {"tagline": "City of stars"})
    assert runtime.text() == "long" and pane.editor.errors["runtime_min"].isVisibleTo(pane)
    assert line(pane, "tagline").text() == "City of stars"


def column(table, field: str) -> int:
    return next(i for i, c in enumerate(table.model.columns) if c.field == field)


def choose(qtbot, table, row: int, field: str, key: str) -> None:
    """Pick `key` in the combo of a choice cell, as a user would (it commits on activation)."""
    index = table.model.index(row, column(table, field))
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    combo = table.view.focusWidget()
    combo.setCurrentIndex(combo.findData(key))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState, timeout=3000)


def companies(pane: DetailPane, film: int) -> list[tuple[str, str]]:
    return [(c["name"], c["role"]) for c in pane.context.catalogue.films.document(film)["companies"]]


def test_add_company_choose_role_move_and_undo(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["company"]
    assert "Companies (1)" in [pane.editor.tabs.tabText(i) for i in range(pane.editor.tabs.count())]
    table.buttons["add"].click()
    editor = table.view.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClicks(editor, "Summit Entertainment")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(editor, Qt.Key.Key_Return)
    assert companies(pane, films[0]) == [("Lionsgate", "distributor"), ("Summit Entertainment", "production")]
    wait_for_text(qtbot, pane, "Production\nSummit Entertainment")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        choose(qtbot, table, 1, "role", "distributor")
    assert companies(pane, films[0])[1] == ("Summit Entertainment", "distributor")
    wait_for_text(qtbot, pane, "Distributors\nLionsgate, Summit Entertainment")
    table.view.setCurrentIndex(table.model.index(1, 0))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        table.buttons["up"].click()
    assert [name for name, _ in companies(pane, films[0])] == ["Summit Entertainment", "Lionsgate"]
    assert table.model.rows[table.current_row()]["name"] == "Summit Entertainment"
    for _ in range(3):
        pane.context.undo_stack.undo()
    assert companies(pane, films[0]) == [("Lionsgate", "distributor")]
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=3000)
    wait_for_text(qtbot, pane, "Summit Entertainment", present=False)


def test_remove_company_and_undo(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["company"]
    table.view.setCurrentIndex(table.model.index(0, 0))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        table.buttons["remove"].click()
    assert companies(pane, films[0]) == []
    wait_for_text(qtbot, pane, "Distributor\nLionsgate", present=False)
    pane.context.undo_stack.undo()
    assert companies(pane, films[0]) == [("Lionsgate", "distributor")]
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=3000)


def test_empty_company_name_is_refused_at_its_cell(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["company"]
    index = table.model.index(0, column(table, "name"))
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.focusWidget()
    editor.clear()
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits from the event loop
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.ToolTipRole) is not None, timeout=3000)
    assert "must not be empty" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert companies(pane, films[0]) == [("Lionsgate", "distributor")]
    assert pane.context.undo_stack.count() == 0


def test_video_file_and_description(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat = pane.context.catalogue
    pane.start_editing()
    table = pane.editor.tables["video"]
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, 0, column(table, "file_path"), "/films/extras/la-la-land-bts.mkv")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, 0, column(table, "description"), "Six minutes on set.")
    video = cat.records.of("video", films[0])[0]
    assert (video["file_path"], video["description"]) == ("/films/extras/la-la-land-bts.mkv", "Six minutes on set.")
    wait_for_text(qtbot, pane, "Six minutes on set.\nFile: /films/extras/la-la-land-bts.mkv")
    assert "file:" not in pane.view.toHtml()  # shown, never linked
    pane.context.undo_stack.undo()
    assert cat.records.of("video", films[0])[0]["description"].startswith("Cast members")
    qtbot.waitUntil(lambda: table.model.index(0, column(table, "description")).data().startswith("Cast"),
                    timeout=3000)


def test_review_score_and_link(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    cat = pane.context.catalogue
    pane.start_editing()
    table = pane.editor.tables["review"]
    score = table.model.index(0, column(table, "score"))
    edit_cell(qtbot, table, 0, score.column(), "150")
    assert score.data() == "150" and "0–100" in score.data(Qt.ItemDataRole.ToolTipRole)
    assert cat.records.of("review", films[0])[0]["score"] is None and pane.context.undo_stack.count() == 0
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, 0, score.column(), "82")
    assert score.data(Qt.ItemDataRole.ToolTipRole) is None
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, 0, column(table, "url"), "https://example.com/telluride")
    review = cat.records.of("review", films[0])[0]
    assert (review["score"], review["url"]) == (82, "https://example.com/telluride")
    wait_for_text(qtbot, pane, "82/100")
    assert "https://example.com/telluride" in pane.view.toHtml()


def test_award_fields(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["award"]
    table.buttons["add"].click()
    row = table.model.rowCount() - 1
    edit_cell(qtbot, table, row, column(table, "year"), "2017")  # pending until the body is named
    assert pane.context.catalogue.records.of("award", films[0]) == []
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        edit_cell(qtbot, table, row, column(table, "body"), "Academy Awards")
    edit_cell(qtbot, table, row, column(table, "category"), "Best Director")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        choose(qtbot, table, row, "result", "won")
    award = pane.context.catalogue.records.of("award", films[0])[0]
    assert (award["body"], award["category"], award["year"], award["result"]) == (
        "Academy Awards", "Best Director", 2017, "won")
    wait_for_text(qtbot, pane, "2017\nAcademy Awards · Best Director · Won")


def test_ctrl_return_esc_and_ctrl_e_switch_modes(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert pane.editing and line(pane, "title").hasFocus()
    tagline = line(pane, "tagline")
    tagline.setFocus()
    QTest.keyClicks(tagline, "Here's to the fools who dream")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(tagline, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not pane.editing and pane.view.hasFocus()
    assert pane.context.catalogue.films.document(films[0])["tagline"] == "Here's to the fools who dream"
    wait_for_text(qtbot, pane, "Here's to the fools who dream")
    QTest.keyClick(pane.view, Qt.Key.Key_F2)
    assert pane.editing
    synopsis = pane.editor.inputs["synopsis"]
    synopsis.setFocus()
    QTest.keyClick(synopsis, Qt.Key.Key_Escape)
    assert not pane.editing and pane.stack.currentWidget() is pane.view


def test_esc_in_a_cell_closes_only_the_cell(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["review"]
    pane.editor.tabs.setCurrentWidget(table)
    index = table.model.index(0, column(table, "author"))
    table.view.setCurrentIndex(index)
    QTest.keyClick(table.view, Qt.Key.Key_F2)  # F2 edits the cell while editing, it does not jump to the title
    editor = table.view.focusWidget()
    assert isinstance(editor, QLineEdit) and table.view.state() == QAbstractItemView.State.EditingState
    QTest.keyClicks(editor, " Tallerico")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState, timeout=3000)
    assert pane.editing and index.data() == "Brian"
    assert pane.context.catalogue.records.of("review", films[0])[0]["author"] == "Brian"
    QTest.keyClick(table.view, Qt.Key.Key_Escape)
    assert not pane.editing


def test_ctrl_return_in_a_cell_saves_it(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    pane.start_editing()
    table = pane.editor.tables["review"]
    pane.editor.tabs.setCurrentWidget(table)
    index = table.model.index(0, column(table, "outlet"))
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.focusWidget()
    QTest.keyClicks(editor, "RogerEbert.com")
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not pane.editing
    assert pane.context.catalogue.records.of("review", films[0])[0]["outlet"] == "RogerEbert.com"
    wait_for_text(qtbot, pane, "Brian, RogerEbert.com")


def test_table_keys_insert_delete_and_move(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    deleted_film: list[bool] = []
    window_delete = QAction("Delete film", pane)  # what the main window has on the same key
    window_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    window_delete.triggered.connect(lambda: deleted_film.append(True))
    pane.addAction(window_delete)
    cat = pane.context.catalogue

    def cast() -> list[str]:
        return [c["person"] for c in cat.films.document(films[0])["credits"] if c["role"] == "actor"]

    pane.start_editing()
    table = pane.editor.tables["credit"]
    model = table.model
    table.view.setFocus()
    table.view.setCurrentIndex(model.index(next(i for i, r in enumerate(model.rows)
                                                 if r["person"] == "Ryan Gosling"), 0))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(table.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert cast()[:2] == ["Ryan Gosling", "Emma Stone"]
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(table.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert cast()[:2] == ["Emma Stone", "Ryan Gosling"]
    assert model.rows[table.current_row()]["person"] == "Ryan Gosling"
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        QTest.keyClick(table.view, Qt.Key.Key_Delete)
    assert "Ryan Gosling" not in cast() and not deleted_film
    wait_for_text(qtbot, pane, "Ryan Gosling", present=False)
    pane.context.undo_stack.undo()
    assert cast()[:2] == ["Emma Stone", "Ryan Gosling"]
    rows = model.rowCount()
    QTest.keyClick(table.view, Qt.Key.Key_Insert)
    assert model.rowCount() == rows + 1 and table.view.state() == QAbstractItemView.State.EditingState
    assert table.current_row() == rows and isinstance(table.view.focusWidget(), QLineEdit)


def test_long_notes_are_shown_whole_while_editing(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:
    notes = "\n".join(f"Line {i} of what I wrote about the screening." for i in range(1, 7))
    with qtbot.waitSignal(pane.context.changed, timeout=3000):
        pane.context.catalogue.films.update(films[0], {"notes": notes})
    pane.start_editing()
    field = pane.editor.inputs["notes"]
    qtbot.waitUntil(lambda: field.verticalScrollBar().maximum() == 0, timeout=3000)  # no scrolling inside it
    short = field.height()
    field.setPlainText("One line.")
    assert field.height() < short


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_saving_over_someone_elses_change_offers_the_choice_and_merges(
        qtbot, pane: DetailPane, films: tuple[int, int], catalogue_location) -> None:
    from catalog import open_catalogue

    cat = pane.context.catalogue
    pane.start_editing()
    other = open_catalogue(catalogue_location)  # another member (or another program on the file)
    other.films.update(films[0], {"year": 2017, "tagline": "Theirs"})
    seen = []

    def resolve(conflict, loaded):
        seen.append(conflict)
        return {"title": conflict.mine["title"]}  # merge: my title, their year and tagline

    pane.editor.resolve_conflict = resolve
    title = line(pane, "title")
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "La La Land (mine)")
    QTest.keyClick(title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    [conflict] = seen
    assert conflict.changed_by == other.member and conflict.theirs["year"] == 2017
    assert conflict.mine == {"title": "La La Land (mine)"}
    doc = cat.films.document(films[0])
    assert (doc["title"], doc["year"], doc["tagline"]) == ("La La Land (mine)", 2017, "Theirs")
    qtbot.waitUntil(lambda: line(pane, "year").text() == "2017", timeout=3000)
    other.close()


def _choosing(pane: DetailPane, *choices: str) -> list:
    """The editor's side-by-side choice as the real dialog, its buttons clicked in turn (never exec'd)."""
    from ui.detail.conflict_dialog import ConflictDialog

    asked: list[ConflictDialog] = []
    picks = iter(choices)

    def resolve(conflict, loaded):
        dialog = ConflictDialog(conflict, loaded, pane)
        asked.append(dialog)
        dialog.findChild(QPushButton, f"conflict_{next(picks)}").click()
        return dialog.merged()

    pane.editor.resolve_conflict = resolve
    return asked


def _type(field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)  # committed now, the choice included (no event loop in between)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_genres_someone_else_changed_since_they_were_shown_offer_the_choice(
        qtbot, pane: DetailPane, films: tuple[int, int], catalogue_location) -> None:
    cat, film = pane.context.catalogue, films[0]
    pane.start_editing()
    genres = line(pane, "genres")
    assert genres.text() == "Musical, Romance, Drama"
    asked = _choosing(pane, "mine", "theirs")
    other = open_catalogue(catalogue_location)  # another member (or another program on the file)
    try:
        other.films.set_genres(film, ["Musical", "Comedy"])  # while this editor still shows the old genres
        _type(genres, "Musical, Romance, Jazz")
        [dialog] = asked
        assert dialog.conflict.changed_by == other.member
        assert [dialog.table.item(0, c).text() for c in range(3)] == ["Genres", "Musical, Romance, Jazz",
                                                                      "Musical, Comedy"]
        assert genres.text() == "Musical, Romance, Jazz"  # kept mine
        assert other.films.document(film)["genres"] == ["Musical", "Romance", "Jazz"]

        other.films.set_genres(film, ["Musical"])
        _type(genres, "Jazz")
        assert len(asked) == 2 and genres.text() == "Musical"  # took theirs: shown as it now is
        assert cat.films.document(film)["genres"] == ["Musical"]
    finally:
        other.close()


def test_a_custom_field_someone_else_changed_since_it_was_shown_offers_the_choice(
        qtbot, pane: DetailPane, films: tuple[int, int], catalogue_location) -> None:
    cat, film = pane.context.catalogue, films[0]
    shelf = cat.fields.define("Shelf", "text").id
    pane.start_editing()
    field = pane.editor.custom.inputs[shelf]
    assert isinstance(field, QLineEdit) and field.text() == ""
    asked = _choosing(pane, "mine")
    other = open_catalogue(catalogue_location)
    try:
        other.films.set_custom(film, "Shelf", "B2")
        _type(field, "C3")
        [dialog] = asked
        assert [dialog.table.item(0, c).text() for c in range(3)] == ["Shelf", "C3", "B2"]
        assert field.text() == "C3" and other.films.document(film)["custom"]["Shelf"] == "C3"
        with qtbot.waitSignal(pane.context.changed, timeout=3000):
            pane.context.undo_stack.undo()  # the choice saved is one undoable edit: back to theirs
        assert cat.films.document(film)["custom"]["Shelf"] == "B2"
        qtbot.waitUntil(lambda: field.text() == "B2", timeout=3000)
    finally:
        other.close()


def test_companies_someone_else_changed_since_they_were_shown_are_not_overwritten(
        qtbot, pane: DetailPane, films: tuple[int, int], catalogue_location) -> None:
    cat, film = pane.context.catalogue, films[0]
    pane.start_editing()
    table = pane.editor.tables["company"]
    name = next(i for i, c in enumerate(table.model.columns) if c.field == "name")
    messages: list[str] = []
    table.model.failed.connect(messages.append)
    other = open_catalogue(catalogue_location)  # another member adds a distributor meanwhile
    try:
        other.films.set_companies(film, [{"name": "Lionsgate", "role": "distributor"},
                                         {"name": "Summit Entertainment", "role": "distributor"}])
        table.model.setData(table.model.index(0, name), "Lionsgate Films")
        assert messages and "was changed by" in messages[-1] and "not saved" in messages[-1]
        qtbot.waitUntil(lambda: table.model.rowCount() == 2, timeout=3000)  # theirs shown
        table.model.setData(table.model.index(0, name), "Lionsgate Films")  # now over what is shown: saved
        assert [c["name"] for c in other.films.document(film)["companies"]] == ["Lionsgate Films",
                                                                                "Summit Entertainment"]
        other.films.set_companies(film, [])
        table.model.remove_row(1)  # removing from a stale list is refused too
        assert len(messages) == 2 and "was changed by" in messages[-1]
        qtbot.waitUntil(lambda: table.model.rowCount() == 0, timeout=3000)
        assert cat.films.document(film)["companies"] == []
    finally:
        other.close()


def test_a_narrow_pane_puts_the_text_under_the_poster(qtbot, context: AppContext, films: tuple[int, int],
                                                      tmp_path: Path) -> None:
    """Beside the poster while there is room for a readable column; under it when the pane is
    narrow (not a column of a word a line), and back beside it when the pane widens again."""
    from catalog.imaging.placeholders import make_placeholder

    make_placeholder(tmp_path / "poster.jpg", "La La Land", kind="poster")
    context.catalogue.images.add_file(tmp_path / "poster.jpg", films[0], kind="poster")
    QApplication.processEvents()
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.resize(700, 700)
    widget.show()
    widget.show_film(films[0])
    qtbot.waitUntil(lambda: 'src="poster:' in widget.view.toHtml(), timeout=5000)

    def title_left() -> int:
        found = widget.view.document().find("Written and directed by")
        found.setPosition(found.selectionStart())
        return widget.view.cursorRect(found).left()

    beside = title_left()
    assert beside > 156  # right of the poster
    widget.resize(330, 700)
    qtbot.waitUntil(lambda: title_left() < 60, timeout=3000)  # under the poster, at the page's margin
    widget.resize(700, 700)
    qtbot.waitUntil(lambda: title_left() == beside, timeout=3000)


def test_a_very_narrow_pane_puts_each_value_under_its_label(qtbot, context: AppContext,
                                                            films: tuple[int, int]) -> None:
    """Two columns of a few letters each broke words in the middle ("Septe mber")."""
    widget = DetailPane(context)
    qtbot.addWidget(widget)
    widget.resize(700, 700)
    widget.show()
    widget.show_film(films[0])
    people = context.catalogue.films.document(films[0])["credits"]
    name, character = next((c["person"], c["character"]) for c in people if c["character"])

    def character_under_name() -> bool:
        document, view = widget.view.document(), widget.view
        first, second = document.find(name), document.find(character)
        if first.isNull() or second.isNull():
            return False
        return view.cursorRect(second).top() > view.cursorRect(first).top()

    assert not character_under_name()  # beside it
    widget.resize(330, 700)  # narrow: the text under the poster, the values still beside their labels
    qtbot.waitUntil(lambda: widget.view.viewport().width() < 330, timeout=3000)
    assert not character_under_name()
    widget.resize(230, 700)
    qtbot.waitUntil(character_under_name, timeout=3000)
    widget.resize(700, 700)
    qtbot.waitUntil(lambda: not character_under_name(), timeout=3000)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_cell_someone_else_changed_since_it_was_shown_is_not_overwritten(
        qtbot, pane: DetailPane, films: tuple[int, int], catalogue_location) -> None:
    from catalog.formats.csv_table import COPY

    cat = pane.context.catalogue
    pane.start_editing()
    table = pane.editor.tables["copy"]
    location = COPY.field_names.index("location")
    [copy] = cat.records.of("copy", films[0])
    other = open_catalogue(catalogue_location)  # another member, editing the same copy
    try:
        other.records.update("copy", copy["id"], {"location": "Box 3"})
        messages: list[str] = []
        table.model.failed.connect(messages.append)
        table.model.setData(table.model.index(0, location), "Shelf B")
        assert messages and "was changed by" in messages[0] and "not saved" in messages[0]
        assert cat.records.of("copy", films[0])[0]["location"] == "Box 3"
        qtbot.waitUntil(lambda: table.model.index(0, location).data() == "Box 3", timeout=3000)  # theirs shown
        table.model.setData(table.model.index(0, location), "Shelf B")  # now over what is shown: saved
        assert other.records.get("copy", copy["id"])["location"] == "Shelf B"
    finally:
        other.close()


def test_the_editor_fits_a_narrow_pane_with_its_fields_lined_up(qtbot, pane: DetailPane, app) -> None:
    """In the default layout the editor was wider than its pane (a sideways scroll bar: the copy's
    details, two pairs a row), and "Original language" pushed its form's fields out of line."""
    pane.context.catalogue.fields.define("Shelf")
    pane.start_editing()
    editor = pane.editor
    for width in (300, 900):
        pane.resize(width, 760)
        qtbot.waitUntil(lambda w=width: abs(pane.width() - w) < 2, timeout=3000)
        editor.tabs.setCurrentWidget(editor.tables["copy"])
        QApplication.processEvents()
        assert editor.widget().minimumSizeHint().width() <= editor.viewport().width(), width
        assert not editor.horizontalScrollBar().isVisible(), width
        lefts = {name: box.mapTo(editor.widget(), box.rect().topLeft()).x() for name, box in editor.inputs.items()
                 if name != "watched"}
        lefts["Shelf"] = next(iter(editor.custom.inputs.values())).mapTo(editor.widget(), QPoint(0, 0)).x()
        if width == 300:  # one column of forms: every field starts at the same place
            assert len(set(lefts.values())) == 1, lefts
        details = editor.tables["copy"].findChild(QWidget, "copyDetails")
        assert details.columns == (1 if width == 300 else 2)  # pairs a row: as many as there is room for
