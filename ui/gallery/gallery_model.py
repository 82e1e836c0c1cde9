"""GalleryModel: one gallery (a film's images, or the unsorted inbox) as a flat list model.

It holds the ImageInfo list the catalogue handed out (a gallery is hundreds of images, not the
whole catalogue) and asks the ThumbnailCache for DecorationRole only when the view paints a row,
so only visible items are ever rendered. Drags out carry `application/x-marquee-image-ids`."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from catalog.model.rows import ImageInfo
from ui.gallery.thumbnails import ThumbnailCache

if TYPE_CHECKING:
    from catalog.formats.folder.guess import Guess

IMAGE_IDS_MIME = "application/x-marquee-image-ids"

Index = QModelIndex | QPersistentModelIndex
InfoRole = Qt.ItemDataRole.UserRole + 1      # the ImageInfo
IdRole = Qt.ItemDataRole.UserRole + 2        # the image id
PosterRole = Qt.ItemDataRole.UserRole + 3    # True for the film's poster
KindRole = Qt.ItemDataRole.UserRole + 4      # 'still', 'poster', 'backdrop', ...
MissingRole = Qt.ItemDataRole.UserRole + 5   # True when the stored file is gone
DetailRole = Qt.ItemDataRole.UserRole + 6    # lines under the caption (Unsorted: source folder, best guess)
GuessRole = Qt.ItemDataRole.UserRole + 7     # Unsorted: the Guess of catalog.formats.folder.guess


def encode_image_ids(ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(IMAGE_IDS_MIME, json.dumps(ids).encode())
    return mime


def decode_image_ids(mime: QMimeData) -> list[int]:
    """The image ids a drag carries; [] for anything malformed."""
    if not mime.hasFormat(IMAGE_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(IMAGE_IDS_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return []
    return [int(i) for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def display_caption(info: ImageInfo) -> str:
    return (info.caption or "").strip() or info.original_name


class GalleryModel(QAbstractListModel):
    """Rows are images in gallery order. GUI thread only."""

    def __init__(self, cache: ThumbnailCache, parent: Any = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self._images: list[ImageInfo] = []
        self._rows: dict[str, int] = {}  # sha -> row, to route thumbnail_ready
        self.poster_sha: str | None = None
        self.guesses: dict[int, Guess] = {}
        cache.thumbnail_ready.connect(self._on_thumbnail)

    # -- contents -----------------------------------------------------------------------------------

    def set_images(self, images: list[ImageInfo], poster_sha: str | None = None,
                   guesses: Mapping[int, Guess] | None = None) -> None:
        """Show another gallery, or the same one changed. Same ids in the same order update in
        place (dataChanged for the rows that differ); anything else resets the model. `guesses`
        (the inbox): where each picture came from and its likely film, shown under its caption."""
        old_guesses, self.guesses = self.guesses, dict(guesses or {})
        same = [i.id for i in images] == [i.id for i in self._images] and old_guesses == self.guesses
        if same:
            old, old_poster = self._images, self.poster_sha
            self._images, self.poster_sha = list(images), poster_sha
            touched = {old_poster, poster_sha} if old_poster != poster_sha else set()
            for row, (a, b) in enumerate(zip(old, images, strict=True)):
                if a != b or b.sha256 in touched:
                    index = self.index(row)
                    self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._images, self.poster_sha = list(images), poster_sha
        self._rows = {info.sha256: row for row, info in enumerate(self._images)}
        self.endResetModel()

    def set_guesses(self, guesses: Mapping[int, Guess]) -> None:
        """The inbox's guesses, found after its pictures were shown: the rows whose guess changed
        are drawn again."""
        old, self.guesses = self.guesses, dict(guesses)
        for row, info in enumerate(self._images):
            if old.get(info.id) != self.guesses.get(info.id):
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def images(self) -> list[ImageInfo]:
        return list(self._images)

    def ids(self) -> list[int]:
        return [info.id for info in self._images]

    def info(self, row: int) -> ImageInfo:
        return self._images[row]

    def row_of(self, image_id: int) -> int:
        return next((r for r, info in enumerate(self._images) if info.id == image_id), -1)

    def poster_id(self) -> int | None:
        return next((i.id for i in self._images if i.sha256 == self.poster_sha), None)

    def _on_thumbnail(self, sha: str) -> None:
        row = self._rows.get(sha)
        if row is not None and row < len(self._images) and self._images[row].sha256 == sha:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- Qt model -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._images)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._images):
            return None
        info = self._images[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_caption(info)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.cache.pixmap(info)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(info, info.sha256 == self.poster_sha)
        if role == InfoRole:
            return info
        if role == IdRole:
            return info.id
        if role == PosterRole:
            return info.sha256 == self.poster_sha
        if role == KindRole:
            return info.kind
        if role == MissingRole:
            return info.missing
        if role == GuessRole:
            return self.guesses.get(info.id)
        if role == DetailRole:
            guess = self.guesses.get(info.id)
            if guess is None:
                return []
            return [f"from {guess.folder}/" if guess.folder else "from an unknown folder",
                    f"→ {guess.label}" if guess.label else "→ no film guessed"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [IMAGE_IDS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_image_ids([self._images[r].id for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


def _tooltip(info: ImageInfo, poster: bool) -> str:
    """Rich text built from escaped user text: a caption '<b>' shows as those characters."""
    lines = [f"<b>{html.escape(display_caption(info))}</b>"]
    facts = [info.kind.replace("_", " ")] + (["poster"] if poster else [])
    if info.width and info.height:
        facts.append(f"{info.width}×{info.height}")
    if info.format:
        facts.append(info.format)
    lines.append(html.escape(" · ".join(facts)))
    if info.credit:
        lines.append(html.escape(f"Credit: {info.credit}"))
    if info.original_path:
        lines.append(html.escape(f"From {info.original_path}"))
    if info.missing:
        lines.append("<i>The image file is missing from the store.</i>")
    return "<p style='white-space:pre'>" + "<br>".join(lines) + "</p>"
