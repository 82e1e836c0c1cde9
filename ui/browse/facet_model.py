"""FacetModel: the Browse pane's tree — a row per facet (catalog.model.facets), its values under it
with their counts (two columns: name, count), a decade's years under the decade. A facet's values
are known only once counted (`set_values`); until then it shows an arrow and no children, so a
big facet (actors) costs nothing until it is opened. Values applied in the search box are bold
and ticked. GUI thread only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from catalog.model import facets as facet_text
from catalog.model.facets import Facet, FacetValue

ModelIndex = QModelIndex | QPersistentModelIndex
CLAUSE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # a facet's key, or a decade's ('year:1990')
# data() runs for every role of every visible row on each paint: the roles it answers, as ints.
_DISPLAY, _TOOLTIP, _FONT, _ALIGNMENT, _FOREGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole))
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FONT, _ALIGNMENT, _FOREGROUND, int(CLAUSE_ROLE), int(KEY_ROLE)})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass
class Node:
    id: int
    parent: Node | None
    facet: Facet | None = None  # a facet's row
    value: FacetValue | None = None  # a value's row
    children: list[Node] = field(default_factory=list)
    loaded: bool = False  # its values were counted

    @property
    def key(self) -> str | None:
        """What its children are counted by: a facet's key, a decade's 'year:1990'."""
        return self.facet.key if self.facet is not None else (self.value.key if self.value else None)

    @property
    def row(self) -> int:
        siblings = self.parent.children if self.parent is not None else []
        return next(n for n, node in enumerate(siblings) if node is self)


class FacetModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = Node(0, None, loaded=True)
        self._nodes: dict[int, Node] = {0: self._root}
        self._next = 1
        self.query = ""
        self._bold: QFont | None = None  # (made once: a paint asks for the font of every row)
        self.catalogue_empty = False  # then no facet offers an arrow: there is nothing to count

    # -- building -----------------------------------------------------------------------------------

    def _node(self, parent: Node, **kwargs: Any) -> Node:
        node = Node(self._next, parent, **kwargs)
        self._nodes[node.id] = node
        self._next += 1
        return node

    def set_facets(self, facets: tuple[Facet, ...]) -> None:
        """The tree's branches (a reset: every value forgotten)."""
        self.beginResetModel()
        self._nodes = {0: self._root}
        self._root.children = [self._node(self._root, facet=f) for f in facets]
        self.endResetModel()

    def facets(self) -> list[Facet]:
        return [n.facet for n in self._root.children if n.facet is not None]

    def index_of(self, key: str) -> QModelIndex:
        """The row of a facet, or of a decade, by key (invalid when there is none)."""
        node = self._find(key)
        return self.createIndex(node.row, 0, node.id) if node is not None and node is not self._root else QModelIndex()

    def _find(self, key: str, under: Node | None = None) -> Node | None:
        for node in (under or self._root).children:
            if node.key == key:
                return node
            if node.children and key.startswith("year:") and node.facet is not None and node.facet.nested:
                found = self._find(key, node)
                if found is not None:
                    return found
        return None

    def loaded_keys(self) -> list[str]:
        """The facets and decades whose values are shown (to count again when the search changes)."""
        keys = []
        stack = list(self._root.children)
        while stack:
            node = stack.pop(0)
            if node.loaded and node.key:
                keys.append(node.key)
                stack.extend(n for n in node.children if n.loaded)
        return keys

    def set_values(self, key: str, values: list[FacetValue]) -> None:
        """The values of a facet (or a decade's years), replacing what it showed."""
        node = self._find(key)
        if node is None:
            return
        parent = self.createIndex(node.row, 0, node.id)
        old = {c.value.key: c.loaded for c in node.children if c.value is not None and c.value.key}
        if node.children:
            self.beginRemoveRows(parent, 0, len(node.children) - 1)
            for child in node.children:
                self._forget(child)
            node.children = []
            self.endRemoveRows()
        node.loaded = True
        if values:
            self.beginInsertRows(parent, 0, len(values) - 1)
            node.children = [self._node(node, value=v) for v in values]
            self.endInsertRows()
        for child in node.children:  # a decade that was open is counted again by the pane
            if child.value is not None and child.value.key in old:
                child.loaded = False
        self.dataChanged.emit(parent, parent.siblingAtColumn(1))

    def set_catalogue_empty(self, empty: bool) -> None:
        if empty != self.catalogue_empty:
            self.layoutAboutToBeChanged.emit()
            self.catalogue_empty = empty
            self.layoutChanged.emit()  # the view asks again which rows have children

    def _forget(self, node: Node) -> None:
        for child in node.children:
            self._forget(child)
        self._nodes.pop(node.id, None)

    def unload(self, key: str) -> None:
        """Forget a facet's values (it was closed): they are counted again when it opens."""
        node = self._find(key)
        if node is None or not node.children:
            if node is not None:
                node.loaded = False
            return
        parent = self.createIndex(node.row, 0, node.id)
        self.beginRemoveRows(parent, 0, len(node.children) - 1)
        for child in node.children:
            self._forget(child)
        node.children = []
        node.loaded = False
        self.endRemoveRows()

    def set_query(self, query: str) -> None:
        """What the search box holds: its clauses show as applied (bold, ticked)."""
        if query != self.query:
            self.query = query
            if self._root.children:
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 1))
                for node in self._root.children:
                    if node.children:
                        parent = self.createIndex(node.row, 0, node.id)
                        self.dataChanged.emit(self.index(0, 0, parent),
                                              self.index(len(node.children) - 1, 1, parent))

    # -- Qt model -----------------------------------------------------------------------------------

    def _of(self, index: ModelIndex) -> Node:
        return self._nodes.get(index.internalId(), self._root) if index.isValid() else self._root

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._of(parent)
        if not 0 <= row < len(node.children) or not 0 <= column < 2:
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].id)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._nodes.get(index.internalId())
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.id)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._of(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        node = self._of(parent)
        if node is self._root:
            return bool(node.children)
        if node.facet is not None or (node.value is not None and node.value.key):
            return bool(node.children) or not (node.loaded or self.catalogue_empty)  # an arrow until counted
        return False

    def applied(self, node: Node) -> bool:
        clause = node.value.clause if node.value is not None else None
        return bool(clause) and facet_text.is_applied(self.query, clause or "")

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        node = self._of(index)
        if role == _DISPLAY:
            if node.facet is not None:
                return node.facet.label if index.column() == 0 else (
                    f"{len(node.children):,}" if node.loaded and node.children and node.facet.lazy else "")
            assert node.value is not None
            if index.column() == 1:
                return f"{node.value.count:,}"
            return ("✓ " if self.applied(node) else "") + node.value.label
        if role == _TOOLTIP and node.value is not None:
            if node.value.clause is None:
                return "This value cannot be searched for (it holds a quotation mark)"
            return f"{node.value.count:,} films — click to search for {node.value.clause} (click again: every film)"
        if role == _FONT and (node.facet is not None or self.applied(node)):
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == _ALIGNMENT and index.column() == 1:
            return _RIGHT
        if role == _FOREGROUND and index.column() == 1:
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().placeholderText()
        if role == CLAUSE_ROLE:
            return node.value.clause if node.value is not None else None
        if role == KEY_ROLE:
            return node.key
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._of(index)
        flags = Qt.ItemFlag.ItemIsEnabled
        if node.value is not None and node.value.clause:
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags
