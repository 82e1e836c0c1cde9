"""Editing the collection in the detail pane: the copies tab (audio tracks, subtitles and yes/no
cells through the generic record tables), the film's lists, and custom fields defined in their
dialog and filled in the form — each one undoable step."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from catalog.formats.csv_table import COPY
from tests.ui.detail.test_detail_pane import context, edit_cell, films, pane, wait_for_text  # noqa: F401
from ui.detail.custom_fields_dialog import CustomFieldsDialog
from ui.detail.detail_pane import DetailPane


def column(name: str) -> int:
    return COPY.field_names.index(name)


def test_copy_cells_lists_and_undo(qtbot, pane: DetailPane, films: tuple[int, int]) -> None:  # noqa: F811
    cat = pane.context.catalogue
    pane.start_editing()
    table = pane.editor.tables["copy"]
    assert table.model.rowCount() == 1  # the Blu-ray
    table.view.scrollTo(table.model.index(0, column("audio")))
    edit_cell(qtbot, table, 0, column("audio"), "English (DTS-HD MA 5.1); French (Dolby Digital)")
    table.model.setData(table.model.index(0, column("subtitles")), "English, Spanish")
    [copy] = cat.records.of("copy", films[0])
    assert table.model.errors == {}, copy
    assert copy["audio"] == [{"language": "English", "format": "DTS-HD MA 5.1"},
                             {"language": "French", "format": "Dolby Digital"}]
    assert copy["subtitles"] == ["English", "Spanish"], copy
    assert table.model.index(0, column("audio")).data() == "English (DTS-HD MA 5.1); French (Dolby Digital)"
    wait_for_text(qtbot, pane, "English (DTS-HD MA 5.1)")
    pane.context.undo_stack.undo()
    assert cat.records.of("copy", films[0])[0]["subtitles"] == []
    countries = pane.editor.inputs["countries"]
    assert isinstance(countries, QLineEdit)
    countries.setText("USA, France")
    pane.editor.commit("countries")
    assert cat.films.document(films[0])["countries"] == ["USA", "France"]


def test_custom_fields_defined_then_filled_and_searched(qtbot, pane: DetailPane,  # noqa: F811
                                                       films: tuple[int, int]) -> None:  # noqa: F811
    cat = pane.context.catalogue
    pane.start_editing()
    pane.editor.custom.define_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CustomFieldsDialog))
    dialog.name.setText("Shelf code")
    dialog.add()
    dialog.name.setText("Grade")
    dialog.type.setCurrentIndex(dialog.type.findData("choice"))
    dialog.choices.setText("A, B, C")
    dialog.add()
    assert [f.name for f in cat.fields.all()] == ["Shelf code", "Grade"] and dialog.list.count() == 2
    dialog.close()
    QApplication.processEvents()
    shelf = cat.fields.find("Shelf code")
    assert shelf is not None
    qtbot.waitUntil(lambda: shelf.id in pane.editor.custom.inputs, timeout=3000)
    field = pane.editor.custom.inputs[shelf.id]
    assert isinstance(field, QLineEdit)
    field.setText("A3")
    pane.editor.custom.commit(shelf.id)
    assert cat.films.document(films[0])["custom"] == {"Shelf code": "A3"}
    assert cat.films.ids('field:"Shelf code":A3') == [films[0]]
    wait_for_text(qtbot, pane, "A3")
    pane.context.undo_stack.undo()
    assert cat.films.document(films[0])["custom"] == {}
