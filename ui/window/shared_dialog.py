"""File ▸ Open shared catalogue…: host, port, database and member name of a catalogue on a
PostgreSQL server. No password is asked for or kept: libpq finds it in ~/.pgpass or a service
file, as every PostgreSQL program does."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

SETTINGS_KEY = "sharedCatalogue"  # host, port, database and user only: never a password


def shared_address(host: str, port: int, database: str, user: str) -> str:
    """postgresql://USER@HOST:PORT/DATABASE (each part quoted)."""
    who = f"{quote(user, safe='')}@" if user else ""
    return f"postgresql://{who}{quote(host, safe='') or 'localhost'}:{port}/{quote(database, safe='')}"


class SharedCatalogueDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sharedCatalogueDialog")
        self.setWindowTitle("Open shared catalogue")
        settings = QSettings()
        self.host = QLineEdit(str(settings.value(f"{SETTINGS_KEY}/host", "localhost")))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value(f"{SETTINGS_KEY}/port", 5432)))  # type: ignore[call-overload]
        self.database = QLineEdit(str(settings.value(f"{SETTINGS_KEY}/database", "films")))
        self.user = QLineEdit(str(settings.value(f"{SETTINGS_KEY}/user", "")))
        form = QFormLayout(self)
        form.addRow("Server", self.host)
        form.addRow("Port", self.port)
        form.addRow("Catalogue (database)", self.database)
        form.addRow("Member (user)", self.user)
        note = QLabel("The password comes from ~/.pgpass or a PostgreSQL service file; Marquee never asks "
                      "for it or keeps it.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def address(self) -> str:
        settings = QSettings()
        for key, value in (("host", self.host.text()), ("port", self.port.value()),
                           ("database", self.database.text()), ("user", self.user.text())):
            settings.setValue(f"{SETTINGS_KEY}/{key}", value)
        return shared_address(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                              self.user.text().strip())
