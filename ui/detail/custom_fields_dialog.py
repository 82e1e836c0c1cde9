"""The dialog that defines the collector's custom fields: the list of fields, and a name, a type
(text, number, date, yes/no, choice, link) and choices to add one; Remove takes a field and its
values away. Every change is one undoable use case (`cat.fields`). GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.window.dialogs import error_label

TYPES = (("text", "Text"), ("number", "Number"), ("date", "Date"), ("yesno", "Yes / no"), ("choice", "Choice"),
         ("url", "Link"))


class CustomFieldsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customFieldsDialog")
        self.setWindowTitle("My fields")
        self.context = context
        self.list = QListWidget()
        self.list.setObjectName("customFieldList")
        self.name = QLineEdit()
        self.name.setObjectName("customFieldName")
        self.name.setPlaceholderText("e.g. Shelf code")
        self.type = QComboBox()
        self.type.setObjectName("customFieldType")
        for key, label in TYPES:
            self.type.addItem(label, key)
        self.choices = QLineEdit()
        self.choices.setObjectName("customFieldChoices")
        self.choices.setPlaceholderText("for a choice: A, B, C")
        self.error = error_label("customFieldError")
        add = QPushButton("Add field")
        add.setObjectName("customFieldAdd")
        add.clicked.connect(self.add)
        remove = QPushButton("Remove field")
        remove.setObjectName("customFieldRemove")
        remove.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Type", self.type)
        form.addRow("Choices", self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(remove)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(add)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        labels = dict(TYPES)
        for field in self.context.catalogue.fields.all():
            extra = f": {', '.join(field.choices)}" if field.choices else ""
            item = QListWidgetItem(f"{field.name} — {labels.get(field.type, field.type)}{extra}")
            item.setData(Qt.ItemDataRole.UserRole, field.id)
            self.list.addItem(item)

    def add(self) -> None:
        cat = self.context.catalogue
        name, type_, choices = self.name.text(), self.type.currentData(), self.choices.text()
        if self.context.attempt(lambda: cat.fields.define(name, type_, choices), error=self.error) is None:
            return
        self.name.clear()
        self.choices.clear()
        self.reload()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        cat, field_id = self.context.catalogue, int(item.data(Qt.ItemDataRole.UserRole))
        self.context.do(lambda: cat.fields.remove(field_id))
        self.reload()
