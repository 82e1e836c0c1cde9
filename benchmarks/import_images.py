"""How fast `catalog.importer` imports pictures, at two sizes, beside what Pillow alone can do here.

    python benchmarks/import_images.py [N] [--posters M] [--size 4000x3000] [--workers K] [--rounds R]
                                       [--only photos|posters] [--keep DIR]

Makes N photo-like JPEGs (12 MP by default) and M poster/still-sized JPEGs (~1-2 MP crops, at
several scales, of the real photos of Debian's wallpaper packages: apt-get install mate-backgrounds
sway-backgrounds plasma-workspace-wallpapers), then measures each set, in the same run and on all
cores (a fresh process pool each, its start-up included), interleaved round by round:
  - Pillow's draft-mode decode (libjpeg DCT scaling to thumbnail size): the issue's reference limit;
  - Pillow's full-size decode (every pixel at full scale), for comparison;
  - the import itself into an empty catalogue: every byte of image data decoded (JPEGs with DCT
    scaling, which reads and Huffman-decodes all of the data, so corrupt or truncated files fail just
    as at full scale), hash, phash, thumbnail, durable copy into the store, commit.
It prints each import as a ratio of the same run's draft-decode rate against the target (0.8):
best of the rounds, and the median of the rounds' own ratios; and the CPU time a picture took in
the draft decode and in the import (medians of the rounds), the worker processes' user and system
time apart from this process's: far steadier than the rates on a shared machine, and the system
time is where the store's file writes show.
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.forkserver
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bytecode import compile_project
from catalog import open_catalogue
from catalog.formats.folder import importer
from catalog.formats.folder.importer import import_folder

# The modules the importer's worker processes need (named by the importer since it preloads them).
WORKER_MODULES = getattr(importer, "WORKER_MODULES", ("__main__", "catalog.formats.folder.importer"))

TARGET = 0.8
# Shapes of posters and stills: (width, height) ratios; each crop is 1-2 MP.
SHAPES = ((2, 3), (27, 40), (16, 9), (3, 2), (1.85, 1), (2.39, 1), (4, 3))


def make_photo(path: str, seed: int, width: int, height: int) -> int:
    """A seeded photo-like JPEG: smooth colour fields, some texture, quality 90 (~3-5 MB at 12 MP)."""
    rng = random.Random(seed)
    grid = Image.new("RGB", (16, 12))
    grid.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(16 * 12)])
    img = grid.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((width // 4, height // 4), 40).resize((width, height)).filter(ImageFilter.BLUR)
    img = Image.blend(img, Image.merge("RGB", [noise] * 3), 0.25)
    img.save(path, "JPEG", quality=90)
    return os.path.getsize(path)


def wallpapers() -> list[Path]:
    """The largest file of each picture of the wallpaper packages (one picture, several resolutions)."""
    from tests.catalog.imaging.near_duplicate_set import photos

    groups = photos()

    def pixels(path: Path) -> int:
        with Image.open(path) as img:
            return img.width * img.height

    return [max(files, key=pixels) for _, files in sorted(groups.items())]


def crop_plan(sources: list[Path], count: int, seed: int = 14) -> list[tuple[str, float, tuple[int, int, int, int]]]:
    """`count` crops (source, scale, box) of 1-2 MP spread over the sources by their area: each
    source scaled down (a random factor, one per crop) and cut where earlier crops of it were not."""
    rng = random.Random(seed)
    sizes = {}
    for path in sources:
        with Image.open(path) as img:
            sizes[path] = img.size
    area = {p: w * h for p, (w, h) in sizes.items()}
    total = sum(area.values())
    shares = {p: count * a / total for p, a in area.items()}
    per = {p: max(1, int(s)) for p, s in shares.items()}
    by_remainder = sorted(sources, key=lambda p: shares[p] - int(shares[p]), reverse=True)
    i = 0
    while sum(per.values()) < count:
        per[by_remainder[i % len(by_remainder)]] += 1
        i += 1
    while sum(per.values()) > count:
        biggest = max(per, key=lambda p: per[p])
        per[biggest] -= 1
    plan = []
    for path in sources:
        width, height = sizes[path]
        for k in range(per[path]):
            sw, sh = rng.choice(SHAPES)
            megapixels = rng.uniform(1.0, 2.0) * 1e6
            cw = int((megapixels * sw / sh) ** 0.5)
            ch = int(cw * sh / sw)
            if cw > width or ch > height:  # a small source: the biggest crop of that shape it holds
                fit = min(width / cw, height / ch)
                cw, ch, scale = int(cw * fit), int(ch * fit), 1.0
            else:
                scale = rng.uniform(max(cw / width, ch / height, 0.35), 1.0)
            w, h = int(width * scale), int(height * scale)
            cw, ch = min(cw, w), min(ch, h)
            # The k-th crop of a source from the k-th part of it (across), so crops share little.
            x = int((w - cw) * (k + 0.5) / per[path]) if per[path] > 1 else rng.randrange(w - cw + 1)
            y = rng.randrange(h - ch + 1)
            plan.append((str(path), scale, (x, y, x + cw, y + ch)))
    return plan


def make_crop(target: str, source: str, scale: float, box: tuple[int, int, int, int]) -> int:
    with Image.open(source) as img:
        img = img.convert("RGB")
        if scale < 1:
            img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.LANCZOS)
        img.crop(box).save(target, "JPEG", quality=90)
    return os.path.getsize(target)


def draft_decode(path: str) -> int:
    with Image.open(path) as img:
        img.draft("RGB", (256, 256))
        img.load()
        return img.width


def full_decode(path: str) -> int:
    with Image.open(path) as img:
        img.load()
        return img.width


def forkserver() -> multiprocessing.context.BaseContext:
    """The one server every pool here forks its workers from, the importer's and the reference's
    alike: started with what the importer names (its own modules) and Pillow's JPEG decoder, so no
    worker of either spends its start importing them."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*WORKER_MODULES, "PIL.Image", "PIL.JpegImagePlugin"])
    return context


