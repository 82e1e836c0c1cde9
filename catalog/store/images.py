"""Image rows: a film's gallery (or the unsorted inbox), posters and people's photos point at them.
The one write path of the `image` table: every stored picture gets its perceptual hash here,
whichever way it came in (a folder import, a dropped file, a JSON import, the demo)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.dates import now
from catalog.model.rows import ImageInfo
from catalog.store.chunks import in_chunks, placeholders

if TYPE_CHECKING:
    from catalog.store import Store

_U64 = 1 << 64


def phash_to_sql(phash: int) -> int:
    """SQLite integers are signed 64-bit: store the unsigned 64-bit hash as its two's complement."""
    return phash - _U64 if phash >= 1 << 63 else phash


def phash_from_sql(value: int) -> int:
    return value & (_U64 - 1)


COLUMNS = ("id", "film_id", "kind", "sha256", "original_name", "original_path", "width", "height", "format",
           "bytes", "phash", "caption", "credit", "position", "missing", "added_at", "placeholder", "copy_id")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM image"
_GALLERY = "film_id = ?"
# The inbox: no film, and not somebody's photo.
_INSERT = f"INSERT INTO image ({', '.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})"
_INBOX = "film_id IS NULL AND id NOT IN (SELECT photo_id FROM person WHERE photo_id IS NOT NULL)"


def _row(values: tuple) -> dict[str, Any]:
    row = dict(zip(COLUMNS, values, strict=True))
    row["missing"] = bool(row["missing"])
    row["placeholder"] = bool(row["placeholder"])
    if row["phash"] is not None:
        row["phash"] = phash_from_sql(row["phash"])
    return row


