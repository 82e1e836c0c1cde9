"""Reading film documents (catalog.model.documents): one film in a few queries, or the whole
catalogue in a few set-based queries (the export: no database ids, people by name, pictures by
content hash, the unsorted inbox and people's photos and notes, the borrowers; a loan names its
copy by its place among the film's copies and its borrower by name)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from catalog.errors import NotFound
from catalog.model.documents import (
    FILM_FIELDS,
    IMAGE_ENTRY_FIELDS,
    CompanyDoc,
    CreditDoc,
    FilmDoc,
    ImageDoc,
    Record,
)
from catalog.model.kinds import BY_NAME, FILM_LISTS, KINDS
from catalog.store.chunks import in_chunks, placeholders
from catalog.store.custom import from_text

if TYPE_CHECKING:
    from catalog.store import Store


def image_entry(row: Mapping[str, Any], copy_places: Mapping[int, int] | None = None) -> dict[str, Any]:
    """An image row as the export lists it (`copy`: the place of its copy among the film's copies)."""
    entry = {name: row[name] for name in IMAGE_ENTRY_FIELDS if name not in ("file_name", "copy")}
    entry["copy"] = (copy_places or {}).get(row["copy_id"]) if row.get("copy_id") is not None else None
    return {"sha256": entry.pop("sha256"), "file_name": row["original_name"], **entry}


class DocumentReader:
    def __init__(self, store: Store) -> None:
        self.store = store

    def film(self, film_id: int) -> FilmDoc:
        """Everything about one film (NotFound when there is no such film)."""
        return self.films([film_id])[0]

    def films(self, film_ids: Sequence[int]) -> list[FilmDoc]:
        """Everything about these films, in the order asked: a query a table for each 500 of them
        (the snapshot a deletion of thousands keeps for its undo took one query a table a film).
        NotFound when one of them is not there."""
        return [doc for chunk, _ in in_chunks(film_ids) for doc in self._films(chunk)]

    def _films(self, film_ids: list[int]) -> list[FilmDoc]:
        store, params, where = self.store, tuple(film_ids), f"IN ({placeholders(film_ids)})"
        names = (*FILM_FIELDS, "created_at", "updated_at", "poster_id")
        rows = {r[0]: dict(zip(names, r[1:], strict=True))
                for r in store.rows(f"SELECT id, {', '.join(names)} FROM film WHERE id {where}", params)}
        if missing := next((fid for fid in film_ids if fid not in rows), None):
            raise NotFound(f"no film with id {missing}")
        by_film: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for film_id, name in store.rows(
                "SELECT fg.film_id, g.name FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                f"WHERE fg.film_id {where} ORDER BY fg.film_id, fg.position, fg.id", params):
            by_film["genres"][film_id].append(name)
        lists: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for film_id, list_name, value in store.rows(
                f"SELECT film_id, list, value FROM film_value WHERE film_id {where} "
                "ORDER BY film_id, list, position, id", params):
            lists[list_name][film_id].append(value)
        custom: dict[int, dict[str, Any]] = defaultdict(dict)
        for film_id, name, type_, text in store.rows(
                "SELECT fc.film_id, cf.name, cf.type, fc.value FROM film_custom fc JOIN custom_field cf "
                f"ON cf.id = fc.field_id WHERE fc.film_id {where} ORDER BY fc.film_id, cf.position, cf.id", params):
            custom[film_id][name] = from_text(type_, text)
        for film_id, name, role in store.rows(
                "SELECT fc.film_id, c.name, fc.role FROM film_company fc JOIN company c ON c.id = fc.company_id "
                f"WHERE fc.film_id {where} ORDER BY fc.film_id, fc.position, fc.id", params):
            by_film["companies"][film_id].append(CompanyDoc(name=name, role=role))
        for c in store.records.credits_of(film_ids):
            by_film["credits"][c["film"]].append(CreditDoc(
                id=c["id"], person=c["person"], person_id=c["person_id"], role=c["role"], character=c["character"],
                position=c["position"], photo=c["photo"]))
        for kind in KINDS:
            for r in store.records.of_films(kind, film_ids):
                by_film[kind.doc_key][r["film"]].append(_record(r, kind.field_names))
        for i in store.images.galleries(film_ids):
            assert i.film_id is not None
            by_film["images"][i.film_id].append(ImageDoc(
                id=i.id, sha256=i.sha256, file_name=i.original_name, kind=i.kind, caption=i.caption, credit=i.credit,
                width=i.width, height=i.height, format=i.format, bytes=i.bytes, position=i.position, missing=i.missing,
                path=i.path, placeholder=i.placeholder, copy_id=i.copy_id))
        for loan in store.loans.of_films(film_ids):
            by_film["loans"][loan["film_id"]].append(loan_entry(loan))
        wishes = {r[0]: {"priority": r[1], "note": r[2], "added_on": r[3]} for r in store.rows(
            f"SELECT film_id, priority, note, added_on FROM wish WHERE film_id {where}", params)}
        docs = []
        for film_id in film_ids:
            film = rows[film_id]
            doc: dict[str, Any] = {"id": film_id, **{name: film[name] for name in FILM_FIELDS}}
            doc["watched"] = bool(doc["watched"])
            doc["created_at"], doc["updated_at"] = film["created_at"], film["updated_at"]
            doc["genres"] = by_film["genres"].get(film_id, [])
            for key, (list_name, _) in FILM_LISTS.items():
                doc[key] = lists[list_name].get(film_id, [])
            doc["custom"] = custom.get(film_id, {})
            for key in ("companies", "credits", *(kind.doc_key for kind in KINDS), "images"):
                doc[key] = by_film[key].get(film_id, [])
            doc["poster"] = next((i["sha256"] for i in doc["images"] if i["id"] == film["poster_id"]), None)
            doc["loans"] = by_film["loans"].get(film_id, [])
            doc["wish"] = wishes.get(film_id)
            docs.append(cast(FilmDoc, doc))  # built key by key from the kinds
        return docs

    def export(self) -> dict[str, Any]:
        """The whole catalogue as an export document's films, inbox and people."""
        store = self.store
        by_film: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for film_id, name in store.rows(
                "SELECT fg.film_id, g.name FROM film_genre fg JOIN genre g ON g.id = fg.genre_id "
                "ORDER BY fg.film_id, fg.position, fg.id"):
            by_film["genres"][film_id].append(name)
        for film_id, name, role in store.rows(
                "SELECT fc.film_id, c.name, fc.role FROM film_company fc JOIN company c ON c.id = fc.company_id "
                "ORDER BY fc.film_id, fc.position, fc.id"):
            by_film["companies"][film_id].append({"name": name, "role": role})
        for c in store.records.all_credits():
            by_film["credits"][c["film"]].append(
                {"person": c["person"], "role": c["role"], "character": c["character"]})
        copy_places: dict[int, int] = {}
        for kind in KINDS:
            for r in store.records.all(kind):
                listed = by_film[kind.doc_key][r["film"]]
                if kind is BY_NAME["copy"]:
                    copy_places[r["id"]] = len(listed)
                listed.append({f: r[f] for f in kind.field_names})
        lists = {list_name: key for key, (list_name, _) in FILM_LISTS.items()}
        for film_id, list_name, value in store.films.all_values():
            by_film[lists.get(list_name, list_name)][film_id].append(value)
        custom: dict[int, dict[str, Any]] = defaultdict(dict)
        for film_id, name, type_, text in store.custom.all_values():
            custom[film_id][name] = from_text(type_, text)
        photos = store.people.photo_ids()
        images = store.images.rows()
        image_sha = {i["id"]: i["sha256"] for i in images}
        inbox = []
        for i in images:
            if i["film_id"] is not None:
                by_film["images"][i["film_id"]].append(image_entry(i, copy_places))
            elif i["id"] not in photos:
                inbox.append(image_entry(i))
        loans: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for loan in store.loans.all():  # the copy by its place among the film's copies, the borrower by name
            loans[loan["film_id"]].append({"copy": copy_places.get(loan["copy_id"]), "borrower": loan["borrower"],
                                           **{k: loan[k] for k in LOAN_EXPORT_FIELDS}})
        wishes = store.wishes.all()
        names = (*FILM_FIELDS, "created_at", "updated_at", "poster_id", "id")
        films = []
        for row in store.rows(f"SELECT {', '.join(names)} FROM film ORDER BY id"):
            f = dict(zip(names, row, strict=True))
            doc = {name: f[name] for name in FILM_FIELDS}
            doc["watched"] = bool(doc["watched"])
            doc["created_at"], doc["updated_at"] = f["created_at"], f["updated_at"]
            for key in ("genres", *FILM_LISTS, "companies", "credits", *(k.doc_key for k in KINDS), "images"):
                doc[key] = by_film[key].get(f["id"], [])
            doc["custom"] = custom.get(f["id"], {})
            doc["poster"] = image_sha.get(f["poster_id"])
            doc["loans"] = loans.get(f["id"], [])
            doc["wish"] = wishes.get(f["id"])
            films.append(doc)
        by_id = {i["id"]: i for i in images}
        people = [{"name": p["name"], "sort_name": p["sort_name"], "notes": p["notes"],
                   "photo": image_entry(by_id[p["photo_id"]]) if p["photo_id"] in by_id else None}
                  for p in store.people.all_with_details()]
        fields = [{"name": c.name, "type": c.type, "choices": list(c.choices)} for c in store.custom.all()]
        borrowers = [{k: b[k] for k in ("name", "contact", "notes")} for b in store.loans.borrowers()]
        return {"custom_fields": fields, "films": films, "inbox": inbox, "people": people, "borrowers": borrowers}


LOAN_EXPORT_FIELDS = ("lent_on", "due_on", "returned_on", "notes")


def loan_entry(loan: Mapping[str, Any]) -> dict[str, Any]:
    """A loan as the film document lists it (catalog.model.loans.LoanDoc)."""
    return {"id": loan["id"], "copy_id": loan["copy_id"], "borrower": loan["borrower"],
            "borrower_id": loan["borrower_id"], **{k: loan[k] for k in LOAN_EXPORT_FIELDS},
            "contact": loan["contact"]}


def _record(row: Mapping[str, Any], fields: tuple[str, ...]) -> Record:
    return {"id": row["id"], **{f: row[f] for f in fields}}
