"""The mapping layer every importer shares: from one record of another program's file to a film
document, with a report of where each field of the source went.

An importer reads its file into plain values and, per film, calls a `FilmBuilder`: `field` for the
film's own fields, `names` for genres and the film's lists, `credit`, `record` (videos, releases,
external ids, other titles…), `copy` (the collector's copy), `loan` (a loan of a copy), `picture`,
and `custom` for anything else. A value Marquee cannot hold as given (a year of "abc", a link that
is not a web link) is not dropped: it becomes a custom field named after the source's field, and the report says so. The
films, the custom fields they use and the report are an `ImportBatch`, written by `run_import`
through the one bulk import path (catalog.ops.transfer.import_films): one transaction, duplicates
skipped, merged or kept, undoable as one step.

Readers refuse files that are not what they claim (another kind of collection, truncated or junk,
a newer version of the format) with `refuse`, before anything is written."""

from __future__ import annotations

import contextlib
import io
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError, ValidationError
from catalog.model.kinds import BY_NAME, FILM_LISTS, LIST_CHECK
from catalog.model.validation import FILM_FIELDS, text

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

Progress = Callable[[int, int, str], None]

MAX_FILE = 2 << 30          # a catalogue file (pictures inside it included)
MAX_MEMBER = 256 << 20      # one member of a zip
MAX_PICTURE = 64 << 20      # one picture
MAX_TEXT = 20000            # one text value (longer values are cut to what the catalogue holds)
FILM_LABELS = {"title": "title", "original_title": "original title", "sort_title": "sort title", "year": "year",
               "runtime_min": "runtime", "synopsis": "synopsis", "tagline": "tagline",
               "certification": "certification", "original_language": "original language", "web_site": "web site",
               "rating": "my rating", "watched": "watched", "notes": "notes", "created_at": "date added",
               "updated_at": "date modified"}


class ImportRefused(CatalogueError):
    """A file that is not a collection of films this reader can take; one line naming the file."""


# While a reader runs inside `reading(abort)`: its cancel flag and the picture pools it started.
_ABORT: ContextVar[threading.Event | None] = ContextVar("import_abort", default=None)
_POOLS: ContextVar[list[Any] | None] = ContextVar("import_pools", default=None)


@contextlib.contextmanager
def reading(abort: threading.Event | None) -> Iterator[None]:
    """Run a reader (`Format.batch`) so that `abort` cancels it between two films; worker
    processes it started are stopped when it fails or is cancelled."""
    abort_token, pools_token = _ABORT.set(abort), _POOLS.set([])
    try:
        yield
    except BaseException:
        for pool in _POOLS.get() or []:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _ABORT.reset(abort_token)
        _POOLS.reset(pools_token)


def refuse(path: Path | str, reason: str) -> ImportRefused:
    return ImportRefused(f"{Path(path).name}: {reason}; nothing was imported")


# -- the report ----------------------------------------------------------------------------------------


class FieldReport:
    """Per field of the source, where its values went and how often."""

    def __init__(self) -> None:
        self.places: dict[str, Counter[str]] = {}

    def note(self, source: str, where: str) -> None:
        places = self.places.get(source)
        if places is None:
            places = self.places[source] = Counter()
        places[where] += 1

    def lines(self) -> list[str]:
        out = []
        for source, places in self.places.items():
            parts = [where + (f" ({count:,})" if len(places) > 1 or count > 1 else "")
                     for where, count in places.most_common()]
            out.append(f"{source} → {'; '.join(parts)}")
        return out


# -- one film --------------------------------------------------------------------------------------------


def guess_type(values: Iterable[Any]) -> str:
    """The custom field type that fits these values: yesno, number, date, url or text."""
    texts = [str(v).strip() for v in values if v not in (None, "")]
    if not texts:
        return "text"
    if all(t.lower() in ("yes", "no", "true", "false") for t in texts):
        return "yesno"
    if all(re.fullmatch(r"-?\d+(?:[.,]\d+)?", t) for t in texts):
        return "number"
    if all(re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", t) for t in texts):
        return "date"
    if all(re.match(r"https?://\S+$", t) for t in texts):
        return "url"
    return "text"


@dataclass
class CustomFieldSpec:
    name: str
    type: str | None = None  # None: guessed from the values
    values: list[Any] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)


