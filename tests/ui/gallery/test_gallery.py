"""GalleryPane: showing galleries, undoable edits, drag and drop, the viewer, 500 images."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QListView

from catalog import Catalogue
from catalog.imaging import probe as imaging
from tests.ui.gallery.test_thumbnails import add_photos, make_photo
from ui.context import AppContext
from ui.gallery.gallery_model import IMAGE_IDS_MIME, GalleryModel, decode_image_ids, encode_image_ids
from ui.gallery.gallery_pane import GalleryPane
from ui.gallery.image_dialogs import ImageDialog
from ui.gallery.image_viewer import ImageViewer


@pytest.fixture
def context(qapp, catalogue: Catalogue) -> Iterator[AppContext]:
    ctx = AppContext(catalogue)
    yield ctx
    ctx.close()


@pytest.fixture
def film(catalogue: Catalogue, tmp_path: Path) -> tuple[int, list[int]]:
    film_id = catalogue.films.create({"title": "The Third Man", "year": 1949}).id
    return film_id, add_photos(catalogue, tmp_path / "src", 4, film_id)


@pytest.fixture
def pane(qtbot, context: AppContext) -> Iterator[GalleryPane]:
    widget = GalleryPane(context)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget
    widget.shutdown()


def ids_of(pane: GalleryPane) -> list[int]:
    return pane.model.ids()


def test_contract(pane):
    assert pane.objectName() == "galleryBox"
    view = pane.findChild(QListView, "galleryPane")
    assert view is pane.view and view.viewMode() == QListView.ViewMode.IconMode
    assert view.uniformItemSizes()


def test_model_passes_qt_model_tests(qtmodeltester, pane, film):
    pane.show_film(film[0])
    qtmodeltester.check(pane.model)


def test_show_film_lists_images_and_thumbnails_arrive(qtbot, pane, film, catalogue):
    film_id, ids = film
    pane.show_film(film_id)
    assert ids_of(pane) == ids
    assert pane.title.text() == "The Third Man (1949)" and pane.count.text() == "4 pictures"
    infos = pane.model.images()
    qtbot.waitUntil(lambda: all(pane.cache.cached(i.sha256) for i in infos), timeout=15000)
    for info in infos:
        assert catalogue.pictures.thumbnail_path(info.sha256, 256).is_file()
    pane.show_film(None)
    assert pane.model.rowCount() == 0 and pane.title.text() == "No film selected"


def test_a_gallery_asks_for_its_first_thumbnails_before_it_paints(qtbot, context, film) -> None:
    """They are read while the window is laid out, not from its first paint on: a pane never shown
    (never painted) has them all."""
    widget = GalleryPane(context)
    qtbot.addWidget(widget)
    widget.show_film(film[0])
    infos = widget.model.images()
    assert len(infos) == 4 and not widget.isVisible()
    qtbot.waitUntil(lambda: all(widget.cache.cached(i.sha256) for i in infos), timeout=15000)
    widget.shutdown()


def test_set_poster_and_undo(qtbot, pane, film, catalogue, context):
    film_id, ids = film
    catalogue.images.set_poster(film_id, ids[0])
    pane.show_film(film_id)
    pane.set_poster(ids[2])
    sha = {i: catalogue.images.get(i).sha256 for i in ids}
    assert catalogue.films.document(film_id)["poster"] == sha[ids[2]]
    qtbot.waitUntil(lambda: pane.model.poster_id() == ids[2])
    context.undo_stack.undo()
    assert catalogue.films.document(film_id)["poster"] == sha[ids[0]]
    qtbot.waitUntil(lambda: pane.model.poster_id() == ids[0])


def test_edit_caption_through_the_dialog_and_undo(qtbot, pane, film, catalogue, context, monkeypatch):
    film_id, ids = film
    pane.show_film(film_id)
    pane.view.setCurrentIndex(pane.model.index(1))

    def fake_exec(dialog: ImageDialog) -> int:
        dialog.set_values(caption="Harry Lime, at last", kind="backdrop", credit="Robert Krasker")
        return ImageDialog.DialogCode.Accepted

    monkeypatch.setattr(ImageDialog, "exec", fake_exec)
    pane.named_actions["edit"].trigger()
    info = catalogue.images.get(ids[1])
    assert (info.caption, info.kind, info.credit) == ("Harry Lime, at last", "backdrop", "Robert Krasker")
    qtbot.waitUntil(lambda: pane.model.index(1).data() == "Harry Lime, at last")
    context.undo_stack.undo()
    info = catalogue.images.get(ids[1])
    assert (info.caption, info.kind, info.credit) == (None, "still", None)
    qtbot.waitUntil(lambda: pane.model.index(1).data() == info.original_name)


def test_remove_sends_to_inbox_and_undo_puts_it_back_in_place(qtbot, pane, film, catalogue, context):
    film_id, ids = film
    catalogue.images.set_poster(film_id, ids[1])
    pane.show_film(film_id)
    pane.view.setCurrentIndex(pane.model.index(1))
    pane.activateWindow()
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus)
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert [i.id for i in catalogue.images.gallery(None)] == [ids[1]]
    assert Path(catalogue.images.get(ids[1]).path).is_file()  # the file is kept
    qtbot.waitUntil(lambda: ids_of(pane) == [ids[0], ids[2], ids[3]])
    qtbot.waitUntil(lambda: pane.inbox_button.text() == "Unsorted (1)")
    pane.inbox_button.click()
    assert pane.showing_inbox and ids_of(pane) == [ids[1]] and pane.title.text() == "Unsorted"
    assert not pane.named_actions["remove"].isEnabled() or not pane.view.selected_ids()
    pane.inbox_button.click()
    assert pane.film_id == film_id
    context.undo_stack.undo()
    assert [i.id for i in catalogue.images.gallery(film_id)] == ids
    assert catalogue.films.document(film_id)["poster"] == catalogue.images.get(ids[1]).sha256
    qtbot.waitUntil(lambda: ids_of(pane) == ids)


def test_reorder_by_drop_and_undo(qtbot, pane, film, catalogue, context):
    film_id, ids = film
    pane.show_film(film_id)
    qtbot.waitUntil(lambda: pane.view.visualRect(pane.model.index(3)).isValid())
    target = pane.view.visualRect(pane.model.index(0)).center() - QPoint(20, 0)  # left half of row 0
    mime = encode_image_ids([ids[2], ids[3]])
    with qtbot.waitSignal(pane.view.reorder_requested):
        _drop(pane.view, mime, target, Qt.DropAction.MoveAction)
    assert [i.id for i in catalogue.images.gallery(film_id)] == [ids[2], ids[3], ids[0], ids[1]]
    qtbot.waitUntil(lambda: ids_of(pane) == [ids[2], ids[3], ids[0], ids[1]])
    context.undo_stack.undo()
    assert [i.id for i in catalogue.images.gallery(film_id)] == ids
    qtbot.waitUntil(lambda: ids_of(pane) == ids)


def test_drag_out_carries_image_ids(pane, film):
    pane.show_film(film[0])
    mime = pane.model.mimeData([pane.model.index(2), pane.model.index(0)])
    assert mime.hasFormat(IMAGE_IDS_MIME)
    assert decode_image_ids(mime) == [film[1][0], film[1][2]]


def test_drop_files_adds_them_reports_the_bad_one_and_undo_takes_them_out_again(
        qtbot, pane, film, catalogue, context, tmp_path):
    film_id, ids = film
    pane.show_film(film_id)
    good = make_photo(tmp_path / "new still.jpg", 77)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not an image")
    folder = tmp_path / "Extras"
    folder.mkdir()
    messages: list[str] = []
    context.status_message.connect(messages.append)
    threads: list[bool] = []
    pane.files_added.connect(lambda *_: threads.append(threading.current_thread() is threading.main_thread()))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, bad, folder)])
    with qtbot.waitSignal(pane.import_requested) as folders, \
            qtbot.waitSignal(pane.files_added, timeout=15000) as added:
        _drop(pane.view, mime, QPoint(50, 50), Qt.DropAction.CopyAction)
    assert folders.args == [[str(folder)], film_id]
    new_ids, rejected = added.args
    assert len(new_ids) == 1 and catalogue.images.get(new_ids[0]).original_name == "new still.jpg"
    assert rejected == [("broken.jpg", "not an image file (format not recognised)")]
    assert any("broken.jpg" in m for m in messages)
    assert threads == [True]  # the result is handled (undo pushed, box shown) on the GUI thread
    assert "broken.jpg" in pane.report_box.text()
    qtbot.waitUntil(lambda: ids_of(pane) == [*ids, new_ids[0]])
    stored = Path(catalogue.images.get(new_ids[0]).path)
    context.undo_stack.undo()
    assert catalogue.images.by_sha(stored.name) is None  # out of the catalogue (and not in Unsorted)
    assert catalogue.images.count(None) == 0
    assert stored.is_file() and good.is_file()  # no file is deleted: the stored copy, the user's own
    qtbot.waitUntil(lambda: ids_of(pane) == ids)
    context.undo_stack.redo()
    assert catalogue.images.get(new_ids[0]).film_id == film_id
    qtbot.waitUntil(lambda: ids_of(pane) == [*ids, new_ids[0]])


def test_viewer_opens_on_double_click_steps_and_zooms(qtbot, pane, film):
    film_id, ids = film
    pane.show_film(film_id)
    qtbot.waitUntil(lambda: pane.view.visualRect(pane.model.index(1)).isValid())
    center = pane.view.visualRect(pane.model.index(1)).center()
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    viewer = pane.viewer
    assert isinstance(viewer, ImageViewer) and viewer.isVisible()
    assert viewer.current().id == ids[1]
    qtbot.waitUntil(lambda: viewer.item.pixmap().width() == 480, timeout=10000)  # the full image
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow)
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.current().id == ids[2]
    qtbot.keyClick(viewer, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert not viewer.fit_mode
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.fit_mode
    viewer.named_actions["previous"].trigger()
    viewer.named_actions["previous"].trigger()
    assert viewer.current().id == ids[0]
    viewer.named_actions["previous"].trigger()  # wraps around
    assert viewer.current().id == ids[3]
    viewer.named_actions["actual"].trigger()
    assert viewer.zoom == pytest.approx(1.0)
    viewer.named_actions["zoom_in"].trigger()
    assert viewer.zoom == pytest.approx(1.25)
    viewer.named_actions["zoom_out"].trigger()
    viewer.named_actions["zoom_out"].trigger()
    assert viewer.zoom == pytest.approx(0.8)
    viewer.named_actions["fit"].trigger()
    assert viewer.fit_mode and viewer.zoom <= 1.0
    keys = {k.toString() for a in viewer.named_actions.values() for k in a.shortcuts()}
    assert {"Ctrl+=", "Ctrl+-", "Ctrl+0", "Right", "Left"} <= keys
    before = viewer.zoom
    wheel = QWheelEvent(QPointF(100, 100), QPointF(100, 100), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewer.view.viewport(), wheel)
    assert viewer.zoom == pytest.approx(before * 1.25) and not viewer.fit_mode


def test_captions_are_plain_text(qtbot, pane, film, catalogue):
    film_id, ids = film
    catalogue.images.update(ids[0], {"caption": "<b>bold</b>"})
    pane.show_film(film_id)
    assert pane.model.index(0).data() == "<b>bold</b>"
    assert "&lt;b&gt;bold&lt;/b&gt;" in pane.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    viewer = pane.open_viewer(0)
    assert viewer.caption.text() == "<b>bold</b>"
    assert viewer.caption.textFormat() == Qt.TextFormat.PlainText
    dialog = ImageDialog(catalogue.images.get(ids[0]), pane.cache, pane)
    assert dialog.values()["caption"] == "<b>bold</b>"


def test_500_images_show_at_once_without_decoding(qtbot, pane, catalogue, monkeypatch):
    film_id = catalogue.films.create({"title": "Big gallery"}).id
    with catalogue.transaction("test"):
        for n in range(500):
            sha = catalogue.pictures.add_bytes(_tiny_jpeg(n))
            catalogue.images.add_record(sha256=sha, original_name=f"{n}.jpg", film_id=film_id)
    on_gui: list[bool] = []
    real = imaging.make_thumbnail

    def counting(path: Path, max_size: int = 256) -> bytes:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(path, max_size)

    monkeypatch.setattr(imaging, "make_thumbnail", counting)
    pane.show_film(film_id)
    assert pane.model.rowCount() == 500
    assert not any(on_gui)  # show_film decoded nothing itself (workers may be making the first screen's)
    QApplication.processEvents()
    visible = [r for r in range(500) if pane.view.viewport().rect().intersects(
        pane.view.visualRect(pane.model.index(r)))]
    assert 0 < len(visible) < 100
    qtbot.waitUntil(lambda: all(pane.cache.cached(pane.model.info(r).sha256) for r in visible), timeout=20000)
    assert not any(on_gui)
    assert len(on_gui) < 100  # only what was painted was rendered, not the whole gallery


def _drop(view: QListView, mime: QMimeData, pos: QPoint, action: Qt.DropAction) -> None:
    """Drag enter (Qt routes the drop to whoever accepted it), then drop, at pos in the viewport."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(pos), action, mime, buttons, modifiers))


