"""The Help pages as HTML (shown by the window's Help menu): the search box's language, every
filter with an example, made from the parser's own tables so a new filter cannot be left out."""

from __future__ import annotations

import textwrap

from catalog.model.search_query import FIELDS, HAS_VALUES, NUMBER_FIELDS, TEXT_FIELDS
from catalog.render.format import esc

# field -> (example, what it finds). Every field of the parser has one (a test checks).
EXAMPLES: dict[str, tuple[str, str]] = {
    "title": ("title:land", "films whose title has a word starting with “land”"),
    "director": ("director:chazelle", "films directed by someone called Chazelle"),
    "writer": ("writer:sorkin", "films written by Sorkin"),
    "cast": ("cast:stone", "films with Stone in the cast"),
    "actor": ("actor:gosling", "the same as cast:"),
    "character": ("character:mia", "films with a character called Mia"),
    "person": ("person:hurwitz", "anyone credited: director, writer, cast or crew"),
    "year": ("year:2010..2019", "released in those years; also year:2016, year:>=2000, year:<1960"),
    "rating": ("rating:>=8", "your rating, 0–10; also rating:7..9"),
    "runtime": ("runtime:>120", "longer than two hours (minutes); also runtime:90..120"),
    "genre": ("genre:musical", "films of that genre"),
    "has": ("has:trailer", "films that have one; the words are listed below"),
    "watched": ("watched:no", "films you have not seen yet (yes or no): the diary has no viewing of them"),
    "on-loan": ("on-loan:yes", "films with a copy lent out now (yes or no)"),
    "overdue": ("overdue:yes", "films lent out past their due date (yes or no)"),
    "wanted": ("wanted:yes", "films on your wishlist (no: the films you own)"),
    "borrower": ("borrower:anna", "films lent to that borrower now"),
    "imdb": ("imdb:tt0816692", "the film with that IMDb id"),
    "tmdb": ("tmdb:157336", "the film with that TMDb id"),
    "tvdb": ("tvdb:12345", "the film with that TheTVDB id"),
    "wikidata": ("wikidata:Q13417189", "the film with that Wikidata id"),
    "medium": ("medium:blu-ray", "films with a copy on that medium (DVD, 4K UHD, VHS, file…)"),
    "location": ("location:shelf", "films with a copy kept there (shelf, box, room…)"),
    "country": ("country:france", "films from that country"),
    "language": ("language:french", "films spoken in that language"),
    "keyword": ("keyword:jazz", "films tagged with that keyword"),
    "tag": ("tag:jazz", "the same as keyword:"),
    "field": ('field:"Shelf code":A3', "your own fields: the field's name (quoted when it has spaces), then the value"),
}
BASICS: tuple[tuple[str, str], ...] = (
    ("chaz", "a word, or the start of one, anywhere: titles, people, characters, synopsis, extras"),
    ("la land", "every word must match (in any order)"),
    ("\"la la land\"", "these words in this order"),
    ("-whiplash", "leave out films that match (also -director:nolan, -\"exact phrase\")"),
    ("genre:\"drama\"", "a quoted value of genre:, medium:, location:, country:, language:, keyword:, field: "
     "or borrower: is the whole value (Drama, not Drama Comedy); unquoted, it matches from its start"),
)


INTRO = ("Type in the search box above the film list; the list follows as you type. Accents and capitals do "
         "not matter. Down or Enter moves to the results.")
COMMAND_LINE_INTRO = ("Give a search to list --search QUERY or print --search QUERY (quote it for the shell), or type "
                      "it in the window's search box. Accents and capitals do not matter.")
COMBINED = "director:chazelle year:2010..2019 -whiplash"


def _sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(example, what it finds)]) of every way to search, from the parser's own tables."""
    groups = (("People and titles", [f for f in FIELDS if f in TEXT_FIELDS]),
              ("Numbers", [f for f in FIELDS if f in NUMBER_FIELDS]),
              ("Everything else", [f for f in FIELDS if f not in TEXT_FIELDS and f not in NUMBER_FIELDS]))
    return [("Words", list(BASICS)), *((title, [EXAMPLES[f] for f in fields]) for title, fields in groups)]


def search_syntax_html() -> str:
    """Every way to search, each with an example."""
    def rows(items: list[tuple[str, str]]) -> str:
        return "".join(f'<tr><td width="190"><code>{esc(a)}</code></td><td>{esc(b)}</td></tr>' for a, b in items)

    parts = ["<h2>Search syntax</h2>", f"<p>{esc(INTRO)}</p>"]
    for title, items in _sections():
        parts += [f"<h3>{esc(title)}</h3>", f'<table cellspacing="4">{rows(items)}</table>']
    parts += ["<h3>has: words</h3>", f"<p>{esc(', '.join(HAS_VALUES))}</p>",
              f"<p>Filters combine: <code>{esc(COMBINED)}</code>.</p>"]
    return "<html><body>" + "".join(parts) + "</body></html>"


def search_syntax_text() -> str:
    """The same, as plain text for the command line."""
    lines = ["Search syntax", "", *textwrap.wrap(COMMAND_LINE_INTRO, 100)]
    for title, items in _sections():
        lines += ["", title]
        width = max(len(example) for example, _ in items) + 2
        lines += [f"  {example:<{width}}{what}" for example, what in items]
    lines += ["", "has: words", "  " + ", ".join(HAS_VALUES), "", f"Filters combine: {COMBINED}"]
    return "\n".join(lines)
