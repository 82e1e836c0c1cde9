"""The record table widget: one kind of a film's rows with Add, Remove, Up and Down buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QTableView, QToolButton, QVBoxLayout, QWidget

from .context import AppContext
from .icons import icon
from .record_delegate import CellDelegate
from .record_table import RecordTableModel


class RecordTable(QWidget):
    """A table of one kind with Add, Remove, Up and Down buttons (objectNames '<kind>Table',
    '<kind>Add', '<kind>Remove', '<kind>Up', '<kind>Down')."""

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel(context, kind, self)
        self.model.failed.connect(context.status_message)
        self.view = QTableView()
        self.view.setObjectName(f"{kind}Table")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        for i, column in enumerate(self.model.columns):
            self.view.setColumnWidth(i, column.width)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip, slot in (("add", "Add", self.add), ("remove", "Remove", self.remove),
                                ("up", "Move up", lambda: self.move(-1)), ("down", "Move down", lambda: self.move(1))):
            button = QToolButton()
            button.setObjectName(f"{kind}{name.capitalize()}")
            button.setIcon(icon(name))
            button.setToolTip(tip)
            button.setAutoRaise(True)
            if name == "add":
                button.setText(f"Add {'credit' if kind == 'credit' else kind}")
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self._current_key: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self.model.dataChanged.connect(self._update_buttons)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def add(self) -> None:
        row = self.model.add_pending()
        first = next((i for i, c in enumerate(self.model.columns) if not c.options), 0)
        index = self.model.index(row, first)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove(self) -> None:
        if self.current_row() >= 0:
            self.model.remove_row(self.current_row())

    def move(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0 and self.model.can_move(row, delta):
            # The moved row takes its neighbour's place (within its group, which stays together).
            group = self.model.store.group(self.model.rows, self.model.rows[row])
            place = self.model.rows.index(group[group.index(self.model.rows[row]) + delta])
            self.model.move_row(row, delta)
            self.model.refresh()
            self.view.setCurrentIndex(self.model.index(place, max(0, self.view.currentIndex().column())))

    def _remember(self) -> None:
        row = self.current_row()
        self._current_key = self.model.rows[row]["_key"] if 0 <= row < len(self.model.rows) else self._current_key

    def _restore(self) -> None:
        row = self.model.row_of(self._current_key) if self._current_key is not None else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        row = self.current_row()
        self.buttons["remove"].setEnabled(row >= 0)
        movable = self.model.store.movable
        self.buttons["up"].setVisible(movable)
        self.buttons["down"].setVisible(movable)
        self.buttons["up"].setEnabled(self.model.can_move(row, -1))
        self.buttons["down"].setEnabled(self.model.can_move(row, 1))
