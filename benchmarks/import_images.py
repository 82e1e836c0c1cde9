"""How fast `catalog.importer` imports large photos, beside what Pillow alone can do on this machine.

    python benchmarks/import_images.py [N] [--size 4000x3000] [--workers K]

Makes N photo-like JPEGs (12 MP by default) in a temporary folder, then measures, in the same run
and on all cores (a fresh process pool each, its start-up included):
  - Pillow's draft-mode decode (libjpeg DCT scaling to thumbnail size): the issue's reference limit;
  - Pillow's full-size decode (every pixel at full scale), for comparison;
  - the import itself into an empty catalogue: every byte of image data decoded (JPEGs with DCT
    scaling, which reads and Huffman-decodes all of the data, so corrupt or truncated files fail just
    as at full scale), hash, phash, thumbnail, durable copy into the store, commit.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog import open_catalogue
from catalog.formats.folder.importer import import_folder


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


def draft_decode(path: str) -> int:
    with Image.open(path) as img:
        img.draft("RGB", (256, 256))
        img.load()
        return img.width


def full_decode(path: str) -> int:
    with Image.open(path) as img:
        img.load()
        return img.width


def pool_rate(function, paths: list[str], workers: int) -> float:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("forkserver")
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(function, paths, chunksize=1))
    return len(paths) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many measurements of each")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="marquee-bench-") as tmp:
        folder = Path(tmp) / "photos"
        folder.mkdir()
        paths = [str(folder / f"photo{i:03}.jpg") for i in range(args.n)]
        print(f"Making {args.n} JPEGs of {width}x{height} ({width * height / 1e6:.1f} MP)…", flush=True)
        with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
            sizes = list(pool.map(make_photo, paths, range(args.n), [width] * args.n, [height] * args.n))
        print(f"  {sum(sizes) / len(sizes) / 1e6:.1f} MB each on average; {args.workers} worker process(es)")
        for path in paths:  # same starting point for every measurement: files in the page cache
            Path(path).read_bytes()
        # Best of `rounds`, interleaved, so a busy moment on a shared machine hurts all alike.
        draft = full = rate = seconds = 0.0
        for round_ in range(args.rounds):
            draft = max(draft, pool_rate(draft_decode, paths, args.workers))
            full = max(full, pool_rate(full_decode, paths, args.workers))
            cat = open_catalogue(Path(tmp) / f"bench{round_}.db")
            started = time.perf_counter()
            report = import_folder(cat, folder, workers=args.workers)
            took = time.perf_counter() - started
            cat.close()
            count = report.imported_count + len(report.inbox)
            if count != args.n:
                print(f"warning: {count} of {args.n} imported: {report.summary()}")
            if count / took > rate:
                rate, seconds = count / took, took
        print(f"Pillow draft-mode decode, all cores : {draft:6.1f} images/s   (the issue's reference)")
        print(f"Pillow full decode, all cores       : {full:6.1f} images/s   (full-size decode, for comparison)")
        print(f"Import (decode, hash, thumbnail, copy, commit): {rate:6.1f} images/s in {seconds:.1f} s")
        print(f"  = {100 * rate / draft:.0f}% of the draft-mode rate; {100 * rate / full:.0f}% of the full-decode rate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
