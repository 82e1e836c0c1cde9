"""Two processes on one catalogue, as a collector meets them: a window or a terminal reading while
an import writes, two imports at once, two programs editing. Nothing is lost, nobody sees
"database is locked"."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.catalog.formats.folder.test_importer import photo
from tests.test_command_line import ROOT

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def marquee(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)


def finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "locked" not in err and "Traceback" not in err
    return out, err


def test_reading_commands_during_an_import_never_touch_its_pictures(tmp_path: Path) -> None:
    """The case of issue 10: `list` run again and again while an import writes 120 pictures. On a
    fast machine an import can end before two readers ran beside it: then another 120 come in."""
    db = tmp_path / "films.db"
    finish(marquee("--db", str(db), "demo"))
    with sqlite3.connect(db) as con:
        demo_pictures = con.execute("SELECT count(*) FROM image").fetchone()[0]
    most = batches = 0  # the most readers that ran beside one import
    while most < 2 and batches < 5:
        folder = tmp_path / f"in{batches}"
        for n in range(120):
            photo(folder / f"still{n:03}.jpg", 3000 + 120 * batches + n, size=(900, 600))
        importer = marquee("--db", str(db), "import-images", str(folder))
        readers = 0
        while importer.poll() is None and readers < 12:
            finish(marquee("--db", str(db), "list"))
            finish(marquee("--db", str(db), "demo"))  # a writer too: it sweeps when it ends, and must not now
            readers += 1
        out, _ = finish(importer)
        assert out.startswith("120 image(s) imported")
        most, batches = max(most, readers), batches + 1
    assert most >= 2, "five imports each ended before two readers ran beside it"
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT sha256, missing FROM image").fetchall()
    media = db.with_suffix(".media") / "images"
    assert len(rows) == 120 * batches + demo_pictures and not [sha for sha, missing in rows if missing]
    assert all((media / sha[:2] / sha).is_file() for sha, _ in rows)


def test_a_folder_import_and_a_json_import_at_once(tmp_path: Path) -> None:
    for n in range(60):
        photo(tmp_path / "in" / f"p{n:02}.jpg", 5000 + n, size=(900, 600))
    shelf = tmp_path / "shelf.json"
    films = [{"title": f"Film {n}", "year": 1950 + n % 70, "genres": ["Drama"],
              "credits": [{"person": f"Person {n % 40}", "role": "actor"}]} for n in range(1500)]
    shelf.write_text(json.dumps({"format": "marquee-catalogue", "version": 1, "films": films}))
    db = tmp_path / "films.db"
    finish(marquee("--db", str(db), "demo"))
    for _ in range(2):
        folder = marquee("--db", str(db), "import-images", str(tmp_path / "in"))
        catalogue = marquee("--db", str(db), "import", str(shelf))
        finish(folder), finish(catalogue)
    listed = json.loads(finish(marquee("--db", str(db), "list", "--json"))[0])
    assert len(listed) == 1502
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM image WHERE missing = 1").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM image WHERE original_name LIKE 'p__.jpg'").fetchone()[0] == 60
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


EDITS = """
import sys
from catalog import open_catalogue
cat = open_catalogue(sys.argv[1])
name = sys.argv[2]
ids = [cat.films.create({"title": f"{name} {n}"}).id for n in range(20)]
for n in range(int(sys.argv[3])):
    fid = ids[n % len(ids)]
    cat.films.update(fid, {"notes": f"{name} edit {n}", "rating": (n % 20) / 2})
    if n % 10 == 0:
        cat.records.add("review", fid, {"author": name, "excerpt": f"take {n}"})
cat.close()
print("done")
"""


def test_two_programs_editing_one_catalogue_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "films.db"
    finish(marquee("--db", str(db), "demo"))
    procs = [subprocess.Popen([sys.executable, "-c", EDITS, str(db), name, "400"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("left", "right")]
    for proc in procs:
        out, _ = finish(proc)
        assert out == "done\n"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM film").fetchone()[0] == 42
        assert con.execute("SELECT count(*) FROM review WHERE author IN ('left', 'right')").fetchone()[0] == 80
        last = [int(notes.rsplit(" ", 1)[1]) for (notes,) in con.execute(
            "SELECT notes FROM film WHERE notes LIKE 'left edit %' OR notes LIKE 'right edit %'")]
    assert len(last) == 40 and all(n >= 380 for n in last)  # every film's last edit is there
