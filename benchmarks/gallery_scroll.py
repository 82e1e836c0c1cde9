"""Gallery benchmark: a film with 500 photo-like JPEGs in the GalleryPane (offscreen).

Measures: show_film; time until the visible thumbnails are on screen with a cold disk cache, a warm
disk cache (new pane, empty RAM) and a hot RAM cache; and scrolling top to bottom a page at a
time (frame times, with thumbnails still arriving), then until every thumbnail at the bottom is in.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gallery_scroll.py [--images 500]
        [--size 1920x1080] [--workdir DIR]   # DIR keeps the generated photos between runs
                                             # (default: $TMPDIR/marquee-gallery-bench)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtWidgets import QApplication

from catalog import open_catalogue
from catalog.imaging import probe as imaging
from catalog.store.picture_store import sha256_of


def make_photo(path: Path, seed: int, size: tuple[int, int]) -> None:
    """A photo-like JPEG: sky gradient, soft shapes, fine grain (so it compresses like a photo)."""
    rng = random.Random(seed)
    w, h = size
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    column = Image.linear_gradient("L").resize((1, h))
    img = Image.composite(Image.new("RGB", (1, h), bottom), Image.new("RGB", (1, h), top), column)
    img = img.resize((w, h))
    draw = ImageDraw.Draw(img)
    for _ in range(14):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(h // 20, h // 3)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((w, h), 18).convert("RGB")
    Image.blend(img, grain, 0.12).save(path, "JPEG", quality=88)


def photos(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"still-{n:04d}.jpg" for n in range(count)]
    todo = [p for p in paths if not p.is_file()]
    if todo:
        started = time.perf_counter()
        for n, path in enumerate(paths):
            if not path.is_file():
                make_photo(path, n, size)
        print(f"generated {len(todo)} photos {size[0]}x{size[1]} in {time.perf_counter() - started:.1f} s")
    return paths


def wait_visible(app: QApplication, pane, timeout: float = 120.0) -> float:
    """Seconds until every row intersecting the viewport has its thumbnail in RAM."""
    started = time.perf_counter()
    view, model, cache = pane.view, pane.model, pane.cache
    while time.perf_counter() - started < timeout:
        app.processEvents()
        view.viewport().repaint()  # paint now, as a visible window would, so data() asks for thumbnails
        area = view.viewport().rect()
        rows = [r for r in range(model.rowCount()) if area.intersects(view.visualRect(model.index(r)))]
        if rows and all(cache.cached(model.info(r).sha256) or cache.is_failed(model.info(r).sha256)
                        for r in rows):
            return time.perf_counter() - started
        time.sleep(0.002)  # a benchmark polls; tests wait by signal
    raise TimeoutError("visible thumbnails did not arrive")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    work = args.workdir or Path(tempfile.gettempdir()) / "marquee-gallery-bench"  # photos kept for reruns
    app = QApplication.instance() or QApplication([])
    from ui.context import AppContext
    from ui.gallery.gallery_pane import GalleryPane

    sources = photos(work / "photos", args.images, size)  # type: ignore[arg-type]
    shutil.rmtree(work / "cat", ignore_errors=True)
    (work / "cat").mkdir()
    cat = open_catalogue(work / "cat" / "films.db")
    film = cat.films.create({"title": "Five hundred stills"}).id
    other = cat.films.create({"title": "Empty"}).id
    started = time.perf_counter()
    with cat.transaction("Add the benchmark's pictures"):
        for path in sources:
            sha = cat.pictures.add_file(path, sha256_of(path))
            with Image.open(path) as img:
                width, height = img.size
            cat.images.add_record(sha256=sha, original_name=path.name, film_id=film, width=width, height=height,
                                 format="JPEG", bytes=path.stat().st_size)
    print(f"catalogue with {len(sources)} images built in {time.perf_counter() - started:.1f} s")

    renders_on_gui = 0
    real = imaging.make_thumbnail

    def counting(path: Path, max_size: int = 256) -> bytes:
        nonlocal renders_on_gui
        import threading

        renders_on_gui += threading.current_thread() is threading.main_thread()
        return real(path, max_size)

    imaging.make_thumbnail = counting
    context = AppContext(cat)
    results: list[tuple[str, str]] = []

    def run_pane(label: str) -> GalleryPane:
        pane = GalleryPane(context)
        pane.resize(1200, 800)
        pane.show()
        app.processEvents()
        pane.show_film(other)
        t = time.perf_counter()
        pane.show_film(film)
        shown = time.perf_counter() - t
        visible = wait_visible(app, pane)
        results.append((f"show_film ({label})", f"{shown * 1000:.1f} ms, {pane.model.rowCount()} rows"))
        results.append((f"visible thumbnails ready ({label})",
                        f"{visible * 1000:.0f} ms (renders {pane.cache.renders}, disk reads {pane.cache.disk_reads})"))
        return pane

    cold = run_pane("cold disk cache")
    cold.shutdown()
    cold.deleteLater()
    pane = run_pane("warm disk cache")
    pane.show_film(other)
    t = time.perf_counter()
    pane.show_film(film)
    results.append(("show_film (hot RAM cache)", f"{(time.perf_counter() - t) * 1000:.1f} ms"))
    results.append(("visible thumbnails ready (hot RAM cache)", f"{wait_visible(app, pane) * 1000:.0f} ms"))

    def scroll(label: str) -> None:
        bar = pane.view.verticalScrollBar()
        bar.setValue(0)
        app.processEvents()
        frames: list[float] = []
        t = time.perf_counter()
        value = 0
        while value < bar.maximum():
            value = min(bar.maximum(), value + bar.pageStep() // 2)
            f = time.perf_counter()
            bar.setValue(value)
            pane.view.viewport().repaint()
            app.processEvents()
            frames.append(time.perf_counter() - f)
        scrolled = time.perf_counter() - t
        frames.sort()
        results.append((f"scroll top→bottom ({label})",
                        f"{scrolled * 1000:.0f} ms, {len(frames)} frames of half a page: mean "
                        f"{statistics.mean(frames) * 1000:.1f} ms, p95 {frames[int(len(frames) * 0.95)] * 1000:.1f} ms,"
                        f" max {frames[-1] * 1000:.1f} ms"))

    scroll("thumbnails arriving")
    results.append(("then bottom thumbnails ready", f"{wait_visible(app, pane) * 1000:.0f} ms"))
    infos = pane.model.images()
    for info in infos:
        pane.cache.pixmap(info)
    while not all(pane.cache.cached(i.sha256) for i in infos):
        app.processEvents()
        time.sleep(0.005)
    scroll("all 500 in RAM")
    results.append(("make_thumbnail calls on the GUI thread", str(renders_on_gui)))
    pane.shutdown()
    context.close()
    cat.close()
    print(f"\nGallery benchmark — {args.images} photos {size[0]}x{size[1]}, pane 1200x800, "
          f"{os.cpu_count()} CPUs, {os.environ['QT_QPA_PLATFORM']}")
    for name, value in results:
        print(f"  {name:<44} {value}")


if __name__ == "__main__":
    main()
