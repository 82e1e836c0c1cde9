"""The catalogue: every use case a user has, each one transaction, each telling its listeners what
changed. The window and the command line use only this object (and the plain values it returns)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from catalog.errors import NotFound, ValidationError
from catalog.model.dates import now
from catalog.model.rows import FilmRow
from catalog.model.text import name_key, sort_key
from catalog.model.validation import COMPANY_ROLES, FILM_FIELDS, choice, clean, text
from catalog.ops.changes import ChangeSet
from catalog.ops.images import ImagesMixin
from catalog.ops.people import PeopleMixin
from catalog.ops.records import RecordsMixin
from catalog.store import search_index as search
from catalog.store import tables as m
from catalog.store.connection import connect
from catalog.store.picture_store import ImageStore, media_dir_for

SORT_COLUMNS = {
    "title": "f.sort_key", "year": "f.year", "directors": "f.directors_key", "runtime": "f.runtime_min",
    "rating": "f.rating", "videos": "f.video_count", "added": "f.created_at",
}
Listener = Callable[[ChangeSet], None]


def open_catalogue(path: Path | str) -> Catalogue:
    """Open the catalogue at `path`, creating an empty one when the file does not exist."""
    return Catalogue(Path(path))


class Catalogue(RecordsMixin, PeopleMixin, ImagesMixin):
    """Use cases over one catalogue file. Reads may run on any thread (peewee keeps one connection
    per thread); writes are short transactions, serialised by SQLite (WAL, busy timeout)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).absolute()
        self.db: SqliteDatabase = connect(self.path)
        self.store = ImageStore(media_dir_for(self.path))
        self.listeners: list[Listener] = []
        self._local = threading.local()
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._orders_lock = threading.Lock()  # a worker's commit may clear the cache mid-read
        self._writes = 0  # commits that changed films; an order read across one is not cached
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
            with self._orders_lock:
                self._writes += 1
                if changes.added or changes.removed or len(changes.updated) > 20:
                    self._orders.clear()
                else:  # an edit rarely moves a film in the list: keep the orders it leaves in order
                    for key in [k for k, order in self._orders.items() if not self._still_ordered(
                            order, *k, changes.updated)]:
                        del self._orders[key]
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
            writes = self._writes
            order = self._query_ids("", sort, descending)
            with self._orders_lock:
                if writes == self._writes:
                    self._orders[key] = order
        return order

    def _still_ordered(self, order: list[int], sort: str, descending: bool, changed: set[int]) -> bool:
        """Whether each changed film still sits rightly between its neighbours in a cached order
        (compared as SQLite orders them in _query_ids: missing values last, then title, then id)."""
        column = "sort_key" if sort == "title" else SORT_COLUMNS[sort].removeprefix("f.")
        spots = {fid: order.index(fid) for fid in changed if fid in order}
        if len(spots) != len(changed):
            return False
        ids = {order[j] for i in spots.values() for j in (i - 1, i, i + 1) if 0 <= j < len(order)}
        marks = ",".join("?" * len(ids))
        keys = {fid: (value is None, value, sk, fid) for fid, value, sk in self._query(
            f"SELECT id, {column}, sort_key FROM film WHERE id IN ({marks})", ids)}

        def in_order(a: int, b: int) -> bool:
            (a_null, a_value, a_sk, a_id), (b_null, b_value, b_sk, b_id) = keys[a], keys[b]
            if a_null != b_null:
                return b_null  # films without a value come last either way
            first, second = ((b_value, b_sk, b_id), (a_value, a_sk, a_id)) if descending else (
                (a_value, a_sk, a_id), (b_value, b_sk, b_id))
            return first <= second if not a_null else first[1:] <= second[1:]

        for i in spots.values():
            neighbours = [(order[i - 1], order[i])] if i > 0 else []
            neighbours += [(order[i], order[i + 1])] if i + 1 < len(order) else []
            if not all(a in keys and b in keys and in_order(a, b) for a, b in neighbours):
                return False
        return True

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
        if (text_ref.isdecimal() and int(text_ref) < 2 ** 63
                and self._query("SELECT 1 FROM film WHERE id = ?", [int(text_ref)])):
            return int(text_ref)
        title, year = text_ref, None
        if text_ref.endswith(")") and "(" in text_ref:
            head, _, tail = text_ref.rpartition("(")
            if tail[:-1].strip().isdecimal():
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
        from catalog.ops.documents import film_document

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
        from catalog.formats.folder.naming import title_key

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
        from catalog.ops.documents import restore_film

        ids = []
        with self.transaction(ChangeSet("Restore films")) as changes:
            for doc in snapshots:
                ids.append(restore_film(self, doc, keep_id=True))
            changes.added.update(ids)
            changes.galleries.update([None, *ids])
            changes.people = True
        return ids

    def _touch(self, film_id: int, changes: ChangeSet) -> None:
        m.Film.update(updated_at=now()).where(m.Film.id == film_id).execute()
        changes.updated.add(film_id)

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
