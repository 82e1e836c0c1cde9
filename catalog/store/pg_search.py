"""The SearchIndex of a shared catalogue (PostgreSQL): `film_search` (migration 9) holds one tsvector
per column of the SQLite index (title, directors, writers, actors, crew, characters, body, extras)
and `doc`, all of them weighted (title A; directors and cast B; writers, crew and characters C;
synopsis, notes, reviews and the records' words D), under the `marquee` text search configuration
(simple + unaccent: "amelie" finds "Amélie"). GIN indexes on `doc` and `title`, trigram indexes
for the filters that match a value from its start.

The search box's language is the same (catalog.model.search_query); each word is a prefix
(`chaz` finds Chazelle), a quoted phrase is exact, a field filter (`director:`) searches its own
column, `-word` excludes. Ranking behaves as SQLite's: films whose title holds every word first,
then by weighted rank (ts_rank over `doc`) when the words match at most RANK_LIMIT films, else by
title. SQL is written as the other store modules write it and goes through the dialect.

A query's text clauses are one condition over film_search, run by `marquee_search` (migration
12) with the table read only through its indexes: the words' and phrases' clauses are one tsquery
over `doc`, exclusions folded in (`a && !!b`), so that the index answers them instead of a test
of each match's vector, which lies out of the row. Only a phrase still reads vectors: those of the
films holding all its words, for their positions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from catalog.model.kinds import KINDS
from catalog.model.search_query import TEXT_FIELDS, Clause, parse
from catalog.store.search_index import BATCH, RANK_LIMIT, _filter_sql, _indexed

if TYPE_CHECKING:
    from catalog.store import Store

COLUMNS = ("title", "directors", "writers", "actors", "crew", "characters", "body", "extras")
WEIGHT = {"title": "A", "directors": "B", "actors": "B", "writers": "C", "crew": "C", "characters": "C",
          "body": "D", "extras": "D"}
# ts_rank's weights for D, C, B, A: a word in the title outweighs the same word in a synopsis
# (SQLite's bm25 weights: title 10, people 3–4, characters and crew 2, text 1, records 0.5).
RANK_WEIGHTS = "{0.1, 0.3, 0.4, 1.0}"
_TOKEN = re.compile(r"[^\W_]+")


def _fill_sql() -> str:
    records = []
    for kind in (k for k in KINDS if k.indexed):
        words = " || ' ' || ".join(f"coalesce({name}::text, '')" for name in kind.indexed)
        records.append(f"SELECT film_id AS id, {words} AS t FROM {kind.table} WHERE film_id IN (SELECT id FROM ids)")
    records.append("SELECT film_id AS id, value AS t FROM film_value WHERE film_id IN (SELECT id FROM ids)")
    records.append("SELECT film_id AS id, value AS t FROM film_custom WHERE film_id IN (SELECT id FROM ids)")
    vectors = ", ".join(f"to_tsvector('marquee', coalesce(src.{c}, '')) AS {c}" for c in COLUMNS)
    doc = " || ".join(f"setweight(v.{c}, '{WEIGHT[c]}')" for c in COLUMNS)
    return f"""
WITH ids AS (SELECT unnest(?::bigint[]) AS id),
cr AS (
    SELECT c.film_id AS id,
        string_agg(p.name, ' ') FILTER (WHERE c.role = 'director') AS directors,
        string_agg(p.name, ' ') FILTER (WHERE c.role = 'writer') AS writers,
        string_agg(p.name, ' ') FILTER (WHERE c.role = 'actor') AS actors,
        string_agg(p.name, ' ') FILTER (WHERE c.role NOT IN ('director', 'writer', 'actor')) AS crew,
        string_agg(c.character, ' ') AS characters
    FROM credit c JOIN person p ON p.id = c.person_id WHERE c.film_id IN (SELECT id FROM ids) GROUP BY c.film_id),
