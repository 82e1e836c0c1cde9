"""The whole catalogue as plain data, and films from plain data: the use cases behind the JSON
export and import (the file format itself is catalog.formats.json_catalogue) and the demo.

An import is one transaction: people are merged by name, a film already there (same title and
year) is skipped, pictures whose files are not in the store are kept as rows marked missing, and
cancelling or a refused value leaves the catalogue as it was. It is undoable as one step."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError, ValidationError, short_repr
from catalog.model.id_runs import IdSet
from catalog.model.text import plural
from catalog.model.validation import text
from catalog.ops.change import Change, step
from catalog.ops.documents import clean_borrower, clean_document, clean_field_definition, clean_image_entry
from catalog.ops.duplicates import DuplicateIndex, merge_into
from catalog.store.bulk import bulk_load
from catalog.store.prepared import Incoming

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

Progress = Callable[[int, int, str], None]


DUPLICATE_ACTIONS = ("skip", "merge", "keep")


@dataclass
class ImportResult:
    change: Change
    films: int      # films added
    skipped: int    # films that were there already (and left as they were)
    merged: int = 0  # films that were there already and took what they lacked from the file
    report: list[str] = field(default_factory=list)  # where each field of the source went (importers)
    duplicates: list[str] = field(default_factory=list)  # "Title (Year): skipped / merged / kept both"

    def summary(self) -> str:
        """'3 films (2 already there)'."""
        extra = [f"{self.skipped:,} already there"] if self.skipped else []
        extra += [f"{self.merged:,} merged into films already there"] if self.merged else []
        return plural(self.films, "film") + (f" ({', '.join(extra)})" if extra else "")

    def text(self) -> str:
        """The whole report: the summary, the duplicates, and where each source field went."""
        lines = [f"Imported {self.summary()}."]
        if self.duplicates:
            lines += ["", "Films already in the catalogue:", *(f"  {d}" for d in self.duplicates)]
        if self.report:
            lines += ["", "Where the file's fields went:", *(f"  {r}" for r in self.report)]
        return "\n".join(lines)


def export_films(cat: Catalogue) -> dict[str, Any]:
    """Every film, the unsorted inbox and people's details as plain data (no database ids)."""
    return cat.store.documents.export()


def _with_phash(cat: Catalogue, entry: dict[str, Any]) -> dict[str, Any]:
    """A stored picture's entry with its perceptual hash (older exports carry none), so that every
    picture takes part in near-duplicate detection."""
    _with_phashes(cat, [entry])
    return entry


def _with_phashes(cat: Catalogue, entries: Sequence[dict[str, Any]]) -> None:
    """`_with_phash` of many entries, the store asked once which of their pictures it holds (on a
    server that is a round trip, not one per picture)."""
    lacking = [entry for entry in entries if entry["phash"] is None]
    if not lacking:
        return
    stored = cat.pictures.present(entry["sha256"] for entry in lacking)
    for entry in lacking:
        if entry["sha256"] in stored:
            from catalog.imaging.probe import ImageRejected, probe_image

            with contextlib.suppress(ImageRejected):
                entry["phash"] = probe_image(cat.pictures.path_for(entry["sha256"])).phash


def clean_person(person: Any) -> tuple[str, str | None, str | None, dict[str, Any] | None]:
    if not isinstance(person, dict):
        raise ValidationError("person", person, "is not an object")
    name = text(required=True, max_len=300)("person", person.get("name"))
    assert name is not None
    photo = person.get("photo")
    return (name, text(max_len=300)("sort_name", person.get("sort_name")), text()("notes", person.get("notes")),
            clean_image_entry(photo) if photo else None)


FieldTypes = dict[str, tuple[str, tuple[str, ...]]]


def field_types(types: FieldTypes) -> dict[str, str]:
    """The type of each field, by name (what `prepare` needs of them)."""
    return {name: type_ for name, (type_, _) in types.items()}


def clean_film(film: Any, index: int, types: FieldTypes | None = None) -> dict[str, Any]:
    """One film document checked and cleaned; the error names the film (its number, from 0, and
    title) and the field."""
    try:
        return clean_document(film, types)
    except ValidationError as exc:
        title = film.get("title") if isinstance(film, dict) else None
        which = f"film {index + 1}" + (f" ({short_repr(title)})" if isinstance(title, str) else "")
        raise ValidationError(f"{which} {exc.field}", exc.value, exc.reason) from None


def clean_films(films: Sequence[Any], abort: threading.Event | None = None,
                types: FieldTypes | None = None) -> list[dict[str, Any]]:
    """Every film document checked and cleaned, before anything is written; the error names the
    film (its number and title) and the field. `types`: the custom fields' (type, choices) by name."""
    cleaned = []
    for index, film in enumerate(films):
        if abort is not None and abort.is_set():
            raise Cancelled("import cancelled; nothing was added")
        cleaned.append(clean_film(film, index, types))
    return cleaned


