"""ThumbnailCache: gallery thumbnails as QPixmaps, never decoded on the GUI thread.

Three levels, as Calibre's cover grid: a RAM LRU of QPixmaps (made on the GUI thread only), the disk
cache (`PictureStore.thumbnail_path(sha)`), and a render by `catalog.imaging.make_thumbnail` on a
worker. `pixmap(info)` answers at once: the cached pixmap, or a neutral placeholder while the
thumbnail is queued. Workers hand back a QImage; `thumbnail_ready(sha)` is emitted on the GUI thread
when the pixmap is in RAM. Requests are deduplicated and served newest first (LIFO), so what the
view painted last — what is on screen — is rendered before items the user has scrolled past.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRect, QRunnable, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from catalog import PictureStore
from catalog.model.rows import ImageInfo
from ui.tasks import file_pool

DISK_SIZE = PictureStore.THUMBNAIL_SIZE  # the size of the disk cache's thumbnails (longest side)


class _Signals(QObject):
    """Owned by the cache on the GUI thread; workers only emit (queued to the GUI thread)."""

    done = Signal(str, object, bool)  # sha, QImage or None (failed), rendered (not read from disk)


class _ThumbnailJob(QRunnable):
    """Read the disk thumbnail, or render and store it; scale it to the display size. No QPixmap here."""

    def __init__(self, pictures: PictureStore, sha: str, source: str, target: QSize,
                 signals: _Signals, closing: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.pictures, self.sha, self.source, self.target = pictures, sha, source, target
        self.signals, self.closing = signals, closing

    def run(self) -> None:
        if self.closing.is_set():
            return
        image, rendered = QImage(), False
        disk = self.pictures.thumbnail_path(self.sha, DISK_SIZE)
        with contextlib.suppress(OSError):
            image = QImage.fromData(disk.read_bytes())
        if image.isNull():
            from catalog.imaging import probe as imaging  # (Pillow: only when a thumbnail is made)

            try:
                data = imaging.make_thumbnail(Path(self.source), DISK_SIZE)
            except (imaging.ImageRejected, OSError):
                self.signals.done.emit(self.sha, None, True)
                return
            # A read-only store still shows the thumbnail; it just is not kept.
            with contextlib.suppress(OSError):
                self.pictures.write_thumbnail(self.sha, DISK_SIZE, data)
            image, rendered = QImage.fromData(data), True
        big = image.width() > self.target.width() or image.height() > self.target.height()
        if not image.isNull() and big:
            image = image.scaled(self.target, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        self.signals.done.emit(self.sha, None if image.isNull() else image, rendered)


class ThumbnailCache(QObject):
    """Pixmaps for ImageInfos, by content hash. GUI thread only (workers are internal)."""

    thumbnail_ready = Signal(str)

    def __init__(self, pictures: PictureStore, display_size: int = 160, ram_bytes: int = 96 << 20,
                 threads: int | None = None, device_pixel_ratio: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pictures = pictures
        self.display_size = display_size
        self.ram_bytes = ram_bytes
        self.dpr = device_pixel_ratio
        side = min(DISK_SIZE, round(display_size * device_pixel_ratio))
        self._target = QSize(side, side)
        # The pool is created before the signals object, so Qt deletes (and so waits for) it first.
        self.pool = file_pool(self, threads)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._closing = threading.Event()
        self._ram: OrderedDict[str, QPixmap] = OrderedDict()
        self._ram_used = 0
        self._pending: OrderedDict[str, str] = OrderedDict()  # sha -> source path; newest last
        self._in_flight: set[str] = set()
        self._failed: set[str] = set()
        self._placeholders: dict[str, QPixmap] = {}
        self.renders = 0     # thumbnails made from the full image (disk cache misses)
        self.disk_reads = 0  # thumbnails read from the disk cache
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    # -- asking -------------------------------------------------------------------------------------

    def pixmap(self, info: ImageInfo) -> QPixmap:
        """The thumbnail now, or a placeholder (and the thumbnail is queued)."""
        if info.missing or not info.path or info.sha256 in self._failed:
            return self.placeholder("missing")
        cached = self._ram.get(info.sha256)
        if cached is not None:
            self._ram.move_to_end(info.sha256)
            return cached
        self.request(info.sha256, info.path)
        return self.placeholder("loading")

    def ask(self, infos: list[ImageInfo]) -> None:
        """Queue the thumbnails of these pictures (those not at hand), the first to be made first."""
        for info in reversed(infos):  # (the newest request is made first)
            self.pixmap(info)

    def cached(self, sha: str) -> QPixmap | None:
        return self._ram.get(sha)

    @property
    def busy(self) -> bool:
        """Thumbnails are queued or being made."""
        return bool(self._pending or self._in_flight)

    def is_failed(self, sha: str) -> bool:
        return sha in self._failed

    def request(self, sha: str, source: str) -> None:
        """Queue a thumbnail (deduplicated; a repeated request moves it to the front)."""
        if self._closing.is_set() or sha in self._in_flight or sha in self._ram:
            return
        self._pending[sha] = source
        self._pending.move_to_end(sha)
        self._pump()

    def forget_pending(self) -> None:
        """Drop queued (not yet started) requests, e.g. when another film is shown."""
        self._pending.clear()

    def close(self) -> None:
        """Stop queueing, let running renders finish, wait for them. Call before the app quits."""
        self._closing.set()
        self._pending.clear()
        self.pool.waitForDone()

    # -- machinery ----------------------------------------------------------------------------------

    def _pump(self) -> None:
        while self._pending and len(self._in_flight) < 2 * self.pool.maxThreadCount():  # keep workers fed
            sha, source = self._pending.popitem(last=True)  # newest request first
            self._in_flight.add(sha)
            job = _ThumbnailJob(self.pictures, sha, source, self._target, self._signals, self._closing)
            self.pool.start(job)

    def _on_done(self, sha: str, image: QImage | None, rendered: bool) -> None:
        self._in_flight.discard(sha)
        if image is None:
            self._failed.add(sha)
        else:
            if rendered:
                self.renders += 1
            else:
                self.disk_reads += 1
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.dpr)
            self._insert(sha, pixmap)
        if not self._closing.is_set():
            self._pump()
            self.thumbnail_ready.emit(sha)

    def _insert(self, sha: str, pixmap: QPixmap) -> None:
        self._ram[sha] = pixmap
        self._ram_used += _cost(pixmap)
        while self._ram_used > self.ram_bytes and len(self._ram) > 1:
            _, old = self._ram.popitem(last=False)
            self._ram_used -= _cost(old)

    def placeholder(self, kind: str) -> QPixmap:
        """A neutral card while loading, or a dashed one saying the file is missing."""
        if kind not in self._placeholders:
            self._placeholders[kind] = _draw_placeholder(kind, self.display_size, self.dpr)
        return self._placeholders[kind]


def _cost(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


def _draw_placeholder(kind: str, side: int, dpr: float) -> QPixmap:
    height = side * 2 // 3
    pixmap = QPixmap(round(side * dpr), round(height * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRect(1, 1, side - 2, height - 2)
    if kind == "missing":
        painter.setBrush(QColor("#f6f1f1"))
        pen = QPen(QColor("#c98b8b"), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(QColor("#a05050"))
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.95))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Image file\nmissing")
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e8ec"))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setBrush(QColor("#d3d7de"))
        cx, cy = side // 2, height // 2
        painter.drawEllipse(cx - 10, cy - 10, 20, 20)
    painter.end()
    return pixmap
