"""Marquee's catalogue: the product without a screen. Never imports Qt widgets."""

from catalog.errors import (
    CatalogueError,
    CatalogueFileError,
    MigrationError,
    NewerVersionError,
    NotFound,
    ValidationError,
)
from catalog.ops.catalogue import Catalogue, open_catalogue
from catalog.ops.changes import ChangeSet

__all__ = [
    "Catalogue", "CatalogueError", "CatalogueFileError", "ChangeSet", "MigrationError", "NewerVersionError",
    "NotFound", "ValidationError", "open_catalogue",
]
