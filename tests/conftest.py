"""Shared fixtures. Qt-free on purpose: tests/catalog must run without Qt loaded (Qt fixtures live
in tests/ui/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from catalog import Catalogue, open_catalogue


@pytest.fixture
def tmp_catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    """An empty catalogue at tmp_path/'films.db', closed after the test."""
    cat = open_catalogue(tmp_path / "films.db")
    yield cat
    cat.close()


@pytest.fixture
def cat(tmp_catalogue: Catalogue) -> Catalogue:
    """The same empty catalogue, under the short name most tests use."""
    return tmp_catalogue


@pytest.fixture
def catalogue(tmp_catalogue: Catalogue) -> Catalogue:
    return tmp_catalogue


@pytest.fixture
def demo_catalogue(tmp_catalogue: Catalogue) -> Catalogue:
    """The demo catalogue (La La Land, Whiplash) in tmp_catalogue."""
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(tmp_catalogue)
    return tmp_catalogue