def cpu_times() -> tuple[float, float, float, float]:
    """(this process's user, system, worker processes' user, system) CPU seconds so far. The
    workers of every pool here are the forkserver's children: their times are added to its
    children's times when it reaps them, which it has done by the time a pool has shut down."""
    own = os.times()
    pid = getattr(getattr(multiprocessing.forkserver, "_forkserver", None), "_forkserver_pid", None)
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        tick = os.sysconf("SC_CLK_TCK")
        children = int(fields[13]) / tick, int(fields[14]) / tick  # cutime, cstime
    except (OSError, ValueError, IndexError):
        children = (float("nan"), float("nan"))
    return own.user, own.system, *children


def spent(before: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """CPU seconds since `before`: (workers' user, workers' system, this process's)."""
    now = cpu_times()
    return now[2] - before[2], now[3] - before[3], now[0] - before[0] + now[1] - before[1]


def cpu_line(label: str, spans: list[tuple[float, float, float]], count: int) -> str:
    """Median CPU ms a picture: total, and workers' user + system, this process's."""
    user, system, own = (statistics.median(s[i] for s in spans) / count * 1000 for i in range(3))
    return (f"  CPU a picture, {label}: {user + system + own:.2f} ms (workers {user:.2f} user + {system:.2f} "
            f"system; this process {own:.2f})")


def pool_rate(function, paths: list[str], workers: int) -> float:  # type: ignore[no-untyped-def]
    context = forkserver()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(function, paths, chunksize=1))
    return len(paths) / (time.perf_counter() - started)


def make_sets(root: Path, args: argparse.Namespace, width: int, height: int) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    with ProcessPoolExecutor(args.workers, mp_context=forkserver()) as pool:
        if args.only in (None, "photos") and args.n:
            folder = root / f"photos-{args.n}-{width}x{height}"
            paths = [str(folder / f"photo{i:03}.jpg") for i in range(args.n)]
            if not all(Path(p).is_file() for p in paths):
                folder.mkdir(parents=True, exist_ok=True)
                print(f"Making {args.n} JPEGs of {width}x{height} ({width * height / 1e6:.1f} MP)…", flush=True)
                list(pool.map(make_photo, paths, range(args.n), [width] * args.n, [height] * args.n))
            sets[f"{width * height / 1e6:.0f} MP photos"] = paths
        if args.only in (None, "posters") and args.posters:
            sources = wallpapers()
            if not sources:
                print("no wallpapers: apt-get install mate-backgrounds sway-backgrounds plasma-workspace-wallpapers")
            else:
                folder = root / f"posters-{args.posters}"
                paths = [str(folder / f"still{i:03}.jpg") for i in range(args.posters)]
                if not all(Path(p).is_file() for p in paths):
                    folder.mkdir(parents=True, exist_ok=True)
                    print(f"Making {args.posters} crops of {len(sources)} wallpapers…", flush=True)
                    plan = crop_plan(sources, args.posters)
                    list(pool.map(make_crop, paths, *zip(*[(s, f, b) for s, f, b in plan], strict=True)))
                sets["poster/still-sized"] = paths
    for name, paths in sets.items():
        sizes = [os.path.getsize(p) for p in paths]
        pixels = []
        for p in paths:
            with Image.open(p) as img:
                pixels.append(img.width * img.height)
        print(f"  {name}: {len(paths)} files, {sum(sizes) / len(sizes) / 1e6:.2f} MB and "
              f"{sum(pixels) / len(pixels) / 1e6:.2f} MP each on average "
              f"({min(pixels) / 1e6:.2f}-{max(pixels) / 1e6:.2f} MP)")
    return sets