def find_duplicates(cat: Catalogue, films: Sequence[Any]) -> list[tuple[int, int]]:
    """(place in `films`, the catalogue's film) for each film of an import already in the
    catalogue: the same external id, else the same title, year and director."""
    index = DuplicateIndex(cat.store)
    found = []
    for number, film in enumerate(films):
        if isinstance(film, dict) and film.get("title"):
            match = index.match({"title": film["title"], "year": film.get("year"),
                                 "external_ids": film.get("external_ids") or [], "credits": film.get("credits") or []})
            if match is not None:
                found.append((number, match))
    return found


def custom_names(film: Any) -> list[str]:
    """The custom field names a raw film document uses."""
    custom = film.get("custom") if isinstance(film, dict) else None
    if not isinstance(custom, dict):
        return []
    return [name.strip() for name in custom if isinstance(name, str) and name.strip()]


def _wanted_fields(cat: Catalogue, definitions: Sequence[Any], films: Iterable[Any] = (),
                   names: Iterable[str] = ()) -> tuple[dict[str, dict[str, Any]], FieldTypes]:
    """The custom fields the documents name (the file's definitions first, any other name as a
    text field), and their (type, choices) by name — the catalogue's own where it has the field.
    `names`: names already gathered from the films. Writes nothing."""
    wanted: dict[str, dict[str, Any]] = {}
    for item in definitions:
        definition = clean_field_definition(item)
        wanted.setdefault(definition["name"], definition)
    for name in [*names, *(n for film in films for n in custom_names(film))]:
        wanted.setdefault(name, {"name": name, "type": "text", "choices": []})
    types: FieldTypes = {c.name: (c.type, c.choices) for c in cat.store.custom.all()}
    for name, definition in wanted.items():
        known = cat.store.custom.find(name)  # documents may spell a name as the file does: the catalogue's wins
        types[name] = (known.type, known.choices) if known is not None else (
            definition["type"], tuple(definition["choices"]))
    return wanted, types


def _define_fields(cat: Catalogue, wanted: dict[str, dict[str, Any]]) -> list[int]:
    """Define the wanted custom fields the catalogue lacks (and new choices of its choice fields);
    returns the ids of the fields this created."""
    created = []
    for name, definition in wanted.items():
        found = cat.store.custom.find(name)
        if found is None:
            created.append(cat.store.custom.insert(name, definition["type"], definition["choices"]))
        elif found.type == "choice" and definition["choices"]:
            extra = [c for c in definition["choices"] if c not in found.choices]
            if extra:
                cat.store.custom.update(found.id, {"choices": [*found.choices, *extra]})
    return created


def import_films(cat: Catalogue, films: Sequence[Any], inbox: Sequence[Any] = (), people: Sequence[Any] = (),
                 abort: threading.Event | None = None, progress: Progress | None = None,
                 description: str = "Import films", fields: Sequence[Any] = (), on_duplicate: str = "skip",
                 decisions: dict[int, str] | None = None, report: Sequence[str] = (),
                 back_up: bool = True, borrowers: Sequence[Any] = ()) -> ImportResult:
    """Add films from documents (catalog.model.documents, without ids), the inbox's pictures,
    people's details and the custom fields the documents use. Everything is checked first: a
    ValidationError or CatalogueError names the film and field, and nothing is written then. A
    film already in the catalogue (the same external id; else the same title, year and director)
    is skipped, merged (it takes what it lacks: empty fields, credits, copies, ids, pictures) or
    kept beside it, by `decisions[index]` or else `on_duplicate`. With `back_up`, a backup is made
    before the catalogue changes (an import is risky work). Undoable as one step."""
    if on_duplicate not in DUPLICATE_ACTIONS:
        raise CatalogueError(f"--on-duplicate must be one of: {', '.join(DUPLICATE_ACTIONS)}")
    wanted, types = _wanted_fields(cat, fields, films)
    docs = clean_films(films, abort, types)
    inbox_entries = [clean_image_entry(entry) for entry in inbox]
    persons = [clean_person(person) for person in people]
    lenders = [clean_borrower(b) for b in borrowers]
    kinds = field_types(types)
    return write_films(cat, [Incoming.of(doc, kinds) for doc in docs], len(docs), wanted, types, inbox_entries,
                       persons, abort, progress, description, on_duplicate, decisions, report, back_up, lenders)


BATCH_FILMS = 500  # new films written together (one executemany per table)


