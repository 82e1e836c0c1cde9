"""The film list: the ids of the films a search matches, in display order, and the rows that show
them. Search and sort run in SQL; the whole-catalogue order of each sort column is cached in
memory as a compact array (catalog.model.id_list) and kept through writes (a film that moved is
put back in its place by a binary search), so that big match sets are ordered by filtering it.

A million films: an order is 8 MB, read from SQLite as one string (one group_concat, parsed in C);
a match set of most of the catalogue is filtered through a mask in a few milliseconds. Orders of
up to a few hundred thousand films are plain lists (an ordinary catalogue opens without numpy)."""

from __future__ import annotations

import bisect
import json
import sys
import threading
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, cast

from catalog.errors import ValidationError
from catalog.model.id_list import SMALL, IdList, Ids, as_array
from catalog.model.rows import FilmRow
from catalog.store import search_index
from catalog.store.chunks import in_chunks

if TYPE_CHECKING:
    from catalog.store import Store

SORT_COLUMNS = {
    "title": "f.sort_key", "year": "f.year", "directors": "f.directors_key", "runtime": "f.runtime_min",
    "rating": "f.rating", "videos": "f.video_count", "added": "f.created_at",
    "on_loan": "f.loaned_to",  # the borrowers of its open loans (NULL: not lent, listed last)
}
# From this many films on, a search reads each clause's films on its own and orders them from the
# cached order (see Fts5Index.match_set); below it, one SQL statement each is as quick.
SET_PATH_MIN = 20_000
MOVED_LIMIT = 20  # changes to more films than this drop the cached orders instead of mending them


def parse_ids(text: str | None) -> Ids:
    """'3,1,2' (SQLite's group_concat) as an int64 array: one C pass, ~10 ms for a million ids."""
    import numpy as np

    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)


def parse_order(text: str | None) -> Ids | list[int]:
    """As parse_ids, but a plain list for an order of an ordinary size while numpy is not loaded."""
    if text and (len(text) > 8 * SMALL or "numpy" in sys.modules):
        return parse_ids(text)
    # The ids are digits and commas: JSON's parser reads them 2.5x faster than int() one by one (7 ms at 100,000).
    return json.loads(f"[{text}]") if text else []


class _Order:
    """One sort column's whole-catalogue order, ascending, films without a value last; the
    descending order is its reverse with those films kept last (as SQLite orders them)."""

    __slots__ = ("ids", "nulls")

    def __init__(self, ids: Ids | list[int], nulls: int) -> None:
        self.ids, self.nulls = ids, nulls

    def directed(self, descending: bool) -> Ids | list[int]:
        if not descending:
            return self.ids
        split = len(self.ids) - self.nulls
        if isinstance(self.ids, list):
            return self.ids[:split][::-1] + self.ids[split:][::-1]
        import numpy as np

        return np.concatenate((self.ids[:split][::-1], self.ids[split:][::-1]))

    def array(self) -> Ids:
        if isinstance(self.ids, list):
            self.ids = as_array(self.ids)
        return self.ids


