"""The film as a readable page in a QTextBrowser: the HTML comes from `catalog.render.page`; this
widget loads the poster off the GUI thread and handles links (person names emit `person_clicked`,
an open loan's "Mark returned" `loan_return_requested`, http(s) links open in the browser, nothing
else is ever fetched). GUI thread only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from catalog.model.documents import FilmDoc
from catalog.render.film_view import best_poster
from catalog.render.page import PHOTO_WIDTH, POSTER_WIDTH, SIDE_BY_SIDE_WIDTH, STACKED_WIDTH, STYLE, film_html
from ui.context import AppContext

CACHED_POSTER_BYTES = 256 << 10  # a cached thumbnail this small is read on the GUI thread (see _load_poster)


def _no_progress(*_args: object) -> None:
    pass


def poster_job(thumb: Path, source: str | None, width: int, ratio: float) -> Callable[..., QImage | None]:
    """A TaskRunner job making the poster image at display size: the cached thumbnail when there is
    one, else a scaled decode of the file (QImageReader scales while decoding)."""
    def job(abort: threading.Event, progress: Callable[..., None]) -> QImage | None:
        reader = QImageReader(str(thumb) if thumb.is_file() else (source or ""))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > width * ratio * 2:
            reader.setScaledSize(size.scaled(QSize(int(width * ratio * 2), 100000),
                                             Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if abort.is_set() or image.isNull():
            return None
        image = image.scaledToWidth(int(width * ratio), Qt.TransformationMode.SmoothTransformation)
        image.setDevicePixelRatio(ratio)
        return image
    return job


class FilmPageView(QTextBrowser):
    """Shows one film document. Emits person_clicked(person_id); opens http(s) links itself."""

    person_clicked = Signal(int)
    loan_return_requested = Signal(int)  # an open loan's "Mark returned" link (its loan id)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmPage")
        self.context = context
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTextBrowser { background: #ffffff; }")
        self.document().setDefaultStyleSheet(STYLE)
        self.document().setDocumentMargin(22)
        self.anchorClicked.connect(self._on_anchor)
        self.doc: FilmDoc | None = None
        self._posters: dict[str, QImage] = {}
        self._photos: dict[str, QImage] = {}
        self._loading: set[str] = set()
        self._layout = (False, False)  # the page as last laid out: the text under the poster; values under labels

    def show_document(self, doc: FilmDoc | None) -> None:
        """Render `doc` (None clears), keeping the scroll position when it is the same film."""
        same = self.doc is not None and doc is not None and self.doc["id"] == doc["id"]
        scroll = self.verticalScrollBar().value()
        self.doc = doc
        if doc is None:
            self.clear()
            return
        poster = best_poster(doc)
        sha = poster["sha256"] if poster else None
        if sha and sha not in self._posters:
            self._load_poster(doc, sha)  # (a small cached thumbnail is in _posters now, for this layout)
        url = f"poster:{sha}" if sha and sha in self._posters else None
        self._layout = self._layout_for(self._page_width())
        self.setHtml(film_html(doc, url, lambda photo: f"photo:{photo}" if photo in self._photos else None,
                               width=self._page_width()))
        if same:
            self.verticalScrollBar().setValue(scroll)
        for credit in doc.get("credits") or []:
            photo = credit.get("photo")
            if photo and credit.get("role") == "actor" and photo not in self._photos:
                self._load_photo(photo)

    def _page_width(self) -> int:
        return self.viewport().width() - 2 * int(self.document().documentMargin())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.doc is not None and self._layout_for(self._page_width()) != self._layout:
            self.show_document(self.doc)  # the poster beside the text or above it; values beside labels or under

    @staticmethod
    def _layout_for(width: int) -> tuple[bool, bool]:
        return width < SIDE_BY_SIDE_WIDTH, width < STACKED_WIDTH

    def _load_photo(self, sha: str) -> None:
        """An actor's photo beside the name in the cast: loaded off the GUI thread, then shown."""
        if f"photo:{sha}" in self._loading:
            return
        self._loading.add(f"photo:{sha}")
        pictures = self.context.catalogue.pictures
        source = pictures.path_for(sha)
        task = self.context.tasks.start(poster_job(pictures.thumbnail_path(sha, 256), str(source), PHOTO_WIDTH,
                                                   self.devicePixelRatioF()), uses_catalogue=False)
        task.done.connect(lambda: self._photo_loaded(sha, task.result))
        if task.result is not None:
            self._photo_loaded(sha, task.result)

    def _photo_loaded(self, sha: str, image: QImage | None) -> None:
        self._loading.discard(f"photo:{sha}")
        if image is None or sha in self._photos:
            return
        self._photos[sha] = image
        if self.doc is not None and any(c.get("photo") == sha for c in self.doc.get("credits") or []):
            self.show_document(self.doc)

    def _load_poster(self, doc: FilmDoc, sha: str) -> None:
        """The poster at display size. From a small cached thumbnail it is read here (~1 ms: a few
        KB), so that the page is laid out once, poster and all: handed to a worker, at start-up it
        came ~70 ms after the window's first frame and the page was laid out again. Anything else
        (a big file, or only the picture itself) is read by a worker, then the page laid out anew."""
        if sha in self._loading:
            return
        thumb = self.context.catalogue.pictures.thumbnail_path(sha)
        try:
            cached = thumb.stat().st_size
        except OSError:
            cached = None
        if cached is not None and cached <= CACHED_POSTER_BYTES:
            image = poster_job(thumb, None, POSTER_WIDTH, self.devicePixelRatioF())(threading.Event(), _no_progress)
            if image is not None:
                self._posters[sha] = image
                return
        source = next((i["path"] for i in doc["images"] if i["sha256"] == sha), None)
        if source is None and cached is None:
            return
        self._loading.add(sha)
        task = self.context.tasks.start(poster_job(thumb, source, POSTER_WIDTH, self.devicePixelRatioF()),
                                        uses_catalogue=False)  # (files only: no connection to open)
        task.done.connect(lambda: self._poster_loaded(sha, task.result))
        if task.result is not None:  # finished before the connection was made
            self._poster_loaded(sha, task.result)

    def _poster_loaded(self, sha: str, image: QImage | None) -> None:
        self._loading.discard(sha)
        if image is None or sha in self._posters:
            return
        self._posters[sha] = image
        if self.doc is not None and (best_poster(self.doc) or {}).get("sha256") == sha:
            self.show_document(self.doc)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        if isinstance(url, str):  # Qt passes a QUrl; a Python caller may pass text
            url = QUrl(url)
        if url.scheme() == "poster" and kind == QTextDocument.ResourceType.ImageResource.value:
            return self._posters.get(url.path())
        if url.scheme() == "photo" and kind == QTextDocument.ResourceType.ImageResource.value:
            return self._photos.get(url.path())
        return None  # never fetch anything a user string might name

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "person" and url.path().isdigit():
            self.person_clicked.emit(int(url.path()))
        elif url.scheme() == "return" and url.path().isdigit():
            self.loan_return_requested.emit(int(url.path()))
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
