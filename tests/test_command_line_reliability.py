"""The command line as a hostile tester met it: full disks, broken pipes, strict UTF-8 terminals,
file names that are not UTF-8, missing catalogues. One line on stderr, the right exit code, and the
previous file intact."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.catalog.formats.folder.test_importer import photo
from tests.test_command_line import ROOT, run


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "films.db"
    assert run("--db", str(db), "demo").returncode == 0
    return db


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str = "600k") -> Iterator[Path]:
    """A real, small tmpfs (root only) to fill up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb") as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 65536)
            f.flush()


def test_a_full_disk_while_printing_or_exporting_keeps_the_previous_file(demo_db: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        pdf, export = disk / "shelf.pdf", disk / "shelf.json"
        assert run("--db", str(demo_db), "print", "--all", "--pdf", str(pdf)).returncode == 0
        assert run("--db", str(demo_db), "export", str(export)).returncode == 0
        good_pdf, good_export = pdf.read_bytes(), export.read_bytes()
        fill(disk)
        for args, target in ((["print", "--all", "--pdf", str(pdf)], pdf), (["export", str(export)], export),
                             (["export", str(disk / "shelf.marquee")], disk / "shelf.marquee")):
            error = one_line_error(run("--db", str(demo_db), *args))
            assert str(target) in error and "No space left on device" in error
        assert pdf.read_bytes() == good_pdf and export.read_bytes() == good_export
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "shelf.json", "shelf.pdf"]  # no partial file


def test_a_full_disk_while_exporting_a_folder_leaves_every_file_whole(demo_db: Path, tmp_path: Path) -> None:
    """The HTML site rewrote its pages in place (a full disk left them empty), and the Kodi library
    removed a film's folder before writing its new one (a full disk left no folder at all)."""
    with small_disk(tmp_path, "8m") as disk:
        exports = (("html", disk / "site"), ("kodi", disk / "library"))
        for name, folder in exports:
            assert run("--db", str(demo_db), "export", "--format", name, str(folder)).returncode == 0
        before = {p: p.read_bytes() for p in disk.rglob("*") if p.is_file()}
        assert any(p.suffix == ".nfo" for p in before) and any(p.name == "index.html" for p in before)
        longer = "A story of jazz and dreams. " * 200  # the pages and the .nfo would grow
        assert run("--db", str(demo_db), "edit", "La La Land", "--set", f"synopsis={longer}").returncode == 0
        fill(disk)
        for name, folder in exports:
            error = one_line_error(run("--db", str(demo_db), "export", "--format", name, str(folder)))
            assert str(folder) in error and "No space left on device" in error
        after = {p: p.read_bytes() for p in disk.rglob("*") if p.is_file() and p.name != "filler"}
        assert after == before  # every file as it was, and no partial one
        assert not [p for p in disk.rglob("*") if p.name.endswith(".partial")]


def test_a_full_disk_during_an_import_is_one_line_and_the_catalogue_stays_whole(tmp_path: Path) -> None:
    for n in range(12):
        photo(tmp_path / "in" / f"p{n}.jpg", 700 + n, size=(1200, 900))
    with small_disk(tmp_path, "2m") as disk:
        db = disk / "films.db"
        assert run("--db", str(db), "demo").returncode == 0
        fill(disk)
        result = run("--db", str(db), "import-images", str(tmp_path / "in"))
        assert "Traceback" not in result.stderr
        if result.returncode:  # the catalogue could not even be opened for writing
            assert "disk is full" in one_line_error(result)
        else:  # the disk took the rows but not the pictures: each one is reported
            assert "No space left on device" in result.stdout
        # Room for the catalogue's own files, none for pictures: each picture is reported.
        (disk / "filler").unlink()
        assert run("--db", str(db), "list").returncode == 0
        fill(disk)
        result = run("--db", str(db), "import-images", str(tmp_path / "in"))
        assert "Traceback" not in result.stderr
        assert (result.returncode == 0 and "No space left on device" in result.stdout) or (
            "full" in one_line_error(result)), (result.stdout, result.stderr)
        (disk / "filler").unlink()
        check = run("--db", str(db), "list", "--json")
        assert check.returncode == 0 and len(json.loads(check.stdout)) == 2


