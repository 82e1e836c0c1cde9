"""The importer's batches: pictures handed to workers in chunks, a batch's files made durable together
before its one commit. A row is committed only for a file that is whole and flushed under its name;
a failing flush or copy, a cancel or a broken file costs only those pictures."""

from __future__ import annotations

import concurrent.futures
import errno
import os
import threading
from pathlib import Path

import pytest

from catalog import Catalogue
from catalog.formats.folder import importer
from catalog.formats.folder.importer import import_folder
from catalog.formats.folder.report import ImageItem
from catalog.store import picture_store
from tests.catalog.formats.folder.test_importer import photo, rows
from tests.realdata import REALDATA

MALFORMED = REALDATA / "images-malformed"


def named_files_are_whole(cat: Catalogue) -> list[str]:
    """Every row's file is in the store under its name (and its thumbnail beside it); nothing else is."""
    shas = [sha for sha, in rows(cat, "SELECT sha256 FROM image WHERE missing = 0")]
    for sha in shas:
        assert cat.pictures.path_for(sha).is_file(), sha
        assert picture_store.sha256_of(cat.pictures.path_for(sha)) == sha
        assert cat.pictures.thumbnail_path(sha).is_file(), sha
    stored = {p.name for p in cat.pictures.images_dir.glob("*/*")}
    assert stored == set(shas)
    return shas


