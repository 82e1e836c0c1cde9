"""A big JSON export imported on two cores: a child process reads and checks the file a film at a
time while this one writes the films it has passed, in the one transaction of the import; when
the child refuses a value, the transaction rolls back (and the backup made for it goes), so a
refused file still leaves the catalogue as it was. About 40 % of the time of reading and checking
the whole file first, then writing it (catalog.formats.json_catalogue's two passes, still used
for a small file and for an unusual one: fields defined after the films that use them, or a film
naming a field the file does not define).

The conversation over one pipe, child to parent: ("fields", definitions) when the films begin,
answered by the parent's ("types", types); then ("films", [(prepared, document) marshal blocks]) batches; then
("end", head, lists) or ("error", …) or ("unusual",). Thread rules: `import_pipelined` runs on
the caller's thread; the child is gone when it returns."""

from __future__ import annotations

import contextlib
import marshal
import queue
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, ValidationError

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult, Progress

PIPELINE_MIN_BYTES = 8 << 20  # below this (~1,500 rich films), a process is not worth starting
BATCH = 100  # films a message
QUEUED = 16  # messages taken off the pipe ahead of the writing (1,600 films, ~8 MB)
STREAMED = frozenset({"films", "custom_fields", "inbox", "people", "borrowers"})


class Unusual(Exception):
    """The file needs the two passes (see the module's docstring)."""


def check_file(path: str, conn: Connection) -> None:
    """The child: walk the file, check each film with the types the parent sends, send them on."""
    from catalog.formats import json_stream
    from catalog.ops.transfer import clean_film, custom_names, field_types
    from catalog.store.prepared import prepare

    definitions: list[Any] = []
    lists: dict[str, list[Any]] = {"inbox": [], "people": [], "borrowers": []}
    state: dict[str, Any] = {"types": None, "films": 0, "batch": []}

    def began(key: str) -> None:
        if key == "films" and state["types"] is None:
            conn.send(("fields", definitions))
            types = conn.recv()[1]
            state.update(types=types, kinds=field_types(types))

    def item(key: str, value: Any) -> None:
        if key == "custom_fields":
            if state["types"] is not None:
                raise Unusual  # defined after films that may use them
            definitions.append(value)
        elif key == "films":
            types = state["types"]
            if any(name not in types for name in custom_names(value)):
                raise Unusual
            doc = clean_film(value, state["films"], types)
            state["batch"].append((marshal.dumps(tuple(prepare(doc, state["kinds"]))), marshal.dumps(doc)))
            state["films"] += 1
            if len(state["batch"]) >= BATCH:
                conn.send(("films", state["batch"]))
                state["batch"] = []
        else:
            lists[key].append(value)

    try:
        head = json_stream.walk(Path(path), STREAMED, item, "", began)
        if state["batch"]:
            conn.send(("films", state["batch"]))
        conn.send(("end", head, lists))
    except Unusual:
        conn.send(("unusual",))
    except ValidationError as exc:
        conn.send(("error", "validation", (exc.field, _plain(exc.value), exc.reason)))
    except CatalogueError as exc:
        conn.send(("error", "catalogue", str(exc)))
    except Exception as exc:  # the parent tells it in one line
        conn.send(("error", "catalogue", f"the file could not be read ({type(exc).__name__}: {exc})"))
    finally:
        conn.close()


def _plain(value: Any) -> Any:
    """A refused value as the message can carry it (its text, when it is not plain data)."""
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)[:200]


STOPPED = ("stopped",)  # the child went away without a last word


def _receive(conn: Connection) -> Any:
    try:
        return _told(conn.recv())
    except EOFError:
        return _told(STOPPED)


def _told(message: Any) -> Any:
    """A message of the child's, its errors raised here."""
    if message is STOPPED:
        raise CatalogueError("the checking of the file stopped unexpectedly; nothing was added")
    if message[0] == "error":
        if message[1] == "validation":
            raise ValidationError(*message[2])
        raise CatalogueError(message[2])
    if message[0] == "unusual":
        raise Unusual
    return message


def import_pipelined(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
                     on_duplicate: str, check_head: Any) -> ImportResult:
    """Import with a checking child; raises Unusual (nothing written) when the file needs the two passes."""
    from catalog.formats.folder.importer import worker_context
    from catalog.ops.documents import clean_borrower, clean_image_entry
    from catalog.ops.transfer import _wanted_fields, clean_person, write_films
    from catalog.store.prepared import Incoming

    context = worker_context()  # (the same server as the picture import's, preloaded as it wants)
    ours, theirs = context.Pipe()
    child = context.Process(target=check_file, args=(str(path), theirs), daemon=True)  # type: ignore[attr-defined]
    child.start()
    theirs.close()
    made: list[Path] = []
    before: set[Path] | None = None
    messages: queue.Queue[Any] = queue.Queue(maxsize=QUEUED)
    reader: threading.Thread | None = None
    try:
        first = _receive(ours)
        if first[0] != "fields":
            raise Unusual  # no films: the two passes are as quick
        wanted, types = _wanted_fields(cat, first[1])
        ours.send(("types", types))
        inbox: list[dict[str, Any]] = []
        persons: list[Any] = []
        lenders: list[dict[str, Any]] = []

        # The child's messages are taken off the pipe by a thread into a queue, so that the child
        # never waits for the pipe while this one writes a batch (a pipe holds 64 KB: 13 films).
        def take_off() -> None:
            while True:
                try:
                    message = ours.recv()
                except (EOFError, OSError):
                    messages.put(STOPPED)
                    return
                messages.put(message)
                if message[0] != "films":
                    return

        reader = threading.Thread(target=take_off, name="json-checker-reader", daemon=True)
        reader.start()

        def documents() -> Iterator[Incoming]:
            while True:
                message = _told(messages.get())
                if message[0] == "end":
                    check_head(message[1], complete=True)
                    lists = message[2]
                    for key in ("inbox", "people", "borrowers"):
                        if isinstance(message[1].get(key), list):
                            lists[key] = message[1][key]
                    # Filled before write_films reads them (after the last film).
                    inbox.extend(clean_image_entry(entry) for entry in lists["inbox"])
                    persons.extend(clean_person(person) for person in lists["people"])
                    lenders.extend(clean_borrower(borrower) for borrower in lists["borrowers"])
                    return
                for prepared, doc in message[1]:
                    yield Incoming.from_blocks(prepared, doc)

        if cat.backups.folder.exists():
            before = set(cat.backups.folder.glob("*"))
        backup = cat.backups.before("import")
        if backup is not None and (before is None or backup not in before):
            made.append(backup)
        result = write_films(cat, documents(), 0, wanted, types, inbox, persons, abort, progress,
                             "Import catalogue", on_duplicate, back_up=False, lenders=lenders)
        made.clear()  # written: the backup stays
        return result
    finally:
        for backup in made:  # refused or cancelled: the catalogue is as it was, and so are its backups
            backup.unlink(missing_ok=True)
            if before is None:
                with contextlib.suppress(OSError):
                    backup.parent.rmdir()
        child.kill()
        child.join()
        while reader is not None and reader.is_alive():  # (it may wait to put a message: take them)
            with contextlib.suppress(queue.Empty):
                messages.get(timeout=0.05)
        ours.close()
