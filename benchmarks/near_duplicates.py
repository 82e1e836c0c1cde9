"""Precision and recall of the near-duplicate detector on the labelled set of real photos.

    .venv/bin/python benchmarks/near_duplicates.py [--side 1600]

The set (tests/catalog/imaging/near_duplicate_set.py): every picture of the Debian wallpaper
packages (apt-get install mate-backgrounds sway-backgrounds plasma-workspace-wallpapers), its
variants (half and quarter size, JPEG q60 and q30, half size at q50, PNG, crops of 3 % all round
and 5 % on one side, the packages' other resolutions of it) and the strangers: every pair of
different photos, and gradients, grey stripes, night skies, flat colours and blurs of photos. It
prints, for catalog.imaging.similar and for the 64-bit dHash at ≤ 10 bits (the old test): the
false matches among the strangers, precision, recall per kind of variant, and the time per
comparison; then how many of the low-detail pictures' own variants it finds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dhash(sig) -> int:  # the old 9×8 difference hash, from the same reduced picture
    from PIL import Image

    small = sig.image().convert("L").resize((9, 8), Image.Resampling.BOX).tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (small[row * 9 + col] > small[row * 9 + col + 1])
    return bits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=1600, help="longest side the originals are loaded at")
    args = parser.parse_args()
    from catalog.imaging.similar import likeness
    from tests.catalog.imaging import near_duplicate_set as labelled

    if not labelled.available():
        sys.exit("install mate-backgrounds sway-backgrounds plasma-workspace-wallpapers first")
    started = time.perf_counter()
    data = labelled.build(side=args.side)
    built = time.perf_counter() - started
    photos = len({name for name, *_ in data.positives})
    print(f"labelled set: {photos} photos, {len(data.positives)} true variants, {len(data.negatives)} stranger "
          f"pairs (built in {built:.0f} s)")
    tests = {
        "signature (catalog.imaging.similar)": lambda a, b: likeness(a, b).near,
        "dHash ≤ 10 bits (before)": lambda a, b: (dhash(a) ^ dhash(b)).bit_count() <= 10,
    }
    for label, near in tests.items():
        t = time.perf_counter()
        false = [(a, b) for a, b, x, y in data.negatives if near(x, y)]
        per_kind: dict[str, list[bool]] = defaultdict(list)
        for _, kind, x, y in data.positives:
            per_kind[kind].append(near(x, y))
        seconds = time.perf_counter() - t
        found = sum(sum(v) for v in per_kind.values())
        core = [hit for kind, hits in per_kind.items() if kind in labelled.RESIZED_OR_RECOMPRESSED for hit in hits]
        precision = found / (found + len(false)) if found + len(false) else 1.0
        print(f"\n{label}: {len(false)} false matches of {len(data.negatives)} stranger pairs; precision "
              f"{precision:.1%}; recall {found / len(data.positives):.1%} of all variants, "
              f"{sum(core) / len(core):.1%} of resized/recompressed; "
              f"{seconds / (len(data.negatives) + len(data.positives)) * 1e3:.2f} ms per comparison")
        for kind, hits in per_kind.items():
            print(f"  {kind:<22} {sum(hits):>4} / {len(hits):<4} {sum(hits) / len(hits):.1%}")
        for a, b in false[:8]:
            print(f"  false match: {a} ~ {b}")
    # Variants of the low-detail pictures themselves: the detector errs towards keeping them.
    from catalog.imaging.similar import signature

    hits = [likeness(signature(img), signature(v)).near
            for _, img in labelled.low_detail_strangers() for _, v in labelled.variants(img)]
    print(f"\nlow-detail pictures' own variants found (kept as new pictures otherwise): {sum(hits)} / {len(hits)} "
          f"{sum(hits) / len(hits):.0%}")


if __name__ == "__main__":
    main()
