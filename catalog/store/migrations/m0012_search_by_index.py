"""Version 12, on a server only: a search reads the films' ids through the search index instead of
every film's search vectors. `film_search` keeps its big vectors out of line
(`toast_tuple_target`), so that reading the ids of tens of thousands of matches reads a few
thousand pages instead of twenty thousand (existing rows are rewritten once, ~9 s at 100,000
films); and `marquee_search_doc` answers a match of the whole text (`doc`) from its GIN index
always: the planner, which does not count the cost of fetching an out-of-line vector, would scan
the table for a common word and read every film's vector (0.3 s at 100,000 films). An SQLite
file has nothing to change (FTS5 reads ids from its index)."""

from __future__ import annotations

NAME = "a server's search reads ids by index"

SQL = ""

POSTGRES = """
ALTER TABLE film_search SET (toast_tuple_target = 128);
UPDATE film_search SET body = body;
CREATE FUNCTION marquee_search_doc(query tsquery) RETURNS SETOF bigint LANGUAGE plpgsql STABLE STRICT
    SET enable_seqscan = off ROWS 5000 AS $$
BEGIN
    RETURN QUERY SELECT film_id FROM film_search WHERE doc @@ query;
END $$
"""
