"""The whole catalogue as plain data, and films from plain data: the use cases behind the JSON
export and import (the file format itself is catalog.formats.json_catalogue) and the demo.

An import is one transaction: people are merged by name, a film already there (same title and
year) is skipped, pictures whose files are not in the store are kept as rows marked missing, and
cancelling or a refused value leaves the catalogue as it was. It is undoable as one step."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, ValidationError, short_repr
from catalog.model.text import plural, title_key
from catalog.model.validation import text
from catalog.ops.change import Change, step
from catalog.ops.documents import clean_document, clean_image_entry
from catalog.store.bulk import bulk_load

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

Progress = Callable[[int, int, str], None]


@dataclass
class ImportResult:
    change: Change
    films: int      # films added
    skipped: int    # films that were there already

    def summary(self) -> str:
        """'3 films (2 already there)'."""
        return plural(self.films, "film") + (f" ({self.skipped:,} already there)" if self.skipped else "")


def export_films(cat: Catalogue) -> dict[str, Any]:
    """Every film, the unsorted inbox and people's details as plain data (no database ids)."""
    return cat.store.documents.export()


def _with_phash(cat: Catalogue, entry: dict[str, Any]) -> dict[str, Any]:
    """A stored picture's entry with its perceptual hash (older exports carry none), so that every
    picture takes part in near-duplicate detection."""
    if entry["phash"] is None and cat.pictures.has(entry["sha256"]):
        from catalog.imaging.probe import ImageRejected, probe_image

        with contextlib.suppress(ImageRejected):
            entry["phash"] = probe_image(cat.pictures.path_for(entry["sha256"])).phash
    return entry


def _clean_person(person: Any) -> tuple[str, str | None, str | None, dict[str, Any] | None]:
    if not isinstance(person, dict):
        raise ValidationError("person", person, "is not an object")
    name = text(required=True, max_len=300)("person", person.get("name"))
    assert name is not None
    photo = person.get("photo")
    return (name, text(max_len=300)("sort_name", person.get("sort_name")), text()("notes", person.get("notes")),
            clean_image_entry(photo) if photo else None)


def clean_films(films: Sequence[Any], abort: threading.Event | None = None) -> list[dict[str, Any]]:
    """Every film document checked and cleaned, before anything is written; the error names the
    film (its number and title) and the field."""
    cleaned = []
    for index, film in enumerate(films):
        if abort is not None and abort.is_set():
            raise CatalogueError("import cancelled; nothing was added")
        try:
            cleaned.append(clean_document(film))
        except ValidationError as exc:
            title = film.get("title") if isinstance(film, dict) else None
            which = f"film {index + 1}" + (f" ({short_repr(title)})" if isinstance(title, str) else "")
            raise ValidationError(f"{which} {exc.field}", exc.value, exc.reason) from None
    return cleaned


def import_films(cat: Catalogue, films: Sequence[Any], inbox: Sequence[Any] = (), people: Sequence[Any] = (),
                 abort: threading.Event | None = None, progress: Progress | None = None,
                 description: str = "Import films", back_up: bool = True) -> ImportResult:
    """Add films from documents (catalog.model.documents, without ids), the inbox's pictures and
    people's details. Everything is checked first: a ValidationError or CatalogueError names the
    film and field, and nothing is written then. With `back_up`, a backup is made before the
    catalogue changes (an import is risky work)."""
    added: list[int] = []
    new_images: list[int] = []
    docs = clean_films(films, abort)
    inbox_entries = [clean_image_entry(entry) for entry in inbox]
    persons = [_clean_person(person) for person in people]
    if back_up and (docs or inbox_entries or persons):
        cat.backups.before("import")
    with cat.transaction(description) as change:
        existing = cat.store.films.title_years()
        people_before = cat.store.people.ids()
        with bulk_load(cat.store) as loader:
            before = set(loader.images)
            for index, doc in enumerate(docs):
                if abort is not None and abort.is_set():
                    raise CatalogueError("import cancelled; nothing was added")
                doc["images"] = [_with_phash(cat, i) for i in doc["images"]]
                key = (title_key(doc["title"]), doc["year"])
                if key in existing:  # there before this import (the file itself may hold remakes)
                    continue
                added.append(loader.film(doc))
                if progress and index % 500 == 0:
                    progress(index, len(films), doc["title"])
            for entry in inbox_entries:
                loader.image(_with_phash(cat, entry), None)
            for name, sort_name, notes, photo in persons:
                photo_id = loader.image(_with_phash(cat, photo), None) if photo else None
                cat.store.people.complete(loader.person(name), sort_name, notes, photo_id)
            new_images = [i for sha, (i, _) in loader.images.items() if sha not in before]
        change.added.update(added)
        change.galleries.update([None, *added])
        change.people = True
        change.new_people = sorted(cat.store.people.ids() - people_before)
        # Undo: the films go (their pictures to the inbox), then every picture this import added.
        undo = [step("films.delete", film_ids=added)] if added else []
        undo += [step("images.remove", image_ids=new_images)] if new_images else []
        change.undo_with(*undo)
    if progress:
        progress(len(films), len(films), "")
    return ImportResult(change, len(added), len(films) - len(added))
