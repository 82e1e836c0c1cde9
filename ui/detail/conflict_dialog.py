"""The choice offered when saving an edit of a film that another member changed since it was opened:
the fields side by side (yours, theirs — with who changed them and when), and Keep mine, Take
theirs, or Merge (field by field: tick the side to keep on each row). Never a silent overwrite.
The same choice for one list (genres, countries…) or custom field someone else changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalog import ConflictError
from catalog.model.documents import FILM_LABELS


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):  # genres, countries, languages, keywords
        return ", ".join(map(str, value)) or "—"
    return str(value)


class ConflictDialog(QDialog):
    """`choice` after exec(): 'mine', 'theirs' or 'merge'; `merged()` the fields to save."""

    def __init__(self, conflict: ConflictError, base: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Changed by someone else")
        self.conflict, self.choice = conflict, "theirs"
        mine = {**{k: base.get(k) for k in conflict.theirs}, **conflict.mine}
        self.rows = [name for name in conflict.theirs if mine.get(name) != conflict.theirs.get(name)
                     or name in conflict.mine]
        self.mine_values, self.theirs_values = mine, conflict.theirs
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{conflict}.\nChoose what to keep:"))
        who = conflict.changed_by or "them"
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(["Field", "Yours", f"Theirs ({who})"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, name in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(FILM_LABELS.get(name, name)))
            for column, value, keep in ((1, mine.get(name), name in conflict.mine),
                                        (2, conflict.theirs.get(name), name not in conflict.mine)):
                item = QTableWidgetItem(_shown(value))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
                self.table.setItem(row, column, item)
        self.table.itemChanged.connect(self._one_side)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        for label, choice in (("Keep mine", "mine"), ("Take theirs", "theirs"), ("Merge", "merge")):
            button = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
            button.setObjectName(f"conflict_{choice}")
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        layout.addWidget(buttons)
        self.resize(640, 120 + 32 * len(self.rows))

    def _one_side(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 or item.checkState() != Qt.CheckState.Checked:
            return
        other = self.table.item(item.row(), 3 - item.column())
        if other is not None:
            with _blocked(self.table):
                other.setCheckState(Qt.CheckState.Unchecked)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def pick(self, name: str, side: str) -> None:
        """Tick one side of a row (what a merge keeps of that field)."""
        row = self.rows.index(name)
        item = self.table.item(row, 1 if side == "mine" else 2)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)

    def merged(self) -> dict[str, Any]:
        """The fields to save: for 'mine' this edit's, for 'merge' each row's ticked side (only those
        that differ from theirs), for 'theirs' nothing."""
        if self.choice == "mine":
            return dict(self.conflict.mine)
        if self.choice == "theirs":
            return {}
        out = {}
        for row, name in enumerate(self.rows):
            item = self.table.item(row, 1)
            if item is not None and item.checkState() == Qt.CheckState.Checked \
                    and self.mine_values.get(name) != self.theirs_values.get(name):
                out[name] = self.mine_values.get(name)
        return out


class _blocked:
    def __init__(self, widget: QTableWidget) -> None:
        self.widget = widget

    def __enter__(self) -> None:
        self.widget.blockSignals(True)

    def __exit__(self, *exc: object) -> None:
        self.widget.blockSignals(False)
