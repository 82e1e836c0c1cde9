"""Two processes writing one catalogue at once: how many of their writes fail, and how long a write
waits for the other process.

    .venv/bin/python benchmarks/concurrent_writers.py [--edits 800] [--rounds 4]

Each round starts two processes on a fresh catalogue (the demo); each makes 20 films, then
`--edits` edits (a field, and every tenth a review) as fast as it can. Then a folder import of 60
pictures and a JSON import of 1,500 films run at once. Prints failures (any exception, e.g.
"database is locked"), edits per second per process and the slowest single edit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EDITS = """
import sys, time
from catalog import open_catalogue
cat = open_catalogue(sys.argv[1])
name, count = sys.argv[2], int(sys.argv[3])
ids = [cat.films.create({"title": f"{name} {n}"}).id for n in range(20)]
failed, slowest, started = 0, 0.0, time.perf_counter()
for n in range(count):
    t = time.perf_counter()
    try:
        cat.films.update(ids[n % 20], {"notes": f"{name} {n}"})
        if n % 10 == 0:
            cat.records.add("review", ids[n % 20], {"author": name})
    except Exception as exc:
        failed += 1
    slowest = max(slowest, time.perf_counter() - t)
print(failed, count / (time.perf_counter() - started), slowest)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    failures, rates, slowest = 0, [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            db = Path(tmp) / f"edits{r}.db"
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "demo"], env=env, check=True,
                           capture_output=True)
            procs = [subprocess.Popen([sys.executable, "-c", EDITS, str(db), who, str(args.edits)], cwd=ROOT,
                                      stdout=subprocess.PIPE, text=True) for who in ("left", "right")]
            for proc in procs:
                out, _ = proc.communicate()
                failed, rate, slow = out.split()
                failures += int(failed)
                rates.append(float(rate))
                slowest = max(slowest, float(slow))
        print(f"edits: {args.rounds} rounds x 2 processes x {args.edits} edits: {failures} failed; "
              f"{min(rates):.0f}-{max(rates):.0f} edits/s per process; slowest edit {slowest * 1000:.0f} ms")

        from tests.catalog.formats.folder.test_importer import photo

        for n in range(60):
            photo(Path(tmp) / "in" / f"p{n:02}.jpg", 5000 + n, size=(1200, 900))
        films = [{"title": f"Film {n}", "credits": [{"person": f"P {n % 50}", "role": "actor"}]} for n in range(1500)]
        (Path(tmp) / "shelf.json").write_text(json.dumps({"format": "marquee-catalogue", "version": 1,
                                                          "films": films}))
        failed = 0
        started = time.perf_counter()
        for r in range(args.rounds):
            db = Path(tmp) / f"imports{r}.db"
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "demo"], env=env, check=True,
                           capture_output=True)
            procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db), *job], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                     for job in (["import-images", str(Path(tmp) / "in")], ["import", str(Path(tmp) / "shelf.json")])]
            for proc in procs:
                _, err = proc.communicate()
                failed += proc.returncode != 0
                if proc.returncode:
                    print("  failed:", err.strip().splitlines()[-1])
        print(f"a folder import beside a JSON import: {args.rounds} rounds, {failed} of {2 * args.rounds} failed "
              f"({(time.perf_counter() - started) / args.rounds:.1f} s a round)")


if __name__ == "__main__":
    main()
