"""ThumbnailCache: placeholders at once, renders on workers, the disk cache, dedup and LIFO order."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from catalog import Catalogue
from catalog.imaging import probe as imaging
from catalog.model.rows import ImageInfo
from ui.gallery.thumbnails import DISK_SIZE, ThumbnailCache


def make_photo(path: Path, seed: int, size: tuple[int, int] = (480, 320)) -> Path:
    """A small photo-like JPEG: a gradient with a few discs, different for every seed."""
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    w, h = size
    for x in range(w):
        shade = (seed * 37 + x * 200 // w) % 256
        draw.line((x, 0, x, h), fill=(shade, (seed * 91) % 256, 255 - shade))
    for i in range(4):
        cx, cy, r = (seed * 53 + i * 97) % w, (seed * 29 + i * 61) % h, 10 + (seed + i) % 40
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=((seed * 13 + i * 70) % 256, 200, 90))
    img.save(path, "JPEG", quality=85)
    return path


def add_photos(cat: Catalogue, folder: Path, n: int, film_id: int | None, first_seed: int = 1,
               size: tuple[int, int] = (480, 320)) -> list[int]:
    folder.mkdir(parents=True, exist_ok=True)
    return [cat.images.add_file(make_photo(folder / f"photo{first_seed + i}.jpg", first_seed + i, size), film_id).id
            for i in range(n)]


@pytest.fixture
def infos(catalogue: Catalogue, tmp_path: Path) -> list[ImageInfo]:
    film = catalogue.films.create({"title": "Thumbs"}).id
    add_photos(catalogue, tmp_path / "src", 4, film)
    return catalogue.images.gallery(film)


@pytest.fixture
def cache(qapp, catalogue: Catalogue) -> Iterator[ThumbnailCache]:
    c = ThumbnailCache(catalogue.pictures, display_size=120, threads=1)
    yield c
    c.close()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every make_thumbnail call as (file name, ran on the GUI thread)."""
    real = imaging.make_thumbnail
    seen: list[tuple[str, bool]] = []

    def counting(path: Path, max_size: int = 256) -> bytes:
        seen.append((Path(path).name, threading.current_thread() is threading.main_thread()))
        return real(path, max_size)

    monkeypatch.setattr(imaging, "make_thumbnail", counting)
    return seen


def test_miss_gives_placeholder_then_renders_off_the_gui_thread(qtbot, cache, infos, catalogue, calls):
    info = infos[0]
    first = cache.pixmap(info)
    assert first.cacheKey() == cache.placeholder("loading").cacheKey()
    with qtbot.waitSignal(cache.thumbnail_ready, timeout=10000) as blocker:
        pass
    assert blocker.args == [info.sha256]
    pixmap = cache.pixmap(info)
    assert pixmap.cacheKey() != first.cacheKey()
    assert max(pixmap.width(), pixmap.height()) == 120
    assert calls == [(Path(info.path).name, False)]
    assert cache.renders == 1
    disk = catalogue.pictures.thumbnail_path(info.sha256, DISK_SIZE)
    assert disk.is_file()
    with Image.open(disk) as thumb:
        assert max(thumb.size) == DISK_SIZE


def test_second_cache_reads_the_disk_cache_without_rendering(qtbot, cache, infos, catalogue, calls):
    cache.pixmap(infos[0])
    qtbot.waitSignal(cache.thumbnail_ready, timeout=10000).wait()
    other = ThumbnailCache(catalogue.pictures, display_size=120, threads=1)
    try:
        with qtbot.waitSignal(other.thumbnail_ready, timeout=10000):
            other.pixmap(infos[0])
        assert other.renders == 0 and other.disk_reads == 1
        assert not other.pixmap(infos[0]).isNull()
        assert len(calls) == 1  # only the first cache rendered
    finally:
        other.close()


def test_requests_are_deduplicated(qtbot, cache, infos, calls):
    for _ in range(5):
        cache.pixmap(infos[0])
    qtbot.waitUntil(lambda: cache.cached(infos[0].sha256) is not None, timeout=10000)
    for _ in range(5):
        cache.pixmap(infos[0])
    assert len(calls) == 1


def test_newest_request_is_served_first(qtbot, cache, infos, calls):
    a, b, c, d = infos
    for info in (a, b, c, d):  # one thread, two jobs in flight: a and b start; then d (newest) before c
        cache.pixmap(info)
    qtbot.waitUntil(lambda: len(calls) == 4 and all(cache.cached(i.sha256) for i in infos), timeout=10000)
    assert [name for name, _ in calls] == [Path(i.path).name for i in (a, b, d, c)]


def test_missing_and_unreadable_files_show_the_missing_placeholder(qtbot, cache, infos, calls):
    missing = ImageInfo(**{**_fields(infos[0]), "missing": True, "path": None})
    assert cache.pixmap(missing).cacheKey() == cache.placeholder("missing").cacheKey()
    assert calls == []
    broken = infos[1]
    Path(broken.path).write_bytes(b"not an image any more")
    with qtbot.waitSignal(cache.thumbnail_ready, timeout=10000):
        cache.pixmap(broken)
    assert cache.is_failed(broken.sha256)
    assert cache.pixmap(broken).cacheKey() == cache.placeholder("missing").cacheKey()


def test_ram_cache_is_bounded(qtbot, catalogue, infos):
    small = ThumbnailCache(catalogue.pictures, display_size=120, ram_bytes=1, threads=1)
    try:
        for info in infos:
            with qtbot.waitSignal(small.thumbnail_ready, timeout=10000):
                small.pixmap(info)
        assert [small.cached(i.sha256) is not None for i in infos] == [False, False, False, True]
    finally:
        small.close()


def _fields(info: ImageInfo) -> dict:
    return {name: getattr(info, name) for name in info.__slots__}
