"""The list pane: a debounced search box above the film table (or the empty-catalogue panel).
A typed search or a sort of a big catalogue is read on a worker, so that typing (and painting)
goes on meanwhile.

It owns the FilmTableModel, keeps the current film across searches and sorts, tells the window
which film is current, and turns drops on a film row into requests (images from the gallery,
folders from the desktop). GUI thread only; every change arrives through `apply(Change)`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog import Catalogue, CatalogueError, Change
from catalog.model.id_list import IdList
from ui.films.film_table_model import (
    COLUMNS,
    DIRECTOR,
    ON_LOAN,
    RATING,
    RUNTIME,
    TITLE,
    VIDEOS,
    YEAR,
    FilmTableModel,
    column_of,
    sort_of,
)
from ui.icons import icon
from ui.window.empty_state import EmptyState

if TYPE_CHECKING:
    from ui.tasks import Task, TaskRunner

IMAGE_IDS_MIME = "application/x-marquee-image-ids"
SEARCH_DELAY_MS = 120
# Films from which a typed search is read on a worker (benchmarks/scale.py, the slower machine): at
# a million, keys typed meanwhile waited up to 150 ms, now 15 (the list then shows it 10 ms later);
# at 100,000, 24 ms against 15 (5 ms later). Below, a search takes a few ms and is shown at once.
SEARCH_ON_WORKER_FROM = 100_000
REFIT_AFTER_SCROLL_MS = 300  # the column split is looked at again once scrolling stops
# What each column must fit (its header is bold and carries the sort arrow).
COLUMN_SAMPLES = {YEAR: "2000", DIRECTOR: "Jean-Pierre Jeunet", RUNTIME: "2 h 48 min", RATING: "★ 10.0",
                  VIDEOS: "", ON_LOAN: "Anna"}


def image_ids_from(mime: QMimeData) -> list[int]:
    """The image ids carried by a drag from the gallery or the inbox ([] if none or malformed)."""
    if not mime.hasFormat(IMAGE_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(IMAGE_IDS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [int(i) for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def folder_paths_from(mime: QMimeData) -> list[Path]:
    """Local folders and files dropped from the desktop."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class FilmTableView(QTableView):
    """The film table: says so when a search matches nothing, and accepts drops on film rows."""

    images_dropped = Signal(list, int)        # image ids, film id
    paths_dropped = Signal(list, object)      # paths, film id or None
    first_painted = Signal()                  # once, after the table's first paint

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""
        self.painted = False
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        # A scroll by wheel or key reads the rows of the screen after it at idle, in the direction
        # it went: a list scrolled page by page then never waits for a page of rows in a frame
        # (at a million films a page took 5-25 ms). A jump (the scroll bar dragged) reads nothing more.
        self._scrolled_to = 0
        self._going_down = True
        self._ahead = QTimer(self, singleShot=True, interval=0)
        self._ahead.timeout.connect(self._read_ahead)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _scrolled(self, value: int) -> None:
        step, self._scrolled_to = value - self._scrolled_to, value
        if step and abs(step) <= 2 * self.viewport().height():
            self._going_down = step > 0
            self._ahead.start()

    def _read_ahead(self) -> None:
        model = self.model()
        first, last = self.rowAt(0), self.rowAt(self.viewport().height() - 1)
        if not isinstance(model, FilmTableModel) or first < 0:
            return
        if last < 0:
            last = model.rowCount() - 1
        shown = last - first + 1
        model.read_ahead(*((last + 1, last + shown) if self._going_down else (first - shown, first - 1)))

    def _film_at(self, pos: QPoint) -> int | None:
        index = self.indexAt(pos)
        model = cast(FilmTableModel, self.model())  # the list pane gives the view its FilmTableModel
        return model.film_id(index.row()) if index.isValid() else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if image_ids_from(event.mimeData()) or folder_paths_from(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        film = self._film_at(event.position().toPoint())
        if image_ids_from(event.mimeData()) and film is None:
            event.ignore()
            return
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        film = self._film_at(event.position().toPoint())
        mime = event.mimeData()
        images, paths = image_ids_from(mime), folder_paths_from(mime)
        if images and film is not None:
            event.acceptProposedAction()
            self.images_dropped.emit(images, film)
        elif paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths, film)
        else:
            event.ignore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()
        if self.placeholder and self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(16, 24, -16, -16),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap), self.placeholder)


