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

from catalog.errors import CatalogueError, ValidationError
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


def import_films(cat: Catalogue, films: Sequence[Any], inbox: Sequence[Any] = (), people: Sequence[Any] = (),
                 abort: threading.Event | None = None, progress: Progress | None = None,
                 description: str = "Import films") -> ImportResult:
    """Add films from documents (catalog.model.documents, without ids), the inbox's pictures and
    people's details. Raises ValidationError or CatalogueError naming the film and field; nothing
    is added then."""
    added: list[int] = []
    new_images: list[int] = []
    with cat.transaction(description) as change:
        existing = cat.store.films.title_years()
        people_before = cat.store.people.ids()
        with bulk_load(cat.store) as loader:
            before = set(loader.images)
            for index, film in enumerate(films):
                if abort is not None and abort.is_set():
                    raise CatalogueError("import cancelled; nothing was added")
                try:
                    doc = clean_document(film)
                except ValidationError as exc:
                    title = film.get("title") if isinstance(film, dict) else None
                    raise ValidationError(f"film {index + 1} ({str(title)[:80]!r}) {exc.field}", exc.value,
                                          exc.reason) from None
                doc["images"] = [_with_phash(cat, i) for i in doc["images"]]
                key = (title_key(doc["title"]), doc["year"])
                if key in existing:  # there before this import (the file itself may hold remakes)
                    continue
                added.append(loader.film(doc))
                if progress and index % 500 == 0:
                    progress(index, len(films), doc["title"])
            for entry in inbox:
                loader.image(_with_phash(cat, clean_image_entry(entry)), None)
            for person in people:
                if not isinstance(person, dict):
                    raise ValidationError("person", str(person)[:40], "is not an object")
                name = text(required=True, max_len=300)("person", person.get("name"))
                assert name is not None
                photo = person.get("photo")
                photo_id = loader.image(_with_phash(cat, clean_image_entry(photo)), None) if photo else None
                cat.store.people.complete(loader.person(name), text(max_len=300)("sort_name", person.get("sort_name")),
                                          text()("notes", person.get("notes")), photo_id)
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
