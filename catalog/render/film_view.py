"""The presentation step every skin shares: a film document as plain data ready to lay out.

``film_view(doc)`` gives the heading facts, the cast, the crew grouped by role with their labels,
the direction line ("Written and directed by" when the same people), the companies, the film's
details (countries, languages, keywords, web site), what the collector keeps of it (rating, watched,
custom fields, notes), the loans of its copies and its place on the wishlist, the pictures and
the sections in their order (cast, crew, companies, details, videos, reviews, releases, articles,
awards, copies, other titles, ids, the diary, then any record kind added later; the collection,
loans, wishlist, notes). Values
are plain text, never escaped: the skins escape. Missing keys read as empty, so hand-made
documents work. Pure functions, any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from catalog.model.loans import is_overdue
from catalog.model.wishlist import priority_label
from catalog.render.format import humanize
from catalog.render.records import GENERIC, RECORD_SECTIONS, Record, Section, record_sections

__all__ = [
    "ROLE_LABELS",
    "Company",
    "Copy",
    "Details",
    "FilmView",
    "Heading",
    "Loan",
    "Person",
    "Record",
    "RoleGroup",
    "RoleLabel",
    "Section",
    "Wish",
    "film_view",
]


class RoleLabel(NamedTuple):
    """A role as the page names it (``one``/``many`` people) and as a sheet credits it (``credit``)."""

    one: str
    many: str
    credit: str | None = None  # None: the humanized role


# In the order the page lists the crew; other roles follow, humanized.
ROLE_LABELS: dict[str, RoleLabel] = {
    "director": RoleLabel("Director", "Directors", "Directed by"),
    "writer": RoleLabel("Writer", "Writers", "Written by"),
    "producer": RoleLabel("Producer", "Producers", "Produced by"),
    "composer": RoleLabel("Music", "Music", "Music"),
    "cinematographer": RoleLabel("Cinematography", "Cinematography", "Cinematography"),
    "editor": RoleLabel("Editing", "Editing", "Editing"),
    "production_designer": RoleLabel("Production design", "Production design"),
    "costume_designer": RoleLabel("Costumes", "Costumes"),
    "choreographer": RoleLabel("Choreography", "Choreography"),
}
DIRECTION = ("director", "writer")
SECTION_TITLES = {"cast": "Cast", "crew": "Crew", "companies": "Companies", "details": "Details",
                  "copy": "In the collection", "loans": "Loans", "wish": "On the wishlist", "notes": "Notes"}


@dataclass(frozen=True)
class Person:
    """Someone credited: ``name``, ``person_id`` (None in hand-made documents), ``character`` (cast),
    ``photo`` (the sha256 of their photo, when there is one)."""

    name: str
    person_id: int | None = None
    character: str | None = None
    photo: str | None = None


@dataclass(frozen=True)
class RoleGroup:
    """The people of one crew ``role``, in credit order."""

    role: str
    people: tuple[Person, ...]

    @property
    def known(self) -> bool:
        return self.role in ROLE_LABELS

    @property
    def label(self) -> str:
        """The page's label: 'Director' or 'Directors', 'Music'; other roles humanized."""
        labels = ROLE_LABELS.get(self.role)
        if labels is None:
            return humanize(self.role)
        return labels.many if len(self.people) > 1 else labels.one

    @property
    def credit_label(self) -> str:
        """The sheet's label: 'Directed by', 'Music'; other roles humanized."""
        labels = ROLE_LABELS.get(self.role)
        return (labels.credit if labels else None) or humanize(self.role)

    @property
    def names(self) -> list[str]:
        """The names, each once."""
        return list(dict.fromkeys(p.name for p in self.people))


@dataclass(frozen=True)
class Company:
    name: str
    role: str | None


@dataclass(frozen=True)
class Heading:
    """The facts at the top. ``original_title`` is as stored; ``other_title`` only when it differs;
    ``sort_title`` is the collector's filing title, if any."""

    title: str
    sort_title: str | None
    year: int | None
    original_title: str | None
    runtime_min: int | None
    certification: str | None
    genres: tuple[str, ...]
    tagline: str | None
    synopsis: str | None

    @property
    def other_title(self) -> str | None:
        return self.original_title if self.original_title != self.title else None


