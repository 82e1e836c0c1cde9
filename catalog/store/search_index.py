"""The search index behind `SearchIndex`: this module's implementation keeps an FTS5 index of each
film's words (table film_fts, rowid = film id, migration 2) and compiles the search box's language
(catalog.model.search_query) to SQL over `film f`.

Thread rules: methods run on the caller's connection; reindex/unindex run inside the caller's write
transaction. User text never reaches FTS5 unquoted."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from peewee import Database

from catalog.model.id_list import as_set
from catalog.model.kinds import KINDS, RecordKind
from catalog.model.loans import today
from catalog.model.search_query import ID_FIELDS, LIST_FIELDS, TEXT_FIELDS, Clause, parse
from catalog.model.text import name_key
from catalog.store.split_reads import SplitReader

COLUMNS = ("title", "directors", "writers", "actors", "crew", "characters", "body", "extras")
# bm25 weights in COLUMNS order: a word in the title outweighs the same word in a synopsis.
WEIGHTS = (10.0, 4.0, 3.0, 4.0, 2.0, 2.0, 1.0, 0.5)
RANK_LIMIT = 2000  # rank by bm25 only when the words match at most this many films
# Above this many matches, scan the list's covering index in order and test membership instead of
# looking up each match and sorting (measured at 100k films: ~58 ms instead of ~104 ms for `a`).
BIG_MATCH = 5000
BATCH = 5000
# The index's prefix='1 2 3' holds the films of each prefix of up to 3 characters. A longer prefix
# (`love`) is merged by FTS5 from the entries of every word it begins, positions and all, on each
# read (and each half of a split read): at a million films ~50 ms. The same films come ~40 % sooner
# as an OR of those words, found in the index's vocabulary by one seek each (see Fts5Index._words).
INDEXED_PREFIX = 3
MAX_WORDS = 32  # above this many words the OR costs more than the merge (233 words: 7x slower)
NUMBER_COLUMNS = {"year": "f.year", "rating": "f.rating", "runtime": "f.runtime_min"}
FILM_HAS_SQL = {
    "poster": "f.poster_id IS NOT NULL",
    "synopsis": "coalesce(f.synopsis, '') <> ''",
    # `+f.id`: test membership while scanning in list order (these sets are usually large).
    "image": "+f.id IN (SELECT film_id FROM image WHERE film_id IS NOT NULL)",
    "credit": "+f.id IN (SELECT film_id FROM credit)",
}


class SearchIndex(Protocol):
    """What the catalogue needs of a search index (FTS5 here; another database has its own)."""

    def reindex(self, film_ids: Iterable[int]) -> None: ...
    def add(self, rows: Sequence[Sequence[Any]]) -> bool: ...
    def unindex(self, film_ids: Iterable[int]) -> None: ...
    def rebuild(self) -> None: ...
    def matching_sql(self, query: str) -> tuple[str, tuple]: ...
    def where_clause(self, query: str) -> tuple[str, tuple]: ...
    def ranked_ids(self, query: str, descending: bool = False,
                   found: tuple[Any, Any] | None = None) -> list[int] | None: ...
    def text_matches(self, query: str) -> tuple[Any, Any] | None: ...


def _has_sql(kind: RecordKind, word: str) -> tuple[str, list[str]]:
    if kind.name == "video" and word == "video":
        return "f.video_count > 0", []
    if word in kind.has:
        return f"+f.id IN (SELECT film_id FROM {kind.table})", []
    return f"+f.id IN (SELECT film_id FROM {kind.table} WHERE {kind.choice_has} = ?)", [word]


HAS_SQL = {word: (kind, word) for kind in KINDS for word in kind.has_words()}


def _fill_sql() -> str:
    """The query filling the index rows of the films in temp.search_ids, from the tables. The
    `extras` column holds the words of every record kind's indexed fields."""
    record_ctes, extras, joins = [], [], []
    for kind in (k for k in KINDS if k.indexed):
        words = " || ' ' || ".join(f"coalesce({name}, '')" for name in kind.indexed)
        alias = f"k_{kind.name}"
        record_ctes.append(f"{alias} AS (SELECT film_id AS id, group_concat({words}, ' ') AS t FROM {kind.table} "
                           f"WHERE film_id IN ids GROUP BY film_id)")
        extras.append(f"coalesce({alias}.t, '')")
        joins.append(f"LEFT JOIN {alias} ON {alias}.id = f.id")
    # The film's lists (countries, languages, keywords) and its custom fields' text.
    record_ctes.append("k_values AS (SELECT film_id AS id, group_concat(value, ' ') AS t FROM film_value "
                       "WHERE film_id IN ids GROUP BY film_id)")
    record_ctes.append("k_custom AS (SELECT film_id AS id, group_concat(value, ' ') AS t FROM film_custom "
                       "WHERE film_id IN ids GROUP BY film_id)")
    for alias in ("k_values", "k_custom"):
        extras.append(f"coalesce({alias}.t, '')")
        joins.append(f"LEFT JOIN {alias} ON {alias}.id = f.id")
    return f"""
WITH ids AS (SELECT id FROM temp.search_ids),
cr AS (
    SELECT c.film_id AS id,
        group_concat(CASE WHEN c.role = 'director' THEN p.name END, ' ') AS directors,
        group_concat(CASE WHEN c.role = 'writer' THEN p.name END, ' ') AS writers,
        group_concat(CASE WHEN c.role = 'actor' THEN p.name END, ' ') AS actors,
        group_concat(CASE WHEN c.role NOT IN ('director', 'writer', 'actor') THEN p.name END, ' ') AS crew,
        group_concat(c.character, ' ') AS characters
    FROM credit c JOIN person p ON p.id = c.person_id WHERE c.film_id IN ids GROUP BY c.film_id){
        "".join(", " + cte for cte in record_ctes)}
INSERT INTO film_fts (rowid, title, directors, writers, actors, crew, characters, body, extras)
SELECT f.id, f.title || ' ' || coalesce(f.original_title, ''),
    cr.directors, cr.writers, cr.actors, cr.crew, cr.characters,
    coalesce(f.tagline, '') || ' ' || coalesce(f.synopsis, '') || ' ' || coalesce(f.notes, ''),
    {" || ' ' || ".join(extras) or "''"}
FROM film f LEFT JOIN cr ON cr.id = f.id {" ".join(joins)}
WHERE f.id IN ids
"""


