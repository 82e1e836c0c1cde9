"""First paint of the main window over a large catalogue (not part of the test suite).

    .venv/bin/python benchmarks/first_paint.py [catalogue.db] [--films 100000] [--runs 3]

Builds the catalogue when the file does not exist (raw executemany into the film table only: the
list's columns, no credits, no search index), then starts a fresh Python process per run and
measures process start -> first paint event of the film list's viewport, and the process's RSS
with the list open. Offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words("night love last day man city house war time world dark light red blue story life king road "
         "river summer winter moon star blood heart dream home lost secret island garden little big")
NAMES = _words("Varda Godard Ozu Kurosawa Welles Hitchcock Lynch Kubrick Fellini Tarkovsky Haneke Herzog Wenders "
         "Campion Bigelow Gerwig Sciamma Denis Rohmer Renoir Melville Scorsese Coppola Nolan")


def build(path: Path, films: int) -> None:
    """`films` films with the list's columns filled, ~110k rows/s with raw executemany."""
    from catalog import open_catalogue
    from catalog.model.text import sort_key, title_key

    cat = open_catalogue(path)
    cat.close()
    rng = random.Random(7)
    stamp = "2026-01-01T00:00:00+00:00"
    rows = []
    for i in range(films):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize() + f" {i}"
        director = f"{rng.choice('ABCDEFGHJKLMNPRS')}. {rng.choice(NAMES)}"
        rows.append((title, sort_key(title), title_key(title), rng.randint(1910, 2025), director,
                     sort_key(director), rng.randint(70, 210), rng.choice((None, *[x / 2 for x in range(6, 21)])),
                     rng.randint(0, 4), stamp, stamp))
    import sqlite3

    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO film (title, sort_key, title_key, year, directors, directors_key, runtime_min, rating, "
            "video_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()
    cat = open_catalogue(path)
    with cat.store.transaction():
        cat.store.search.rebuild()  # so that the measured search is a real one
    cat.close()


def child(path: Path, started: float) -> None:
    """Runs in the measured process: show the window, note the first paint, report, quit."""
    import psutil
    from PySide6.QtCore import QEvent, QObject, QTimer

    from catalog import open_catalogue
    from ui.app import create_app
    from ui.context import AppContext
    from ui.window.main_window import MainWindow

    app = create_app()
    cat = open_catalogue(path)
    window = MainWindow(AppContext(cat))
    figures: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "first_paint_s" not in figures:
                figures["first_paint_s"] = time.time() - started
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        app.processEvents()
        figures["rss_mb"] = psutil.Process().memory_info().rss / 2**20
        model = window.list_pane.model
        t = time.perf_counter()
        model.sort(1)  # by year, in SQLite
        figures["sort_year_s"] = time.perf_counter() - t
        t = time.perf_counter()
        model.set_query("moon")
        figures["search_s"] = time.perf_counter() - t
        figures["rows"] = model.rowCount()
        print(json.dumps(figures), flush=True)
        window.close()
        app.quit()

    paint_filter = FirstPaint()
    window.list_pane.view.viewport().installEventFilter(paint_filter)
    window.show()
    app.exec()
    cat.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("catalogue", nargs="?", type=Path)
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from benchmarks.bytecode import compile_project

    compile_project()  # (each step starts main.py processes)
    if args.child is not None:
        child(args.catalogue, args.child)
        return
    path = args.catalogue or Path(tempfile.gettempdir()) / f"marquee-bench-{args.films}.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.films)
        print(f"built {args.films:,} films in {time.perf_counter() - t:.1f} s: {path}")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as settings_home:
        env["XDG_CONFIG_HOME"] = settings_home  # the user's saved window state stays out of it
        for run in range(1, args.runs + 1):
            started = time.time()
            out = subprocess.run([sys.executable, __file__, str(path), "--child", repr(started)], env=env,
                                 capture_output=True, text=True, check=True).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            print(f"run {run}: first paint {figures['first_paint_s']:.3f} s after process start, "
                  f"RSS {figures['rss_mb']:.0f} MB with the list open; sort by year "
                  f"{figures['sort_year_s'] * 1000:.0f} ms; search 'moon' {figures['search_s'] * 1000:.0f} ms "
                  f"({figures['rows']:,} films)")


if __name__ == "__main__":
    main()