class ImageTable:
    def __init__(self, store: Store) -> None:
        self.store = store

    def info(self, row: Mapping[str, Any]) -> ImageInfo:
        path = None
        if not row["missing"]:
            with contextlib.suppress(ValueError):  # a hash that names no file of the store
                path = str(self.store.pictures.path_for(row["sha256"]))
        return ImageInfo(row["id"], row["film_id"], row["kind"], row["sha256"], row["original_name"], row["width"],
                         row["height"], row["format"], row["bytes"], row["caption"], row["credit"], row["position"],
                         row["missing"], path, row["original_path"], row["placeholder"], row["copy_id"])

    def _where(self, film_id: int | None) -> tuple[str, tuple]:
        return (_INBOX, ()) if film_id is None else (_GALLERY, (film_id,))

    # -- reading ------------------------------------------------------------------------------------

    def rows(self, where: str = "1", params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [_row(r) for r in self.store.rows(f"{_SELECT} WHERE {where} ORDER BY film_id, position, id", params)]

    def gallery(self, film_id: int | None) -> list[ImageInfo]:
        """A film's gallery in order; film_id None gives the unsorted inbox."""
        where, params = self._where(film_id)
        return [self.info(r) for r in self.rows(where, params)]

    def galleries(self, film_ids: Sequence[int]) -> list[ImageInfo]:
        """The galleries of some films (a chunk: catalog.store.chunks), by film, each in order."""
        return [self.info(r) for r in self.rows(f"film_id IN ({placeholders(film_ids)})", tuple(film_ids))]

    def count(self, film_id: int | None) -> int:
        where, params = self._where(film_id)
        return self.store.scalar(f"SELECT count(*) FROM image WHERE {where}", params)

    def row(self, image_id: int) -> dict[str, Any]:
        rows = self.rows("id = ?", (image_id,))
        if not rows:
            raise NotFound(f"no image with id {image_id}")
        return rows[0]

    def get(self, image_id: int) -> ImageInfo:
        return self.info(self.row(image_id))

    def by_sha(self, sha256: str) -> dict[str, Any] | None:
        rows = self.rows("sha256 = ?", (sha256,))
        return rows[0] if rows else None

    def next_position(self, film_id: int | None) -> int:
        return self.store.scalar("SELECT coalesce(max(position) + 1, 0) FROM image WHERE film_id IS ?", (film_id,))

    def known(self) -> list[tuple[int, str, int | None, str, bool, int | None, str | None, int | None,
                                  int | None, int | None]]:
        """(id, sha256, film_id, name, missing, phash, film title, film year, width, height as shown)
        of every picture, in one query (an import compares each new picture with all of them)."""
        return [(i, sha, film, name, bool(missing), None if phash is None else phash_from_sql(phash), title, year,
                 width, height)
                for i, sha, film, name, missing, phash, title, year, width, height in self.store.rows(
                    "SELECT i.id, i.sha256, i.film_id, i.original_name, i.missing, i.phash, f.title, f.year, "
                    "i.width, i.height FROM image i LEFT JOIN film f ON f.id = i.film_id ORDER BY i.id")]

    def totals(self) -> tuple[int, int]:
        """(pictures, their bytes) of the pictures whose files are in the store."""
        row = self.store.one("SELECT count(*), coalesce(sum(bytes), 0) FROM image WHERE missing = 0")
        return (row[0], row[1]) if row else (0, 0)

    def inbox_ids(self) -> set[int]:
        return {r[0] for r in self.store.rows(f"SELECT id FROM image WHERE {_INBOX}")}

    def named_among(self, shas: Sequence[str]) -> set[str]:
        """Those of `shas` that an image row names (asked 500 at a time)."""
        found: set[str] = set()
        for chunk, marks in in_chunks(shas):
            found.update(r[0] for r in self.store.rows(f"SELECT sha256 FROM image WHERE sha256 IN ({marks})", chunk))
        return found

    def named(self, sha256: str) -> bool:
        return self.store.one("SELECT 1 FROM image WHERE sha256 = ?", (sha256,)) is not None

    # -- writing ------------------------------------------------------------------------------------

    def insert(self, values: Mapping[str, Any], image_id: int | None = None) -> int:
        """A new image row. `values` names COLUMNS (phash as the unsigned 64-bit hash or None);
        `missing` defaults to whether the store lacks the file, `position` to the gallery's end."""
        return self.store.insert(_INSERT, self._columns(values, image_id))

    def _columns(self, values: Mapping[str, Any], image_id: int | None) -> tuple[Any, ...]:
        row: dict[str, Any] = {name: values.get(name) for name in COLUMNS}
        row["id"] = image_id
        if row["missing"] is None:
            row["missing"] = not self.store.pictures.has(row["sha256"])
        if row["position"] is None:
            row["position"] = self.next_position(row["film_id"])
        row["original_name"] = row["original_name"] or ""
        row["kind"] = row["kind"] or "still"
        row["placeholder"] = bool(row["placeholder"])
        row["added_at"] = row["added_at"] or now()
        if row["phash"] is not None:
            row["phash"] = phash_to_sql(row["phash"])
        return tuple(row.values())

    def mark_found(self, image_id: int, width: int | None, height: int | None, format: str | None,
                   bytes: int | None, phash: int | None) -> None:
        """A picture recorded as missing whose file is back in the store."""
        self.store.execute(
            "UPDATE image SET missing = 0, width = coalesce(?, width), height = coalesce(?, height), "
            "format = coalesce(?, format), bytes = coalesce(?, bytes), phash = coalesce(?, phash) WHERE id = ?",
            (width, height, format, bytes, None if phash is None else phash_to_sql(phash), image_id))

    def set_copy(self, image_id: int, copy_id: int | None) -> None:
        """Say which copy a picture shows (None: the film itself)."""
        self.store.execute("UPDATE image SET copy_id = ? WHERE id = ?", (copy_id, image_id))

    def set_phash(self, image_id: int, phash: int) -> None:
        self.store.execute("UPDATE image SET phash = ? WHERE id = ?", (phash_to_sql(phash), image_id))

    def update(self, image_id: int, values: Mapping[str, Any]) -> None:
        """Change kind, caption, credit or copy_id."""
        self.store.update_row("image", image_id, values)

    def place(self, placements: Iterable[tuple[int, int | None, int]]) -> None:
        """Put images (image id, film id or None, position) where they belong."""
        self.store.execute_many("UPDATE image SET film_id = ?, position = ? WHERE id = ?",
                                [(film, position, image) for image, film, position in placements])

    def delete(self, image_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Remove image rows (never their files); returns them as they were, with the films whose
        poster and the people whose photo each one was (`poster_of`, `photo_of`), for `restore`."""
        gone = []
        for chunk, marks in in_chunks(image_ids):
            rows = {row["id"]: row for row in self.rows(f"id IN ({marks})", chunk)}
            if missing := next((i for i in chunk if i not in rows), None):
                raise NotFound(f"no image with id {missing}")
            for row in rows.values():
                row["poster_of"], row["photo_of"] = [], []
            for image_id, film_id in self.store.rows(
                    f"SELECT poster_id, id FROM film WHERE poster_id IN ({marks}) ORDER BY id", chunk):
                rows[image_id]["poster_of"].append(film_id)
            for image_id, person_id in self.store.rows(
                    f"SELECT photo_id, id FROM person WHERE photo_id IN ({marks}) ORDER BY id", chunk):
                rows[image_id]["photo_of"].append(person_id)
            gone += [rows[i] for i in chunk]
            self.store.execute(f"UPDATE film SET poster_id = NULL WHERE poster_id IN ({marks})", chunk)
            self.store.execute(f"UPDATE person SET photo_id = NULL WHERE photo_id IN ({marks})", chunk)
            self.store.execute(f"DELETE FROM image WHERE id IN ({marks})", chunk)
        return gone

    def restore(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Put back rows `delete` returned (the same ids, posters and photos)."""
        rows = list(rows)
        self.store.execute_many(_INSERT, [
            self._columns({**row, "missing": not self.store.pictures.has(row["sha256"])}, row["id"]) for row in rows])
        self.store.execute_many("UPDATE film SET poster_id = ? WHERE id = ?",
                                [(row["id"], film_id) for row in rows for film_id in row.get("poster_of") or ()])
        self.store.execute_many("UPDATE person SET photo_id = ? WHERE id = ?",
                                [(row["id"], person_id) for row in rows for person_id in row.get("photo_of") or ()])