_FILL = _fill_sql()


def _fts(clause: Clause) -> str:
    """One clause as an FTS5 expression; the value is always a quoted string (never FTS syntax)."""
    quoted = '"' + clause.value.replace('"', '""') + '"' + ("" if clause.exact else "*")
    if clause.kind in TEXT_FIELDS:
        return "{" + " ".join(TEXT_FIELDS[clause.kind]) + "} : " + quoted
    return quoted


def _number_sql(clause: Clause) -> tuple[str, list[float]]:
    column = NUMBER_COLUMNS[clause.kind]
    parts, params = [], []
    if clause.low is not None:
        parts.append(f"{column} {'>' if clause.low_strict else '>='} ?")
        params.append(clause.low)
    if clause.high is not None:
        parts.append(f"{column} {'<' if clause.high_strict else '<='} ?")
        params.append(clause.high)
    return " AND ".join(parts), params


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _value_sql(clause: Clause) -> tuple[str, list] | None:
    """External ids, a copy's medium or location, the film's lists and custom fields (case-insensitive;
    a text matches from its start)."""
    value = clause.value.strip()
    if clause.kind in ID_FIELDS:
        return "+f.id IN (SELECT film_id FROM external_id WHERE kind = ? AND value = ? COLLATE NOCASE)", [
            clause.kind, value]
    # A quoted value is the whole value (what the Browse pane writes), else it matches from its start.
    match, param = ("= ? COLLATE NOCASE", value) if clause.exact else ("LIKE ? ESCAPE '\\'", _like(value))
    if clause.kind in ("medium", "location"):
        return f"+f.id IN (SELECT film_id FROM film_copy WHERE {clause.kind} {match})", [param]
    if clause.kind in LIST_FIELDS:
        return (f"+f.id IN (SELECT film_id FROM film_value WHERE list = ? AND value {match})",
                [LIST_FIELDS[clause.kind], param])
    if clause.kind == "field":
        return ("+f.id IN (SELECT fc.film_id FROM film_custom fc JOIN custom_field cf ON cf.id = fc.field_id "
                f"WHERE cf.name_key = ? AND fc.value {match})", [name_key(clause.name), param])
    if clause.kind == "borrower":
        key = name_key(value)
        return ("+f.id IN (SELECT l.film_id FROM loan l JOIN borrower b ON b.id = l.borrower_id "
                "WHERE l.returned_on IS NULL AND " + ("b.name_key = ?)" if clause.exact else
                                                      "b.name_key LIKE ? ESCAPE '\\')"),
                [key if clause.exact else _like(key)])
    return None


