"""Version 13: an index of the pictures that show a copy (a disc's cover, a box's back), so that
removing a copy, which clears the copy of every picture that names it, finds them by index instead
of reading every picture of the catalogue: each film removed removes its copies, and undoing an
import of many films read the whole picture table once for each of their copies. Only pictures
that name a copy are in it (most name none)."""

from __future__ import annotations

NAME = "index of the pictures of copies"

SQL = """
CREATE INDEX IF NOT EXISTS image_copy ON image(copy_id) WHERE copy_id IS NOT NULL
"""