rec AS (SELECT id, string_agg(t, ' ') AS t FROM ({" UNION ALL ".join(records)}) r GROUP BY id),
src AS (
    SELECT f.id, f.title || ' ' || coalesce(f.original_title, '') AS title,
        cr.directors, cr.writers, cr.actors, cr.crew, cr.characters,
        coalesce(f.tagline, '') || ' ' || coalesce(f.synopsis, '') || ' ' || coalesce(f.notes, '') AS body,
        rec.t AS extras
    FROM film f LEFT JOIN cr ON cr.id = f.id LEFT JOIN rec ON rec.id = f.id
    WHERE f.id IN (SELECT id FROM ids)),
v AS (SELECT src.id, {vectors} FROM src)
INSERT INTO film_search (film_id, {", ".join(COLUMNS)}, doc)
SELECT v.id, {", ".join(f"v.{c}" for c in COLUMNS)}, {doc} FROM v
"""


_FILL = _fill_sql()


def tsquery_text(clause: Clause) -> str:
    """A clause's words as to_tsquery text: a phrase of quoted lexemes, the last a prefix unless
    the clause is exact (SQLite's `"words"*`). User text never reaches tsquery unquoted.

    The words are split at spaces only and each quoted one is parsed by the server as the index's
    text was (to_tsvector): its parser keeps "J.K." or "U.S.A." as one lexeme ('j.k') where
    SQLite's tokenizer sees two, so splitting them here would find nothing."""
    tokens = [t.lower() for t in clause.value.split() if _TOKEN.search(t)] or ["\u0000"]
    quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens]
    if not clause.exact:
        quoted[-1] += ":*"
    return " <-> ".join(quoted)


class _Search:
    """A condition over `s` (film_search) for marquee_search (migration 12), which runs it with
    the table read only through its indexes: its tsqueries are the function's array `$1`, each
    an SQL expression of the caller's statement with its params. (The planner does not count the
    cost of fetching a film's out-of-line `doc` vector: left to itself it scans the table for a
    common word and fetches every film's, ~0.3 s at 100,000 films, where the index reads the ids
    in 20–40 ms.)"""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.params: list = []

    def query(self, sql: str, params: Sequence[Any]) -> str:
        self.queries.append(sql)
        self.params += params
        return f"$1[{len(self.queries)}]"

    def words(self, wanted: Sequence[Clause], unwanted: Sequence[Clause] = ()) -> str:
        """The text (`doc`) holds every `wanted` clause and none of the `unwanted` (or, without
        wanted ones, any of the unwanted): one tsquery, so that the index answers an exclusion too
        instead of each match's vector. A wanted clause that parses to no lexeme (to_tsquery gives
        an empty query, which `&&` would drop) matches nothing, as a condition of its own would:
        the query is NULL then."""
        if not wanted:
            return "s.doc @@ " + self.query(" || ".join("to_tsquery('marquee', ?)" for _ in unwanted),
                                            [tsquery_text(c) for c in unwanted])
        texts = [tsquery_text(c) for c in wanted]
        query = " && ".join(["to_tsquery('marquee', ?)"] * len(wanted)
                            + ["!! to_tsquery('marquee', ?)"] * len(unwanted))
        some = " AND ".join("numnode(to_tsquery('marquee', ?)) > 0" for _ in wanted)
        return "s.doc @@ " + self.query(f"CASE WHEN {some} THEN {query} END",
                                        [*texts, *texts, *(tsquery_text(c) for c in unwanted)])

    def field(self, clause: Clause) -> str:
        """A field clause's words (`director:smith`) in its column(s)."""
        q = self.query("to_tsquery('marquee', ?)", [tsquery_text(clause)])
        return "(" + " OR ".join(f"s.{c} @@ {q}" for c in TEXT_FIELDS[clause.kind]) + ")"

    def ids(self, condition: str, most: int | None = None) -> tuple[str, list]:
        """A SELECT of the ids of the films the condition holds for (at most `most`), with params."""
        return (f"SELECT m.id FROM marquee_search(?, ARRAY[{', '.join(self.queries)}]::tsquery[], ?) AS m(id)",
                [condition, *self.params, most])