def write_films(cat: Catalogue, films: Iterable[Incoming], total: int, wanted: dict[str, dict[str, Any]],
                types: FieldTypes, inbox_entries: Sequence[dict[str, Any]],
                persons: Sequence[tuple[str, str | None, str | None, dict[str, Any] | None]],
                abort: threading.Event | None = None, progress: Progress | None = None,
                description: str = "Import films", on_duplicate: str = "skip",
                decisions: dict[int, str] | None = None, report: Sequence[str] = (),
                back_up: bool = True, lenders: Sequence[dict[str, Any]] = ()) -> ImportResult:
    """The writing half of `import_films`, for documents already checked, cleaned and prepared
    (`incoming`; they may come one at a time: `films` is read once, `total` of them); `lenders`:
    clean borrowers."""
    decisions = decisions or {}
    kinds = field_types(types)
    if back_up and (total or inbox_entries or persons):
        cat.backups.before("import")
    added: IdSet[int] = IdSet()  # (a run or two of ids: an import of a million films holds no million ints)
    merged: dict[int, Any] = {}  # film id -> its document before the merge
    skipped = 0
    duplicates: list[str] = []
    lent = False  # whether a document brought loans
    with cat.transaction(description) as change:
        new_fields = _define_fields(cat, wanted)
        index = DuplicateIndex(cat.store)
        borrowers_before = {b["id"] for b in cat.store.loans.borrowers()}
        with bulk_load(cat.store) as loader:
            loader.custom = {c.name: (c.id, c.type) for c in cat.store.custom.all()}
            for name in types:
                known = cat.store.custom.find(name)
                if known is not None:
                    loader.custom[name] = (known.id, known.type)
            pending: list[Incoming] = []

            def flush() -> None:
                if pending:
                    unprobed = [film for film in pending if film.prepared.unprobed]
                    _with_phashes(cat, [entry for film in unprobed for entry in film.doc["images"]])
                    added.update(loader.write([film.probed(kinds) if film.prepared.unprobed else film
                                               for film in pending]))
                    pending.clear()

            for number, film in enumerate(films):
                if abort is not None and abort.is_set():
                    raise Cancelled("import cancelled; nothing was added")
                prepared = film.prepared
                lent = lent or prepared.lent
                match = index.match_prepared(prepared) if index else None
                action = decisions.get(number, on_duplicate) if match is not None else "keep"
                if match is not None and action == "skip":
                    skipped += 1
                    duplicates.append(f"{prepared.label}: skipped (already there)")
                elif match is not None and action == "merge":
                    flush()  # the merge writes row by row: the batch goes first
                    _with_phashes(cat, film.doc["images"])
                    if match not in merged and match not in added:
                        merged[match] = cat.films.document(match)
                    merge_into(cat.store, loader, match, film.doc)
                    duplicates.append(f"{prepared.label}: merged into the film already there")
                else:
                    if match is not None:
                        duplicates.append(f"{prepared.label}: kept both")
                    pending.append(film)
                    if len(pending) >= BATCH_FILMS:
                        flush()
                if progress and number % 200 == 0:
                    progress(number, total, prepared.title)
            flush()
            for entry in inbox_entries:
                loader.image(_with_phash(cat, entry), None)
            for name, sort_name, notes, photo in persons:
                photo_id = loader.image(_with_phash(cat, photo), None) if photo else None
                cat.store.people.complete(loader.person(name), sort_name, notes, photo_id)
            for lender in lenders:  # the borrowers' contacts and notes (their loans came with the films)
                lender_id = loader.borrower(lender["name"])
                details = cat.store.loans.borrower(lender_id)
                more = {k: lender[k] for k in ("contact", "notes") if lender[k] and not details[k]}
                cat.store.loans.update_borrower(lender_id, more)
            new_images, new_people, unsorted = loader.new_images, loader.new_people, loader.unsorted
        new_borrowers = sorted({b["id"] for b in cat.store.loans.borrowers()} - borrowers_before)
        change.loans = bool(new_borrowers) or lent
        change.added |= added
        change.updated.update(merged)
        galleries: IdSet[int | None] = IdSet([None, *merged])
        galleries.update(added)
        change.galleries |= galleries
        change.people = True
        change.fields = bool(new_fields)
        change.new_people.extend(new_people)
        # Undo: the films go (their pictures to the inbox), merged films come back as they were, the
        # unsorted pictures the import put on films go back to their places in the inbox, then every
        # picture and custom field this import added goes.
        gone = added | set(merged)
        undo = [step("films.delete", film_runs=gone.plain())] if gone else []
        undo += [step("films.restore", documents=list(merged.values()))] if merged else []
        undo += [step("images.place", placements=unsorted)] if unsorted else []
        undo += [step("images.remove", image_runs=new_images.plain())] if new_images else []
        undo += [step("fields.remove", field_id=f) for f in new_fields]
        undo += [step("loans.forget_borrowers", borrower_ids=new_borrowers)] if new_borrowers else []
        change.undo_with(*undo)
    if progress:
        progress(total, total, "")
    return ImportResult(change, len(added), skipped, len(merged), list(report), duplicates)