@dataclass(frozen=True)
class Copy:
    """What the collector keeps about the film beyond its copies: rating, watched, the custom fields
    as (name, display text) in their order, and notes."""

    rating: float | None
    watched: bool
    notes: str | None
    custom: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Details:
    """The film's countries, languages (original, spoken), keywords and web site."""

    countries: tuple[str, ...] = ()
    original_language: str | None = None
    languages: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    web_site: str | None = None

    def rows(self) -> tuple[tuple[str, str], ...]:
        """(label, plain text) of what is known."""
        rows = (("Countries" if len(self.countries) > 1 else "Country", ", ".join(self.countries)),
                ("Original language", self.original_language or ""),
                ("Languages" if len(self.languages) > 1 else "Language", ", ".join(self.languages)),
                ("Keywords", ", ".join(self.keywords)), ("Web site", self.web_site or ""))
        return tuple(r for r in rows if r[1])


@dataclass(frozen=True)
class Loan:
    """A loan of one of the film's copies: ``copy`` is the copy as a label ("Blu-ray", "copy 2")."""

    loan_id: int | None
    copy: str
    borrower: str
    lent_on: str
    due_on: str | None
    returned_on: str | None
    notes: str | None
    overdue: bool
    contact: str | None = None  # the borrower's

    @property
    def open(self) -> bool:
        return self.returned_on is None


@dataclass(frozen=True)
class Wish:
    """The film's place on the wishlist: its priority (as a word) and note."""

    priority: str
    note: str | None


@dataclass(frozen=True)
class FilmView:
    """Everything a skin lays out. ``sections`` lists every section the film could show, in order;
    a skin leaves out those with nothing to show."""

    film_id: int | None
    heading: Heading
    cast: tuple[Person, ...]
    crew: tuple[RoleGroup, ...]  # every role but the cast, the first credited first
    companies: tuple[Company, ...]
    copy: Copy
    details: Details
    images: tuple[Mapping[str, Any], ...]
    poster: Mapping[str, Any] | None
    sections: tuple[Section, ...]
    loans: tuple[Loan, ...] = ()  # open ones first (soonest due first), then the history, latest first
    wish: Wish | None = None

    def group(self, role: str) -> RoleGroup | None:
        return next((g for g in self.crew if g.role == role), None)

    def people(self, role: str) -> tuple[Person, ...]:
        group = self.group(role)
        return group.people if group else ()

    def company_names(self, role: str) -> list[str]:
        return [c.name for c in self.companies if c.role == role]

    @property
    def direction(self) -> tuple[tuple[str, tuple[Person, ...]], ...]:
        """('Written and directed by', people) when the writers are the directors, else
        ('Directed by', …) and ('Written by', …); only the roles someone holds."""
        directors, writers = self.people("director"), self.people("writer")
        if directors and [(p.person_id, p.name) for p in directors] == [(p.person_id, p.name) for p in writers]:
            return (("Written and directed by", directors),)
        return tuple((g.credit_label, g.people) for role in DIRECTION if (g := self.group(role)))

    @property
    def other_crew(self) -> tuple[RoleGroup, ...]:
        """The crew without the directors and writers (who head the page and the sheet)."""
        return tuple(g for g in self.crew if g.role not in DIRECTION)

    @property
    def record_sections(self) -> tuple[Section, ...]:
        """The sections of attached records: the table's kinds, then any added later."""
        return tuple(s for s in self.sections if s.key in RECORD_SECTIONS or s.look == GENERIC)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def custom_text(value: Any) -> str:
    """A custom field's value as display text (yes/no, numbers without a needless .0)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _crew(credits: list[Mapping[str, Any]]) -> tuple[RoleGroup, ...]:
    groups: dict[str, list[Person]] = {}
    for c in credits:
        if c.get("role") not in ("actor", None) and c.get("person"):
            groups.setdefault(c["role"], []).append(Person(c["person"], c.get("person_id")))
    return tuple(RoleGroup(role, tuple(people)) for role, people in groups.items())


def best_poster(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The picture that heads a film: its poster, unless that is a placeholder and a real poster
    is there (placeholders never outrank real pictures); without a poster set, the first poster."""
    images = doc.get("images") or []
    chosen = next((i for i in images if i.get("sha256") == doc["poster"]), None) if doc.get("poster") else None
    if chosen is None or chosen.get("placeholder"):
        real = next((i for i in images if i.get("kind") == "poster" and not i.get("placeholder")
                     and not i.get("missing")), None)
        chosen = real or chosen or (None if doc.get("poster") else
                                    next((i for i in images if i.get("kind") == "poster"), None))
    return chosen


