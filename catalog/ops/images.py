"""Use cases on pictures: galleries, the unsorted inbox, posters, the store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from peewee import Expression, fn

from catalog.errors import NotFound, ValidationError
from catalog.model.dates import now
from catalog.model.rows import ImageInfo
from catalog.model.validation import RECORD_FIELDS, clean
from catalog.ops.changes import ChangeSet
from catalog.store import tables as m


class ImagesMixin:
    """Part of Catalogue (see catalog/catalogue.py for the transaction rules)."""

    # -- images -----------------------------------------------------------------------------------

    @staticmethod
    def _gallery(film_id: int | None) -> Expression:
        """Which images make a film's gallery, or the inbox."""
        if film_id is None:  # the inbox: no film, and not somebody's photo
            photos = m.Person.select(m.Person.photo).where(m.Person.photo.is_null(False))
            return m.Image.film.is_null() & m.Image.id.not_in(photos)
        return m.Image.film == film_id

    def images(self, film_id: int | None) -> list[ImageInfo]:
        """A film's gallery in order; film_id None gives the unsorted inbox."""
        self._bind()
        query = m.Image.select().where(self._gallery(film_id)).order_by(m.Image.position, m.Image.id)
        return [self._image_info(row) for row in query]

    def image_count(self, film_id: int | None) -> int:
        """How many pictures a film's gallery (None: the inbox) holds, without loading them."""
        self._bind()
        return m.Image.select().where(self._gallery(film_id)).count()

    def image(self, image_id: int) -> ImageInfo:
        self._bind()
        row = m.Image.get_or_none(m.Image.id == image_id)
        if row is None:
            raise NotFound(f"no image with id {image_id}")
        return self._image_info(row)

    def image_by_sha(self, sha256: str) -> ImageInfo | None:
        self._bind()
        row = m.Image.get_or_none(m.Image.sha256 == sha256)
        return self._image_info(row) if row else None

    def _image_info(self, row: m.Image) -> ImageInfo:
        path = None if row.missing else str(self.store.path_for(row.sha256))
        return ImageInfo(row.id, row.film_id, row.kind, row.sha256, row.original_name, row.width, row.height,
                         row.format, row.bytes, row.caption, row.credit, row.position, row.missing, path)

    def add_image_file(self, path: Path, film_id: int | None = None, kind: str = "still",
                       caption: str | None = None) -> int:
        """Check one picture (full decode), copy it into the store and put it on a film (or the
        inbox). The same file added again returns the existing image."""
        from catalog.imaging.probe import probe_image

        probe = probe_image(Path(path))
        self.store.add_file(Path(path), probe.sha256)
        return self.add_image_record(
            sha256=probe.sha256, original_name=Path(path).name, original_path=str(Path(path).absolute()),
            width=probe.width, height=probe.height, format=probe.format, bytes=probe.bytes,
            phash=probe.phash, film_id=film_id, kind=kind, caption=caption)

    def add_image_record(self, *, sha256: str, original_name: str, film_id: int | None, kind: str = "still",
                         original_path: str | None = None, width: int | None = None,
                         height: int | None = None, format: str | None = None, bytes: int | None = None,
                         phash: int | None = None, caption: str | None = None, credit: str | None = None,
                         position: int | None = None, changes: ChangeSet | None = None) -> int:
        """Record an image whose file is already in the store (or mark it missing). Idempotent on
        the hash: an existing image keeps its place and is completed if its file was missing."""
        values = clean({"kind": kind, "caption": caption, "credit": credit}, RECORD_FIELDS["image"],
                       partial=False)
        sql_phash = None if phash is None else m.phash_to_sql(phash)
        # Raw SQL: an import records thousands of these, and peewee's query building was most of
        # the cost on the importing thread.
        with self.transaction(changes or ChangeSet("Add image")) as changes:
            missing = not self.store.has(sha256)
            existing = self.db.execute_sql("SELECT id, film_id, missing FROM image WHERE sha256 = ?",
                                           (sha256,)).fetchone()
            if existing is not None:
                image_id, old_film, was_missing = existing
                if was_missing and not missing:
                    self.db.execute_sql(
                        "UPDATE image SET missing = 0, width = coalesce(?, width), height = coalesce(?, height), "
                        "format = coalesce(?, format), bytes = coalesce(?, bytes), phash = coalesce(?, phash) "
                        "WHERE id = ?", (width, height, format, bytes, sql_phash, image_id))
                    changes.galleries.add(old_film)
                return image_id
            if film_id is not None and not self.db.execute_sql(
                    "SELECT 1 FROM film WHERE id = ?", (film_id,)).fetchone():
                raise NotFound(f"no film with id {film_id}")
            if position is None:
                position = self.db.execute_sql(
                    "SELECT coalesce(max(position) + 1, 0) FROM image WHERE film_id IS ?", (film_id,)).fetchone()[0]
            image_id = self.db.execute_sql(
                "INSERT INTO image (film_id, kind, sha256, original_name, original_path, width, height, format, "
                "bytes, phash, caption, credit, position, missing, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (film_id, values["kind"], sha256, original_name, original_path, width, height, format, bytes,
                 sql_phash, values["caption"], values["credit"], position, missing, now())).lastrowid
            changes.galleries.add(film_id)
            if film_id is not None and values["kind"] == "poster":
                self.db.execute_sql("UPDATE film SET poster_id = ? WHERE id = ? AND poster_id IS NULL",
                                    (image_id, film_id))
                self._touch(film_id, changes)
        return image_id

    def update_image(self, image_id: int, fields: Mapping[str, Any]) -> None:
        values = clean(fields, RECORD_FIELDS["image"], partial=True)
        with self.transaction(ChangeSet("Edit image")) as changes:
            info = self.image(image_id)
            m.Image.update(**values).where(m.Image.id == image_id).execute()
            changes.galleries.add(info.film_id)

    def move_images(self, image_ids: Iterable[int], film_id: int | None) -> dict[int, int | None]:
        """Put images on a film (or back in the inbox), at the end of its gallery. Returns where each
        image was before, for undo. A film's poster that leaves it is no longer its poster."""
        image_ids = list(image_ids)
        before: dict[int, int | None] = {}
        with self.transaction(ChangeSet("Move images")) as changes:
            if film_id is not None:
                self._film(film_id)
            target = m.Image.film.is_null() if film_id is None else m.Image.film == film_id
            end = m.Image.select(fn.COALESCE(fn.MAX(m.Image.position) + 1, 0)).where(target).scalar()
            for offset, image_id in enumerate(image_ids):
                info = self.image(image_id)
                before[image_id] = info.film_id
                m.Image.update(film=film_id, position=end + offset).where(m.Image.id == image_id).execute()
                if info.film_id is not None and info.film_id != film_id:
                    m.Film.update(poster=None).where(
                        (m.Film.id == info.film_id) & (m.Film.poster == image_id)).execute()
                    self._touch(info.film_id, changes)
                changes.galleries.update([info.film_id, film_id])
            if film_id is not None:
                self._touch(film_id, changes)
        return before

    def reorder_images(self, film_id: int | None, ordered_ids: list[int]) -> None:
        with self.transaction(ChangeSet("Reorder images")) as changes:
            for position, image_id in enumerate(ordered_ids):
                m.Image.update(position=position).where(m.Image.id == image_id).execute()
            changes.galleries.add(film_id)

    def set_poster(self, film_id: int, image_id: int | None) -> None:
        with self.transaction(ChangeSet("Set poster")) as changes:
            self._film(film_id)
            if image_id is not None and self.image(image_id).film_id != film_id:
                raise ValidationError("poster", image_id, "is not an image of this film")
            m.Film.update(poster=image_id).where(m.Film.id == film_id).execute()
            self._touch(film_id, changes)
            changes.galleries.add(film_id)

    def sweep_store(self) -> int:
        """Delete stored files no image names (left by an interrupted import). Run at start."""
        known = [r[0] for r in self._query("SELECT sha256 FROM image")]
        return len(self.store.sweep(known))
