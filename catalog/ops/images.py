"""Use cases on pictures: galleries, the unsorted inbox, posters. Removing a picture from the
catalogue (undo of adding it) never deletes its file; files no row names are swept later."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound, ValidationError
from catalog.model.id_runs import IdSet, run_ids
from catalog.model.kinds import IMAGE_FIELDS
from catalog.model.rows import ImageInfo
from catalog.model.text import plural
from catalog.model.validation import clean
from catalog.ops.change import Change, pack, packed_count, pieces, step, unpacked

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue


class Images:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    # -- reading ------------------------------------------------------------------------------------

    def gallery(self, film_id: int | None) -> list[ImageInfo]:
        """A film's gallery in order; film_id None gives the unsorted inbox."""
        return self.store.images.gallery(film_id)

    def count(self, film_id: int | None) -> int:
        """How many pictures a film's gallery (None: the inbox) holds, without loading them."""
        return self.store.images.count(film_id)

    def get(self, image_id: int) -> ImageInfo:
        return self.store.images.get(image_id)

    def by_sha(self, sha256: str) -> ImageInfo | None:
        row = self.store.images.by_sha(sha256)
        return self.store.images.info(row) if row else None

    def known(self) -> list[tuple[int, str, int | None, str, bool, int | None, str | None, int | None,
                                  int | None, int | None]]:
        """(id, sha256, film_id, name, missing, phash, film title, film year, width, height as shown)
        of every picture."""
        return self.store.images.known()

    def totals(self) -> tuple[int, int]:
        """(how many pictures, how many bytes) the catalogue's store holds."""
        return self.store.images.totals()

    def inbox_ids(self) -> set[int]:
        """The ids of the pictures in the unsorted inbox (on no film, nobody's photo)."""
        return self.store.images.inbox_ids()

    def named(self, sha256: str) -> bool:
        """Whether an image row names this file."""
        return self.store.images.named(sha256)

    # -- adding -------------------------------------------------------------------------------------

    def add_file(self, path: Path, film_id: int | None = None, kind: str = "still",
                 caption: str | None = None) -> Change:
        """Check one picture (full decode), copy it into the store and put it on a film (or the
        inbox). The same file added again changes nothing; the change's `id` is the image's."""
        from catalog.imaging.probe import probe_image

        probe = probe_image(Path(path))
        self.cat.pictures.add_file(Path(path), probe.sha256)
        return self.add_record(
            sha256=probe.sha256, original_name=Path(path).name, original_path=str(Path(path).absolute()),
            width=probe.width, height=probe.height, format=probe.format, bytes=probe.bytes,
            phash=probe.phash, film_id=film_id, kind=kind, caption=caption)

    def add_record(self, *, sha256: str, original_name: str, film_id: int | None, kind: str = "still",
                   original_path: str | None = None, width: int | None = None, height: int | None = None,
                   format: str | None = None, bytes: int | None = None, phash: int | None = None,
                   caption: str | None = None, credit: str | None = None, position: int | None = None,
                   placeholder: bool = False) -> Change:
        """Record a picture whose file is already in the store (or mark it missing). Idempotent on
        the hash: a picture already there keeps its place (completed if its file was missing). A
        poster becomes its film's poster when the film has none, or only a placeholder."""
        values = clean({"kind": kind, "caption": caption, "credit": credit}, IMAGE_FIELDS, partial=False)
        with self.cat.transaction("Add image") as change:
            images = self.store.images
            existing = images.by_sha(sha256)
            if existing is not None:
                change.id = existing["id"]
                if existing["missing"] and self.cat.pictures.has(sha256):
                    images.mark_found(existing["id"], width, height, format, bytes, phash)
                    change.galleries.add(existing["film_id"])
                return change
            if film_id is not None:
                self.store.films.require(film_id)
            change.id = images.insert({
                "film_id": film_id, "kind": values["kind"], "sha256": sha256, "original_name": original_name,
                "original_path": original_path, "width": width, "height": height, "format": format, "bytes": bytes,
                "phash": phash, "caption": values["caption"], "credit": values["credit"], "position": position,
                "placeholder": placeholder})
            change.galleries.add(film_id)
            undo = [step("images.remove", image_ids=[change.id])]
            if film_id is not None and values["kind"] == "poster":
                promoted, before = self._promote_poster(film_id, change.id, placeholder, change)
                if promoted and before is not None:  # removing the new one leaves none: put the old back
                    undo.append(step("images.set_poster", film_id=film_id, image_id=before))
            change.undo_with(*undo)
        return change

    # -- editing ------------------------------------------------------------------------------------

    def update(self, image_id: int, fields: Mapping[str, Any]) -> Change:
        """Change caption, kind or credit."""
        values = clean(fields, IMAGE_FIELDS, partial=True)
        with self.cat.transaction("Edit image") as change:
            before = self.store.images.row(image_id)
            self.store.images.update(image_id, values)
            change.galleries.add(before["film_id"])
            change.undo_with(step("images.update", image_id=image_id, fields={k: before[k] for k in values}))
        return change

    def move(self, image_ids: Iterable[int], film_id: int | None) -> Change:
        """Put pictures on a film (or back in the inbox), at the end of its gallery. A film's poster
        that leaves it is no longer its poster; the inverse puts everything back where it was."""
        image_ids = list(image_ids)
        where = "the inbox" if film_id is None else "a film"
        with self.cat.transaction(f"Move {plural(len(image_ids), 'image')} to {where}") as change:
            if film_id is not None:
                self.store.films.require(film_id)
            rows = [self.store.images.row(i) for i in image_ids]
            end = self.store.images.next_position(film_id)
            self.store.images.place([(row["id"], film_id, end + n) for n, row in enumerate(rows)])
            undo = [step("images.place", placements=[[r["id"], r["film_id"], r["position"]] for r in rows])]
            for row in rows:
                old_film = row["film_id"]
                if old_film is not None and old_film != film_id:
                    if self.store.films.poster(old_film) == row["id"]:
                        self.store.films.set_poster(old_film, None)
                        undo.append(step("images.set_poster", film_id=old_film, image_id=row["id"]))
                    self.cat.films.touch(old_film, change)
                change.galleries.update([old_film, film_id])
            if film_id is not None:
                self.cat.films.touch(film_id, change)
                posters = [r for r in rows if r["kind"] == "poster" and r["film_id"] != film_id]
                for row in sorted(posters, key=lambda r: r["placeholder"])[:1]:  # a real one first
                    promoted, before = self._promote_poster(film_id, row["id"], row["placeholder"], change)
                    if promoted:
                        undo.append(step("images.set_poster", film_id=film_id, image_id=before))
            change.undo_with(*undo)
        return change

    def _promote_poster(self, film_id: int, image_id: int, placeholder: bool,
                        change: Change) -> tuple[bool, int | None]:
        """Make a poster its film's when the film has none, or only a placeholder (a placeholder
        never replaces anything). Returns (whether it did, the poster it replaced or None)."""
        current = self.store.films.poster(film_id)
        if current is not None and (placeholder or not self.store.images.row(current)["placeholder"]):
            return False, current
        self.store.films.set_poster(film_id, image_id)
        self.cat.films.touch(film_id, change)
        return True, current

    def place(self, placements: Sequence[Sequence[Any]]) -> Change:
        """Put pictures at exact places: [image id, film id or None, position] each (undo of a move)."""
        with self.cat.transaction("Move images") as change:
            rows = [self.store.images.row(int(image_id)) for image_id, _, _ in placements]
            self.store.images.place([(int(i), f, int(p)) for i, f, p in placements])
            for row, (_, film_id, _) in zip(rows, placements, strict=True):
                change.galleries.update([row["film_id"], film_id])
                for fid in {row["film_id"], film_id} - {None}:
                    self.cat.films.touch(fid, change)
            change.undo_with(step("images.place", placements=[[r["id"], r["film_id"], r["position"]] for r in rows]))
        return change

    def reorder(self, film_id: int | None, ordered_ids: Sequence[int]) -> Change:
        """A gallery in this order; pictures that left it meanwhile are skipped, newcomers go last."""
        with self.cat.transaction("Reorder images") as change:
            current = [i.id for i in self.store.images.gallery(film_id)]
            present = set(current)
            kept = [i for i in ordered_ids if i in present]
            order = kept + [i for i in current if i not in set(kept)]
            self.store.images.place([(image_id, film_id, position) for position, image_id in enumerate(order)])
            change.galleries.add(film_id)
            change.undo_with(step("images.reorder", film_id=film_id, ordered_ids=current))
        return change

    def set_poster(self, film_id: int, image_id: int | None) -> Change:
        with self.cat.transaction("Set poster") as change:
            self.store.films.require(film_id)
            if image_id is not None and self.store.images.row(image_id)["film_id"] != film_id:
                raise ValidationError("poster", image_id, "is not an image of this film")
            before = self.store.films.poster(film_id)
            self.store.films.set_poster(film_id, image_id)
            self.cat.films.touch(film_id, change)
            change.galleries.add(film_id)
            change.undo_with(step("images.set_poster", film_id=film_id, image_id=before))
        return change

    def remove(self, image_ids: Sequence[int] = (), image_runs: Sequence[Sequence[int]] = ()) -> Change:
        """Take pictures out of the catalogue (undo of adding them); their files stay in the store.
        `image_runs`: more of them as runs of ids ([[first, last], …]: an import's thousands)."""
        if image_runs:
            image_ids = [*image_ids, *run_ids(image_runs)]
        with self.cat.transaction(f"Remove {plural(len(image_ids), 'image')}") as change:
            kept = []
            for piece in pieces(list(image_ids), "pictures"):
                rows = self.store.images.delete(piece)
                self._note_moved(rows, change)
                kept.append(pack(rows))
            change.undo_with(step("images.restore", packed=kept))
        return change

    def restore(self, rows: Sequence[Mapping[str, Any]] = (), packed: Sequence[Mapping[str, Any]] = ()) -> Change:
        """Undo of `remove`: the same rows back, with their posters and photos (`packed`: as
        `remove` keeps them)."""
        count = len(rows) + sum(packed_count(p) for p in packed)
        with self.cat.transaction(f"Add {plural(count, 'image')}") as change:
            ids: list[int] = []
            for piece in itertools.chain([rows], unpacked(packed, "pictures")):
                if again := self.store.images.named_among([row["sha256"] for row in piece]):
                    name = next(row["original_name"] for row in piece if row["sha256"] in again)
                    raise NotFound(f"the picture {name} is in the catalogue again")
                self.store.images.restore(piece)
                self._note_moved(piece, change)
                ids += [row["id"] for row in piece]
            change.undo_with(step("images.remove", image_runs=IdSet(ids).plain()))
        return change

    def _note_moved(self, rows: Sequence[Mapping[str, Any]], change: Change) -> None:
        """Note in `change` the galleries, posters and photos that image rows leaving or coming back touch."""
        for row in rows:
            change.galleries.add(row["film_id"])
            for film_id in {row["film_id"], *row.get("poster_of", ())} - {None}:
                self.cat.films.touch(film_id, change)
            change.people = change.people or bool(row.get("photo_of"))
