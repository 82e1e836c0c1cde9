"""Editing one film in place: a form of its fields, the collector's custom fields, and tabs of
editable tables (credits, companies and every record kind: videos, reviews, releases, articles,
awards, copies, other titles, ids). Each committed field is one undoable catalogue call; a refused
value stays in its field with the reason underneath, and nothing is written."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, QRect, QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from catalog import CatalogueError, Change, ConflictError, ValidationError
from catalog.model.documents import FilmDoc
from catalog.model.kinds import KINDS
from ui.context import AppContext
from ui.detail.custom_form import CustomForm, Save
from ui.detail.record_table_view import RecordTable

ERROR_STYLE = "color: #b42318; font-size: 9pt;"
TEXT_MIN_HEIGHT, TEXT_MAX_HEIGHT = {"synopsis": 74, "notes": 52}, 220


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line | text | check | genres | list (countries, languages, keywords)
    placeholder: str = ""


LEFT = (Field("title", "Title"), Field("original_title", "Original title"),
        Field("sort_title", "Sort title", placeholder="as the title"), Field("year", "Year", placeholder="YYYY"),
        Field("runtime_min", "Runtime", placeholder="minutes"), Field("certification", "Certification"),
        Field("genres", "Genres", "genres", "comma-separated"))
RIGHT = (Field("countries", "Countries", "list", "comma-separated"),
         Field("original_language", "Original language"),
         Field("languages", "Languages", "list", "spoken, comma-separated"),
         Field("keywords", "Keywords", "list", "comma-separated"),
         Field("web_site", "Web site", placeholder="https://…"),
         Field("rating", "My rating", placeholder="0–10"), Field("watched", "Watched", "check"))
WIDE = (Field("tagline", "Tagline"), Field("synopsis", "Synopsis", "text"), Field("notes", "Notes", "text"))
FIELDS = {f.name: f for f in (*LEFT, *RIGHT, *WIDE)}
TABS = (("credit", "Credits"), ("company", "Companies"), *((k.name, k.title) for k in KINDS))
DOC_KEYS = {"credit": "credits", "company": "companies", **{k.name: k.doc_key for k in KINDS}}


def value_of(doc: FilmDoc, key: str) -> Any:
    """The value under a key named at run time (FIELDS and DOC_KEYS name keys of every FilmDoc)."""
    return cast(Mapping[str, Any], doc)[key]


def shown(value: Any) -> str:
    """A stored value as the text its field shows."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


