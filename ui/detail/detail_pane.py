"""The detail pane: one film as a readable page, or edited in place.

Contract (the main window relies on it): DetailPane(context, parent) with objectName 'detailPane';
show_film(film_id | None); start_editing(); signal film_requested(int). It follows
`context.changed`: a shown film that was updated is re-read, one that was removed is cleared."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from catalog import Change, NotFound
from catalog.model.documents import FilmDoc
from ui.context import AppContext
from ui.detail.page_view import FilmPageView
from ui.icons import icon

if TYPE_CHECKING:
    from ui.detail.film_editor import FilmEditor
    from ui.detail.person_dialog import PersonFilmsDialog

EMPTY, READING, EDITING = 0, 1, 2


class DetailPane(QWidget):
    """Reading mode by default; Edit (F2, Ctrl+E, start_editing()) switches to the editor, Done
    (Ctrl+Return, Esc, stop_editing()) back."""

    film_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.context = context
        self.film_id: int | None = None
        self.doc: FilmDoc | None = None
        self.person_dialog: PersonFilmsDialog | None = None

        self.heading = QLabel()
        self.heading.setObjectName("detailHeading")
        self.heading.setStyleSheet("color: #5f6670;")
        self.edit_button = QPushButton(icon("edit"), "Edit")
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip("Edit this film (F2 or Ctrl+E)")
        self.edit_button.clicked.connect(self.start_editing)
        self.done_button = QPushButton(icon("save"), "Done")
        self.done_button.setObjectName("doneButton")
        self.done_button.setToolTip("Back to reading (Ctrl+Return or Esc)")
        self.done_button.clicked.connect(self.stop_editing)
        bar = QFrame()
        bar.setObjectName("detailBar")
        bar.setStyleSheet("#detailBar { background: #f6f7f9; border-bottom: 1px solid #e3e5e8; }")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(14, 6, 10, 6)
        bar_layout.addWidget(self.heading, 1)
        bar_layout.addWidget(self.edit_button)
        bar_layout.addWidget(self.done_button)

        empty = QLabel("No film selected")
        empty.setObjectName("detailEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setStyleSheet("color: #8b9098; font-size: 13pt; background: #ffffff;")
        self.view = FilmPageView(context)
        self.view.person_clicked.connect(self.show_person)
        self._editor: FilmEditor | None = None  # made on first edit (its forms and tables are many widgets)
        self.stack = QStackedWidget()
        for widget in (empty, self.view, QWidget()):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)

        # Reading: F2 or Ctrl+E edits. Editing: Ctrl+Return or Esc is Done (an open cell editor, combo
        # or completer takes its own Esc first). Each set is enabled only in its mode, so F2 still
        # edits a table cell while editing.
        self.edit_shortcuts = self._shortcuts(("F2",), self.start_editing)
        # Ctrl+E edits the current film from anywhere in the window (the list too); F2 stays the
        # pane's own, as the gallery and the tables use F2 for their items.
        self.edit_shortcuts += self._shortcuts(("Ctrl+E",), self.start_editing, Qt.ShortcutContext.WindowShortcut)
        self.done_shortcuts = self._shortcuts(("Ctrl+Return", "Ctrl+Enter", "Esc"), self.stop_editing)
        context.changed.connect(self._on_changed)
        self._show_mode(EMPTY)

    read_only = False  # a read-only catalogue: nothing to edit

    @property
    def editor(self) -> FilmEditor:
        """The in-place editor (made the first time it is wanted)."""
        if self._editor is None:
            from ui.detail.film_editor import FilmEditor

            self._editor = FilmEditor(self.context)
            placeholder = self.stack.widget(EDITING)
            current = self.stack.currentIndex()
            self.stack.insertWidget(EDITING, self._editor)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return self._editor

    # -- public ---------------------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.stack.currentIndex() == EDITING

    def show_film(self, film_id: int | None) -> None:
        """Show a film (reading mode, unless already editing), or the calm empty state for None."""
        if film_id == self.film_id and self.doc is not None:
            return
        if self.editing:
            self.editor.commit_focused()
        self.film_id, self.doc = film_id, None
        if film_id is not None:
            try:
                self.doc = self.context.catalogue.films.document(film_id)
            except NotFound:
                self.film_id = None
        self.view.show_document(self.doc)
        if self.doc is None:
            self._show_mode(EMPTY)
        elif self.editing:
            self.editor.load(self.doc)
            self._show_mode(EDITING)
        else:
            self._show_mode(READING)

    def start_editing(self) -> None:
        """Edit the shown film in place and put the cursor in its title (never a read-only catalogue's)."""
        if self.doc is None or self.read_only:
            return
        if not self.editing:
            self.editor.load(self.doc)
            self._show_mode(EDITING)
        self.editor.focus_title()

    def stop_editing(self) -> None:
        """Back to reading; values that were refused are dropped (nothing of them was saved)."""
        if not self.editing:
            return
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.editor.isAncestorOf(focus)
        self.editor.commit_focused()
        self._show_mode(READING if self.doc is not None else EMPTY)
        if had_focus:  # keep the keyboard in the pane (Ctrl+E edits again)
            current = self.stack.currentWidget()
            assert current is not None  # the stack always shows one of its three pages
            current.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_person(self, person_id: int) -> None:
        """List a person's films in a small dialog; choosing one emits film_requested."""
        try:
            from ui.detail.person_dialog import PersonFilmsDialog  # (loads when first opened)

            dialog = PersonFilmsDialog(self.context, person_id, self.film_id, self)
        except NotFound:
            return
        if self.person_dialog is not None:
            self.person_dialog.close()
        dialog.film_chosen.connect(self.film_requested)
        dialog.destroyed.connect(lambda *_: self._forget_dialog(dialog))
        self.person_dialog = dialog
        dialog.show()

    # -- internals ------------------------------------------------------------------------------

    def _forget_dialog(self, dialog: PersonFilmsDialog) -> None:
        if self.person_dialog is dialog:
            self.person_dialog = None

    def _shortcuts(self, keys: tuple[str, ...], slot: Callable[[], None],
                   scope: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> list[QShortcut]:
        made = []
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(scope)
            shortcut.activated.connect(slot)
            made.append(shortcut)
        return made

    def _show_mode(self, mode: int) -> None:
        self.stack.setCurrentIndex(mode)
        for shortcut in self.edit_shortcuts:
            shortcut.setEnabled(mode == READING)
        for shortcut in self.done_shortcuts:
            shortcut.setEnabled(mode == EDITING)
        has_film = self.doc is not None
        self.edit_button.setVisible(has_film and mode != EDITING)
        self.done_button.setVisible(mode == EDITING)
        self.heading.setText(f"Editing <b>{html.escape(self.doc['title'])}</b>"
                             if self.doc is not None and mode == EDITING else "")

    def _on_changed(self, changes: Change) -> None:
        if self.film_id is None:
            return
        if self.film_id in changes.removed:
            self.film_id, self.doc = None, None
            self.view.show_document(None)
            self._show_mode(EMPTY)
        elif changes.touches(self.film_id) or ((changes.people or changes.fields) and self.doc is not None):
            try:
                self.doc = self.context.catalogue.films.document(self.film_id)
            except NotFound:
                self.show_film(None)
                return
            self.view.show_document(self.doc)
            if self.editing and self._editor is not None:
                self._editor.refresh(self.doc)
