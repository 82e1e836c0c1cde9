"""Marquee's catalogue: the product without a screen. Never imports Qt."""

from catalog.errors import (
    CatalogueError,
    CatalogueFileError,
    MigrationError,
    NewerVersionError,
    NotFound,
    ValidationError,
)
from catalog.ops.catalogue import Catalogue, open_catalogue
from catalog.ops.change import Change, Step

__all__ = [
    "Catalogue", "CatalogueError", "CatalogueFileError", "Change", "MigrationError", "NewerVersionError",
    "NotFound", "Step", "ValidationError", "open_catalogue",
]
