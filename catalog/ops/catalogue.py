"""The catalogue: every use case a user has, composed by subject — `cat.films`, `cat.records`,
`cat.people`, `cat.images`, `cat.fields` (the collector's custom fields), `cat.loans` (borrowers
and loans), `cat.wishlist`; and what is read only: `cat.browse` (the Browse pane's facets) and
`cat.statistics`. Each mutation is one
transaction and returns a `Change` saying what changed, with a description and its inverse as
plain data; `cat.revert(change)` undoes it (and returns the change that redoes it).
Listeners hear of every committed change once.

The window and the command line use only this object and the plain values it returns."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, ConflictError
from catalog.model.id_list import amended, came_and_went
from catalog.model.id_runs import LayeredVersions
from catalog.ops.browse import Browse
from catalog.ops.change import Change, Progress, Step, check_cancelled, paced
from catalog.ops.fields import Fields
from catalog.ops.films import Films
from catalog.ops.images import Images
from catalog.ops.loans import Loans
from catalog.ops.people import People
from catalog.ops.records import Records
from catalog.ops.wishlist import Wishlist
from catalog.store import PictureStore, Store
from catalog.store.address import is_server

if TYPE_CHECKING:
    from catalog.ops.statistics import Statistics

Listener = Callable[[Change], None]


def is_shared_location(location: object) -> bool:
    """Whether `location` is a shared catalogue's address (postgresql://USER@HOST/DB), not a file."""
    return is_server(location)


def open_catalogue(path: Path | str, create: bool = True, read_only: bool = False) -> Catalogue:
    """Open the catalogue at `path`; with `create`, an empty one is made when there is no file
    (else CatalogueFileError "no catalogue at PATH"). A file on a read-only medium opens read-only
    (`read_only_reason` says why; every change is then refused with one plain line). A
    `postgresql://USER@HOST/DB` address opens a shared catalogue on that server."""
    return Catalogue(path if is_server(path) else Path(path), create=create, read_only=read_only)


