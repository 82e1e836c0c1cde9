"""Backups of the catalogue, automatic and on request: the policy. (The files themselves — written
with SQLite's backup API, atomically — are catalog.store.backups.)

- At start (the window, and commands that write): at most one a day.
- Before risky work: catalogue imports (JSON, archives), restores, schema upgrades (the store does
  that one as it opens the file) and deleting many films at once.
- Kept by age: every backup of the last 24 hours (the newest 10), and the newest of each of the
  last 7 days that have one, of each of the last 4 weeks and of each of the last 12 months; older
  ones are deleted as new ones are made. Backups
  written elsewhere (`backup --to FILE`) are the user's and never pruned.
- The pictures a kept backup names are never swept, so restoring one brings its pictures back."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError
from catalog.model.id_list import came_and_went
from catalog.store import backups as files

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.change import Change

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
KEEP_RECENT = 10  # besides: every backup of the last 24 hours, up to this many (the one to undo today's work)
MANY_FILMS = 20  # deleting at least this many films at once is backed up first


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    films: int | None   # None when the file cannot be read
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "date": self.created.isoformat(timespec="seconds"), "reason": self.reason,
                "films": self.films, "size": self.size}


def keep_by_age(created: list[dt.datetime], now: dt.datetime) -> set[int]:
    """Indexes of the backups to keep (given their times): the newest KEEP_RECENT of the last 24
    hours, and the newest of each of the last KEEP_DAILY days that have backups, likewise per ISO
    week and per month."""
    order = sorted(range(len(created)), key=lambda i: created[i], reverse=True)
    keep: set[int] = {i for i in order if now - created[i] < dt.timedelta(days=1)}
    keep = set(sorted(keep, key=lambda i: created[i], reverse=True)[:KEEP_RECENT])
    for key, limit in ((lambda d: d.date(), KEEP_DAILY),
                       (lambda d: tuple(d.isocalendar())[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[Any] = []
        for i in order:
            k = key(created[i])
            if k not in seen:
                if len(seen) == limit:
                    break
                seen.append(k)
                keep.add(i)
    return keep


class Backups:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self._hashes: dict[tuple[Path, int, float], set[str]] = {}
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        return self.cat.store.backups_dir

    def kept(self) -> list[BackupInfo]:
        """The kept backups, oldest first (newest last)."""
        out: list[BackupInfo] = []
        for b in files.list_backups(self.folder):
            try:
                films: int | None = files.film_count(b.path)
            except CatalogueError:
                films = None
            out.append(BackupInfo(b.path, b.created, b.reason, films, b.size))
        return out

    def create(self, reason: str = "manual", to: Path | None = None) -> Path:
        """Back the catalogue up now (into the backups folder, or to the file `to`)."""
        if to is not None:
            return self.cat.store.write_backup(Path(to), replace=True)
        self.folder.mkdir(exist_ok=True)
        path = self.cat.store.write_backup(self.folder / files.backup_name(self.cat.path, reason))
        self.prune()
        return path

    def daily(self, now: dt.datetime | None = None) -> Path | None:
        """The start-up backup: made when none was made in the last day (and the catalogue has films)."""
        if self.cat.read_only_reason or self.cat.films.count() == 0:
            return None
        now = now or dt.datetime.now()
        kept = files.list_backups(self.folder)
        if kept and now - kept[-1].created < dt.timedelta(days=1):
            return None
        return self.create("daily")

    def before(self, work: str) -> Path | None:
        """A backup before risky work ('import', 'restore', 'delete'), unless the catalogue is empty
        or the newest backup already holds it as it is (nothing was committed since)."""
        if self.cat.read_only_reason or self.cat.in_transaction() or self.cat.films.count() == 0:
            return None  # (inside a use case's transaction the copy would wait for that transaction)
        kept = files.list_backups(self.folder)
        if kept:
            try:
                if files.change_count(kept[-1].path) == self.cat.store.change_count():
                    return kept[-1].path
            except CatalogueError:
                pass
        return self.create(f"before-{work}")

    def prune(self, now: dt.datetime | None = None) -> list[Path]:
        """Delete the backups the age policy no longer keeps; returns them."""
        found = files.list_backups(self.folder)
        keep = keep_by_age([b.created for b in found], now or dt.datetime.now())
        gone = []
        for i, b in enumerate(found):
            if i not in keep:
                b.path.unlink(missing_ok=True)
                gone.append(b.path)
        return gone

    def picture_hashes(self) -> set[str]:
        """Every picture a kept backup names (read once per backup file, then remembered)."""
        out: set[str] = set()
        for b in files.list_backups(self.folder):
            try:
                stat = b.path.stat()
            except OSError:
                continue
            key = (b.path, stat.st_size, stat.st_mtime)
            with self._lock:
                hashes = self._hashes.get(key)
            if hashes is None:
                try:
                    hashes = files.picture_hashes(b.path)
                except CatalogueError:
                    continue
                with self._lock:
                    self._hashes[key] = hashes
            out |= hashes
        return out

    def resolve(self, name: str | Path) -> Path:
        """A backup named by its path, or by its file name in the backups folder."""
        path = Path(name)
        if not path.exists() and (self.folder / path.name).exists():
            path = self.folder / path.name
        if not path.is_file():
            raise CatalogueError(f"{name}: no such backup (see 'backups' for the list)")
        return path

    def restore(self, backup: str | Path) -> tuple[Path | None, Change]:
        """Bring the catalogue back to a backup, after backing up the current state (returned).
        Not undoable as an edit: the backup made first is the way back."""
        from catalog.ops.change import Change

        source = self.resolve(backup)
        files.film_count(source)  # refuses what is not a catalogue before anything is done
        safety = self.create("before-restore") if self.cat.films.count() or files.list_backups(self.folder) \
            else None
        before = self.cat.store.films.id_snapshot()
        self.cat.store.restore_from(source)
        change = Change(f"Restore the backup {source.name}")
        change.added, change.removed = came_and_went(before, self.cat.store.films.id_snapshot())
        change.all_films = change.people = change.fields = True
        for listener in list(self.cat.listeners):
            listener(change)
        return safety, change
