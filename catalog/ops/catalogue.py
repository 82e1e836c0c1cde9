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


def open_catalogue(path: Path | str) -> Catalogue:
    """Open the catalogue at `path`, creating an empty one when the file does not exist."""
    return Catalogue(Path(path))


class Catalogue:
    """Use cases over one catalogue file. Reads may run on any thread; writes are short
    transactions, serialised by the database. A job on a worker thread runs inside
    `connection()` (its own connection, closed after)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).absolute()
        self.store = Store(self.path)
        self.films = Films(self)
        self.records = Records(self)
        self.people = People(self)
        self.images = Images(self)
        self.fields = Fields(self)
        self.listeners: list[Listener] = []
        self._local = threading.local()

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
        self.store.committed(change.added, change.updated, change.removed)
        if not change.empty:
            for listener in list(self.listeners):
                listener(change)

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

    def sweep_pictures(self) -> int:
        """Delete stored files no image names (left by an interrupted import). Run at start."""
        return self.store.sweep_pictures()

    def close(self) -> None:
        self.store.close()
