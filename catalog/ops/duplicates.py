"""Which films of an import are already in the catalogue, and merging one into the film there.

A film is the same as one in the catalogue when they share an external id (IMDb, TMDb, …), or
else when they have the same title and year and the same director (or one of the two names no
director). Merging fills what the catalogue's film lacks — empty fields, lists, custom values —
and adds the credits, copies, other titles, ids, records and pictures it does not have yet;
nothing the collector wrote is overwritten. Call inside the import's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, cast

from catalog.model.documents import FILM_FIELDS
from catalog.model.kinds import BY_NAME, FILM_LISTS, KINDS
from catalog.model.text import name_key, title_key
from catalog.store.custom import to_text

if TYPE_CHECKING:
    from catalog.store import Store
    from catalog.store.bulk import FilmLoader
    from catalog.store.prepared import Prepared


def _directors(doc: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(name_key(c["person"]) for c in doc.get("credits") or [] if c.get("role") == "director")


class DuplicateIndex:
    """The catalogue's films as they were before the import (those up to its last film id), looked
    up by external id and by title and year as each document comes: a million films are not held."""

    def __init__(self, store: Store) -> None:
        self.films = store.films
        self.up_to = store.films.last_id()

    def __bool__(self) -> bool:
        """Whether there is anything to match (an empty catalogue has nothing)."""
        return self.up_to > 0

    def match(self, doc: Mapping[str, Any]) -> int | None:
        """The film already there that `doc` (a clean document) is, or None."""
        return self._match([(item["kind"], str(item["value"])) for item in doc.get("external_ids") or []],
                           title_key(doc["title"]), doc.get("year"), _directors(doc))

    def match_prepared(self, film: Prepared) -> int | None:
        """`match` of a prepared film."""
        return self._match(film.external_ids, film.title_key, film.year, frozenset(film.director_keys))

    def _match(self, external_ids: Iterable[tuple[str, str]], key: str, year: int | None,
               wanted: AbstractSet[str]) -> int | None:
        if not self:
            return None
        for kind, value in external_ids:
            found = self.films.with_external_id(kind, value, self.up_to)
            if found is not None:
                return found
        for film_id, names in self.films.same_title(key, year, self.up_to):
            directors = {name_key(name) for name in names}
            if not wanted or not directors or wanted & directors:
                return film_id
        return None


def _same(kind_name: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two records of a kind are the same one (for copies: medium, edition and barcode)."""
    spec = BY_NAME[kind_name]
    keys = ("medium", "edition", "barcode") if kind_name == "copy" else spec.field_names
    return all((a.get(k) or None) == (b.get(k) or None) for k in keys)


def merge_into(store: Store, loader: FilmLoader, film_id: int, doc: Mapping[str, Any]) -> None:
    """Give the film `film_id` what it lacks of the clean document `doc`."""
    current = cast(dict[str, Any], store.documents.film(film_id))
    empty = {k: doc[k] for k in FILM_FIELDS if doc.get(k) not in (None, "", False)
             and current.get(k) in (None, "", False)}
    if empty:
        store.films.update(film_id, empty)
    if not current["genres"] and doc.get("genres"):
        store.films.add_genres(film_id, doc["genres"])
    for key, (list_name, _) in FILM_LISTS.items():
        have = current.get(key) or []
        more = [v for v in doc.get(key) or [] if v.casefold() not in {h.casefold() for h in have}]
        if more:
            store.films.set_values(film_id, list_name, [*have, *more])
    if not current["companies"] and doc.get("companies"):
        store.films.add_companies(film_id, [(c["name"], c["role"]) for c in doc["companies"]])
    have_credits = {(name_key(c["person"]), c["role"]) for c in current["credits"]}
    for credit in doc.get("credits") or []:
        if (name_key(credit["person"]), credit["role"]) not in have_credits:
            store.records.insert_credit(film_id, loader.person(credit["person"]), credit["role"],
                                        credit.get("character"))
            have_credits.add((name_key(credit["person"]), credit["role"]))
    new_copies: dict[int, int] = {}  # place in doc -> copy id
    for kind in KINDS:
        have = current.get(kind.doc_key) or []
        for place, record in enumerate(doc.get(kind.doc_key) or []):
            same = next((h for h in have if _same(kind.name, h, record)), None)
            record_id = store.records.insert(kind, film_id, record) if same is None else same["id"]
            if kind.name == "copy":
                new_copies[place] = record_id
    custom = current["custom"]
    for name, value in (doc.get("custom") or {}).items():
        if name not in custom and name in loader.custom:
            field_id, type_ = loader.custom[name]
            stored = to_text(type_, value)
            if stored is not None:
                store.custom.set_text(film_id, field_id, stored)
    have_images = {i["sha256"] for i in current["images"]}
    for entry in doc.get("images") or []:
        if entry["sha256"] not in have_images:
            place = entry.get("copy")
            copy_id = new_copies.get(place) if isinstance(place, int) else None
            loader.image({**entry, "position": None}, film_id, copy_id)
    _merge_loans(store, loader, film_id, doc, new_copies)
    if current["poster"] is None and doc.get("poster"):
        poster = store.images.by_sha(doc["poster"])
        if poster is not None and poster["film_id"] == film_id:
            store.films.set_poster(film_id, poster["id"])


def _merge_loans(store: Store, loader: FilmLoader, film_id: int, doc: Mapping[str, Any],
                 copies: Mapping[int, int]) -> None:
    """The document's loans the film lacks (the same borrower and date out on the same copy is the
    same loan); an open loan only on a copy not lent already."""
    for loan in doc.get("loans") or []:
        copy_id = copies.get(loan.get("copy") or 0)
        if copy_id is None:
            continue
        have = store.loans.of_copy(copy_id)
        if any(name_key(h["borrower"]) == name_key(loan["borrower"]) and h["lent_on"] == loan["lent_on"] for h in have):
            continue
        if loan.get("returned_on") is None and any(h["returned_on"] is None for h in have):
            continue
        store.loans.insert(copy_id, film_id, loader.borrower(loan["borrower"]), loan["lent_on"], loan.get("due_on"),
                           loan.get("returned_on"), loan.get("notes"))
