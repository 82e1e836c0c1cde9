"""Numbered schema migrations. Each module `mNNNN_name.py` has NAME and either SQL (statements
separated by ';') or `up(connection)`. Append new ones to MIGRATIONS; never edit a released one."""

from __future__ import annotations

from types import ModuleType

from catalog.store.migrations import m0001_initial, m0002_search_index, m0003_sort_keys, m0006_collection

MIGRATIONS: list[tuple[int, ModuleType]] = [
    (1, m0001_initial),
    (2, m0002_search_index),
    (3, m0003_sort_keys),
    (6, m0006_collection),
]

LATEST = MIGRATIONS[-1][0]
