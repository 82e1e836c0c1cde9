"""Cell editors of the record tables: combos for choice columns, a line edit completing people's
names for the person column, a plain line edit elsewhere; a red frame around refused cells."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from catalog.render.format import humanize
from ui.detail.record_columns import ERROR_FG, ERROR_ROLE
from ui.detail.record_table import RecordTableModel

Index = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """Edits one cell of a RecordTableModel; a choice is committed as soon as it is picked."""

    def __init__(self, model: RecordTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.model.columns[index.column()]
        if column.options:
            combo = QComboBox(parent)
            for option_key in column.options:
                combo.addItem(humanize(option_key) or "—", option_key)
            combo.activated.connect(lambda _=0: self._finish(combo))
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if column.person:
            names = QStringListModel(self.model.context.catalogue.people.names("", 200), editor)
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            editor.setCompleter(completer)
            completer.activated.connect(lambda _text: self._finish(editor))
            editor.textEdited.connect(
                lambda text: names.setStringList(self.model.context.catalogue.people.names(text, 50)))
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value or "")))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.data(ERROR_ROLE):
            painter.save()
            painter.setPen(QPen(ERROR_FG, 1.5))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()
