"""Editable tables of one film's credits and records (videos, reviews, releases, articles, awards).

`RecordTableModel` holds one film's rows; every committed edit, add, remove or move is one
catalogue call pushed on the undo stack. A new row stays local ("pending") until its required
cells are filled. A refused value stays in its cell, red, with the reason as tooltip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from catalog import ValidationError
from catalog.validation import AWARD_RESULTS, CREDIT_ROLES, RECORD_FIELDS, RELEASE_KINDS, VIDEO_KINDS

from .context import AppContext
from .icons import icon
from .undo import push

Index = QModelIndex | QPersistentModelIndex
ERROR_BG, ERROR_FG, PENDING_FG = QColor("#fde8e8"), QColor("#9b1c1c"), QColor("#8b9098")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    options: tuple[str, ...] | None = None
    width: int = 140
    person: bool = False


COLUMNS: dict[str, tuple[Column, ...]] = {
    "credit": (Column("person", "Person", width=200, person=True), Column("role", "Role", CREDIT_ROLES, 130),
               Column("character", "Character", width=200)),
    "video": (Column("kind", "Kind", VIDEO_KINDS, 120), Column("title", "Title", width=230),
              Column("url", "Link", width=200), Column("duration_s", "Length", width=70),
              Column("published_on", "Date", width=95), Column("publisher", "Publisher", width=120)),
    "review": (Column("author", "Author", width=120), Column("outlet", "Outlet", width=120),
               Column("venue", "Venue", width=120), Column("published_on", "Date", width=95),
               Column("rating_text", "Rating", width=60), Column("excerpt", "Excerpt", width=260),
               Column("url", "Link", width=180)),
    "release": (Column("kind", "Kind", RELEASE_KINDS, 120), Column("date", "Date", width=100),
                Column("territory", "Territory", width=120), Column("venue", "Venue / festival", width=240)),
    "article": (Column("headline", "Headline", width=260), Column("publisher", "Publisher", width=120),
                Column("published_on", "Date", width=95), Column("url", "Link", width=200),
                Column("summary", "Summary", width=260)),
    "award": (Column("body", "Body", width=160), Column("category", "Category", width=200),
              Column("year", "Year", width=60), Column("result", "Result", ("", *AWARD_RESULTS), 100)),
}
REQUIRED = {"credit": "person", "video": "title", "article": "headline", "award": "body"}
DEFAULTS: dict[str, dict[str, Any]] = {"credit": {"role": "actor"}, "video": {"kind": "featurette"},
                                       "release": {"kind": "wide"}}


def humanize(key: Any) -> str:
    return "" if key is None else str(key).replace("_", " ").capitalize()


def parse_duration(text: Any) -> Any:
    """'3:12' -> 192, '1:02:03' -> 3723; anything else is passed on for the validator to judge."""
    if isinstance(text, str) and ":" in text:
        parts = text.strip().split(":")
        if all(p.isdigit() for p in parts) and len(parts) <= 3:
            seconds = 0
            for p in parts:
                seconds = seconds * 60 + int(p)
            return seconds
    return text


def format_duration(seconds: Any) -> str:
    if seconds in (None, ""):
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


class RecordTableModel(QAbstractTableModel):
    """One film's rows of `kind` ('credit' or a record kind). Writes only through `ui.undo.push`."""

    failed = Signal(str)  # a refused edit, as a plain message

    def __init__(self, context: AppContext, kind: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.kind, self.columns = context, kind, COLUMNS[kind]
        self.film_id: int | None = None
        self.rows: list[dict[str, Any]] = []
        self.errors: dict[tuple[int, str], tuple[str, str]] = {}  # (row key, field) -> (text, reason)
        self._next_pending = -1

    # -- loading --------------------------------------------------------------------------------

    def _fetch(self) -> list[dict[str, Any]]:
        cat = self.context.catalogue
        rows = cat.credits(self.film_id) if self.kind == "credit" else cat.records(self.kind, self.film_id)
        return [dict(r, _key=r["id"]) for r in rows]

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
            if column.field == "duration_s":
                return format_duration(value)
            return value if column.options else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.DisplayRole:
            if error:
                return error[0]
            if row["id"] is None and column.field == REQUIRED.get(self.kind) and not value:
                return f"Type {'a name' if column.person else 'the ' + column.header.lower()}…"
            if not self._editable(row, column):
                return ""
            if column.options:
                return humanize(value)
            return format_duration(value) if column.field == "duration_s" else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{column.header} {error[1]}" if error else None
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
            field = exc.field if any(c.field == exc.field for c in self.columns) else column.field
            shown = value if field == column.field else str(exc.value or "")
            self.errors[(row["_key"], field)] = ("" if shown is None else str(shown), exc.reason)
            self.failed.emit(f"{humanize(field)}: {exc.reason}")
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        return True

    # -- catalogue operations (each one undoable) -----------------------------------------------

    def _label(self) -> str:
        return "cast member" if self.kind == "credit" else self.kind

    def _commit_edit(self, row: dict[str, Any], column: Column, new: Any) -> None:
        cat, rid, old = self.context.catalogue, row["id"], row.get(column.field)
        if self.kind == "credit":
            def do() -> None: cat.update_credit(rid, {column.field: new})
            def undo() -> None: cat.update_credit(rid, {column.field: old})
        else:
            def do() -> None: cat.update_record(self.kind, rid, {column.field: new})
            def undo() -> None: cat.update_record(self.kind, rid, {column.field: old})
        push(self.context, f"Edit {column.header.lower()} of {self._label()}", do, undo)
        row[column.field] = new

    def _commit_pending(self, row: dict[str, Any], field: str, new: Any) -> None:
        row[field] = new
        required = REQUIRED.get(self.kind)
        if required and not row.get(required):
            return
        cat, film_id, old_key = self.context.catalogue, self.film_id, row["_key"]
        fields = {c.field: row.get(c.field) for c in self.columns}
        box: dict[str, int] = {}
        if self.kind == "credit":
            def do() -> None:
                box["id"] = cat.add_credit(film_id, fields["person"], fields["role"], fields.get("character"),
                                           credit_id=box.get("id"))
            def undo() -> None: cat.remove_credit(box["id"])
        else:
            def do() -> None: box["id"] = cat.add_record(self.kind, film_id, fields, record_id=box.get("id"))
            def undo() -> None: cat.remove_record(self.kind, box["id"])
        push(self.context, f"Add {self._label()}", do, undo)
        row["id"] = row["_key"] = box["id"]
        self.errors = {((row["id"] if k == old_key else k), f): v for (k, f), v in self.errors.items()}

    def add_pending(self) -> int:
        """Append a local new row (written once its required cell is filled); returns its row."""
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append({"id": None, "_key": self._next_pending, **DEFAULTS.get(self.kind, {})})
        self._next_pending -= 1
        self.endInsertRows()
        return len(self.rows) - 1

    def remove_row(self, row_index: int) -> None:
        row = self.rows[row_index]
        if row["id"] is not None:
            cat, rid, kind = self.context.catalogue, row["id"], self.kind
            box: dict[str, Any] = {}
            if kind == "credit":
                def do() -> None: box["snap"] = cat.remove_credit(rid)
                def undo() -> None:
                    s = box["snap"]
                    cat.add_credit(s["film"], s["person"], s["role"], s["character"], s["position"], credit_id=rid)
            else:
                def do() -> None: box["snap"] = cat.remove_record(kind, rid)
                def undo() -> None:
                    s = box["snap"]
                    cat.add_record(kind, s["film"], {f: s[f] for f in RECORD_FIELDS[kind]}, s["position"],
                                   record_id=rid)
            push(self.context, f"Remove {self._label()}", do, undo)
        self.beginRemoveRows(QModelIndex(), row_index, row_index)
        del self.rows[row_index]
        self.endRemoveRows()

    def _group(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows `row` is ordered among: credits of the same role, or all records of the film."""
        return [r for r in self.rows if r["id"] is not None
                and (self.kind != "credit" or r["role"] == row.get("role"))]

    def can_move(self, row_index: int, delta: int) -> bool:
        if self.kind == "release" or not 0 <= row_index < len(self.rows) or self.rows[row_index]["id"] is None:
            return False
        group = self._group(self.rows[row_index])
        return 0 <= group.index(self.rows[row_index]) + delta < len(group)

    def move_row(self, row_index: int, delta: int) -> None:
        """Move a row up (-1) or down (+1) in billing order; the refresh shows the new order."""
        if not self.can_move(row_index, delta):
            return
        row = self.rows[row_index]
        old = self._group(row).index(row)
        cat, rid, kind, new = self.context.catalogue, row["id"], self.kind, old + delta
        if kind == "credit":
            def do() -> None: cat.move_credit(rid, new)
            def undo() -> None: cat.move_credit(rid, old)
        else:
            def do() -> None: cat.move_record(kind, rid, new)
            def undo() -> None: cat.move_record(kind, rid, old)
        push(self.context, f"Move {self._label()} {'up' if delta < 0 else 'down'}", do, undo)


class CellDelegate(QStyledItemDelegate):
    """Combos for choice columns, a line edit completing people's names for the person column,
    a plain line edit elsewhere; a red frame around refused cells."""

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
            names = QStringListModel(self.model.context.catalogue.people_names("", 200), editor)
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            editor.setCompleter(completer)
            completer.activated.connect(lambda _text: self._finish(editor))
            editor.textEdited.connect(
                lambda text: names.setStringList(self.model.context.catalogue.people_names(text, 50)))
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
        if index.data(Qt.ItemDataRole.ToolTipRole):
            painter.save()
            painter.setPen(QPen(ERROR_FG, 1.5))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


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
            self._current_key = self.model.rows[row]["_key"]
            self.model.move_row(row, delta)
            self.model.refresh()

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
        movable = self.model.kind != "release"
        self.buttons["up"].setVisible(movable)
        self.buttons["down"].setVisible(movable)
        self.buttons["up"].setEnabled(self.model.can_move(row, -1))
        self.buttons["down"].setEnabled(self.model.can_move(row, 1))
