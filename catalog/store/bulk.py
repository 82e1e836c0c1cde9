"""Loading whole film documents: a JSON import, the demo, and undo of a delete (which keeps the
ids), with lookup caches for people, genres, companies and pictures. Films go in batches
(`films`): ids handed out from the tables' highest (the transaction holds the write lock) or, on a
server, reserved from the tables' sequences — or the documents' own for an undo; one executemany
per table for the batch (COPY on a server, catalog.store.shared); the list's derived columns
(directors, their sort key, the number of videos) computed from the documents as the rows are
made: 100,000 rich films (~3M rows) in about a third of the time of a row at a time.

Call inside the caller's transaction; documents must already be clean (catalog.ops validates)."""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from catalog.model.dates import now
from catalog.model.documents import FILM_FIELDS
from catalog.model.id_runs import IdRuns
from catalog.model.kinds import BY_NAME, FILM_LISTS, KINDS
from catalog.model.text import name_key, sort_key
from catalog.store.chunks import in_chunks
from catalog.store.custom import to_text
from catalog.store.images import COLUMNS as IMAGE_COLUMNS
from catalog.store.images import phash_to_sql
from catalog.store.name_cache import NameCache
from catalog.store.records import _to_sql

if TYPE_CHECKING:
    from catalog.store import Store

BULK_CACHE_KB = 96_000


