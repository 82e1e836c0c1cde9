"""Text folding shared by matching and sorting: accent- and case-insensitive keys, with one list of
leading articles for both (a title sorts and matches without "The", "La", "Los", "Der", …)."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
# Leading articles (English, French, Italian, Spanish, Portuguese, German, Dutch, Scandinavian), as
# whole words; the elided forms (L'Avventura, Dell'amore) are ELIDED below.
ARTICLES = frozenset({
    "the", "a", "an", "le", "la", "les", "il", "lo", "gli", "el", "los", "las", "un", "une", "uno",
    "una", "der", "die", "das", "ein", "eine", "het", "de", "den", "det",
})
_ELIDED = re.compile(r"^(?:l|dell|all|dall|nell|sull|d)'(?=\w)")
_MOVED_ARTICLE = re.compile(r"(.+?),\s*([a-z]+)")  # "Matrix, The"


def fold(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed: 'Émma  STONE' -> 'emma stone'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Key under which two spellings of a person's or company's name are the same (memoised: a
    big import names the same people again and again)."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(name))).strip()


def without_article(folded: str) -> str:
    """A folded title without its leading article ('the matrix' -> 'matrix', "l'avventura" ->
    'avventura'); a title that is only an article keeps it."""
    words = folded.split(maxsplit=1)
    if len(words) == 2 and words[0] in ARTICLES and re.search(r"\w", words[1]):
        return words[1]
    return _ELIDED.sub("", folded)


def sort_key(title: str) -> str:
    """Key that sorts titles the way a shelf does: folded, leading article moved away."""
    return without_article(fold(title).replace("’", "'"))


@functools.lru_cache(maxsize=1 << 16)
def title_key(title: str) -> str:
    """Matching key ignoring case, accents, punctuation, spacing and a leading article (memoised:
    a folder's name is asked for each of its files).

    title_key("The Matrix") == title_key("Matrix, The") == title_key("matrix");
    title_key("Amélie") == title_key("Amelie"); "&" counts as "and".
    """
    text = fold(title).replace("’", "'").replace("&", " and ").strip()
    moved = _MOVED_ARTICLE.fullmatch(text)
    if moved and moved.group(2) in ARTICLES:
        text = moved.group(1)
    return "".join(ch for ch in without_article(text) if ch.isalnum())


def plural(n: int, word: str) -> str:
    """'1 film', '2,000 films'."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
