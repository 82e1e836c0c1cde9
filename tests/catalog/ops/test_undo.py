"""Undo and redo are the catalogue's own: every use case's change carries its inverse as data, and
`revert` puts the catalogue back exactly — no window involved. Imports and drops are one step."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalog import Cancelled, Catalogue, CatalogueError, Change, open_catalogue
from catalog.formats.folder.importer import import_folder
from catalog.formats.json_catalogue import export_document, import_document
from catalog.ops import change as change_module
from catalog.ops.demo import add_demo_catalogue
from tests.catalog.formats.folder.test_importer import kodi_movie, photo

BOTH_BACKENDS = True  # the catalogue tests run on an SQLite file and on a PostgreSQL server


def state(cat: Catalogue) -> dict[str, Any]:
    """Everything a user could see: every film's document (with its ids), the inbox, people."""
    films = {fid: cat.films.document(fid) for fid in cat.films.ids()}
    for doc in films.values():
        doc.pop("updated_at")  # touched by edits and by their undo alike
    inbox = [(i.id, i.sha256, i.position) for i in cat.images.gallery(None)]
    people = sorted((p.id, p.name, p.sort_name, p.notes, p.photo_sha256)
                    for p in (cat.people.get(pid) for pid in _people_ids(cat)))
    return {"films": films, "inbox": inbox, "people": people}


def _people_ids(cat: Catalogue) -> list[int]:
    return [r[0] for r in cat.store.rows("SELECT id FROM person")]


def ids(cat: Catalogue) -> dict[str, int]:
    la, whip = cat.films.find("La La Land"), cat.films.find("Whiplash")
    doc = cat.films.document(la)
    return {"la": la, "whip": whip, "credit": doc["credits"][3]["id"], "review": doc["reviews"][0]["id"],
            "release": doc["releases"][1]["id"], "image": doc["images"][1]["id"],
            "poster": next(i["id"] for i in doc["images"] if i["sha256"] == doc["poster"]),
            "stone": cat.people.find("Emma Stone"), "gosling": cat.people.find("Ryan Gosling")}


EDITS: dict[str, Callable[[Catalogue, dict[str, int]], Change]] = {
    "edit title": lambda c, i: c.films.update(i["la"], {"title": "La La Land (Director's Cut)", "rating": 9}),
    "set genres": lambda c, i: c.films.set_genres(i["la"], ["Jazz", "Romance"]),
    "set companies": lambda c, i: c.films.set_companies(i["whip"], [{"name": "Blumhouse", "role": "production"}]),
    "add film": lambda c, i: c.films.create({"title": "Babylon", "year": 2022}),
    "delete films": lambda c, i: c.films.delete([i["la"], i["whip"]]),
    "add record": lambda c, i: c.records.add("award", i["la"], {"body": "Academy Awards", "result": "won"}, 0),
    "edit record": lambda c, i: c.records.update("review", i["review"], {"excerpt": "Dazzling."}),
    "remove record": lambda c, i: c.records.remove("release", i["release"]),
    "move record": lambda c, i: c.records.move("review", i["review"], 1),
    "add credit": lambda c, i: c.records.add_credit(i["whip"], "Damien Chazelle", "writer", position=0),
    "edit credit": lambda c, i: c.records.update_credit(i["credit"], {"person": "Someone New", "character": "X"}),
    "remove credit": lambda c, i: c.records.remove_credit(i["credit"]),
    "move credit": lambda c, i: c.records.move_credit(i["credit"], 0),
    "edit person": lambda c, i: c.people.update(i["stone"], {"notes": "Mia", "sort_name": "Stone, Emma"}),
    "merge people": lambda c, i: c.people.merge(i["stone"], i["gosling"]),
    "edit image": lambda c, i: c.images.update(i["image"], {"caption": "On set", "kind": "still"}),
    "move images to the inbox": lambda c, i: c.images.move([i["poster"], i["image"]], None),
    "move images to another film": lambda c, i: c.images.move([i["poster"]], i["whip"]),
    "reorder images": lambda c, i: c.images.reorder(i["la"], list(reversed(
        [img.id for img in c.images.gallery(i["la"])]))),
    "set poster": lambda c, i: c.images.set_poster(i["la"], i["image"]),
}