def _yes_no_sql(clause: Clause) -> tuple[str, list] | None:
    """watched:, on-loan:, overdue:, wanted: (yes, or no: the films that are not)."""
    sql = {"watched": "f.watched <> 0",
           "on-loan": "+f.id IN (SELECT film_id FROM loan WHERE returned_on IS NULL)",
           "overdue": "+f.id IN (SELECT film_id FROM loan WHERE returned_on IS NULL AND due_on < ?)",
           "wanted": "+f.id IN (SELECT film_id FROM wish)"}.get(clause.kind)
    if sql is None:
        return None
    params = [today()] if clause.kind == "overdue" else []
    return (sql, params) if clause.value == "yes" else (f"NOT ({sql})", params)


def _filter_sql(clause: Clause) -> tuple[str, list]:
    found = _value_sql(clause)
    if found is not None:
        return found
    if clause.kind in NUMBER_COLUMNS:
        return _number_sql(clause)
    yes_no = _yes_no_sql(clause)
    if yes_no is not None:
        return yes_no
    if clause.kind == "genre":
        if clause.exact:
            return ("+f.id IN (SELECT fg.film_id FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                    "WHERE g.name_key = ?)"), [name_key(clause.value)]
        key = name_key(clause.value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ("+f.id IN (SELECT fg.film_id FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                "WHERE g.name_key LIKE ? ESCAPE '\\')"), [key + "%"]
    if clause.value in FILM_HAS_SQL:
        return FILM_HAS_SQL[clause.value], []
    return _has_sql(*HAS_SQL[clause.value])


def _indexed(clause: Clause) -> bool:
    return clause.kind in TEXT_FIELDS or clause.kind in ("word", "phrase")


def _text_match(clauses: Sequence[Clause], fts: Callable[[Clause], str] = _fts) -> tuple[str | None, list[str]]:
    """The FTS expression of the indexed clauses (each written by `fts`), and the excluded ones it
    could not absorb."""
    positive = [fts(c) for c in clauses if _indexed(c) and not c.negated]
    negative = [fts(c) for c in clauses if _indexed(c) and c.negated]
    match = " AND ".join(positive) or None
    if match and negative:  # one FTS pass: FTS5's NOT subtracts the excluded words' films
        match, negative = f"({match}) NOT ({' OR '.join(negative)})", []
    return match, negative


class Fts5Index:
    """The SearchIndex of an SQLite catalogue."""

    def __init__(self, db: Database, reader: SplitReader | None = None) -> None:
        self.db = db
        self.reader = reader  # reads a big catalogue's ids on two cores

    # -- keeping the index in step ------------------------------------------------------------------

    def _batches(self, film_ids: Iterable[int]) -> Iterator[None]:
        """Yield once per batch of ids, loaded into temp.search_ids (one per connection)."""
        self.db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS search_ids (id INTEGER PRIMARY KEY)")
        ids = sorted(as_set(film_ids))
        for start in range(0, len(ids), BATCH):
            cursor = self.db.cursor()
            cursor.execute("DELETE FROM temp.search_ids")
            cursor.executemany("INSERT INTO temp.search_ids (id) VALUES (?)", [(i,) for i in ids[start:start + BATCH]])
            yield
        self.db.execute_sql("DELETE FROM temp.search_ids")

    def reindex(self, film_ids: Iterable[int]) -> None:
        """Rebuild the index rows of these films from the tables (inside the caller's transaction);
        ids of films that no longer exist are simply dropped."""
        for _ in self._batches(film_ids):
            self.db.execute_sql("DELETE FROM film_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
            self.db.execute_sql("DELETE FROM film_title_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
            self.db.execute_sql(_FILL)
            self.db.execute_sql("INSERT INTO film_title_fts (rowid, title) SELECT id, title || ' ' || "
                                "coalesce(original_title, '') FROM film WHERE id IN (SELECT id FROM temp.search_ids)")

    def add(self, rows: Sequence[Sequence[Any]]) -> bool:
        """Index new films from their text (catalog.store.prepared: the rowid, film_fts's columns,
        film_title_fts's), as `reindex` would from the tables (the same words; names in the order
        given); a third of the time of the fill query at 100,000 films."""
        cursor = self.db.cursor()
        cursor.executemany("INSERT INTO film_fts (rowid, title, directors, writers, actors, crew, characters, "
                           "body, extras) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [row[:9] for row in rows])
        cursor.executemany("INSERT INTO film_title_fts (rowid, title) VALUES (?, ?)",
                           [(row[0], row[9]) for row in rows])
        return True

    def unindex(self, film_ids: Iterable[int]) -> None:
        """Drop these films from the index (inside the caller's transaction)."""
        for _ in self._batches(film_ids):
            self.db.execute_sql("DELETE FROM film_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
            self.db.execute_sql("DELETE FROM film_title_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")

    def rebuild(self) -> None:
        """Refill the whole index (after a raw bulk load, or to repair it)."""
        self.db.execute_sql("DELETE FROM film_fts")
        self.db.execute_sql("DELETE FROM film_title_fts")
        self.reindex(row[0] for row in self.db.execute_sql("SELECT id FROM film"))

    # -- compiling a query --------------------------------------------------------------------------

    def _match_count(self, match: str, limit: int) -> int:
        """How many films the FTS expression matches, counting no further than limit + 1."""
        return self.db.execute_sql("SELECT count(*) FROM (SELECT rowid FROM film_fts WHERE film_fts MATCH ? "
                                   "LIMIT ?)", (match, limit + 1)).fetchone()[0]

    def _id_array(self, column: str, source: str, condition: str, params: tuple) -> Any:
        """The ids of `SELECT column FROM source WHERE condition` as an int64 array: one string
        from SQLite parses far faster than 100,000 one-column rows. A big catalogue's read is split
        by id, its halves read on two cores (ascending reads stay ascending)."""
        import numpy as np

        from catalog.store.film_list import parse_ids

        reader = self.reader
        halves = reader.halves(column, source, condition, params, parse_ids) if reader is not None else None
        if halves is None:
            sql = f"SELECT group_concat({column}) FROM {source} WHERE {condition}"
            return parse_ids(self.db.execute_sql(sql, params).fetchone()[0])
        return np.concatenate(halves)

    def _words(self, prefix: str, table: str = "film_fts") -> list[str] | None:
        """The words of the index `table` that begin with `prefix`, ascending; None when there are
        more than MAX_WORDS. One seek of the vocabulary each: the 'instance' kind of fts5vocab yields
        a word's first entry at once (the 'row' kind would count every film of each word first)."""
        self.db.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_words "
                            f"USING fts5vocab(main, {table}, 'instance')")
        words: list[str] = []
        after = prefix
        while True:
            row = self.db.execute_sql(f"SELECT term FROM temp.{table}_words WHERE term >= ? LIMIT 1",
                                      (after,)).fetchone()
            if row is None or not row[0].startswith(prefix):
                return words
            if len(words) == MAX_WORDS:
                return None
            words.append(row[0])
            after = row[0] + "\x00"  # the least text after this word

    def _spelled(self, clause: Clause, table: str = "film_fts") -> str:
        """As _fts(clause) for the index `table`, matching the same films: a word's prefix longer
        than the prefix index holds written out as the index's words it begins. Only for plain ASCII
        letters and digits, which the tokenizer folds to lower case and nothing else (anything else:
        the prefix)."""
        value = clause.value
        if clause.exact or len(value) <= INDEXED_PREFIX or not (value.isascii() and value.isalnum()):
            return _fts(clause)
        words = self._words(value.lower(), table)
        if not words or not all(w.isascii() and w.isalnum() for w in words):
            return _fts(clause)  # (none: the prefix finds nothing, at once)
        spelled = "(" + " OR ".join(f'"{w}"' for w in words) + ")"
        if clause.kind in TEXT_FIELDS:
            return "{" + " ".join(TEXT_FIELDS[clause.kind]) + "} : " + spelled
        return spelled

    def _fts_ids(self, table: str, match: str) -> Any:
        return self._id_array("rowid", table, f"{table} MATCH ?", (match,))

    def text_matches(self, query: str) -> tuple[Any, Any] | None:
        """For a query of words only (phrases and exclusions too, no field filters): the ids of the
        films it matches, and of those whose title holds every word (int64 arrays, in no order). None
        for any other query. Lets the film list order a big match set by filtering its cached order."""
        clauses = parse(query)
        words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
        if not words or any(c.kind not in ("word", "phrase") for c in clauses):
            return None
        match, _ = _text_match(clauses, self._spelled)
        assert match is not None  # (it has words)
        return self._fts_ids("film_fts", match), self._title_ids(words)

    def _title_ids(self, words: Sequence[Clause]) -> Any:
        """The films whose title holds every one of these words and phrases (in no order)."""
        return self._fts_ids("film_title_fts", " AND ".join(self._spelled(c, "film_title_fts") for c in words))

    def _clause_ids(self, sql: str, params: Sequence[Any]) -> Any:
        """The films one filter's condition (over `film f`) holds for, in no order. A membership
        test is answered by its subquery alone (no pass over the film table)."""
        inner = sql.removeprefix("+f.id IN (")
        if inner != sql and inner.endswith(")") and inner.count("(") == inner.count(")") - 1:
            return self._id_array("film_id", f"({inner[:-1]})", "1", tuple(params))
        return self._id_array("f.id", "film f", sql, tuple(params))

    def match_set(self, query: str, titles: bool = True) -> tuple[Any, Any, int]:
        """The ids of the films `query` matches (an int64 array, ascending), when it has words (and
        `titles`: the relevance order wants them) the ids of those whose title holds every word
        (else None), and how many films its words alone
        match (0 without words): each clause's films
        read on their own (through the FTS index, or the index of the filter's table) and combined
        in memory — for a big catalogue, far quicker than one SQL statement probing every film."""
        import numpy as np

        clauses = parse(query)
        match, negative = _text_match(clauses, self._spelled)
        wanted: list[Any] = []
        unwanted: list[Any] = []
        if match:
            wanted.append(self._fts_ids("film_fts", match))
        text_count = len(wanted[0]) if match else 0
        if negative:
            unwanted.append(self._fts_ids("film_fts", " OR ".join(negative)))
        for clause in clauses:
            if not _indexed(clause):
                sql, values = _filter_sql(clause)
                (unwanted if clause.negated else wanted).append(self._clause_ids(sql, values))
        if not wanted:
            wanted.append(self._id_array("id", "film", "1", ()))
        if len(wanted) == 1 and not unwanted and match:
            matches = wanted[0]  # the FTS index's rowids: each once, ascending
        else:
            top = max((int(ids.max()) for ids in (*wanted, *unwanted) if len(ids)), default=0)
            keep = np.zeros(top + 1, dtype=bool)
            keep[wanted[0][wanted[0] >= 0]] = True
            for ids in wanted[1:]:
                hit = np.zeros(top + 1, dtype=bool)
                hit[ids[ids >= 0]] = True
                keep &= hit
            for ids in unwanted:
                keep[ids[ids >= 0]] = False
            matches = np.flatnonzero(keep).astype(np.int64)
        words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
        in_title = None
        if words and titles:
            in_title = self._title_ids(words)
        return matches, in_title, text_count

    def scores(self, query: str) -> dict[int, float]:
        """bm25 of each film the words of `query` match (lower is better), for a few films."""
        match, _ = _text_match(parse(query))
        if not match:
            return {}
        weights = ", ".join(str(w) for w in WEIGHTS)
        return dict(self.db.execute_sql(
            f"SELECT rowid, bm25(film_fts, {weights}) FROM film_fts WHERE film_fts MATCH ?", (match,)))

    def _compile(self, clauses: Sequence[Clause]) -> tuple[list[str], list, str | None]:
        """SQL conditions, their params, and the positive FTS expression (None without one)."""
        conditions: list[str] = []
        params: list = []
        match, negative = _text_match(clauses)
        if match:
            member = "+f.id" if self._match_count(match, BIG_MATCH) > BIG_MATCH else "f.id"
            conditions.append(f"{member} IN (SELECT rowid FROM film_fts WHERE film_fts MATCH ?)")
            params.append(match)
        if negative:
            conditions.append("f.id NOT IN (SELECT rowid FROM film_fts WHERE film_fts MATCH ?)")
            params.append(" OR ".join(negative))
        for clause in clauses:
            if _indexed(clause):
                continue
            sql, values = _filter_sql(clause)
            conditions.append(f"NOT coalesce(({sql}), 0)" if clause.negated else f"({sql})")
            params += values
        return conditions, params, match

    def matching_sql(self, query: str) -> tuple[str, tuple]:
        """A SELECT of the ids of the films `query` matches, in no order (the Browse pane's counts):
        straight from the index when the query is words only, else over `film f`."""
        clauses = parse(query)
        if clauses and all(_indexed(c) for c in clauses) and any(not c.negated for c in clauses):
            match, negative = _text_match(clauses)
            if match and not negative:
                return "SELECT rowid FROM film_fts WHERE film_fts MATCH ?", (match,)
        where, params = self.where_clause(query)
        return f"SELECT f.id FROM film f {where}", params

    def where_clause(self, query: str) -> tuple[str, tuple]:
        """('WHERE …' over `film f`, params) for what the user typed, or ('', ()) for an empty box.
        Raises SearchSyntaxError (a ValidationError) whose message is a plain hint."""
        conditions, params, _ = self._compile(parse(query))
        if not conditions:
            return "", ()
        return "WHERE " + " AND ".join(conditions), tuple(params)

    def ranked_ids(self, query: str, descending: bool = False,
                   found: tuple[Any, Any] | None = None) -> list[int] | None:
        """Ids of the matching films by relevance: films whose title holds every word first, then by
        bm25 (title > people > other text) when the words match at most RANK_LIMIT films, else by
        title. None when the query has no words to rank (the caller sorts by a column). `found`:
        what text_matches gave for the query, which an index may use instead of reading it again
        (FTS5 reads it as fast)."""
        clauses = parse(query)
        words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
        if not words:
            return None
        conditions, params, match = self._compile(clauses)
        ids = [row[0] for row in self.db.execute_sql(
            f"SELECT f.id FROM film f WHERE {' AND '.join(conditions)} ORDER BY f.sort_key, f.id", params)]
        if len(ids) > 1 and match:
            title_match = " AND ".join(_fts(c) for c in words)
            in_title = {row[0] for row in self.db.execute_sql(
                "SELECT rowid FROM film_title_fts WHERE film_title_fts MATCH ?", (title_match,))}
            if self._match_count(match, RANK_LIMIT) <= RANK_LIMIT:
                weights = ", ".join(str(w) for w in WEIGHTS)
                scores = dict(self.db.execute_sql(
                    f"SELECT rowid, bm25(film_fts, {weights}) FROM film_fts WHERE film_fts MATCH ?", (match,)))
                # A stable sort keeps title order among equals.
                ids.sort(key=lambda i: (i not in in_title, scores.get(i, 0.0)))
            else:
                ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
        return ids[::-1] if descending else ids
