"""A clean film document worked out into what the bulk loader writes, without the store: the film
row's values and derived columns, its credits, lists, records and pictures as row values, its
search index text. Pure, so that the process checking a big JSON file does it on the other core
while the importing one writes (catalog.formats.json_checker); what is left for the writer is
handing out ids and looking up people, genres, companies and pictures by name.

A `Prepared` travels as a plain tuple (marshal); `Incoming` carries it with the document itself,
which is decoded only when the writer needs it (a merge, loans, a wish, a picture to probe)."""

from __future__ import annotations

import marshal
from collections.abc import Mapping
from typing import Any, NamedTuple

from catalog.model.documents import FILM_FIELDS
from catalog.model.kinds import FILM_LISTS, KINDS
from catalog.model.text import name_key, sort_key
from catalog.store.custom import to_text
from catalog.store.films import FilmTable
from catalog.store.images import phash_to_sql
from catalog.store.records import _to_sql

SPLIT_ROLES = ("director", "writer", "actor")  # the search index's credit columns; the rest is crew


class PreparedImage(NamedTuple):
    """A picture of the film: the image row's values the document gives (the writer adds the id,
    the film, whether the file is in the store, when it was added and its copy)."""

    sha256: str
    copy: int | None  # the place of its copy among the film's copies
    copy_id: int | None  # (keeping ids) its copy's id
    id: int | None  # (keeping ids)
    kind: str
    original_name: str
    width: int | None
    height: int | None
    format: str | None
    bytes: int | None
    phash: int | None  # as stored (signed)
    caption: str | None
    credit: str | None
    position: int
    placeholder: bool


class Prepared(NamedTuple):
    """What the loader writes of one film (lists of plain values: marshal carries it)."""

    id: int | None  # (keeping ids)
    film: list[Any]  # FILM_FIELDS' values, sort_key, title_key, created_at, updated_at, directors,
    #                  directors_key, video_count (the film row after its id, before its poster)
    credits: list[tuple[str, int | None, int | None, str, str | None, int]]  # person, person id and
    #                  credit id (keeping ids), role, character, position among the role's
    genres: list[str]
    values: list[tuple[str, str, int]]  # list, value, position
    custom: list[tuple[str, str]]  # field name, stored text
    companies: list[tuple[str, str, int]]  # name, role, position
    records: list[list[tuple]]  # by KINDS: (record id or None, position, *stored values)
    images: list[tuple]  # PreparedImage values
    poster: str | None  # the poster's sha256
    external_ids: list[tuple[str, str]]  # kind, value (to match a film already there)
    director_keys: list[str]
    search: list[str | None]  # film_fts's columns after the rowid, then film_title_fts's title
    desk: bool  # loans or a wish: the writer reads them from the document
    lent: bool
    unprobed: bool  # a picture without its perceptual hash (the writer probes it when the file is there)

    @property
    def title(self) -> str:
        return str(self.film[0])

    @property
    def title_key(self) -> str:
        return str(self.film[len(FILM_FIELDS) + 1])

    @property
    def year(self) -> int | None:
        return self.film[FILM_FIELDS.index("year")]

    @property
    def label(self) -> str:
        return self.title + (f" ({self.year})" if self.year else "")


_WATCHED = FILM_FIELDS.index("watched")