class FilmList:
    """Reads may run on any thread; `written` is told of every committed change to films."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._orders: dict[str, _Order] = {}
        self._lock = threading.Lock()  # a worker's commit may clear the cache mid-read
        self._writes = 0  # commits that changed films; an order read across one is not cached
        self._ahead: dict[str, threading.Event] = {}  # orders being read ahead (set: read or failed)

    def count(self) -> int:
        cached = self._orders.get("title")  # (kept in step with every write: a million films need no count(*))
        return len(cached.ids) if cached is not None else self.store.scalar("SELECT count(*) FROM film")

    def ids(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[int]:
        """Ids of the films matching `query` (search syntax of catalog.model.search_query), in display
        order. sort None: by relevance when the query has words, else by title. A query that cannot be
        searched raises ValidationError (SearchSyntaxError) whose message is a plain hint."""
        return self.id_list(query, sort, descending).tolist()

    def id_list(self, query: str = "", sort: str | None = None, descending: bool = False) -> IdList:
        """As `ids`, compactly (catalog.model.id_list)."""
        search = self.store.search
        if query.strip() and self.store.server is None and self.count() >= SET_PATH_MIN:
            return IdList(self._searched(query, sort, descending))
        if query.strip():
            found = search.text_matches(query)
            if found is not None and len(found[0]) > search_index.RANK_LIMIT:
                # Most of the catalogue matches: filter the cached list order through a mask, which is
                # faster than having SQLite sort or probe tens of thousands of matches.
                matches, in_title = found  # (relevance: the films with the words in their title first)
                ids = self._subset(matches, sort or "title", descending and sort is not None,
                                   first=in_title if sort is None else None)
                return IdList(ids[::-1] if sort is None and descending else ids)
            if sort is None:
                ranked = search.ranked_ids(query, descending, found)
                if ranked is not None:
                    return IdList(ranked)
                sort = "title"
            self._check(sort)
            if found is None:  # filters: a big set is ordered from the cached order too
                where, params = search.where_clause(query)
                matches = parse_ids(self.store.scalar(f"SELECT group_concat(f.id) FROM film f {where}", params))
                if len(matches) > search_index.BIG_MATCH:
                    return IdList(self._subset(matches, sort, descending))
            return IdList(self.query_ids(query, sort, descending))
        sort = sort or "title"
        return IdList(self.order(sort, descending))

    def _searched(self, query: str, sort: str | None, descending: bool) -> Ids:
        """A search of a big catalogue: its match set, in the cached order of the sort (relevance:
        films with every word in their title first, ranked by bm25 when they are few)."""
        self._check(sort or "title")
        search = cast(search_index.Fts5Index, self.store.search)  # (SQLite's: id_list asks only of it)
        matches, in_title, text_count = search.match_set(query, titles=sort is None)
        if sort is None and in_title is None:
            sort = "title"  # nothing to rank: the title order, either way
        by_score = sort is None and text_count <= search_index.RANK_LIMIT
        ids = self._subset(matches, sort or "title", descending and sort is not None,
                           first=in_title if sort is None and not by_score else None)
        if by_score:
            scores = search.scores(query)
            titled = {int(i) for i in in_title}
            ids = as_array(sorted(ids.tolist(), key=lambda i: (i not in titled, scores.get(i, 0.0))))
        return ids[::-1] if sort is None and descending else ids

    @staticmethod
    def _check(sort: str) -> None:
        if sort not in SORT_COLUMNS:
            raise ValidationError("sort", sort, f"is not one of: {', '.join(SORT_COLUMNS)}")

    def _subset(self, matches: Ids, sort: str, descending: bool, first: Ids | None = None) -> Ids:
        """The films of `matches` (any order) in the cached order of `sort`; with `first`, those
        also in `first` before the others, each part in that order (one pass over the order)."""
        import numpy as np

        order: Any = self.order(sort, descending)
        cached = self._orders.get(sort)
        if cached is not None:
            cached.array()  # once: the cached order kept as an array from now on
            order = cached.directed(descending)
        order, matches = as_array(order), as_array(matches)  # (a server's search gives sets)
        if not len(matches) or not len(order):
            return order[:0]
        first = None if first is None else as_array(first)
        top = max(int(order.max()), int(matches.max()), int(first.max()) if first is not None and len(first) else 0)
        mask = np.zeros(top + 1, dtype=np.uint8)  # 1: a match, 2: a match also in `first`
        mask[matches[matches >= 0]] = 1
        if first is None:
            return order[mask[order].view(bool)]
        mask[first[first >= 0]] <<= 1
        kept = mask[order]
        return np.concatenate((order[kept == 2], order[kept == 1]))

    def order(self, sort: str, descending: bool) -> Ids | list[int]:
        """Every film id in list order, cached until a write changes it (do not modify)."""
        self._check(sort)
        cached = self._orders.get(sort)
        if cached is None:
            ahead = self._ahead.get(sort)
            if ahead is not None:
                ahead.wait()
                cached = self._orders.get(sort)
            if cached is None:  # (not read ahead, or a write came across it)
                cached = self._cache_order(sort)
        return cached.directed(descending)

    def read_ahead(self, sort: str = "title") -> None:
        """Start reading `sort`'s order on a thread of its own; the first list to ask finds it
        read, or waits for the rest. SQLite lets go of the GIL while it steps, so the read goes by
        while the window is being built: at a million films the title order is 0.2–0.25 s (a
        server's catalogue: not worth a thread)."""
        with self._lock:
            if sort not in SORT_COLUMNS or sort in self._orders or sort in self._ahead or self.store.server is not None:
                return
            done = self._ahead[sort] = threading.Event()

        def read() -> None:
            try:
                with self.store.connection():  # this thread's own, closed after
                    self._cache_order(sort)
            except Exception:  # (the list reads it again when it asks, and says what is wrong)
                pass
            finally:
                with self._lock:
                    del self._ahead[sort]
                done.set()

        threading.Thread(target=read, name="marquee-read-ahead", daemon=True).start()

    def _cache_order(self, sort: str) -> _Order:
        writes = self._writes
        order = self._read_order(sort)
        with self._lock:
            if writes == self._writes:
                self._orders[sort] = order
        return order

    def _ordered_ids(self, where: str, order: str) -> Ids | list[int]:
        """The ids of the films `where` holds for ('' for all), in `order`, as one string: from
        SQLite by group_concat over the ordered rows; from a server by an aggregate that orders
        its own input (its aggregate need not keep a subquery's order): ~40 ms at 100,000 films
        every time, where 100,000 rows took 22-40 ms but now and then over 60 (the first search
        after opening a big catalogue reads the title order: its time is the search's p95)."""
        if self.store.server is not None:
            return parse_order(self.store.scalar(f"SELECT string_agg(f.id::text, ',' ORDER BY {order}) "
                                                 f"FROM film f {where}"))
        select = f"SELECT f.id FROM film f {where}ORDER BY {order}"  # (`where` ends in a space)
        return parse_order(self.store.scalar(f"SELECT group_concat(id) FROM ({select})"))

    def _read_order(self, sort: str) -> _Order:
        """The ascending order from the database, as the indexes hold it: films with a value, then the rest."""
        if sort == "title":
            return _Order(self._ordered_ids("", "f.sort_key, f.id"), 0)
        column = SORT_COLUMNS[sort]
        valued = self._ordered_ids(f"WHERE {column} IS NOT NULL ", f"{column}, f.sort_key, f.id")
        missing = self._ordered_ids(f"WHERE {column} IS NULL ", "f.sort_key, f.id")
        if isinstance(valued, list) and isinstance(missing, list):
            return _Order(valued + missing, len(missing))
        import numpy as np

        return _Order(np.concatenate((as_array(valued), as_array(missing))), len(missing))

    def forget_orders(self) -> None:
        """Drop every cached order (the next list of each sort reads it again)."""
        with self._lock:
            self._orders.clear()

    def forget(self) -> None:
        """Drop every cached order (another process changed the catalogue, or a backup came back)."""
        with self._lock:
            self._writes += 1
            self._orders.clear()

    def written(self, added: AbstractSet[int], updated: AbstractSet[int], removed: AbstractSet[int]) -> None:
        """After a commit that changed films: mend the cached orders (a few films: each is taken out
        and put back where it now belongs), or drop them (many films)."""
        with self._lock:
            self._writes += 1
            if len(added) + len(updated) + len(removed) > MOVED_LIMIT:
                self._orders.clear()
                return
            for sort in list(self._orders):
                try:
                    self._orders[sort] = self._mended(sort, self._orders[sort], added, updated, removed)
                except Exception:  # never a stale order: read it again when next needed
                    del self._orders[sort]

    def _key_reader(self, sort: str) -> Callable[[Iterable[int]], dict[int, tuple]]:
        """Reads the films' sort keys as Python compares them in the ascending order (films without
        a value last, then title, then id; text compares by code point as SQLite's BINARY does)."""
        column = "sort_key" if sort == "title" else SORT_COLUMNS[sort].removeprefix("f.")

        def read(ids: Iterable[int]) -> dict[int, tuple]:
            wanted = list(ids)
            marks = ",".join("?" * len(wanted))
            return {fid: (value is None, 0 if value is None else value, sk, fid) for fid, value, sk in self.store.rows(
                f"SELECT id, {column}, sort_key FROM film WHERE id IN ({marks})", wanted)}
        return read

    def _mended(self, sort: str, order: _Order, added: AbstractSet[int],
                updated: AbstractSet[int], removed: AbstractSet[int]) -> _Order:
        ids = order.ids
        read = self._key_reader(sort)
        changed = added | updated | removed
        if not changed:
            return order
        if isinstance(ids, list):
            spots = [i for i, fid in enumerate(ids) if fid in changed]
        else:
            import numpy as np

            spots = np.flatnonzero(np.isin(ids, np.fromiter(changed, dtype=np.int64))).tolist()
        keys = read([*updated, *added])  # of the changed films still there
        if updated and not added and not removed and len(spots) == len(updated):
            # Most edits leave the film where it was: check it against its neighbours.
            near = {int(ids[j]) for i in spots for j in (i - 1, i + 1) if 0 <= j < len(ids)}
            around = keys | read(near - set(keys))
            if all((i == 0 or around[int(ids[i - 1])] <= around[int(ids[i])])
                   and (i + 1 == len(ids) or around[int(ids[i])] <= around[int(ids[i + 1])]) for i in spots):
                # In place; one may have crossed into (or out of) the films without a value.
                tail = order.nulls - sum(1 for i in spots if i >= len(ids) - order.nulls)
                tail += sum(k[0] for k in keys.values())
                return order if tail == order.nulls else _Order(ids, tail)
        nulls = order.nulls - sum(1 for i in spots if i >= len(ids) - order.nulls)
        rest: list[int] | Ids
        if isinstance(ids, list):
            rest = [fid for fid in ids if fid not in changed]
        else:
            import numpy as np

            rest = np.delete(ids, spots)
        probe: dict[int, tuple] = {}

        def key(fid: int) -> tuple:
            if fid not in probe:
                probe.update(read([fid]))
            return probe[fid]

        for fid in sorted(keys, key=lambda f: keys[f]):  # the films still there, each put in its place
            at = bisect.bisect_left(rest, keys[fid], key=lambda f: key(int(f)))
            if isinstance(rest, list):
                rest.insert(at, fid)
            else:
                import numpy as np

                rest = np.insert(rest, at, fid)
            nulls += keys[fid][0]
        return _Order(rest, nulls)

    @staticmethod
    def _order_by(sort: str, descending: bool) -> str:
        column = SORT_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        # Films without a value sort last either way, like a shelf's unlabelled boxes.
        if sort == "title":
            return f"f.sort_key {direction}, f.id {direction}"
        return f"{column} IS NULL, {column} {direction}, f.sort_key {direction}, f.id {direction}"

    def query_ids(self, query: str, sort: str, descending: bool) -> list[int]:
        self._check(sort)
        where, params = self.store.search.where_clause(query)
        return [row[0] for row in self.store.rows(
            f"SELECT f.id FROM film f {where} ORDER BY {self._order_by(sort, descending)}", params)]

    def rows(self, ids: Iterable[int]) -> dict[int, FilmRow]:
        """The list's rows of these films (those that exist), by id."""
        rows: dict[int, FilmRow] = {}
        for chunk, marks in in_chunks(ids):
            for r in self.store.rows(
                "SELECT f.id, f.title, f.year, f.directors, f.runtime_min, f.rating, f.video_count, i.sha256, "
                "f.loaned_to, f.loan_due "
                f"FROM film f LEFT JOIN image i ON i.id = f.poster_id WHERE f.id IN ({marks})", chunk,
            ):
                rows[r[0]] = FilmRow(*r)
        return rows