class FilmBuilder:
    """Builds one film document from a source record, noting in the report where each value went."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.doc: dict[str, Any] = {"genres": [], "credits": [], "companies": [], "images": [], "custom": {},
                                    **{k: [] for k in FILM_LISTS}}

    @property
    def report(self) -> FieldReport:
        return self.batch.report

    def field(self, source: str, name: str, value: Any) -> bool:
        """A film field (FILM_FIELDS, or created_at/updated_at); False (and a custom field) when refused."""
        if value is None or value == "" or value == []:
            return False
        if name in ("created_at", "updated_at"):
            self.doc[name] = str(value)
            self.report.note(source, FILM_LABELS[name])
            return True
        try:
            clean = FILM_FIELDS[name](name, _cut(value))
        except ValidationError as exc:
            self.custom(source, value, why=f"not a valid {FILM_LABELS[name]}: {exc.reason}")
            return False
        if clean is None:
            return False
        if self.doc.get(name) not in (None, "") and name != "watched":
            if self.doc[name] != clean:
                self.custom(source, value, why=f"a second {FILM_LABELS[name]}")
            return False
        self.doc[name] = clean
        self.report.note(source, FILM_LABELS[name])
        return True

    def names(self, source: str, key: str, values: Iterable[Any]) -> None:
        """Genres (key 'genres') or a list of the film (countries, languages, keywords)."""
        cleaned = [v for v in (str(v).strip()[:200] for v in values if v is not None) if v]
        if not cleaned:
            return
        have = self.doc[key]
        for value in cleaned:
            if value.casefold() not in {h.casefold() for h in have}:
                have.append(value)
        self.report.note(source, "genres" if key == "genres" else FILM_LISTS[key][1].lower())

    def company(self, source: str, name: str, role: str = "production") -> None:
        name = str(name).strip()[:200]
        if name and not any(c["name"] == name and c["role"] == role for c in self.doc["companies"]):
            self.doc["companies"].append({"name": name, "role": role})
            self.report.note(source, "distributor" if role == "distributor" else "production companies")

    def credit(self, source: str, person: Any, role: str, character: Any = None) -> None:
        name = " ".join(str(person or "").split())[:300]
        if not name:
            return
        character = " ".join(str(character or "").split())[:300] or None
        if role != "actor":
            character = None
        if any(c["person"] == name and c["role"] == role and c.get("character") == character
               for c in self.doc["credits"]):
            return
        self.doc["credits"].append({"person": name, "role": role, "character": character})
        self.report.note(source, "cast" if role == "actor" else f"crew ({role.replace('_', ' ')})")

    def record(self, source: str, kind_name: str, values: Mapping[str, Any]) -> bool:
        """A record of a kind (a video, a release, an external id, another title…); a value the kind
        refuses goes to a custom field, a record missing its required field is kept whole there."""
        spec = BY_NAME[kind_name]
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or value == "":
                continue
            try:
                clean[name] = spec.validators[name](name, _cut(value))
            except ValidationError as exc:
                self.custom(source, value, why=f"not a valid {spec.label} {name.replace('_', ' ')}: {exc.reason}")
        if spec.required and not clean.get(spec.required):
            return False
        for name, value in spec.defaults.items():
            clean.setdefault(name, value)
        if kind_name == "external_id" and any(r["kind"] == clean.get("kind") for r in self.doc.get("external_ids", [])):
            return False
        self.doc.setdefault(spec.doc_key, []).append(clean)
        self.report.note(source, spec.title.lower() if kind_name != "external_id"
                         else f"id ({clean.get('kind')})")
        return True

    def copy(self, source: str, name: str, value: Any, place: int = 0) -> bool:
        """One field of the collector's copy `place` (the first unless told)."""
        if value is None or value == "" or value == []:
            return False
        spec = BY_NAME["copy"]
        try:
            clean = spec.validators[name](name, _cut(value))
        except ValidationError as exc:
            return self.custom(source, value, why=f"not a valid copy {name.replace('_', ' ')}: {exc.reason}")
        if clean is None or clean == []:
            return False
        copies = self.doc.setdefault("copies", [])
        while len(copies) <= place:
            copies.append({})
        target = copies[place]
        if target.get(name) not in (None, "", []) and target[name] != clean:
            if isinstance(target[name], list) and isinstance(clean, list):
                target[name] = [*target[name], *(c for c in clean if c not in target[name])]
            else:
                return self.custom(source, value, why=f"a second copy {name.replace('_', ' ')}")
        else:
            target[name] = clean
        label = next(f.label for f in spec.fields if f.name == name).lower()
        self.report.note(source, f"copy: {label}")
        return True

    def custom(self, source: str, value: Any, name: str | None = None, type_: str | None = None,
               why: str = "") -> bool:
        """A value Marquee has no place for: the custom field `name` (the source's field unless told)."""
        if value is None or value == "" or value == []:
            return False
        if isinstance(value, list | tuple):
            value = "; ".join(str(v) for v in value if v not in (None, ""))
        value = _cut(str(value).strip() if not isinstance(value, bool | int | float) else value)
        name = (name or source).strip()[:100] or "Other"
        self.batch.custom_field(name, type_).values.append(value)
        if name in self.doc["custom"]:
            self.doc["custom"][name] = f"{self.doc['custom'][name]}; {value}"
        else:
            self.doc["custom"][name] = value
        self.report.note(source, f"custom field “{name}”" + (f" ({why})" if why else ""))
        return True

    def picture(self, source: str, data: bytes, name: str, kind: str = "poster", copy: int | None = None,
                caption: str | None = None, credit: str | None = None, poster: bool | None = None,
                placeholder: bool = False) -> None:
        """A picture's bytes (checked by a full decode, then stored by content); `placeholder`: a
        drawn stand-in (Marquee's own, carried through a Tellico file)."""
        entry = self.batch.pictures.add(data, name, kind)
        if entry is None:
            self.report.note(source, "not imported (not a readable picture)")
            return
        if copy is not None:
            self.doc.setdefault("copies", [])
            while len(self.doc["copies"]) <= copy:
                self.doc["copies"].append({})
        entry.update({"copy": copy, "caption": caption[:2000] if caption else None,
                      "credit": credit[:300] if credit else None, "placeholder": placeholder})
        if any(i["sha256"] == entry["sha256"] for i in self.doc["images"]):
            return
        entry["position"] = len(self.doc["images"])
        self.doc["images"].append(entry)
        if poster or (poster is None and kind == "poster" and copy is None and "poster" not in self.doc):
            self.doc["poster"] = entry["sha256"]
        self.report.note(source, "pictures" if copy is None else "copy: cover pictures")

    def loan(self, source: str, borrower: Any, lent_on: Any, due_on: Any = None, returned_on: Any = None,
             notes: Any = None, copy: int | None = None) -> bool:
        """A loan of the film's copy `copy` (the first copy not lent when not told; a new copy when
        every one is lent or there is none). Dates that are not whole days keep the loan as custom
        fields, as does a loan without a borrower."""
        from catalog.model.loans import BORROWER_FIELDS, LOAN_FIELDS, check_dates

        name = " ".join(str(borrower or "").split())[:200]
        try:
            values = {k: LOAN_FIELDS[k](k, v) for k, v in (("lent_on", lent_on), ("due_on", due_on or None),
                                                            ("returned_on", returned_on or None))}
            check_dates(values["lent_on"], values["due_on"], values["returned_on"])
            BORROWER_FIELDS["name"]("borrower", name)
        except ValidationError as exc:
            self.custom(source, name, "Loaned to", why=f"a loan Marquee cannot keep: {exc.reason}")
            self.custom(source, lent_on, "Loan date")
            self.custom(source, due_on, "Loan due")
            self.custom(source, notes, "Loan note")
            return False
        copies = self.doc.setdefault("copies", [])
        loans = self.doc.setdefault("loans", [])
        lent = {loan["copy"] for loan in loans if loan["returned_on"] is None}
        if copy is None:
            copy = next((n for n in range(len(copies)) if n not in lent), len(copies))
        while len(copies) <= copy:
            copies.append({})
        if values["returned_on"] is None and copy in lent:
            copy = len(copies)
            copies.append({})
        loans.append({"copy": copy, "borrower": name, **values, "notes": check_text(notes, 5000)})
        self.batch.borrowers.setdefault(name, {"name": name, "contact": None, "notes": None})
        self.report.note(source, "loans")
        return True

    def finish(self) -> dict[str, Any] | None:
        """The document, or None for a record without a title (noted in the report)."""
        if not self.doc.get("title"):
            self.report.note("(records without a title)", "not imported")
            return None
        copies = self.doc.get("copies", [])
        lent = {loan["copy"] for loan in self.doc.get("loans", [])}
        shown = {i["copy"] for i in self.doc.get("images", []) if i.get("copy") is not None}
        kept = [n for n, c in enumerate(copies) if c or n in lent or n in shown]  # a lent or pictured copy stays
        places = {old: new for new, old in enumerate(kept)}
        for loan in self.doc.get("loans", []):
            loan["copy"] = places[loan["copy"]]
        for image in self.doc.get("images", []):
            if image.get("copy") is not None:
                image["copy"] = places.get(image["copy"])
        self.doc["copies"] = [copies[n] for n in kept]
        return self.doc


