"""Marquee's catalogue: the product without a screen. Never imports Qt widgets."""

from .catalogue import Catalogue, open_catalogue
from .changes import ChangeSet
from .errors import (
    CatalogueError,
    CatalogueFileError,
    MigrationError,
    NewerVersionError,
    NotFound,
    ValidationError,
)

__all__ = [
    "Catalogue", "CatalogueError", "CatalogueFileError", "ChangeSet", "MigrationError", "NewerVersionError",
    "NotFound", "ValidationError", "open_catalogue",
]
