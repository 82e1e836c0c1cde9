"""Numbered schema migrations. Each module `mNNNN_name.py` has NAME and either SQL (statements
separated by ';') or `up(connection)`, and may give `POSTGRES` (its statements for a PostgreSQL
server; without it the SQLite SQL is rendered for the server by PostgresDialect.ddl in
catalog/store/dialect.py). Append new ones to MIGRATIONS; never edit a released one.
Numbers may leave gaps (branches take their own); they run in number order. A migration for a
server only says SERVER_ONLY = True: a file neither runs nor records it (its schema version is
the newest of the others: catalog.store.connection.file_latest)."""

from __future__ import annotations

from types import ModuleType

from catalog.store.migrations import (
    m0001_initial,
    m0002_search_index,
    m0003_sort_keys,
    m0004_change_count,
    m0005_placeholder_pictures,
    m0006_collection,
    m0007_desk,
    m0009_shared,
    m0010_picture_indexes,
    m0011_title_year_index,
    m0012_search_by_index,
    m0013_picture_copy_index,
)

MIGRATIONS: list[tuple[int, ModuleType]] = sorted([
    (1, m0001_initial),
    (2, m0002_search_index),
    (3, m0003_sort_keys),
    (4, m0004_change_count),
    (5, m0005_placeholder_pictures),
    (6, m0006_collection),
    (7, m0007_desk),
    (9, m0009_shared),
    (10, m0010_picture_indexes),
    (11, m0011_title_year_index),
    (12, m0012_search_by_index),
    (13, m0013_picture_copy_index),
], key=lambda entry: entry[0])

LATEST = MIGRATIONS[-1][0]
