"""Search: an FTS5 index of each film's words (table film_fts, rowid = film id, migration 2) and the
compiler from the search box's language (catalog.search_query) to SQL over `film f`.

Thread rules: plain functions over the caller's connection; reindex/unindex run inside the
caller's write transaction (Catalogue.transaction). User text never reaches FTS5 unquoted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import SqliteDatabase

from catalog.model.search_query import TEXT_FIELDS, Clause, SearchSyntaxError, parse
from catalog.model.text import name_key

__all__ = ["SearchSyntaxError", "ranked_ids", "reindex", "text_matches", "unindex", "where_clause"]

COLUMNS = ("title", "directors", "writers", "actors", "crew", "characters", "body", "extras")
# bm25 weights in COLUMNS order: a word in the title outweighs the same word in a synopsis.
WEIGHTS = (10.0, 4.0, 3.0, 4.0, 2.0, 2.0, 1.0, 0.5)
RANK_LIMIT = 2000  # rank by bm25 only when the words match at most this many films
# Above this many matches, scan the list's covering index in order and test membership instead of
# looking up each match and sorting (measured at 100k films: ~58 ms instead of ~104 ms for `a`).
BIG_MATCH = 5000
BATCH = 5000
VIDEO_KINDS = ("featurette", "trailer", "teaser", "clip", "interview")
HAS_SQL = {
    "video": "f.video_count > 0",
    "poster": "f.poster_id IS NOT NULL",
    "synopsis": "coalesce(f.synopsis, '') <> ''",
    # `+f.id`: test membership while scanning in list order (these sets are usually large).
    "review": "+f.id IN (SELECT film_id FROM review)",
    "release": "+f.id IN (SELECT film_id FROM film_release)",
    "article": "+f.id IN (SELECT film_id FROM article)",
    "award": "+f.id IN (SELECT film_id FROM award)",
    "image": "+f.id IN (SELECT film_id FROM image WHERE film_id IS NOT NULL)",
    "credit": "+f.id IN (SELECT film_id FROM credit)",
}
NUMBER_COLUMNS = {"year": "f.year", "rating": "f.rating", "runtime": "f.runtime_min"}

# The live copy of migration 2's fill query, restricted to the ids in temp.search_ids.
_FILL = """
WITH ids AS (SELECT id FROM temp.search_ids),
cr AS (
    SELECT c.film_id AS id,
        group_concat(CASE WHEN c.role = 'director' THEN p.name END, ' ') AS directors,
        group_concat(CASE WHEN c.role = 'writer' THEN p.name END, ' ') AS writers,
        group_concat(CASE WHEN c.role = 'actor' THEN p.name END, ' ') AS actors,
        group_concat(CASE WHEN c.role NOT IN ('director', 'writer', 'actor') THEN p.name END, ' ') AS crew,
        group_concat(c.character, ' ') AS characters
    FROM credit c JOIN person p ON p.id = c.person_id WHERE c.film_id IN ids GROUP BY c.film_id),
vi AS (SELECT film_id AS id, group_concat(title, ' ') AS t FROM video WHERE film_id IN ids
       GROUP BY film_id),
re AS (SELECT film_id AS id, group_concat(coalesce(author, '') || ' ' || coalesce(outlet, '') || ' '
       || coalesce(excerpt, ''), ' ') AS t FROM review WHERE film_id IN ids GROUP BY film_id),
ar AS (SELECT film_id AS id, group_concat(headline, ' ') AS t FROM article WHERE film_id IN ids
       GROUP BY film_id)
INSERT INTO film_fts (rowid, title, directors, writers, actors, crew, characters, body, extras)
SELECT f.id, f.title || ' ' || coalesce(f.original_title, ''),
    cr.directors, cr.writers, cr.actors, cr.crew, cr.characters,
    coalesce(f.tagline, '') || ' ' || coalesce(f.synopsis, '') || ' ' || coalesce(f.notes, ''),
    coalesce(vi.t, '') || ' ' || coalesce(re.t, '') || ' ' || coalesce(ar.t, '')
FROM film f LEFT JOIN cr ON cr.id = f.id LEFT JOIN vi ON vi.id = f.id LEFT JOIN re ON re.id = f.id
    LEFT JOIN ar ON ar.id = f.id
