"""A JSON import into a shared catalogue writes its new films in batches (ids reserved from the
server's sequences, the rows by COPY), and the catalogue it makes is the one an SQLite file gets
from the same file: documents, the list's derived columns, the search, loans and wishes, row
versions, and the NOTIFY event other members receive. A merge writes row by row on both."""

from __future__ import annotations

import copy
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from catalog import Catalogue, formats, open_catalogue
from catalog.ops.demo import add_demo_catalogue

COPIES = 130  # of each of the demo's two films: 260 films, over COPY_MIN_ROWS rows in most tables


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON export of 260 films made from the demo's two, each with a copy: every tenth lent (to one of three
    borrowers, some overdue, some returned), a third of the Whiplashes wanted (no copy) with a priority, viewings;
    each film's pictures renamed (missing from every store) so each film keeps its own."""
    folder = tmp_path_factory.mktemp("export")
    cat = open_catalogue(folder / "demo.db")
    add_demo_catalogue(cat)
    source = folder / "demo.json"
    formats.for_output(source, "json").write(cat, source, None, None)
    cat.close()
    data = json.loads(source.read_text())
    films = []
    for n in range(COPIES):
        for original in data["films"]:
            doc = copy.deepcopy(original)
            doc["title"] = f"{original['title']} {n}"
            doc["year"] = original["year"] - n % 40
            shas = {i["sha256"]: _sha(f"{doc['title']}/{i['sha256']}") for i in doc["images"]}
            for image in doc["images"]:
                image["sha256"] = shas[image["sha256"]]
                image["phash"] = None
            doc["poster"] = shas.get(doc["poster"])
            doc["copies"] = [{"medium": ("Blu-ray", "DVD", "blu-ray")[n % 3], "location": f"Shelf {n % 5}",
                              "price": 5 + n % 7, "currency": "EUR"}]
            if original["title"] == "Whiplash" and n % 3 == 0:
                doc["copies"], doc["poster"] = [], None
                doc["images"] = [i for i in doc["images"] if i.get("copy") is None]
                doc["wish"] = {"priority": 1 + n % 3, "note": f"wish {n}", "added_on": "2025-03-04T10:00:00+00:00"}
            elif n % 10 == 0:
                doc["loans"] = [{"copy": 0, "borrower": ("Anna", "Ben", "Cleo")[n % 3], "lent_on": "2025-01-02",
                                 "due_on": "2025-01-30" if n % 20 else None,
                                 "returned_on": "2025-02-01" if n % 30 == 0 else None, "notes": None}]
            if n % 4 == 0:
                doc["viewings"] = [{"date": f"2024-0{1 + n % 9}-12", "rating": 8, "note": f"time {n}"}]
                doc["watched"] = True
            films.append(doc)
    data["films"] = films
    data["borrowers"] = [{"name": "Anna", "contact": "anna@example.org", "notes": None},
                         {"name": "Ben", "contact": None, "notes": "neighbour"}]
    out = folder / "big.json"
    out.write_text(json.dumps(data, ensure_ascii=False))
    return out


def _export(cat: Catalogue, path: Path) -> dict[str, Any]:
    formats.for_output(path, "json").write(cat, path, None, None)
    return json.loads(path.read_text())


def _seen(cat: Catalogue) -> dict[str, Any]:
    """What the window shows of the catalogue: the list's columns, loans, the wishlist, borrowers."""
    ids = cat.films.ids(sort="title")
    rows = cat.films.rows(ids)
    titles = {i: rows[i].title for i in ids}
    return {
        "list": [(r.title, r.year, r.directors, r.video_count, r.loaned_to, r.loan_due)
                 for r in (rows[i] for i in ids)],
        "watched": cat.films.ids("watched:yes", sort="title") == cat.films.ids("has:viewing", sort="title"),
        "open loans": [(loan["film"], loan["borrower"], loan["due_on"]) for loan in cat.loans.open_loans()],
        "wishlist": [titles[i] for i in cat.wishlist.film_ids()],
        "borrowers": [(b["name"], b["contact"], b["notes"], b["loans"], b["open"]) for b in cat.loans.borrowers()],
        "searches": {q: [titles[i] for i in cat.films.ids(q, sort="title")]
                     for q in ("chazelle", "director:chazelle", "simmons", "on-loan:yes", "overdue:yes",
                               "borrower:ben", "wanted:yes", "whiplash 12", "\"whiplash 12\"", "has:review")},
    }