def _cut(value: Any) -> Any:
    return value[:MAX_TEXT] if isinstance(value, str) else value


# -- pictures ----------------------------------------------------------------------------------------------


def store_picture(data: bytes, sha: str, media_dir: str) -> dict[str, Any] | None:
    """Decode one picture fully and store it (not yet flushed to disk); its measures, or None when
    it is not a readable picture. Runs in a worker process for a big import."""
    from catalog.imaging.probe import ImageRejected, probe_bytes
    from catalog.store.picture_store import PictureStore

    try:
        probe = probe_bytes(data)
    except ImageRejected:
        return None
    store = PictureStore(Path(media_dir))
    try:
        store.add_bytes(data, sha, durable=False)
    except OSError:
        return None
    return {"width": probe.width, "height": probe.height, "format": probe.format, "bytes": probe.bytes,
            "phash": probe.phash}


def store_pictures(items: list[tuple[bytes, str]], media_dir: str) -> list[dict[str, Any] | None]:
    """`store_picture` for a batch (one task per batch: a task per picture costs more than the work)."""
    return [store_picture(data, sha, media_dir) for data, sha in items]


class Pictures:
    """Pictures found in an imported file: each fully decoded (a broken one is reported, not
    imported) and stored once by content before the import's transaction — on worker processes
    beside the reading when there are many, with one flush to disk for them all at the end. Files
    no row ends up naming are swept at the next start, as after any interrupted import."""

    PARALLEL_FROM = 64  # fewer pictures are not worth starting worker processes
    BATCH = 200

    def __init__(self, cat: Catalogue | None) -> None:
        self.cat = cat
        self.seen: dict[str, Any] = {}  # sha -> measures (dict), None (refused) or a Future
        self.entries: list[dict[str, Any]] = []
        self.pool: Any = None
        self.queued: list[tuple[bytes, str]] = []
        self.pending: list[tuple[Any, list[str]]] = []  # (future, the shas it stores)

    def add(self, data: bytes, name: str, kind: str) -> dict[str, Any] | None:
        """An image entry for the document (measures filled in by `finish`), or None when the
        picture cannot be imported."""
        if self.cat is None or not data or len(data) > MAX_PICTURE:
            return None
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        if sha not in self.seen:
            self.seen[sha] = "queued"
            self.queued.append((data, sha))
            if len(self.queued) >= self.BATCH:
                self._submit()
        entry = {"sha256": sha, "file_name": PurePosixPath(name.replace("\\", "/")).name[:1000], "kind": kind}
        self.entries.append(entry)
        return entry

    def _submit(self) -> None:
        assert self.cat is not None
        if self.pool is None:
            import os
            from concurrent.futures import ProcessPoolExecutor

            from catalog.formats.folder.importer import worker_context

            self.pool = ProcessPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)),
                                            mp_context=worker_context())
            pools = _POOLS.get()
            if pools is not None:
                pools.append(self.pool)
        media = str(self.cat.pictures.media_dir)
        future = self.pool.submit(store_pictures, self.queued, media)
        self.pending.append((future, [sha for _, sha in self.queued]))
        self.queued = []

    def finish(self, films: list[dict[str, Any]]) -> None:
        """Wait for every picture; fill in the entries; take the unreadable ones out of `films`."""
        if self.cat is None:
            return
        media = str(self.cat.pictures.media_dir)
        if self.queued and (self.pool is not None or len(self.queued) >= self.PARALLEL_FROM):
            self._submit()
        for data, sha in self.queued:  # few pictures: here, on this thread
            self.seen[sha] = store_picture(data, sha, media)
        self.queued = []
        try:
            for future, shas in self.pending:
                try:
                    results = future.result()
                except Exception:  # a crashed worker costs its batch of pictures, not the import
                    results = [None] * len(shas)
                self.seen.update(zip(shas, results, strict=True))
            self.pending = []
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None
        for entry in self.entries:
            entry.update(self.seen.get(entry["sha256"]) or {})
        refused = {sha for sha, found in self.seen.items() if not found}
        if refused:
            for doc in films:
                doc["images"] = [i for i in doc.get("images") or [] if i["sha256"] not in refused]
                for position, image in enumerate(doc["images"]):
                    image["position"] = position
                if doc.get("poster") in refused:
                    doc["poster"] = None
        if any(found for found in self.seen.values()):
            self.cat.pictures.make_all_durable()
        self.entries = []