@pytest.mark.parametrize("name", EDITS)
def test_every_edit_undoes_exactly_and_redoes(demo_catalogue: Catalogue, name: str) -> None:
    cat = demo_catalogue
    cat.records.add("review", cat.films.find("La La Land"), {"author": "A second critic"})  # something to move
    undoes_and_redoes(cat, lambda: EDITS[name](cat, ids(cat)), state)


def undoes_and_redoes(cat: Catalogue, edit: Callable[[], Change], state: Callable[[Catalogue], Any]) -> None:
    """The edit changes what `state` reads; undo brings it back exactly, redo the edit, undo again."""
    before = state(cat)
    change = edit()
    after = state(cat)
    assert after != before and change.undoable and change.description
    undone = cat.revert(change)
    assert state(cat) == before
    redone = cat.revert(undone)
    assert state(cat) == after
    cat.revert(redone)
    assert state(cat) == before


def test_a_json_step_of_an_inverse_is_plain_data(demo_catalogue: Catalogue) -> None:
    """An inverse survives a trip through JSON (it holds ids and values, never objects)."""
    cat = demo_catalogue
    before = state(cat)
    change = cat.films.delete([cat.films.find("La La Land")])
    steps = json.loads(json.dumps([(s.op, s.args) for s in change.inverse]))
    from catalog import Step

    cat.apply([Step(op, args) for op, args in steps], "Undo delete")
    assert state(cat) == before


def test_only_use_cases_can_be_replayed(cat: Catalogue) -> None:
    from catalog import Step

    with pytest.raises(CatalogueError, match="can be replayed"):
        cat.apply([Step("store.close", {})], "mischief")


def test_undo_of_a_folder_import_takes_out_its_film_pictures_and_videos(cat: Catalogue, tmp_path: Path) -> None:
    cat.films.create({"title": "Whiplash", "year": 2014})
    photo(tmp_path / "lib" / "Whiplash (2014)" / "poster.jpg", 30)
    kodi_movie(tmp_path / "lib")
    before = state(cat)
    report = import_folder(cat, tmp_path / "lib", workers=1)
    assert report.films_created and report.imported_count >= 3 and report.videos
    after = state(cat)
    stored = after["films"][cat.films.find("Whiplash")]["images"][0]["sha256"]
    undone = cat.revert(report.change)
    assert state(cat) == before
    assert cat.pictures.has(stored)  # the store keeps the file (a redo needs it; a sweep may take it later)
    cat.revert(undone)
    assert state(cat) == after
    # Neighbouring removals merge: the undo does not grow a step per picture.
    removals = [s for s in report.change.inverse if s.op == "images.remove"]
    assert len(removals) < 3 < sum(len(s.args["image_ids"]) for s in removals)


def test_undo_of_a_json_import_and_of_the_demo(cat: Catalogue, tmp_path: Path) -> None:
    source = open_catalogue(tmp_path / "source.db")
    add_demo_catalogue(source)
    doc = json.loads(json.dumps(export_document(source)))
    source.close()
    cat.films.create({"title": "Heat", "year": 1995})
    before = state(cat)
    result = import_document(cat, doc)
    assert result.films == 2
    cat.revert(result.change)
    assert state(cat) == before
    demo = add_demo_catalogue(cat)
    cat.revert(demo.change)
    assert state(cat) == before


