"""Errors the catalogue raises. Each carries a message fit to show a user as it is."""

from __future__ import annotations


class CatalogueError(Exception):
    """Base of every error a user can cause; the message is one plain line."""


class ValidationError(CatalogueError):
    """A value the catalogue refuses; names the field and the value. Nothing was written."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {value!r} {reason}")


class NotFound(CatalogueError):
    """No such film, person or record."""


class CatalogueFileError(CatalogueError):
    """The catalogue file cannot be opened: missing folder, not SQLite, unreadable."""


class NewerVersionError(CatalogueFileError):
    """The file was written by a newer Marquee than this one."""


class MigrationError(CatalogueFileError):
    """A schema migration failed; the file was left as it was."""