class Catalogue:
    """Use cases over one catalogue file. Reads may run on any thread; writes are short
    transactions, serialised by the database. A job on a worker thread runs inside
    `connection()` (its own connection, closed after)."""

    def __init__(self, path: Path | str, create: bool = True, read_only: bool = False) -> None:
        from catalog.ops.backups import Backups

        shared = is_server(path)
        self.store = Store(path if shared else Path(path).absolute(), create=create, read_only=read_only)
        # A shared catalogue's `path` is a stand-in on this computer (its backups and cache live
        # beside it); `location` is what a person reads: the file, or "films on db.club.org".
        self.path = self.store.path
        self.location: str = self.store.location
        self.shared = shared
        self.films = Films(self)
        self.records = Records(self)
        self.people = People(self)
        self.images = Images(self)
        self.backups = Backups(self)
        self.fields = Fields(self)
        self.loans = Loans(self)
        self.wishlist = Wishlist(self)
        self.browse = Browse(self)
        self.listeners: list[Listener] = []
        self._local = threading.local()
        self._own_commits = 0  # write transactions this object committed (any thread)
        self._count_lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None  # (data_version, change count, own commits)
        self._film_ids: Any = None  # the film ids at the last look (None: not listed yet)
        self._own_versions = LayeredVersions()  # film id -> the version this object's last change gave it

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
        counting = False
        try:
            with self.store.transaction():
                yield change
                # One set, not copied on its way through (an import's holds 100,000 ids).
                touched = change.added | change.updated if change.updated else change.added
                self.store.after_write(touched, change.removed)
                if touched:
                    change.versions = self.store.stamps.versions(touched)
                del touched
                if not change.empty:
                    self.store.announce(change.added, change.updated, change.removed, change.galleries,
                                        change.people, change.fields)
                check_cancelled()  # a Cancel pressed until now still rolls it all back (inside `paced`)
                # Counted with the commit: a look for other programs' commits never finds this one
                # committed and not yet counted as this object's own.
                counting = self._count_lock.acquire()
            self._own_commits += 1
            self._own_versions.update(change.versions)
        finally:
            if counting:
                self._count_lock.release()
            stack.pop()
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
        "loans.lend", "loans.mark_returned", "loans.update", "loans.remove", "loans.restore", "loans.add_borrower",
        "loans.update_borrower", "loans.remove_borrower", "loans.forget_borrowers",
        "wishlist.add", "wishlist.remove",
    })

    def apply(self, steps: Sequence[Step], description: str, films: Iterable[int] = ()) -> Change:
        """Run steps (use cases by name) in one transaction; the change's inverse undoes them all.
        `films`: films that must not have been changed by anyone else since this object's own last
        change of them (else ConflictError, nothing written)."""
        with self.transaction(description) as change:
            change.replayed = True
            self._check_own(films)
            for s in steps:
                check_cancelled()  # (only inside `revert` with an abort flag)
                if s.op not in self.UNDOABLE:
                    raise CatalogueError(f"{s.op} is not an operation that can be replayed")
                manager, _, method = s.op.partition(".")
                getattr(getattr(self, manager), method)(**s.args)
        return change

    def revert(self, change: Change, abort: threading.Event | None = None,
               progress: Progress | None = None) -> Change:
        """Undo a change; the change returned (whose inverse redoes it) says what moved back.
        A big one (an import's thousands of films) reports `progress(done, total, what)` after
        each piece of rows; `abort` set before the commit stops it with Cancelled "undo
        cancelled": nothing was changed and no listener hears of it."""
        if not change.inverse:
            raise CatalogueError(f"“{change.description}” cannot be undone")
        with paced(change.inverse, abort, progress):
            return self.apply(change.inverse, change.description, films=change.versions)

    def _check_own(self, films: Iterable[int]) -> None:
        """Inside a write transaction: each film is as this object's last change left it (its row
        locked until the commit), else ConflictError — undo undoes only your own changes."""
        for film_id in sorted(films):
            stamp = self.store.stamps.of(film_id, lock=True)
            own = self._own_versions.get(film_id)
            if stamp is None:
                raise ConflictError(film_id, f"film {film_id}", None, None, None, undo=True)
            if own is not None and stamp.version != own:
                raise ConflictError(film_id, self.films.label(film_id), stamp.changed_by, stamp.changed_at,
                                    stamp.version, undo=True)

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
        path. Call from one thread (the window's).
        On a shared catalogue the change names exactly what other members' commits touched (their
        NOTIFY events) and who made it (`by`)."""
        if self.store.server is not None:
            return self._changes_from_members()
        if not self._count_lock.acquire(blocking=False):
            return None  # one of this object's own commits is under way: look again next time
        try:
            version = self.store.data_version()
            if self._seen is not None and self._seen[0] == version:
                if self._film_ids is None:
                    self._film_ids = self._film_snapshot()
                return None
            count, own = self.store.change_count(), self._own_commits
        finally:
            self._count_lock.release()
        seen, self._seen = self._seen, (version, count, own)
        if seen is None:
            return None
        if count - seen[1] == own - seen[2]:  # every commit since was this object's own
            return None  # (the list of films may lag behind them: what they did is shown already)
        self.store.film_list.forget()
        before, self._film_ids = self._film_ids, self._film_snapshot()
        change = Change("Changes made by another program")
        # Without a list from before (a change in the very first second): every film may be new.
        change.added, change.removed = came_and_went([] if before is None else before, self._film_ids)
        change.all_films = change.people = True
        return change

    def _changes_from_members(self) -> Change | None:
        events = self.store.server.poll()
        if not events:
            # The films are listed at the first quiet call after the starting point, as for a
            # file: without that list, a member's first "everything" event named every film new.
            if self._film_ids is None and self._seen is not None:
                self._film_ids = self._film_snapshot()
            self._seen = self._seen or (0, 0, 0)  # (a server's changes are events: no counts)
            return None
        by = sorted({str(e.get("by") or "another member") for e in events})
        change = Change(f"Changes made by {', '.join(by)}")
        change.by = ", ".join(by)
        if any(e.get("all") for e in events):
            before, self._film_ids = self._film_ids, self._film_snapshot()
            change.added, change.removed = came_and_went([] if before is None else before, self._film_ids)
            change.all_films, change.people, change.fields = True, True, True
            self.store.film_list.forget()
            return change
        for e in events:
            change.added |= set(e.get("a", ()))
            change.updated |= set(e.get("u", ()))
            change.removed |= set(e.get("r", ()))
            change.galleries |= {None if g == -1 else g for g in e.get("g", ())}
            change.people = change.people or bool(e.get("p"))
            change.fields = change.fields or bool(e.get("f"))
        change.updated -= change.added | change.removed
        change.added -= change.removed
        if self._film_ids is not None and (change.added or change.removed):
            self._film_ids = amended(self._film_ids, change.added, change.removed)
        self.store.film_list.written(change.added, change.updated, change.removed)
        return change

    @property
    def watch_interval_ms(self) -> int:
        """How often a window looks for other writers' changes (a shared catalogue's arrive as events)."""
        return 200 if self.shared else 1000

    @property
    def member(self) -> str:
        """Who this catalogue's changes are stamped with (the server's role name, or this computer's user)."""
        return self.store.member

    @cached_property
    def statistics(self) -> Statistics:
        """The Statistics view's figures (made when first asked: not part of the window's start)."""
        from catalog.ops.statistics import Statistics

        return Statistics(self)

    def _film_snapshot(self) -> Any:
        return self.store.films.id_snapshot()

    def close(self) -> None:
        self.store.close()
