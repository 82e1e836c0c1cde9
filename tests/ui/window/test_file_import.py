"""Importing another program's file from the window: the films already there offered one by one,
one step on the undo stack, the report shown; a CSV's columns mapped (and remembered) and its
dates asked about when they cannot tell day from month."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from catalog import Catalogue, formats
from catalog.formats.mapping import run_import
from catalog.formats.tellico import read_tellico
from tests.catalog.formats.importing import real
from ui.window.file_import import CsvMappingDialog, DuplicatesDialog, ImportReportDialog


def _open(kind: type) -> object:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_tellico_import_offers_duplicates_and_undoes_in_one_step(qtbot, window, tmp_catalogue: Catalogue) -> None:
    path = real("tellico__movies-many.tc")
    batch = read_tellico(tmp_catalogue, path)
    batch.films = batch.films[:5]  # five of its films are in the catalogue already
    run_import(tmp_catalogue, batch)
    undo = window.context.undo_stack.count()
    window.import_file(formats.by_name("tellico"), path)
    qtbot.waitUntil(lambda: _open(DuplicatesDialog) is not None, timeout=30000)
    dialog = _open(DuplicatesDialog)
    assert isinstance(dialog, DuplicatesDialog) and dialog.table.rowCount() == 5
    dialog.set_all("merge")
    dialog.combos[0].setCurrentIndex(dialog.combos[0].findData("keep"))
    dialog.accept()
    qtbot.waitUntil(lambda: _open(ImportReportDialog) is not None, timeout=60000)
    report = _open(ImportReportDialog)
    assert isinstance(report, ImportReportDialog)
    assert "Imported 78 films (4 merged into films already there)" in report.text.toPlainText()
    assert "Cast → cast" in report.text.toPlainText()
    assert tmp_catalogue.films.count() == 83 and window.context.undo_stack.count() == undo + 1
    window.context.undo_stack.undo()
    assert tmp_catalogue.films.count() == 5


def test_csv_columns_are_mapped_and_ambiguous_dates_asked(qtbot, window, tmp_catalogue: Catalogue,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "films.csv"
    path.write_text("Name,Shelf,Bought\nHeat,A3,03/04/2010\nAlien,B7,05/06/2011\n")
    window.import_file(formats.by_name("csv"), path)
    qtbot.waitUntil(lambda: _open(CsvMappingDialog) is not None, timeout=10000)
    mapping = _open(CsvMappingDialog)
    assert isinstance(mapping, CsvMappingDialog)
    assert mapping.mapping() == {"Name": "title", "Shelf": "copy.location", "Bought": "custom:Bought"}
    shelf, bought = mapping.combos[1], mapping.combos[2]
    shelf.setCurrentIndex(shelf.findData("custom:Shelf"))
    bought.setCurrentIndex(bought.findData("copy.purchased_on"))
    mapping.accept()
    qtbot.waitUntil(lambda: _open(QMessageBox) is not None, timeout=10000)
    question = _open(QMessageBox)
    assert isinstance(question, QMessageBox) and "first" in question.text()
    next(b for b in question.buttons() if b.text().startswith("Month")).click()
    qtbot.waitUntil(lambda: _open(ImportReportDialog) is not None, timeout=30000)
    heat = tmp_catalogue.films.document(tmp_catalogue.films.find("Heat"))
    assert heat["copies"][0]["purchased_on"] == "2010-03-04" and heat["custom"] == {"Shelf": "A3"}
    _open(ImportReportDialog).close()  # type: ignore[union-attr]
    window.import_file(formats.by_name("csv"), path)  # the mapping is remembered for these columns
    qtbot.waitUntil(lambda: _open(CsvMappingDialog) is not None, timeout=10000)
    again = _open(CsvMappingDialog)
    assert isinstance(again, CsvMappingDialog) and again.mapping()["Bought"] == "copy.purchased_on"
    again.reject()
