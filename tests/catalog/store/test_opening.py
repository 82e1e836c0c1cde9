"""Opening files as they come: another program's SQLite file, damaged and odd files, a missing
file for a read, a read-only medium. Nothing is written to a file that is not a catalogue."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import CatalogueError, CatalogueFileError, open_catalogue


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_file(path: Path, wal: bool = False) -> Path:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode = wal")
    con.execute("CREATE TABLE film (id INTEGER PRIMARY KEY, title TEXT)")  # even a table named film
    con.execute("INSERT INTO film VALUES (1, 'not ours')")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("wal", [False, True])
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path: Path, wal: bool) -> None:
    path = foreign_file(tmp_path / "other.db", wal)
    before = digest(path)
    for create in (True, False):
        with pytest.raises(CatalogueFileError, match="another program; it was not changed"):
            open_catalogue(path, create=create)
    assert digest(path) == before
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if wal else "delete")
        assert {r[0] for r in con.execute("SELECT name FROM sqlite_master")} == {"film"}
    assert not (tmp_path / "other.media").exists() and not (tmp_path / "other.backups").exists()


def test_damaged_and_odd_files_are_one_plain_line(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    open_catalogue(good).close()
    half = tmp_path / "half.db"
    half.write_bytes(good.read_bytes()[:100] + b"\xff" * 3000)
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(5000))
    for path, reason in ((half, "damaged"), (noise, "not an SQLite database"),
                         (Path("/dev/null"), "not a regular file"), (tmp_path, "it is a folder")):
        with pytest.raises(CatalogueFileError) as caught:
            open_catalogue(path)
        assert reason in str(caught.value) and str(path) in str(caught.value)
        assert "\n" not in str(caught.value)


def test_a_read_on_a_missing_file_says_no_catalogue_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileError, match=f"no catalogue at {tmp_path / 'films.db'}"):
        open_catalogue(tmp_path / "films.db", create=False)
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def read_only_mount(tmp_path: Path) -> Iterator[Path]:
    """A real read-only file system (a tmpfs remounted read-only), or a skip where we may not mount."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only medium needs root")
    mount = tmp_path / "medium"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_catalogue_on_a_read_only_medium_opens_read_only(tmp_path: Path) -> None:
    with read_only_mount(tmp_path) as medium:
        cat = open_catalogue(medium / "films.db")
        cat.films.create({"title": "Vertigo", "year": 1958})
        cat.close()  # the last connection folds the WAL back into the file
        assert subprocess.run(["mount", "-o", "remount,ro", str(medium)], capture_output=True).returncode == 0
        before = digest(medium / "films.db")
        cat = open_catalogue(medium / "films.db")
        try:
            assert cat.read_only_reason == "the medium is read-only"
            assert [r.title for r in cat.films.listing("vertigo")] == ["Vertigo"]
            assert cat.films.document(cat.films.find("Vertigo"))["year"] == 1958
            with pytest.raises(CatalogueError, match="read-only"):
                cat.films.create({"title": "Psycho"})
            assert cat.sweep_pictures() == 0 and cat.backups.daily() is None
        finally:
            cat.close()
        assert digest(medium / "films.db") == before


def test_opened_read_only_on_request_refuses_every_change(tmp_path: Path) -> None:
    path = tmp_path / "films.db"
    open_catalogue(path).close()
    cat = open_catalogue(path, read_only=True)
    try:
        assert cat.read_only_reason
        with pytest.raises(CatalogueError, match="read-only"):
            cat.films.create({"title": "Psycho"})
    finally:
        cat.close()