WHERE f.id IN ids
"""


# -- keeping the index in step --------------------------------------------------------------------

def _batches(db: SqliteDatabase, film_ids: Iterable[int]) -> Iterable[None]:
    """Yield once per batch of ids, loaded into temp.search_ids (one per connection)."""
    db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS search_ids (id INTEGER PRIMARY KEY)")
    ids = sorted(set(film_ids))
    for start in range(0, len(ids), BATCH):
        cursor = db.cursor()
        cursor.execute("DELETE FROM temp.search_ids")
        cursor.executemany("INSERT INTO temp.search_ids (id) VALUES (?)",
                           [(i,) for i in ids[start:start + BATCH]])
        yield
    db.execute_sql("DELETE FROM temp.search_ids")


def reindex(db: SqliteDatabase, film_ids: Iterable[int]) -> None:
    """Rebuild the index rows of these films from the tables (inside the caller's transaction);
    ids of films that no longer exist are simply dropped."""
    for _ in _batches(db, film_ids):
        db.execute_sql("DELETE FROM film_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
        db.execute_sql("DELETE FROM film_title_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
        db.execute_sql(_FILL)
        db.execute_sql("INSERT INTO film_title_fts (rowid, title) SELECT id, title || ' ' || "
                       "coalesce(original_title, '') FROM film WHERE id IN (SELECT id FROM temp.search_ids)")


def unindex(db: SqliteDatabase, film_ids: Iterable[int]) -> None:
    """Drop these films from the index (inside the caller's transaction)."""
    for _ in _batches(db, film_ids):
        db.execute_sql("DELETE FROM film_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")
        db.execute_sql("DELETE FROM film_title_fts WHERE rowid IN (SELECT id FROM temp.search_ids)")


def rebuild(db: SqliteDatabase) -> None:
    """Refill the whole index (after a raw bulk load, or to repair it)."""
    db.execute_sql("DELETE FROM film_fts")
    db.execute_sql("DELETE FROM film_title_fts")
    reindex(db, (row[0] for row in db.execute_sql("SELECT id FROM film")))


# -- compiling a query ----------------------------------------------------------------------------

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


def _filter_sql(clause: Clause) -> tuple[str, list]:
    if clause.kind in NUMBER_COLUMNS:
        return _number_sql(clause)
    if clause.kind == "watched":
        return "f.watched = ?", [1 if clause.value == "yes" else 0]
    if clause.kind == "genre":
        key = name_key(clause.value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ("+f.id IN (SELECT fg.film_id FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                "WHERE g.name_key LIKE ? ESCAPE '\\')"), [key + "%"]
    if clause.value in VIDEO_KINDS:
        return "+f.id IN (SELECT film_id FROM video WHERE kind = ?)", [clause.value]
    return HAS_SQL[clause.value], []


def _indexed(clause: Clause) -> bool:
    return clause.kind in TEXT_FIELDS or clause.kind in ("word", "phrase")


def _match_count(db: SqliteDatabase, match: str, limit: int) -> int:
    """How many films the FTS expression matches, counting no further than limit + 1."""
    return db.execute_sql("SELECT count(*) FROM (SELECT rowid FROM film_fts WHERE film_fts MATCH ? "
                          "LIMIT ?)", (match, limit + 1)).fetchone()[0]


def _text_match(clauses: Sequence[Clause]) -> tuple[str | None, list[str]]:
    """The FTS expression of the indexed clauses, and the excluded ones it could not absorb."""
    positive = [_fts(c) for c in clauses if _indexed(c) and not c.negated]
    negative = [_fts(c) for c in clauses if _indexed(c) and c.negated]
    match = " AND ".join(positive) or None
    if match and negative:  # one FTS pass: FTS5's NOT subtracts the excluded words' films
        match, negative = f"({match}) NOT ({' OR '.join(negative)})", []
    return match, negative


def _id_set(db: SqliteDatabase, sql: str, params: tuple) -> set[int]:
    # One string from SQLite parses far faster than 100,000 one-column rows.
    text = db.execute_sql(sql, params).fetchone()[0]
    return set(map(int, text.split(","))) if text else set()


def text_matches(db: SqliteDatabase, query: str) -> tuple[set[int], set[int]] | None:
    """For a query of words only (phrases and exclusions too, no field filters): the ids of the
    films it matches, and of those whose title holds every word. None for any other query.
    Lets the Catalogue order a big match set by filtering its cached list order in memory."""
    clauses = parse(query)
    words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
    if not words or any(c.kind not in ("word", "phrase") for c in clauses):
        return None
    match, _ = _text_match(clauses)
    matches = _id_set(db, "SELECT group_concat(rowid) FROM film_fts WHERE film_fts MATCH ?", (match,))
    title_match = " AND ".join(_fts(c) for c in words)
    in_title = _id_set(db, "SELECT group_concat(rowid) FROM film_title_fts WHERE film_title_fts MATCH ?",
                       (title_match,))
    return matches, in_title


def _compile(db: SqliteDatabase, clauses: Sequence[Clause]) -> tuple[list[str], list, str | None]:
    """SQL conditions, their params, and the positive FTS expression (None without one)."""
    conditions: list[str] = []
    params: list = []
    match, negative = _text_match(clauses)
    if match:
        member = "+f.id" if _match_count(db, match, BIG_MATCH) > BIG_MATCH else "f.id"
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


def where_clause(db: SqliteDatabase, query: str) -> tuple[str, tuple]:
    """('WHERE …' over `film f`, params) for what the user typed, or ('', ()) for an empty box.
    Raises SearchSyntaxError (a ValidationError) whose message is a plain hint."""
    conditions, params, _ = _compile(db, parse(query))
    if not conditions:
        return "", ()
    return "WHERE " + " AND ".join(conditions), tuple(params)


def ranked_ids(db: SqliteDatabase, query: str, descending: bool = False) -> list[int] | None:
    """Ids of the matching films by relevance: films whose title holds every word first, then by
    bm25 (title > people > other text) when the words match at most RANK_LIMIT films, else by
    title. None when the query has no words to rank (the caller sorts by a column)."""
    clauses = parse(query)
    words = [c for c in clauses if not c.negated and c.kind in ("word", "phrase")]
    if not words:
        return None
    conditions, params, match = _compile(db, clauses)
    ids = [row[0] for row in db.execute_sql(
        f"SELECT f.id FROM film f WHERE {' AND '.join(conditions)} ORDER BY f.sort_key, f.id", params)]
    if len(ids) > 1 and match:
        title_match = " AND ".join(_fts(c) for c in words)
        in_title = {row[0] for row in db.execute_sql(
            "SELECT rowid FROM film_title_fts WHERE film_title_fts MATCH ?", (title_match,))}
        if _match_count(db, match, RANK_LIMIT) <= RANK_LIMIT:
            weights = ", ".join(str(w) for w in WEIGHTS)
            scores = dict(db.execute_sql(
                f"SELECT rowid, bm25(film_fts, {weights}) FROM film_fts WHERE film_fts MATCH ?", (match,)))
            # A stable sort keeps title order among equals.
            ids.sort(key=lambda i: (i not in in_title, scores.get(i, 0.0)))
        else:
            ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
    return ids[::-1] if descending else ids
