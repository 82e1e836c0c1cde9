"""The gallery's edits, each one use case whose change goes on the undo stack, and the job that
adds dropped image files. Functions take the values they need (no widgets), so the pane stays thin.

Undoing an add takes the pictures out of the catalogue again (their files stay in the store and
the user's own files are never touched); removing a picture from a film sends it to Unsorted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog import Catalogue, CatalogueError, Change
from catalog.model.text import plural
from ui.context import AppContext

Rejected = list[tuple[str, str]]  # (file name, reason)
AddResult = tuple[int | None, Change, list[int], Rejected]  # film (None: inbox), change, new image ids, not added


def count(n: int, noun: str = "picture") -> str:
    return plural(n, noun)


def set_poster(context: AppContext, film: int, image_id: int) -> None:
    context.do(lambda: context.catalogue.images.set_poster(film, image_id))


def edit_image(context: AppContext, image_id: int, values: dict[str, Any]) -> None:
    """Change caption/kind/credit. No-op when nothing changes."""
    cat = context.catalogue
    info = cat.images.get(image_id)
    if {key: getattr(info, key) for key in values} != values:
        context.do(lambda: cat.images.update(image_id, values))


def remove_images(context: AppContext, ids: list[int]) -> None:
    """Send images to the inbox; undo puts them back where they were (and the poster back)."""
    change = context.catalogue.images.move(ids, None)
    change.description = "Remove image from film" if len(ids) == 1 else f"Remove {len(ids)} images from film"
    context.record(change)


def reorder(context: AppContext, film: int | None, old: list[int], new: list[int]) -> None:
    if new != old:
        context.do(lambda: context.catalogue.images.reorder(film, new))


def dropped_kind(path: Path) -> str:
    """A dropped file's kind when its name is one of Kodi's artwork names ("poster.jpg",
    "Whiplash-poster.jpg", "fanart2.jpg"); "still" otherwise ("mia poster.png" is a still). A poster
    dropped on a film with none, or only a placeholder, becomes its poster."""
    from catalog.formats.folder.naming import ARTWORK_WORDS, artwork_kind  # (the folder readers: 5 ms of start-up)

    stem = path.stem.casefold()
    word = stem.rsplit("-", 1)[-1].rstrip("0123456789")
    if word not in ARTWORK_WORDS:
        return "still"
    kind = artwork_kind(path, path.parent)
    return kind if kind is not None and kind != "person" else "still"


def add_files_job(cat: Catalogue, files: list[str], film: int | None
                  ) -> Callable[[threading.Event, Callable[[int, int, str], None]], AddResult]:
    """A TaskRunner job adding image files one by one; a bad file is noted and the rest go on.
    Files already in the catalogue are not added again (and not moved)."""

    def job(abort: threading.Event, progress: Callable[[int, int, str], None]) -> AddResult:
        from catalog.imaging import probe as imaging  # (Pillow: not at start-up)

        added: list[int] = []
        rejected: Rejected = []
        total = Change(f"Add {count(len(files))}")
        for n, path in enumerate(files):
            if abort.is_set():
                break
            name = Path(path).name
            progress(n, len(files), name)
            try:
                known = cat.images.by_sha(imaging.sha256_file(Path(path)))
                if known is not None and not known.missing:
                    rejected.append((name, "already in the catalogue"))
                    continue
                change = cat.images.add_file(Path(path), film, dropped_kind(Path(path)))
                total.merge(change)
                assert change.id is not None
                added.append(change.id)
            except imaging.ImageRejected as exc:
                rejected.append((name, exc.reason))
            except CatalogueError as exc:
                rejected.append((name, str(exc)))
            except OSError as exc:
                rejected.append((name, exc.strerror or str(exc)))
            except Exception as exc:  # one bad file must not stop the others
                rejected.append((name, f"could not be added ({type(exc).__name__}: {exc})"))
        total.description = f"Add {count(len(added))}"
        return film, total, added, rejected

    return job
