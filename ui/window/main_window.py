"""The main window: list | detail | gallery in a splitter, with menus, a toolbar and a status bar.

Every action is a use case of `Catalogue` run through `AppContext.do` (its change goes on the undo stack) or the
task runner (when it is long); what changed comes back through `AppContext.changed`. GUI thread only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QSplitter, QToolBar

from catalog import CatalogueError, Change, formats
from catalog.model.text import plural
from ui.actions import make_action
from ui.context import AppContext
from ui.detail.detail_pane import DetailPane
from ui.films.list_pane import ListPane, folder_paths_from
from ui.gallery.gallery_pane import GalleryPane
from ui.settings import WindowSettings
from ui.undo import takes_long
from ui.window import desk, safekeeping
from ui.window import help as help_pages
from ui.window.dialogs import NewFilmDialog, confirm, show_error
from ui.window.jobs import WindowJobs

# Opens the catalogue at a path in this window (made by the composition root; None: cannot).
CatalogueOpener = Callable[[Path | str], object]
RECENT_KEY, RECENT_MAX = "recentCatalogues", 8
CATALOGUE_SUFFIXES = (".db", ".sqlite", ".marquee")


def keys(standard: QKeySequence.StandardKey | None, *also: str) -> list[QKeySequence]:
    """The platform's keys for a standard action, then `also` (each key once: a key listed twice
    on one action makes Qt call the shortcut ambiguous and run nothing)."""
    found: list[QKeySequence] = list(QKeySequence.keyBindings(standard)) if standard is not None else []
    found += [QKeySequence(k) for k in also]
    unique: list[QKeySequence] = []
    for key in found:
        if not key.isEmpty() and key not in unique:
            unique.append(key)
    return unique


def recent_catalogues() -> list[Path]:
    value = QSettings().value(RECENT_KEY) or []
    return [Path(p) for p in ([value] if isinstance(value, str) else value)][:RECENT_MAX]


def remember_catalogue(path: Path) -> None:
    recent = recent_catalogues()
    if recent[:1] != [path]:  # (unchanged: no write of the settings file)
        QSettings().setValue(RECENT_KEY, [str(p) for p in [path, *[p for p in recent if p != path]][:RECENT_MAX]])


def catalogue_paths(paths: Iterable[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.casefold() in CATALOGUE_SUFFIXES and p.is_file()]


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Show a CatalogueError raised by an action as a plain message instead of a traceback."""
    @functools.wraps(method)
    def wrapper(self: MainWindow, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except CatalogueError as exc:
            show_error(self, str(exc))
            return None
    return wrapper


class MainWindow(WindowJobs, QMainWindow):
    def __init__(self, context: AppContext, settings: WindowSettings | None = None,
                 open_catalogue: CatalogueOpener | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.context = context
        self.catalogue = context.catalogue
        self.settings = settings or WindowSettings()
        self.opener = open_catalogue
        self._closed = False
        self._edit_when_current: int | None = None
        shared = getattr(self.catalogue, "shared", False)
        self.setWindowTitle(f"Marquee — {self.catalogue.location if shared else self.catalogue.path.name}")
        if not shared:  # once the window is up: it may write the settings file
            QTimer.singleShot(0, functools.partial(remember_catalogue, self.catalogue.path))  # (outlives the window)
        self.setAcceptDrops(True)

        self.list_pane = ListPane(self.catalogue, self, context.tasks, self.settings.saved_sort())
        self.detail = DetailPane(context, self)
        self.gallery = GalleryPane(context, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        for pane, stretch in ((self.list_pane, 5), (self.detail, 4), (self.gallery, 3)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.splitter.setSizes([560, 420, 300])
        self.setCentralWidget(self.splitter)

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.count_label = QLabel()
        self.count_label.setObjectName("filmCount")
        self.statusBar().addPermanentWidget(self.count_label)

        self.list_pane.current_changed.connect(self._current_changed)
        self.list_pane.selection_changed.connect(self._update_actions)
        self.list_pane.counts_changed.connect(self._update_counts)
        self.list_pane.counts_changed.connect(self._update_actions)
        self.list_pane.syntax_help_requested.connect(self.show_search_syntax)
        self.list_pane.view.images_dropped.connect(self.move_images_to)
        self.list_pane.view.paths_dropped.connect(self._paths_dropped)
        empty = self.list_pane.empty_state
        empty.add_film.connect(self.new_film)
        empty.import_folder.connect(self.import_folder)
        empty.load_demo.connect(self.add_demo)
        self.detail.film_requested.connect(self.reveal_film)
        self.gallery.import_requested.connect(self.import_paths)
        context.changed.connect(self._on_changed)
        context.status_message.connect(self.show_message)

        self.safekeeping = safekeeping.install(self)  # backups in File, the daily backup, read-only catalogues
        self.desk = desk.install(self)  # Browse pane, Film menu (loans, diary, wishlist), Loans, Statistics
        self.settings.restore(self, *self._layout_parts())
        self._restore_view()
        self._update_counts()
        self._update_actions()

    # -- building -----------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, icon_name: str | None = None,
                tip: str | None = None) -> QAction:
        return make_action(self, text, slot, shortcut, icon_name, tip)

    def _make_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_catalogue_action = self._action("New &catalogue…", self.new_catalogue, "Ctrl+Shift+N",
                                                 "catalogue.new", "Start an empty catalogue in a new file")
        self.open_catalogue_action = self._action("&Open catalogue…", self.open_catalogue_file, None,
                                                  "catalogue.open", "Open another catalogue in this window")
        self.open_catalogue_action.setShortcuts(keys(key.Open))
        self.open_shared_action = self._action("Open &shared catalogue…", self.open_shared_catalogue, None,
                                               "catalogue.open", "Open a catalogue on a PostgreSQL server")
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.new_action = self._action("&New film…", self.new_film, None, "film.new", "Add a film")
        self.new_action.setShortcuts(keys(key.New))
        self.import_action = self._action("&Import folder…", self.import_folder, "Ctrl+I", "import",
                                          "Import films and pictures from a folder")
        self.print_action = self._action("&Print…", self.print_films, None, "print",
                                         "Print sheets of the selected films")
        self.print_action.setShortcuts(keys(key.Print))
        self.export_pdf_action = self._action("Export P&DF…", self.export_pdf, "Ctrl+Shift+E", "pdf",
                                              "Save sheets of the selected films as a PDF")
        self._format_actions: tuple[dict[str, QAction], dict[str, QAction]] | None = None
        self.demo_action = self._action("Add &demo catalogue", self.add_demo, None, "demo")
        self.quit_action = self._action("&Quit", self.close, None, "quit")
        self.quit_action.setShortcuts(keys(key.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Not the stack's own actions: a heavy change is undone on a worker (AppContext.undo).
        stack = self.context.undo_stack
        self.undo_action = self._action("&Undo", lambda: self.context.undo(self), None, "undo")
        self.undo_action.setShortcuts(keys(key.Undo))
        self.redo_action = self._action("&Redo", lambda: self.context.redo(self), None, "redo")
        self.redo_action.setShortcuts(keys(key.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._name_undo)
        stack.redoTextChanged.connect(self._name_redo)
        self.delete_action = self._action("&Delete film", self.delete_selected, None, "film.delete")
        self.delete_action.setShortcuts(keys(key.Delete))
        self.find_action = self._action("&Find", self.list_pane.focus_search, None, "find")
        self.find_action.setShortcuts(keys(key.Find))
        self.inbox_action = self._action("&Unsorted images", self.show_inbox, None, "inbox",
                                         "Show pictures not yet put on a film")
        self.search_help_action = self._action("&Search syntax", self.show_search_syntax, None, "help",
                                               "Every way to search, with examples")
        self.search_help_action.setShortcuts(keys(key.HelpContents, "F1"))
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/", "keyboard")
        self.about_action = self._action("&About Marquee", self.about, None, "about")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        for action in (self.new_catalogue_action, self.open_catalogue_action):
            action.setEnabled(self.opener is not None)

    def _name_undo(self, what: str) -> None:
        self.undo_action.setText(f"&Undo {what}".strip())

    def _name_redo(self, what: str) -> None:
        self.redo_action.setText(f"&Redo {what}".strip())

    def _make_format_actions(self) -> tuple[dict[str, QAction], dict[str, QAction]]:
        """One action per file format of the registry (catalog.formats): a new format is in the
        menus. Made when first wanted (the menus' first showing), so the formats load after the
        window has appeared."""
        if self._format_actions is None:
            imports = {
                fmt.name: self._action(f"{fmt.label}…", self.import_folder if fmt.folder else
                                       functools.partial(self.import_file, fmt), None,
                                       "import" if fmt.folder else None)
                for fmt in formats.readers()}
            exports = {
                fmt.name: self._action(f"{fmt.label}…", self.export_pdf if fmt.name == "pdf" else
                                       functools.partial(self.export_file, fmt), None, "export")
                for fmt in formats.exportable()}
            self._format_actions = (imports, exports)
            if self.catalogue.read_only_reason:
                for action in imports.values():
                    action.setEnabled(False)
        return self._format_actions

    @property
    def import_format_actions(self) -> dict[str, QAction]:
        return self._make_format_actions()[0]

    @property
    def export_format_actions(self) -> dict[str, QAction]:
        return self._make_format_actions()[1]

    @property
    def import_json_action(self) -> QAction:
        return self.import_format_actions["json"]

    @property
    def export_json_action(self) -> QAction:
        return self.export_format_actions["json"]

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_catalogue_action, self.open_catalogue_action, self.open_shared_action])
        file.addMenu(self.recent_menu)
        file.addSeparator()
        file.addActions([self.new_action, self.import_action])
        file.addSeparator()
        file.addActions([self.print_action, self.export_pdf_action])
        file.addSeparator()
        import_menu, export_menu = file.addMenu("I&mport from"), file.addMenu("E&xport as")

        def fill() -> None:
            if not import_menu.actions():
                import_menu.addActions(list(self.import_format_actions.values()))
                export_menu.addActions(list(self.export_format_actions.values()))
        import_menu.aboutToShow.connect(fill)
        export_menu.aboutToShow.connect(fill)
        self._fill_format_menus = fill
        file.addAction(self.demo_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.delete_action, self.find_action])
        bar.addMenu("&View").addAction(self.inbox_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.search_help_action, self.shortcuts_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.undo_action, self.redo_action, self.delete_action):
            action.setPriority(QAction.Priority.LowPriority)  # icon only beside text buttons
        toolbar.addActions([self.new_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.print_action, self.export_pdf_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.inbox_action)
        self.addToolBar(toolbar)

    def _restore_view(self) -> None:
        """The sort (the header's saved indicator), search and film of the last session."""
        header = self.list_pane.view.horizontalHeader()
        if header.property("restored"):
            self.list_pane.auto_columns = False
        self.list_pane.sort_now()
        film, search = self.settings.restore_view(self.catalogue.path)
        if search:
            self.list_pane.search_box.setText(search)
            self.list_pane.run_search_now()
        model = self.list_pane.model
        if film is not None and model.row_of(film) is not None:
            self.list_pane.select_films([film])
        elif model.rowCount() and self.list_pane.current_id() is None:
            self.list_pane.select_films(model.id_list[:1])

    def _layout_parts(self) -> tuple[dict, dict]:
        return {"main": self.splitter}, {"films": self.list_pane.view.horizontalHeader()}

    # -- state --------------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_changed(self, changes: Change) -> None:
        self.list_pane.apply(changes)
        if changes.replayed and changes.added:  # undo of a delete, redo of an add: show them
            self.list_pane.select_films(sorted(changes.added))

    def _current_changed(self, film_id: int | None) -> None:
        self.detail.show_film(film_id)
        self.gallery.show_film(film_id)
        self._update_actions()
        if film_id is not None and film_id == self._edit_when_current:
            self._edit_when_current = None
            start_editing = getattr(self.detail, "start_editing", None)
            if callable(start_editing):
                start_editing()

    def _update_counts(self) -> None:
        text = plural(self.catalogue.films.count(), "film")
        if self.list_pane.is_searching():
            text += f" · {self.list_pane.shown_count():,} shown"
        self.count_label.setText(text)

    def _update_actions(self) -> None:
        count = len(self.list_pane.selected_ids())
        self.delete_action.setEnabled(count > 0 and not self.catalogue.read_only_reason)
        printable = self.list_pane.shown_count() > 0  # the selection, or all films shown
        self.print_action.setEnabled(printable)
        self.export_pdf_action.setEnabled(printable)
        self.delete_action.setText("&Delete films" if count > 1 else "&Delete film")

    def reveal_film(self, film_id: int) -> None:
        """Select a film in the list (and so show it), clearing a search that hides it."""
        if self.list_pane.model.row_of(film_id) is None and self.list_pane.is_searching():
            self.list_pane.search_box.clear()
            self.list_pane.model.set_query("")
        self.list_pane.select_films([film_id])

    def show_inbox(self) -> None:
        self.gallery.show_inbox()

    # -- films --------------------------------------------------------------------------------------

    def new_film(self) -> NewFilmDialog:
        """Ask for a title and year; the film is added (undoably), selected and opened for editing."""
        dialog = NewFilmDialog(self, self._create_film, self._film_created)
        dialog.open()
        return dialog

    def _create_film(self, fields: dict[str, Any]) -> int:
        change = self.context.do(lambda: self.catalogue.films.create(fields))
        assert change.id is not None
        return change.id

    def _film_created(self, film_id: int) -> None:
        self._edit_when_current = film_id
        self.list_pane.select_films([film_id])

    @guarded
    def delete_selected(self) -> None:
        """Ask once, then delete the selected films (undoable; their images go to the inbox)."""
        ids = self.list_pane.selected_ids()
        if not ids:
            return
        if len(ids) == 1:
            row = self.list_pane.model.row_of(ids[0])
            film = self.list_pane.model.film_row(row) if row is not None else None
            question = f"Delete “{film.title if film else 'this film'}”?"
        else:
            question = f"Delete {len(ids):,} films?"
        detail = ("Their images go to Unsorted." if len(ids) > 1 else "Its images go to Unsorted.")
        confirm(self, question, detail + " You can undo this.", "Delete", lambda: self._delete(ids))

    @guarded
    def _delete(self, ids: list[int]) -> None:
        if not takes_long(len(ids)):
            self.context.do(lambda: self.catalogue.films.delete(ids))
            return
        # Thousands take seconds (each film's document is kept for undo): the window paints meanwhile.
        delete = self.catalogue.films.delete
        self.context.do_on_worker(self, f"Deleting {len(ids):,} films…", "Delete cancelled: no film was deleted",
                                  lambda abort, progress: delete(ids, abort=abort, progress=progress))

    @guarded
    def move_images_to(self, image_ids: list[int], film_id: int) -> None:
        """Put dropped images on a film (undo puts each back where it was)."""
        self.context.do(lambda: self.catalogue.images.move(image_ids, film_id))

    # -- help -------------------------------------------------------------------------------------

    def show_search_syntax(self) -> help_pages.HelpPage:
        return help_pages.search_syntax(self)

    def show_shortcuts(self) -> help_pages.HelpPage:
        actions = [a for a in self.findChildren(QAction) if a.shortcuts() and a.text()]
        ordered = sorted(set(actions), key=lambda a: actions.index(a))
        return help_pages.keyboard_shortcuts(self, ordered)

    def about(self) -> help_pages.HelpPage:
        return help_pages.about(self, self.catalogue)

    # -- catalogues ---------------------------------------------------------------------------------

    def new_catalogue(self, path: Path | None = None) -> None:
        """Ask for a new file name and open an empty catalogue there, in this window."""
        if path is None:
            suggested = self.catalogue.path.parent / "New catalogue.db"
            name, _ = QFileDialog.getSaveFileName(self, "New catalogue", str(suggested), "Marquee catalogues (*.db)")
            if not name:
                return
            path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".db")
        if path.exists():
            show_error(self, f"{path}: there is a file of that name already; use Open catalogue… to open it")
            return
        self.open_path(path)

    def open_catalogue_file(self, path: Path | None = None) -> None:
        """Ask for a catalogue file and open it, in this window."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Open catalogue", str(self.catalogue.path.parent),
                                                  "Marquee catalogues (*.db *.sqlite *.marquee);;All files (*)")
            if not name:
                return
            path = Path(name)
        self.open_path(path)

    def open_shared_catalogue(self, address: str | None = None) -> None:
        """Ask for a shared catalogue's server, database and member, and open it in this window."""
        if address is None:
            from ui.window.shared_dialog import SharedCatalogueDialog

            dialog = SharedCatalogueDialog(self)
            if dialog.exec() != dialog.DialogCode.Accepted:
                return
            address = dialog.address()
        if self.opener is not None:
            self.opener(address)

    def open_path(self, path: Path) -> None:
        """Open a catalogue in this window (the opener replaces what the window shows)."""
        if self.opener is None:
            return
        if Path(path).absolute() == self.catalogue.path:
            return
        self.opener(Path(path))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        others = [p for p in recent_catalogues() if p != self.catalogue.path]
        for path in others:
            action = self.recent_menu.addAction(f"{path.name}  —  {path.parent}")
            action.setEnabled(self.opener is not None and path.is_file())
            action.triggered.connect(lambda _checked=False, path=path: self.open_path(path))
        if not others:
            self.recent_menu.addAction("No other catalogues yet").setEnabled(False)

    # -- window events ------------------------------------------------------------------------------

    def _paths_dropped(self, paths: list[Path], film_id: int | None) -> None:
        catalogues = catalogue_paths(paths)
        if catalogues and self.opener is not None:
            self.open_path(catalogues[0])
        else:
            self.import_paths(paths, film_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if folder_paths_from(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = folder_paths_from(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        catalogues = catalogue_paths(paths)
        if catalogues and self.opener is not None:  # a catalogue file dropped: open it here
            self.open_path(catalogues[0])
            return
        self.import_paths(paths, None)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.settings.save(self, *self._layout_parts())
            self.settings.save_sort(*self.list_pane.sort())
            self.settings.save_view(self.catalogue.path, self.list_pane.current_id(), self.list_pane.search_box.text())
            self.context.changed.disconnect(self._on_changed)
            self.gallery.shutdown()
            self.context.close()
        super().closeEvent(event)