def test_a_big_import_keeps_its_record_of_the_change_as_runs_and_undo_still_takes_it_all_back(
        cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The change of an import of N films named every film in five sets, lists and dicts (430
    bytes a film, kept on the undo stack: 43 MB at 100,000 films); as runs it stays a few numbers."""
    from catalog.model.id_runs import IdSet, VersionMap
    from catalog.store import stamps

    monkeypatch.setattr(stamps, "MANY", 100)  # "many films" from 100 on, not 5,000: a quick test
    monkeypatch.setattr(change_module, "PIECE", 64)  # the undo keeps its redo in several pieces
    source = open_catalogue(tmp_path / "source.db")
    add_demo_catalogue(source)
    demo = json.loads(json.dumps(export_document(source)))
    source.close()
    film = next(f for f in demo["films"] if f["title"] == "La La Land")
    films = []
    for n in range(600):
        copy = json.loads(json.dumps(film))
        copy["title"], copy["images"], copy["copies"] = f"La La Land {n}", [], []
        copy["credits"] = [{**c, "person": f"{c['person']} {n}"} for c in copy["credits"][1:3]]
        films.append(copy)
    before = state(cat)
    result = import_document(cat, {**demo, "films": films, "people": [], "inbox": []})
    change = result.change
    assert result.films == 600 and len(change.added) == 600
    assert isinstance(change.added, IdSet) and len(change.added.plain()) == 1 and None in change.galleries
    assert isinstance(change.versions, VersionMap) and len(change.versions) == 600
    assert all(len(json.dumps(step.args)) < 200 for step in change.inverse), change.inverse
    assert len(change.new_people) == 1_200
    after = state(cat)
    redo = cat.revert(change)
    assert state(cat) == before
    # What redoes it, the films as they were, is kept packed: ~20 KB a film as dicts before.
    kept = json.dumps([step.args for step in redo.inverse])
    restore = next(step for step in redo.inverse if step.op == "films.restore")
    assert len(kept) * 5 < len(json.dumps(films)) and len(restore.args["packed"]) == 10
    again = cat.revert(redo)  # redo: the films back with their ids; its record stays runs too
    assert state(cat) == after and isinstance(again.added, IdSet) and len(again.added.plain()) == 1
    assert all(len(json.dumps(step.args)) < 200 for step in again.inverse), again.inverse
    cat.revert(again)
    assert state(cat) == before


def everything(cat: Catalogue) -> dict[str, Any]:
    """`state`, and what it does not read: picture rows and files, people's rows, the search index."""
    files = sorted(str(p.relative_to(cat.pictures.media_dir)) for p in cat.pictures.images_dir.rglob("*"))
    return {**state(cat), "images": cat.store.rows("SELECT * FROM image ORDER BY id"),
            "person": cat.store.rows("SELECT * FROM person ORDER BY id"), "files": files,
            "found": [cat.films.ids(q) for q in ("la la", "gosling", "chazelle", "heat")]}


def test_an_undo_cancelled_between_its_pieces_leaves_the_catalogue_as_it_was_and_can_run_again(
        cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo and redo of an import in pieces (a window's heavy undo on a worker): progress after
    each piece, and an abort set there stops it with "cancelled", nothing changed, no one told."""
    monkeypatch.setattr(change_module, "PIECE", 2)
    source = open_catalogue(tmp_path / "source.db")
    add_demo_catalogue(source)
    demo = json.loads(json.dumps(export_document(source)))
    source.close()
    film = next(f for f in demo["films"] if f["title"] == "La La Land")
    copies = [{**json.loads(json.dumps(film)), "title": f"La La Land {n}", "images": [], "copies": [],
               "credits": [{**c, "person": f"{c['person']} {n}"} for c in film["credits"][1:3]]} for n in range(7)]
    cat.films.create({"title": "Heat", "year": 1995})
    cat.images.add_file(photo(tmp_path / "still.jpg", 5), None)
    result = import_document(cat, {**demo, "films": [*demo["films"], *copies]})
    assert result.films == 9 and len(result.change.inverse) > 1
    heard: list[Change] = []
    cat.listeners.append(heard.append)

    def cancelled(change: Change) -> list[tuple[int, int, str]]:
        """Revert `change` with Cancel pressed after its first piece: what progress said."""
        said: list[tuple[int, int, str]] = []
        abort = threading.Event()

        def progress(done: int, total: int, what: str) -> None:
            said.append((done, total, what))
            abort.set()

        with pytest.raises(CatalogueError, match="undo cancelled; the catalogue is as it was"):
            cat.revert(change, abort, progress)
        return said

    imported = everything(cat)
    stopped = threading.Event()
    stopped.set()  # before it began (a many-step undo is also stopped between its steps)
    with pytest.raises(CatalogueError, match="cancelled"):
        cat.revert(result.change, stopped)
    assert cancelled(result.change) == [(2, 9 + len(demo["films"][0]["images"]) + len(demo["films"][1]["images"])
                                         + len(demo["inbox"]), "films")]
    assert everything(cat) == imported and heard == []
    said: list[tuple[int, int, str]] = []
    redo = cat.revert(result.change, threading.Event(), lambda *args: said.append(args))
    assert [done for done, _, _ in said] == sorted({done for done, _, _ in said}) and said[-1][0] == said[-1][1]
    assert {what for _, _, what in said} == {"films", "pictures"} and len(heard) == 1
    undone = everything(cat)
    assert undone != imported and [f["title"] for f in undone["films"].values()] == ["Heat"]
    assert len(cancelled(redo)) == 1  # the redo puts the pictures and films back in pieces too
    assert everything(cat) == undone and len(heard) == 1
    cat.revert(redo)
    assert everything(cat) == imported


def test_a_delete_of_many_films_cancelled_midway_deletes_nothing_and_one_inside_an_undo_counts_in_its_pace(
        demo_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window deletes thousands of films on a worker: progress for each piece read for the
    undo, and Cancel there rolls it back ("delete cancelled"); without either, it goes unpaced."""
    cat = demo_catalogue
    monkeypatch.setattr(change_module, "PIECE", 1)
    for n in range(3):
        cat.films.create({"title": f"Heat {n}", "year": 1995})
    films = cat.films.ids()
    before = everything(cat)
    heard: list[Change] = []
    cat.listeners.append(heard.append)
    said: list[tuple[int, int, str]] = []
    abort = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        said.append((done, total, what))
        if done == 2:
            abort.set()

    with pytest.raises(Cancelled, match="delete cancelled; the catalogue is as it was"):
        cat.films.delete(films, abort=abort, progress=progress)
    assert said == [(1, 5, "films"), (2, 5, "films")]
    assert everything(cat) == before and heard == []
    late = threading.Event()  # Cancel pressed once every piece is read: the commit is still ahead

    def last(done: int, total: int, what: str) -> None:
        if done == total:
            late.set()

    with pytest.raises(Cancelled):
        cat.films.delete(films, abort=late, progress=last)
    assert everything(cat) == before and heard == []
    said.clear()
    deleted = cat.films.delete(films, abort=threading.Event(), progress=lambda *args: said.append(args))
    assert [done for done, _, _ in said] == [1, 2, 3, 4, 5] and cat.films.ids() == [] and len(heard) == 1
    added = cat.revert(deleted)
    assert everything(cat) == before
    said.clear()
    cat.revert(added, threading.Event(), lambda *args: said.append(args))  # its films.delete step, paced by the undo
    assert said[-1] == (5, 5, "films") and cat.films.ids() == []


def test_an_import_inside_another_use_case_makes_no_backup_and_does_not_wait_for_itself(cat: Catalogue,
                                                                                      tmp_path: Path) -> None:
    source = open_catalogue(tmp_path / "source.db")
    add_demo_catalogue(source)
    doc = json.loads(json.dumps(export_document(source)))
    source.close()
    cat.films.create({"title": "Heat", "year": 1995})
    with cat.transaction("Two imports") as change:
        change.merge(import_document(cat, doc).change)
    assert len(cat.films.ids()) == 3 and cat.backups.kept() == []


def test_pictures_taken_out_in_pieces_come_back_with_their_posters(demo_catalogue: Catalogue,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cat = demo_catalogue
    monkeypatch.setattr(change_module, "PIECE", 2)
    before = state(cat)
    images = [i.id for film_id in cat.films.ids() for i in cat.images.gallery(film_id)]
    assert len(images) >= 5 and any(cat.films.document(f)["poster"] for f in cat.films.ids())
    removed = cat.images.remove(images)
    assert all(cat.films.document(f)["poster"] is None for f in cat.films.ids())
    assert len(removed.inverse[0].args["packed"]) == (len(images) + 1) // 2
    after = state(cat)
    redo = cat.revert(removed)
    assert state(cat) == before
    cat.revert(redo)
    assert state(cat) == after


def test_undo_of_dropped_files_keeps_every_file(cat: Catalogue, tmp_path: Path) -> None:
    film = cat.films.create({"title": "Vertigo"}).id
    assert film is not None
    dropped = cat.images.add_file(photo(tmp_path / "still.jpg", 5), film)
    sha = cat.images.get(dropped.id).sha256
    cat.revert(dropped)
    assert cat.images.by_sha(sha) is None and cat.images.count(None) == 0
    assert cat.pictures.has(sha) and (tmp_path / "still.jpg").is_file()


def test_two_catalogues_open_at_once_keep_to_themselves(tmp_path: Path) -> None:
    first, second = open_catalogue(tmp_path / "a.db"), open_catalogue(tmp_path / "b.db")
    try:
        first.films.create({"title": "Only in A"})
        second.films.create({"title": "Only in B"})
        first.films.create({"title": "Also in A"})
        assert [r.title for r in first.films.listing()] == ["Also in A", "Only in A"]
        assert [r.title for r in second.films.listing()] == ["Only in B"]
    finally:
        first.close()
        second.close()


def test_every_stored_picture_has_a_perceptual_hash(cat: Catalogue, tmp_path: Path) -> None:
    """The demo and JSON imports record phash too, so a near-duplicate of a demo picture is noticed."""
    add_demo_catalogue(cat)
    assert all(r[0] is not None for r in cat.store.rows("SELECT phash FROM image"))
    la = cat.films.find("La La Land")
    poster = Path(cat.images.gallery(la)[0].path or "")
    from PIL import Image

    with Image.open(poster) as img:
        img.resize((img.width // 2, img.height // 2)).save(tmp_path / "smaller.jpg", quality=70)
    report = import_folder(cat, tmp_path / "smaller.jpg", film_id=la, workers=1)
    assert [n.item.display for n in report.near_duplicates] == ["smaller.jpg"]


def test_an_import_in_many_batches_matches_pictures_and_undoes_through_json(demo_catalogue: Catalogue,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk loader asks the table for each batch's pictures (it keeps none of them for the whole
    import): an inbox picture goes onto the film of a later batch that names it, a picture two films
    of different batches name stays one row. The undo names the new pictures as a few runs of ids,
    plain data that survives JSON, and puts the catalogue back exactly."""
    from catalog.ops import transfer

    cat = demo_catalogue
    doc = json.loads(json.dumps(export_document(cat)))
    base = next(f for f in doc["films"] if f["title"] == "La La Land")
    inbox = cat.images.gallery(cat.films.find("La La Land"))[-1]
    cat.images.move([inbox.id], None)
    films = []
    for i in range(7):
        film = json.loads(json.dumps(base))
        film["title"] = f"{base['title']} {i}"
        film["external_ids"] = []
        for k, image in enumerate(film["images"]):
            image["sha256"] = f"{i:060x}{k:04x}"
        film["poster"] = film["images"][0]["sha256"]
        films.append(film)
    films[5]["images"].append({**films[1]["images"][1], "position": 9})  # film 1's picture again, two batches on
    # (at another place on the film than in the inbox: the undo puts it back at its place in the inbox)
    films[6]["images"].append({**next(i for i in base["images"] if i["sha256"] == inbox.sha256),
                               "position": cat.images.get(inbox.id).position + 7})
    before = state(cat)
    monkeypatch.setattr(transfer, "BATCH_FILMS", 2)
    result = import_document(cat, {**doc, "films": films, "inbox": [], "people": []})
    assert result.films == 7
    placed = cat.images.get(inbox.id)
    assert placed.film_id == cat.films.find(f"{base['title']} 6") and cat.images.count(None) == 0
    again = cat.images.by_sha(films[1]["images"][1]["sha256"])
    assert again is not None and again.film_id == cat.films.find(f"{base['title']} 1")
    removal = next(s for s in result.change.inverse if s.op == "images.remove")
    new = 7 * len(base["images"])
    assert len(removal.args["image_runs"]) <= 4 < new == sum(b - a + 1 for a, b in removal.args["image_runs"])
    steps = json.loads(json.dumps([(s.op, s.args) for s in result.change.inverse]))
    from catalog import Step

    cat.apply([Step(op, args) for op, args in steps], "Undo import")
    assert state(cat) == before


def test_films_deleted_and_brought_back_are_listed_and_found_as_before(demo_catalogue: Catalogue) -> None:
    """Undo of a delete writes the films back in one batch: the list's columns (directors, videos,
    loans) and the search index come back with them."""
    cat = demo_catalogue
    queries = ("", "gosling", "chazelle", "musical", "la la")

    def seen() -> list[Any]:
        return [cat.films.listing(q) for q in queries]

    before, before_state = seen(), state(cat)
    assert all(before[1:]) and any(row.directors for row in before[0])
    deleted = cat.films.delete(cat.films.ids())
    assert not any(seen())
    redo = cat.revert(deleted)
    assert seen() == before and state(cat) == before_state
    cat.revert(redo)
    assert not any(seen())
