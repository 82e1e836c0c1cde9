"""Print N detail sheets into one PDF and report sheets per second and memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/print_sheets.py [N ...] [--template sheet]

Each N runs in its own process so its peak RSS is its own. Film documents are realistic in size
(20 cast, 3 videos with QR codes, 6 reviews, 4 releases, 2 articles, 3 stills) and share one
1000×1500 poster, as a catalogue of one collector's films does not but a worst-case PDF writer does.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def film_documents(n: int, tmp: Path) -> list[dict]:
    from tests.catalog.render.documents import demo_film

    base = demo_film(tmp)
    base["credits"] += [
        {"person": f"Supporting Player {i}", "role": "actor", "character": f"Part {i}", "position": 20 + i}
        for i in range(9)
    ]
    base["videos"] += [dict(base["videos"][0], kind="trailer", title=f"Trailer {i}") for i in (1, 2)]
    base["reviews"] += [
        dict(base["reviews"][0], author=f"Critic {i}", outlet="The Review", rating_text="4/5")
        for i in range(5)
    ]
    base["articles"] *= 2
    docs = []
    for i in range(n):
        doc = dict(base, id=i + 1, title=f"{base['title']} {i + 1}")
        doc["videos"] = [dict(v, url=f"{v['url']}?film={i + 1}&n={k}") for k, v in enumerate(base["videos"])]
        docs.append(doc)
    return docs


def run_one(n: int, template: str) -> None:
    import psutil

    from ui.printing.printing import ensure_gui_app, print_to_pdf

    ensure_gui_app()
    proc = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        docs = film_documents(n, tmp / "images")
        rss_start = proc.memory_info().rss
        samples: list[int] = []

        def progress(done: int, total: int) -> None:
            if done in (min(10, total), total):
                samples.append(proc.memory_info().rss)

        started = time.perf_counter()
        pages = print_to_pdf(docs, tmp / "out.pdf", template, progress=progress)
        seconds = time.perf_counter() - started
        size = (tmp / "out.pdf").stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"N={n:5d}  {template:5s}  pages={pages:5d}  {seconds:7.2f} s  {n / seconds:6.1f} sheets/s  "
        f"pdf={size / 1e6:6.1f} MB  rss start={rss_start / 2**20:5.0f} MB  "
        f"after 10={samples[0] / 2**20:5.0f} MB  "
        f"end={samples[-1] / 2**20:5.0f} MB  peak={peak:5.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[10, 100, 1000])
    parser.add_argument("--template", default="sheet")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.counts[0], args.template)
        return
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for n in args.counts:
        subprocess.run(
            [sys.executable, __file__, "--one", "--template", args.template, str(n)], env=env, check=True
        )


if __name__ == "__main__":
    main()
