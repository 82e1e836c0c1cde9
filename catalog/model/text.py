"""Text helpers shared by matching and sorting: accent- and case-insensitive keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
ARTICLES = ("the ", "a ", "an ", "l'", "le ", "la ", "les ", "der ", "die ", "das ", "el ", "il ", "lo ")


def fold(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed: 'Émma  STONE' -> 'emma stone'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def name_key(name: str) -> str:
    """Key under which two spellings of a person's or company's name are the same."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(name))).strip()


def sort_key(title: str) -> str:
    """Key that sorts titles the way a shelf does: folded, leading article moved away."""
    key = fold(title)
    for article in ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article):].lstrip()
    return key
