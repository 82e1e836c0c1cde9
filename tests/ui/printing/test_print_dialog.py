"""File ▸ Print… and Export PDF…: options dialog, preview painting, export off the GUI thread, cancel, errors.

Dialogs are skipped by passing ``options=`` and ``path=``. Worker tests hold the first film at a gate
until the test has connected to the task, then wait by signal.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QLocale, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QPushButton, QWidget

from catalog import Catalogue, open_catalogue, paths
from catalog.ops.demo import add_demo_catalogue
from catalog.render.sheets import list_templates
from ui.context import AppContext
from ui.printing import print_dialog
from ui.printing.print_dialog import PreviewPainter, PrintOptions, PrintOptionsDialog, export_pdf, print_preview
from ui.tasks import Task

USER_TEMPLATE = "<!--\n  title: Festival programme\n  kind: film\n-->\n<html><body><h1>$title</h1></body></html>"


@pytest.fixture(autouse=True)
def fresh_print_settings(qapp) -> None:
    """No remembered choices from an earlier test (conftest also points QSettings at tmp_path)."""
    QSettings().remove("print")


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with one user template, where Marquee looks for it."""
    folder = tmp_path / "data"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "festival.html").write_text(USER_TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)
    return folder


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    """The demo catalogue (La La Land, Whiplash) plus Amélie: three films."""
    cat = open_catalogue(tmp_path / "films.db")
    add_demo_catalogue(cat)
    cat.films.create({"title": "Amélie", "year": 2001, "runtime_min": 122})
    yield cat
    cat.close()


