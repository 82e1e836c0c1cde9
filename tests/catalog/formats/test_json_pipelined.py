"""A big JSON export is checked by a child process while this one writes (catalog.formats.json_checker):
it must write exactly what the two passes write, and a refused, broken or cancelled file must
leave the catalogue and its backups as they were. (The size threshold is set to 0 here, so that
files of a few films take the pipelined path.)"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from catalog import CatalogueError, ValidationError, open_catalogue
from catalog.formats import json_checker
from catalog.formats.json_catalogue import export_catalogue, export_document, import_catalogue

BOTH_BACKENDS = True


@pytest.fixture
def pipelined(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every export takes the pipelined path; records which path each import took."""
    monkeypatch.setattr(json_checker, "PIPELINE_MIN_BYTES", 0)
    taken: list[str] = []
    real = json_checker.import_pipelined

    def spy(*args, **kwargs):
        path = "pipelined"  # (also when the file is refused or cancelled there)
        try:
            return real(*args, **kwargs)
        except json_checker.Unusual:
            path = "two passes"
            raise
        finally:
            taken.append(path)

    monkeypatch.setattr(json_checker, "import_pipelined", spy)
    return taken




def many_films(demo, count: int) -> list[dict]:
    base = export_document(demo)["films"][0]
    films = []
    for i in range(count):
        film = json.loads(json.dumps(base))
        film["title"] = f"{base['title']} {i}"
        for k, image in enumerate(film["images"]):
            image["sha256"] = f"{i:060x}{k:04x}"
        film["poster"] = film["images"][0]["sha256"]
        films.append(film)
    return films


def backups_of(cat) -> list[str]:
    folder = cat.path.with_suffix(".backups")
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_export_comes_back_identical_on_either_backend(pipelined, demo, tmp_catalogue, tmp_path: Path) -> None:
    demo.images.move([demo.images.gallery(1)[-1].id], None)  # one picture in the inbox too
    demo.fields.define("Shelf", "number")
    demo.films.set_custom(demo.films.find("Whiplash"), "Shelf", 3)
    path = tmp_path / "demo.json"
    export_catalogue(demo, path)
    result = import_catalogue(tmp_catalogue, path)
    assert pipelined == ["pipelined"] and result.films == 2
    assert export_document(tmp_catalogue) == export_document(demo)


def test_many_films_write_what_the_two_passes_write(pipelined, demo, tmp_path: Path, monkeypatch) -> None:
    doc = export_document(demo)
    doc["films"] = many_films(demo, 1200)  # several batches of the child's messages
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    piped, passes = open_catalogue(tmp_path / "piped.db"), open_catalogue(tmp_path / "passes.db")
    try:
        assert import_catalogue(piped, path).films == 1200 and pipelined == ["pipelined"]
        monkeypatch.setattr(json_checker, "PIPELINE_MIN_BYTES", 1 << 62)
        assert import_catalogue(passes, path).films == 1200 and pipelined == ["pipelined"]
        assert export_document(piped) == export_document(passes)
        assert len(piped.films.ids("la la land")) == 1200
    finally:
        piped.close()
        passes.close()


def test_a_value_refused_late_writes_nothing_and_leaves_the_backups_as_they_were(pipelined, demo,
                                                                                  tmp_path: Path) -> None:
    films = [*many_films(demo, 900), {"title": "Heat", "year": "soon"}]
    path = tmp_path / "late.json"
    path.write_text(json.dumps({"format": "marquee-catalogue", "version": 3, "films": films}), encoding="utf-8")
    before, kept = export_document(demo), backups_of(demo)
    with pytest.raises(ValidationError, match=r"film 901 .'Heat'. year"):
        import_catalogue(demo, path)
    assert pipelined == ["pipelined"]  # (refused by the child, after hundreds of films were written)
    assert export_document(demo) == before and backups_of(demo) == kept


def test_a_file_broken_half_way_writes_nothing(pipelined, demo, tmp_path: Path) -> None:
    text = json.dumps({"format": "marquee-catalogue", "version": 3, "films": many_films(demo, 600)})
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")  # a download cut short
    before = export_document(demo)
    with pytest.raises(CatalogueError, match=r"cut\.json"):
        import_catalogue(demo, path)
    assert export_document(demo) == before and backups_of(demo) == []


def test_cancelling_writes_nothing(pipelined, demo, tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"format": "marquee-catalogue", "version": 3, "films": many_films(demo, 800)}),
                    encoding="utf-8")
    before, abort = export_document(demo), threading.Event()

    def progress(done: int, total: int, title: str) -> None:
        if done >= 400:
            abort.set()  # the user presses Cancel half-way

    with pytest.raises(CatalogueError, match="cancelled"):
        import_catalogue(demo, path, abort=abort, progress=progress)
    assert export_document(demo) == before and backups_of(demo) == []


@pytest.mark.parametrize("where", ["after the films", "not at all"])
def test_fields_defined_after_the_films_or_not_at_all_take_the_two_passes(pipelined, demo, tmp_path: Path,
                                                                          where: str) -> None:
    films = many_films(demo, 3)
    value = 7 if where == "after the films" else "A7"  # (without a definition: a text field)
    films[1]["custom"] = {"Shelf": value}
    doc: dict = {"format": "marquee-catalogue", "version": 3, "films": films}
    if where == "after the films":
        doc["custom_fields"] = [{"name": "Shelf", "type": "number", "choices": []}]
    path = tmp_path / "fields.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    other = open_catalogue(tmp_path / "other.db")
    try:
        assert import_catalogue(other, path).films == 3 and pipelined == ["two passes"]
        film = other.films.document(other.films.find(films[1]["title"]))
        assert film["custom"] == {"Shelf": value}
    finally:
        other.close()