def _tiny_jpeg(n: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    out = io.BytesIO()
    img = Image.new("RGB", (96, 64), (n % 256, 90, 160))
    ImageDraw.Draw(img).text((10, 20), f"#{n}", fill="white")
    img.save(out, "JPEG")
    return out.getvalue()


def test_model_routes_thumbnails_to_rows(qtbot, catalogue, film):
    from ui.gallery.thumbnails import ThumbnailCache

    cache = ThumbnailCache(catalogue.pictures, 100)
    model = GalleryModel(cache)
    model.set_images(catalogue.images.gallery(film[0]))
    try:
        with qtbot.waitSignal(model.dataChanged, timeout=10000) as changed:
            model.index(2).data(Qt.ItemDataRole.DecorationRole)
        assert changed.args[0].row() == 2
    finally:
        cache.close()


def test_delete_key_in_the_grid_removes_from_film_not_the_window_delete(qtbot, context, catalogue, film):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    film_id, ids = film
    window = QWidget()  # with the main window's "Delete film" on the same key
    qtbot.addWidget(window)
    deleted_film: list[bool] = []
    window_delete = QAction("Delete film", window)
    window_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    window_delete.triggered.connect(lambda: deleted_film.append(True))
    window.addAction(window_delete)
    pane = GalleryPane(context)
    QVBoxLayout(window).addWidget(pane)
    window.resize(900, 600)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane.show_film(film_id)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(1))
    QTest.keyClick(pane.view, Qt.Key.Key_Delete)
    assert catalogue.images.get(ids[1]).film_id is None and not deleted_film
    qtbot.waitUntil(lambda: ids_of(pane) == [ids[0], *ids[2:]])
    pane.view.clearSelection()
    QTest.keyClick(pane.view, Qt.Key.Key_Delete)  # nothing selected: still not the window's Delete
    assert not deleted_film
    pane.shutdown()