# -- the batch ---------------------------------------------------------------------------------------------


@dataclass
class ImportBatch:
    """What a reader found: the films, the custom fields they use, the report."""

    source: str
    cat: Catalogue | None = None
    films: list[dict[str, Any]] = field(default_factory=list)
    report: FieldReport = field(default_factory=FieldReport)
    fields: dict[str, CustomFieldSpec] = field(default_factory=dict)
    pictures: Pictures = field(init=False)
    notes: list[str] = field(default_factory=list)
    borrowers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by name: name, contact, notes

    def __post_init__(self) -> None:
        self.pictures = Pictures(self.cat)

    def film(self) -> FilmBuilder:
        abort = _ABORT.get()
        if abort is not None and abort.is_set():
            raise Cancelled(f"{self.source}: reading cancelled; nothing was imported")
        return FilmBuilder(self)

    def add(self, builder: FilmBuilder) -> None:
        doc = builder.finish()
        if doc is not None:
            self.films.append(doc)

    def complete(self) -> ImportBatch:
        """Wait for the pictures (decoded and stored by now); call before the films are written."""
        self.pictures.finish(self.films)
        return self

    def custom_field(self, name: str, type_: str | None = None, choices: Iterable[str] = ()) -> CustomFieldSpec:
        spec = self.fields.setdefault(name, CustomFieldSpec(name, type_))
        if type_ and not spec.type:
            spec.type = type_
        spec.choices += [c for c in choices if c not in spec.choices]
        return spec

    def definitions(self) -> list[dict[str, Any]]:
        """The custom fields as the import defines them (a type guessed from the values when the
        source gave none; a choice keeps only the values seen, so it never refuses one)."""
        out = []
        for spec in self.fields.values():
            type_ = spec.type or guess_type(spec.values)
            if type_ not in ("text", "number", "date", "yesno", "choice", "url"):
                type_ = "text"
            if type_ != "text" and not _all_fit(type_, spec):
                type_ = "text"
            choices = list(dict.fromkeys([*spec.choices, *(str(v) for v in spec.values)])) if type_ == "choice" else []
            out.append({"name": spec.name, "type": type_, "choices": choices})
        return out


