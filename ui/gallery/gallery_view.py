"""GalleryView and GalleryDelegate: the icon grid of one gallery.

The view is a QListView in icon mode with uniform, fixed-size cells (so laying out 500 images
costs nothing per item), batched layout, and its own drag and drop: dragging selected images out
carries their ids (`application/x-marquee-image-ids`); dropping them back inside means "reorder"
and dropping files from the desktop means "add". It only emits signals; the pane does the edits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.gallery.gallery_model import (
    DetailRole,
    IdRole,
    KindRole,
    MissingRole,
    PosterRole,
    decode_image_ids,
    encode_image_ids,
)

PADDING = 6
CAPTION_GAP = 6


class GalleryDelegate(QStyledItemDelegate):
    """Draws a thumbnail centred in its box, an elided one-line caption and poster/kind badges."""

    def __init__(self, thumb_size: int, parent: QListView | None = None) -> None:
        super().__init__(parent)
        self.thumb_size = thumb_size
        self.detail_lines = 0  # lines under each caption (the Unsorted view shows two)

    def detail_font(self, font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return small

    def cell_size(self, metrics: QFontMetrics) -> QSize:
        extra = self.detail_lines * (metrics.height() + 1)  # the detail font is smaller than this
        return QSize(self.thumb_size + 2 * PADDING + (24 if self.detail_lines else 0),
                     self.thumb_size + 2 * PADDING + CAPTION_GAP + metrics.height() + extra)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        if isinstance(view, QListView) and view.gridSize().isValid():
            return view.gridSize()  # cells are stretched to fill the row (see GalleryView.fit_grid)
        return self.cell_size(option.fontMetrics)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRect(option.rect).adjusted(2, 2, -2, -2)
        palette = option.palette
        state = option.state
        highlight = palette.color(palette.ColorRole.Highlight)
        if state & QStyle.StateFlag.State_Selected:
            fill = QColor(highlight)
            fill.setAlpha(60)
            painter.setBrush(fill)
            painter.setPen(QPen(highlight, 1.5))
            painter.drawRoundedRect(cell, 8, 8)
        elif state & QStyle.StateFlag.State_MouseOver:
            fill = QColor(highlight)
            fill.setAlpha(22)
            painter.setBrush(fill)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(cell, 8, 8)

        box = QRect(0, option.rect.top() + PADDING, self.thumb_size, self.thumb_size)
        box.moveLeft(option.rect.left() + (option.rect.width() - self.thumb_size) // 2)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            target = QRect(QPoint(0, 0), size)
            target.moveCenter(box.center())
            target.moveBottom(box.bottom())  # thumbnails stand on a common baseline
            if not index.data(MissingRole):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(0, 0, 0, 28))
                painter.drawRoundedRect(target.adjusted(-1, 0, 2, 3), 3, 3)  # a soft drop shadow
            painter.drawPixmap(target, pixmap)
            self._badges(painter, option, index, target)

        text_rect = QRect(option.rect.left() + PADDING, box.bottom() + CAPTION_GAP,
                          option.rect.width() - 2 * PADDING, option.fontMetrics.height())
        caption = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        elided = option.fontMetrics.elidedText(caption, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.setPen(palette.color(palette.ColorRole.Text))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, elided)
        lines = index.data(DetailRole) or []
        if lines:
            small = self.detail_font(option.font)
            metrics = QFontMetrics(small)
            painter.setFont(small)
            painter.setPen(palette.color(palette.ColorRole.PlaceholderText))
            line_rect = QRect(text_rect.left(), text_rect.bottom() + 1, text_rect.width(), metrics.height())
            for line in lines[: max(self.detail_lines, 0)]:
                painter.drawText(line_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, line_rect.width()))
                line_rect.translate(0, metrics.height())
        painter.restore()

    def _badges(self, painter: QPainter, option: QStyleOptionViewItem,
                index: QModelIndex | QPersistentModelIndex, target: QRect) -> None:
        painter.save()
        font = QFont(option.font)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.78))
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        kind = str(index.data(KindRole) or "still")
        labels: list[tuple[str, QColor]] = []
        if index.data(PosterRole):
            labels.append(("★ POSTER", QColor("#c8871a")))
        if kind not in ("still", "poster") or (kind == "poster" and not index.data(PosterRole)):
            labels.append((kind.replace("_", " ").upper(), QColor(40, 44, 52, 190)))
        x = target.left() + 5
        for text, colour in labels:
            width = metrics.horizontalAdvance(text) + 10
            pill = QRect(x, target.top() + 5, width, metrics.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()


class GalleryView(QListView):
    """Icon grid with internal reordering and file drops, reported as signals."""

    reorder_requested = Signal(list, int)  # moved image ids, the row to insert them before
    files_dropped = Signal(list)           # local paths (files and folders)

    def __init__(self, thumb_size: int = 128, parent: QListView | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryPane")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)  # drops land on the viewport, in its coordinates
        self.setDropIndicatorShown(False)  # we draw our own insertion bar
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSpacing(0)
        self.delegate = GalleryDelegate(thumb_size, self)
        self.setItemDelegate(self.delegate)
        self.fit_grid()
        self.verticalScrollBar().setSingleStep(24)
        self._drop_row: int | None = None
        self.empty_text = ""  # shown centred when the gallery is empty

    def fit_grid(self) -> None:
        """Stretch the cells so whole columns fill the width (a narrow pane still gets two columns of
        128 px). The scroll bar's width is always set aside, so showing it never re-flows the grid."""
        base = self.delegate.cell_size(self.fontMetrics())
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        avail = max(base.width(), self.contentsRect().width() - scroll - 1)
        columns = max(1, avail // base.width())
        size = QSize(avail // columns, base.height())
        if size != self.gridSize():
            self.setGridSize(size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_grid()
        super().resizeEvent(event)

    # -- dragging out -------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [self.model().index(r, 0).data(IdRole) for r in rows]

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        drag = QDrag(self)
        drag.setMimeData(encode_image_ids(ids))
        current = self.currentIndex() if self.currentIndex().isValid() else self.selectedIndexes()[0]
        pixmap = current.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            drag.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
        # The catalogue moves images; a drop target never deletes them, so MoveAction is safe.
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)
        self._set_drop_row(None)

    # -- dropping in --------------------------------------------------------------------------------

    def drop_row(self, pos: QPoint) -> int:
        """The row before which a drop at `pos` (viewport coordinates) inserts."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.model().rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.x() > rect.center().x() else 0)

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> str | None:
        mime = event.mimeData()
        ids = decode_image_ids(mime)
        if ids:  # images of this gallery dropped back on it: a reorder; anything else is not ours
            shown = {self.model().index(r, 0).data(IdRole) for r in range(self.model().rowCount())}
            return "reorder" if set(ids) <= shown else None
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            return "files"
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        what = self._accepts(event)
        if what is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction if what == "reorder" else Qt.DropAction.CopyAction)
        event.accept()
        self._set_drop_row(self.drop_row(event.position().toPoint()) if what == "reorder" else None)

    def dragLeaveEvent(self, event: object) -> None:
        self._set_drop_row(None)

    def dropEvent(self, event: QDropEvent) -> None:
        what = self._accepts(event)
        self._set_drop_row(None)
        if what == "reorder":
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.reorder_requested.emit(decode_image_ids(event.mimeData()),
                                        self.drop_row(event.position().toPoint()))
        elif what == "files":
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            paths = [str(Path(url.toLocalFile())) for url in event.mimeData().urls() if url.isLocalFile()]
            self.files_dropped.emit(paths)
        else:
            event.ignore()

    def _set_drop_row(self, row: int | None) -> None:
        if row != self._drop_row:
            self._drop_row = row
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        count = self.model().rowCount() if self.model() else 0
        if count == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
            room = self.viewport().rect().adjusted(8, 0, -8, 0)  # wrapped: the pane is narrow by default
            painter.drawText(room, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()
        if self._drop_row is None or count == 0:
            return
        after = self._drop_row >= count
        rect = self.visualRect(self.model().index(count - 1 if after else self._drop_row, 0))
        x = rect.right() if after else rect.left()
        painter = QPainter(self.viewport())
        painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 3))
        painter.drawLine(x, rect.top() + PADDING, x, rect.bottom() - PADDING)
        painter.end()