class FilmEditor(QScrollArea):
    """`load(doc)` shows a film for editing; `refresh(doc)` takes a newer document of the same film
    without overwriting a field the user is typing in or one holding a refused value."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmEditor")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.context = context
        self.doc: FilmDoc | None = None
        self.version: int | None = None  # the film's row version this editor's fields were loaded at
        self.resolve_conflict = self._ask  # (ConflictError, loaded fields) -> fields to save (tests replace it)
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self._loaded: dict[str, str] = {}
        self._shown: dict[str, Any] = {}  # each field's value as loaded (what an edit expects to replace)
        page = QWidget()
        page.setObjectName("filmEditorPage")
        self.grid = grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self._labels: list[QLabel] = []
        self._left, self._right, self._wide = self._form(LEFT), self._form(RIGHT), self._form(WIDE)
        # One label width for every form, so that stacked forms line up (the widest label's).
        widest = max(label.sizeHint().width() for label in self._labels)
        for field_label in self._labels:
            field_label.setMinimumWidth(widest)
        self._columns = 0
        self._arrange(2)
        self.custom = CustomForm(context, self._settle)
        self.custom.label_width = widest
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recordTabs")
        self.tables: dict[str, RecordTable] = {}
        for kind, label in TABS:
            self.tables[kind] = RecordTable(context, kind)
            self.tabs.addTab(self.tables[kind], label)
        self.tabs.setMinimumHeight(280)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(14)
        layout.addLayout(grid)
        layout.addWidget(self.custom)
        layout.addWidget(self.tabs, 1)
        self.setWidget(page)

    def _arrange(self, columns: int) -> None:
        """Two columns of fields when there is room, one below the other when the pane is narrow."""
        if columns == self._columns:
            return
        self._columns = columns
        for form in (self._left, self._right, self._wide):
            self.grid.removeItem(form)
        self.grid.addLayout(self._left, 0, 0)
        if columns == 2:
            self.grid.addLayout(self._right, 0, 1, Qt.AlignmentFlag.AlignTop)
        else:
            self.grid.addLayout(self._right, 1, 0)
        self.grid.addLayout(self._wide, 2, 0, 1, columns)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2 if columns == 2 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(2 if event.size().width() >= 640 else 1)
        super().resizeEvent(event)

    def _form(self, fields: tuple[Field, ...]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        for field in fields:
            widget: QLineEdit | QPlainTextEdit | QCheckBox
            if field.kind == "check":
                widget = QCheckBox()
                widget.toggled.connect(lambda _=False, n=field.name: self.commit(n))
            elif field.kind == "text":
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(TEXT_MIN_HEIGHT[field.name])
                widget.installEventFilter(self)
                widget.textChanged.connect(lambda w=widget, n=field.name: self._fit(w, n))
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(field.placeholder)
                widget.editingFinished.connect(lambda n=field.name: self.commit(n))
            widget.setObjectName(f"edit_{field.name}")
            error = QLabel()
            error.setObjectName(f"error_{field.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(field.label)
            label.setBuddy(widget)
            self._labels.append(label)
            form.addRow(label, box)
            self.inputs[field.name], self.errors[field.name] = widget, error
        return form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QPlainTextEdit):
            name = watched.objectName().removeprefix("edit_")
            if event.type() == QEvent.Type.FocusOut:
                self.commit(name)
            elif event.type() == QEvent.Type.Resize:
                self._fit(watched, name)
        return super().eventFilter(watched, event)

    @staticmethod
    def _fit(widget: QPlainTextEdit, name: str) -> None:
        """Grow a text field to show all its text (between its minimum and TEXT_MAX_HEIGHT), so a
        note is read without scrolling inside a scrolling page."""
        # From the widget's own geometry: on a Resize seen here the viewport is not resized yet.
        # Room for a scroll bar is always left, so the text never wraps more than measured.
        margin = int(widget.document().documentMargin())
        width = widget.contentsRect().width() - widget.verticalScrollBar().sizeHint().width() - 2 * margin
        text = widget.toPlainText() or " "
        bounds = widget.fontMetrics().boundingRect(QRect(0, 0, max(40, width), 100000),
                                                   Qt.TextFlag.TextWordWrap, text)
        wanted = bounds.height() + 2 * margin + 2 * widget.frameWidth() + 4
        height = max(TEXT_MIN_HEIGHT[name], min(TEXT_MAX_HEIGHT, wanted))
        if height != widget.height():
            widget.setFixedHeight(height)

    # -- loading --------------------------------------------------------------------------------

    def load(self, doc: FilmDoc) -> None:
        """Show another film: every field and table is reloaded and errors are cleared."""
        self.doc = doc
        self.version = self._version_now(doc["id"])
        for name in FIELDS:
            self._show_error(name, None)
            self._set(name, doc)
        for table in self.tables.values():
            table.model.load(doc["id"])
        self.custom.load(doc)
        self._count_tabs()

    def refresh(self, doc: FilmDoc) -> None:
        """A newer document of the same film (after any change, including undo)."""
        self.doc = doc
        focused = self.focusWidget()
        pending = False
        for name, widget in self.inputs.items():
            typing = widget is focused and self._text(name) != self._loaded.get(name)
            pending = pending or typing
            if not typing and self.errors[name].isHidden():
                self._set(name, doc)
        if not pending:  # what is shown is the film as it is now (an edit being typed keeps its version)
            self.version = self._version_now(doc["id"])
        for table in self.tables.values():
            table.model.refresh()
        self.custom.refresh(doc)
        self._count_tabs()

    def _set(self, name: str, doc: FilmDoc) -> None:
        widget, value = self.inputs[name], value_of(doc, name)
        self._loaded[name], self._shown[name] = shown(value), value
        with QSignalBlocker(widget):  # loading must never write back
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                if widget.toPlainText() != shown(value):
                    widget.setPlainText(shown(value))
                    self._fit(widget, name)
            elif widget.text() != shown(value):
                widget.setText(shown(value))
                widget.setCursorPosition(0)

    def _count_tabs(self) -> None:
        for i, (kind, label) in enumerate(TABS):
            count = len(value_of(self.doc, DOC_KEYS[kind])) if self.doc else 0
            self.tabs.setTabText(i, f"{label} ({count})" if count else label)

    def _text(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QCheckBox):
            return shown(widget.isChecked())
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    # -- committing -----------------------------------------------------------------------------

    def commit(self, name: str) -> None:
        """Write one field if it changed: one undoable catalogue call, or an error under it."""
        if self.doc is None:
            return
        text = self._text(name)
        if text.strip() == self._loaded.get(name, "").strip():
            self._show_error(name, None)
            return
        cat, film_id = self.context.catalogue, self.doc["id"]
        widget = self.inputs[name]
        new: Any = widget.isChecked() if isinstance(widget, QCheckBox) else text  # "watched" is the check box
        before = self._shown.get(name)
        try:
            if name == "genres":
                genres = [g.strip() for g in text.split(",") if g.strip()]
                self.context.do(lambda: cat.films.set_genres(film_id, genres, expected=before))
            elif FIELDS[name].kind == "list":
                self.context.do(lambda: cat.films.set_values(film_id, name, text, expected=before))
            else:
                version = self.version
                change = self.context.do(lambda: cat.films.update(film_id, {name: new}, expected_version=version))
                self.version = change.versions.get(film_id, self.version)
        except ConflictError as exc:
            self._settle(exc, self._saver(name))
            return
        except ValidationError as exc:
            self._show_error(name, f"“{text.strip()}” {exc.reason}" if text.strip() else f"{exc.reason}")
            return
        except CatalogueError as exc:
            self._show_error(name, str(exc))
            return
        self._loaded[name] = text
        self._show_error(name, None)

    def _version_now(self, film_id: int) -> int | None:
        try:
            return self.context.catalogue.films.version(film_id)[0]
        except CatalogueError:
            return None

    def _ask(self, conflict: ConflictError, loaded: dict[str, Any]) -> dict[str, Any] | None:
        from ui.detail.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflict, loaded, self)
        dialog.exec()
        return dialog.merged()

    def _saver(self, name: str) -> Save:
        """How a conflict's choice of field `name` is saved: against the state the conflict saw."""
        films = self.context.catalogue.films

        def save(chosen: dict[str, Any], seen: ConflictError) -> Change:
            theirs = cast(list[str], seen.theirs.get(name))
            if name == "genres":
                return films.set_genres(seen.film_id, chosen[name], expected=theirs)
            if FIELDS[name].kind == "list":
                return films.set_values(seen.film_id, name, chosen[name], expected=theirs)
            return films.update(seen.film_id, chosen, expected_version=seen.version)
        return save

    def _settle(self, conflict: ConflictError, save: Save) -> None:
        """Someone else saved the film since it was loaded: the side-by-side choice, then save what
        was chosen against their state (or take theirs), and show the film as it is now."""
        cat, film_id = self.context.catalogue, conflict.film_id
        loaded = {k: v for k, v in (self.doc or {}).items() if k in conflict.theirs}
        chosen = self.resolve_conflict(conflict, loaded)
        if chosen:
            try:
                change = self.context.do(lambda: save(chosen, conflict))
            except ConflictError as again:  # changed once more meanwhile: ask again
                self._settle(again, save)
                return
            self.version = change.versions.get(film_id)
        self.load(cat.films.document(film_id))

    def commit_focused(self) -> None:
        """Commit the field or table cell being typed in (before leaving the editor)."""
        for table in self.tables.values():
            table.commit_editor()
        for name, widget in self.inputs.items():
            if widget.hasFocus() and not isinstance(widget, QCheckBox):
                self.commit(name)
        self.custom.commit_focused()

    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values()) or self.custom.has_errors()

    def _show_error(self, name: str, message: str | None) -> None:
        label, widget = self.errors[name], self.inputs[name]
        label.setText(message or "")
        label.setVisible(bool(message))
        widget.setStyleSheet("border: 1px solid #d92d20; border-radius: 3px;" if message else "")
        widget.setToolTip(html.escape(message or ""))  # the message quotes what the user typed

    def focus_title(self) -> None:
        title = self.inputs["title"]
        title.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(title, QLineEdit):
            title.selectAll()