def _all_fit(type_: str, spec: CustomFieldSpec) -> bool:
    from catalog.model.kinds import custom_check

    check = custom_check(type_, tuple(spec.choices) or tuple(str(v) for v in spec.values))
    for value in spec.values:
        try:
            check(spec.name, value)
        except ValidationError:
            return False
    return True


def run_import(cat: Catalogue, batch: ImportBatch, abort: threading.Event | None = None,
               progress: Progress | None = None, on_duplicate: str = "skip",
               decisions: dict[int, str] | None = None) -> ImportResult:
    """Write a batch's films (one transaction; see catalog.ops.transfer.import_films)."""
    from catalog.ops.transfer import import_films

    batch.complete()
    if not batch.films:
        raise ImportRefused(f"{batch.source}: no films in this file; nothing was imported")
    from catalog.model.kinds import custom_check
    from catalog.model.text import name_key

    definitions = batch.definitions()
    existing = {name_key(f.name): f for f in cat.fields.all()}
    checks = {}
    for d in definitions:  # a field the catalogue has already keeps its type
        known = existing.get(name_key(d["name"]))
        checks[d["name"]] = (known.type, known.choices) if known else (d["type"], tuple(d["choices"]))
    extra: dict[str, dict[str, Any]] = {}
    for doc in batch.films:
        for name, value in list(doc["custom"].items()):
            type_, choices = checks.get(name, ("text", ()))
            if type_ == "yesno" and isinstance(value, str) and value.strip().lower() in ("yes", "true", "no", "false"):
                doc["custom"][name] = value = value.strip().lower() in ("yes", "true")
            if type_ == "choice" and not existing.get(name_key(name)):
                continue  # a new choice field offers every value the file holds
            try:
                custom_check(type_, choices)(name, value)
            except ValidationError:  # the catalogue's field of that name refuses it: keep it as text beside
                other = f"{name} (text)"
                doc["custom"].pop(name)
                doc["custom"][other] = str(value)
                extra.setdefault(other, {"name": other, "type": "text", "choices": []})
                batch.report.note(name, f"custom field “{other}” (not a {type_} like the field already there)")
    definitions += list(extra.values())
    return import_films(cat, batch.films, abort=abort, progress=progress, description=f"Import {batch.source}",
                        fields=definitions, on_duplicate=on_duplicate, decisions=decisions,
                        report=[*batch.notes, *batch.report.lines()], borrowers=list(batch.borrowers.values()))