@pytest.fixture
def context(qapp, catalogue: Catalogue, user_dir: Path) -> Iterator[AppContext]:
    ctx = AppContext(catalogue)
    yield ctx
    ctx.close()


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def gate(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Worker reads wait here until the test sets the gate (so no signal goes unheard)."""
    event = threading.Event()
    read = catalogue.films.document

    def gated(film_id: int) -> dict:
        event.wait(30)
        return read(film_id)

    monkeypatch.setattr(catalogue.films, "document", gated)
    return event


def pdf_text(path: Path) -> list[str]:
    pages = pypdf.PdfReader(str(path)).pages
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text())) for p in pages]


def run(qtbot, task: Task | None, gate: threading.Event) -> Task:
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=60_000):
        gate.set()
    return task


# ------------------------------------------------------------------------------------------- export


def test_export_writes_every_film(qtbot, context, parent, gate, tmp_path):
    ids = context.catalogue.films.ids()
    out = tmp_path / "films.pdf"
    messages: list[str] = []
    context.status_message.connect(messages.append)
    task = export_pdf(parent, context, ids, lambda: [], options=PrintOptions("selected", "sheet", "A4"), path=out)
    labels: list[str] = []
    on_gui_thread: list[bool] = []

    def heard(done: int, n: int, title: str) -> None:
        labels.append(f"{done}/{n} {title}")
        on_gui_thread.append(threading.current_thread() is threading.main_thread())

    task.progress.connect(heard)
    run(qtbot, task, gate)
    pages = pdf_text(out)
    assert len(pages) >= 3 and task.result.pages == len(pages) and task.result.films == 3
    assert labels == ["0/3 Amélie", "1/3 La La Land", "2/3 Whiplash"] and all(on_gui_thread)
    firsts = [title for p in pages for title in re.findall(r"(Amélie|La La Land|Whiplash) — page 1 of", p)]
    assert firsts == ["Amélie", "La La Land", "Whiplash"]
    assert messages == [f"Saved 3 films on {len(pages)} pages to {out}"]
    box = parent.findChild(QMessageBox, "pdfSavedBox")
    assert box is not None and box.text() == f"Saved 3 films on {len(pages)} pages."
    assert box.informativeText() == f"films.pdf\nin {tmp_path}"
    assert not list(tmp_path.glob(".*.part"))


def test_open_button_opens_the_pdf(qtbot, context, parent, gate, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    out = tmp_path / "one.pdf"
    ids = context.catalogue.films.ids()[:1]
    run(qtbot, export_pdf(parent, context, ids, lambda: [], options=PrintOptions(template="card"), path=out), gate)
    box = parent.findChild(QMessageBox, "pdfSavedBox")
    qtbot.mouseClick(box.findChild(QWidget, "openPdfButton"), Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_cancel_after_the_first_film_leaves_no_file(qtbot, context, parent, gate, tmp_path):
    ids = context.catalogue.films.ids()
    out = tmp_path / "cancelled.pdf"
    messages: list[str] = []
    context.status_message.connect(messages.append)
    task = export_pdf(parent, context, ids, lambda: [], options=PrintOptions(), path=out)
    # Direct: the worker itself cancels as it reports the second film, so the test is not a race.
    task.progress.connect(lambda done, n, title: task.cancel() if done >= 1 else None,
                          Qt.ConnectionType.DirectConnection)
    run(qtbot, task, gate)
    assert task.error is None and task.result.pages == 0
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    assert messages == ["Export PDF cancelled; no file was written."]
    assert parent.findChild(QMessageBox, "pdfSavedBox") is None


def test_write_error_is_a_plain_message(qtbot, context, parent, gate, tmp_path):
    out = tmp_path / "no such folder" / "films.pdf"
    task = run(qtbot, export_pdf(parent, context, [1], lambda: [], options=PrintOptions(), path=out), gate)
    assert task.error is not None and "films.pdf" in task.error
    box = parent.findChild(QMessageBox, "errorDialog")
    assert box is not None and "The PDF was not saved" in box.text() and "Traceback" not in box.text()
    assert str(out) in box.text() and "no such folder" in box.text()  # which path, and why
    assert not out.parent.exists()


def test_deleted_film_is_a_plain_message(qtbot, context, parent, gate, tmp_path):
    task = run(qtbot, export_pdf(parent, context, [999], lambda: [], options=PrintOptions(), path=tmp_path / "x.pdf"),
               gate)
    assert "999" in (task.error or "")
    assert parent.findChild(QMessageBox, "errorDialog") is not None and not (tmp_path / "x.pdf").exists()


def test_matching_scope_prints_the_search_ids(qtbot, context, parent, gate, tmp_path):
    whiplash = context.catalogue.films.ids("whiplash")
    out = tmp_path / "search.pdf"
    task = export_pdf(parent, context, context.catalogue.films.ids(), lambda: whiplash,
                      options=PrintOptions("matching", "card", "Letter"), path=out)
    run(qtbot, task, gate)
    text = pdf_text(out)
    assert task.result.films == 1 and len(text) == 1 and "Whiplash — page 1 of 1" in text[0]
    assert round(pypdf.PdfReader(str(out)).pages[0].mediabox.width) == 612


def test_file_dialog_suggests_the_film_title(qtbot, context, parent, gate, tmp_path, monkeypatch):
    asked: list[str] = []

    def save_name(_parent, _caption, default, _filter):
        asked.append(Path(default).name)
        return str(tmp_path / "chosen"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    ids = context.catalogue.films.ids()
    run(qtbot, export_pdf(parent, context, ids[:1], lambda: ids, options=PrintOptions()), gate)
    run(qtbot, export_pdf(parent, context, ids, lambda: ids, options=PrintOptions("matching")), gate)
    assert asked == ["Amélie.pdf", "Marquee catalogue.pdf"]
    assert (tmp_path / "chosen.pdf").exists()
    assert QSettings().value("print/folder") == str(tmp_path)


# ------------------------------------------------------------------------------------------ options


def test_options_dialog_lists_builtin_and_user_templates(qtbot, user_dir):
    dialog = PrintOptionsDialog(None, 2, 10, list_templates(user_dir), "A4")
    qtbot.addWidget(dialog)
    box = dialog.template_box
    items = [(box.itemText(i), box.itemData(i)) for i in range(box.count()) if box.itemData(i)]
    assert items == [("Detail sheet", "sheet"), ("Compact card", "card"), ("Catalogue list", "list"),
                     ("Wishlist", "wishlist"), ("Loan slip", "slip"), ("Loans", "loans"), ("Overdue loans", "overdue"),
                     ("Festival programme (yours)", "festival")]
    assert dialog.selected_button.text() == "The 2 selected films"
    assert dialog.matching_button.text() == "All 10 films matching the search"
    assert dialog.options() == PrintOptions("selected", "sheet", "A4")


def test_print_preview_looks_up_user_templates(qtbot, context, parent, monkeypatch):
    seen: list[str] = []

    def reject(dialog: PrintOptionsDialog) -> int:
        seen.extend(str(dialog.template_box.itemData(i)) for i in range(dialog.template_box.count()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PrintOptionsDialog, "exec", reject)
    assert print_preview(parent, context, [1], lambda: [1, 2]) is None
    assert "festival" in seen and "sheet" in seen


@pytest.mark.parametrize(("territory", "paper"), [(QLocale.Country.UnitedStates, "Letter"),
                                                  (QLocale.Country.Germany, "A4")])
def test_paper_defaults_from_the_locale(qtbot, user_dir, territory, paper):
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, territory))
    try:
        dialog = PrintOptionsDialog(None, 1, 1, list_templates(user_dir))
        qtbot.addWidget(dialog)
        assert dialog.options().paper == paper
    finally:
        QLocale.setDefault(before)


def test_choices_are_remembered_but_films_start_at_the_selection(qtbot, user_dir):
    first = PrintOptionsDialog(None, 1, 5, list_templates(user_dir), "A4")
    qtbot.addWidget(first)
    first.template_box.setCurrentIndex(first.template_box.findData("festival"))
    first.paper_box.setCurrentIndex(first.paper_box.findData("Letter"))
    first.matching_button.setChecked(True)
    first.accept()
    again = PrintOptionsDialog(None, 1, 5, list_templates(user_dir), "A4")
    qtbot.addWidget(again)
    assert again.options() == PrintOptions("selected", "festival", "Letter")
    nothing_selected = PrintOptionsDialog(None, 0, 5, list_templates(user_dir), "A4")
    qtbot.addWidget(nothing_selected)
    assert nothing_selected.options().scope == "matching" and not nothing_selected.selected_button.isEnabled()


# ------------------------------------------------------------------------------------------ preview


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_painter_prints_the_selected_films(qtbot, context, parent, tmp_path):
    ids = context.catalogue.films.ids()
    out = tmp_path / "preview.pdf"
    printer = pdf_printer(out)
    pages = PreviewPainter(parent, context, ids[1:], PrintOptions("selected", "card", "A4")).paint(printer)
    del printer  # finishes the file
    text = pdf_text(out)
    assert pages == len(text) == 2
    assert "La La Land — page 1 of 1" in text[0] and "Whiplash — page 1 of 1" in text[1]


def test_list_template_prints_the_catalogue_list(qtbot, context, parent, tmp_path):
    out = tmp_path / "list.pdf"
    printer = pdf_printer(out)
    pages = PreviewPainter(parent, context, context.catalogue.films.ids(), PrintOptions(template="list")).paint(printer)
    del printer
    text = " ".join(pdf_text(out))
    assert pages == 1 and "Catalogue list — page 1 of 1" in text
    assert all(title in text for title in ("Amélie", "La La Land", "Whiplash"))


def test_print_preview_opens_on_the_chosen_films(qtbot, context, parent):
    ids = context.catalogue.films.ids()
    dialog = print_preview(parent, context, ids[:1], lambda: ids, options=PrintOptions("matching", "card", "A4"))
    assert dialog is not None and dialog.isVisible()
    assert dialog.painter.pages == 3  # painted when shown: one card per film
    dialog.close()


def test_big_preview_offers_export_instead(qtbot, context, parent, gate, tmp_path, monkeypatch):
    monkeypatch.setattr(print_dialog, "PREVIEW_LIMIT", 1)
    monkeypatch.setattr(print_dialog, "ask_big_preview", lambda _parent, count: "export")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(tmp_path / "big.pdf"), "")))
    ids = context.catalogue.films.ids()
    assert print_preview(parent, context, ids, lambda: ids, options=PrintOptions()) is None
    (task,) = context.tasks.running
    run(qtbot, task, gate)
    assert task.result.films == 3 and (tmp_path / "big.pdf").exists()


def test_big_preview_anyway_shows_progress_and_cancels(qtbot, context, parent, tmp_path, monkeypatch):
    monkeypatch.setattr(print_dialog, "PREVIEW_LIMIT", 1)
    made: list[QProgressDialog] = []
    make = print_dialog._progress_dialog
    monkeypatch.setattr(print_dialog, "_progress_dialog", lambda *a: made.append(make(*a)) or made[-1])
    read = context.catalogue.films.document
    reads: list[int] = []

    def cancel_at_second(film_id: int) -> dict:
        reads.append(film_id)
        if len(reads) == 2:
            made[0].findChild(QPushButton).click()  # Cancel, pressed while the first film is laid out
        return read(film_id)

    monkeypatch.setattr(context.catalogue.films, "document", cancel_at_second)
    out = tmp_path / "partial.pdf"
    printer = pdf_printer(out)
    pages = PreviewPainter(parent, context, context.catalogue.films.ids(), PrintOptions(template="card")).paint(printer)
    del printer
    assert len(made) == 1 and len(reads) == 2 and pages == 1 and len(pdf_text(out)) == 1
