"""The search box's language, parsed into clauses (no SQL here; the store's search index compiles them).

    chaz             a word, prefix-matched anywhere in the index (accents and case ignored)
    "exact phrase"   words in this order, whole words
    -word  -"phrase"  -field:value   leave those films out
    director:chazelle  cast:stone  actor:  writer:  person: (any role)  character:  title:
    year:2016  year:2010..2019  year:>=2000  rating:>=8  rating:7..9  runtime:>120
    genre:musical  has:video|featurette|trailer|…|review|release|article|award|poster|image|synopsis|credit
    watched:yes|no   on-loan:yes|no   overdue:yes|no   wanted:yes|no (on the wishlist)
    borrower:anna    films lent to that borrower now
    imdb:tt0816692  tmdb:157336  tvdb:  wikidata:    a film by its id on another site
    medium:blu-ray  location:shelf  (a copy's)   country:  language:  keyword:  (tag: the same)
    field:"Shelf code":A3   a custom field's value (field:Name:value when the name is one word)

A value matches from its start (genre:sci finds Science Fiction); a quoted value of genre:, the
copy's, the lists', field: and borrower: is the whole value (genre:"Drama", not Drama Comedy): what
the Browse pane puts in the box.

A mistake raises SearchSyntaxError whose message is a plain hint fit to show under the box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.errors import CatalogueError, ValidationError
from catalog.model.kinds import has_words

TEXT_FIELDS = {  # field -> index columns it searches
    "title": ("title",), "director": ("directors",), "writer": ("writers",), "cast": ("actors",),
    "actor": ("actors",), "character": ("characters",),
    "person": ("directors", "writers", "actors", "crew"),
}
# field: (what it expects, an example range, the type of its numbers)
NUMBER_FIELDS: dict[str, tuple[str, str, type[int] | type[float]]] = {
    "year": ("a year", "2010..2019", int), "rating": ("a rating", "7..9", float),
    "runtime": ("minutes", "90..120", int)}
# has:WORD — the film's own parts, then every word the record kinds give (has:video, has:trailer, …).
FILM_HAS = ("poster", "image", "synopsis", "credit")
HAS_VALUES = (*has_words(), *FILM_HAS)
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")
YES_NO_FIELDS = ("watched", "on-loan", "overdue", "wanted")
OTHER_FIELDS = ("genre", "has", *YES_NO_FIELDS)
ID_FIELDS = ("imdb", "tmdb", "tvdb", "wikidata")
COPY_FIELDS = ("medium", "location")
LIST_FIELDS = {"country": "country", "language": "language", "keyword": "keyword", "tag": "keyword"}
VALUE_FIELDS = (*ID_FIELDS, *COPY_FIELDS, *LIST_FIELDS, "field", "borrower")
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, *OTHER_FIELDS, *VALUE_FIELDS)
_FIELD = re.compile(r"([a-z][a-z-]*):", re.IGNORECASE)
_COMPARE = re.compile(r"^(>=|<=|>|<|=)?\s*([^<>=]*)$")
_WORD = re.compile(r"[^\W_]")


class SearchSyntaxError(ValidationError):
    """What the user typed cannot be searched; str() is a plain hint such as
    "year: expects a year or a range like 2010..2019"."""

    def __init__(self, hint: str, query: str = "") -> None:
        self.field, self.value, self.reason, self.hint = "search", query, hint, hint
        CatalogueError.__init__(self, hint)


@dataclass(frozen=True)
class Clause:
    """One piece of a query. kind: 'word' | 'phrase' | field name. For number fields `low`/`high`
    bound the value (inclusive unless `strict`); `value` is the text (folded later by the index)."""

    kind: str
    value: str = ""
    negated: bool = False
    low: float | None = None
    high: float | None = None
    low_strict: bool = False
    high_strict: bool = False
    exact: bool = False
    name: str = ""  # field: the custom field's name


MAX_QUERY = 2000


def check_query(query: str) -> None:
    """What no search can hold: a NUL, a lone surrogate (not text at all), thousands of characters."""
    if len(query) > MAX_QUERY:
        raise SearchSyntaxError(f"The search is too long (over {MAX_QUERY:,} characters): shorten it", query[:40])
    if "\x00" in query:
        raise SearchSyntaxError("The search holds a NUL character: remove it", query)
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        raise SearchSyntaxError("The search holds a character that is not valid text: retype it",
                                query.encode("utf-8", "backslashreplace").decode()) from None


def parse(query: str) -> list[Clause]:
    """Split the search box into clauses; raises SearchSyntaxError with a hint."""
    check_query(query)
    clauses: list[Clause] = []
    pos, n = 0, len(query)
    while pos < n:
        if query[pos].isspace():
            pos += 1
            continue
        negated = query[pos] == "-"
        if negated:
            pos += 1
            if pos >= n or query[pos].isspace():
                continue  # a lone dash is punctuation, not an exclusion
        field = None
        match = _FIELD.match(query, pos)
        if match and match.group(1).lower() in FIELDS:
            field, pos = match.group(1).lower(), match.end()
        elif match and pos + len(match.group(0)) < n and not query[match.end()].isspace():
            raise SearchSyntaxError(f"{match.group(1)}: is not a filter; try one of "
                                    f"{', '.join(f + ':' for f in FIELDS)}", query)
        name = ""
        if field == "field":
            name, pos = _field_name(query, pos)
        quoted = pos < n and query[pos] == '"'
        if quoted:
            end = query.find('"', pos + 1)
            if end < 0:
                raise SearchSyntaxError('A quotation mark is not closed: add a " after the phrase', query)
            value, pos = query[pos + 1:end], end + 1
        else:
            end = pos
            while end < n and not query[end].isspace():
                end += 1
            value, pos = query[pos:end], end
        if field is None:
            if _WORD.search(value):
                clauses.append(Clause("phrase" if quoted else "word", value, negated, exact=quoted))
        else:
            clause = _field_clause(field, value.strip(), negated, quoted, query)
            clauses.append(Clause(clause.kind, clause.value, negated, exact=quoted, name=name) if name else clause)
    return clauses


def _field_name(query: str, pos: int) -> tuple[str, int]:
    """The name after `field:` ("Shelf code" or Shelf) and the place after its colon."""
    hint = 'field: expects a field\'s name and a value, like field:"Shelf code":A3'
    if pos < len(query) and query[pos] == '"':
        end = query.find('"', pos + 1)
        if end < 0:
            raise SearchSyntaxError('A quotation mark is not closed: add a " after the name', query)
        name, pos = query[pos + 1:end], end + 1
    else:
        end = pos
        while end < len(query) and query[end] not in ': \t':
            end += 1
        name, pos = query[pos:end], end
    if not name.strip() or pos >= len(query) or query[pos] != ":":
        raise SearchSyntaxError(hint, query)
    return name.strip(), pos + 1


def _field_clause(field: str, value: str, negated: bool, quoted: bool, query: str) -> Clause:
    if field in TEXT_FIELDS:
        if not _WORD.search(value):
            raise SearchSyntaxError(f"{field}: expects a name or words, like {field}:smith", query)
        return Clause(field, value, negated, exact=quoted)
    if field in NUMBER_FIELDS:
        return _number_clause(field, value, negated, query)
    folded = value.lower()
    if field in VALUE_FIELDS:
        if not value:
            example = {"imdb": "imdb:tt0816692", "tmdb": "tmdb:157336", "field": 'field:"Shelf code":A3'}.get(
                field, f"{field}:…")
            raise SearchSyntaxError(f"{field}: expects a value, like {example}", query)
        return Clause(field, value, negated, exact=quoted)
    if field == "genre":
        if not _WORD.search(value):
            raise SearchSyntaxError("genre: expects a genre, like genre:musical", query)
        return Clause(field, value, negated, exact=quoted)
    if field == "has":
        if folded not in HAS_VALUES:
            raise SearchSyntaxError(f"has: expects one of {', '.join(HAS_VALUES)}", query)
        return Clause(field, folded, negated)
    if folded not in YES + NO:
        raise SearchSyntaxError(f"{field}: expects yes or no", query)
    return Clause(field, "yes" if folded in YES else "no", negated)


def _number_clause(field: str, value: str, negated: bool, query: str) -> Clause:
    what, example, kind = NUMBER_FIELDS[field]
    hint = f"{field}: expects {what} or a range like {field}:{example}, {field}:>={example.split('..')[0]}"

    def number(text: str) -> float | None:
        text = text.strip().replace(",", ".")
        if not text:
            return None
        try:
            result = kind(text)
        except ValueError:
            raise SearchSyntaxError(hint, query) from None
        if kind is int and not -(2 ** 63) <= result < 2 ** 63:  # more than SQLite's integers hold
            raise SearchSyntaxError(hint, query)
        return result

    if ".." in value:
        first, _, second = value.partition("..")
        low, high = number(first), number(second)
        if low is None and high is None:
            raise SearchSyntaxError(hint, query)
        if low is not None and high is not None and low > high:
            raise SearchSyntaxError(f"{field}: the range {value} runs backwards; try {field}:{high}..{low}",
                                    query)
        return Clause(field, value, negated, low, high)
    match = _COMPARE.match(value)
    if not match:
        raise SearchSyntaxError(hint, query)
    op, target = match.group(1) or "=", number(match.group(2))
    if target is None:
        raise SearchSyntaxError(hint, query)
    bounds = {"=": (target, target, False, False), ">=": (target, None, False, False),
              "<=": (None, target, False, False), ">": (target, None, True, False),
              "<": (None, target, False, True)}[op]
    return Clause(field, value, negated, *bounds)
