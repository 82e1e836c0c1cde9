"""The model of one film's credits or records (videos, reviews, releases, articles, awards).

Every committed edit, add, remove or move is one use case whose change goes on the undo stack (the
calls themselves are in `record_ops`). A new row stays local ("pending") until its required cell is
filled. A refused value stays in its cell, red, with the reason as tooltip. The widget showing it
is `record_table_view.RecordTable`."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont

from catalog import CatalogueError, Change, ValidationError
from catalog.render.format import humanize
from ui.context import AppContext
from ui.detail.record_columns import (
    COLUMNS,
    DEFAULTS,
    ERROR_BG,
    ERROR_FG,
    ERROR_ROLE,
    PENDING_FG,
    REQUIRED,
    Column,
    cell_text,
    edit_text,
    parse_duration,
)
from ui.detail.record_ops import make_rows

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """One film's rows of `kind` ('credit' or a record kind). Writes only through `AppContext.do`."""

    failed = Signal(str)  # a refused edit, as a plain message

    def __init__(self, context: AppContext, kind: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.kind, self.columns = context, kind, COLUMNS[kind]
        self.source = make_rows(context.catalogue, kind)
        self.film_id: int | None = None
        self.rows: list[dict[str, Any]] = []
        self.errors: dict[tuple[int, str], tuple[str, str]] = {}  # (row key, field) -> (text, reason)
        self._next_pending = -1

    # -- loading --------------------------------------------------------------------------------

    def _fetch(self) -> list[dict[str, Any]]:
        assert self.film_id is not None
        return [dict(r, _key=r["id"]) for r in self.source.fetch(self.film_id)]

    def load(self, film_id: int | None) -> None:
        self.beginResetModel()
        self.film_id, self.errors = film_id, {}
        self.rows = self._fetch() if film_id is not None else []
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read the rows; in place when the same rows are there (editors and selection live on)."""
        if self.film_id is None:
            return
        fresh = self._fetch()
        pending = [r for r in self.rows if r["id"] is None]
        if [r["id"] for r in fresh] == [r["id"] for r in self.rows if r["id"] is not None]:
            # Only rows whose values changed are announced: an open editor elsewhere keeps its text.
            for i, row in enumerate(fresh):
                if row != self.rows[i]:
                    self.rows[i] = row
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
            return
        self.beginResetModel()
        self.rows = fresh + pending
        keys = {r["_key"] for r in self.rows}
        self.errors = {k: v for k, v in self.errors.items() if k[0] in keys}
        self.endResetModel()

    def row_of(self, key: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r["_key"] == key), -1)

    # -- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def _editable(self, row: dict[str, Any], column: Column) -> bool:
        return not (self.kind == "credit" and column.field == "character" and row.get("role") != "actor")

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._editable(self.rows[index.row()], self.columns[index.column()]):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        error = self.errors.get((row["_key"], column.field))
        value = row.get(column.field)
        if role == Qt.ItemDataRole.EditRole:
            if error:
                return error[0]
            return edit_text(column, value)
        if role == Qt.ItemDataRole.DisplayRole:
            if error:
                return error[0]
            if row["id"] is None and column.field == REQUIRED.get(self.kind) and not value:
                return f"Type {'a name' if column.person else 'the ' + column.header.lower()}…"
            if not self._editable(row, column):
                return ""
            return cell_text(column, value)
        if role == ERROR_ROLE:
            return error[1] if error else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return html.escape(f"{column.header} {error[1]}") if error else None  # quotes the user's text
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return QBrush(ERROR_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if error:
                return QBrush(ERROR_FG)
            return QBrush(PENDING_FG) if row["id"] is None else None
        if role == Qt.ItemDataRole.FontRole and row["id"] is None:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = self.rows[index.row()], self.columns[index.column()]
        new = parse_duration(value) if column.field == "duration_s" else value
        if isinstance(new, str) and not new.strip():
            new = None
        key = row["_key"]
        try:
            if column.person and new is None and row["id"] is not None:
                raise ValidationError("person", "", "must not be empty")
            if row["id"] is None:
                self._commit_pending(row, column.field, new)
            elif new != row.get(column.field):
                self._commit_edit(row, column, new)
            self.errors.pop((key, column.field), None)
        except ValidationError as exc:
            named = self.source.column_of(exc.field)
            field = named if any(c.field == named for c in self.columns) else column.field
            shown = value if field == column.field else str(exc.value or "")
            self.errors[(row["_key"], field)] = ("" if shown is None else str(shown), exc.reason)
            self.failed.emit(f"{humanize(field)}: {exc.reason}")
        except CatalogueError as exc:  # ConflictError: another member changed the cell since it was
            self.failed.emit(str(exc))  # read (or removed the row): nothing was saved, theirs is shown
            QTimer.singleShot(0, self.refresh)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        return True

    # -- catalogue operations (each one undoable) -----------------------------------------------

    def _commit_edit(self, row: dict[str, Any], column: Column, new: Any) -> None:
        self.context.do(self.source.edit(self.rows, row, column.field, new))
        row[column.field] = new

    def _commit_pending(self, row: dict[str, Any], field: str, new: Any) -> None:
        row[field] = new
        required = REQUIRED.get(self.kind)
        if required and not row.get(required):
            return
        assert self.film_id is not None
        old_key = row["_key"]
        fields = {c.field: row.get(c.field) for c in self.columns}
        change = self.context.do(self.source.add(self.rows, self.film_id, fields))
        row["id"] = row["_key"] = change.id
        self.errors = {((row["id"] if k == old_key else k), f): v for (k, f), v in self.errors.items()}

    def add_pending(self) -> int:
        """Append a local new row (written once its required cell is filled); returns its row."""
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append({"id": None, "_key": self._next_pending, **DEFAULTS.get(self.kind, {})})
        self._next_pending -= 1
        self.endInsertRows()
        return len(self.rows) - 1

    def has_input(self, row_index: int) -> bool:
        """Whether the collector typed anything into a row (beyond a new row's defaults)."""
        row, defaults = self.rows[row_index], DEFAULTS.get(self.kind, {})
        return any(row.get(c.field) not in (None, "", defaults.get(c.field)) for c in self.columns) or any(
            k[0] == row["_key"] for k in self.errors)

    def _attempt(self, use_case: Callable[[], Change]) -> bool:
        """Run a removal or a move; refused (say, the companies someone else changed since they were
        read): nothing was saved, the reason is said and theirs shown."""
        try:
            self.context.do(use_case)
        except CatalogueError as exc:
            self.failed.emit(str(exc))
            QTimer.singleShot(0, self.refresh)
            return False
        return True

    def remove_row(self, row_index: int) -> None:
        row = self.rows[row_index]
        if row["id"] is not None and not self._attempt(self.source.remove(self.rows, row)):
            return
        self.beginRemoveRows(QModelIndex(), row_index, row_index)
        del self.rows[row_index]
        self.endRemoveRows()

    def can_move(self, row_index: int, delta: int) -> bool:
        if not self.source.movable or not 0 <= row_index < len(self.rows) or self.rows[row_index]["id"] is None:
            return False
        group = self.source.group(self.rows, self.rows[row_index])
        return 0 <= group.index(self.rows[row_index]) + delta < len(group)

    def move_row(self, row_index: int, delta: int) -> None:
        """Move a row up (-1) or down (+1) in billing order; the refresh shows the new order."""
        if not self.can_move(row_index, delta):
            return
        row = self.rows[row_index]
        old = self.source.group(self.rows, row).index(row)
        self._attempt(self.source.move(self.rows, row, old, old + delta))
