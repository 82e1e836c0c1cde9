"""Films as plain documents: what `show --json` prints, what undo restores, what export writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from catalog.model.validation import CREDIT_ROLES
from catalog.store import tables as m

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

FILM_FIELDS = ("title", "original_title", "sort_title", "year", "runtime_min", "synopsis", "tagline",
               "certification", "rating", "watched", "medium", "location", "barcode", "notes")
RECORD_FIELDS = {
    "videos": ("video", ("kind", "title", "url", "file_path", "duration_s", "published_on", "publisher",
                         "description")),
    "reviews": ("review", ("author", "outlet", "venue", "published_on", "rating_text", "score", "excerpt",
                           "url")),
    "releases": ("release", ("kind", "territory", "venue", "date")),
    "articles": ("article", ("headline", "publisher", "published_on", "url", "summary")),
    "awards": ("award", ("body", "category", "year", "result")),
}
IMAGE_FIELDS = ("sha256", "file_name", "kind", "caption", "credit", "width", "height", "format", "bytes",
                "position")
ROLE_ORDER = {role: i for i, role in enumerate(CREDIT_ROLES)}


def ordered_credits(film_id: int) -> list[dict[str, Any]]:
    """Credits of a film: directors, writers, cast in billing order, then the rest of the crew."""
    query = (m.Credit.select(m.Credit.id, m.Credit.role, m.Credit.character, m.Credit.position,
                             m.Person.id.alias("person_id"), m.Person.name.alias("person"))
             .join(m.Person).where(m.Credit.film == film_id).dicts())
    rows = list(query)
    rows.sort(key=lambda r: (ROLE_ORDER.get(r["role"], len(ROLE_ORDER)), r["role"], r["position"], r["id"]))
    return rows


def film_document(cat: Catalogue, film_id: int) -> dict[str, Any]:
    film = cat._film(film_id)
    doc: dict[str, Any] = {"id": film.id}
    doc.update({name: getattr(film, name) for name in FILM_FIELDS})
    doc["watched"] = bool(film.watched)
    doc["created_at"], doc["updated_at"] = film.created_at, film.updated_at
    doc["genres"] = [g.name for g in m.Genre.select().join(m.FilmGenre).where(m.FilmGenre.film == film_id)
                     .order_by(m.FilmGenre.position)]
    doc["companies"] = [
        {"name": fc.company.name, "role": fc.role}
        for fc in m.FilmCompany.select(m.FilmCompany, m.Company).join(m.Company)
        .where(m.FilmCompany.film == film_id).order_by(m.FilmCompany.position)
    ]
    doc["credits"] = [
        {"id": c["id"], "person": c["person"], "person_id": c["person_id"], "role": c["role"],
         "character": c["character"], "position": c["position"]}
        for c in ordered_credits(film_id)
    ]
    for key, (kind, fields) in RECORD_FIELDS.items():
        doc[key] = [{"id": r["id"], **{f: r[f] for f in fields}} for r in cat.records(kind, film_id)]
    images = cat.images(film_id)
    doc["images"] = [
        {"id": i.id, "sha256": i.sha256, "file_name": i.original_name, "kind": i.kind, "caption": i.caption,
         "credit": i.credit, "width": i.width, "height": i.height, "format": i.format, "bytes": i.bytes,
         "position": i.position, "missing": i.missing, "path": i.path}
        for i in images
    ]
    poster = film.poster_id
    doc["poster"] = next((i.sha256 for i in images if i.id == poster), None)
    return doc


def restore_film(cat: Catalogue, doc: Mapping[str, Any], keep_id: bool = False) -> int:
    """Create a film from a document inside the caller's transaction. People are matched by name;
    images are matched by hash (moved onto the film) or recorded as missing."""
    fields = {name: doc.get(name) for name in FILM_FIELDS}
    film_id = cat.create_film(fields, film_id=doc.get("id") if keep_id else None)
    stamps = {k: doc[k] for k in ("created_at", "updated_at") if doc.get(k)}
    if stamps:
        m.Film.update(**stamps).where(m.Film.id == film_id).execute()
    if doc.get("genres"):
        cat.set_genres(film_id, doc["genres"])
    if doc.get("companies"):
        cat.set_companies(film_id, doc["companies"])
    for credit in doc.get("credits", []):
        person = credit["person"]
        if keep_id and m.Person.get_or_none(m.Person.id == credit.get("person_id")) is not None:
            person = credit["person_id"]  # the same person, even when another now has that name
        cat.add_credit(film_id, person, credit["role"], credit.get("character"),
                       credit_id=credit.get("id") if keep_id else None)
    for key, (kind, fields_) in RECORD_FIELDS.items():
        for record in doc.get(key, []):
            cat.add_record(kind, film_id, {f: record.get(f) for f in fields_},
                           record_id=record.get("id") if keep_id else None)
    poster_id = None
    for image in sorted(doc.get("images", []), key=lambda i: i.get("position", 0)):
        image_id = cat.add_image_record(
            sha256=image["sha256"], original_name=image.get("file_name") or "", film_id=film_id,
            kind=image.get("kind") or "still", width=image.get("width"), height=image.get("height"),
            format=image.get("format"), bytes=image.get("bytes"), caption=image.get("caption"),
            credit=image.get("credit"), position=image.get("position"))
        m.Image.update(film=film_id, position=image.get("position", 0)).where(m.Image.id == image_id).execute()
        if image["sha256"] == doc.get("poster"):
            poster_id = image_id
    m.Film.update(poster=poster_id).where(m.Film.id == film_id).execute()
    if stamps:
        m.Film.update(**stamps).where(m.Film.id == film_id).execute()
    return film_id
