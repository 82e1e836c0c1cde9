"""Use cases on films: the list (search and sort), one film's document, adding, editing, genres and
companies, deleting and putting back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalog.errors import ConflictError, NotFound, ValidationError
from catalog.model.documents import FILM_LABELS, FilmDoc
from catalog.model.id_list import IdList
from catalog.model.id_runs import IdSet, run_ids
from catalog.model.kinds import BY_NAME, COMPANY_FIELDS, FILM_LISTS, LIST_CHECK, custom_check
from catalog.model.rows import FilmRow
from catalog.model.text import name_key, plural
from catalog.model.validation import FILM_FIELDS, clean, text
from catalog.ops.backups import MANY_FILMS
from catalog.ops.change import (
    Change,
    Progress,
    Step,
    check_cancelled,
    paced_rows,
    pack,
    packed_count,
    pieces,
    step,
    unpacked,
)
from catalog.store.bulk import bulk_load
from catalog.store.custom import to_text

if TYPE_CHECKING:
    import threading

    from catalog.ops.catalogue import Catalogue


class Films:
    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.store = cat.store

    # -- the list -----------------------------------------------------------------------------------

    def ids(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[int]:
        """Ids of the films matching `query` (search syntax of catalog.model.search_query), in display
        order. sort None: by relevance when the query has words, else by title. A query that cannot be
        searched raises ValidationError (SearchSyntaxError) whose message is a plain hint."""
        return self.store.film_list.ids(query, sort, descending)

    def id_list(self, query: str = "", sort: str | None = None, descending: bool = False) -> IdList:
        """As `ids`, compactly (catalog.model.id_list: a million ids in 8 MB)."""
        return self.store.film_list.id_list(query, sort, descending)

    def read_ahead(self, sort: str = "title") -> None:
        """Start reading the list's order on a thread of its own (a window about to open needs it
        first; a million films' take 0.2 s, then spent beside building the window). A sort key
        that is no list's is ignored."""
        self.store.film_list.read_ahead(sort)

    def rows(self, ids: Iterable[int]) -> dict[int, FilmRow]:
        return self.store.film_list.rows(ids)

    def listing(self, query: str = "", sort: str | None = None, descending: bool = False) -> list[FilmRow]:
        ids = self.ids(query, sort, descending)
        rows = self.rows(ids)
        return [rows[i] for i in ids if i in rows]  # (a film another member deleted a moment ago is gone)

    def count(self) -> int:
        return self.store.film_list.count()

    def find(self, ref: str | int) -> int:
        """A film by id, or by title (case-, accent- and article-insensitive; 'Title (Year)' picks a
        remake). A number is an id only when a film has that id ("1917", "10 Cloverfield Lane" and
        "2001 (1968)" are titles otherwise)."""
        text_ref = str(ref).strip()
        if (text_ref.isascii() and text_ref.isdecimal() and int(text_ref) < 2 ** 63
                and self.store.films.exists(int(text_ref))):
            return int(text_ref)
        candidates: list[tuple[str, int | None]] = [(text_ref, None)]
        if text_ref.endswith(")") and "(" in text_ref:
            head, _, tail = text_ref.rpartition("(")
            if tail[:-1].strip().isdecimal():
                candidates.insert(0, (head.strip(), int(tail[:-1])))
        for title, year in candidates:  # "Title (Year)" first; a title that ends in brackets as written
            found = [(fid, fyear) for fid, fyear in self.store.films.by_title(title) if year is None or fyear == year]
            if len(found) == 1:
                return found[0][0]
            if found:
                years = ", ".join(str(y) for _, y in found)
                raise NotFound(f"several films are called {title!r} ({years}); add the year or use the id")
        raise NotFound(f"no film {text_ref!r} in the catalogue")

    def with_title_key(self, key: str) -> list[tuple[int, int | None, str]]:
        """(id, year, title) of the films whose title key (catalog.model.text.title_key) is `key`, by id."""
        return self.store.films.with_key(key)

    def title_key_around(self, key: str) -> str | None:
        """Of the title keys of 4 or more letters that begin `key` or begin with it, the longest."""
        return self.store.films.longest_key_around(key) if key else None

    def title_keys_from(self, start: str) -> list[str]:
        """Every title key that begins with `start` (the candidates of a guess at a misspelt name)."""
        return self.store.films.keys_from(start)

    def label(self, film_id: int | None) -> str:
        """"Title (Year)" of a film, or "Unsorted" for the inbox."""
        return self.store.films.label(film_id)

    # -- one film -----------------------------------------------------------------------------------

    def document(self, film_id: int) -> FilmDoc:
        """Everything about one film as plain data (catalog.model.documents)."""
        return self.store.documents.film(film_id)

    def version(self, film_id: int) -> tuple[int, str | None, str | None]:
        """(row version, changed by, changed at) of a film: an editor keeps the version it opened."""
        stamp = self.store.stamps.of(film_id)
        if stamp is None:
            raise NotFound(f"no film with id {film_id}")
        return stamp.version, stamp.changed_by, stamp.changed_at

    def fields_now(self, film_id: int) -> dict[str, Any]:
        """The film's own fields as they are in the catalogue now (the other side of a conflict)."""
        film = self.store.films.get(film_id)
        return {k: film[k] for k in FILM_FIELDS}

    def assign(self, film_id: int, values: Mapping[str, str]) -> Change:
        """Set fields by the names a person types (the command line's `--set FIELD=VALUE`): the
        film's own fields (by name or label: `year`, `runtime`, `my rating`), `genres`, the lists
        (`countries`, `languages`, `keywords`: comma-separated), `companies` ("Lionsgate
        (distributor), Summit": production unless told) and custom fields by name. An empty value
        clears. All in one change, or nothing when any is refused."""
        own: dict[str, str] = {}
        with self.cat.transaction("Edit film") as change:
            self.store.films.require(film_id)
            for typed, value in values.items():
                name = _FIELD_NAMES.get(typed.strip().lower().replace("-", "_").replace(" ", "_"), typed.strip())
                items = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
                if name in FILM_FIELDS:
                    own[name] = value
                elif name == "genres":
                    self.set_genres(film_id, items)
                elif name in FILM_LISTS:
                    self.set_values(film_id, name, value)  # (its check splits the text as `items` is)
                elif name == "companies":
                    self.set_companies(film_id, [_company(item) for item in items])
                elif self.cat.fields.find(name) is not None:
                    self.set_custom(film_id, name, value)
                else:
                    raise ValidationError("field", typed, "is not a field of films (nor a custom field)")
            if own:
                self.update(film_id, own)
            change.updated.add(film_id)
            if len(values) == 1:
                change.description = f"Edit {next(iter(values)).strip().lower()}"
        return change

    def create(self, fields: Mapping[str, Any], film_id: int | None = None) -> Change:
        """A new film from its fields (title required); the change's `id` is the film's."""
        values = clean(fields, FILM_FIELDS, partial=False)
        with self.cat.transaction(f"Add film “{values['title']}”") as change:
            change.id = self.store.films.insert(values, film_id=film_id)
            if values["watched"]:  # watched is the diary's: seen, on a day not told
                self.store.records.insert(BY_NAME["viewing"], change.id, {})
            change.added.add(change.id)
            change.undo_with(step("films.delete", film_ids=[change.id]))
        return change

    def update(self, film_id: int, fields: Mapping[str, Any], expected_version: int | None = None) -> Change:
        """Change some of the film's own fields. `watched` is the diary's: ticked, a film without a
        viewing gets one (its date not told); cleared, its viewings go (undo brings them back).
        `expected_version`: the film's version when the editor opened it; if someone else changed
        the film since, nothing is written and ConflictError carries both sides (these fields as
        this edit sets them, and as they are now)."""
        values = clean(fields, FILM_FIELDS, partial=True)
        described = f"Edit {FILM_LABELS[next(iter(values))].lower()}" if len(values) == 1 else "Edit film"
        with self.cat.transaction(described) as change:
            stamp = self.store.stamps.of(film_id, lock=True)
            before = self.store.films.get(film_id)
            if expected_version is not None and stamp is not None and stamp.version != expected_version:
                raise ConflictError(film_id, self.label(film_id), stamp.changed_by, stamp.changed_at, stamp.version,
                                    mine=dict(values), theirs={k: before[k] for k in FILM_FIELDS})
            undo = self._set_watched(film_id, values.pop("watched")) if "watched" in values else []
            if values:
                self.store.films.update(film_id, values)
                undo.insert(0, step("films.update", film_id=film_id, fields={k: before[k] for k in values}))
            else:
                self.store.films.touch(film_id)
            change.updated.add(film_id)
            change.undo_with(*undo)
        return change

    def _set_watched(self, film_id: int, watched: bool) -> list[Step]:
        """Make the diary say watched or not; the steps that undo it."""
        kind = BY_NAME["viewing"]
        viewings = self.store.records.of_film(kind, film_id)
        if watched and not viewings:
            viewing_id = self.store.records.insert(kind, film_id, {})
            return [step("records.remove", kind_name="viewing", record_id=viewing_id)]
        if not watched and viewings:
            for viewing in viewings:
                self.store.records.delete(kind, viewing["id"])
            return [step("records.add", kind_name="viewing", film_id=film_id,
                         fields={f: v[f] for f in kind.field_names}, position=v["position"], record_id=v["id"])
                    for v in sorted(viewings, key=lambda v: v["position"])]
        return []

    def _unless_moved(self, film_id: int, name: str, read: Callable[[], Any], mine: Any, expected: Any,
                      key: Callable[[Any], Any] = lambda value: value) -> Any:
        """Inside a write transaction: one of the film's fields as it is now (`read`; NotFound when
        there is no such film). `expected`: the field as the editor showed it (None: not checked);
        if it has changed since, and not to `mine` (the same change is no conflict), ConflictError
        carries both sides under `name`. `key` makes values comparable. The film's row is locked
        until the commit, so no one changes the field between this check and the write."""
        stamp = self.store.stamps.of(film_id, lock=expected is not None)
        if stamp is None:
            raise NotFound(f"no film with id {film_id}")
        now = read()
        if expected is not None and key(now) not in (key(expected), key(mine)):
            raise ConflictError(film_id, f"{self.label(film_id)}: {name}", stamp.changed_by, stamp.changed_at,
                                stamp.version, mine={name: mine}, theirs={name: now})
        return now

    def set_genres(self, film_id: int, names: Iterable[str], expected: Sequence[str] | None = None) -> Change:
        """Replace the film's genres. `expected`: its genres as the editor showed them; if someone
        else changed them since, nothing is written (ConflictError with both sides)."""
        cleaned = [text(required=True, max_len=100)("genre", name) for name in names]
        with self.cat.transaction("Edit genres") as change:
            before = self._unless_moved(film_id, "genres", lambda: self.store.films.genres(film_id), cleaned,
                                        expected, key=lambda names: list(dict.fromkeys(map(name_key, names))))
            self.store.films.set_genres(film_id, cleaned)
            change.updated.add(film_id)
            change.undo_with(step("films.set_genres", film_id=film_id, names=before))
        return change

    def set_values(self, film_id: int, key: str, values: Iterable[str] | str,
                   expected: Sequence[str] | str | None = None) -> Change:
        """Replace one of the film's lists: `key` 'countries', 'languages' or 'keywords' (a text is
        split on commas and semicolons). `expected`: the list as the editor showed it, as in
        `set_genres`."""
        if key not in FILM_LISTS:
            raise ValidationError("list", key, f"is not one of: {', '.join(FILM_LISTS)}")
        list_name, label = FILM_LISTS[key]

        def as_list(given: Iterable[str] | str) -> list[str]:
            checked: list[str] = LIST_CHECK(key, given if isinstance(given, str) else list(given))
            return checked

        cleaned = as_list(values)
        with self.cat.transaction(f"Edit {label.lower()}") as change:
            before = self._unless_moved(film_id, key, lambda: self.store.films.values(film_id, list_name), cleaned,
                                        expected, key=as_list)
            self.store.films.set_values(film_id, list_name, cleaned)
            change.updated.add(film_id)
            change.undo_with(step("films.set_values", film_id=film_id, key=key, values=before))
        return change

    def set_custom(self, film_id: int, field: int | str, value: Any, expected: Any = None) -> Change:
        """Set a film's value of a custom field (by id or name); None or '' clears it. `expected`:
        the value as the editor showed it ('' for an empty field; None: not checked); if someone else
        changed it since, nothing is written (ConflictError with both sides, as stored text, under
        the field's name)."""
        spec = self.cat.fields.get(field)
        check = custom_check(spec.type, spec.choices)
        mine = to_text(spec.type, check(spec.name, value))

        def stored(given: Any) -> Any:
            with contextlib.suppress(ValidationError):  # a value shown before the field's type changed
                return to_text(spec.type, check(spec.name, given))
            return given

        with self.cat.transaction(f"Edit {spec.name}") as change:
            before = self._unless_moved(film_id, spec.name, lambda: self.store.custom.value(film_id, spec.id), mine,
                                        expected, key=stored)
            self.store.custom.set_text(film_id, spec.id, mine)
            self.touch(film_id, change)
            change.undo_with(step("films.set_stored_custom", film_id=film_id, field_id=spec.id, text=before))
        return change

    def set_stored_custom(self, film_id: int, field_id: int, text: str | None) -> Change:
        """Put back a stored custom value as it was (undo of `set_custom`)."""
        with self.cat.transaction("Edit custom field") as change:
            before = self.store.custom.value(film_id, field_id)
            self.store.custom.set_text(film_id, field_id, text)
            self.touch(film_id, change)
            change.undo_with(step("films.set_stored_custom", film_id=film_id, field_id=field_id, text=before))
        return change

    def set_companies(self, film_id: int, companies: Iterable[Mapping[str, str]],
                      expected: Iterable[Mapping[str, str]] | None = None) -> Change:
        """Replace the film's companies (name and role, in order). `expected`: the companies as the
        editor showed them, as in `set_genres`."""
        name_check, role_check = (f.check for f in COMPANY_FIELDS)

        def pairs(items: Iterable[Mapping[str, str]]) -> list[tuple[str, str]]:
            return [(name_check("company", item.get("name")),
                     role_check("company role", item.get("role") or "production")) for item in items]

        mine = pairs(companies)
        with self.cat.transaction("Edit companies") as change:
            before = self._unless_moved(film_id, "companies", lambda: self.store.films.companies(film_id),
                                        [{"name": n, "role": r} for n, r in mine], expected,
                                        key=lambda items: [(name_key(n), r) for n, r in pairs(items)])
            self.store.films.set_companies(film_id, mine)
            change.updated.add(film_id)
            change.undo_with(step("films.set_companies", film_id=film_id, companies=[dict(c) for c in before]))
        return change

    def delete(self, film_ids: Sequence[int] = (), film_runs: Sequence[Sequence[int]] = (),
               abort: threading.Event | None = None, progress: Progress | None = None) -> Change:
        """Delete films with their credits and records; their images go to the inbox. The inverse
        puts them back exactly (same ids, credits, records, pictures and poster). `film_runs`: more
        of them as runs of ids ([[first, last], …]: the undo of an import). Thousands take seconds:
        `progress(done, total, "films")` hears of each 500 read for the undo, and `abort` set before
        the commit stops it (Cancelled "delete cancelled"; nothing deleted)."""
        film_ids = list(dict.fromkeys([*film_ids, *run_ids(film_runs)]))
        with paced_rows(len(film_ids), abort, progress, "delete"):
            if len(film_ids) >= MANY_FILMS and not self.cat.in_transaction():
                check_cancelled()
                self.cat.backups.before("delete")  # many films at once: a way back beside undo
            with self.cat.transaction(f"Delete {plural(len(film_ids), 'film')}") as change:
                check_cancelled()
                snapshots = [pack(self.store.documents.films(piece)) for piece in pieces(film_ids, "films")]
                self.store.films.delete(film_ids)
                change.removed.update(film_ids)
                change.galleries.add(None)
                change.undo_with(step("films.restore", packed=snapshots))
        return change

    def restore(self, documents: Sequence[Mapping[str, Any]] = (), packed: Sequence[Mapping[str, Any]] = ()) -> Change:
        """Re-create films from their documents, keeping their ids (undo of a delete); `packed`:
        more of them as `delete` keeps them."""
        count = len(documents) + sum(packed_count(p) for p in packed)
        with self.cat.transaction(f"Restore {plural(count, 'film')}") as change:
            with bulk_load(self.store, keep_ids=True) as loader:
                ids: IdSet[int] = IdSet(loader.films(documents))
                for piece in unpacked(packed, "films"):
                    ids |= IdSet(loader.films(piece))
            change.added |= ids
            change.galleries |= IdSet([None, *ids])
            change.people = True
            change.undo_with(step("films.delete", film_runs=ids.plain()))
        return change

    def touch(self, film_id: int, change: Change) -> None:
        """Note in `change` that something attached to the film changed (and stamp the film)."""
        self.store.films.touch(film_id)
        change.updated.add(film_id)


# What `assign` takes for a field: its name, or its label as the window shows it ("runtime").
_FIELD_NAMES = {**{label.lower().replace(" ", "_"): name for name, label in FILM_LABELS.items()},
                **{name: name for name in (*FILM_LABELS, "companies")}, "runtime": "runtime_min"}


def _company(item: str) -> dict[str, str]:
    """"Lionsgate (distributor)" as a company and its role (production when not told)."""
    name, _, role = item.partition("(")
    return {"name": name.strip(), "role": role.rstrip(")").strip().lower() or "production"}