def prepare(doc: Mapping[str, Any], types: Mapping[str, str]) -> Prepared:
    """A clean document's rows; `types`: the type of each custom field it may name."""
    film = [doc.get(name) for name in FILM_FIELDS]
    film[_WATCHED] = bool(film[_WATCHED])
    title = doc["title"]
    credits, directors = [], []
    positions: dict[str, int] = {}
    by_role: dict[str, list[str]] = {role: [] for role in (*SPLIT_ROLES, "crew")}
    characters = []
    for credit in doc.get("credits") or []:
        role, person, character = credit["role"], credit["person"], credit.get("character")
        position = positions.get(role, 0)
        positions[role] = position + 1
        credits.append((person, credit.get("person_id"), credit.get("id"), role, character, position))
        by_role[role if role in by_role else "crew"].append(person)
        if character is not None:
            characters.append(character)
        if role == "director":
            directors.append(person)
    stamp = doc.get("created_at")
    film += [*FilmTable.keys(title, doc.get("sort_title")).values(), stamp, doc.get("updated_at") or stamp,
             ", ".join(directors), sort_key(directors[0]) if directors else "", len(doc.get("videos") or [])]
    values = [(list_name, v, n) for key, (list_name, _) in FILM_LISTS.items() for n, v in enumerate(doc.get(key) or [])]
    custom = []
    for name, value in (doc.get("custom") or {}).items():
        text = to_text(types[name], value)
        if text is not None:
            custom.append((name, text))
    records: list[list[tuple]] = []
    extras: list[str] = []
    for kind in KINDS:
        rows = []
        for position, record in enumerate(doc.get(kind.doc_key) or []):
            stored = tuple(_to_sql(kind, name, record.get(name)) for name in kind.field_names)
            rows.append((record.get("id"), position, *stored))
            if kind.indexed:
                by_name = dict(zip(kind.field_names, stored, strict=True))
                extras += ["" if by_name[name] is None else str(by_name[name]) for name in kind.indexed]
        records.append(rows)
    extras += [v for _, v, _ in values] + [text for _, text in custom]
    images = [tuple(PreparedImage(
        entry["sha256"], entry.get("copy"), entry.get("copy_id"), entry.get("id"), entry.get("kind") or "still",
        entry.get("file_name") or "", entry.get("width"), entry.get("height"), entry.get("format"),
        entry.get("bytes"), None if entry.get("phash") is None else phash_to_sql(entry["phash"]),
        entry.get("caption"), entry.get("credit"), entry.get("position") or 0, bool(entry.get("placeholder"))))
        for entry in doc.get("images") or []]
    # The search index's text as its fill query (catalog.store.search_index) makes it from the tables.
    titles = f"{title} {doc.get('original_title') or ''}"
    search = [titles,
              *(" ".join(names) or None for names in by_role.values()), " ".join(characters) or None,
              " ".join(doc.get(k) or "" for k in ("tagline", "synopsis", "notes")), " ".join(extras),
              titles]
    return Prepared(
        doc.get("id"), film, credits, list(doc.get("genres") or []), values, custom,
        [(c["name"], c["role"], n) for n, c in enumerate(doc.get("companies") or [])], records, images,
        doc.get("poster"), [(item["kind"], str(item["value"])) for item in doc.get("external_ids") or []],
        [name_key(name) for name in directors], search, bool(doc.get("loans") or doc.get("wish")),
        bool(doc.get("loans")), any(entry.get("phash") is None for entry in doc.get("images") or []))


class Incoming:
    """A film on its way in: its `prepared` rows and its document (`doc`, decoded from its marshal
    block the first time it is asked for)."""

    __slots__ = ("_block", "_doc", "prepared")

    def __init__(self, prepared: Prepared, doc: dict[str, Any] | None = None, block: bytes | None = None) -> None:
        self.prepared, self._doc, self._block = prepared, doc, block

    @classmethod
    def of(cls, doc: Mapping[str, Any], types: Mapping[str, str]) -> Incoming:
        return cls(prepare(doc, types), doc if isinstance(doc, dict) else dict(doc))

    @classmethod
    def from_blocks(cls, prepared: bytes, doc: bytes) -> Incoming:
        """One film as the checking process sends it: marshal blocks of its prepared rows and document."""
        return cls(Prepared(*marshal.loads(prepared)), block=doc)

    def probed(self, types: Mapping[str, str]) -> Incoming:
        """Itself, or prepared again when its document's pictures have gained perceptual hashes."""
        hashes = [None if entry.get("phash") is None else phash_to_sql(entry["phash"]) for entry in self.doc["images"]]
        if hashes == [PreparedImage(*image).phash for image in self.prepared.images]:
            return self
        return Incoming.of(self.doc, types)

    @property
    def doc(self) -> dict[str, Any]:
        if self._doc is None:
            assert self._block is not None
            self._doc, self._block = marshal.loads(self._block), None
        return self._doc