def _loans(doc: Mapping[str, Any], today: str | None) -> tuple[Loan, ...]:
    copies = doc.get("copies") or []
    places = {c.get("id"): n for n, c in enumerate(copies) if c.get("id") is not None}

    def label(loan: Mapping[str, Any]) -> str:
        place = places.get(loan.get("copy_id"), loan.get("copy"))
        copy = copies[place] if isinstance(place, int) and 0 <= place < len(copies) else {}
        parts = [p for p in (copy.get("medium"), copy.get("edition")) if p]
        return ", ".join(parts) if parts else (f"copy {place + 1}" if isinstance(place, int) and len(copies) > 1
                                               else "the copy")

    loans = [Loan(loan.get("id"), label(loan), str(loan.get("borrower") or ""), str(loan.get("lent_on") or ""),
                  loan.get("due_on"), loan.get("returned_on"), loan.get("notes"), is_overdue(loan, today),
                  loan.get("contact"))
             for loan in doc.get("loans") or []]
    out = sorted((x for x in loans if x.open), key=lambda x: (x.due_on is None, x.due_on or "", x.lent_on))
    return (*out, *sorted((x for x in loans if not x.open), key=lambda x: (x.returned_on or "", x.lent_on),
                          reverse=True))


def film_view(doc: Mapping[str, Any], today: str | None = None) -> FilmView:
    """The film document ``doc`` (see docs/schema.md) as a ``FilmView``."""
    credits = doc.get("credits") or []
    heading = Heading(
        title=str(doc.get("title") or ""), sort_title=doc.get("sort_title"), year=doc.get("year"),
        original_title=doc.get("original_title"), runtime_min=doc.get("runtime_min"),
        certification=doc.get("certification"), genres=tuple(doc.get("genres") or ()), tagline=doc.get("tagline"),
        synopsis=doc.get("synopsis"))
    cast = tuple(Person(c.get("person") or "", c.get("person_id"), c.get("character"), c.get("photo"))
                 for c in credits if c.get("role") == "actor")
    custom = tuple((name, text) for name, value in (doc.get("custom") or {}).items()
                   if (text := custom_text(value)))
    copy = Copy(doc.get("rating"), bool(doc.get("watched")), doc.get("notes"), custom)
    details = Details(tuple(doc.get("countries") or ()), doc.get("original_language"),
                      tuple(doc.get("languages") or ()), tuple(doc.get("keywords") or ()), doc.get("web_site"))
    sections = (
        *(Section(key, SECTION_TITLES[key], key) for key in ("cast", "crew", "companies", "details")),
        *record_sections(doc),
        *(Section(key, SECTION_TITLES[key], key) for key in ("copy", "loans", "wish", "notes")),
    )
    wish = doc.get("wish")
    return FilmView(
        film_id=doc.get("id"),
        heading=heading,
        cast=cast,
        crew=_crew(credits),
        companies=tuple(Company(c["name"], c.get("role")) for c in doc.get("companies") or []),
        copy=copy,
        details=details,
        # Real pictures before placeholders (sorted stably: the collector's order otherwise).
        images=tuple(sorted(doc.get("images") or (), key=lambda i: bool(i.get("placeholder")))),
        poster=best_poster(doc),
        sections=sections,
        loans=_loans(doc, today),
        wish=Wish(priority_label(wish.get("priority")), wish.get("note")) if wish else None,
    )

