"""What one use case changed: which films and galleries (so each pane refreshes only what it shows),
a description a person can read ("Edit title of “Alien”"), and the inverse as plain data — the
steps that undo it, each a use case by name with its arguments (`Catalogue.revert` runs them)."""

from __future__ import annotations

import base64
import json
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from catalog.errors import Cancelled
from catalog.model.id_runs import IdRuns, IdSet
from catalog.store.chunks import in_chunks

T = TypeVar("T")
Progress = Callable[[int, int, str], None]  # (done, total, item)

# Sets, or IdSets (runs of ids) for the many films of a bulk load.
FilmIds = set[int] | IdSet[int]
Galleries = set[int | None] | IdSet[int | None]


@dataclass(frozen=True)
class Step:
    """One use case to run, by name ('films.update') and keyword arguments (plain data only)."""

    op: str
    args: dict[str, Any]


# Steps of these ops that follow each other merge into one (their one list argument joined), so
# undoing an import of 10,000 pictures is one removal, not 10,000.
_MERGEABLE = {"images.remove": "image_ids", "films.delete": "film_ids", "images.place": "placements"}


def _prepend(steps: list[Step], new: list[Step]) -> list[Step]:
    """`new` (the inverse of what was done later) before `steps`, merging neighbours."""
    out = list(new)
    for step in steps:
        last = out[-1] if out else None
        key = _MERGEABLE.get(step.op)
        if (last is not None and key and last.op == step.op and len(step.args) == len(last.args) == 1
                and key in step.args and key in last.args):
            out[-1] = Step(step.op, {key: [*last.args[key], *step.args[key]]})
        else:
            out.append(step)
    return out


@dataclass
class Change:
    description: str = ""
    added: FilmIds = field(default_factory=set)         # film ids created
    updated: FilmIds = field(default_factory=set)       # film ids whose fields or records changed
    removed: FilmIds = field(default_factory=set)       # film ids deleted
    galleries: Galleries = field(default_factory=set)   # film ids (None: the inbox) whose images changed
    people: bool = False                                # people were added, renamed or merged
    fields: bool = False                                # custom fields were defined, changed or removed
    loans: bool = False                                 # borrowers or loans changed (the Loans view follows)
    inverse: list[Step] = field(default_factory=list)   # run in order, they undo the change
    id: int | None = None                               # what a use case that creates one thing created
    replayed: bool = False                              # made by undo or redo (Catalogue.apply)
    new_people: IdRuns = field(default_factory=IdRuns)  # people it created (its undo forgets them)
    versions: Mapping[int, int] = field(default_factory=dict)  # film id -> its row version once committed
    by: str | None = None                               # another member's change: who made it
    # Any film may have changed (another program wrote, a backup came back): `added` and `removed`
    # name the films that came and went, `updated` and `galleries` name none — listing every film
    # of a million-film catalogue in them took ~240 MB and a stall on the GUI thread.
    all_films: bool = False

    def merge(self, other: Change) -> None:
        """Take in a change made inside this one (after what this one did so far)."""
        self.added |= other.added
        self.updated |= other.updated
        self.removed |= other.removed
        self.galleries |= other.galleries
        self.people = self.people or other.people
        self.fields = self.fields or other.fields
        self.loans = self.loans or other.loans
        self.all_films = self.all_films or other.all_films
        self.updated -= self.added | self.removed
        self.new_people.extend(other.new_people)
        self.inverse = _prepend(self.inverse, other.inverse)

    def undo_with(self, *steps: Step) -> None:
        """Say what undoes this change (replacing what the use cases inside it said). People it
        created are forgotten last, once nothing names them any more."""
        self.inverse = list(steps)
        if self.new_people:
            self.inverse.append(Step("people.forget", {"person_runs": self.new_people.plain()}))

    @property
    def empty(self) -> bool:
        return not (self.added or self.updated or self.removed or self.galleries or self.people or self.fields
                    or self.loans or self.all_films)

    def touches(self, film_id: int | None) -> bool:
        """Whether this film's fields or records may have changed."""
        return film_id is not None and (self.all_films or film_id in self.updated)

    def touches_gallery(self, film_id: int | None) -> bool:
        """Whether this gallery's pictures (None: the inbox's) may have changed."""
        return self.all_films or film_id in self.galleries

    @property
    def undoable(self) -> bool:
        return bool(self.inverse)


