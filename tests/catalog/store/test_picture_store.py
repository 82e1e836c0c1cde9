"""The picture store: only SHA-256 names reach the disk, and the sweep of files no row names is safe
against other processes (a lock, a grace period, backups' pictures kept)."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog import Catalogue, PictureStore
from catalog.store import picture_store

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", ["../../x", "a" * 63, "A" * 64, "g" * 64, "/etc/passwd", "a" * 64 + "/.."])
def test_the_store_refuses_any_name_but_64_hex_digits(tmp_path: Path, name: str) -> None:
    store = PictureStore(tmp_path / "media")
    for use in (store.path_for, lambda s: store.thumbnail_path(s, 256), store.has,
                lambda s: store.add_bytes(b"x", s), lambda s: store.write_thumbnail(s, 256, b"x"),
                lambda s: store.add_new_bytes(b"x", s), lambda s: store.add_thumbnail(s, 256, b"x")):
        with pytest.raises(ValueError, match="SHA-256"):
            use(name)
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*x*"))


def test_new_files_arrive_whole_under_their_name_once_readable_by_all_whatever_the_umask(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PictureStore(tmp_path / "media")
    data = b"picture bytes" * 1000
    sha = hashlib.sha256(data).hexdigest()
    old = os.umask(0o077)
    try:
        assert store.add_new_bytes(data, sha) is True  # folders made as needed
        assert store.add_new_bytes(b"other bytes", sha) is False  # there already: not written again
        assert store.add_thumbnail(sha, 256, b"thumb") is True
        assert store.add_thumbnail(sha, 256, b"another") is False
    finally:
        os.umask(old)
    assert store.path_for(sha).read_bytes() == data
    assert store.thumbnail_path(sha, 256).read_bytes() == b"thumb"
    for path in (store.path_for(sha), store.thumbnail_path(sha, 256)):
        assert path.stat().st_mode & 0o777 == 0o644
    assert store.make_durable_many([sha]) == {}
    with store.sync_pool() as pool:  # the same with threads of the caller's
        assert store.make_durable_many([sha], pool=pool) == {}
        assert isinstance(store.make_durable_many(["0" * 64], pool=pool)["0" * 64], FileNotFoundError)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(picture_store.os, "write", full)
    other = hashlib.sha256(b"more").hexdigest()
    with pytest.raises(OSError, match="No space"):
        store.add_new_bytes(b"more", other)
    monkeypatch.undo()
    assert not store.has(other)
    assert not [p for p in store.media_dir.rglob("*") if p.name.startswith(picture_store.TEMP_PREFIX)]


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_sweep_skips_while_another_process_adds_pictures(cat: Catalogue) -> None:
    orphan = cat.pictures.add_bytes(b"left by a killed import")
    age(cat.pictures.path_for(orphan), 7200)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom catalog import PictureStore\n"
         f"with PictureStore({str(cat.pictures.media_dir)!r}).writing():\n"
         "    print('holding', flush=True)\n    sys.stdin.read()\n"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        assert cat.sweep_pictures() is None  # another process is importing: nothing is touched
        assert cat.pictures.has(orphan)
    finally:
        holder.communicate("", timeout=30)
    assert cat.sweep_pictures() == 1 and not cat.pictures.has(orphan)


def test_pictures_a_kept_backup_names_are_never_swept_and_a_restore_brings_them_back(
        cat: Catalogue, tmp_path: Path) -> None:
    from PIL import Image

    film = cat.films.create({"title": "Alien", "year": 1979}).id
    Image.new("RGB", (60, 90), "teal").save(tmp_path / "poster.png")
    image = cat.images.add_file(tmp_path / "poster.png", film, kind="poster").id
    assert image is not None
    sha = cat.images.get(image).sha256
    cat.backups.create("manual")
    cat.images.remove([image])
    age(cat.pictures.path_for(sha), 7200)
    assert cat.sweep_pictures() == 0 and cat.pictures.has(sha)
    safety, _ = cat.backups.restore(cat.backups.kept()[0].path)
    assert safety is not None and safety.exists()
    [back] = cat.images.gallery(film)
    assert back.sha256 == sha and not back.missing and Path(back.path or "").is_file()
