"""`import --json` of N films shaped like the demo's La La Land, against raw executemany of the same
number of rows measured in the same run; then the first window opened on the imported catalogue.

    .venv/bin/python benchmarks/json_import.py [N] [--runs 3] [--keep DIR]

Each film is the demo's La La Land as the export writes it (12 cast with characters, a director
and writer, 3 genres, a company, a featurette, a review, 4 releases, an article, 4 pictures whose
files are not in the store) with its own title, year and people drawn from a pool of 20,000
names: ~31 rows a film with the search index. Every step runs in a fresh process of its own
(`main.py`), timed from launch to exit with its peak RSS (wait4). Interleaved runs, medians.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("Emma Ryan Damien Amélie José Zoë Björn François Chloé Søren Agnès Paul Mary John Anna Jean "
    "Hélène Luis Inés Marta Pedro Yuki Hiro Mei Olga Ivan Nadia Omar Leila Tom Kate Sam Alex Chris "
    "Pat Lee Kim")
LAST = _words("Chazelle Stone Gosling Tautou Jeunet Almodóvar Núñez Müller Bergman Østergaard Varda Godard "
    "Truffaut Kurosawa Ozu Miyazaki Scorsese Coppola Lynch Kubrick Hitchcock Welles Fellini Leone "
    "Tarkovsky Haneke Herzog Wenders Renoir Melville Rohmer Denis Sciamma Campion Bigelow Gerwig "
    "Coen Nolan Villeneuve")
WORDS = _words("night love city river glass summer iron silent last golden hidden winter crimson paper lost "
    "garden empire shadow harbour echo storm moon star dream heart road king queen island fire water")


def template() -> dict:
    """La La Land as `export --json` writes it (from a demo catalogue made for the purpose)."""
    from catalog import open_catalogue
    from catalog.formats.json_catalogue import export_document
    from catalog.ops.demo import add_demo_catalogue

    with tempfile.TemporaryDirectory() as tmp:
        cat = open_catalogue(Path(tmp) / "demo.db")
        add_demo_catalogue(cat)
        doc = export_document(cat)
        cat.close()
    return next(f for f in doc["films"] if f["title"] == "La La Land")


def write_file(path: Path, n: int) -> int:
    """The export document of n films, written film by film; returns the number of rows it makes."""
    base = template()
    rng = random.Random(14)
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randrange(600)}" for _ in range(30000)})[:20000]
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "marquee-catalogue", "version": 2, "custom_fields": [], "films": [\n')
        for i in range(n):
            film = json.loads(json.dumps(base))
            film["title"] = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3))) + f" {i}"
            film["year"] = rng.randint(1920, 2025)
            director = rng.choice(people)
            for credit in film["credits"]:
                credit["person"] = director if credit["role"] in ("director", "writer") else rng.choice(people)
            for k, image in enumerate(film["images"]):
                image["sha256"] = hashlib.sha256(f"{i}/{k}".encode()).hexdigest()
                image["phash"] = rng.getrandbits(63)
            film["poster"] = film["images"][0]["sha256"]
            rows += 1 + len(film["genres"]) + len(film["companies"]) + len(film["credits"]) + len(film["images"]) + sum(
                len(film[k]) for k in ("videos", "reviews", "releases", "articles", "awards", "copies",
                                       "alternative_titles", "external_ids")) + 2  # + the two search rows
            out.write(("," if i else "") + json.dumps(film, ensure_ascii=False) + "\n")
        out.write('], "inbox": [], "people": []}\n')
    return rows


def raw_rows_per_second(folder: Path, rows: int) -> float:
    """Raw executemany into the credit table of a fresh catalogue, in one transaction (the issue's
    reference: what SQLite alone takes to write that many rows here)."""
    from catalog import open_catalogue

    path = folder / "raw.db"
    open_catalogue(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = OFF")
    data = ((i // 30 + 1, i % 20000 + 1, "actor", f"Role {i % 977}", i % 30) for i in range(rows))
    started = time.perf_counter()
    with con:
        con.executemany("INSERT INTO credit (film_id, person_id, role, character, position) VALUES (?,?,?,?,?)", data)
    took = time.perf_counter() - started
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(folder / "raw.media", ignore_errors=True)
    shutil.rmtree(folder / "raw.backups", ignore_errors=True)
    return rows / took


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds from launch to exit, peak RSS in MB (the process's own high-water mark, read from
    /proc while it runs), stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as status_file:
                for line in status_file:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(0.05)
    took = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"main.py {' '.join(args)} failed ({proc.returncode}): {err.strip()[-500:]}")
    return took, peak, err


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and leave the files there")
    args = parser.parse_args()
    from benchmarks.bytecode import compile_project

    compile_project()  # (each step starts main.py processes)
    work = args.keep or Path(tempfile.mkdtemp(prefix="marquee-json-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"films{args.n}.json"
    if not source.exists():
        started = time.perf_counter()
        rows = write_file(source, args.n)
        (work / f"films{args.n}.rows").write_text(str(rows))
        print(f"wrote {args.n:,} films ({source.stat().st_size / 1e6:.0f} MB, {rows:,} rows) in "
              f"{time.perf_counter() - started:.0f} s")
    rows = int((work / f"films{args.n}.rows").read_text())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    figures: dict[str, list[float]] = {k: [] for k in ("raw", "import", "import_mb", "window", "window_mb")}
    for number in range(1, args.runs + 1):
        raw = raw_rows_per_second(work, rows)
        target = work / f"run{number}.db"
        for p in work.glob(f"run{number}.*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        took, peak, _ = run(["--db", str(target), "import", str(source)], env)
        shot_took, shot_peak, _ = run(["--db", str(target), "--screenshot", str(work / "shot.png")], env)
        for key, value in (("raw", rows / raw), ("import", took), ("import_mb", peak), ("window", shot_took),
                           ("window_mb", shot_peak)):
            figures[key].append(value)
        print(f"run {number}: import {took:.1f} s ({rows / took:,.0f} rows/s; raw executemany of as many rows "
              f"{rows / raw:.1f} s = {raw:,.0f} rows/s), peak {peak:.0f} MB; first window {shot_took:.2f} s, "
              f"peak {shot_peak:.0f} MB", flush=True)
        if not args.keep:
            for p in work.glob(f"run{number}.*"):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    med = {k: statistics.median(v) for k, v in figures.items()}
    print(f"\n{args.n:,} films, {rows:,} rows, medians of {args.runs} interleaved runs:")
    print(f"  import --json         {med['import']:6.1f} s  = {med['import'] / med['raw']:.2f}x raw executemany of "
          f"the same rows ({med['raw']:.1f} s); target < 45 s")
    print(f"  peak RSS of the import {med['import_mb']:5.0f} MB  (target <= 300 MB)")
    print(f"  first window after it {med['window']:6.2f} s, peak RSS {med['window_mb']:.0f} MB  (target < 300 MB)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