# -- reading files safely ----------------------------------------------------------------------------------


def read_bytes(path: Path, limit: int = MAX_FILE) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise refuse(path, f"the file is too big ({size / (1 << 20):,.0f} MB; at most {limit >> 20:,} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise refuse(path, "is a folder, not a file") from None
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read ({exc.strerror or exc})") from None


def head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file (b"" when it cannot be read): what `detect` looks at."""
    try:
        with path.open("rb") as f:
            return f.read(size)
    except OSError:
        return b""


def safe_zip_member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    """A member's bytes, or None when there is no such member; refuses names that climb out of
    the archive and members too big to be what they claim."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER:
        raise refuse(path, f"{name} inside it is too big ({info.file_size >> 20:,} MB)")
    try:
        with archive.open(info) as member:
            data = member.read(MAX_MEMBER + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise refuse(path, f"{name} inside it cannot be read ({exc})") from None
    if len(data) > MAX_MEMBER:
        raise refuse(path, f"{name} inside it is too big")
    return data


def zip_names(archive: zipfile.ZipFile, path: Path) -> list[str]:
    """The members' names, refusing an archive whose names climb out of it or are absolute."""
    names = archive.namelist()
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise refuse(path, f"it holds a file named {name!r} outside the archive (unsafe)")
    return names


def open_zip(data: bytes, path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise refuse(path, f"not a readable zip archive (truncated or damaged: {exc})") from None


def local_file(base: Path, relative: str, limit: int = MAX_PICTURE) -> bytes | None:
    """A file a catalogue names beside itself (a picture folder), never outside `base`'s folder
    tree; None when it is missing or unreadable."""
    relative = relative.replace("\\", "/").strip()
    if not relative or relative.startswith("/") or ".." in PurePosixPath(relative).parts or "://" in relative:
        return None
    target = base / relative
    with contextlib.suppress(OSError):
        if target.is_file() and target.stat().st_size <= limit:
            return target.read_bytes()
    return None


def clean_text(value: Any) -> str:
    """Whitespace collapsed at the ends, inner line breaks kept (values padded with newlines)."""
    if value is None:
        return ""
    lines = [" ".join(line.split()) for line in str(value).strip().splitlines()]
    return "\n".join(lines).strip()


def first_text(value: Any) -> str | None:
    cleaned = clean_text(value)
    return cleaned or None


def split_list(value: Any, separators: str = r"[,;/|]|\n") -> list[str]:
    """A list written as one text: "Drama / Comedy", "a, b", one a line."""
    if value is None:
        return []
    return [p for p in (" ".join(part.split()) for part in re.split(separators, str(value))) if p]


def check_list(values: list[str]) -> list[str]:
    return LIST_CHECK("list", values)


def check_text(value: Any, max_len: int = 20000) -> str | None:
    return text(max_len=max_len)("text", _cut(value) if isinstance(value, str) else value)
