"""GalleryPane: the pictures of the selected film, or of the unsorted inbox.

Contract: `GalleryPane(context, parent)`, objectName 'galleryBox', holding a QListView in icon mode
named 'galleryPane'; `show_film(film_id | None)`, `show_inbox()`; it refreshes itself when a
Change names its gallery. `import_requested(paths, film_id)` asks for a folder import.
Every edit goes through `ui.undo.push`; dropped files are added on the task pool, never here."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from catalog import CatalogueError, Change
from ui.context import AppContext
from ui.gallery import gallery_edits as edits
from ui.gallery.gallery_model import GalleryModel, GuessRole, IdRole
from ui.gallery.gallery_view import GalleryView
from ui.gallery.thumbnails import ThumbnailCache
from ui.icons import icon
from ui.tasks import Task

if TYPE_CHECKING:
    from catalog.formats.folder.guess import Guess
    from catalog.model.rows import ImageInfo
    from ui.gallery.image_viewer import ImageViewer
    from ui.gallery.place_dialog import PlaceDialog

THUMB_SIZE = 128
FIRST_THUMBNAILS = 12  # thumbnails asked for as a gallery is shown (about a screenful)
INBOX_DIGITS = 2  # the Unsorted button's count has room for this many digits before it grows


class GalleryPane(QWidget):
    """A film's gallery (or the inbox) with a header, the grid, and undoable image edits."""

    import_requested = Signal(list, object)  # folder paths, film id (None: the inbox)
    files_added = Signal(list, list)         # new image ids, [(file name, reason)] not added
    guessed = Signal()                       # the inbox's guesses are shown (they are found off the GUI thread)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryBox")
        self.context = context
        self.catalogue = context.catalogue
        self.film_id: int | None = None
        self.showing_inbox = False
        self._guesses: dict[int, Guess] = {}  # the inbox's, as last found (shown until the next are)
        self._guessing = 0  # the newest search for them: an older one's answer is dropped
        self._guess_task: Task | None = None  # (cancelled when a newer one starts: it need not run)
        self._last_film: int | None = None
        self.viewer: ImageViewer | None = None
        screen = QGuiApplication.primaryScreen()
        self.cache = ThumbnailCache(self.catalogue.pictures, THUMB_SIZE,
                                    device_pixel_ratio=screen.devicePixelRatio() if screen else 1.0, parent=self)
        self.model = GalleryModel(self.cache, self)
        self.view = GalleryView(THUMB_SIZE)
        self.view.setModel(self.model)

        self.title = _ElidedLabel()
        self.title.setObjectName("galleryTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.count = QLabel()
        self.count.setObjectName("galleryCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setStyleSheet("color: palette(mid);")
        self.inbox_button = QToolButton()
        self.inbox_button.setObjectName("inboxButton")
        self.inbox_button.setCheckable(True)
        self.inbox_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.inbox_button.setIcon(icon("inbox"))
        self.inbox_button.setAutoRaise(True)
        self.inbox_button.setToolTip("Pictures that belong to no film yet")
        self.inbox_button.toggled.connect(self._on_inbox_toggled)
        # The film's title has a row of its own: beside the count and the button it was cut to
        # "La …" in a pane of the default width.
        title_row = QHBoxLayout()
        title_row.setContentsMargins(8, 6, 6, 0)
        title_row.addWidget(self.title)
        header = QHBoxLayout()
        header.setContentsMargins(8, 0, 6, 2)
        header.addWidget(self.count)
        header.addStretch(1)
        header.addWidget(self.inbox_button)
        # Unsorted only: "Place on <best guess>" for the selection, its menu "Place on film…".
        self.place_button = QToolButton()
        self.place_button.setObjectName("placeButton")
        self.place_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.place_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.place_button.setAutoRaise(True)
        place_row = QHBoxLayout()
        place_row.setContentsMargins(4, 0, 6, 0)
        place_row.addWidget(self.place_button)
        place_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(title_row)
        layout.addLayout(header)
        layout.addLayout(place_row)
        layout.addWidget(self.view, 1)

        made = self._make_actions()
        self.named_actions = made
        self.place_guess_action, self.place_action = made["place_guess"], made["place"]
        self.place_button.setDefaultAction(self.place_guess_action)
        place_menu = QMenu(self.place_button)
        place_menu.addAction(self.place_action)
        self.place_button.setMenu(place_menu)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda index: self.open_viewer(index.row()))
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.reorder_requested.connect(self.move_images_to)
        self.view.files_dropped.connect(self.drop_paths)
        self.view.installEventFilter(self)
        self._refresh_timer = QTimer(self, singleShot=True, interval=40)  # coalesce bursts of changes
        self._refresh_timer.timeout.connect(self.refresh)
        context.changed.connect(self._on_changed)
        self._update_inbox_count()
        self.show_film(None)

    # -- what is shown ------------------------------------------------------------------------------

    def show_film(self, film_id: int | None) -> None:
        """Show a film's gallery (None: nothing). Instant: thumbnails arrive later."""
        self.film_id, self.showing_inbox = film_id, False
        if film_id is not None:
            self._last_film = film_id
        self._switch()

    def show_inbox(self) -> None:
        """Show the images that belong to no film."""
        self.film_id, self.showing_inbox = None, True
        self._switch()

    def _switch(self) -> None:
        self.cache.forget_pending()  # the old gallery's queued thumbnails are no longer wanted
        self.refresh()
        self.view.scrollToTop()
        self.view.clearSelection()

    @property
    def gallery(self) -> int | None:
        """The film whose gallery is shown, None for the inbox (or nothing)."""
        return None if self.showing_inbox else self.film_id

    def refresh(self) -> None:
        """Reload the shown gallery, keeping the selection."""
        selected, current = set(self.view.selected_ids()), self.view.currentIndex().data(IdRole)
        poster, title, guesses = None, "No film selected", None
        if self.showing_inbox:
            images, title = self.catalogue.images.gallery(None), "Unsorted"
            guesses = {i.id: self._guesses[i.id] for i in images if i.id in self._guesses}
            self._guess(images)
        elif self.film_id is not None:
            try:
                row = self.catalogue.films.rows([self.film_id])[self.film_id]
            except (KeyError, CatalogueError):
                images, self.film_id = [], None
            else:
                images, poster = self.catalogue.images.gallery(self.film_id), row.poster_sha256
                title = row.title + (f" ({row.year})" if row.year else "")
        else:
            images = []
        lines = 2 if self.showing_inbox else 0
        if self.view.delegate.detail_lines != lines:
            self.view.delegate.detail_lines = lines
            self.view.fit_grid()
        self.model.set_images(images, poster, guesses)
        self.cache.ask(images[:FIRST_THUMBNAILS])  # now, not at the first paint: read while the window is laid out
        self.title.setText(title)
        self.count.setText(edits.count(len(images)) if (self.showing_inbox or self.film_id is not None) else "")
        self.view.empty_text = self._empty_text()
        with _blocked(self.inbox_button):
            self.inbox_button.setChecked(self.showing_inbox)
        self._reselect(selected, current)
        self._update_actions()

    def _empty_text(self) -> str:
        if self.showing_inbox:
            return "No unsorted pictures.\nDrop image files here to add them."
        if self.film_id is None:
            return "Select a film to see its pictures."
        return "No pictures yet.\nDrop image files here to add them."

    def _reselect(self, ids: set[int], current: int | None) -> None:
        selection = self.view.selectionModel()
        for row, info in enumerate(self.model.images()):
            index = self.model.index(row)
            if info.id == current:
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
            if info.id in ids and not selection.isSelected(index):
                selection.select(index, selection.SelectionFlag.Select)

    def _on_changed(self, changes: Change) -> None:
        if changes.touches_gallery(None):
            self._update_inbox_count()
        shown = self.showing_inbox or self.film_id is not None
        film_touched = changes.touches(self.film_id) or self.film_id in changes.removed
        if (shown and changes.touches_gallery(self.gallery)) or film_touched:
            self._refresh_timer.start()

    def _update_inbox_count(self) -> None:
        count = str(self.catalogue.images.count(None))
        self.inbox_button.setText(f"Unsorted ({count})")
        # Room for two digits from the start: at the default layout the gallery is as narrow as its
        # header, and "Unsorted (10)" where "(0)" had been widened it, the detail page beside it
        # wrapping its lines anew.
        metrics = self.inbox_button.fontMetrics()
        spare = max(0, metrics.horizontalAdvance("0" * INBOX_DIGITS) - metrics.horizontalAdvance(count))
        self.inbox_button.setMinimumWidth(self.inbox_button.sizeHint().width() + spare)

    def _on_inbox_toggled(self, checked: bool) -> None:
        if checked:
            self.show_inbox()
        else:
            self.show_film(self._last_film)

    # -- actions ------------------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        actions: dict[str, QAction] = {}
        for name, text, keys, slot, glyph in (
            ("open", "&Open", ["Return", "Enter"], self._open_current, "zoom.in"),
            ("poster", "Set as &poster", [], self._set_poster_selected, "poster"),
            ("edit", "&Edit caption and kind…", ["F2"], self._edit_selected, "edit"),
            ("remove", "&Remove from film", [QKeySequence.StandardKey.Delete], self._remove_selected, "inbox"),
            ("place_guess", "Place on its film", [], self.place_on_guess, "place"),
            ("place", "Place on &film…", [], self.choose_film, "place"),
        ):
            action = QAction(icon(glyph), text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            actions[name] = action
        return actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete is also the window's "Delete film": two shortcuts on one key are ambiguous and Qt
        # runs neither. While the grid has the focus the key is the gallery's (remove from film).
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event = cast(QKeyEvent, event)  # both event types are key events
            if key_event.matches(QKeySequence.StandardKey.Delete):
                event.accept()
                if event.type() == QEvent.Type.KeyPress and self.named_actions["remove"].isEnabled():
                    self.named_actions["remove"].trigger()
                return True
        return super().eventFilter(watched, event)

    def _guess(self, images: list[ImageInfo]) -> None:
        """Where the inbox's pictures came from and their likely films, found off the GUI thread
        (each asks the catalogue's titles: thousands of pictures of a big catalogue take seconds)."""
        self._guessing += 1
        generation, catalogue = self._guessing, self.catalogue

        def job(abort: threading.Event, progress: Callable[..., None]) -> tuple[int, dict[int, Guess]]:
            from catalog.formats.folder.guess import guess_films  # (the folder readers: not at start-up)

            return generation, guess_films(catalogue, images)

        if self._guess_task is not None:
            self._guess_task.cancel()
        self._guess_task = self.context.tasks.start(job)
        self._guess_task.finished.connect(self._guessed)

    def _guessed(self, result: tuple[int, dict[int, Guess]]) -> None:
        generation, guesses = result
        if generation != self._guessing or not self.showing_inbox:
            return
        self._guesses = guesses
        self.model.set_guesses(guesses)
        self._update_actions()
        self.guessed.emit()

    def _update_actions(self, *_: object) -> None:
        ids = self.view.selected_ids()
        on_film = self.gallery is not None
        self.named_actions["open"].setEnabled(bool(ids))
        self.named_actions["edit"].setEnabled(len(ids) == 1)
        self.named_actions["poster"].setEnabled(on_film and len(ids) == 1)
        self.named_actions["remove"].setEnabled(on_film and bool(ids))
        self.named_actions["remove"].setText("&Remove from film" if len(ids) < 2 else f"&Remove {len(ids)} from film")
        guess = self.best_guess()
        self.place_action.setEnabled(self.showing_inbox and bool(ids))
        self.place_guess_action.setEnabled(guess is not None)
        self.place_guess_action.setText(f"Place on {guess.label}" if guess is not None and guess.label
                                        else "Place on its film")
        self.place_guess_action.setToolTip(
            f"Put the {edits.count(len(ids))} selected on {guess.label}" if guess is not None else
            "Select pictures whose film can be guessed from where they came from")
        self.place_button.setVisible(self.showing_inbox)

    def _context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        self._update_actions()
        menu = QMenu(self)
        if self.showing_inbox:
            menu.addAction(self.place_guess_action)
            menu.addAction(self.place_action)
            menu.addSeparator()
        menu.addAction(self.named_actions["open"])
        menu.addSeparator()
        menu.addAction(self.named_actions["poster"])
        menu.addAction(self.named_actions["edit"])
        menu.addSeparator()
        menu.addAction(self.named_actions["remove"])
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def best_guess(self) -> Guess | None:
        """In Unsorted, the film guessed for the current (else the first selected) picture, when
        that film is in the catalogue: "Place on <it>" acts on the whole selection."""
        if not self.showing_inbox:
            return None
        ids = self.view.selected_ids()
        current = self.view.currentIndex()
        rows = [self.model.row_of(i) for i in ids]
        if current.isValid() and current.row() in rows:
            rows.remove(current.row())
            rows.insert(0, current.row())
        for row in rows:
            guess = self.model.index(row).data(GuessRole)
            if guess is not None and guess.film_id is not None:
                return guess
        return None

    def place_on_guess(self) -> None:
        guess, ids = self.best_guess(), self.view.selected_ids()
        if guess is not None and guess.film_id is not None and ids:
            self.place_images(ids, guess.film_id)

    def choose_film(self) -> PlaceDialog | None:
        """Ask which film the selected pictures go on (the search starts at the best guess)."""
        from ui.gallery.place_dialog import PlaceDialog  # (the dialogs load when first opened)

        ids = self.view.selected_ids()
        if not ids or not self.showing_inbox:
            return None
        guess = self.best_guess() or next((g for g in (self.model.index(self.model.row_of(i)).data(GuessRole)
                                                       for i in ids) if g is not None and g.label), None)
        query = guess.label.rsplit(" (", 1)[0] if guess is not None and guess.label else ""
        dialog = PlaceDialog(self.catalogue, len(ids), query, self)
        dialog.chosen.connect(lambda film_id: self.place_images(ids, film_id))
        dialog.open()
        self.place_dialog = dialog
        return dialog

    def place_images(self, ids: list[int], film_id: int) -> None:
        """Put pictures from Unsorted on a film (undoable)."""
        self._guard(lambda: self.context.do(lambda: self.catalogue.images.move(ids, film_id)))

    def _open_current(self) -> None:
        if self.view.currentIndex().isValid():
            self.open_viewer(self.view.currentIndex().row())

    def _set_poster_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 1:
            self._guard(lambda: self.set_poster(ids[0]))

    def _edit_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) != 1:
            return
        info = self.model.info(self.model.row_of(ids[0]))
        from ui.gallery.image_dialogs import ImageDialog

        dialog = ImageDialog(info, self.cache, self)
        if dialog.exec() == ImageDialog.DialogCode.Accepted:
            self._guard(lambda: self.edit_image(info.id, dialog.values()))

    def _remove_selected(self) -> None:
        ids = self.view.selected_ids()
        if ids and self.gallery is not None:
            self._guard(lambda: self.remove_images(ids))

    def _guard(self, edit: Callable[[], object]) -> None:
        try:
            edit()
        except CatalogueError as exc:
            QMessageBox.warning(self, "Gallery", str(exc))

    # -- undoable edits (public: scripts and tests call these) ---------------------------------------

    def set_poster(self, image_id: int) -> None:
        if self.gallery is not None:
            edits.set_poster(self.context, self.gallery, image_id)

    def edit_image(self, image_id: int, values: dict[str, Any]) -> None:
        edits.edit_image(self.context, image_id, values)

    def remove_images(self, ids: list[int]) -> None:
        """Send images to the inbox (files kept); undo puts them back in place."""
        if self.gallery is not None:
            edits.remove_images(self.context, ids)

    def move_images_to(self, ids: list[int], row: int) -> None:
        """Reorder: put `ids` (in gallery order) before the image now at `row`."""
        order = self.model.ids()
        moving = [i for i in order if i in set(ids)]
        if moving:
            head = [i for i in order[:row] if i not in moving]
            self.reorder(head + moving + [i for i in order[row:] if i not in moving])

    def reorder(self, new_order: list[int]) -> None:
        edits.reorder(self.context, self.gallery, self.model.ids(), new_order)

    # -- adding dropped files -----------------------------------------------------------------------

    def drop_paths(self, paths: list[str]) -> Task | None:
        """Folders go to the importer (`import_requested`); image files are added here, off the GUI
        thread, to the shown film or the inbox."""
        film = self.gallery
        if film is None and not self.showing_inbox:
            self.show_inbox()  # no film shown: the pictures go to Unsorted, so show them there
        folders = [p for p in paths if Path(p).is_dir()]
        files = [p for p in paths if not Path(p).is_dir()]
        if folders:
            self.import_requested.emit(folders, film)
        if not files:
            return None
        self.context.status_message.emit(f"Adding {edits.count(len(files))}…")
        task = self.context.tasks.start(edits.add_files_job(self.catalogue, files, film), writes=True)
        task.finished.connect(self._on_files_added)  # a slot of this QObject: runs on the GUI thread
        task.failed.connect(self.context.status_message)
        return task

    def _on_files_added(self, result: edits.AddResult) -> None:
        _film, change, added, rejected = result
        if added:
            self.context.record(change)
        message = f"Added {edits.count(len(added))}."
        if rejected:
            message += " Not added: " + "; ".join(f"{name} ({reason})" for name, reason in rejected)
            box = QMessageBox(QMessageBox.Icon.Warning, "Some pictures were not added",
                              "\n".join(f"{name}: {reason}" for name, reason in rejected), parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()  # not application-modal: the rest of the window goes on
            self.report_box = box
        self.context.status_message.emit(message)
        self.files_added.emit(added, rejected)

    # -- viewer and shutdown ------------------------------------------------------------------------

    def open_viewer(self, row: int) -> ImageViewer | None:
        from ui.gallery.image_viewer import ImageViewer

        if not 0 <= row < self.model.rowCount():
            return None
        if self.viewer is not None:
            self.viewer.close()
            self.viewer.deleteLater()
        self.viewer = ImageViewer(self.model.images(), row, self.cache, self)
        self.viewer.show()
        return self.viewer

    def shutdown(self) -> None:
        """Stop thumbnail work and wait for it (also done on aboutToQuit)."""
        self.cache.close()


class _ElidedLabel(QLabel):
    """A plain-text label that shrinks with the pane, eliding its text (text() stays whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(html.escape(text))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


class _blocked:
    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    def __enter__(self) -> None:
        self.widget.blockSignals(True)

    def __exit__(self, *exc: object) -> None:
        self.widget.blockSignals(False)

