"""A shared catalogue on PostgreSQL beside the same catalogue in an SQLite file (not part of the suite).

    .venv/bin/python benchmarks/shared.py 100000 [--url postgresql://USER@HOST/DB] [--db FILE]

Builds N films with make_catalogue.py (or takes the catalogue --db names, built by it before:
it is read, never changed), copies them to a server (a temporary one started like the
tests' when --url is not given), then measures on both: opening, search (20 typical queries, p50
and p95 of `film_ids`), one edit until another client sees it (SQLite: the window's data_version
poll; PostgreSQL: the NOTIFY event), and a bulk import (a JSON export of 2,000 films, films/s: in
all, with the backup made before it, and the writing alone).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog import formats, open_catalogue  # noqa: E402
from catalog.ops.sharing import copy_catalogue  # noqa: E402

QUERIES = ["love", "the", "man", "chaz", "director:smith", "night city", "-war love", '"the last"',
           "year:1990..1999 dark", "cast:anna", "genre:drama", "has:review", "rating:>=8", "a", "stone",
           "garcia", "blue", "re", "dream", "x"]


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def measure(location: str | Path, label: str, import_file: Path) -> dict[str, float]:
    t = time.perf_counter()
    cat = open_catalogue(location)
    cat.films.count()
    opened = time.perf_counter() - t
    times = []
    for query in QUERIES * 2:
        t = time.perf_counter()
        cat.films.ids(query)
        times.append((time.perf_counter() - t) * 1000)
    other = open_catalogue(location)
    other.changes_elsewhere()
    film = cat.films.ids()[len(cat.films.ids()) // 2]
    seen = []
    for n in range(5):
        t = time.perf_counter()
        cat.films.update(film, {"rating": 5 + n})
        while other.changes_elsewhere() is None:
            time.sleep(0.001)
        seen.append((time.perf_counter() - t) * 1000)
    other.close()
    # The import backs the catalogue up first (a server's backup is an SQLite snapshot of all its
    # rows, so it grows with the catalogue): timed on its own here, and the import then finds the
    # newest backup current and writes at once.
    t = time.perf_counter()
    cat.backups.before("import")
    backed_up = time.perf_counter() - t
    t = time.perf_counter()
    result = formats.read_file(cat, import_file, "json", on_duplicate="keep")
    written = time.perf_counter() - t
    cat.close()
    figures = {"open_s": opened, "search_p50_ms": p(times, 0.5), "search_p95_ms": p(times, 0.95),
               "edit_seen_ms": statistics.median(seen), "import_films_per_s": result.films / (backed_up + written),
               "import_backup_s": backed_up, "import_write_films_per_s": result.films / written}
    print(label, json.dumps({k: round(v, 3) for k, v in figures.items()}), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("films", type=int)
    parser.add_argument("--url", help="an empty database on a server (default: start one)")
    parser.add_argument("--db", type=Path, help="a catalogue make_catalogue.py built (default: build one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="marquee-shared-bench-"))
    db = work / "films.db"
    if args.db is not None:
        shutil.copyfile(args.db, db)  # the measurements edit and import: into a copy
    else:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_catalogue.py"), str(args.films), "--out",
                        str(db)], check=True)
    server = None
    url = args.url
    if url is None:
        from tests.pg_server import PgServer

        server = PgServer.find()
        assert server is not None, "PostgreSQL is not installed"
        server.start()
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as con:
            con.execute("CREATE DATABASE bench")
        url = server.url("bench")
    try:
        small = work / "small.db"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_catalogue.py"), "2000", "--out", str(small)],
                       check=True, capture_output=True)
        export = work / "import.json"
        cat = open_catalogue(small)
        writer = formats.for_output(export, "json").write
        assert writer is not None
        writer(cat, export, None, None)
        cat.close()
        t = time.perf_counter()
        report = copy_catalogue(db, url)
        copied = time.perf_counter() - t
        rows = sum(a for a, _ in report.counts.values())
        print(f"copy to the server: {copied:.1f} s, {rows:,} rows = {rows / copied:,.0f} rows/s; ok={report.ok}",
              flush=True)
        measure(db, "sqlite", export)
        measure(url, "postgresql", export)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
