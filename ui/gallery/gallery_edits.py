"""The gallery's edits, each one undoable command through `ui.undo.push`, and the job that adds
dropped image files. Functions take the values they need (no widgets), so the pane stays thin.

Undo never deletes a file: removing or un-adding an image sends it to the unsorted inbox."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog import Catalogue, CatalogueError
from catalog.imaging import probe as imaging
from ui.context import AppContext
from ui.undo import push

Rejected = list[tuple[str, str]]  # (file name, reason)
AddResult = tuple[int | None, list[int], Rejected]  # film (None: inbox), new image ids, files not added


def count(n: int, noun: str = "picture") -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def set_poster(context: AppContext, film: int, image_id: int, before: int | None) -> None:
    cat = context.catalogue
    push(context, "Set poster", lambda: cat.set_poster(film, image_id), lambda: cat.set_poster(film, before))


def edit_image(context: AppContext, image_id: int, values: dict[str, Any]) -> None:
    """Change caption/kind/credit; undo restores the values before. No-op when nothing changes."""
    cat = context.catalogue
    info = cat.image(image_id)
    before = {key: getattr(info, key) for key in values}
    if before != values:
        push(context, "Edit image", lambda: cat.update_image(image_id, values),
             lambda: cat.update_image(image_id, before))


def remove_images(context: AppContext, film: int, ids: list[int], order: list[int], poster: int | None) -> None:
    """Send images to the inbox; undo puts them back where they were (and the poster back)."""
    cat = context.catalogue

    def undo() -> None:
        cat.move_images(ids, film)
        restore_order(cat, film, order)
        if poster in ids:
            cat.set_poster(film, poster)

    text = "Remove image from film" if len(ids) == 1 else f"Remove {len(ids)} images from film"
    push(context, text, lambda: cat.move_images(ids, None), undo)


def reorder(context: AppContext, film: int | None, old: list[int], new: list[int]) -> None:
    if new != old:
        cat = context.catalogue
        push(context, "Reorder images", lambda: cat.reorder_images(film, new),
             lambda: restore_order(cat, film, old))


def push_added(context: AppContext, film: int | None, added: list[int]) -> None:
    """Record an add that already happened (on a worker): undo sends the images to the inbox."""
    cat, first = context.catalogue, [True]

    def redo() -> None:
        if first[0]:
            first[0] = False
        else:
            cat.move_images(added, film)

    push(context, f"Add {count(len(added))}", redo, lambda: cat.move_images(added, None))


def add_files_job(cat: Catalogue, files: list[str], film: int | None
                  ) -> Callable[[threading.Event, Callable[[int, int, str], None]], AddResult]:
    """A TaskRunner job adding image files one by one; a bad file is noted and the rest go on.
    Files already in the catalogue are not added again (and not moved)."""

    def job(abort: threading.Event, progress: Callable[[int, int, str], None]) -> AddResult:
        added: list[int] = []
        rejected: Rejected = []
        with cat.db.connection_context():  # this pool thread's own connection, closed at the end
            for n, path in enumerate(files):
                if abort.is_set():
                    break
                name = Path(path).name
                progress(n, len(files), name)
                try:
                    known = cat.image_by_sha(imaging.sha256_file(Path(path)))
                    if known is not None and not known.missing:
                        rejected.append((name, "already in the catalogue"))
                        continue
                    added.append(cat.add_image_file(Path(path), film))
                except imaging.ImageRejected as exc:
                    rejected.append((name, exc.reason))
                except CatalogueError as exc:
                    rejected.append((name, str(exc)))
                except OSError as exc:
                    rejected.append((name, exc.strerror or str(exc)))
                except Exception as exc:  # one bad file must not stop the others
                    rejected.append((name, f"could not be added ({type(exc).__name__}: {exc})"))
        return film, added, rejected

    return job


def restore_order(cat: Catalogue, film: int | None, order: list[int]) -> None:
    """Put a gallery back in `order`; images that have left since are skipped, newcomers go last."""
    current = [info.id for info in cat.images(film)]
    present = set(current)
    kept = [i for i in order if i in present]
    cat.reorder_images(film, kept + [i for i in current if i not in set(kept)])