class FilmLoader:
    """Writes clean film documents. `keep_ids`: films, credits, records and people keep the ids the
    documents carry (undo of a delete); otherwise everything gets new ids and people are matched
    by name."""

    def __init__(self, store: Store, keep_ids: bool = False) -> None:
        self.store, self.keep_ids = store, keep_ids
        self.custom = {c.name: (c.id, c.type) for c in store.custom.all()}  # documents name their fields
        self.new_images = IdRuns()  # the image rows this load made (a run or two of ids)
        self.new_people = IdRuns()  # the people this load made
        self.unsorted: list[list[Any]] = []  # [image id, None, position]: inbox pictures it put on films
        self._person_by_name = NameCache()  # (batches of new films) a credited name -> its person
        self._stored: dict[str, set[str]] = {}  # the picture store's files, by folder, as first looked at

    def stored(self, sha: str) -> bool:
        """Whether the store holds the picture (its folder listed once: no stat per picture)."""
        folder = sha[:2]
        if folder not in self._stored:
            try:
                self._stored[folder] = set(os.listdir(self.store.pictures.images_dir / folder))
            except OSError:
                self._stored[folder] = set()
        return sha in self._stored[folder]

    def person(self, name: str) -> int:
        people = self.store.people
        found = people.find(name)
        if found is None:
            found = people.insert(name)
            self.new_people.append(found)
        return found

    def pictures(self, shas: Iterable[str]) -> dict[str, tuple[int, int | None, int]]:
        """The rows already there of these pictures: sha256 -> (image id, film id or None, position). Asked of
        the table (its sha256 index) for each batch rather than kept for the whole load: a load
        of 100,000 films would hold 400,000 hashes (~90 MB)."""
        wanted = list(dict.fromkeys(shas))
        found: dict[str, tuple[int, int | None, int]] = {}
        for chunk, marks in in_chunks(wanted):
            found.update((sha, (image_id, film_id, position)) for sha, image_id, film_id, position in self.store.rows(
                f"SELECT sha256, id, film_id, position FROM image WHERE sha256 IN ({marks})", chunk))
        return found

    def image(self, entry: Mapping[str, Any], film_id: int | None, copy_id: int | None = None) -> int:
        """The image of an entry: the existing row of that picture (put on the film when it was in
        the inbox), else a new row (marked missing when the file is not in the store)."""
        sha = entry["sha256"]
        there = self.pictures([sha]).get(sha)
        if there is not None:
            image_id, old_film, old_position = there
            if film_id is not None and old_film is None:
                self.unsorted.append([image_id, None, old_position])
                self.store.images.place([(image_id, film_id, entry.get("position") or 0)])
                if copy_id is not None:
                    self.store.images.set_copy(image_id, copy_id)
            return image_id
        image_id = self.store.images.insert({"missing": not self.stored(sha),
            "film_id": film_id, "kind": entry.get("kind"), "sha256": sha, "original_name": entry.get("file_name"),
            "width": entry.get("width"), "height": entry.get("height"), "format": entry.get("format"),
            "bytes": entry.get("bytes"), "phash": entry.get("phash"), "caption": entry.get("caption"),
            "credit": entry.get("credit"), "position": entry.get("position") or 0, "copy_id": copy_id,
            "placeholder": bool(entry.get("placeholder")),
        }, image_id=entry.get("id") if self.keep_ids else None)
        self.new_images.append(image_id)
        return image_id

    def borrower(self, name: str, borrower_id: int | None = None) -> int:
        """A borrower by id (undo keeps ids) or by name, made when there is none of that name."""
        loans = self.store.loans
        if borrower_id is not None and self.store.one("SELECT 1 FROM borrower WHERE id = ?", (borrower_id,)):
            return borrower_id
        found = loans.find_borrower(name)
        return found if found is not None else loans.insert_borrower(name)

    def desk(self, film_id: int, doc: Mapping[str, Any], copies: list[int]) -> None:
        """The film's loans (each of a copy: by id when keeping ids, else by its place among the
        film's copies) and its place on the wishlist."""
        for loan in doc.get("loans") or []:
            copy_id = loan.get("copy_id") if self.keep_ids else None
            place = loan.get("copy")
            if copy_id is None and isinstance(place, int) and 0 <= place < len(copies):
                copy_id = copies[place]
            if copy_id is None:
                continue  # the document's reader made sure every loan names a copy
            self.store.loans.insert(copy_id, film_id, self.borrower(loan["borrower"], loan.get("borrower_id")),
                                    loan["lent_on"], loan.get("due_on"), loan.get("returned_on"), loan.get("notes"),
                                    loan.get("id") if self.keep_ids else None)
        wish = doc.get("wish")
        if wish:
            self.store.wishes.set(film_id, wish["priority"], wish.get("note"), wish.get("added_on") or now())

    def films(self, docs: Sequence[Mapping[str, Any]]) -> list[int]:
        """Write films in one batch; returns their ids, in order. Their derived columns are
        written with them (`summarised`: refresh_summaries may skip them). `keep_ids`: the films,
        their credits, records and pictures keep the documents' ids, credited people theirs when
        they are there (the redo of an undone import: a row at a time took twice the import)."""
        store, keep = self.store, self.keep_ids
        copy = BY_NAME["copy"]
        film_ids = iter([doc["id"] for doc in docs]) if keep else self._new_ids("film", len(docs))
        copy_ids = self._new_ids(copy.table, 0 if keep else sum(len(doc.get(copy.doc_key) or []) for doc in docs))
        image_ids = self._new_ids("image", 0 if keep else sum(len(doc.get("images") or []) for doc in docs))
        stamp = now()
        film_rows, genre_rows, value_rows, custom_rows, company_rows, credit_rows = [], [], [], [], [], []
        record_rows: dict[str, list[tuple]] = defaultdict(list)
        image_rows, placements, copy_links = [], [], []
        ids: list[int] = []
        at_the_desk: list[tuple[int, Mapping[str, Any], list[int]]] = []  # films with loans or a wish
        kept_people = self._people_kept(docs) if keep else set()
        person_of = self._people_of(credit["person"] for doc in docs for credit in doc.get("credits") or []
                                    if credit.get("person_id") not in kept_people)
        pictures = self.pictures(entry["sha256"] for doc in docs for entry in doc.get("images") or [])
        for doc in docs:
            film_id = next(film_ids)
            ids.append(film_id)
            directors: list[str] = []
            positions: dict[str, int] = defaultdict(int)
            for credit in doc.get("credits") or []:
                role = credit["role"]
                kept = credit.get("person_id")
                person = kept if kept in kept_people else person_of[credit["person"]]
                credit_rows.append((*([credit.get("id")] if keep else []), film_id, person, role,
                                    credit.get("character"), positions[role]))
                positions[role] += 1
                if role == "director":
                    directors.append(credit["person"])
            seen: set[int] = set()
            for position, name in enumerate(doc.get("genres") or []):
                genre = store.films.genres_table.id_of(name)
                if genre not in seen:
                    seen.add(genre)
                    genre_rows.append((film_id, genre, position))
            for key, (list_name, _) in FILM_LISTS.items():
                value_rows += [(film_id, list_name, v, n) for n, v in enumerate(doc.get(key) or [])]
            for name, value in (doc.get("custom") or {}).items():
                field, type_ = self.custom[name]
                text = to_text(type_, value)
                if text is not None:
                    custom_rows.append((film_id, field, text))
            company_rows += [(film_id, store.films.companies_table.id_of(c["name"]), c["role"], n)
                             for n, c in enumerate(doc.get("companies") or [])]
            copies: list[int] = []
            for kind in KINDS:
                for position, record in enumerate(doc.get(kind.doc_key) or []):
                    values = tuple(_to_sql(kind, name, record.get(name)) for name in kind.field_names)
                    record_id = record.get("id") if keep else None
                    if kind is copy:
                        copies.append(int(record["id"]) if keep else next(copy_ids))
                        record_id = copies[-1]
                    record_rows[kind.name].append((*([record_id] if keep or kind is copy else []), film_id,
                                                   position, *values))
            poster = None
            for entry in doc.get("images") or []:
                sha = entry["sha256"]
                place = entry.get("copy")
                copy_id = entry.get("copy_id") if keep else None
                if copy_id is None and isinstance(place, int) and 0 <= place < len(copies):
                    copy_id = copies[place]
                if sha in pictures:  # the picture's row is there: put it on the film if it was unsorted
                    image_id, old_film, old_position = pictures[sha]
                    if old_film is None:
                        self.unsorted.append([image_id, None, old_position])
                        placements.append((image_id, film_id, entry.get("position") or 0))
                        pictures[sha] = (image_id, film_id, old_position)
                        if copy_id is not None:
                            copy_links.append((copy_id, image_id))
                else:
                    image_id = entry["id"] if keep else next(image_ids)
                    phash = entry.get("phash")
                    row = {"id": image_id, "film_id": film_id, "kind": entry.get("kind") or "still", "sha256": sha,
                           "original_name": entry.get("file_name") or "", "original_path": None,
                           "width": entry.get("width"), "height": entry.get("height"), "format": entry.get("format"),
                           "bytes": entry.get("bytes"), "phash": None if phash is None else phash_to_sql(phash),
                           "caption": entry.get("caption"), "credit": entry.get("credit"),
                           "position": entry.get("position") or 0, "missing": not self.stored(sha),
                           "added_at": stamp, "placeholder": bool(entry.get("placeholder")), "copy_id": copy_id}
                    image_rows.append(tuple(row[c] for c in IMAGE_COLUMNS))
                    pictures[sha] = (image_id, film_id, 0)
                    self.new_images.append(image_id)
                if sha == doc.get("poster"):
                    poster = image_id
            if doc.get("loans") or doc.get("wish"):
                at_the_desk.append((film_id, doc, copies))
            row = {name: doc.get(name) for name in FILM_FIELDS}
            row["watched"] = bool(row["watched"])
            row.update(store.films.keys(row["title"], row["sort_title"]))
            created = doc.get("created_at") or stamp
            film_rows.append((film_id, *row.values(), created, doc.get("updated_at") or created, poster,
                              ", ".join(directors), sort_key(directors[0]) if directors else "",
                              len(doc.get("videos") or [])))
        columns = (*FILM_FIELDS, "sort_key", "title_key")
        # Every row goes in after the rows it names (foreign keys checked as they come): the films,
        # their copies, the pictures, then each film's poster.
        store.execute_many(f"INSERT INTO film (id, {', '.join(columns)}, created_at, updated_at, poster_id, directors, "
                           f"directors_key, video_count) VALUES ({','.join('?' * (len(columns) + 7))})",
                           [(*row[:-4], None, *row[-3:]) for row in film_rows])
        self._records(copy, record_rows.get(copy.name))
        store.execute_many(f"INSERT INTO image ({', '.join(IMAGE_COLUMNS)}) VALUES "
                           f"({','.join('?' * len(IMAGE_COLUMNS))})", image_rows)  # (ids ascending)
        store.execute_many("UPDATE film SET poster_id = ? WHERE id = ?",
                           [(row[-4], row[0]) for row in film_rows if row[-4] is not None])
        store.images.place(placements)
        store.execute_many("UPDATE image SET copy_id = ? WHERE id = ?", copy_links)
        store.execute_many("INSERT INTO film_genre (film_id, genre_id, position) VALUES (?, ?, ?)", genre_rows)
        store.execute_many("INSERT INTO film_value (film_id, list, value, position) VALUES (?, ?, ?, ?)", value_rows)
        store.custom.set_texts(custom_rows)
        store.execute_many("INSERT INTO film_company (film_id, company_id, role, position) VALUES (?, ?, ?, ?)",
                           company_rows)
        credits = sorted(credit_rows, key=lambda row: row[-4])  # people's index in order
        if keep:
            store.execute_many("INSERT INTO credit (id, film_id, person_id, role, character, position) "
                               "VALUES (?, ?, ?, ?, ?, ?)", credits)
        else:
            store.records.insert_credits(credits)
        for kind in KINDS:
            if kind is not copy:
                self._records(kind, record_rows.get(kind.name))
        for film_id, doc, copies in at_the_desk:
            self.desk(film_id, doc, copies)
        # A film on loan has its `loaned_to` and `loan_due` made by refresh_summaries.
        store.films.summarised.update(set(ids) - {film_id for film_id, doc, _ in at_the_desk if doc.get("loans")})
        return ids

    def _people_kept(self, docs: Sequence[Mapping[str, Any]]) -> set[int]:
        """(keep_ids) The ids of the people the batch credits by id who are there."""
        wanted = {credit["person_id"] for doc in docs for credit in doc.get("credits") or []
                  if credit.get("person_id") is not None}
        there: set[int] = set()
        for chunk, marks in in_chunks(wanted):
            there.update(r[0] for r in self.store.rows(f"SELECT id FROM person WHERE id IN ({marks})", chunk))
        return there

    def _people_of(self, names: Iterable[str]) -> dict[str, int]:
        """The person of each name the batch credits, by the name as written (a name comes back
        thousands of times: while it is in the load's cache its key is not worked out again); the
        names the cache lacks looked up together, the new people written together."""
        people, known = self.store.people, self._person_by_name
        person_of: dict[str, int] = {}
        keys: dict[str, str] = {}  # a name the cache lacks -> its key
        for name in names:
            if name not in person_of and name not in keys:
                found = known.get(name)
                if found is None:
                    keys[name] = name_key(name)
                else:
                    person_of[name] = found
        if keys:
            there = people.find_keys(keys.values())
            new: dict[str, str] = {}  # name key -> the name as first written
            for name, key in keys.items():
                if key not in there:
                    new.setdefault(key, name)
            if new:
                ids = self._new_ids("person", len(new))
                rows = [(next(ids), name, key) for key, name in new.items()]
                self.store.execute_many("INSERT INTO person (id, name, name_key) VALUES (?, ?, ?)", rows)
                made = {key: person_id for person_id, _, key in rows}
                if people.cache is not None:
                    people.cache.update(made)
                there.update(made)
                self.new_people.extend(made.values())
            for name, key in keys.items():
                person_of[name] = known[name] = there[key]
        return person_of

    def _new_ids(self, table: str, n: int) -> Iterator[int]:
        """Ids for up to `n` new rows of a table, ascending: after its highest in a file (the
        transaction holds the write lock), from its sequence on a server (other members draw
        from it at the same time; the FILL_ID trigger leaves ids it handed out alone)."""
        if self.store.server is not None:
            return iter(self.store.server.reserve_ids(table, n))
        return itertools.count((self.store.scalar(f"SELECT max(id) FROM {table}") or 0) + 1)

    def _records(self, kind: Any, rows: list[tuple] | None) -> None:
        if rows:
            with_ids = self.keep_ids or kind is BY_NAME["copy"]
            names = ("id", "film_id", "position") if with_ids else ("film_id", "position")
            names += kind.field_names
            self.store.execute_many(f"INSERT INTO {kind.table} ({', '.join(names)}) VALUES "
                                    f"({','.join('?' * len(names))})", rows)


@contextmanager
def bulk_load(store: Store, keep_ids: bool = False) -> Iterator[FilmLoader]:
    """A FilmLoader whose name lookups are cached in memory for the length of the load."""
    tables = (store.people, store.films.genres_table, store.films.companies_table)
    for table in tables:
        table.preload()
    # A bigger page cache while loading: the indexes in random order (people, picture hashes,
    # titles) stay in memory instead of being read back from the WAL for every batch.
    cache = store.scalar("PRAGMA cache_size") if store.server is None else None
    if cache is not None:
        store.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
    try:
        yield FilmLoader(store, keep_ids)
    finally:
        if cache is not None:
            store.execute(f"PRAGMA cache_size = {int(cache)}")
        for table in tables:
            table.cache = None
