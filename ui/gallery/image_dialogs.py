"""ImageDialog: edit one image's caption, kind and credit. It only collects values; the caller
applies them (undoably) through the catalogue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from catalog.model.rows import ImageInfo
from catalog.model.validation import IMAGE_KINDS
from catalog.render.format import humanize
from ui.gallery.thumbnails import ThumbnailCache


class ImageDialog(QDialog):
    """Caption (plain text, several lines allowed), kind (one of IMAGE_KINDS) and credit."""

    def __init__(self, info: ImageInfo, cache: ThumbnailCache | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageDialog")
        self.setWindowTitle("Edit caption and kind")
        self.info = info
        layout = QVBoxLayout(self)
        if cache is not None:
            preview = QLabel()
            preview.setObjectName("imagePreview")
            preview.setPixmap(cache.pixmap(info))
            preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(preview)
        name = QLabel(info.original_name)
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setStyleSheet("color: palette(mid);")
        layout.addWidget(name)
        form = QFormLayout()
        self.caption = QPlainTextEdit(info.caption or "")
        self.caption.setObjectName("captionEdit")
        self.caption.setTabChangesFocus(True)
        self.caption.setFixedHeight(self.caption.fontMetrics().lineSpacing() * 4 + 12)
        self.kind = QComboBox()
        self.kind.setObjectName("kindCombo")
        for kind in IMAGE_KINDS:
            self.kind.addItem(humanize(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(info.kind)))
        self.credit = QLineEdit(info.credit or "")
        self.credit.setObjectName("creditEdit")
        self.credit.setPlaceholderText("Photographer, studio or source")
        form.addRow("&Caption:", self.caption)
        form.addRow("&Kind:", self.kind)
        form.addRow("C&redit:", self.credit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        """The fields as the catalogue takes them (empty text is None)."""
        return {
            "caption": self.caption.toPlainText().strip() or None,
            "kind": self.kind.currentData(),
            "credit": self.credit.text().strip() or None,
        }

    def set_values(self, caption: str | None = None, kind: str | None = None,
                   credit: str | None = None) -> None:
        """Fill the fields (used by scripts and tests)."""
        if caption is not None:
            self.caption.setPlainText(caption)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        if credit is not None:
            self.credit.setText(credit)