def pictures(folder: Path, count: int, seed: int = 0) -> list[Path]:
    return [photo(folder / f"p{n:02}.jpg", seed + n) for n in range(count)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_cannot_be_flushed_gets_no_row_and_the_rest_of_its_batch_goes_on(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    paths = pictures(tmp_path / "in", 12)
    bad = picture_store.sha256_of(paths[5])  # the middle of the one batch
    real = picture_store._fsync
    flushed: list[Path] = []

    def fsync(path: Path) -> OSError | None:
        if path.name == bad:
            return OSError(errno.EIO, "Input/output error")
        flushed.append(path)
        return real(path)

    monkeypatch.setattr(picture_store, "_fsync", fsync)
    report = import_folder(tmp_catalogue, tmp_path / "in", workers=workers)
    assert report.skipped == [("in/p05.jpg", "could not be saved in the catalogue (Input/output error)")]
    shas = named_files_are_whole(tmp_catalogue)  # the unflushed copy was taken out of the store too
    assert len(shas) == 11 and bad not in shas
    assert {tmp_catalogue.pictures.path_for(sha) for sha in shas} <= set(flushed)  # each flushed first
    assert tmp_catalogue.pictures.images_dir in flushed  # and the folders naming them
    assert {tmp_catalogue.pictures.path_for(sha).parent for sha in shas} <= set(flushed)


def test_a_folder_that_cannot_be_flushed_fails_the_pictures_it_names(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = pictures(tmp_path / "in", 6)
    bad = picture_store.sha256_of(paths[2])
    real = picture_store._fsync
    monkeypatch.setattr(picture_store, "_fsync", lambda path: OSError(errno.EIO, "Input/output error")
                        if path.name == bad[:2] else real(path))
    report = import_folder(tmp_catalogue, tmp_path / "in", workers=1)
    same_folder = sorted(f"in/{p.name}" for p in paths if picture_store.sha256_of(p)[:2] == bad[:2])
    assert sorted(name for name, _ in report.skipped) == same_folder
    assert len(named_files_are_whole(tmp_catalogue)) == 6 - len(same_folder)


def test_a_failing_copy_in_the_middle_of_a_chunk_costs_that_picture_alone(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = pictures(tmp_path / "in", 10)
    bad = picture_store.sha256_of(paths[4])
    real = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target).name == bad:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target)

    monkeypatch.setattr(picture_store.os, "replace", replace)  # workers=1: the copies are made here
    report = import_folder(tmp_catalogue, tmp_path / "in", workers=1)
    assert report.skipped == [("in/p04.jpg", "could not be copied into the catalogue (No space left on device)")]
    assert len(named_files_are_whole(tmp_catalogue)) == 9
    assert not [p for p in tmp_catalogue.pictures.images_dir.rglob("*") if p.name.startswith(".incoming-")]


def test_a_file_swept_away_before_its_batch_is_copied_again(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = pictures(tmp_path / "in", 5)
    gone = picture_store.sha256_of(paths[1])
    real = tmp_catalogue.pictures.make_durable_many

    def sweep_then_flush(shas, **kwargs):  # another process's sweep removes a copy before the batch is flushed
        tmp_catalogue.pictures.path_for(gone).unlink(missing_ok=True)
        monkeypatch.undo()
        return real(shas, **kwargs)

    monkeypatch.setattr(tmp_catalogue.pictures, "make_durable_many", sweep_then_flush)
    report = import_folder(tmp_catalogue, tmp_path / "in", workers=1)
    assert not report.skipped and len(report.inbox) == 5
    assert gone in named_files_are_whole(tmp_catalogue)


def test_cancel_in_the_middle_of_a_batch_keeps_only_whole_committed_pictures(
        tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    pictures(tmp_path / "in", 40)
    abort = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int, item: str) -> None:
        seen.append(done)
        if done == 13:  # inside a chunk and inside the first batch of rows
            abort.set()

    report = import_folder(tmp_catalogue, tmp_path / "in", abort=abort, progress=progress, workers=2)
    assert report.cancelled and max(seen) < 40
    shas = named_files_are_whole(tmp_catalogue)  # the uncommitted chunks' copies were removed
    assert len(shas) == len(report.inbox) <= max(seen)
    again = import_folder(tmp_catalogue, tmp_path / "in", workers=2)
    assert not again.cancelled and len(again.inbox) == 40 - len(shas) and len(again.duplicates) == len(shas)
    assert len(named_files_are_whole(tmp_catalogue)) == 40


@pytest.mark.skipif(not MALFORMED.is_dir(), reason="no real data here")
def test_broken_files_among_good_ones_each_get_a_reason_and_the_rest_goes_on(
        tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = []
    for n, path in enumerate(sorted(MALFORMED.iterdir())):  # good and broken files in the same chunks
        if path.suffix.lower() in (".md",):
            continue
        (folder / path.name).symlink_to(path)
        good.append(photo(folder / f"good{n:02}.jpg", 900 + n).name)
    report = import_folder(tmp_catalogue, folder, workers=2)
    stored = {i.original_name for i in tmp_catalogue.images.gallery(None)}
    assert set(good) <= stored
    skipped = dict(report.skipped)
    assert skipped and all(name.startswith("mixed/") and "\n" not in reason and reason
                           for name, reason in skipped.items())
    assert not {name.removeprefix("mixed/") for name in skipped} & set(good)
    named_files_are_whole(tmp_catalogue)


def test_chunks_are_small_when_there_are_few_pictures_and_bounded_in_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK_BYTES", 3000)
    def items(count: int, size: int) -> list[ImageItem]:
        out = []
        for n in range(count):
            path = tmp_path / f"{count}-{size}-{n}.jpg"
            path.write_bytes(b"x" * size)
            out.append(ImageItem(path, path.name, None, "still"))
        return out

    def chunks(planned: list[ImageItem]) -> list[list[ImageItem]]:
        return list(importer._chunks(planned, 2, lambda item: item.path))

    assert [len(c) for c in chunks(items(6, 10))] == [1] * 6  # every worker gets some
    sizes = [len(c) for c in chunks(items(200, 10))]
    assert sum(sizes) == 200 and sizes[:10] == [importer.CHUNK_FILES] * 10
    # Smaller as the pictures left grow few, down to one at a time at the end: no worker is left
    # waiting long for another's last chunk.
    assert sizes == sorted(sizes, reverse=True) and sizes[-4:] == [1, 1, 1, 1]
    big = importer.CHUNK_BYTES // 3 + 1
    assert [len(c) for c in chunks(items(64, big))][:3] == [2, 2, 2]  # a chunk stays within the bytes
    huge = importer.CHUNK_BYTES + 1
    assert [len(c) for c in chunks(items(40, huge))] == [1] * 40  # but always has a picture
    in_order = [item for c in chunks(items(21, 10)) for item in c]
    assert in_order == items(21, 10)


def test_the_first_pictures_are_processed_while_the_import_is_planned(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers start on what the scan found before the films are worked out; the committer takes
    those results for the planned pictures, and nothing is stored for a file the plan passes over
    (a film set's artwork) unless another picture needs it."""
    folder = tmp_path / "Heat (1995)"
    pictures(folder, 12)
    photo(folder / "movieset-poster.jpg", 500)  # the set's art: the plan skips it
    (folder / "movieset-fanart.jpg").write_bytes((folder / "p03.jpg").read_bytes())  # and a copy of p03
    real_plan = importer.plan_import
    early: list[importer._Early] = []
    stored_while_planning: list[int] = []

    class Early(importer._Early):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            early.append(self)

    def plan(*args, **kwargs):  # type: ignore[no-untyped-def]
        handed = [future for _, future in early[0].chunks]
        assert sum(len(paths) for paths, _ in early[0].chunks) == 14  # every picture found, handed over
        concurrent.futures.wait(handed)  # their results come in before the films are worked out
        stored_while_planning.append(len(list(tmp_catalogue.pictures.images_dir.glob("*/*"))))
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(importer, "_Early", Early)
    monkeypatch.setattr(importer, "plan_import", plan)
    report = import_folder(tmp_catalogue, tmp_path, workers=2)
    assert stored_while_planning == [13]  # 14 files, two of them the same picture
    assert sum(len(names) for names in report.imported.values()) == 12 and not report.near_duplicates
    assert sorted(name.rsplit("/", 1)[-1] for name, _ in report.skipped) == ["movieset-fanart.jpg",
                                                                            "movieset-poster.jpg"]
    assert len(named_files_are_whole(tmp_catalogue)) == 12  # the skipped art's own copy is gone, p03's kept


def test_a_cancel_while_the_import_is_planned_leaves_no_file(
        tmp_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pictures(tmp_path / "in", 30)
    abort = threading.Event()
    real_plan = importer.plan_import
    started: list[int] = []

    def plan(cat, scanned, film_id, report, abort_):  # type: ignore[no-untyped-def]
        started.append(len(getattr(pools[0], "_processes", None) or {}))
        abort.set()  # cancelled while the pictures' films are worked out
        report.cancelled = True
        return real_plan(cat, scanned, film_id, report, abort_)

    pools: list[object] = []
    real_executor = importer._executor

    def executor(*args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(real_executor(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr(importer, "_executor", executor)
    monkeypatch.setattr(importer, "plan_import", plan)
    report = import_folder(tmp_catalogue, tmp_path / "in", abort=abort, workers=2)
    assert report.cancelled and started == [2]  # both workers were already at work
    assert named_files_are_whole(tmp_catalogue) == []  # what they stored meanwhile was removed
    assert not list(tmp_catalogue.pictures.thumbnails_dir.glob("*/*/*"))  # nor their thumbnails
    monkeypatch.undo()
    again = import_folder(tmp_catalogue, tmp_path / "in", workers=2)
    assert len(again.inbox) == 30 and len(named_files_are_whole(tmp_catalogue)) == 30
