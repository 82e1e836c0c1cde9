"""Marquee beside Debian's Tellico on the same generated catalogues, under Xvfb (not in the suite).

    .venv/bin/python benchmarks/vs_tellico.py [FILMS ...] [--runs 3]     (default: 1000 20000)

For each size: a Tellico file of FILMS films is generated (benchmarks/tellico_import.py: cast with
roles, director, writer, genres, a copy's fields, a cover picture each) and imported into a
Marquee catalogue; then, in interleaved runs, each program is launched on it under one Xvfb
screen and timed from launch until its window shows the file's name and the program has been
idle (CPU) for 2 s; its memory is the RSS of its processes then (Tellico's QtWebEngine helpers
included). Medians, and Tellico's figure as a multiple of Marquee's. Needs `apt-get install
tellico xvfb xdotool` (and the Xvfb libraries of tools/bootstrap.sh)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DISPLAY = ":96"
QUIET_SECONDS = 2.0


def _tree(pid: int) -> list:
    """The process and its children (Tellico's QtWebEngine helpers), as far as they still exist."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return []


def _summed(pid: int, measure: Callable[[Any], float]) -> float:
    import psutil

    total = 0.0
    for proc in _tree(pid):
        with contextlib.suppress(psutil.Error):
            total += measure(proc)
    return total


def tree_rss_mb(pid: int) -> float:
    return _summed(pid, lambda proc: proc.memory_info().rss) / 2**20


def tree_cpu(pid: int) -> float:
    return _summed(pid, lambda proc: sum(proc.cpu_times()[:2]))


def time_open(command: list[str], env: dict[str, str], title: str, patience: float = 900) -> tuple[float, float]:
    """(seconds from launch until a window named `title` is up and the program idle, its RSS then)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        shown = False
        while not shown and time.perf_counter() - start < patience and proc.poll() is None:
            time.sleep(0.05)
            found = subprocess.run(["xdotool", "search", "--name", title], env=env, capture_output=True, text=True)
            shown = bool(found.stdout.strip())
        last, quiet_since = 0.0, None
        while shown and time.perf_counter() - start < patience and proc.poll() is None:
            time.sleep(0.1)
            cpu, now = tree_cpu(proc.pid), time.perf_counter()
            if cpu - last > 0.02:
                last, quiet_since = cpu, None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= QUIET_SECONDS:
                return quiet_since - start, tree_rss_mb(proc.pid)
        raise SystemExit(f"{command[0]} did not show {title!r} and settle within {patience:.0f} s")
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from benchmarks.bytecode import compile_project

    compile_project()  # (each step starts main.py processes)
    if not (shutil.which("tellico") and shutil.which("Xvfb") and shutil.which("xdotool")):
        raise SystemExit("needs: apt-get install tellico xvfb xdotool")
    from tellico_import import make_file

    from catalog import open_catalogue
    from catalog.formats import read_file

    work = Path(tempfile.mkdtemp(prefix="marquee-vs-tellico-"))
    home = work / "home"
    home.mkdir(mode=0o700)
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Tellico's entry view is QtWebEngine, whose sandbox refuses to run as root.
    env = {**os.environ, "DISPLAY": DISPLAY, "HOME": str(home), "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu"}
    results = []
    try:
        time.sleep(1.0)
        for films in args.sizes:
            source = work / f"bench{films}.tc"
            started = time.perf_counter()
            make_file(source, films)
            catalogue = work / f"films{films}.db"
            cat = open_catalogue(catalogue)
            read_file(cat, source)
            cat.close()
            print(f"{films:,} films: {source.stat().st_size / 1e6:.0f} MB .tc, imported into {catalogue.name} "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
            marquee = [sys.executable, str(ROOT / "main.py"), "--db", str(catalogue)]
            times: dict[str, list[float]] = {"Marquee": [], "Tellico": []}
            memory: dict[str, list[float]] = {"Marquee": [], "Tellico": []}
            for run in range(args.runs):
                for name, command, title in (("Tellico", ["tellico", str(source)], source.name),
                                             ("Marquee", marquee, catalogue.name)):
                    took, rss = time_open(command, env, title)
                    times[name].append(took)
                    memory[name].append(rss)
                print(f"  run {run + 1}: Tellico {times['Tellico'][-1]:.2f} s {memory['Tellico'][-1]:.0f} MB, "
                      f"Marquee {times['Marquee'][-1]:.2f} s {memory['Marquee'][-1]:.0f} MB", flush=True)
            results.append((films, {k: statistics.median(v) for k, v in times.items()},
                            {k: statistics.median(v) for k, v in memory.items()}))
    finally:
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nopen until the window is up and idle, medians of {args.runs} interleaved runs, Xvfb, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}:")
    for films, took, rss in results:
        print(f"  {films:7,} films: Marquee {took['Marquee']:6.2f} s, Tellico {took['Tellico']:6.2f} s = "
              f"{took['Tellico'] / took['Marquee']:4.1f}x; memory Marquee {rss['Marquee']:.0f} MB, Tellico "
              f"{rss['Tellico']:.0f} MB = {rss['Tellico'] / rss['Marquee']:.1f}x")


if __name__ == "__main__":
    main()
