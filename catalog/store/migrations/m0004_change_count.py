"""Version 4: a count of committed changes, so that a window can tell changes made by another
process (SQLite's data_version says something changed; this count, against the window's own
commits, says whether it was somebody else)."""

NAME = "change count"

SQL = """
CREATE TABLE change_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO change_count (id, n) VALUES (1, 0)
"""