def _split(clauses: Sequence[Clause]) -> tuple[list[Clause], list[Clause], list[Clause], list[Clause]]:
    """The text clauses: words and phrases wanted, excluded; field clauses wanted, excluded."""
    text = [c for c in clauses if _indexed(c)]
    words = [c for c in text if c.kind not in TEXT_FIELDS]
    fields = [c for c in text if c.kind in TEXT_FIELDS]
    return ([c for c in words if not c.negated], [c for c in words if c.negated],
            [c for c in fields if not c.negated], [c for c in fields if c.negated])


def _postgres(sql: str) -> str:
    """A filter of catalog.store.search_index as PostgreSQL compares: SQLite's LIKE and NOCASE are
    case-insensitive (ASCII), PostgreSQL's ILIKE and lower() with the "C" collation are the same.
    SQLite's `+f.id` (use no index of f for this test) would keep PostgreSQL from a merge join along
    both tables' id indexes (`has:review` at 100,000 films: 23 ms instead of 67 ms by hashing)."""
    sql = sql.replace(" LIKE ", " ILIKE ").replace("+f.id IN (", "f.id IN (")
    return re.sub(r"([\w.]+) = \? COLLATE NOCASE", r"lower(\1) = lower(?)", sql)


class PgSearchIndex:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- keeping the index in step ------------------------------------------------------------------

    def reindex(self, film_ids: Iterable[int]) -> None:
        ids = sorted(set(film_ids))
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            self.store.execute("DELETE FROM film_search WHERE film_id = ANY(?)", (chunk,))
            self.store.execute(_FILL, (chunk,))

    def add(self, rows: Sequence[Sequence[Any]]) -> bool:
        """(The index is filled by `reindex`'s query.)"""
        return False

    def unindex(self, film_ids: Iterable[int]) -> None:
        ids = sorted(set(film_ids))
        for start in range(0, len(ids), BATCH):
            self.store.execute("DELETE FROM film_search WHERE film_id = ANY(?)", (ids[start:start + BATCH],))

    def rebuild(self) -> None:
        self.store.execute("DELETE FROM film_search")
        self.reindex(r[0] for r in self.store.rows("SELECT id FROM film"))

    # -- compiling a query --------------------------------------------------------------------------

    @staticmethod
    def _positive(clauses: Sequence[Clause], most: int | None = None) -> tuple[str, list] | None:
        """A SELECT of the films the wanted text clauses match (exclusions aside: what the ranking
        counts), at most `most` of them, with its params; None without any."""
        wanted, _, fields, _ = _split(clauses)
        search = _Search()
        conditions = ([search.words(wanted)] if wanted else []) + [search.field(c) for c in fields]
        return search.ids(" AND ".join(conditions), most) if conditions else None

    def _compile(self, clauses: Sequence[Clause]) -> tuple[list[str], list]:
        """Conditions over `f` and their params: the text clauses are one read of film_search
        through its indexes (one row a film: a film in the matches of each wanted clause and in
        none of an excluded one's is what one row holding them all and none of those says)."""
        conditions: list[str] = []
        params: list = []
        wanted, unwanted, fields, excluded = _split(clauses)
        if wanted or unwanted or fields or excluded:
            search = _Search()
            positive = ([search.words(wanted, unwanted)] if wanted else []) + [search.field(c) for c in fields]
            negative = ([search.words((), unwanted)] if unwanted and not wanted else []) + [
                search.field(c) for c in excluded]
            if positive:
                condition = " AND ".join(positive) + (f" AND NOT ({' OR '.join(negative)})" if negative else "")
            else:
                condition = " OR ".join(negative)
            select, params = search.ids(condition)
            conditions.append(f"f.id {'IN' if positive else 'NOT IN'} ({select})")
        for clause in clauses:
            if not _indexed(clause):
                sql, values = _filter_sql(clause)
                sql = _postgres(sql)
                conditions.append(f"NOT coalesce(({sql}), FALSE)" if clause.negated else f"({sql})")
                params += values
        return conditions, params

    def matching_sql(self, query: str) -> tuple[str, tuple]:
        """A SELECT of the ids of the films `query` matches, in no order (the Browse pane's counts)."""
        where, params = self.where_clause(query)
        return f"SELECT f.id FROM film f {where}", params

    def where_clause(self, query: str) -> tuple[str, tuple]:
        conditions, params = self._compile(parse(query))
        if not conditions:
            return "", ()
        return "WHERE " + " AND ".join(conditions), tuple(params)

    @staticmethod
    def _title_sql(words: Sequence[Clause]) -> tuple[str, list[str]]:
        condition = " AND ".join("s.title @@ to_tsquery('marquee', ?)" for _ in words)
        return f"SELECT s.film_id FROM film_search s WHERE {condition}", [tsquery_text(c) for c in words]

    def text_matches(self, query: str) -> tuple[Any, Any] | None:
        clauses = parse(query)
        words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
        if not words or any(c.kind not in ("word", "phrase") for c in clauses):
            return None
        search = _Search()
        matches = self._id_array(*search.ids(search.words(words, [c for c in clauses if c.negated])))
        return matches, self._id_array(*self._title_sql(words))

    def _id_array(self, select: str, params: Sequence[Any]) -> Any:
        """The ids a SELECT gives, as an int64 array: one string from the server parses far faster
        than tens of thousands of one-column rows."""
        from catalog.store.film_list import parse_ids

        return parse_ids(self.store.scalar(f"SELECT string_agg(m.id::text, ',') FROM ({select}) AS m(id)", params))

    def ranked_ids(self, query: str, descending: bool = False,
                   found: tuple[Any, Any] | None = None) -> list[int] | None:
        """As Fts5Index.ranked_ids; `found`: what text_matches gave for this query, if the caller
        has it (the matches are not read again: a phrase of common words tests thousands of films'
        vectors for it)."""
        clauses = parse(query)
        words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
        if not words:
            return None
        if found is not None:
            ids = [r[0] for r in self.store.rows(
                "SELECT f.id FROM film f WHERE f.id = ANY(?) ORDER BY f.sort_key, f.id", ([int(i) for i in found[0]],))]
        else:
            conditions, params = self._compile(clauses)
            ids = [r[0] for r in self.store.rows(
                f"SELECT f.id FROM film f WHERE {' AND '.join(conditions)} ORDER BY f.sort_key, f.id", params)]
        few = self._positive(clauses, RANK_LIMIT + 1)
        if len(ids) > 1 and few:
            if found is not None:
                in_title = {int(i) for i in found[1]}
            else:
                select, t_params = self._title_sql(words)
                in_title = {r[0] for r in self.store.rows(select, t_params)}
            if found is not None and not any(c.negated for c in clauses):
                count = len(found[0])  # the words' matches are the listed films
            else:
                count = self.store.scalar(f"SELECT count(*) FROM ({few[0]}) AS x", few[1])
            if count <= RANK_LIMIT:
                # Scored: the films listed (the words' matches that the filters and exclusions kept).
                query_all = " & ".join(f"({tsquery_text(c)})" for c in clauses if _indexed(c) and not c.negated)
                scores = dict(self.store.rows(
                    f"SELECT s.film_id, ts_rank('{RANK_WEIGHTS}', s.doc, to_tsquery('marquee', ?)) "
                    "FROM film_search s WHERE s.film_id = ANY(?)", (query_all, ids)))
                ids.sort(key=lambda i: (i not in in_title, -scores.get(i, 0.0)))
            else:
                ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
        return ids[::-1] if descending else ids
