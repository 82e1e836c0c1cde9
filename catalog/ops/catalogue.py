"""The catalogue: every use case a user has, composed by subject — `cat.films`, `cat.records`,
`cat.people`, `cat.images`, `cat.fields` (the collector's custom fields). Each mutation is one
transaction and returns a `Change` saying what changed, with a description and its inverse as
plain data; `cat.revert(change)` undoes it (and returns the change that redoes it).
Listeners hear of every committed change once.

The window and the command line use only this object and the plain values it returns."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from catalog.errors import CatalogueError
from catalog.ops.change import Change, Step
from catalog.ops.fields import Fields
from catalog.ops.films import Films
from catalog.ops.images import Images
from catalog.ops.people import People
from catalog.ops.records import Records
from catalog.store import PictureStore, Store

Listener = Callable[[Change], None]


def open_catalogue(path: Path | str, create: bool = True, read_only: bool = False) -> Catalogue:
    """Open the catalogue at `path`; with `create`, an empty one is made when there is no file
    (else CatalogueFileError "no catalogue at PATH"). A file on a read-only medium opens read-only
    (`read_only_reason` says why; every change is then refused with one plain line)."""
    return Catalogue(Path(path), create=create, read_only=read_only)


class Catalogue:
    """Use cases over one catalogue file. Reads may run on any thread; writes are short
    transactions, serialised by the database. A job on a worker thread runs inside
    `connection()` (its own connection, closed after)."""

    def __init__(self, path: Path, create: bool = True, read_only: bool = False) -> None:
        from catalog.ops.backups import Backups

        self.path = Path(path).absolute()
        self.store = Store(self.path, create=create, read_only=read_only)
        self.films = Films(self)
        self.records = Records(self)
        self.people = People(self)
        self.images = Images(self)
        self.backups = Backups(self)
        self.fields = Fields(self)
        self.listeners: list[Listener] = []
        self._local = threading.local()
        self._own_commits = 0  # write transactions this object committed (any thread)
        self._count_lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None  # (data_version, change count, own commits)
        self._film_ids: Any = None  # the film ids at the last look (None: not listed yet)

    @property
    def read_only_reason(self) -> str | None:
        """Why this catalogue cannot be changed (a read-only medium, …), or None when it can."""
        return self.store.read_only

    @property
    def pictures(self) -> PictureStore:
        """The picture files beside the catalogue (content-addressed, with the thumbnail cache)."""
        return self.store.pictures

    @contextmanager
    def transaction(self, description: str) -> Iterator[Change]:
        """One use case: everything inside is committed together or not at all. Use cases called
        inside join it (their changes and inverses merge into this one); listeners hear of the
        whole change once, after the commit."""
        change = Change(description)
        stack: list[Change] = self._local.__dict__.setdefault("stack", [])
        if stack:
            with self.store.transaction():
                yield change
            stack[-1].merge(change)
            return
        stack.append(change)
        try:
            with self.store.transaction():
                yield change
                self.store.after_write(change.added | change.updated, change.removed)
        finally:
            stack.pop()
        with self._count_lock:
            self._own_commits += 1
        self.store.committed(change.added, change.updated, change.removed)
        if not change.empty:
            for listener in list(self.listeners):
                listener(change)

    def in_transaction(self) -> bool:
        """Whether this thread is inside a use case's transaction."""
        return bool(self._local.__dict__.get("stack"))

    # -- undo ---------------------------------------------------------------------------------------

    UNDOABLE = frozenset({
        "films.create", "films.update", "films.delete", "films.restore", "films.set_genres", "films.set_companies",
        "films.set_values", "films.set_custom", "films.set_stored_custom",
        "fields.define", "fields.update", "fields.remove", "fields.restore",
        "records.add", "records.update", "records.remove", "records.move",
        "records.add_credit", "records.update_credit", "records.remove_credit", "records.move_credit",
        "people.update", "people.set_photo", "people.forget", "people.readd", "people.merge", "people.unmerge",
        "images.update", "images.place", "images.reorder", "images.set_poster", "images.remove", "images.restore",
    })

    def apply(self, steps: Sequence[Step], description: str) -> Change:
        """Run steps (use cases by name) in one transaction; the change's inverse undoes them all."""
        with self.transaction(description) as change:
            change.replayed = True
            for s in steps:
                if s.op not in self.UNDOABLE:
                    raise CatalogueError(f"{s.op} is not an operation that can be replayed")
                manager, _, method = s.op.partition(".")
                getattr(getattr(self, manager), method)(**s.args)
        return change

    def revert(self, change: Change) -> Change:
        """Undo a change; the change returned (whose inverse redoes it) says what moved back."""
        if not change.inverse:
            raise CatalogueError(f"“{change.description}” cannot be undone")
        return self.apply(change.inverse, change.description)

    # -- plumbing -----------------------------------------------------------------------------------

    def connection(self) -> AbstractContextManager[Any]:
        """A worker thread's own connection for the length of a job (closed after)."""
        return self.store.connection()

    def writing_pictures(self) -> AbstractContextManager[None]:
        """Held while this process adds picture files whose rows are not committed yet (any
        process's sweep waits for every holder to finish)."""
        return self.store.pictures.writing()

    def sweep_pictures(self) -> int | None:
        """Delete picture files that neither a row nor a kept backup names, left by interrupted or
        cancelled imports, once they are older than the grace period. Never while another process
        adds pictures (returns None then). Writers call it; read-only commands never do."""
        if self.read_only_reason:
            return 0
        return self.store.sweep_pictures(keep=self.backups.picture_hashes())

    def changes_elsewhere(self) -> Change | None:
        """What other processes committed since the last call (None: nothing), as a Change that
        names every film (and gallery) as possibly changed, and the films that came and went.
        Cheap when nothing changed (one PRAGMA); the first call only marks the starting point, and
        the films are listed (to tell what came and went) at the next quiet call, off the start-up
        path. Call from one thread (the window's)."""
        version = self.store.data_version()
        if self._seen is not None and self._seen[0] == version:
            if self._film_ids is None:
                self._film_ids = self._film_snapshot()
            return None
        count = self.store.change_count()
        with self._count_lock:
            own = self._own_commits
        seen, self._seen = self._seen, (version, count, own)
        if seen is None:
            return None
        if count - seen[1] == own - seen[2]:  # every commit since was this object's own
            return None  # (the list of films may lag behind them: what they did is shown already)
        self.store.film_list.forget()
        now = self._film_snapshot()
        before = set(self._film_ids) if self._film_ids is not None else None
        self._film_ids = now
        current = set(now)
        change = Change("Changes made by another program")
        # Without a list from before (a change in the very first second): every film may be new.
        change.added, change.removed = current - (before or set()), (before or set()) - current
        change.updated = current & before if before is not None else set(current)
        change.galleries = {None, *current}
        change.people = True
        return change

    def _film_snapshot(self) -> Any:
        """Every film's id, compactly (a list, or an array for a big catalogue)."""
        from catalog.store.film_list import parse_order

        return parse_order(self.store.scalar("SELECT group_concat(id) FROM film"))

    def close(self) -> None:
        self.store.close()
