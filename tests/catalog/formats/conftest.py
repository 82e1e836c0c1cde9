"""Fixtures of the format tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import Catalogue, open_catalogue
from catalog.ops.demo import add_demo_catalogue


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Catalogue]:
    """The demo catalogue in an SQLite file of its own (beside whichever backend a test also uses)."""
    cat = open_catalogue(tmp_path / "demo.db")
    add_demo_catalogue(cat)
    yield cat
    cat.close()
