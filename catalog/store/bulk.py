"""Loading whole film documents: a JSON import, the demo, and undo of a delete (which keeps the
ids), with lookup caches for people, genres, companies and pictures. Films go in batches
(`write`, of films prepared from their documents by catalog.store.prepared, maybe in another
process): ids handed out from the tables' highest (the transaction holds the write lock) or, on a
server, reserved from the tables' sequences — or the documents' own for an undo; one executemany
per table for the batch (COPY on a server, catalog.store.shared); the list's derived columns
(directors, their sort key, the number of videos) and, in a file, the search index rows written
with them: 100,000 rich films (~3M rows) in about a third of the time of a row at a time.

Call inside the caller's transaction; documents must already be clean (catalog.ops validates)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from catalog.model.dates import now
from catalog.model.documents import FILM_FIELDS
from catalog.model.id_runs import IdRuns
from catalog.model.kinds import BY_NAME, KINDS
from catalog.model.text import name_key
from catalog.store.chunks import in_chunks
from catalog.store.images import COLUMNS as IMAGE_COLUMNS
from catalog.store.name_cache import NameCache
from catalog.store.prepared import Incoming, Prepared, PreparedImage

if TYPE_CHECKING:
    from catalog.store import Store

BULK_CACHE_KB = 160_000


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
        self._respelled: set[str] = set()  # credited names whose person is stored spelled otherwise
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
        """`write` these clean documents (prepared here)."""
        types = {name: type_ for name, (_, type_) in self.custom.items()}
        return self.write([Incoming.of(doc, types) for doc in docs])

    def write(self, films: Sequence[Incoming]) -> list[int]:
        """Write films in one batch; returns their ids, in order. Their derived columns are
        written with them (`summarised`: refresh_summaries may skip them), and in a file their
        search index rows (`indexed`: the index's fill query may skip them). `keep_ids`: the
        films, their credits, records and pictures keep the documents' ids, credited people
        theirs when they are there (the redo of an undone import: a row at a time took twice the
        import)."""
        store, keep = self.store, self.keep_ids
        batch = [film.prepared for film in films]
        copy_at = KINDS.index(BY_NAME["copy"])
        film_ids = iter([cast(int, p.id) for p in batch]) if keep else self._new_ids("film", len(batch))
        copy_ids = self._new_ids(BY_NAME["copy"].table, 0 if keep else sum(len(p.records[copy_at]) for p in batch))
        image_ids = self._new_ids("image", 0 if keep else sum(len(p.images) for p in batch))
        stamp = now()
        film_rows, genre_rows, value_rows, company_rows = [], [], [], []
        custom_rows: list[tuple[int, int, str]] = []
        credit_rows: list[Any] = []
        record_rows: list[list[tuple]] = [[] for _ in KINDS]
        image_rows, placements, copy_links = [], [], []
        search_rows: list[tuple[Any, ...]] = []
        ids: list[int] = []
        at_the_desk: list[tuple[int, Mapping[str, Any], list[int]]] = []  # films with loans or a wish
        kept_people = self._people_kept(batch) if keep else set()
        person_of = self._people_of(credit[0] for p in batch for credit in p.credits if credit[1] not in kept_people)
        pictures = self.pictures(image[0] for p in batch for image in p.images)
        genre_id, company_id = store.films.genres_table.id_of, store.films.companies_table.id_of
        search = not keep  # (a kept person may have been renamed since: the fill query reads the names)
        for film, p in zip(films, batch, strict=True):
            film_id = next(film_ids)
            ids.append(film_id)
            for person, kept, credit_id, role, character, position in p.credits:
                person_id = kept if kept in kept_people else person_of[person]
                credit_rows.append((*([credit_id] if keep else []), film_id, person_id, role, character, position))
            seen: set[int] = set()
            for position, name in enumerate(p.genres):
                genre = genre_id(name)
                if genre not in seen:
                    seen.add(genre)
                    genre_rows.append((film_id, genre, position))
            value_rows += [(film_id, *value) for value in p.values]
            custom_rows += [(film_id, self.custom[name][0], text) for name, text in p.custom]
            company_rows += [(film_id, company_id(name), role, n) for name, role, n in p.companies]
            copies: list[int] = []
            for at, rows in enumerate(p.records):
                if at == copy_at:
                    copies = [int(row[0]) if keep else next(copy_ids) for row in rows]
                    record_rows[at] += [(copy_id, film_id, *row[1:]) for copy_id, row in zip(copies, rows, strict=True)]
                elif keep:
                    record_rows[at] += [(row[0], film_id, *row[1:]) for row in rows]
                else:
                    record_rows[at] += [(film_id, *row[1:]) for row in rows]
            poster = None
            for image in map(PreparedImage._make, p.images):
                sha, place = image.sha256, image.copy
                copy_id = image.copy_id if keep else None
                if copy_id is None and isinstance(place, int) and 0 <= place < len(copies):
                    copy_id = copies[place]
                if sha in pictures:  # the picture's row is there: put it on the film if it was unsorted
                    image_id, old_film, old_position = pictures[sha]
                    if old_film is None:
                        self.unsorted.append([image_id, None, old_position])
                        placements.append((image_id, film_id, image.position))
                        pictures[sha] = (image_id, film_id, old_position)
                        if copy_id is not None:
                            copy_links.append((copy_id, image_id))
                else:
                    image_id = cast(int, image.id) if keep else next(image_ids)
                    image_rows.append((image_id, film_id, image.kind, sha, image.original_name, None, image.width,
                                       image.height, image.format, image.bytes, image.phash, image.caption,
                                       image.credit, image.position, not self.stored(sha), stamp, image.placeholder,
                                       copy_id))
                    pictures[sha] = (image_id, film_id, 0)
                    self.new_images.append(image_id)
                if sha == p.poster:
                    poster = image_id
            if p.desk:
                at_the_desk.append((film_id, film.doc, copies))
            created = p.film[-5] or stamp
            film_rows.append((film_id, *p.film[:-5], created, p.film[-4] or created, poster, *p.film[-3:]))
            if search and not any(credit[0] in self._respelled for credit in p.credits):
                search_rows.append((film_id, *p.search))
        columns = (*FILM_FIELDS, "sort_key", "title_key", "created_at", "updated_at")
        insert_films = (f"INSERT INTO film (id, {', '.join(columns)}, poster_id, directors, directors_key, "
                        f"video_count) VALUES ({','.join('?' * (len(columns) + 5))})")
        insert_images = f"INSERT INTO image ({', '.join(IMAGE_COLUMNS)}) VALUES ({','.join('?' * len(IMAGE_COLUMNS))})"
        if store.server is None:
            # Each film goes in with its poster, whose row comes after: SQLite is told to check the
            # foreign keys when the pictures are in (where setting the posters afterwards rewrote
            # each film row and its place in two indexes: 13 % of the import at 100,000 films). The
            # copies go in first, while nothing is missing: a new row is then not looked for among
            # those naming it (a copy's among the pictures, by a column without an index).
            store.execute("PRAGMA defer_foreign_keys = ON")
            self._records(BY_NAME["copy"], record_rows[copy_at])
            store.execute_many(insert_films, film_rows)
            store.execute_many(insert_images, image_rows)  # (ids ascending)
            store.execute("PRAGMA defer_foreign_keys = OFF")  # (every row named is there)
        else:
            # Every row goes in after the rows it names (the foreign keys are checked as they
            # come): the films, their copies, the pictures, then each film's poster.
            store.execute_many(insert_films, [(*row[:-4], None, *row[-3:]) for row in film_rows])
            self._records(BY_NAME["copy"], record_rows[copy_at])
            store.execute_many(insert_images, image_rows)
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
        for at, kind in enumerate(KINDS):
            if at != copy_at:
                self._records(kind, record_rows[at])
        for film_id, doc, copies in at_the_desk:
            self.desk(film_id, doc, copies)
        if search_rows and store.search.add(search_rows):
            store.films.indexed.update(int(row[0]) for row in search_rows)
        # A film on loan has its `loaned_to` and `loan_due` made by refresh_summaries.
        lent = {film_id for film_id, p in zip(ids, batch, strict=True) if p.lent}
        store.films.summarised.update(set(ids) - lent)
        return ids

    def _people_kept(self, batch: Sequence[Prepared]) -> set[int]:
        """(keep_ids) The ids of the people the batch credits by id who are there."""
        wanted = {credit[1] for p in batch for credit in p.credits if credit[1] is not None}
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
            stored = people.names_of(there.values())  # (their spelling: the search index holds it)
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
                stored.update((person_id, name) for person_id, name, _ in rows)
                self.new_people.extend(made.values())
            for name, key in keys.items():
                person_of[name] = known[name] = there[key]
                if stored[there[key]] != name:
                    self._respelled.add(name)
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