def test_a_json_import_on_a_server_goes_in_batches_and_matches_a_files(big_export: Path, pg_url: str,
                                                                       tmp_path: Path, monkeypatch) -> None:
    reserved: list[tuple[str, int]] = []
    from catalog.store.shared import ServerSide

    original_reserve = ServerSide.reserve_ids
    monkeypatch.setattr(ServerSide, "reserve_ids",
                        lambda self, table, n: reserved.append((table, n)) or original_reserve(self, table, n))

    local = open_catalogue(tmp_path / "local.db")
    shared = open_catalogue(pg_url)
    other = open_catalogue(pg_url)  # another member's window
    try:
        other.changes_elsewhere()
        for cat in (local, shared):
            result = formats.read_file(cat, big_export, "json")
            assert result.films == 2 * COPIES
        assert ("film", 2 * COPIES) in reserved and {t for t, _ in reserved} == {"film", "film_copy", "image", "person"}

        mine, theirs = _export(local, tmp_path / "local.json"), _export(shared, tmp_path / "shared.json")
        assert theirs == mine
        assert _seen(shared) == _seen(local)
        seen = _seen(shared)
        assert seen["open loans"] and seen["wishlist"][:2] == ["Whiplash 0", "Whiplash 102"]
        assert seen["searches"]["borrower:ben"] and seen["searches"]["\"whiplash 12\""] == ["Whiplash 12"]

        ids = shared.films.ids()
        assert len(set(ids)) == len(ids) == 2 * COPIES
        versions = shared.store.stamps.versions(ids)
        assert set(versions.values()) == set(local.store.stamps.versions(local.films.ids()).values())
        stamp = shared.store.stamps.of(ids[0])
        assert stamp is not None and stamp.changed_by == shared.store.member

        changed, start = None, time.monotonic()  # the NOTIFY: every new film, by id
        while changed is None and time.monotonic() - start < 5:
            changed = other.changes_elsewhere()
        assert changed is not None and changed.added == set(ids) and changed.by == shared.store.member

        # The sequences are past the batch: a film, a copy and a picture made afterwards get new ids.
        later = other.films.create({"title": "Heat", "year": 1995}).id
        assert later is not None and later > max(ids)
        copy_id = other.records.add("copy", later, {"medium": "DVD"}).id
        assert copy_id is not None and copy_id > max(c["id"] for f in ids for c in shared.records.of("copy", f))

        # Merging (a row at a time on both) the same file again: nothing new, the same catalogue.
        for cat in (local, shared):
            merged = formats.read_file(cat, big_export, "json", on_duplicate="merge")
            assert merged.merged == 2 * COPIES and merged.films == 0
        shared.films.delete([later])
        assert _export(shared, tmp_path / "shared2.json") == _export(local, tmp_path / "local2.json")
    finally:
        for cat in (local, shared, other):
            cat.close()


def test_ids_reserved_for_a_batch_do_not_meet_another_members_rows(big_export: Path, pg_url: str,
                                                                     tmp_path: Path) -> None:
    """Another member is adding a film and a copy (their transaction open, their ids drawn) while
    an import writes its batch and commits: ids from the sequences never meet (max(id) + 1 would
    take the uncommitted film's id and wait on it for ever)."""
    data = json.loads(big_export.read_text())
    data["films"] = data["films"][:250]
    part = tmp_path / "part.json"
    part.write_text(json.dumps(data))
    importer, other = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        importer.store.execute("SET lock_timeout = '10s'")  # a collision fails instead of waiting
        with other.transaction("Add a film"):
            meanwhile = other.films.create({"title": "Heat", "year": 1995}).id or 0
            other_copy = other.records.add("copy", meanwhile, {"medium": "DVD"}).id
            assert formats.read_file(importer, part, "json").films == 250  # committed first
        ids = importer.films.ids()
        assert len(ids) == len(set(ids)) == 251 and meanwhile in ids
        copies = [c["id"] for f in ids for c in importer.records.of("copy", f)]
        assert len(copies) == len(set(copies)) and other_copy in copies
        assert len(importer.films.ids("director:chazelle")) == 250
        assert importer.films.ids("heat") == [meanwhile]
    finally:
        importer.close()
        other.close()
