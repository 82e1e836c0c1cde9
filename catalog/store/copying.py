"""Moving a whole catalogue between stores — a file to a server, a server to a file, file to file —
with the same ids, every table's rows and the pictures (streamed, one file at a time); and the
backups of a shared catalogue, which are SQLite snapshots of its rows.

Tables are found in the source's schema (so tables added by later migrations travel too), except
what each backend keeps for itself (the search index, which the target rebuilds; SQLite's FTS5
tables; the server's picture tables; the schema version and change count). Foreign keys are
checked at the commit, so the order of the tables does not matter. The target must hold no films,
people or pictures yet; everything goes in one transaction (all or nothing)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError

if TYPE_CHECKING:
    from catalog.store import Store

# Tables that are no catalogue data of their own: each backend keeps (or rebuilds) them.
INTERNAL = {"schema_migration", "change_count", "film_search", "picture", "picture_chunk", "picture_wanted",
            "search_ids"}
BATCH = 20_000


@dataclass
class CopyReport:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (source rows, target rows)
    pictures: int = 0          # picture files copied
    pictures_missing: int = 0  # named by a row, but the source had no file for them
    same_export: bool = False  # the two catalogues' exports are identical

    @property
    def ok(self) -> bool:
        return self.same_export and all(a == b for a, b in self.counts.values())

    def text(self) -> str:
        lines = [f"  {table:<20} {a:>9,} → {b:>9,}" + ("" if a == b else "   DIFFERENT")
                 for table, (a, b) in sorted(self.counts.items())]
        lines.append(f"  pictures copied: {self.pictures:,}" + (
            f" ({self.pictures_missing:,} named but not in the source's store)" if self.pictures_missing else ""))
        lines.append("  exports before and after: " + ("identical" if self.same_export else "DIFFERENT"))
        return "\n".join(lines)


def tables(store: Store) -> dict[str, list[str]]:
    """The store's data tables and their columns."""
    if store.server is None:
        names = [r[0] for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                          "'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite%' ORDER BY name")]
        names = [n for n in names if not n.startswith("film_fts") and not n.startswith("film_title_fts")]
        found = {n: [r[1] for r in store.rows(f"PRAGMA table_info({n})")] for n in names}
    else:
        found = {}
        for table, column in store.rows(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "ORDER BY table_name, ordinal_position"):
            found.setdefault(table, []).append(column)
    return {t: cols for t, cols in found.items() if t not in INTERNAL}


def _rows(store: Store, table: str, columns: list[str]) -> Iterator[list[tuple]]:
    names = ", ".join(columns)
    if "id" not in columns:
        yield store.rows(f"SELECT {names} FROM {table}")
        return
    last = None
    while True:
        where, params = ("", [BATCH]) if last is None else ("WHERE id > ? ", [last, BATCH])
        batch = store.rows(f"SELECT {names} FROM {table} {where}ORDER BY id LIMIT ?", params)
        if not batch:
            return
        yield batch
        last = batch[-1][columns.index("id")]


def _count(store: Store, table: str) -> int:
    return store.scalar(f"SELECT count(*) FROM {table}") or 0


@contextlib.contextmanager
def one_view(store: Store) -> Iterator[None]:
    """Reads of a server that see one state of it: a REPEATABLE READ, READ ONLY transaction (the
    copy reads table after table, page after page, while other members may commit). A file, or a
    server already in a transaction, reads as it is."""
    if store.server is None or store.db.in_transaction():
        yield
        return
    with store.db.atomic():
        store.db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@contextlib.contextmanager
def _deferred_keys(store: Store) -> Iterator[None]:
    with store.transaction():
        store.execute("SET CONSTRAINTS ALL DEFERRED" if store.server is not None else "PRAGMA defer_foreign_keys = ON")
        yield


