"""The record table widget: one kind of a film's rows with Add, Remove, Up and Down buttons, and
the same from the keyboard: Insert adds, Delete removes, Ctrl+Up / Ctrl+Down move."""

from __future__ import annotations

import html
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDataWidgetMapper,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from catalog.model.kinds import BY_NAME
from ui.context import AppContext
from ui.detail.record_columns import ERROR_ROLE
from ui.detail.record_delegate import CellDelegate
from ui.detail.record_table import RecordTableModel
from ui.icons import icon


class RecordTable(QWidget):
    """A table of one kind with Add, Remove, Up and Down buttons (objectNames '<kind>Table',
    '<kind>Add', '<kind>Remove', '<kind>Up', '<kind>Down'). The keys act only while the table itself
    has the focus (not a cell editor), and before any window shortcut on the same key."""

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
        # The columns always fit the pane (no sideways scrolling: typing never lands in a column out
        # of sight); each keeps its share of the width, and the last fills the rest.
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setMinimumSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAlternatingRowColors(True)
        self.view.viewport().installEventFilter(self)
        self._fit_columns()
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip, slot in (("add", "Add (Insert)", self.add), ("remove", "Remove (Delete)", self.remove),
                                ("up", "Move up (Ctrl+Up)", lambda: self.move_current(-1)),
                                ("down", "Move down (Ctrl+Down)", lambda: self.move_current(1))):
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
        self.details: QWidget | None = None
        self.details = self._details_form(kind)
        if self.details is not None:
            layout.addWidget(self.details)
            self._show_details(-1)
            self._fit_columns()
        self._current_key: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self.model.dataChanged.connect(self._update_buttons)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        # A new row left with nothing it needs (Escape in its first cell, or moving on) is dropped.
        self.view.selectionModel().currentRowChanged.connect(lambda *_: QTimer.singleShot(0, self.drop_abandoned))
        self.view.itemDelegate().closeEditor.connect(lambda *_: QTimer.singleShot(0, self.drop_abandoned))
        self._update_buttons()
        self.view.installEventFilter(self)

    def _details_form(self, kind: str) -> QWidget | None:
        """A kind with more fields than a table row can show (a copy) shows its summary fields as
        columns and the rest of the current row in a form below, edited through the same model."""
        spec = BY_NAME.get(kind)
        if spec is None or not spec.summary:
            return None
        form_widget = _DetailsForm()
        form_widget.setObjectName(f"{kind}Details")
        self.mapper = QDataWidgetMapper(self)
        self.mapper.setModel(self.model)
        self.mapper.setSubmitPolicy(QDataWidgetMapper.SubmitPolicy.AutoSubmit)
        self.detail_inputs: dict[int, QLineEdit | QPlainTextEdit] = {}
        for column, col in enumerate(self.model.columns):
            if col.field in spec.summary:
                continue
            self.view.setColumnHidden(column, True)
            widget: QLineEdit | QPlainTextEdit
            if col.long:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            else:
                widget = QLineEdit()
                if col.options:
                    widget.setPlaceholderText(" / ".join(o for o in col.options if o))
            widget.setObjectName(f"{kind}_{col.field}")
            self.mapper.addMapping(widget, column)
            self.detail_inputs[column] = widget
            label = QLabel(col.header)
            label.setBuddy(widget)
            form_widget.pairs.append((label, widget))
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details(current.row()))
        self.model.modelReset.connect(lambda: self._show_details(self.current_row()))
        self.model.dataChanged.connect(lambda *_: self._mark_details())
        form_widget.place(1)  # two pairs a row once it is given the room (see resizeEvent)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 4)
        return form_widget

    def _show_details(self, row: int) -> None:
        if self.details is None:
            return
        self.mapper.setCurrentIndex(row)
        self.details.setEnabled(row >= 0)
        for widget in self.detail_inputs.values():
            if isinstance(widget, QLineEdit):
                widget.setCursorPosition(0)  # long values show their start
        if row < 0:
            for widget in self.detail_inputs.values():
                widget.clear()
        self._mark_details()

    def _mark_details(self) -> None:
        """A refused value stays red in its field, with the reason as its tooltip."""
        row = self.current_row()
        for column, widget in self.detail_inputs.items():
            reason = self.model.index(row, column).data(ERROR_ROLE) if row >= 0 else None
            widget.setStyleSheet("border: 1px solid #d92d20;" if reason else "")
            widget.setToolTip(html.escape(f"{self.model.columns[column].header} {reason}") if reason else "")

    def _key_action(self, event: QKeyEvent) -> str | None:
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_Insert, Qt.Key.Key_Delete):
            return "add" if key == Qt.Key.Key_Insert else "remove"
        if mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return "up" if key == Qt.Key.Key_Up else "down"
        return None

    def _fit_columns(self) -> None:
        """Every column gets its header's width, then a share of the rest by its field's width; when
        even the headers do not fit, they share the width by their own sizes."""
        width = self.view.viewport().width()
        if width <= 0:
            return
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        shown = [i for i in range(len(self.model.columns)) if not self.view.isColumnHidden(i)]
        least = [metrics.horizontalAdvance(self.model.columns[i].header) + 14 for i in shown]
        shares = [self.model.columns[i].width for i in shown]
        room = width - sum(least)
        if room >= 0:
            widths = [low + room * share // sum(shares) for low, share in zip(least, shares, strict=True)]
        else:
            widths = [max(24, width * low // sum(least)) for low in least]
        widths[-1] = max(24, width - sum(widths[:-1]))  # the last column takes what is left
        for i, column_width in zip(shown, widths, strict=True):
            self.view.setColumnWidth(i, column_width)

    def drop_abandoned(self) -> None:
        """Take away new rows that were never written (their required cell is still empty) once
        the collector has left them: the current row while no cell of it is being edited, or any
        other row."""
        editing = self.view.state() == QAbstractItemView.State.EditingState
        current = self.current_row()
        for row in reversed(range(len(self.model.rows))):
            pending = self.model.rows[row]["id"] is None
            if pending and (row != current or not (editing or self.model.has_input(row))):
                self.model.remove_row(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
            return False
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            action = self._key_action(cast(QKeyEvent, event))  # both event types are key events
            if action is not None:
                # Accepting the override keeps the window's Delete (delete film) from taking the key.
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    {"add": self.add, "remove": self.remove, "up": lambda: self.move_current(-1),
                     "down": lambda: self.move_current(1)}[action]()
                return True
        return super().eventFilter(watched, event)

    def commit_editor(self) -> None:
        """Write the cell being typed in now, and close its editor."""
        editor = self.view.indexWidget(self.view.currentIndex())
        if editor is not None and self.view.state() == QAbstractItemView.State.EditingState:
            self.view.commitData(editor)
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

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

    def move_current(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0 and self.model.can_move(row, delta):
            # The moved row takes its neighbour's place (within its group, which stays together).
            group = self.model.source.group(self.model.rows, self.model.rows[row])
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
        movable = self.model.source.movable
        self.buttons["up"].setVisible(movable)
        self.buttons["down"].setVisible(movable)
        self.buttons["up"].setEnabled(self.model.can_move(row, -1))
        self.buttons["down"].setEnabled(self.model.can_move(row, 1))


class _DetailsForm(QWidget):
    """Label, field, label, field a row (half as tall as one pair a row); one pair a row in a pane
    too narrow for two (the labels and fields of two pairs overflowed it)."""

    TWO_PAIRS_WIDTH = 420

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 6, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.columns = 0

    def place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for label, field in self.pairs:
            self.grid.removeWidget(label)
            self.grid.removeWidget(field)
        for place, (label, field) in enumerate(self.pairs):
            row, pair = divmod(place, columns)
            self.grid.addWidget(label, row, pair * 2)
            self.grid.addWidget(field, row, pair * 2 + 1)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column % 2 and column < columns * 2 else 0)
        self.setMinimumHeight(self.grid.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.place(2 if event.size().width() >= self.TWO_PAIRS_WIDTH else 1)
        super().resizeEvent(event)
