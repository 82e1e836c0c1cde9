"""FilmTableModel: the film list as a table that holds only film ids and fetches rows when painted.

The ids come from `cat.films.id_list` (search and sort run in SQLite) as a compact IdList (a
million films: 8 MB). Rows come from
`cat.films.rows` a page at a time into a bounded LRU cache. `apply(Change)` refreshes only the
rows a change touched; only a new search or sort resets the model. GUI thread only.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from catalog import Catalogue, Change
from catalog.model.id_list import IdList
from catalog.model.loans import today
from catalog.model.rows import FilmRow
from catalog.render.format import rating_short, runtime_hours

ModelIndex = QModelIndex | QPersistentModelIndex
FILM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Rows are read a page at a time: a jump of the scroll bar to a place not read reads one or two
# pages, each row a seek (a million films: 200 rows took ~100 ms when not in the OS's cache, 50 ~25 ms).
PAGE_SIZE = 50
RELOAD_ABOVE = 1_000  # films come and gone in another program's change above which the list reads its ids again
CACHE_PAGES = 100  # rows kept: PAGE_SIZE × CACHE_PAGES
OVERDUE = QColor("#b42318")

# (header, sort key of Catalogue.film_ids, alignment)
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS: tuple[tuple[str, str, Qt.AlignmentFlag], ...] = (
    ("Title", "title", _LEFT),
    ("Year", "year", _RIGHT),
    ("Director", "directors", _LEFT),
    ("Runtime", "runtime", _RIGHT),
    ("Rating", "rating", _RIGHT),
    ("Extras", "videos", _RIGHT),  # a count of featurettes, trailers, …: a short header leaves the title room
    ("On loan", "on_loan", _LEFT),  # who has a copy now (red when overdue)
)
TITLE, YEAR, DIRECTOR, RUNTIME, RATING, VIDEOS, ON_LOAN = range(len(COLUMNS))
_SORT_KEYS = [key for _header, key, _alignment in COLUMNS]
# data() runs for every role of every visible cell on each paint: the roles it answers, as ints.
_DISPLAY, _TOOLTIP, _ALIGNMENT, _FOREGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole))
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _FOREGROUND, int(FILM_ID_ROLE)})
# Alignments as ints: a Qt.AlignmentFlag is converted for Qt at ~8 µs a cell, an int at once.
_ALIGNMENTS = tuple(int(alignment.value) for _header, _key, alignment in COLUMNS)
_BLANK = ("",) * len(COLUMNS)  # a film deleted meanwhile (its change is on its way)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled


def sort_of(column: int, order: Qt.SortOrder) -> tuple[str, bool]:
    """(Catalogue sort key, descending) of a column and order of the header."""
    return COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder


def column_of(sort_key: str, descending: bool) -> tuple[int, Qt.SortOrder]:
    """The header's column and order of a sort (`sort_of` the other way)."""
    return _SORT_KEYS.index(sort_key), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder


def _cell(row: FilmRow, column: int) -> str:
    if column == TITLE:
        return row.title
    if column == YEAR:
        return "" if row.year is None else str(row.year)
    if column == DIRECTOR:
        return row.directors
    if column == RUNTIME:
        return runtime_hours(row.runtime_min)
    if column == RATING:
        return rating_short(row.rating)
    if column == ON_LOAN:
        return row.loaned_to or ""
    return str(row.video_count) if row.video_count else ""


def _overdue(row: FilmRow) -> bool:
    return bool(row.loaned_to and row.loan_due and row.loan_due < today())