def test_list_into_a_closed_pipe_is_quiet(demo_db: Path) -> None:
    script = ("from catalog import open_catalogue\n"  # films enough to fill the pipe
              f"cat = open_catalogue({str(demo_db)!r})\n"
              "for n in range(3000): cat.films.create({'title': f'Film {n}'})\n")
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    main = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(demo_db), "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert main.stdout is not None and main.stderr is not None
    main.stdout.read(100)
    main.stdout.close()  # as `| head` does
    error = main.stderr.read().decode()
    main.wait(timeout=60)
    assert error == "" and main.returncode in (0, 141)


def test_strict_utf8_output_and_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    photo(folder / "ok.jpg", 1)
    os.rename(folder / "ok.jpg", os.fsencode(folder) + b"/caf\xe9.jpg")
    db = tmp_path / "films.db"
    env = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    result = run("--db", str(db), "import-images", str(folder), "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # valid JSON, valid UTF-8
    assert report["inbox"][0]["file"] == "in/caf\ufffd.jpg"
    listing = run("--db", str(db), "list", "--json", env={"PYTHONIOENCODING": "ascii:strict"})
    assert listing.returncode == 0


def test_read_commands_on_a_missing_catalogue_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nowhere.db"
    for args in (["show", "Heat"], ["list"], ["export", str(tmp_path / "x.json")], ["backups"]):
        assert f"no catalogue at {db}" in one_line_error(run("--db", str(db), *args))
    assert list(tmp_path.iterdir()) == []


def test_odd_catalogue_files_are_one_line(tmp_path: Path) -> None:
    import sqlite3

    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    before = foreign.read_bytes()
    half = tmp_path / "half.db"
    half.write_bytes(before[:100] + b"\xff" * 4000)
    for db in (foreign, half, Path("/dev/null"), tmp_path):
        assert str(db) in one_line_error(run("--db", str(db), "list"))
    assert foreign.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["half.db", "other.db"]


def test_backup_backups_and_restore_from_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    made = run("--db", str(demo_db), "backup")
    assert made.returncode == 0 and "Backed up 2 film(s)" in made.stdout
    elsewhere = tmp_path / "copy.db"
    assert run("--db", str(demo_db), "backup", "--to", str(elsewhere)).returncode == 0 and elsewhere.is_file()
    listed = json.loads(run("--db", str(demo_db), "backups", "--json").stdout)
    assert [set(b) for b in listed] == [{"path", "date", "reason", "films", "size"}]
    assert listed[0]["films"] == 2
    run("--db", str(demo_db), "import", str(ROOT / "resources" / "demo" / "demo.json"))
    script = ("from catalog import open_catalogue\n"
              f"cat = open_catalogue({str(demo_db)!r})\ncat.films.create({{'title': 'Heat'}})\n")
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    restored = run("--db", str(demo_db), "restore", Path(listed[0]["path"]).name)
    assert restored.returncode == 0 and "Restored 2 film(s)" in restored.stdout, restored.stderr
    titles = {f["title"] for f in json.loads(run("--db", str(demo_db), "list", "--json").stdout)}
    assert titles == {"La La Land", "Whiplash"}
    assert "before-restore" in run("--db", str(demo_db), "backups").stdout
    assert "no such backup" in one_line_error(run("--db", str(demo_db), "restore", "nope.db"))
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_text("shopping list")
    assert str(not_a_backup) in one_line_error(run("--db", str(demo_db), "restore", str(not_a_backup)))


def test_an_archive_moves_a_catalogue_with_its_pictures(demo_db: Path, tmp_path: Path) -> None:
    archive = tmp_path / "shelf.marquee"
    assert run("--db", str(demo_db), "export", str(archive)).returncode == 0
    other = tmp_path / "other" / "films.db"
    other.parent.mkdir()
    assert "Imported 2 films" in run("--db", str(other), "import", str(archive)).stdout
    doc = json.loads(run("--db", str(other), "show", "La La Land", "--json").stdout)
    assert doc["images"] and all(not i["missing"] and Path(i["path"]).is_file() for i in doc["images"])