def copy_rows(source: Store, target: Store, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Every data row of `source` into the (empty) `target`, inside the caller's transaction."""
    source_tables, target_tables = tables(source), tables(target)
    copied: dict[str, int] = {}
    for table, columns in source_tables.items():
        if table not in target_tables:
            raise CatalogueError(f"{target.location}: has no table {table} (open it with this Marquee once to "
                                 "upgrade it)")
        common = [c for c in columns if c in target_tables[table]]
        marks = ",".join("?" * len(common))
        n = 0
        for batch in _rows(source, table, common):
            target.execute_many(f"INSERT INTO {table} ({', '.join(common)}) VALUES ({marks})", batch)
            n += len(batch)
        copied[table] = n
        if progress:
            progress(f"{table}: {n:,} rows")
    return copied


def copy_pictures(source: Store, target: Store) -> tuple[int, int]:
    """The files of the pictures the image rows name, streamed one by one; (copied, missing)."""
    copied = missing = 0
    shas = sorted({r[0] for r in source.rows("SELECT sha256 FROM image")})
    for sha in shas:
        if not source.pictures.has(sha):
            missing += 1
            continue
        path = source.pictures.path_for(sha)  # a server's picture is streamed into the local cache first
        if not path.is_file():
            missing += 1
            continue
        if target.server is not None:
            target.pictures.upload(sha, path)  # type: ignore[attr-defined]
        elif not target.pictures.has(sha):
            target.pictures.add_file(path, sha)
        copied += 1
    return copied, missing


def ensure_empty(target: Store) -> None:
    for table in ("film", "person", "image", "custom_field"):
        if _count(target, table):
            raise CatalogueError(f"{target.location}: already holds a catalogue ({table} rows); copy into an "
                                 "empty one")


def export_text(store: Store) -> str:
    return json.dumps(store.documents.export(), sort_keys=True, ensure_ascii=False, default=str)


def copy_catalogue(source: Store, target: Store, progress: Callable[[str], None] | None = None) -> CopyReport:
    """Copy everything from `source` into the empty `target` and check it: the rows of every table
    counted on both sides, and the two exports compared."""
    ensure_empty(target)
    report = CopyReport()
    with _deferred_keys(target), one_view(source):
        copied = copy_rows(source, target, progress)
        report.pictures, report.pictures_missing = copy_pictures(source, target)
        target.search.rebuild()
    target.film_list.forget()
    report.counts = {table: (n, _count(target, table)) for table, n in copied.items()}
    report.same_export = export_text(source) == export_text(target)
    return report


# -- backups of a shared catalogue ------------------------------------------------------------------

def snapshot_to_file(store: Store, target: Path) -> Path:
    """The rows of a (shared) catalogue as an SQLite catalogue file at `target`, whole or not at all."""
    from catalog.store import Store as FileStore

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    os.unlink(tmp)
    try:
        snapshot = FileStore(Path(tmp))
        try:
            with one_view(store):  # the rows and their commit count as of one moment
                n = store.change_count()
                with _deferred_keys(snapshot):
                    copy_rows(store, snapshot)
                    snapshot.search.rebuild()
            # After the copy's commit, which counted itself: the backup holds the server's count, so
            # that `Backups.before` finds it current while nothing is committed on the server.
            snapshot.execute("UPDATE change_count SET n = ? WHERE id = 1", (n,))
            snapshot.execute("PRAGMA journal_mode = DELETE")
        finally:
            snapshot.close()
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, f"{tmp}-wal", f"{tmp}-shm"):
            Path(leftover).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            Path(tmp).with_suffix(".media").rmdir()
        raise
    with contextlib.suppress(OSError):
        Path(tmp).with_suffix(".media").rmdir()
    return target


def restore_snapshot(store: Store, source: Path) -> None:
    """A backup's rows replace a shared catalogue's, in one transaction (members see the old
    catalogue or the new one). Pictures on the server stay; rows whose picture is gone say missing."""
    from catalog.store import Store as FileStore

    snapshot = FileStore(Path(source), read_only=True)
    try:
        with _deferred_keys(store):
            for table in tables(store):
                store.execute(f"DELETE FROM {table}")
            copy_rows(snapshot, store)
            store.execute("UPDATE image SET missing = 1 WHERE missing = 0 AND sha256 NOT IN "
                          "(SELECT sha256 FROM picture)")
            store.search.rebuild()
    finally:
        snapshot.close()


def describe(report: CopyReport) -> dict[str, Any]:
    return {"counts": {t: list(v) for t, v in report.counts.items()}, "pictures": report.pictures,
            "pictures_missing": report.pictures_missing, "same_export": report.same_export, "ok": report.ok}
