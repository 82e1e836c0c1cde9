"""The whole catalogue as one JSON document, and back.

The document has no database ids: people are named, images are listed by content hash and file
name (the unsorted inbox too). Import is one transaction with bulk inserts, so a 100,000-film file
loads in well under a minute; an export imported into an empty catalogue exports identically."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import CatalogueError, ValidationError
from catalog.formats.folder.naming import title_key
from catalog.model.dates import now
from catalog.model.text import name_key, sort_key
from catalog.model.validation import COMPANY_ROLES, choice, clean, text
from catalog.model.validation import FILM_FIELDS as FILM_VALIDATORS
from catalog.model.validation import RECORD_FIELDS as RECORD_VALIDATORS
from catalog.ops.changes import ChangeSet
from catalog.ops.documents import FILM_FIELDS, IMAGE_FIELDS, RECORD_FIELDS, ROLE_ORDER

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

FORMAT, VERSION = "marquee-catalogue", 1
Progress = Callable[[int, int, str], None]
RECORD_TABLES = {"video": "video", "review": "review", "release": "film_release", "article": "article",
                 "award": "award"}


def _image_entry(row: dict[str, Any]) -> dict[str, Any]:
    return {"sha256": row["sha256"], "file_name": row["original_name"], **{
        k: row[k] for k in IMAGE_FIELDS if k not in ("sha256", "file_name")}}


def export_document(cat: Catalogue) -> dict[str, Any]:
    """The whole catalogue as plain data (read in a few set-based queries, not per film)."""
    def rows(sql: str) -> list[dict[str, Any]]:
        cursor = cat.db.execute_sql(sql)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    cat._bind()
    by_film: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows("SELECT fg.film_id, g.name FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                  "ORDER BY fg.film_id, fg.position, fg.id"):
        by_film["genres"][r["film_id"]].append(r["name"])
    for r in rows("SELECT fc.film_id, c.name, fc.role FROM film_company fc JOIN company c ON c.id = fc.company_id "
                  "ORDER BY fc.film_id, fc.position, fc.id"):
        by_film["companies"][r["film_id"]].append({"name": r["name"], "role": r["role"]})
    credits = rows("SELECT c.film_id, p.name AS person, c.role, c.character, c.position, c.id FROM credit c "
                   "JOIN person p ON p.id = c.person_id")
    credits.sort(key=lambda c: (c["film_id"], ROLE_ORDER.get(c["role"], len(ROLE_ORDER)), c["role"],
                                c["position"], c["id"]))
    for c in credits:
        by_film["credits"][c["film_id"]].append(
            {"person": c["person"], "role": c["role"], "character": c["character"]})
    for key, (kind, fields) in RECORD_FIELDS.items():
        order = "date IS NULL, date, position, id" if kind == "release" else "position, id"
        for r in rows(f"SELECT * FROM {RECORD_TABLES[kind]} ORDER BY film_id, {order}"):
            by_film[key][r["film_id"]].append({f: r[f] for f in fields})
    photos = {r["photo_id"] for r in rows("SELECT photo_id FROM person WHERE photo_id IS NOT NULL")}
    images = rows("SELECT * FROM image ORDER BY film_id, position, id")
    image_sha = {i["id"]: i["sha256"] for i in images}
    inbox = []
    for i in images:
        if i["film_id"] is not None:
            by_film["images"][i["film_id"]].append(_image_entry(i))
        elif i["id"] not in photos:
            inbox.append(_image_entry(i))
    films = []
    for f in rows("SELECT * FROM film ORDER BY id"):
        doc = {name: f[name] for name in FILM_FIELDS}
        doc["watched"] = bool(doc["watched"])
        doc["created_at"], doc["updated_at"] = f["created_at"], f["updated_at"]
        for key in ("genres", "companies", "credits", *RECORD_FIELDS, "images"):
            doc[key] = by_film[key].get(f["id"], [])
        doc["poster"] = image_sha.get(f["poster_id"])
        films.append(doc)
    people = []
    for p in rows("SELECT * FROM person ORDER BY id"):
        if p["sort_name"] or p["notes"] or p["photo_id"]:
            photo = next((i for i in images if i["id"] == p["photo_id"]), None)
            people.append({"name": p["name"], "sort_name": p["sort_name"], "notes": p["notes"],
                           "photo": _image_entry(photo) if photo else None})
    return {"format": FORMAT, "version": VERSION, "films": films, "inbox": inbox, "people": people}


def export_catalogue(cat: Catalogue, path: Path) -> int:
    """Write the catalogue to a JSON file (atomically); returns the number of films."""
    doc = export_document(cat)
    tmp = Path(path).with_name(Path(path).name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return len(doc["films"])


def import_catalogue(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                     progress: Progress | None = None) -> dict[str, int]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: not a Marquee JSON export ({exc})") from None
    return import_document(cat, doc, abort, progress)


class _Importer:
    """Bulk insert of a document's films inside one transaction, with lookup caches."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat, self.db = cat, cat.db
        self.people = {k: i for i, k in self.db.execute_sql("SELECT id, name_key FROM person ORDER BY id DESC")}
        self.genres = {k: i for i, k in self.db.execute_sql("SELECT id, name_key FROM genre")}
        self.companies = {k: i for i, k in self.db.execute_sql("SELECT id, name_key FROM company")}
        self.images = {s: (i, f, m) for i, s, f, m in self.db.execute_sql(
            "SELECT id, sha256, film_id, missing FROM image")}
        self.existing = set(self.db.execute_sql("SELECT title_key, year FROM film").fetchall())
        self.stamp = now()

    def lookup(self, cache: dict[str, int], table: str, name: str) -> int:
        key = name_key(name)
        if key not in cache:
            cache[key] = self.db.execute_sql(
                f"INSERT INTO {table} (name, name_key) VALUES (?, ?)", (name, key)).lastrowid
        return cache[key]

    def image(self, entry: dict[str, Any], film_id: int | None) -> int:
        sha = entry["sha256"]
        if sha in self.images:
            image_id, old_film, _ = self.images[sha]
            if film_id is not None and old_film is None:
                self.db.execute_sql("UPDATE image SET film_id = ?, position = ? WHERE id = ?",
                                    (film_id, entry.get("position", 0), image_id))
            return image_id
        values = clean({k: entry.get(k) for k in ("kind", "caption", "credit")}, RECORD_VALIDATORS["image"],
                       partial=False)
        missing = not self.cat.store.has(sha)
        image_id = self.db.execute_sql(
            "INSERT INTO image (film_id, kind, sha256, original_name, width, height, format, bytes, caption, "
            "credit, position, missing, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (film_id, values["kind"], sha, entry.get("file_name") or "", entry.get("width"), entry.get("height"),
             entry.get("format"), entry.get("bytes"), values["caption"], values["credit"],
             entry.get("position", 0), missing, self.stamp)).lastrowid
        self.images[sha] = (image_id, film_id, missing)
        return image_id

    def film(self, doc: dict[str, Any]) -> int | None:
        values = clean({k: doc.get(k) for k in FILM_FIELDS}, FILM_VALIDATORS, partial=False)
        key = (title_key(values["title"]), values["year"])
        if key in self.existing:  # already in the catalogue before this import (the file may hold remakes)
            return None
        columns = [*values, "sort_key", "title_key", "created_at", "updated_at"]
        row = [*values.values(), sort_key(values["sort_title"] or values["title"]), key[0],
               doc.get("created_at") or self.stamp, doc.get("updated_at") or self.stamp]
        film_id = self.db.execute_sql(
            f"INSERT INTO film ({', '.join(columns)}) VALUES ({','.join('?' * len(row))})", row).lastrowid
        for position, genre in enumerate(dict.fromkeys(doc.get("genres") or [])):
            genre = text(required=True, max_len=100)("genre", genre)
            self.db.execute_sql("INSERT OR IGNORE INTO film_genre (film_id, genre_id, position) VALUES (?,?,?)",
                                (film_id, self.lookup(self.genres, "genre", genre), position))
        for position, company in enumerate(doc.get("companies") or []):
            name = text(required=True, max_len=200)("company", company.get("name"))
            role = choice(COMPANY_ROLES)("company role", company.get("role") or "production")
            self.db.execute_sql("INSERT INTO film_company (film_id, company_id, role, position) VALUES (?,?,?,?)",
                                (film_id, self.lookup(self.companies, "company", name), role, position))
        positions: dict[str, int] = defaultdict(int)
        for credit in doc.get("credits") or []:
            person = text(required=True, max_len=300)("person", credit.get("person"))
            v = clean({"role": credit.get("role"), "character": credit.get("character")},
                      RECORD_VALIDATORS["credit"], partial=False)
            self.db.execute_sql(
                "INSERT INTO credit (film_id, person_id, role, character, position) VALUES (?,?,?,?,?)",
                (film_id, self.lookup(self.people, "person", person), v["role"], v["character"],
                 positions[v["role"]]))
            positions[v["role"]] += 1
        for key_, (kind, _) in RECORD_FIELDS.items():
            for position, record in enumerate(doc.get(key_) or []):
                v = clean(record, RECORD_VALIDATORS[kind], partial=False)
                cols = ["film_id", "position", *v]
                self.db.execute_sql(
                    f"INSERT INTO {RECORD_TABLES[kind]} ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                    (film_id, position, *v.values()))
        poster = None
        for entry in doc.get("images") or []:
            image_id = self.image(entry, film_id)
            if entry["sha256"] == doc.get("poster"):
                poster = image_id
        if poster is not None:
            self.db.execute_sql("UPDATE film SET poster_id = ? WHERE id = ?", (poster, film_id))
        return film_id


def import_document(cat: Catalogue, doc: Any, abort: threading.Event | None = None,
                    progress: Progress | None = None) -> dict[str, int]:
    """Add the films of an export to the catalogue in one transaction. People are merged by name;
    a film already present (same title and year) is skipped; images whose files are not in the
    store are kept as records marked missing. Cancelling (abort) leaves the catalogue unchanged."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("films"), list):
        raise CatalogueError("not a Marquee JSON export (no 'format': 'marquee-catalogue')")
    if not isinstance(doc.get("version", 0), int):
        raise CatalogueError(f"not a Marquee JSON export (version {doc['version']!r} is not a number)")
    if doc.get("version", 0) > VERSION:
        raise CatalogueError(f"this export is of a newer format (version {doc['version']}); update Marquee")
    films = doc["films"]
    added: list[int] = []
    with cat.transaction(ChangeSet("Import catalogue")) as changes:
        importer = _Importer(cat)
        for index, film in enumerate(films):
            if abort is not None and abort.is_set():
                raise CatalogueError("import cancelled; nothing was added")
            try:
                film_id = importer.film(film)
            except ValidationError as exc:
                title = film.get("title") if isinstance(film, dict) else None
                raise ValidationError(f"film {index + 1} ({title!r}) {exc.field}", exc.value, exc.reason) from None
            except (AttributeError, KeyError, TypeError) as exc:  # hand-edited or damaged file
                raise CatalogueError(f"film {index + 1} is not in the form of a Marquee export "
                                     f"({type(exc).__name__}: {exc}); nothing was added") from None
            if film_id is not None:
                added.append(film_id)
            if progress and index % 500 == 0:
                progress(index, len(films), str(film.get("title", "")))
        try:
            for entry in doc.get("inbox") or []:
                importer.image(entry, None)
            for person in doc.get("people") or []:
                name = text(required=True, max_len=300)("person", person["name"])
                person_id = importer.lookup(importer.people, "person", name)
                photo = importer.image(person["photo"], None) if person.get("photo") else None
                cat.db.execute_sql(
                    "UPDATE person SET sort_name = coalesce(sort_name, ?), notes = coalesce(notes, ?), "
                    "photo_id = coalesce(photo_id, ?) WHERE id = ?",
                    (person.get("sort_name"), person.get("notes"), photo, person_id))
        except (AttributeError, KeyError, TypeError) as exc:  # hand-edited or damaged file
            raise CatalogueError(f"the inbox or people of the file are not in the form of a Marquee export "
                                 f"({type(exc).__name__}: {exc}); nothing was added") from None
        changes.added.update(added)
        changes.galleries.update([None, *added])
        changes.people = True
    if progress:
        progress(len(films), len(films), "")
    return {"films": len(added), "skipped": len(films) - len(added)}