class ListPane(QWidget):
    """`current_changed(film id or None)`; `selection_changed()`; `counts_changed()` after any
    search or change (see `shown_count`)."""

    current_changed = Signal(object)
    selection_changed = Signal()
    counts_changed = Signal()
    syntax_help_requested = Signal()  # the search hint's "Search syntax" link, or the box's ? button

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None, tasks: TaskRunner | None = None,
                 sort: tuple[str, bool] = ("title", False)) -> None:
        super().__init__(parent)
        self.setObjectName("listPane")
        self.catalogue = catalogue
        self._tasks = tasks  # None: every search on the GUI thread
        self._searching: Task | None = None  # the search (or sort) being read on a worker
        self._asked: tuple[str, str, bool, int] = ("", "", False, 0)  # its query, sort and list generation
        self.model = FilmTableModel(catalogue, self, sort)  # the first list: in the saved sort, read ahead
        self.model.read_elsewhere = self._read_elsewhere
        self._pending_select: list[int] = []
        self._kept: tuple[int | None, list[int]] = (None, [])

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search titles and people")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.addAction(icon("find", "#8a919c"), QLineEdit.ActionPosition.LeadingPosition)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._search_typed)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self._enter_results)
        self.search_box.installEventFilter(self)
        help_action = self.search_box.addAction(icon("help", "#8a919c"), QLineEdit.ActionPosition.TrailingPosition)
        help_action.setToolTip("Search syntax: every filter, with examples")
        help_action.triggered.connect(self.syntax_help_requested)

        self.view = FilmTableView()
        self.view.setObjectName("filmList")
        self._setup_view()

        self.empty_state = EmptyState()
        list_page = QWidget()
        page_layout = QVBoxLayout(list_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(6)
        page_layout.addWidget(self.search_box)
        self.search_hint = QLabel()
        self.search_hint.setObjectName("searchHint")
        self.search_hint.setWordWrap(True)
        self.search_hint.setTextFormat(Qt.TextFormat.RichText)  # the message is escaped; the link is ours
        self.search_hint.linkActivated.connect(lambda _link: self.syntax_help_requested.emit())
        self.search_hint.hide()
        page_layout.addWidget(self.search_hint)
        page_layout.addWidget(self.view)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.stack)
        self._update_empty()

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setCornerButtonEnabled(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(28, view.fontMetrics().height() + 14))
        header = view.horizontalHeader()
        header.setObjectName("filmHeader")
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        bold = header.font()
        bold.setBold(True)
        cell, head = view.fontMetrics(), QFontMetrics(bold)
        for column, sample in COLUMN_SAMPLES.items():
            # The header's text, its padding and the sort arrow's room (app.qss: padding 6px / 18px).
            width = max(cell.horizontalAdvance(sample) + 24, head.horizontalAdvance(COLUMNS[column][0]) + 6 + 18 + 2)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSortIndicator(*column_of(self.model.sort_key, self.model.descending))
        view.setSortingEnabled(True)
        # Until the collector sizes a column (or a saved layout is restored), the title gets the room:
        # the director column gives way first when the pane is narrow.
        self.auto_columns = True
        self._fitting = False
        self._director_ideal = header.sectionSize(DIRECTOR)
        header.sectionResized.connect(self._section_resized)
        header.geometriesChanged.connect(self.fit_columns)
        selection = view.selectionModel()
        selection.currentRowChanged.connect(lambda *_: self.current_changed.emit(self.current_id()))
        selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        for rows_changed in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            rows_changed.connect(self.fit_columns)  # (the rows in view decide the split)
        # Scrolled to longer titles than the split was made for: once the scrolling stops, the
        # director column gives way to them (it never grows back while scrolling: no column
        # jumps to and fro as rows go by).
        self._refit = QTimer(self, singleShot=True, interval=REFIT_AFTER_SCROLL_MS)
        self._refit.timeout.connect(lambda: self.fit_columns(narrower_only=True))
        view.verticalScrollBar().valueChanged.connect(lambda _value: self._refit.start())  # (not start(msec))

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != TITLE:
            self.auto_columns = False  # the collector's own widths from now on

    def fit_columns(self, narrower_only: bool = False) -> None:
        """Give the title the room: in a narrow pane the director column takes at most half of what
        the numbers leave (never less than its header), the title the rest, and all of any more.
        `narrower_only`: only if that makes the director column narrower (after a scroll)."""
        if not self.auto_columns:
            return
        header = self.view.horizontalHeader()
        numeric = sum(header.sectionSize(c) for c in (YEAR, RUNTIME, RATING, VIDEOS, ON_LOAN))
        available = self.view.viewport().width() - numeric
        bold = header.font()
        bold.setBold(True)
        least = QFontMetrics(bold).horizontalAdvance(COLUMNS[DIRECTOR][0]) + 32
        director = max(least, min(self._director_ideal, available // 2))  # the title gets the rest
        titles, directors = self._shown_width(TITLE), self._shown_width(DIRECTOR)
        if director < directors <= available - titles:
            director = directors  # the titles in view are short enough: both columns whole
        current = header.sectionSize(DIRECTOR)
        if director < current or (director > current and not narrower_only):
            self._fitting = True
            try:
                header.resizeSection(DIRECTOR, director)
            finally:
                self._fitting = False

    def _shown_width(self, column: int, most: int = 60) -> int:
        """What the widest text of `column` in the rows in view (at most `most`) needs, padding
        included (app.qss: 6 px a side; the style's text margin, 3 px a side; a pixel to round)."""
        view = self.view
        first = max(0, view.rowAt(0))
        last = view.rowAt(view.viewport().height() - 1)
        last = min(self.model.rowCount() - 1 if last < 0 else last, first + most - 1)
        metrics = view.fontMetrics()
        texts = (self.model.index(row, column).data() for row in range(first, last + 1))
        return max((metrics.horizontalAdvance(text) for text in texts if text), default=0) + 19

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    # -- what is shown ------------------------------------------------------------------------------

    def current_id(self) -> int | None:
        return self.model.film_id(self.view.currentIndex().row()) if self.view.currentIndex().isValid() else None

    def selected_ids(self) -> list[int]:
        """Selected films in display order (the current one if nothing is selected)."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        ids = [fid for fid in (self.model.film_id(r) for r in rows) if fid is not None]
        current = self.current_id()
        return ids or ([current] if current is not None else [])

    def shown_count(self) -> int:
        return self.model.rowCount()

    def is_searching(self) -> bool:
        return bool(self.model.query)

    def select_films(self, film_ids: list[int]) -> None:
        """Select these films and make the first current; films not listed yet are selected as soon
        as their change arrives."""
        rows = [r for r in (self.model.row_of(fid) for fid in film_ids) if r is not None]
        self._pending_select = [] if rows else list(film_ids)
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        flags = QItemSelectionModel.SelectionFlag
        model = self.view.selectionModel()
        model.setCurrentIndex(self.model.index(rows[0], 0), flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(self.model.index(rows[0], 0))

    # -- search and changes -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.stack.setCurrentIndex(0)
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _run_search(self) -> None:
        self._debounce.stop()
        query, sort_key, descending, _ = self._wanted()
        try:
            self.model.show(query, sort_key, descending)
        except CatalogueError as exc:  # a query the search syntax refuses: say how to fix it
            self._refused(str(exc))
            return
        self._shown(query)

    def _search_typed(self) -> None:
        """The typing paused: search, on a worker when the catalogue is big."""
        if self._on_worker() and self._wanted()[:3] != self._showing():
            self._read_on_worker()
        else:
            self._run_search()

    def _read_elsewhere(self) -> bool:
        """The whole list to be read again (the model's `read_elsewhere`: a sort chosen in the
        header, another program's many films): on a worker when the catalogue is big (at a million
        films a column's first sort takes a quarter of a second), unless the list is not shown yet
        (the saved sort, restored before the window is)."""
        if not self._on_worker() or not self.isVisible():
            return False
        self._read_on_worker()
        return True

    def _on_worker(self) -> bool:
        return self._tasks is not None and self.catalogue.films.count() >= SEARCH_ON_WORKER_FROM

    def _read_on_worker(self) -> None:
        """Read the films of the box's query in the header's sort on the search lane. One read at a
        time: what is wanted is looked at again when it is done."""
        if self._searching is not None or self._tasks is None:
            return
        self._asked = asked = self._wanted()
        films = self.catalogue.films

        def search(_abort: Any, _progress: Any) -> object:
            try:
                return films.id_list(*asked[:3])
            except CatalogueError as exc:  # (the query's own fault: a hint, not a failure)
                return exc

        self._searching = task = self._tasks.start(search, search=True)
        task.finished.connect(self._searched)  # (bound methods: let go if the pane goes first)
        task.failed.connect(self._search_failed)

    def _searched(self, found: object) -> None:
        self._searching = None
        query, sort_key, descending, _ = self._asked
        if self._wanted() != self._asked:
            # Typed on, sorted or changed meanwhile: read again, unless the list shows it already
            # (a search run at once, a sort chosen back) or the typing has not paused yet.
            if self._wanted()[:3] != self._showing() and not self._debounce.isActive():
                self._read_on_worker()
        elif isinstance(found, CatalogueError):
            self._refused(str(found))
        else:
            self.model.show_found(query, cast(IdList, found), sort_key, descending)
            self._shown(query)

    def _wanted(self) -> tuple[str, str, bool, int]:
        """What a read now would be of: the box's query, the header's sort, the list's generation."""
        model, header = self.model, self.view.horizontalHeader()
        column = header.sortIndicatorSection()
        sort_key, descending = (sort_of(column, header.sortIndicatorOrder()) if 0 <= column < len(COLUMNS)
                                else (model.sort_key, model.descending))
        return self.search_box.text().strip(), sort_key, descending, model.generation

    def _showing(self) -> tuple[str, str, bool]:
        model = self.model
        return model.query, model.sort_key, model.descending

    def _search_failed(self, message: str) -> None:
        self._searching = None
        self.search_hint.setText(html.escape(f"The search could not be read: {message}"))
        self.search_hint.show()

    def _refused(self, message: str) -> None:
        self.search_hint.setText(f'{html.escape(message)} — <a href="help:search">Search syntax</a>')
        self.search_hint.show()

    def _shown(self, query: str) -> None:
        self.search_hint.hide()
        self.view.placeholder = f"No films match “{query}”" if query else ""
        if query and self.model.rowCount() == 1:  # one film matches: it is the one shown
            self.select_films(self.model.id_list[:1])
        self.counts_changed.emit()

    def run_search_now(self) -> None:
        """Search for what the box holds now, in the header's sort (not after the typing pause)."""
        self._run_search()

    def sort(self) -> tuple[str, bool]:
        """The sort the header shows (the list follows it when read): (Catalogue sort key, descending)."""
        return self._wanted()[1:3]

    def sort_now(self) -> None:
        """Show the list in the header's sort at once (the saved sort at start, before the film
        of the last session is selected in it)."""
        _, sort_key, descending, _ = self._wanted()
        self.model.show(self.model.query, sort_key, descending)

    def search_for(self, text: str) -> None:
        """Put `text` in the box and search without the typing pause, on a worker when the catalogue
        is big (a click in the Browse pane: the list follows when it is read)."""
        self.search_box.setText(text)
        self._debounce.stop()
        self._search_typed()

    def _enter_results(self) -> None:
        """Enter in the search box: search now, then go to the results."""
        self._run_search()
        self.focus_results()

    def focus_results(self) -> None:
        """Move the keyboard to the film list, on the current film (or the first)."""
        if self.model.rowCount() == 0 or not self.search_hint.isHidden():
            return
        current = self.current_id()
        if current is None or self.model.row_of(current) is None:
            self.select_films(self.model.id_list[:1])
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                if self._debounce.isActive() or self._searching is not None:
                    self._run_search()
                self.focus_results()
                return True
        return super().eventFilter(watched, event)

    def _keep_selection(self) -> None:
        # A search that hid the current film does not forget it: clearing the search brings it back.
        current = self.current_id()
        kept = self._kept[0] if current is None else current
        self._kept = (kept, self.selected_ids()[:1000] if current is not None else self._kept[1])

    def _restore_selection(self) -> None:
        current, selected = self._kept
        if current is not None and self.model.row_of(current) is not None:
            self._kept = (None, [])
            self.select_films([current, *(fid for fid in selected if fid != current)])
        else:
            self.current_changed.emit(None)

    def apply(self, changes: Change) -> None:
        """Refresh for a committed use case (from AppContext.changed)."""
        self.model.apply(changes)
        if self._pending_select:
            waiting = self._pending_select
            self.select_films(waiting)
            if self._pending_select and changes.added:  # they came and are not listed: give up
                self._pending_select = []
        if changes.added or changes.removed:
            self._update_empty()
            self.counts_changed.emit()

    def _update_empty(self) -> None:
        empty = not self.model.query and self.model.rowCount() == 0
        self.stack.setCurrentIndex(1 if empty else 0)