def step(op: str, **args: Any) -> Step:
    return Step(op, args)


PIECE = 500  # rows an undo of thousands reads, packs and puts back at once


def pieces(items: Sequence[T], what: str = "") -> Iterator[list[T]]:
    """`items` PIECE at a time; inside `paced`, each piece done is counted (and may be cancelled)."""
    for piece, _ in in_chunks(items, PIECE):
        yield piece
        _piece_done(len(piece), what)


def unpacked(packed: Sequence[Mapping[str, Any]], what: str = "") -> Iterator[list[Any]]:
    """Each packed piece's items, counted as `pieces` counts them."""
    for one in packed:
        yield unpack(one)
        _piece_done(packed_count(one), what)


@dataclass
class _Pace:
    abort: threading.Event | None
    progress: Progress | None
    total: int
    doing: str  # what is said cancelled
    done: int = 0


# While an undo (or a big delete) runs inside `paced`: its cancel flag and progress (the ops'
# pieces report to it).
_PACE: ContextVar[_Pace | None] = ContextVar("undo_pace", default=None)


@contextmanager
def paced(steps: Sequence[Step], abort: threading.Event | None, progress: Progress | None) -> Iterator[None]:
    """Run steps (an undo) so that `progress(done, total, what)` hears of each piece of rows they
    write, and `abort` stops them between two pieces or steps: Cancelled "undo cancelled",
    raised inside the caller's transaction so that it rolls back."""
    with paced_rows(rows_in_pieces(steps), abort, progress, "undo"):
        yield


@contextmanager
def paced_rows(total: int, abort: threading.Event | None, progress: Progress | None, doing: str) -> Iterator[None]:
    """As `paced`, for a use case that writes `total` rows in pieces (deleting thousands of
    films); with neither `abort` nor `progress`, an enclosing pace (an undo's) goes on counting."""
    if abort is None and progress is None and _PACE.get() is not None:
        yield
        return
    token = _PACE.set(_Pace(abort, progress, total, doing))
    try:
        yield
    finally:
        _PACE.reset(token)


def check_cancelled() -> None:
    """Inside `paced`: raise the cancellation when its abort flag is set."""
    pace = _PACE.get()
    if pace is not None and pace.abort is not None and pace.abort.is_set():
        raise Cancelled(f"{pace.doing} cancelled; the catalogue is as it was")


def _piece_done(count: int, what: str) -> None:
    pace = _PACE.get()
    if pace is None:
        return
    pace.done += count
    if pace.progress is not None:
        pace.progress(min(pace.done, pace.total), pace.total, what)
    check_cancelled()


def rows_in_pieces(steps: Sequence[Step]) -> int:
    """How many rows the steps write in pieces (what `paced` counts to): films and pictures
    taken out or put back."""
    total = 0
    for s in steps:
        kind = {"films.delete": "film", "images.remove": "image"}.get(s.op)
        if kind is not None:
            runs = s.args.get(f"{kind}_runs", ())
            total += len(s.args.get(f"{kind}_ids", ())) + sum(last - first + 1 for first, last in runs)
        elif s.op in ("films.restore", "images.restore"):
            total += sum(packed_count(p) for p in s.args.get("packed", ()))
    return total


def pack(items: Sequence[Any]) -> dict[str, Any]:
    """Rows or documents as the undo of a deletion keeps thousands of them: as compressed JSON,
    still plain data (a step survives a trip through JSON). As dicts a film's document took
    ~20 KB (2 GB on the undo stack for an import of 100,000 films), packed well under 1 KB."""
    data = zlib.compress(json.dumps(list(items), ensure_ascii=False, separators=(",", ":")).encode(), 1)
    return {"count": len(items), "data": base64.b64encode(data).decode("ascii")}


def packed_count(packed: Mapping[str, Any]) -> int:
    return int(packed["count"])


def unpack(packed: Mapping[str, Any]) -> list[Any]:
    return cast(list[Any], json.loads(zlib.decompress(base64.b64decode(packed["data"]))))
