"""Reading film documents (catalog.model.documents): one film in a few queries, or the whole
catalogue in a few set-based queries (the export: no database ids, people by name, pictures by
content hash, the unsorted inbox and people's photos and notes, the borrowers; a loan names its
copy by its place among the film's copies and its borrower by name)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from catalog.model.documents import FILM_FIELDS, IMAGE_ENTRY_FIELDS, CreditDoc, FilmDoc, ImageDoc, Record
from catalog.model.kinds import BY_NAME, FILM_LISTS, KINDS
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
        store = self.store
        film = store.films.get(film_id)
        doc: dict[str, Any] = {"id": film_id, **{name: film[name] for name in FILM_FIELDS}}
        doc["created_at"], doc["updated_at"] = film["created_at"], film["updated_at"]
        doc["genres"] = store.films.genres(film_id)
        for key, (list_name, _) in FILM_LISTS.items():
            doc[key] = store.films.values(film_id, list_name)
        doc["custom"] = store.custom.values(film_id)
        doc["companies"] = store.films.companies(film_id)
        doc["credits"] = [CreditDoc(id=c["id"], person=c["person"], person_id=c["person_id"], role=c["role"],
                                    character=c["character"], position=c["position"], photo=c["photo"])
                          for c in store.records.credits(film_id)]
        for kind in KINDS:
            doc[kind.doc_key] = [_record(r, kind.field_names) for r in store.records.of_film(kind, film_id)]
        images = store.images.gallery(film_id)
        doc["images"] = [ImageDoc(id=i.id, sha256=i.sha256, file_name=i.original_name, kind=i.kind, caption=i.caption,
                                  credit=i.credit, width=i.width, height=i.height, format=i.format, bytes=i.bytes,
                                  position=i.position, missing=i.missing, path=i.path,
                                  placeholder=i.placeholder, copy_id=i.copy_id) for i in images]
        doc["poster"] = next((i.sha256 for i in images if i.id == film["poster_id"]), None)
        doc["loans"] = [loan_entry(loan) for loan in store.loans.of_film(film_id)]
        doc["wish"] = store.wishes.get(film_id)
        return cast(FilmDoc, doc)  # built key by key from the kinds

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
