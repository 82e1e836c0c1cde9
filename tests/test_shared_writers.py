"""Four processes on one shared catalogue at once: three members editing the same films (each edit
made against the version it read, as the window does) and one importing a JSON file. Nothing is
lost — every edit that was accepted is in the final text, the import is whole — and every edit
made against a version someone else had moved on from was refused as a conflict, never written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from catalog import open_catalogue

ROOT = Path(__file__).resolve().parents[1]
FILMS, EDITS, IMPORTED = 4, 25, 150

EDITOR = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[1])
from catalog import ConflictError, open_catalogue
url, tag, films, edits = sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), int(sys.argv[5])
cat = open_catalogue(url)
rng = random.Random(tag)
accepted, conflicts = [], 0
for n in range(edits):
    film = rng.choice(films)
    while True:
        version = cat.films.version(film)[0]
        notes = cat.films.document(film)["notes"] or ""
        time.sleep(rng.random() * 0.004)  # a person typing: others may save meanwhile
        mark = f"{tag}{n};"
        try:
            cat.films.update(film, {"notes": notes + mark}, expected_version=version)
        except ConflictError as exc:
            assert exc.changed_by and exc.theirs["notes"] is not None
            conflicts += 1
            continue
        accepted.append([film, mark])
        break
cat.close()
print(json.dumps({"accepted": accepted, "conflicts": conflicts}))
"""

IMPORTER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from catalog import formats, open_catalogue
cat = open_catalogue(sys.argv[2])
result = formats.read_file(cat, __import__("pathlib").Path(sys.argv[3]), "json", on_duplicate="keep")
cat.close()
print(result.summary())
"""


def test_four_members_editing_and_importing_lose_nothing_and_every_conflict_is_reported(
        pg_url: str, tmp_path: Path) -> None:
    cat = open_catalogue(pg_url)
    films = [cat.films.create({"title": f"Shared {i}"}).id for i in range(FILMS)]
    cat.close()
    export = {"format": "marquee-catalogue", "version": 2, "films": [{"title": f"Imported {i}", "year": 1900 + i % 100,
                                        "credits": [{"person": f"Person {i % 37}", "role": "actor"}],
                                        "genres": ["Drama"]} for i in range(IMPORTED)]}
    source = tmp_path / "import.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    editors = [subprocess.Popen([sys.executable, "-c", EDITOR, str(ROOT), pg_url, tag, json.dumps(films), str(EDITS)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in "ABC"]
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(ROOT), pg_url, str(source)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = []
    for process in editors:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    out, err = importer.communicate(timeout=240)
    assert importer.returncode == 0, err
    cat = open_catalogue(pg_url)
    try:
        notes = {film: cat.films.document(film)["notes"] or "" for film in films}
        accepted = [(film, mark) for r in results for film, mark in r["accepted"]]
        assert len(accepted) == 3 * EDITS
        for film, mark in accepted:  # every accepted edit survived every later one
            assert notes[film].count(mark) == 1, (film, mark)
        assert sum(len(n.split(";")) - 1 for n in notes.values()) == len(accepted)  # and nothing else was written
        conflicts = sum(r["conflicts"] for r in results)
        # Each film's version moved once per accepted edit (and once at creation).
        for film in films:
            assert cat.films.version(film)[0] == 2 + sum(1 for f, _ in accepted if f == film)
        assert cat.films.count() == FILMS + IMPORTED
        assert len(cat.films.ids("imported")) == IMPORTED
        assert cat.store.scalar("SELECT count(*) FROM credit") == IMPORTED
        print(f"{len(accepted)} edits accepted, {conflicts} refused as conflicts and retried")
    finally:
        cat.close()