def measure(name: str, paths: list[str], tmp: Path, args: argparse.Namespace) -> tuple[float, float]:
    """Best import rate over the draft rate, and the median of each round's own ratio."""
    folder = Path(paths[0]).parent
    drafts, fulls, rates, ratios = [], [], [], []
    draft_cpu: list[tuple[float, float, float]] = []
    import_cpu: list[tuple[float, float, float]] = []
    problems = ""
    for round_ in range(args.rounds):
        # Interleaved, so a busy moment on a shared machine hurts all alike.
        for path in paths:  # same starting point for every measurement: files in the page cache
            Path(path).read_bytes()
        before = cpu_times()
        draft = pool_rate(draft_decode, paths, args.workers)
        draft_cpu.append(spent(before))
        full = pool_rate(full_decode, paths, args.workers) if not args.no_full else 0.0
        db = tmp / f"bench-{len(name)}-{round_}.db"
        cat = open_catalogue(db)
        before = cpu_times()
        started = time.perf_counter()
        report = import_folder(cat, folder, workers=args.workers)
        took = time.perf_counter() - started
        import_cpu.append(spent(before))
        cat.close()
        count = report.imported_count + len(report.inbox) + len(report.near_duplicates)
        if count != len(paths) or report.near_duplicates:
            problems = (f"{len(report.inbox) + report.imported_count} of {len(paths)} imported, "
                        f"{len(report.near_duplicates)} near-duplicates (counted: processed alike): "
                        f"{report.summary()}")
        drafts.append(draft)
        fulls.append(full)
        rates.append(count / took)
        ratios.append(count / took / draft)
        if args.verbose:
            print(f"    round {round_ + 1}: draft {draft:6.1f}/s  full {full:6.1f}/s  import {count / took:6.1f}/s"
                  f"  = {count / took / draft:.2f}×", flush=True)
    draft, full, rate = max(drafts), max(fulls), max(rates)
    best, median = rate / draft, statistics.median(ratios)
    print(f"{name} ({len(paths)} files, {args.workers} worker process(es), best of {args.rounds}):")
    print(f"  Pillow draft-mode decode, all cores : {draft:6.1f} images/s   (the issue's reference)")
    if full:
        print(f"  Pillow full decode, all cores       : {full:6.1f} images/s   (full-size decode, for comparison)")
    print(f"  Import (decode, hash, thumbnail, copy, commit): {rate:6.1f} images/s "
          f"({len(paths) / rate:.2f} s)")
    versus_full = f"; {rate / full:.1f}× the full-decode rate" if full else ""
    print(f"  = {best:.2f}× the draft-mode rate (median of rounds {median:.2f}×; target {TARGET}×: "
          f"{'met' if median >= TARGET else 'not met'}){versus_full}")
    print(cpu_line("draft decode", draft_cpu, len(paths)))
    print(cpu_line("import", import_cpu, len(paths)))
    if problems:
        print(f"  note: {problems}")
    return best, median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40, help="12 MP photos (0: none)")
    parser.add_argument("--posters", type=int, default=208, help="poster/still-sized crops (0: none)")
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each, interleaved")
    parser.add_argument("--only", choices=("photos", "posters"))
    parser.add_argument("--no-full", action="store_true", help="skip the full-size decode")
    parser.add_argument("--keep", type=Path, help="make the pictures here (once) and keep them for the next run")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every round")
    args = parser.parse_args()
    compile_project()  # (the worker processes import the importer's modules)
    width, height = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="marquee-bench-") as tmp:
        root = args.keep or Path(tmp)
        sets = make_sets(root, args, width, height)
        results = {name: measure(name, paths, Path(tmp), args) for name, paths in sets.items()}
    print("summary: " + "; ".join(f"{name} {best:.2f}× (median {median:.2f}×)"
                                  for name, (best, median) in results.items()) + f" of draft decode; target {TARGET}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