def test_files_dropped_with_no_film_shown_land_in_unsorted_and_show_there(qtbot, pane, catalogue, tmp_path):
    pane.show_film(None)
    photo = make_photo(tmp_path / "loose.jpg", 5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    with qtbot.waitSignal(pane.files_added, timeout=15000) as added:
        _drop(pane.view, mime, QPoint(50, 50), Qt.DropAction.CopyAction)
    [new] = added.args[0]
    assert catalogue.images.get(new).film_id is None
    assert pane.showing_inbox and pane.title.text() == "Unsorted"
    qtbot.waitUntil(lambda: ids_of(pane) == [new])


def test_a_narrow_pane_shows_the_whole_title_above_the_count(qtbot, context, film) -> None:
    """At the window's default layout the gallery is ~300 px wide: the title was cut to "The …"
    when it shared its row with the count and the Unsorted button."""
    widget = GalleryPane(context)
    qtbot.addWidget(widget)
    widget.resize(300, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_film(film[0])
    title = widget.title
    assert title.text() == "The Third Man (1949)"
    assert title.width() >= title.fontMetrics().horizontalAdvance(title.text())
    assert title.geometry().bottom() < widget.count.geometry().top()
    widget.shutdown()


def test_the_empty_gallery_message_wraps_in_a_narrow_pane(qtbot, context, catalogue) -> None:
    """"Drop image files here to add them." was cut at both edges of a pane of the default width."""
    widget = GalleryPane(context)
    qtbot.addWidget(widget)
    widget.resize(190, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_film(catalogue.films.create({"title": "Empty"}).id)
    image = widget.view.viewport().grab().toImage()
    background = image.pixelColor(image.width() // 2, 2)

    def inked(x: int) -> bool:
        return any(image.pixelColor(x, y) != background for y in range(image.height()))

    assert any(inked(x) for x in range(image.width()))  # the message is there
    assert not any(inked(x) for x in (0, 1, 2, image.width() - 3, image.width() - 2, image.width() - 1))
    widget.shutdown()
