"""The collector's desk in the main window (issue 13): the Browse pane left of the film list, the
Film menu (Lend… Ctrl+L, Mark returned Ctrl+Shift+R, Log a viewing… Ctrl+Shift+D, the
wishlist), View ▸ Browse by (Ctrl+B), Loans (Ctrl+Shift+L), Statistics (Ctrl+Shift+T) and Show
all films / owned / wanted — which, like the Browse pane, writes its filter in the search box, so
the box always says what the list shows. `install(window)` adds it all; GUI thread only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSplitter, QWidget

from catalog import Change
from catalog.model import facets as facet_text
from ui.actions import make_action
from ui.browse.browse_pane import BrowsePane

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

SPLITTER_KEY, SHOWN_KEY = "browse/splitter", "browse/shown"
SHOW = (("All films", None), ("Owned", "wanted:no"), ("Wanted (the wishlist)", "wanted:yes"))


class Desk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.catalogue = window.catalogue
        self.loans_window: QWidget | None = None
        self.stats_window: QWidget | None = None
        self.browse = BrowsePane(self.context)
        self.side = QSplitter(Qt.Orientation.Horizontal)
        self.side.setObjectName("browseSplitter")
        self.side.setChildrenCollapsible(False)
        self.side.setHandleWidth(6)
        main = window.splitter
        index = main.indexOf(window.list_pane)
        main.replaceWidget(index, self.side)
        self.side.addWidget(self.browse)
        self.side.addWidget(window.list_pane)
        self.side.setStretchFactor(0, 0)
        self.side.setStretchFactor(1, 1)
        settings = QSettings()
        saved = settings.value(SPLITTER_KEY)
        if saved is None or not self.side.restoreState(saved):
            self.side.setSizes([186, 586])
        main.setSizes([772, 318, 190])  # the list's room, now shared with the Browse pane (a saved layout wins)
        self.browse.setVisible(str(settings.value(SHOWN_KEY, "true")).lower() != "false")

        self._make_actions()
        self._make_menus()
        lists = window.list_pane
        lists.counts_changed.connect(self._search_changed)
        lists.current_changed.connect(lambda _film: self.update_actions())
        self.browse.query_requested.connect(self.search)
        self.browse.close_requested.connect(lambda: self.show_browse(False))
        window.detail.view.loan_return_requested.connect(self.mark_loan_returned)
        self.context.changed.connect(self._on_changed)
        window.installEventFilter(self)
        self._search_changed()

    # -- building -----------------------------------------------------------------------------------

    def _action(self, text: str, slot: Any, shortcut: str | None = None, tip: str | None = None) -> QAction:
        return make_action(self.window, text, slot, shortcut, tip=tip)

    def _make_actions(self) -> None:
        self.lend_action = self._action("&Lend…", self.lend, "Ctrl+L", "Lend a copy of the film to someone")
        self.return_action = self._action("Mark &returned", self.mark_returned, "Ctrl+Shift+R",
                                          "The film's lent copy came back")
        self.viewing_action = self._action("Log a &viewing…", self.log_viewing, "Ctrl+Shift+D",
                                           "Add a viewing to the film's diary")
        self.wish_action = self._action("Add to the &wishlist…", self.wish, None,
                                        "Want this film (it has no copy): a priority and a note")
        self.unwish_action = self._action("Remove from the wishlist", self.unwish)
        self.browse_action = self._action("&Browse by", lambda: self.show_browse(not self.browse.isVisible()),
                                          "Ctrl+B", "Show or hide the tree of genres, decades, people, shelves…")
        self.browse_action.setCheckable(True)
        self.browse_action.setChecked(self.browse.isVisible())
        self.loans_action = self._action("&Loans", self.show_loans, "Ctrl+Shift+L",
                                         "Open loans by due date, overdue ones highlighted")
        self.stats_action = self._action("S&tatistics", self.show_statistics, "Ctrl+Shift+T",
                                         "The collection in figures and charts")
        self.show_group = QActionGroup(self.window)
        self.show_actions: dict[str | None, QAction] = {}
        for text, clause in SHOW:
            action = self._action(text, lambda c=clause: self.show_only(c))
            action.setCheckable(True)
            self.show_group.addAction(action)
            self.show_actions[clause] = action
        self.show_actions[None].setChecked(True)

    def _make_menus(self) -> None:
        bar = self.window.menuBar()
        menus = {a.text().replace("&", ""): a for a in bar.actions()}
        film = QMenu("F&ilm", self.window)
        film.setObjectName("filmMenu")
        film.addActions([self.lend_action, self.return_action])
        film.addSeparator()
        film.addAction(self.viewing_action)
        film.addSeparator()
        film.addActions([self.wish_action, self.unwish_action])
        bar.insertMenu(menus["View"], film)
        view = menus["View"].menu()
        assert isinstance(view, QMenu)
        first = view.actions()[0] if view.actions() else None
        view.insertActions(first, [self.browse_action, self.loans_action, self.stats_action])  # type: ignore[arg-type]
        view.insertSeparator(first)  # type: ignore[arg-type]
        show = QMenu("&Show", view)
        show.addActions(list(self.show_actions.values()))
        view.insertMenu(first, show)  # type: ignore[arg-type]
        view.insertSeparator(first)  # type: ignore[arg-type]
        self.update_actions()

    # -- state --------------------------------------------------------------------------------------

    def current(self) -> int | None:
        return self.window.list_pane.current_id()

    def update_actions(self) -> None:
        film = self.current()
        writable = not self.catalogue.read_only_reason
        wish = self.catalogue.wishlist.get(film) if film is not None else None
        loans = self.catalogue.loans.of_film(film) if film is not None else []
        lent = any(loan["returned_on"] is None for loan in loans)
        self.lend_action.setEnabled(film is not None and writable and wish is None)
        self.return_action.setEnabled(lent and writable)
        self.viewing_action.setEnabled(film is not None and writable)
        self.wish_action.setEnabled(film is not None and writable)
        self.wish_action.setText("Edit the &wish…" if wish else "Add to the &wishlist…")
        self.unwish_action.setEnabled(wish is not None and writable)

    def _search_changed(self) -> None:
        query = self.window.list_pane.model.query
        self.browse.set_query(query)
        chosen = next((c for c in ("wanted:yes", "wanted:no") if facet_text.is_applied(query, c)), None)
        self.show_actions[chosen].setChecked(True)
        self.update_actions()

    def _on_changed(self, change: Change) -> None:
        self.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            settings = QSettings()
            settings.setValue(SPLITTER_KEY, self.side.saveState())
            settings.setValue(SHOWN_KEY, "true" if self.browse.isVisible() else "false")
        return super().eventFilter(watched, event)

    # -- searching ----------------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Put `text` in the search box and search now (the Browse pane's and Show's way; on a
        worker when the catalogue is big)."""
        self.window.list_pane.search_for(text)

    def show_only(self, clause: str | None) -> None:
        """All films, the owned ones or the wanted ones: the box's wanted: clause replaced."""
        query = self.window.list_pane.search_box.text()
        for other in ("wanted:yes", "wanted:no"):
            if facet_text.is_applied(query, other):
                query = facet_text.toggle(query, other)
        self.search(facet_text.toggle(query, clause) if clause else query)

    def show_browse(self, shown: bool) -> None:
        self.browse.setVisible(shown)
        self.browse_action.setChecked(shown)
        if shown:
            self.browse.recount()

    # -- loans --------------------------------------------------------------------------------------

    def _copy_in_editor(self, film_id: int) -> int | None:
        """The copy chosen in the editor's Copies tab, if the film is being edited there."""
        detail = self.window.detail
        editor = getattr(detail, "editor", None)
        if not getattr(detail, "editing", False) or editor is None or detail.film_id != film_id:
            return None
        table = editor.tables.get("copy")
        if table is None or editor.tabs.currentWidget() is not table:
            return None
        row = table.current_row()
        rows = table.model.rows
        return rows[row]["id"] if 0 <= row < len(rows) else None

    def lend(self) -> QWidget | None:
        from ui.loans.lend_dialog import LendDialog

        film = self.current()
        if film is None:
            return None
        dialog = LendDialog(self.context, film, self._copy_in_editor(film), self.window)
        dialog.open()
        return dialog

    def mark_returned(self) -> None:
        film = self.current()
        if film is not None:
            self.context.attempt(lambda: self.catalogue.loans.return_film(film), self.window)

    def mark_loan_returned(self, loan_id: int) -> None:
        self.context.attempt(lambda: self.catalogue.loans.mark_returned(loan_id), self.window)

    def show_loans(self) -> QWidget:
        from ui.loans.loans_window import LoansWindow

        if self.loans_window is None:
            window = LoansWindow(self.context, self.print_films, self.window)
            window.film_requested.connect(self.window.reveal_film)
            self.loans_window = window
        self.loans_window.show()
        self.loans_window.raise_()
        self.loans_window.activateWindow()
        return self.loans_window

    def print_films(self, film_ids: list[int], template: str) -> object:
        from ui.printing.desk_printing import print_films

        return print_films(self.window, self.context, film_ids, template)

    # -- diary, wishlist, statistics ----------------------------------------------------------------

    def log_viewing(self) -> QWidget | None:
        from ui.window.desk_dialogs import ViewingDialog

        film = self.current()
        if film is None:
            return None
        dialog = ViewingDialog(self.context, film, self.window)
        dialog.open()
        return dialog

    def wish(self) -> QWidget | None:
        from ui.window.desk_dialogs import WishDialog

        film = self.current()
        if film is None:
            return None
        dialog = WishDialog(self.context, film, self.window)
        dialog.open()
        return dialog

    def unwish(self) -> None:
        film = self.current()
        if film is not None:
            self.context.attempt(lambda: self.catalogue.wishlist.remove(film), self.window)

    def show_statistics(self) -> QWidget:
        from ui.stats.stats_window import StatsWindow

        if self.stats_window is None:
            self.stats_window = StatsWindow(self.context, self.window)
        else:
            self.stats_window.refresh()  # type: ignore[attr-defined]
        self.stats_window.show()
        self.stats_window.raise_()
        return self.stats_window


def install(window: MainWindow) -> Desk:
    return Desk(window)