class FilmTableModel(QAbstractTableModel):
    """Rows are films in display order; `FILM_ID_ROLE` gives a row's film id."""

    def __init__(self, catalogue: Catalogue, parent: Any = None, sort: tuple[str, bool] = ("title", False)) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.query = ""
        self.sort_key, self.descending = sort if sort[0] in _SORT_KEYS else ("title", False)
        self._ids: IdList = catalogue.films.id_list("", self.sort_key, self.descending)
        self._rows: OrderedDict[int, FilmRow | None] = OrderedDict()
        self._cells: dict[int, tuple[str, ...]] = {}  # the texts of cached rows, formatted once
        self.generation = 0  # counts the lists shown (a search, a sort, a change): a search read
        # elsewhere against an older one is out of date
        # Takes a read of the whole list elsewhere (the list pane's worker, which calls `show_found`
        # when it is read) and says whether it did: a sort chosen in the header, another program's
        # many films. None, or False: read here, at once.
        self.read_elsewhere: Callable[[], bool] | None = None

    # -- ids ----------------------------------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        """The film ids in display order (a copy: for the whole list, e.g. printing; film_id(row)
        and row_of(film) answer without one)."""
        return self._ids.tolist()

    @property
    def id_list(self) -> IdList:
        """The film ids in display order, compactly (do not modify)."""
        return self._ids

    def film_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, film_id: int) -> int | None:
        return self._ids.position(film_id)

    def film_row(self, row: int) -> FilmRow | None:
        """The film shown on `row`, fetched with its page when not cached."""
        fid = self._ids[row]
        if fid in self._rows:
            self._rows.move_to_end(fid)
            return self._rows[fid]
        start = row - row % PAGE_SIZE
        page = [i for i in self._ids[start:min(start + PAGE_SIZE, len(self._ids))] if i not in self._rows]
        fetched = self.catalogue.films.rows(page)
        for i in page:
            self._rows[i] = fetched.get(i)  # None: deleted meanwhile, its change is on its way
        while len(self._rows) > PAGE_SIZE * CACHE_PAGES:
            self._cells.pop(self._rows.popitem(last=False)[0], None)
        self._rows.move_to_end(fid)
        return self._rows[fid]

    def _cells_of(self, number: int) -> tuple[str, ...] | None:
        """The texts of row `number`'s cells: formatted once while its film is cached, since a
        paint asks for every visible cell's each time (at 60 frames a second while scrolling)."""
        if not 0 <= number < len(self._ids):
            return None
        fid = self._ids[number]
        cells = self._cells.get(fid)
        if cells is not None:
            self._rows.move_to_end(fid)
            return cells
        row = self.film_row(number)
        cells = self._cells[fid] = _BLANK if row is None else tuple(_cell(row, c) for c in range(len(COLUMNS)))
        return cells

    def _forget(self, film_ids: Iterable[int] | None = None) -> None:
        """Read these films' rows (None: every film's) again when next shown."""
        if film_ids is None:
            self._rows.clear()
            self._cells.clear()
        for fid in film_ids or ():
            self._rows.pop(fid, None)
            self._cells.pop(fid, None)

    def read_ahead(self, first: int, last: int) -> None:
        """Have rows first..last read now, those not cached (the view asks at idle for the rows a
        scroll will show next, so that its frame does not wait for SQLite)."""
        first, last = max(first, 0), min(last, len(self._ids) - 1)
        for row in [*range(first, last, PAGE_SIZE), last] if first <= last else ():  # a row of each page
            if self._ids[row] not in self._rows:
                self.film_row(row)

    # -- Qt model -----------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:  # the role asked most, answered first
            cells = self._cells_of(index.row())
            return None if cells is None else cells[index.column()]
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._ids):
            return None
        if role == FILM_ID_ROLE:
            return self._ids[number]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()]
        if role == _TOOLTIP:
            row = self.film_row(number)
            if row is None:
                return ""
            # Escaped: Qt reads a tooltip with tags as rich text, and titles are the user's text.
            if index.column() == ON_LOAN and row.loaned_to:
                due = f", due {row.loan_due}" + (" (overdue)" if _overdue(row) else "") if row.loan_due else ""
                return html.escape(f"Lent to {row.loaned_to}{due}")
            return None if index.column() not in (TITLE, DIRECTOR) else html.escape(_cell(row, index.column()))
        if role == _FOREGROUND and index.column() == ON_LOAN:
            row = self.film_row(number)
            return OVERDUE if row is not None and _overdue(row) else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return COLUMNS[section][2]
        if role == Qt.ItemDataRole.ToolTipRole and section == VIDEOS:
            return "Featurettes, trailers and other videos"
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _ROW_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQLite by the column's key (a reset, like a new search), unless `read_elsewhere`
        takes it. `sort_key` and `descending` are always those of the films shown."""
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = sort_of(column, order)
        if (key, descending) == (self.sort_key, self.descending):
            return
        if self.read_elsewhere is None or not self.read_elsewhere():
            self.show(self.query, key, descending)

    # -- search and changes -------------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        """Show the films matching `query` (a reset). Raises CatalogueError for a bad query."""
        self.show(query, self.sort_key, self.descending)

    def show(self, query: str, sort_key: str, descending: bool) -> None:
        """Show the films matching `query` in that order, read now (a reset, unless they are the
        films shown). Raises CatalogueError for a bad query."""
        if (query, sort_key, descending) != (self.query, self.sort_key, self.descending):
            self.show_found(query, self.catalogue.films.id_list(query, sort_key, descending), sort_key, descending)

    def show_found(self, query: str, ids: IdList, sort_key: str, descending: bool) -> None:
        """Show `ids`, the films `query` found in that order (read on a worker, say)."""
        self.query, self.sort_key, self.descending = query, sort_key, descending
        self._reset(ids)

    def reload(self) -> None:
        self._reset(self.catalogue.films.id_list(self.query, self.sort_key, self.descending))

    def _reset(self, ids: IdList) -> None:
        self.generation += 1
        self.beginResetModel()
        self._ids = ids
        self._forget()
        self.endResetModel()

    def apply(self, changes: Change) -> None:
        """Refresh after a committed use case: only the rows it touched, never a reset."""
        self.generation += 1
        if changes.removed:
            self._remove(changes.removed)
        read_again = changes.all_films and len(changes.added) + len(changes.removed) > RELOAD_ABOVE
        if read_again and (self.read_elsewhere is None or not self.read_elsewhere()):
            self.reload()  # (another program's import: one read of the order, not a lookup a film)
            return
        if changes.all_films and self._ids:
            self._forget()  # every row is read again when next painted
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
        elif changes.updated:
            self._update(changes.updated)
        new = [] if read_again else [fid for fid in changes.added if self.row_of(fid) is None]  # (or: read)
        if new:
            self._insert(new)

    def _rows_of(self, film_ids: Iterable[int]) -> list[int]:
        return sorted(r for r in self._ids.positions(film_ids) if r >= 0)

    def _update(self, film_ids: Iterable[int]) -> None:
        film_ids = list(film_ids)
        rows = self._rows_of(film_ids)
        self._forget(film_ids)
        for first, last in _blocks(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _remove(self, film_ids: Iterable[int]) -> None:
        film_ids = list(film_ids)
        rows = self._rows_of(film_ids)
        self._forget(film_ids)
        for first, last in reversed(list(_blocks(rows))):
            self.beginRemoveRows(QModelIndex(), first, last)
            self._ids = self._ids.without_rows(first, last)
            self.endRemoveRows()

    def _insert(self, film_ids: list[int]) -> None:
        """Insert where the current search and sort put them (after their nearest shown neighbour);
        films the search does not match go at the end, so that a film just made is always seen."""
        order = self.catalogue.films.id_list(self.query, self.sort_key, self.descending)
        blocks = _insertion_blocks(self._ids, order, film_ids)
        for row in sorted(blocks, reverse=True):  # from the end, so earlier rows stay valid
            ids = blocks[row]
            self.beginInsertRows(QModelIndex(), row, row + len(ids) - 1)
            self._ids = self._ids.with_rows(row, ids)
            self.endInsertRows()


def _insertion_blocks(shown: IdList, order: IdList, film_ids: list[int]) -> dict[int, list[int]]:
    """Where new films go in the list shown: {row to insert at: ids}, each after the film shown
    nearest before it in the new `order` (films `order` lacks: at the end)."""
    adding = set(film_ids)
    blocks: dict[int, list[int]] = {}
    if len(order) <= 20_000:
        anchor_row = 0
        rows = shown.positions(order.tolist())
        for fid, row in zip(order.tolist(), rows, strict=True):
            if fid in adding:
                blocks.setdefault(anchor_row, []).append(fid)
                adding.discard(fid)
            elif row >= 0:
                anchor_row = row + 1
    else:  # a big list: the same, with arrays (the rows shown, by their place in the new order)
        import numpy as np

        current = shown.array()
        in_order = order.rows_of(current)
        visible = np.flatnonzero((in_order >= 0) & ~np.isin(current, np.fromiter(adding, dtype=np.int64)))
        by_place = np.argsort(in_order[visible], kind="stable")
        places, shown_rows = in_order[visible][by_place], visible[by_place]
        new_places = order.positions(film_ids)
        for fid, place in sorted(zip(film_ids, new_places, strict=True), key=lambda pair: pair[1]):
            if place < 0:
                continue
            k = int(np.searchsorted(places, place))
            blocks.setdefault(int(shown_rows[k - 1]) + 1 if k else 0, []).append(fid)
            adding.discard(fid)
    if adding:
        blocks.setdefault(len(shown), []).extend(fid for fid in film_ids if fid in adding)
    return blocks


def _blocks(rows: list[int]) -> Iterable[tuple[int, int]]:
    """Contiguous runs of sorted row numbers as (first, last)."""
    if not rows:
        return
    start = prev = rows[0]
    for row in rows[1:]:
        if row == prev + 1:
            prev = row
        else:
            yield start, prev
            start = prev = row
    yield start, prev
