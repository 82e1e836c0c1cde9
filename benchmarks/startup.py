"""Start-up: process start to the painted window, Marquee beside a bare PySide6 window with the same
panes (a table, a text pane, a list), measured the same way in the same run (not in the suite).

    .venv/bin/python benchmarks/startup.py [CATALOGUE.db ...] [--runs 9]

Each run starts a fresh process per case, in turn (interleaved, so a busy moment on the shared
machine hurts all alike): the bare window, Marquee on the 2-film demo, and Marquee on each
catalogue named (e.g. /tmp/films100k.db from make_catalogue.py). Both kinds of process are
started by this script in the same way and save a picture of their window once it has painted
(`main.py --screenshot`: the list, the detail page, the gallery's thumbnails); the time is taken
from just before the process is started to the moment the picture is saved (as BMP: encoding a PNG
of the busier window took 27 ms, of the bare one 5). Medians, and each
median as a ratio of the bare window's. Peak RSS of each process too (wait4).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (the benchmark's own modules are imported in main(): the bare window does not pay for them)


def bare_window(shot: str) -> None:
    """The floor: a QMainWindow with a table (2 films), a text pane and an icon list, painted and
    saved as Marquee's --screenshot does."""
    from PySide6.QtCore import QStringListModel, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QListView, QMainWindow, QSplitter, QTableView, QTextBrowser

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    splitter = QSplitter()
    table = QTableView()
    model = QStandardItemModel(0, 6)
    for row in (["La La Land", "2016", "Damien Chazelle", "2 h 8 min", "★ 8.0", "1"],
                ["Whiplash", "2014", "Damien Chazelle", "1 h 47 min", "", ""]):
        model.appendRow([QStandardItem(v) for v in row])
    table.setModel(model)
    text = QTextBrowser()
    text.setHtml("<h1>La La Land</h1><p>2016 · 2 h 8 min · Damien Chazelle</p><p>A modern-day story made as an "
                 "old-fashioned Hollywood musical.</p>")
    pictures = QListView()
    pictures.setViewMode(QListView.ViewMode.IconMode)
    pictures.setModel(QStringListModel(["poster", "still"]))
    for pane in (table, text, pictures):
        splitter.addWidget(pane)
    window.setCentralWidget(splitter)
    window.resize(1280, 800)
    window.show()

    def grab() -> None:
        app.processEvents()
        window.grab().save(shot)
        app.exit(0)

    QTimer.singleShot(0, grab)
    app.exec()


def measure(command: list[str], shot: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from just before the start to the saved picture, peak RSS in MB)."""
    import subprocess

    shot.unlink(missing_ok=True)
    started = time.time()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0 or not shot.exists():
        raise SystemExit(f"{' '.join(command)} failed: {err.strip()[-400:]}")
    return shot.stat().st_mtime - started, usage.ru_maxrss / 1024


def main() -> None:
    if sys.argv[1:2] == ["--bare"]:
        bare_window(sys.argv[2])
        return
    import argparse
    import statistics
    import subprocess
    import tempfile

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("catalogues", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    sys.path.insert(0, str(ROOT))
    from benchmarks.bytecode import compile_project

    compile_project()
    with tempfile.TemporaryDirectory(prefix="marquee-startup-") as tmp:
        work = Path(tmp)
        demo = work / "demo.db"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(demo), "demo"], env=env, check=True,
                       capture_output=True)
        shot = work / "shot.bmp"  # uncompressed: the time is the window's, not a PNG encoder's
        cases: dict[str, list[str]] = {"bare PySide6 window": [sys.executable, __file__, "--bare", str(shot)],
                                       "Marquee, 2 films": [sys.executable, str(ROOT / "main.py"), "--db", str(demo),
                                                            "--screenshot", str(shot)]}
        for path in args.catalogues:
            cases[f"Marquee, {path.name}"] = [sys.executable, str(ROOT / "main.py"), "--db", str(path),
                                             "--screenshot", str(shot)]
        env["XDG_CONFIG_HOME"] = str(work)  # no saved window state of the user's
        for command in cases.values():  # once each, unmeasured: files in the page cache for all
            measure(command, shot, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        peaks: dict[str, list[float]] = {name: [] for name in cases}
        for run in range(args.runs):
            for name, command in cases.items():
                took, peak = measure(command, shot, env)
                times[name].append(took)
                peaks[name].append(peak)
            print(f"run {run + 1}: " + ", ".join(f"{n} {t[-1]:.3f} s" for n, t in times.items()), flush=True)
    bare = statistics.median(times["bare PySide6 window"])
    load = os.getloadavg()[0]
    print(f"\nprocess start to the saved picture of the painted window, medians of {args.runs} interleaved runs "
          f"({os.cpu_count()} CPUs, load {load:.1f}):")
    for name in cases:
        took = statistics.median(times[name])
        print(f"  {name:28} {took:6.3f} s  = {took / bare:4.2f}x the bare window  (peak RSS "
              f"{statistics.median(peaks[name]):.0f} MB){'   target <= 1.5x' if name != 'bare PySide6 window' else ''}")


if __name__ == "__main__":
    main()
