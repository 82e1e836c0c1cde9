"""The film rows and what hangs on them directly: genres and companies, the lists of plain values
(countries, spoken languages, keywords), the list's derived columns (sort and matching keys,
directors, number of videos). The one write path of the `film`, `film_genre`, `film_company`,
`genre`, `company` and `film_value` tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import NotFound
from catalog.model.dates import now
from catalog.model.documents import FILM_FIELDS, CompanyDoc
from catalog.model.text import name_key, sort_key, title_key
from catalog.store.chunks import in_chunks
from catalog.store.name_cache import NameCache, preloaded

if TYPE_CHECKING:
    from catalog.store import Store



def summaries_sql(dialect: Any) -> str:
    """The SET list of the list's derived columns: the directors in billing order, the number of
    videos, watched (the diary has a viewing), and the open loans' borrowers (by name) and earliest
    due date (the list's "On loan" column). The names are joined in the subquery's order, which
    the dialect makes sure of (`ordered_concat`)."""
    directors = dialect.ordered_concat("name", "', '", "position, id")
    borrowers = dialect.ordered_concat("name", "', '", "name")
    return (
        f"directors = coalesce((SELECT {directors} FROM (SELECT p.name, c.position, c.id FROM credit c "
        "JOIN person p ON p.id = c.person_id WHERE c.film_id = film.id AND c.role = 'director' "
        "ORDER BY c.position, c.id) AS names), ''), "
        "video_count = (SELECT count(*) FROM video v WHERE v.film_id = film.id), "
        "watched = CASE WHEN EXISTS (SELECT 1 FROM viewing w WHERE w.film_id = film.id) THEN 1 ELSE 0 END, "
        f"loaned_to = (SELECT {borrowers} FROM (SELECT DISTINCT b.name FROM loan l "
        "JOIN borrower b ON b.id = l.borrower_id WHERE l.film_id = film.id AND l.returned_on IS NULL "
        "ORDER BY b.name) AS names), "
        "loan_due = (SELECT min(l.due_on) FROM loan l WHERE l.film_id = film.id AND l.returned_on IS NULL)")


_LAST_CHARACTER = "\U0010ffff"  # key + it: above every text that begins with key (both compare code points)


class NameTable:
    """A table of names matched by key (genre, company): `id_of(name)` finds or adds one. A
    `cache` (key -> id) may be preloaded for bulk loads: the whole table when it has at most
    CACHE_NAMES names, else the names as they come (at most CACHE_NAMES of them)."""

    def __init__(self, store: Store, table: str) -> None:
        self.store, self.table = store, table
        self.cache: NameCache | None = None

    def preload(self) -> None:
        self.cache = preloaded(self.store, f"SELECT id, name_key FROM {self.table}")

    def id_of(self, name: str) -> int:
        key = name_key(name)
        if self.cache is not None and key in self.cache:
            return self.cache[key]
        row = self.store.one(f"SELECT id FROM {self.table} WHERE name_key = ?", (key,))
        found = row[0] if row else self.store.insert(f"INSERT INTO {self.table} (name, name_key) VALUES (?, ?)",
                                                       (name, key))
        if self.cache is not None:
            self.cache[key] = found
        return found


class FilmTable:
    def __init__(self, store: Store) -> None:
        self.store = store
        # Films the bulk loader wrote with their derived columns in this transaction (emptied at its end).
        self.summarised: set[int] = set()
        # Films the bulk loader wrote with their search index rows in this transaction (emptied at its end).
        self.indexed: set[int] = set()
        self.genres_table = NameTable(store, "genre")
        self.companies_table = NameTable(store, "company")

    def bulk_written(self) -> None:
        """The transaction of a bulk load ends: its films are films like any other."""
        self.summarised.clear()
        self.indexed.clear()

    @staticmethod
    def keys(title: str, sort_title: str | None) -> dict[str, str]:
        """The derived sort and matching keys of a film (the only place they are computed)."""
        return {"sort_key": sort_key(sort_title or title), "title_key": title_key(title)}

    def insert(self, values: Mapping[str, Any], film_id: int | None = None, created_at: str | None = None,
               updated_at: str | None = None) -> int:
        """A new film row from clean FILM_FIELDS values (missing ones are empty)."""
        stamp = now()
        row: dict[str, Any] = {name: values.get(name) for name in FILM_FIELDS}
        row["watched"] = bool(row["watched"])
        row.update(self.keys(row["title"], row["sort_title"]))
        row["created_at"], row["updated_at"] = created_at or stamp, updated_at or created_at or stamp
        if film_id is not None:
            row["id"] = film_id
        names = ", ".join(row)
        return self.store.insert(f"INSERT INTO film ({names}) VALUES ({','.join('?' * len(row))})",
                                 tuple(row.values()))

    def update(self, film_id: int, values: Mapping[str, Any]) -> None:
        """Change some FILM_FIELDS of a film (keys follow a new title) and stamp it."""
        current = self.get(film_id)
        row = dict(values)
        if "title" in row or "sort_title" in row:
            merged = {"title": current["title"], "sort_title": current["sort_title"]} | row
            row.update(self.keys(merged["title"], merged["sort_title"]))
        row["updated_at"] = now()
        self.store.update_row("film", film_id, row)

    def touch(self, film_id: int) -> None:
        self.store.execute("UPDATE film SET updated_at = ? WHERE id = ?", (now(), film_id))

    def set_stamps(self, film_id: int, created_at: str | None, updated_at: str | None) -> None:
        self.store.execute("UPDATE film SET created_at = coalesce(?, created_at), updated_at = coalesce(?, updated_at) "
                           "WHERE id = ?", (created_at, updated_at, film_id))

    def get(self, film_id: int) -> dict[str, Any]:
        """The film's own fields, its stamps and poster_id; NotFound when there is no such film."""
        names = (*FILM_FIELDS, "created_at", "updated_at", "poster_id")
        row = self.store.one(f"SELECT {', '.join(names)} FROM film WHERE id = ?", (film_id,))
        if row is None:
            raise NotFound(f"no film with id {film_id}")
        film = dict(zip(names, row, strict=True))
        film["watched"] = bool(film["watched"])
        return film

    def ids(self) -> list[int]:
        """Every film's id (in no particular order)."""
        return [r[0] for r in self.store.rows("SELECT id FROM film")]

    def id_snapshot(self) -> Any:
        """Every film's id, compactly (a list, or an array for a big catalogue), to tell later
        which films came and went (catalog.model.id_list.came_and_went)."""
        from catalog.store.film_list import parse_order

        return parse_order(self.store.scalar("SELECT group_concat(id) FROM film"))

    def exists(self, film_id: int) -> bool:
        return self.store.one("SELECT 1 FROM film WHERE id = ?", (film_id,)) is not None

    def require(self, film_id: int) -> None:
        if not self.exists(film_id):
            raise NotFound(f"no film with id {film_id}")

    def delete(self, film_ids: Sequence[int]) -> None:
        """Delete films with their credits and records; their images go to the inbox."""
        for chunk, marks in in_chunks(film_ids):
            self.store.execute(f"UPDATE image SET film_id = NULL WHERE film_id IN ({marks})", chunk)
            self.store.execute(f"DELETE FROM film WHERE id IN ({marks})", chunk)

    def label(self, film_id: int | None) -> str:
        """"Title (Year)" of a film, or "Unsorted" for the inbox."""
        if film_id is None:
            return "Unsorted"
        row = self.store.one("SELECT title, year FROM film WHERE id = ?", (film_id,))
        if row is None:
            return f"film {film_id}"
        return f"{row[0]} ({row[1]})" if row[1] else row[0]

    def by_title(self, title: str) -> list[tuple[int, int | None]]:
        """(id, year) of the films called `title` (matched by title key, or by the sort key, so a
        film whose sort title differs is found by its title too), oldest first."""
        return self.store.rows("SELECT id, year FROM film WHERE title_key = ? OR sort_key = ? ORDER BY year, id",
                               (title_key(title), sort_key(title)))

    def last_id(self) -> int:
        """The highest film id (0 for no films): the films an import finds there are those up to it."""
        row = self.store.one("SELECT max(id) FROM film")
        return int(row[0]) if row and row[0] is not None else 0

    def same_title(self, key: str, year: int | None, up_to: int) -> list[tuple[int, list[str]]]:
        """(id, director names) of the films up to id `up_to` with this title key and year, by id."""
        directors: dict[int, list[str]] = {}
        for film_id, name in self.store.rows(
                "SELECT f.id, p.name FROM film f LEFT JOIN credit c ON c.film_id = f.id AND c.role = 'director' "
                "LEFT JOIN person p ON p.id = c.person_id WHERE f.title_key = ? AND f.year IS ? AND f.id <= ? "
                "ORDER BY f.id", (key, year, up_to)):
            names = directors.setdefault(film_id, [])
            if name is not None:
                names.append(name)
        return list(directors.items())

    def with_external_id(self, kind: str, value: str, up_to: int) -> int | None:
        """The first film up to id `up_to` with this external id (the value's case aside)."""
        row = self.store.one("SELECT min(film_id) FROM external_id WHERE kind = ? AND value = ? COLLATE NOCASE "
                             "AND film_id <= ?", (kind, value, up_to))
        return row[0] if row else None

    def with_key(self, key: str) -> list[tuple[int, int | None, str]]:
        """(id, year, title) of the films with this title key, by id."""
        return self.store.rows("SELECT id, year, title FROM film WHERE title_key = ? ORDER BY id", (key,))

    def longest_key_around(self, key: str) -> str | None:
        """Of the title keys of 4+ letters that begin `key` or begin with it, the longest (on a tie,
        the one of the first film)."""
        prefixes = [key[:n] for n in range(4, len(key) + 1)]
        found = self.store.rows("SELECT title_key, min(id) FROM film WHERE title_key >= ? AND title_key < ? "
                                "AND length(title_key) >= 4 GROUP BY title_key", (key, key + _LAST_CHARACTER))
        if prefixes:
            found += self.store.rows(f"SELECT title_key, min(id) FROM film WHERE title_key IN "
                                     f"({','.join('?' * len(prefixes))}) GROUP BY title_key", prefixes)
        return min(found, key=lambda row: (-len(row[0]), row[1]))[0] if found else None

    def keys_from(self, start: str) -> list[str]:
        """The distinct title keys that begin with `start`."""
        return [r[0] for r in self.store.rows("SELECT DISTINCT title_key FROM film WHERE title_key >= ? AND "
                                              "title_key < ?", (start, start + _LAST_CHARACTER))]

    # -- genres and companies -----------------------------------------------------------------------

    def genres(self, film_id: int) -> list[str]:
        return [r[0] for r in self.store.rows(
            "SELECT g.name FROM film_genre fg JOIN genre g ON g.id = fg.genre_id WHERE fg.film_id = ? "
            "ORDER BY fg.position, fg.id", (film_id,))]

    def set_genres(self, film_id: int, names: Iterable[str]) -> None:
        """Replace a film's genres with these (clean) names."""
        self.store.execute("DELETE FROM film_genre WHERE film_id = ?", (film_id,))
        self.add_genres(film_id, names)

    def add_genres(self, film_id: int, names: Iterable[str]) -> None:
        """Give a film (without genres) these clean names; the same genre twice counts once."""
        seen: set[int] = set()
        rows = []
        for position, name in enumerate(names):
            genre = self.genres_table.id_of(name)
            if genre not in seen:
                seen.add(genre)
                rows.append((film_id, genre, position))
        self.store.execute_many("INSERT INTO film_genre (film_id, genre_id, position) VALUES (?, ?, ?)", rows)

    def companies(self, film_id: int) -> list[CompanyDoc]:
        return [CompanyDoc(name=name, role=role) for name, role in self.store.rows(
            "SELECT c.name, fc.role FROM film_company fc JOIN company c ON c.id = fc.company_id "
            "WHERE fc.film_id = ? ORDER BY fc.position, fc.id", (film_id,))]

    def set_companies(self, film_id: int, companies: Iterable[tuple[str, str]]) -> None:
        """Replace a film's companies with these clean (name, role) pairs, in order."""
        self.store.execute("DELETE FROM film_company WHERE film_id = ?", (film_id,))
        self.add_companies(film_id, companies)

    def add_companies(self, film_id: int, companies: Iterable[tuple[str, str]]) -> None:
        rows = [(film_id, self.companies_table.id_of(name), role, position)
                for position, (name, role) in enumerate(companies)]
        self.store.execute_many("INSERT INTO film_company (film_id, company_id, role, position) VALUES (?, ?, ?, ?)",
                                rows)

    # -- lists of plain values (countries, languages, keywords) -------------------------------------

    def values(self, film_id: int, list_name: str) -> list[str]:
        return [r[0] for r in self.store.rows("SELECT value FROM film_value WHERE film_id = ? AND list = ? "
                                              "ORDER BY position, id", (film_id, list_name))]

    def set_values(self, film_id: int, list_name: str, values: Iterable[str]) -> None:
        """Replace one of a film's lists with these clean values, in order."""
        self.store.execute("DELETE FROM film_value WHERE film_id = ? AND list = ?", (film_id, list_name))
        self.add_values(film_id, list_name, values)

    def add_values(self, film_id: int, list_name: str, values: Iterable[str]) -> None:
        self.store.execute_many("INSERT INTO film_value (film_id, list, value, position) VALUES (?, ?, ?, ?)",
                                [(film_id, list_name, v, n) for n, v in enumerate(values)])

    def all_values(self) -> list[tuple[int, str, str]]:
        """(film id, list, value) of every film, each list in order (the export)."""
        return self.store.rows("SELECT film_id, list, value FROM film_value ORDER BY film_id, list, position, id")

    # -- the poster -----------------------------------------------------------------------------------

    def poster(self, film_id: int) -> int | None:
        return self.store.scalar("SELECT poster_id FROM film WHERE id = ?", (film_id,))

    def set_poster(self, film_id: int, image_id: int | None) -> None:
        self.store.execute("UPDATE film SET poster_id = ? WHERE id = ?", (image_id, film_id))

    # -- derived columns ----------------------------------------------------------------------------

    def refresh_summaries(self, film_ids: Iterable[int]) -> None:
        """Recompute the list's derived columns (directors, number of videos, watched, on loan)
        for these films."""
        for chunk, marks in in_chunks(film_ids):
            self.store.execute(f"UPDATE film SET {summaries_sql(self.store.dialect)} WHERE id IN ({marks})", chunk)
            rows = self.store.rows(f"SELECT id, directors FROM film WHERE id IN ({marks})", chunk)
            self.store.execute_many("UPDATE film SET directors_key = ? WHERE id = ?",
                                    [(sort_key(d.split(", ")[0]) if d else "", fid) for fid, d in rows])
