"""The catalogue: every use case a user has, each one transaction, each telling its listeners what
changed. The window and the command line use only this object (and the plain values it returns)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase, fn

from . import models as m
from . import search
from .changes import ChangeSet
from .database import connect
from .domain import FilmRow, ImageInfo, PersonFilm, PersonInfo
from .errors import NotFound, ValidationError
from .image_store import ImageStore, media_dir_for
from .text import name_key, sort_key
from .validation import COMPANY_ROLES, CREDIT_ROLES, FILM_FIELDS, RECORD_FIELDS, choice, clean, text

RECORD_MODELS: dict[str, type[m.BaseModel]] = {
    "video": m.Video, "review": m.Review, "release": m.Release, "article": m.Article, "award": m.Award,
}
SORT_COLUMNS = {
    "title": "f.sort_key", "year": "f.year", "directors": "f.directors_key", "runtime": "f.runtime_min",
    "rating": "f.rating", "videos": "f.video_count", "added": "f.created_at",
}
Listener = Callable[[ChangeSet], None]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_catalogue(path: Path | str) -> Catalogue:
    """Open the catalogue at `path`, creating an empty one when the file does not exist."""
    return Catalogue(Path(path))


class Catalogue:
    """Use cases over one catalogue file. Reads may run on any thread (peewee keeps one connection
    per thread); writes are short transactions, serialised by SQLite (WAL, busy timeout)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).absolute()
        self.db: SqliteDatabase = connect(self.path)
        self.store = ImageStore(media_dir_for(self.path))
        self.listeners: list[Listener] = []
        self._local = threading.local()
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._bind()

    # -- plumbing ---------------------------------------------------------------------------------

    def _bind(self) -> None:
        if m.Film._meta.database is not self.db:
            m.database_proxy.initialize(self.db)
            for model in m.ALL_MODELS:
                model._meta.database = self.db

    @contextmanager
    def transaction(self, changes: ChangeSet | None = None) -> Iterator[ChangeSet]:
        """One use case: everything inside is committed together or not at all. Nested use cases
        join the outer one; listeners hear of the whole change once, after the commit."""
        self._bind()
        changes = changes if changes is not None else ChangeSet()
        stack: list[ChangeSet] = self._local.__dict__.setdefault("stack", [])
        if stack:
            with self.db.atomic():
                yield changes
            stack[-1].merge(changes)
            return
        stack.append(changes)
        try:
            with self.db.atomic():
                yield changes
                touched = changes.added | changes.updated
                if touched:
                    self._refresh_summaries(touched)
                    search.reindex(self.db, touched)
                if changes.removed:
                    search.unindex(self.db, changes.removed)
        finally:
            stack.pop()
        if changes.added or changes.updated or changes.removed:
            self._orders.clear()
        if not changes.empty:
            for listener in list(self.listeners):
                listener(changes)

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        self._bind()
        return self.db.execute_sql(sql, tuple(params)).fetchall()

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    # -- films: listing ---------------------------------------------------------------------------

    def film_count(self) -> int:
        return self._query("SELECT count(*) FROM film")[0][0]

    def film_ids(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[int]:
        """Ids of the films matching `query` (search syntax of catalog.search_query), in display order.
        sort None: by relevance when the query has words, else by title. A query that cannot be
        searched raises ValidationError (search_query.SearchSyntaxError) whose message is a plain hint."""
        self._bind()
        if query.strip():
            found = search.text_matches(self.db, query)
            if found is not None and len(found[0]) > search.RANK_LIMIT:
                # Most of the catalogue matches: filter the cached list order in memory, which is
                # faster than having SQLite sort or probe tens of thousands of matches.
                matches, in_title = found
                ids = [i for i in self._order(sort or "title", descending and sort is not None) if i in matches]
                if sort is None:  # relevance: films with the words in their title first
                    ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
                    if descending:
                        ids.reverse()
                return ids
        if sort is None:
            ranked = search.ranked_ids(self.db, query, descending)
            if ranked is not None:
                return ranked
            sort = "title"
        if not query.strip():
            return list(self._order(sort, descending))
        return self._query_ids(query, sort, descending)

    def _order(self, sort: str, descending: bool) -> list[int]:
        """Every film id in list order, cached until the next write (do not modify the list)."""
        key = (sort, descending)
        order = self._orders.get(key)
        if order is None:
            order = self._orders[key] = self._query_ids("", sort, descending)
        return order

    def _query_ids(self, query: str, sort: str, descending: bool) -> list[int]:
        if sort not in SORT_COLUMNS:
            raise ValidationError("sort", sort, f"is not one of: {', '.join(SORT_COLUMNS)}")
        column = SORT_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        # Films without a value sort last either way, like a shelf's unlabelled boxes.
        order = f"{column} IS NULL, {column} {direction}, f.sort_key {direction}, f.id {direction}"
        if sort == "title":
            order = f"f.sort_key {direction}, f.id {direction}"
        self._bind()
        where, params = search.where_clause(self.db, query)
        sql = f"SELECT f.id FROM film f {where} ORDER BY {order}"
        return [row[0] for row in self.db.execute_sql(sql, params)]

    def film_rows(self, ids: Iterable[int]) -> dict[int, FilmRow]:
        ids = list(ids)
        rows: dict[int, FilmRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._query(
                "SELECT f.id, f.title, f.year, f.directors, f.runtime_min, f.rating, f.video_count, i.sha256 "
                f"FROM film f LEFT JOIN image i ON i.id = f.poster_id WHERE f.id IN ({marks})", chunk,
            ):
                rows[r[0]] = FilmRow(*r)
        return rows

    def list_films(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[FilmRow]:
        ids = self.film_ids(query, sort, descending)
        rows = self.film_rows(ids)
        return [rows[i] for i in ids]

    def find_film(self, ref: str | int) -> int:
        """A film by id or by title (case- and accent-insensitive; 'Title (Year)' picks a remake)."""
        text_ref = str(ref).strip()
        if text_ref.isdigit() and self._query("SELECT 1 FROM film WHERE id = ?", [int(text_ref)]):
            return int(text_ref)
        title, year = text_ref, None
        if text_ref.endswith(")") and "(" in text_ref:
            head, _, tail = text_ref.rpartition("(")
            if tail[:-1].strip().isdigit():
                title, year = head.strip(), int(tail[:-1])
        matches = [
            (fid, fyear) for fid, fyear in self._query(
                "SELECT id, year FROM film WHERE sort_key = ? ORDER BY year, id", [sort_key(title)])
            if year is None or fyear == year
        ]
        if not matches:
            raise NotFound(f"no film {text_ref!r} in the catalogue")
        if len(matches) > 1:
            years = ", ".join(str(y) for _, y in matches)
            raise NotFound(f"several films are called {title!r} ({years}); add the year or use the id")
        return matches[0][0]

    # -- films: one film --------------------------------------------------------------------------

    def film_document(self, film_id: int) -> dict[str, Any]:
        """Everything about one film as plain data (see docs/schema.md, 'Film document')."""
        from .documents import film_document

        self._bind()
        return film_document(self, film_id)

    def _film(self, film_id: int) -> m.Film:
        film = m.Film.get_or_none(m.Film.id == film_id)
        if film is None:
            raise NotFound(f"no film with id {film_id}")
        return film

    def create_film(self, fields: Mapping[str, Any], film_id: int | None = None) -> int:
        values = clean(fields, FILM_FIELDS, partial=False)
        with self.transaction(ChangeSet(f"Add film {values['title']}")) as changes:
            stamp = now()
            extra = {"id": film_id} if film_id is not None else {}
            film = m.Film.create(**values, **self._keys(values), created_at=stamp, updated_at=stamp, **extra)
            changes.added.add(film.id)
        return film.id

    def update_film(self, film_id: int, fields: Mapping[str, Any]) -> None:
        values = clean(fields, FILM_FIELDS, partial=True)
        with self.transaction(ChangeSet("Edit film")) as changes:
            film = self._film(film_id)
            merged = {name: getattr(film, name) for name in ("title", "sort_title")} | values
            m.Film.update(**values, **self._keys(merged), updated_at=now()).where(m.Film.id == film_id).execute()
            changes.updated.add(film_id)

    @staticmethod
    def _keys(values: Mapping[str, Any]) -> dict[str, str]:
        from .naming import title_key

        return {"sort_key": sort_key(values.get("sort_title") or values["title"]),
                "title_key": title_key(values["title"])}

    def set_genres(self, film_id: int, names: Iterable[str]) -> None:
        with self.transaction(ChangeSet("Edit genres")) as changes:
            self._film(film_id)
            m.FilmGenre.delete().where(m.FilmGenre.film == film_id).execute()
            seen: set[int] = set()
            for position, name in enumerate(names):
                cleaned = text(required=True, max_len=100)("genre", name)
                genre, _ = m.Genre.get_or_create(name_key=name_key(cleaned), defaults={"name": cleaned})
                if genre.id not in seen:
                    seen.add(genre.id)
                    m.FilmGenre.create(film=film_id, genre=genre.id, position=position)
            changes.updated.add(film_id)

    def set_companies(self, film_id: int, companies: Iterable[Mapping[str, str]]) -> None:
        with self.transaction(ChangeSet("Edit companies")) as changes:
            self._film(film_id)
            m.FilmCompany.delete().where(m.FilmCompany.film == film_id).execute()
            for position, item in enumerate(companies):
                name = text(required=True, max_len=200)("company", item.get("name"))
                role = choice(COMPANY_ROLES)("company role", item.get("role") or "production")
                company, _ = m.Company.get_or_create(name_key=name_key(name), defaults={"name": name})
                m.FilmCompany.create(film=film_id, company=company.id, role=role, position=position)
            changes.updated.add(film_id)

    def delete_films(self, film_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Delete films with their credits and records; their images go to the inbox. Returns
        snapshots that `restore_films` puts back exactly (undo)."""
        film_ids = list(dict.fromkeys(film_ids))
        snapshots = [self.film_document(fid) for fid in film_ids]
        with self.transaction(ChangeSet(f"Delete {len(film_ids)} film(s)")) as changes:
            m.Image.update(film=None).where(m.Image.film.in_(film_ids)).execute()
            m.Film.delete().where(m.Film.id.in_(film_ids)).execute()
            changes.removed.update(film_ids)
            changes.galleries.add(None)
        return snapshots

    def restore_films(self, snapshots: Iterable[Mapping[str, Any]]) -> list[int]:
        """Re-create films from their documents, keeping their ids (undo of delete)."""
        from .documents import restore_film

        ids = []
        with self.transaction(ChangeSet("Restore films")) as changes:
            for doc in snapshots:
                ids.append(restore_film(self, doc, keep_id=True))
            changes.added.update(ids)
            changes.galleries.update([None, *ids])
            changes.people = True
        return ids

    # -- records attached to a film ---------------------------------------------------------------

    def _record_model(self, kind: str) -> type[m.BaseModel]:
        if kind not in RECORD_MODELS:
            raise ValidationError("record kind", kind, f"is not one of: {', '.join(RECORD_MODELS)}")
        return RECORD_MODELS[kind]

    def records(self, kind: str, film_id: int) -> list[dict[str, Any]]:
        model = self._record_model(kind)
        order = (model.date.is_null(), model.date, model.position, model.id) if kind == "release" else (
            model.position, model.id)
        return list(model.select().where(model.film == film_id).order_by(*order).dicts())

    def record(self, kind: str, record_id: int) -> dict[str, Any]:
        model = self._record_model(kind)
        row = model.select().where(model.id == record_id).dicts().first()
        if row is None:
            raise NotFound(f"no {kind} with id {record_id}")
        return row

    def add_record(self, kind: str, film_id: int, fields: Mapping[str, Any], position: int | None = None,
                   record_id: int | None = None) -> int:
        model = self._record_model(kind)
        values = clean(fields, RECORD_FIELDS[kind], partial=False)
        with self.transaction(ChangeSet(f"Add {kind}")) as changes:
            self._film(film_id)
            end = model.select(fn.COUNT(model.id)).where(model.film == film_id).scalar()
            position = end if position is None else position
            model.update(position=model.position + 1).where(
                (model.film == film_id) & (model.position >= position)).execute()
            extra = {"id": record_id} if record_id is not None else {}
            row = model.create(film=film_id, position=position, **values, **extra)
            self._touch(film_id, changes)
        return row.id

    def update_record(self, kind: str, record_id: int, fields: Mapping[str, Any]) -> None:
        model = self._record_model(kind)
        values = clean(fields, RECORD_FIELDS[kind], partial=True)
        with self.transaction(ChangeSet(f"Edit {kind}")) as changes:
            film_id = self.record(kind, record_id)["film"]
            if values:
                model.update(**values).where(model.id == record_id).execute()
            self._touch(film_id, changes)

    def remove_record(self, kind: str, record_id: int) -> dict[str, Any]:
        """Remove one record; returns it, with film and position, for undo (`add_record`)."""
        model = self._record_model(kind)
        with self.transaction(ChangeSet(f"Remove {kind}")) as changes:
            row = self.record(kind, record_id)
            model.delete().where(model.id == record_id).execute()
            model.update(position=model.position - 1).where(
                (model.film == row["film"]) & (model.position > row["position"])).execute()
            self._touch(row["film"], changes)
        return row

    def move_record(self, kind: str, record_id: int, new_position: int) -> None:
        model = self._record_model(kind)
        with self.transaction(ChangeSet(f"Move {kind}")) as changes:
            row = self.record(kind, record_id)
            ids = [r.id for r in model.select(model.id).where(model.film == row["film"])
                   .order_by(model.position, model.id)]
            self._reorder(model, ids, record_id, new_position)
            self._touch(row["film"], changes)

    @staticmethod
    def _reorder(model: type[m.BaseModel], ids: list[int], moved: int, new_position: int) -> None:
        ids.remove(moved)
        ids.insert(max(0, min(new_position, len(ids))), moved)
        for position, rid in enumerate(ids):
            model.update(position=position).where(model.id == rid).execute()

    def _touch(self, film_id: int, changes: ChangeSet) -> None:
        m.Film.update(updated_at=now()).where(m.Film.id == film_id).execute()
        changes.updated.add(film_id)

    # -- credits and people -----------------------------------------------------------------------

    def credits(self, film_id: int) -> list[dict[str, Any]]:
        from .documents import ordered_credits

        return ordered_credits(film_id)

    def add_credit(self, film_id: int, person: str | int, role: str, character: str | None = None,
                   position: int | None = None, credit_id: int | None = None) -> int:
        values = clean({"role": role, "character": character}, RECORD_FIELDS["credit"], partial=False)
        with self.transaction(ChangeSet("Add credit")) as changes:
            self._film(film_id)
            person_id = self._person_id(person, changes)
            scope = (m.Credit.film == film_id) & (m.Credit.role == values["role"])
            end = m.Credit.select(fn.COUNT(m.Credit.id)).where(scope).scalar()
            position = end if position is None else position
            m.Credit.update(position=m.Credit.position + 1).where(scope & (m.Credit.position >= position)).execute()
            extra = {"id": credit_id} if credit_id is not None else {}
            credit = m.Credit.create(film=film_id, person=person_id, position=position, **values, **extra)
            self._touch(film_id, changes)
        return credit.id

    def update_credit(self, credit_id: int, fields: Mapping[str, Any]) -> None:
        """Change a credit's person (by name), role or character."""
        fields = dict(fields)
        person = fields.pop("person", None)
        values = clean(fields, RECORD_FIELDS["credit"], partial=True)
        with self.transaction(ChangeSet("Edit credit")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            if person is not None:
                values["person"] = self._person_id(person, changes)
            if values:
                m.Credit.update(**values).where(m.Credit.id == credit_id).execute()
            self._touch(credit.film_id, changes)

    def remove_credit(self, credit_id: int) -> dict[str, Any]:
        with self.transaction(ChangeSet("Remove credit")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            snapshot = {"id": credit.id, "film": credit.film_id, "person": credit.person.name,
                        "role": credit.role, "character": credit.character, "position": credit.position}
            credit.delete_instance()
            m.Credit.update(position=m.Credit.position - 1).where(
                (m.Credit.film == credit.film_id) & (m.Credit.role == credit.role)
                & (m.Credit.position > credit.position)).execute()
            self._touch(credit.film_id, changes)
        return snapshot

    def move_credit(self, credit_id: int, new_position: int) -> None:
        """Move a credit within its film's list of the same role (billing order)."""
        with self.transaction(ChangeSet("Reorder credits")) as changes:
            credit = m.Credit.get_or_none(m.Credit.id == credit_id)
            if credit is None:
                raise NotFound(f"no credit with id {credit_id}")
            ids = [c.id for c in m.Credit.select(m.Credit.id).where(
                (m.Credit.film == credit.film_id) & (m.Credit.role == credit.role)).order_by(
                m.Credit.position, m.Credit.id)]
            self._reorder(m.Credit, ids, credit_id, new_position)
            self._touch(credit.film_id, changes)

    def _person_id(self, person: str | int, changes: ChangeSet) -> int:
        if isinstance(person, int):
            if not m.Person.get_or_none(m.Person.id == person):
                raise NotFound(f"no person with id {person}")
            return person
        name = text(required=True, max_len=300)("person", person)
        assert name is not None
        found = m.Person.select(m.Person.id).where(m.Person.name_key == name_key(name)).order_by(
            m.Person.id).first()
        if found:
            return found.id
        changes.people = True
        return m.Person.create(name=name, name_key=name_key(name)).id

    def find_or_create_person(self, name: str) -> int:
        """The person of that name (matched case- and accent-insensitively), created if new."""
        with self.transaction(ChangeSet("Add person")) as changes:
            return self._person_id(name, changes)

    def find_person(self, name: str) -> int | None:
        self._bind()
        found = m.Person.select(m.Person.id).where(m.Person.name_key == name_key(name)).order_by(
            m.Person.id).first()
        return found.id if found else None

    def person(self, person_id: int) -> PersonInfo:
        rows = self._query(
            "SELECT p.id, p.name, p.sort_name, p.notes, i.sha256, "
            "(SELECT count(DISTINCT film_id) FROM credit WHERE person_id = p.id) "
            "FROM person p LEFT JOIN image i ON i.id = p.photo_id WHERE p.id = ?", [person_id])
        if not rows:
            raise NotFound(f"no person with id {person_id}")
        return PersonInfo(*rows[0])

    def person_films(self, person_id: int) -> list[PersonFilm]:
        rows = self._query(
            "SELECT f.id, f.title, f.year, group_concat(DISTINCT c.role) FROM credit c "
            "JOIN film f ON f.id = c.film_id WHERE c.person_id = ? GROUP BY f.id "
            "ORDER BY f.year IS NULL, f.year, f.sort_key", [person_id])
        return [PersonFilm(fid, title, year, tuple(sorted(roles.split(",")))) for fid, title, year, roles in rows]

    def people_names(self, prefix: str = "", limit: int = 50) -> list[str]:
        """Names for completion, those in most films first."""
        key = name_key(prefix)
        rows = self._query(
            "SELECT p.name FROM person p LEFT JOIN credit c ON c.person_id = p.id "
            "WHERE p.name_key LIKE ? ESCAPE '\\' GROUP BY p.id ORDER BY count(c.id) DESC, p.name LIMIT ?",
            [key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit])
        return [r[0] for r in rows]

    def update_person(self, person_id: int, fields: Mapping[str, Any]) -> None:
        validators = {"name": text(required=True, max_len=300), "sort_name": text(max_len=300),
                      "notes": text()}
        values = clean(fields, validators, partial=True)
        if "name" in values:
            values["name_key"] = name_key(values["name"])
        with self.transaction(ChangeSet("Edit person")) as changes:
            self.person(person_id)
            m.Person.update(**values).where(m.Person.id == person_id).execute()
            changes.people = True
            changes.updated.update(fid for fid, *_ in self._query(
                "SELECT DISTINCT film_id FROM credit WHERE person_id = ?", [person_id]))

    def merge_people(self, keep_id: int, other_id: int) -> None:
        """Make `other_id` the same person as `keep_id`: credits move over, `other_id` goes."""
        if keep_id == other_id:
            raise ValidationError("person", other_id, "cannot be merged with itself")
        with self.transaction(ChangeSet("Merge people")) as changes:
            keep, other = self.person(keep_id), self.person(other_id)
            changes.updated.update(fid for fid, *_ in self._query(
                "SELECT DISTINCT film_id FROM credit WHERE person_id = ?", [other_id]))
            m.Credit.update(person=keep_id).where(m.Credit.person == other_id).execute()
            if keep.photo_sha256 is None and other.photo_sha256 is not None:
                photo = m.Person.get_by_id(other_id).photo_id
                m.Person.update(photo=photo).where(m.Person.id == keep_id).execute()
            if other.notes and not keep.notes:
                m.Person.update(notes=other.notes).where(m.Person.id == keep_id).execute()
            m.Person.delete().where(m.Person.id == other_id).execute()
            changes.people = True

    # -- images -----------------------------------------------------------------------------------

    def images(self, film_id: int | None) -> list[ImageInfo]:
        """A film's gallery in order; film_id None gives the unsorted inbox."""
        self._bind()
        if film_id is None:  # the inbox: no film, and not somebody's photo
            photos = m.Person.select(m.Person.photo).where(m.Person.photo.is_null(False))
            where = m.Image.film.is_null() & m.Image.id.not_in(photos)
        else:
            where = m.Image.film == film_id
        query = m.Image.select().where(where).order_by(m.Image.position, m.Image.id)
        return [self._image_info(row) for row in query]

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
        from .imaging import probe_image

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

    def set_person_photo(self, person_id: int, image_id: int | None) -> None:
        with self.transaction(ChangeSet("Set photo")) as changes:
            self.person(person_id)
            m.Person.update(photo=image_id).where(m.Person.id == person_id).execute()
            changes.people = True

    def sweep_store(self) -> int:
        """Delete stored files no image names (left by an interrupted import). Run at start."""
        known = [r[0] for r in self._query("SELECT sha256 FROM image")]
        return len(self.store.sweep(known))

    # -- derived columns --------------------------------------------------------------------------

    def _refresh_summaries(self, film_ids: Iterable[int]) -> None:
        """Recompute the list's derived columns (directors, number of videos) for these films."""
        ids = list(film_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            self.db.execute_sql(
                "UPDATE film SET "
                "directors = coalesce((SELECT group_concat(name, ', ') FROM (SELECT p.name FROM credit c "
                "JOIN person p ON p.id = c.person_id WHERE c.film_id = film.id AND c.role = 'director' "
                "ORDER BY c.position, c.id)), ''), "
                "video_count = (SELECT count(*) FROM video v WHERE v.film_id = film.id) "
                f"WHERE id IN ({marks})", chunk)
            rows = self.db.execute_sql(f"SELECT id, directors FROM film WHERE id IN ({marks})", chunk).fetchall()
            for fid, directors in rows:
                self.db.execute_sql("UPDATE film SET directors_key = ? WHERE id = ?",
                                    (sort_key(directors.split(", ")[0]) if directors else "", fid))


ROLE_ORDER = {role: i for i, role in enumerate(CREDIT_ROLES)}
