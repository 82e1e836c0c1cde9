"""The panel an empty catalogue shows in place of the film list: a welcome and three ways to start."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.icons import icon


class EmptyState(QWidget):
    """Signals `add_film`, `import_folder` and `load_demo` when their buttons are clicked."""

    add_film = Signal()
    import_folder = Signal()
    load_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        badge = QLabel()
        badge.setPixmap(icon("film", "#9aa3b0").pixmap(QSize(56, 56)))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel("Your catalogue is empty")
        heading.setObjectName("emptyHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setWordWrap(True)
        blurb = QLabel("Add your first film by hand, bring in a folder of posters and stills, "
                       "or look around a sample catalogue first.")
        blurb.setObjectName("emptyBlurb")
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 32, 20, 32)
        layout.addStretch(2)
        layout.addWidget(badge)
        layout.addSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addSpacing(16)
        self.add_button = self._button(layout, "Add a film", "film.new", "emptyAddFilm", self.add_film)
        self.import_button = self._button(layout, "Import a folder…", "import", "emptyImport", self.import_folder)
        self.demo_button = self._button(layout, "Load the demo catalogue", "demo", "emptyDemo", self.load_demo)
        self.add_button.setDefault(True)
        self.add_button.setProperty("accent", True)
        self.add_button.setIcon(icon("film.new", "#ffffff"))
        layout.addStretch(3)

    def _button(self, layout: QVBoxLayout, text: str, icon_name: str, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setObjectName(name)
        button.setMinimumWidth(220)
        button.setMinimumHeight(34)
        button.clicked.connect(signal)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        return button
