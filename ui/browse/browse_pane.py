"""The Browse pane, left of the film list (View ▸ Browse by, Ctrl+B): a tree of facets with
counts. Clicking a value puts its clause in the search box (the list narrows; the count shown is
the count that follows), clicking it again takes it out; right-click leaves its films out. The
counts follow the search box: a search counts again, on a worker (cat.browse), only the facets
that are open, so a closed big facet (actors) costs nothing. GUI thread only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from catalog import CatalogueError, Change
from catalog.model import facets as facet_text
from catalog.model.facets import FacetValue
from ui.browse.facet_model import CLAUSE_ROLE, KEY_ROLE, FacetModel
from ui.context import AppContext

OPEN_KEY = "browse/open"
DEFAULT_OPEN = ("genre", "year")
CHANGE_DELAY_MS = 250  # edits arrive in bursts (an import's, an undo's): count once after them
# (generation, keys, values by key, whether the catalogue has no films at all)
Counted = tuple[int, list[str], dict[str, list[FacetValue]], bool]


class BrowsePane(QWidget):
    """`query_requested(text)`: put this in the search box and search. `counted()` after the
    counts of a search (or a change) arrived."""

    query_requested = Signal(str)
    counted = Signal()
    close_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("browsePane")
        self.context = context
        self.query = ""
        self._generation = 0
        self._restoring = False
        saved = QSettings().value(OPEN_KEY)
        self.open_keys: set[str] = set(saved if isinstance(saved, list) else
                                       [saved] if isinstance(saved, str) and saved else DEFAULT_OPEN)

        title = QLabel("Browse by")
        title.setObjectName("browseTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        hide = QToolButton()
        hide.setObjectName("browseHide")
        hide.setText("‹")
        hide.setToolTip("Hide the Browse pane (Ctrl+B shows it again)")
        hide.setAutoRaise(True)
        hide.clicked.connect(self.close_requested)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 0, 0)
        bar.addWidget(title, 1)
        bar.addWidget(hide)

        self.model = FacetModel(self)
        self.view = QTreeView()
        self.view.setObjectName("browseTree")
        self.view.setModel(self.model)
        self.model.modelReset.connect(self._span_headings)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIndentation(14)
        self.view.setAnimated(False)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.expanded.connect(self._expanded)
        self.view.collapsed.connect(self._collapsed)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(90)

        self._later = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self._later.timeout.connect(self.recount)
        context.changed.connect(self._on_changed)
        self.rebuild()

    # -- the tree -----------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """The facets again (a custom choice field came or went), then the open ones counted."""
        self.model.set_facets(self.context.catalogue.browse.facets())
        self.recount(list(self.open_keys))

    def _span_headings(self) -> None:
        # A heading with no count of its own takes the whole row: at a million films the counts
        # (95,784) are so wide that "Decade and year" was cut to "Decade and y…". The lazy ones
        # (Director, Actor) count their values in the second column once opened.
        for row, facet in enumerate(self.model.facets()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), not facet.lazy)

    def set_query(self, query: str) -> None:
        """The search box's text after a search ran: applied values marked, the open facets counted
        over its films."""
        query = query.strip()
        self.model.set_query(query)
        if query != self.query:
            self.query = query
            self.recount()

    def recount(self, keys: list[str] | None = None) -> None:
        """Count the open facets (or these) on a worker; a later count wins over an earlier one."""
        wanted = list(dict.fromkeys(keys if keys is not None else self.model.loaded_keys()))
        if not wanted:
            self.counted.emit()
            return
        self._generation += 1
        generation, query, catalogue = self._generation, self.query, self.context.catalogue

        def job(abort: threading.Event, progress: Callable[..., None]) -> Counted:
            try:
                found = catalogue.browse.values(wanted, query)
            except CatalogueError:  # a search the box says is wrong: nothing to count
                return generation, wanted, {}, False
            # (asked only when what was counted is all empty: an empty catalogue offers no arrows)
            return generation, wanted, found, not any(found.values()) and catalogue.films.count() == 0

        # A bound method: Qt drops the connection when the pane goes (a count may outlive it).
        self.context.tasks.start(job, finished=self._finished)

    def _finished(self, result: Counted) -> None:
        self._counted(*result)

    def _counted(self, generation: int, keys: list[str], found: dict[str, list[FacetValue]], empty: bool) -> None:
        if generation != self._generation:
            return  # a newer count is on its way
        self.model.set_catalogue_empty(empty)
        self._restoring = True
        try:
            order = sorted(keys, key=lambda k: k.startswith("year:"))  # decades after the facet that holds them
            for key in order:
                if key in found:
                    self.model.set_values(key, found[key])
            for key in order:
                index = self.model.index_of(key)
                if index.isValid() and key in self.open_keys:
                    self.view.expand(index)
        finally:
            self._restoring = False
        self.counted.emit()

    def _expanded(self, index: QModelIndex) -> None:
        if self._restoring:
            return
        key = index.data(KEY_ROLE)
        if not key:
            return
        self.open_keys.add(key)
        self._remember()
        self.recount([key])

    def _collapsed(self, index: QModelIndex) -> None:
        if self._restoring:
            return
        key = index.data(KEY_ROLE)
        if key:
            self.open_keys.discard(key)
            self._remember()
            self.model.unload(key)

    def _remember(self) -> None:
        QSettings().setValue(OPEN_KEY, sorted(k for k in self.open_keys if not k.startswith("year:")))

    def open_facet(self, key: str) -> None:
        """Open a facet (or decade) as a click on its arrow does."""
        index = self.model.index_of(key)
        if index.isValid():
            self.view.expand(index)

    # -- choosing -----------------------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        clause = index.siblingAtColumn(0).data(CLAUSE_ROLE)
        if clause:
            self.query_requested.emit(facet_text.toggle(self.query, clause))
        elif index.data(KEY_ROLE) and not index.parent().isValid() and index.column() == 0:
            self.view.setExpanded(index, not self.view.isExpanded(index))

    def choose(self, key: str, label: str) -> None:
        """Click a value by its facet and label (what a user's click does)."""
        index = self.value_index(key, label)
        if not index.isValid():
            raise KeyError(f"no value {label!r} under {key!r}")
        self._clicked(index)

    def value_index(self, key: str, label: str) -> QModelIndex:
        parent = self.model.index_of(key)
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if str(index.data()).removeprefix("✓ ") == label:
                return index
        return QModelIndex()

    def values(self, key: str) -> dict[str, int]:
        """The shown values of a facet with their counts."""
        parent = self.model.index_of(key)
        out: dict[str, int] = {}
        for row in range(self.model.rowCount(parent)):
            name = str(self.model.index(row, 0, parent).data()).removeprefix("✓ ")
            out[name] = int(str(self.model.index(row, 1, parent).data()).replace(",", ""))
        return out

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        clause = index.siblingAtColumn(0).data(CLAUSE_ROLE) if index.isValid() else None
        if not clause:
            return
        menu = QMenu(self)
        applied = facet_text.is_applied(self.query, clause)
        menu.addAction("Show every film again" if applied else "Show only these films",
                       lambda: self.query_requested.emit(facet_text.toggle(self.query, clause)))
        menu.addAction("Leave these films out",
                       lambda: self.query_requested.emit(facet_text.exclude(self.query, clause)))
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _on_changed(self, change: Change) -> None:
        if change.fields:
            self.rebuild()
        elif not change.empty:
            self._later.start()

    def keys(self) -> list[Any]:
        return [f.key for f in self.model.facets()]
