"""The film list: the ids of the films a search matches, in display order, and the rows that show
them. Search and sort run in SQL; the whole-catalogue order of each sort is cached in memory until
a write moves a film (most edits leave every film in place, and the cache survives them)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from catalog.errors import ValidationError
from catalog.model.rows import FilmRow
from catalog.store import search_index

if TYPE_CHECKING:
    from catalog.store import Store

SORT_COLUMNS = {
    "title": "f.sort_key", "year": "f.year", "directors": "f.directors_key", "runtime": "f.runtime_min",
    "rating": "f.rating", "videos": "f.video_count", "added": "f.created_at",
    "on_loan": "f.loaned_to",  # the borrowers of its open loans (NULL: not lent, listed last)
}


class FilmList:
    """Reads may run on any thread; `written` is told of every committed change to films."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._lock = threading.Lock()  # a worker's commit may clear the cache mid-read
        self._writes = 0  # commits that changed films; an order read across one is not cached

    def count(self) -> int:
        return self.store.scalar("SELECT count(*) FROM film")

    def ids(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[int]:
        """Ids of the films matching `query` (search syntax of catalog.model.search_query), in display
        order. sort None: by relevance when the query has words, else by title. A query that cannot be
        searched raises ValidationError (SearchSyntaxError) whose message is a plain hint."""
        search = self.store.search
        if query.strip():
            found = search.text_matches(query)
            if found is not None and len(found[0]) > search_index.RANK_LIMIT:
                # Most of the catalogue matches: filter the cached list order in memory, which is
                # faster than having SQLite sort or probe tens of thousands of matches.
                matches, in_title = found
                ids = [i for i in self.order(sort or "title", descending and sort is not None) if i in matches]
                if sort is None:  # relevance: films with the words in their title first
                    ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
                    if descending:
                        ids.reverse()
                return ids
        if sort is None:
            ranked = search.ranked_ids(query, descending)
            if ranked is not None:
                return ranked
            sort = "title"
        if not query.strip():
            return list(self.order(sort, descending))
        return self.query_ids(query, sort, descending)

    def order(self, sort: str, descending: bool) -> list[int]:
        """Every film id in list order, cached until a write moves a film (do not modify the list)."""
        key = (sort, descending)
        order = self._orders.get(key)
        if order is None:
            writes = self._writes
            order = self.query_ids("", sort, descending)
            with self._lock:
                if writes == self._writes:
                    self._orders[key] = order
        return order

    def forget_orders(self) -> None:
        """Drop every cached order (the next list of each sort reads it again)."""
        with self._lock:
            self._orders.clear()

    def forget(self) -> None:
        """Drop every cached order (another process changed the catalogue, or a backup came back)."""
        with self._lock:
            self._writes += 1
            self._orders.clear()

    def written(self, added: set[int], updated: set[int], removed: set[int]) -> None:
        """After a commit that changed films: drop the cached orders it may have changed."""
        with self._lock:
            self._writes += 1
            if added or removed or len(updated) > 20:
                self._orders.clear()
            else:  # an edit rarely moves a film in the list: keep the orders it leaves in order
                for key in [k for k, order in self._orders.items()
                            if not self._still_ordered(order, *k, updated)]:
                    del self._orders[key]

    def _still_ordered(self, order: list[int], sort: str, descending: bool, changed: set[int]) -> bool:
        """Whether each changed film still sits rightly between its neighbours in a cached order
        (compared as SQLite orders them in query_ids: missing values last, then title, then id)."""
        column = "sort_key" if sort == "title" else SORT_COLUMNS[sort].removeprefix("f.")
        spots = {fid: order.index(fid) for fid in changed if fid in order}
        if len(spots) != len(changed):
            return False
        ids = {order[j] for i in spots.values() for j in (i - 1, i, i + 1) if 0 <= j < len(order)}
        marks = ",".join("?" * len(ids))
        keys = {fid: (value is None, value, sk, fid) for fid, value, sk in self.store.rows(
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

    def query_ids(self, query: str, sort: str, descending: bool) -> list[int]:
        if sort not in SORT_COLUMNS:
            raise ValidationError("sort", sort, f"is not one of: {', '.join(SORT_COLUMNS)}")
        column = SORT_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        # Films without a value sort last either way, like a shelf's unlabelled boxes.
        order = f"{column} IS NULL, {column} {direction}, f.sort_key {direction}, f.id {direction}"
        if sort == "title":
            order = f"f.sort_key {direction}, f.id {direction}"
        where, params = self.store.search.where_clause(query)
        return [row[0] for row in self.store.rows(f"SELECT f.id FROM film f {where} ORDER BY {order}", params)]

    def rows(self, ids: Iterable[int]) -> dict[int, FilmRow]:
        """The list's rows of these films (those that exist), by id."""
        ids = list(ids)
        rows: dict[int, FilmRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.store.rows(
                "SELECT f.id, f.title, f.year, f.directors, f.runtime_min, f.rating, f.video_count, i.sha256, "
                "f.loaned_to, f.loan_due "
                f"FROM film f LEFT JOIN image i ON i.id = f.poster_id WHERE f.id IN ({marks})", chunk,
            ):
                rows[r[0]] = FilmRow(*r)
        return rows
