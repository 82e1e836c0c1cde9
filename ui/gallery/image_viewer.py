"""ImageViewer: one gallery's images full size — fit to window, zoom, actual size, next/previous.

The full image is decoded by QImageReader (EXIF orientation applied) on a worker thread; until it
arrives the cached thumbnail stands in, so stepping through a gallery never blocks the window.
Captions are user text and shown as plain text."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QRunnable, Qt, Signal
from PySide6.QtGui import QAction, QColor, QImage, QImageReader, QKeySequence, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from catalog.model.rows import ImageInfo
from ui.gallery.gallery_model import display_caption
from ui.gallery.thumbnails import ThumbnailCache
from ui.icons import icon
from ui.tasks import file_pool

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.02, 16.0


class _Loaded(QObject):
    done = Signal(int, object)  # generation, QImage (null on failure)


class _LoadJob(QRunnable):
    def __init__(self, path: str, generation: int, signals: _Loaded, closing: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.path, self.generation, self.signals, self.closing = path, generation, signals, closing

    def run(self) -> None:
        if self.closing.is_set():
            return
        reader = QImageReader(self.path)
        reader.setAutoTransform(True)
        self.signals.done.emit(self.generation, reader.read())


class ImageViewer(QDialog):
    """Shows images[index]; `image_loaded(id)` fires when the full image is on screen."""

    image_loaded = Signal(int)

    def __init__(self, images: list[ImageInfo], index: int = 0, cache: ThumbnailCache | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.images, self.index, self.cache = list(images), index, cache
        self.fit_mode = True
        self._generation = 0
        self._closing = threading.Event()
        self.pool = file_pool(self, 1)
        self._loaded = _Loaded(self)
        self._loaded.done.connect(self._on_loaded)

        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = QGraphicsView(self.scene)
        self.view.setObjectName("imageView")
        self.view.setBackgroundBrush(QColor("#1d1f23"))
        self.view.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.viewport().installEventFilter(self)

        self.caption = QLabel()
        self.caption.setObjectName("viewerCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label = QLabel()
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setStyleSheet("color: palette(mid);")

        bar = QHBoxLayout()
        bar.setContentsMargins(10, 6, 10, 8)
        self.named_actions: dict[str, QAction] = {}
        # name, text, shortcuts, slot, icon
        table: tuple[tuple[str, str, list[str | QKeySequence.StandardKey], Callable[[], None], str | None], ...] = (
            ("previous", "Previous", ["Left", "PgUp"], self.previous, "previous"),
            ("next", "Next", ["Right", "PgDown", "Space"], self.next, "next"),
            ("zoom_out", "Zoom out", ["Ctrl+-", QKeySequence.StandardKey.ZoomOut], self.zoom_out, "zoom.out"),
            ("zoom_in", "Zoom in", ["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn], self.zoom_in,
             "zoom.in"),
            ("actual", "Actual size", ["Ctrl+1"], self.actual_size, None),
            ("fit", "Fit to window", ["Ctrl+0"], self.fit, "zoom.fit"),
        )
        for name, text, keys, slot, glyph in table:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            if glyph:
                action.setIcon(icon(glyph))
            action.setToolTip(f"{text} ({QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)})")
            self.addAction(action)
            self.named_actions[name] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            if not glyph:
                button.setText("1:1")
            bar.addWidget(button)
            if name == "next":
                bar.addSpacing(12)
        bar.addSpacing(12)
        bar.addWidget(self.info_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        captions = QVBoxLayout()
        captions.setContentsMargins(12, 8, 12, 0)
        captions.addWidget(self.caption)
        layout.addLayout(captions)
        layout.addLayout(bar)
        self.resize(960, 720)
        self.show_index(index)

    # -- navigation ---------------------------------------------------------------------------------

    def current(self) -> ImageInfo:
        return self.images[self.index]

    def show_index(self, index: int) -> None:
        """Show images[index] (wrapping around), thumbnail first, full image when decoded."""
        if not self.images:
            return
        self.index = index % len(self.images)
        info = self.current()
        self._generation += 1
        self.caption.setText(display_caption(info))
        self.setWindowTitle(f"{display_caption(info)} — {self.index + 1} of {len(self.images)}")
        several = len(self.images) > 1
        self.named_actions["next"].setEnabled(several)
        self.named_actions["previous"].setEnabled(several)
        self._set_pixmap(self.cache.pixmap(info) if self.cache else QPixmap(), provisional=True)
        if info.path and not info.missing:
            self.pool.start(_LoadJob(info.path, self._generation, self._loaded, self._closing))

    def next(self) -> None:
        self.show_index(self.index + 1)

    def previous(self) -> None:
        self.show_index(self.index - 1)

    def _on_loaded(self, generation: int, image: QImage) -> None:
        if generation != self._generation:
            return  # the user has moved on
        if image.isNull():
            self.info_label.setText("This image could not be read.")
            return
        self._set_pixmap(QPixmap.fromImage(image), provisional=False)
        self.image_loaded.emit(self.current().id)

    def _set_pixmap(self, pixmap: QPixmap, provisional: bool) -> None:
        info = self.current()
        self.item.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize()
        # A provisional thumbnail is stretched to the real image's size so zoom levels stay honest.
        if provisional and info.width and info.height and size.width() > 0:
            self.item.setScale(info.width / size.width())
            self.scene.setSceneRect(QRectF(0, 0, info.width, info.height))
        else:
            self.item.setScale(1.0)
            self.scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
        self._apply()

    # -- zoom ---------------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Screen pixels per image pixel."""
        return self.view.transform().m11()

    def set_zoom(self, factor: float) -> None:
        self.fit_mode = False
        factor = min(ZOOM_MAX, max(ZOOM_MIN, factor))
        self.view.resetTransform()
        self.view.scale(factor, factor)
        self._update_info()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def fit(self) -> None:
        self.fit_mode = True
        self._apply()

    def _apply(self) -> None:
        if not self.fit_mode:
            self._update_info()
            return
        rect = self.scene.sceneRect()
        self.view.resetTransform()
        if rect.width() > 0 and rect.height() > 0:
            viewport = self.view.viewport().size()
            factor = min(viewport.width() / rect.width(), viewport.height() / rect.height(), 1.0)
            self.view.scale(factor, factor)  # fit shrinks large images but never blows up small ones
        self._update_info()

    def _update_info(self) -> None:
        info = self.current()
        facts = [f"{self.index + 1} of {len(self.images)}"]
        if info.width and info.height:
            facts.append(f"{info.width} × {info.height}")
        facts.append(f"{round(self.zoom * 100)}%" + (" (fit)" if self.fit_mode else ""))
        if info.missing:
            facts.append("file missing")
        self.info_label.setText("  ·  ".join(facts))

    # -- events -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.fit_mode:
            self._apply()  # the viewport has its new size only now, after the dialog's resize
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            step = event.angleDelta().y()
            if step:
                self.set_zoom(self.zoom * (ZOOM_STEP if step > 0 else 1 / ZOOM_STEP))
            return True
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        self._closing.set()
        self.pool.waitForDone()
        super().done(result)
