"""Marquee's catalogue: the product without a screen. Never imports Qt."""

from catalog.errors import (
    Cancelled,
    CatalogueError,
    CatalogueFileError,
    ConflictError,
    MigrationError,
    NewerVersionError,
    NotFound,
    ValidationError,
)
from catalog.ops.catalogue import Catalogue, open_catalogue
from catalog.ops.change import Change, Step
from catalog.store.picture_store import PictureStore

__all__ = [
    "Cancelled", "Catalogue", "CatalogueError", "CatalogueFileError", "Change", "ConflictError", "MigrationError",
    "NewerVersionError", "NotFound", "PictureStore", "Step", "ValidationError", "open_catalogue",
]
