"""Importing pictures into a catalogue that has many already, against importing the same pictures
into an empty one in the same run (run on demand, not in the suite).

    .venv/bin/python benchmarks/import_beside.py [--beside 1000] [--new 200] [--rounds 3] [--keep DIR]

Makes BESIDE + NEW poster/still-sized crops of the Debian wallpapers' real photos (as
import_images.py does; apt-get install mate-backgrounds sway-backgrounds plasma-workspace-wallpapers),
imports BESIDE of them into Unsorted once, then, round by round, imports the other NEW into a copy
of that catalogue and into an empty one. Each new picture is compared with the pictures in
Unsorted of a close dHash and shape (near-duplicates), whose signatures the import reads from the
store. Prints the wall time and this process's CPU time a picture (the workers' time is the same
either way), and the ratio of the two imports (the limit: 1.0, the empty catalogue's).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bytecode import compile_project
from benchmarks.import_images import crop_plan, forkserver, make_crop, wallpapers
from catalog import open_catalogue
from catalog.formats.folder.importer import import_folder


def crops(folder: Path, count: int) -> list[Path]:
    paths = [folder / f"still{i:03}.jpg" for i in range(count)]  # (as import_images.py names them)
    if not all(p.is_file() for p in paths):
        sources = wallpapers()
        if not sources:
            sys.exit("no wallpapers: apt-get install mate-backgrounds sway-backgrounds plasma-workspace-wallpapers")
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Making {count} crops of {len(sources)} wallpapers…", flush=True)
        plan = crop_plan(sources, count)
        with ProcessPoolExecutor(mp_context=forkserver()) as pool:
            list(pool.map(make_crop, map(str, paths), *zip(*plan, strict=True)))
    return paths


def timed_import(db: Path, folder: Path) -> tuple[float, float]:
    cat = open_catalogue(db)
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        import_folder(cat, folder)
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        cat.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beside", type=int, default=1000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the pictures here (once) and keep them")
    args = parser.parse_args()
    compile_project()  # (the worker processes import the importer's modules)
    with tempfile.TemporaryDirectory(prefix="marquee-beside-") as tmp:
        root = args.keep or Path(tmp)
        paths = crops(root / f"posters-{args.beside + args.new}", args.beside + args.new)
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        for folder, part in ((old, paths[:args.beside]), (new, paths[args.beside:])):
            folder.mkdir()
            for path in part:
                (folder / path.name).hardlink_to(path)
        base = Path(tmp) / "base"
        base.mkdir()
        print(f"Importing {args.beside} pictures into Unsorted…", flush=True)
        timed_import(base / "c.db", old)
        beside: list[tuple[float, float]] = []
        alone: list[tuple[float, float]] = []
        for n in range(args.rounds):
            for results, start in ((beside, base), (alone, None)):
                work = Path(tmp) / f"round{n}-{'beside' if start else 'alone'}"
                if start is not None:
                    shutil.copytree(start, work)
                else:
                    work.mkdir()
                results.append(timed_import(work / "c.db", new))
                shutil.rmtree(work)
    per = 1000 / args.new
    wall_b, cpu_b = (statistics.median(r[i] for r in beside) for i in (0, 1))
    wall_a, cpu_a = (statistics.median(r[i] for r in alone) for i in (0, 1))
    print(f"\n{args.new} pictures, medians of {args.rounds} interleaved rounds:")
    print(f"  into an empty catalogue        : {wall_a:6.2f} s, this process {cpu_a * per:5.2f} ms CPU a picture")
    print(f"  beside {args.beside:5} in Unsorted     : {wall_b:6.2f} s, this process {cpu_b * per:5.2f} ms CPU"
          " a picture")
    print(f"  = {wall_b / wall_a:.2f}x the empty catalogue's time (limit 1.0x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
