"""The collector's custom fields in the film editor: one row per field (a line for text, numbers,
dates and links, a list for yes/no and choices), each committed as one undoable
`films.set_custom`, and a button opening the dialog that defines the fields. Rebuilt when the
fields themselves change. GUI thread only."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from catalog import CatalogueError, Change, ConflictError, ValidationError
from catalog.model.rows import CustomField
from catalog.render.film_view import custom_text
from ui.context import AppContext

ERROR_STYLE = "color: #b42318; font-size: 9pt;"
PLACEHOLDERS = {"number": "a number", "date": "YYYY-MM-DD (or YYYY)", "url": "https://…"}
Save = Callable[[dict[str, Any], ConflictError], Change]  # saves a conflict's choice, against the state it saw
Settle = Callable[[ConflictError, Save], None]  # the editor's side-by-side choice (FilmEditor._settle)


class CustomForm(QWidget):
    """`settle`: what to do when a value was changed by someone else since it was shown (without
    one, the refusal is said under the field)."""

    def __init__(self, context: AppContext, settle: Settle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customFields")
        self.context = context
        self.settle = settle
        self.doc: Mapping[str, Any] | None = None
        self.fields: list[CustomField] = []
        self.inputs: dict[int, QLineEdit | QComboBox] = {}
        self.errors: dict[int, QLabel] = {}
        self.loaded: dict[int, str] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.label_width = 96  # the film editor's own labels' width, so its forms and this one line up
        self.define_button = QPushButton("Define fields…")
        self.define_button.setObjectName("defineFields")
        self.define_button.clicked.connect(self.define_fields)
        head = QHBoxLayout()
        title = QLabel("My fields")
        title.setStyleSheet("color: #5f6670; font-weight: 600;")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.define_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(self.form)
        self.dialog: QWidget | None = None

    def _rebuild(self) -> None:
        fields = self.context.catalogue.fields.all()
        if fields == self.fields and self.inputs:
            return
        self.fields = fields
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs, self.errors, self.loaded = {}, {}, {}
        for field in fields:
            widget: QLineEdit | QComboBox
            if field.type in ("yesno", "choice"):
                widget = QComboBox()
                widget.addItems(["", "Yes", "No"] if field.type == "yesno" else ["", *field.choices])
                widget.activated.connect(lambda _=0, f=field.id: self.commit(f))
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(PLACEHOLDERS.get(field.type, ""))
                widget.editingFinished.connect(lambda f=field.id: self.commit(f))
            widget.setObjectName(f"custom_{field.id}")
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(field.name)
            label.setMinimumWidth(self.label_width)
            self.form.addRow(label, box)
            self.inputs[field.id], self.errors[field.id] = widget, error

    def load(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self._rebuild()
        for field in self.fields:
            self._show_error(field.id, None)
            self._set(field, doc)

    def refresh(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        before = self.fields
        self._rebuild()
        for field in self.fields:
            widget = self.inputs[field.id]
            typing = widget.hasFocus() and self._text(field.id) != self.loaded.get(field.id)
            if self.fields != before or (not typing and self.errors[field.id].isHidden()):
                self._set(field, doc)

    def _set(self, field: CustomField, doc: Mapping[str, Any]) -> None:
        text = custom_text((doc.get("custom") or {}).get(field.name))
        self.loaded[field.id] = text
        widget = self.inputs[field.id]
        widget.blockSignals(True)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findText(text)))
        else:
            widget.setText(text)
        widget.blockSignals(False)

    def _text(self, field_id: int) -> str:
        widget = self.inputs[field_id]
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def commit(self, field_id: int) -> None:
        if self.doc is None:
            return
        text = self._text(field_id)
        if text.strip() == self.loaded.get(field_id, "").strip():
            self._show_error(field_id, None)
            return
        cat, film_id, shown = self.context.catalogue, self.doc["id"], self.loaded.get(field_id, "")
        try:
            self.context.do(lambda: cat.films.set_custom(film_id, field_id, text, expected=shown))
        except ConflictError as exc:
            if self.settle is None:
                self._show_error(field_id, str(exc))
                return

            def save(chosen: dict[str, Any], seen: ConflictError) -> Change:
                [(name, value)] = chosen.items()  # against their value (stored text; None: they cleared it)
                return cat.films.set_custom(film_id, field_id, value, expected=seen.theirs[name] or "")

            self.settle(exc, save)
            return
        except ValidationError as exc:
            self._show_error(field_id, f"“{text.strip()}” {exc.reason}")
            return
        except CatalogueError as exc:
            self._show_error(field_id, str(exc))
            return
        self.loaded[field_id] = text
        self._show_error(field_id, None)

    def commit_focused(self) -> None:
        for field_id, widget in self.inputs.items():
            if widget.hasFocus():
                self.commit(field_id)

    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values())

    def _show_error(self, field_id: int, message: str | None) -> None:
        label = self.errors[field_id]
        label.setText(message or "")
        label.setVisible(bool(message))
        self.inputs[field_id].setToolTip(html.escape(message or ""))

    def define_fields(self) -> None:
        from ui.detail.custom_fields_dialog import CustomFieldsDialog

        dialog = CustomFieldsDialog(self.context, self)
        self.dialog = dialog
        dialog.open()
