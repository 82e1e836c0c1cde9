"""kill -9 at random moments of a folder import, a JSON import and a batch print, again and again:
after every kill the catalogue is whole (integrity check, every row's picture on disk, a JSON
import all or nothing), the previous PDF is intact, no process of the killed job lives on, and
running the jobs again finishes them."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.catalog.formats.folder.test_importer import photo
from tests.test_command_line import ROOT

KILLS = {"import-images": 9, "import": 6, "print": 6}  # 21 kills in all
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=ENV)


def kill_at_random(proc: subprocess.Popen[bytes], rng: random.Random, length: float) -> bool:
    """SIGKILL the job at a random moment (with all its processes as they were then); False if it
    ended first. Waits until every process of it is gone (at most 10 s: workers watch their parent)."""
    try:
        proc.wait(timeout=rng.uniform(0.05, 0.95) * length)
        return False
    except subprocess.TimeoutExpired:
        pass
    family = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, f"processes outlived the killed job: {[p.pid for p in alive]}"
    return True


def check_whole(db: Path) -> tuple[int, int]:
    """(films, pictures) of a catalogue that must be whole."""
    with sqlite3.connect(db, timeout=30) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute("SELECT sha256 FROM image WHERE missing = 0").fetchall()
        films = con.execute("SELECT count(*) FROM film").fetchone()[0]
    media = db.with_suffix(".media") / "images"
    assert all((media / sha[:2] / sha).is_file() for (sha,) in rows)
    return films, len(rows)


def fresh(template: Path, db: Path) -> Path:
    """A copy of a closed catalogue (file, pictures and all), for a job that must find work to do."""
    for target in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), db.with_suffix(".media"),
                   db.with_suffix(".backups")):
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    shutil.copy(template, db)
    if template.with_suffix(".media").is_dir():
        shutil.copytree(template.with_suffix(".media"), db.with_suffix(".media"))
    return db


def marquee(*args: str) -> float:
    """Run a command to its end; returns how long it took."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=ENV, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_kill_9_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("MARQUEE_KILL_SEED", "10")))
    for n in range(60):
        photo(tmp_path / "in" / f"still{n:02}.jpg", 9000 + n, size=(2000, 1500))
    shelf = tmp_path / "shelf.json"
    films = [{"title": f"Imported {n}", "year": 1930 + n % 90, "genres": ["Drama", "Noir"],
              "synopsis": "A long night. " * 20, "credits": [{"person": f"Actor {n % 300}", "role": "actor",
                                                               "character": "Someone"}]} for n in range(20000)]
    shelf.write_text(json.dumps({"format": "marquee-catalogue", "version": 1, "films": films}))
    template = tmp_path / "template" / "films.db"
    template.parent.mkdir()
    marquee("--db", str(template), "demo")
    printing = tmp_path / "printing" / "films.db"
    printing.parent.mkdir()
    marquee("--db", str(printing), "demo")
    short = tmp_path / "short.json"
    short.write_text(json.dumps({"format": "marquee-catalogue", "version": 1, "films": films[:150]}))
    marquee("--db", str(printing), "import", str(short))
    pdf = tmp_path / "shelf.pdf"
    marquee("--db", str(printing), "print", "La La Land", "--pdf", str(pdf))
    good_pdf = pdf.read_bytes()
    # How long each job takes uninterrupted: the kills fall anywhere within that.
    scratch = tmp_path / "scratch" / "films.db"
    scratch.parent.mkdir()
    length = {"import-images": marquee("--db", str(fresh(template, scratch)), "import-images", str(tmp_path / "in")),
              "import": marquee("--db", str(fresh(template, scratch)), "import", str(shelf)),
              "print": marquee("--db", str(printing), "print", "--all", "--pdf", str(tmp_path / "scratch" / "x.pdf"))}
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    dbs = {"import-images": fresh(template, tmp_path / "a" / "films.db"),
           "import": fresh(template, tmp_path / "b" / "films.db"), "print": printing}
    kills = {job: 0 for job in KILLS}
    attempts = 0
    while any(kills[job] < want for job, want in KILLS.items()) and attempts < 60:
        attempts += 1
        job = rng.choice([j for j, want in KILLS.items() if kills[j] < want])
        db = dbs[job]
        before_films, _ = check_whole(db)
        if job == "import-images":
            proc = start("--db", str(db), "import-images", str(tmp_path / "in"))
        elif job == "import":
            proc = start("--db", str(db), "import", str(shelf))
        else:
            proc = start("--db", str(db), "print", "--all", "--pdf", str(pdf))
        killed = kill_at_random(proc, rng, length[job])
        kills[job] += killed
        after_films, _ = check_whole(db)
        if job == "import":  # one transaction: all of the file, or none of it
            assert after_films - before_films in (0, len(films))
        if job == "print":  # the previous PDF, or a whole new one
            data = pdf.read_bytes()
            assert data == good_pdf or (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"))
            good_pdf = data
        elif not killed:  # it finished: start again from the template, so that the next run has work
            dbs[job] = fresh(template, db)
    assert kills == KILLS, (kills, attempts)
    # Run again: everything finishes, once.
    images, catalogue = dbs["import-images"], dbs["import"]
    marquee("--db", str(images), "import-images", str(tmp_path / "in"))
    marquee("--db", str(catalogue), "import", str(shelf))
    marquee("--db", str(printing), "print", "--all", "--pdf", str(pdf))
    assert check_whole(catalogue)[0] == 2 + len(films)
    with sqlite3.connect(images) as con:
        assert con.execute("SELECT count(*) FROM image WHERE original_name LIKE 'still__.jpg'").fetchone()[0] == 60
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]  # the killed prints' went too


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are Linux's")
def test_the_workers_of_a_killed_import_exit_at_once(tmp_path: Path) -> None:
    for n in range(40):
        photo(tmp_path / "in" / f"p{n:02}.jpg", 100 + n, size=(2400, 1800))
    proc = start("--db", str(tmp_path / "films.db"), "import-images", str(tmp_path / "in"))
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    family: list[psutil.Process] = []
    while len(family) < 2 and proc.poll() is None and time.monotonic() < deadline:
        family = parent.children(recursive=True)  # the forkserver and its workers, once started
    assert proc.poll() is None and len(family) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(family, timeout=5)
    assert not alive and len(gone) == len(family)
