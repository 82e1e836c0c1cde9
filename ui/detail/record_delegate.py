"""Cell editors of the record tables: combos for choice columns, a line edit completing people's
names for the person column, a multi-line editor (taller than the row) for long text, a plain line
edit elsewhere; a red frame around refused cells. Escape in an editor leaves the cell only."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
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
        editor = self._make_editor(parent, index)
        editor.installEventFilter(self)
        return editor

    def _make_editor(self, parent: QWidget, index: Index) -> QWidget:
        column = self.model.columns[index.column()]
        if column.long:
            text = QPlainTextEdit(parent)
            text.setObjectName("longCellEditor")
            text.setTabChangesFocus(True)  # Tab leaves the cell (and writes it); Return is a new line
            return text
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape belongs to the cell: it must not reach the pane's "Done editing" shortcut first.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            event.accept()
            return True
        if (isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            return True
        return super().eventFilter(watched, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        if not isinstance(editor, QPlainTextEdit):
            super().updateEditorGeometry(editor, option, index)
            return
        # Taller than the row (five lines), over the rows below; kept inside the table.
        parent = editor.parentWidget()
        area = parent.rect() if parent is not None else QRect(option.rect)
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), editor.fontMetrics().lineSpacing() * 5 + 12))
        rect.setWidth(max(rect.width(), min(320, area.width())))
        if rect.bottom() > area.bottom():
            rect.moveBottom(area.bottom())
        if rect.right() > area.right():
            rect.moveRight(area.right())
        editor.setGeometry(rect.intersected(area) if area.isValid() else rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != ("" if value is None else str(value)):
                editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value or "")))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText())
        elif isinstance(editor, QComboBox):
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
