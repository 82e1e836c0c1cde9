"""Where things live: the bundled resources, and the user's data folder (default catalogue,
user templates under templates/)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
APP_NAME = "Marquee"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_catalogue_path() -> Path:
    """MARQUEE_DB if set, else marquee.db in the user's data folder."""
    env = os.environ.get("MARQUEE_DB")
    return Path(env) if env else user_data_dir() / "marquee.db"

