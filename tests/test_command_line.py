"""The command line as a user runs it: a subprocess, its output, its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import open_catalogue

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}, timeout=120)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "films.db"
    assert run("--db", str(db), "demo").returncode == 0
    return db


def test_demo_list_and_show(demo_db: Path) -> None:
    listing = run("--db", str(demo_db), "list")
    assert listing.returncode == 0
    assert "La La Land (2016)" in listing.stdout and "Damien Chazelle" in listing.stdout
    films = json.loads(run("--db", str(demo_db), "list", "--json").stdout)
    assert {(f["title"], f["year"]) for f in films} == {("La La Land", 2016), ("Whiplash", 2014)}
    assert all(set(f) == {"id", "title", "year", "directors"} for f in films)
    shown = run("--db", str(demo_db), "show", "la la land")
    assert "Emma Stone as Mia" in shown.stdout and "Behind the Scenes" in shown.stdout
    doc = json.loads(run("--db", str(demo_db), "show", str(films[0]["id"]), "--json").stdout)
    assert doc["title"] == films[0]["title"]


def test_search_from_the_command_line(demo_db: Path) -> None:
    out = run("--db", str(demo_db), "list", "--search", "whip").stdout
    assert "Whiplash" in out and "La La Land" not in out


def test_environment_variable_picks_the_catalogue(demo_db: Path) -> None:
    out = run("list", env={"MARQUEE_DB": str(demo_db)}).stdout
    assert "Whiplash" in out


def test_demo_twice_adds_nothing(demo_db: Path) -> None:
    again = run("--db", str(demo_db), "demo")
    assert again.returncode == 0 and "Added 0" in again.stdout
    assert len(json.loads(run("--db", str(demo_db), "list", "--json").stdout)) == 2


def test_export_import_round_trip(demo_db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run("--db", str(demo_db), "export", "--json", str(first)).returncode == 0
    other = tmp_path / "other.db"
    imported = run("--db", str(other), "import", "--json", str(first))
    assert imported.returncode == 0 and "Imported 2" in imported.stdout
    run("--db", str(other), "export", "--json", str(second))
    assert json.loads(first.read_text()) == json.loads(second.read_text())


@pytest.mark.parametrize(("args", "message"), [
    (["show", "No Such Film"], "no film 'No Such Film'"),
    (["import", "--json", "/nonexistent/file.json"], "no such file"),
])
def test_user_errors_print_one_line_and_fail(demo_db: Path, args: list[str], message: str) -> None:
    result = run("--db", str(demo_db), *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["lst"], "invalid choice: 'lst'"),
    (["show"], "the following arguments are required: film"),
    (["list", "--sort", "colour"], "invalid choice: 'colour'"),
    (["export", "--format", "docx", "out.docx"], "invalid choice: 'docx' (choose from json, archive, tellico"),
    (["import", "--format", "html", "site"], "invalid choice: 'html' (choose from json, archive, tellico"),
])
def test_mistaken_arguments_print_one_line_and_fail(demo_db: Path, args: list[str], message: str) -> None:
    result = run("--db", str(demo_db), *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "--help" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_help_lists_the_file_formats_a_command_without_help_loads_none() -> None:
    overview = run("--help")
    assert overview.returncode == 0
    assert "read another catalogue into this one: Marquee JSON (json)" in " ".join(overview.stdout.split())
    assert "GCstar (gcstar)" in overview.stdout and "Kodi" in overview.stdout
    assert "one of: json, archive, tellico" in run("import", "--help").stdout
    assert "pdf" in run("export", "-h").stdout.split("one of:")[1]
    loaded = subprocess.run([sys.executable, "-c", (
        "import sys; from catalog import cli; "
        "cli.build_parser(True, cli._asks_for_help(['list'])).parse_args(['list']); "
        "print(sorted(m for m in sys.modules if m.startswith('catalog.formats.')))")],
        capture_output=True, text=True, cwd=ROOT, check=True)
    assert loaded.stdout.strip() == "[]"


def test_unreadable_catalogue_files_are_refused_plainly(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("shopping list")
    for db in (text_file, tmp_path / "missing-folder" / "films.db"):
        result = run("--db", str(db), "list")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert str(db) in result.stderr


def test_newer_catalogue_is_refused(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "films.db"
    run("--db", str(db), "demo")
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migration VALUES (999, 'future', '2030-01-01')")
    result = run("--db", str(db), "list")
    assert result.returncode == 1 and "newer Marquee" in result.stderr


def test_print_sheets_to_pdf(demo_db: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    one = tmp_path / "one.pdf"
    result = run("--db", str(demo_db), "print", "La La Land", "--pdf", str(one), "--paper", "Letter")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(one)
    assert "Emma Stone" in " ".join(reader.pages[0].extract_text().split())
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter: 8.5 in
    batch = tmp_path / "all.pdf"
    assert run("--db", str(demo_db), "print", "--all", "--template", "card", "--pdf", str(batch)).returncode == 0
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(batch).pages]
    assert len(texts) == 2 and "La La Land" in texts[0] and "Whiplash" in texts[1]
    listing = tmp_path / "list.pdf"
    assert run("--db", str(demo_db), "print", "--search", "chazelle", "--template", "list",
               "--pdf", str(listing)).returncode == 0
    assert "Whiplash" in " ".join(PdfReader(listing).pages[0].extract_text().split())


def test_print_errors_are_plain(demo_db: Path, tmp_path: Path) -> None:
    result = run("--db", str(demo_db), "print", "--all", "--template", "nope", "--pdf", str(tmp_path / "x.pdf"))
    assert result.returncode == 1 and "no template 'nope'" in result.stderr and "Traceback" not in result.stderr
    result = run("--db", str(demo_db), "print", "--pdf", str(tmp_path / "x.pdf"))
    assert result.returncode == 1 and "no films to print" in result.stderr


def test_titles_starting_with_digits_are_found_by_title(tmp_path: Path) -> None:
    """A real tinyMediaManager .nfo: 10 Cloverfield Lane, sort title "cloverfield lane"."""
    from tests.realdata import REALDATA

    nfo = REALDATA / "nfo" / "tmm__mp-moving_pictures.nfo"
    if not nfo.is_file():
        pytest.skip("no real .nfo files here")
    folder = tmp_path / "10 Cloverfield Lane (2016)"
    folder.mkdir()
    (folder / "movie.nfo").write_bytes(nfo.read_bytes())
    db = str(tmp_path / "films.db")
    assert run("--db", db, "import-images", str(folder)).returncode == 0
    for ref in ("10 Cloverfield Lane", "10 cloverfield lane (2016)", "1"):
        shown = run("--db", db, "show", ref)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith("10 Cloverfield Lane (2016)") and "Dan Trachtenberg" in shown.stdout
    pdf = tmp_path / "sheet.pdf"
    printed = run("--db", db, "print", "10 Cloverfield Lane", "--pdf", str(pdf))
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    missing = run("--db", db, "show", "10 Cloverfield Lane (1999)")
    assert missing.returncode == 1 and "no film '10 Cloverfield Lane (1999)'" in missing.stderr


def test_import_images_onto_a_film_takes_its_pictures_out_of_unsorted(tmp_path: Path) -> None:
    from tests.library import movie_folder, photos

    folder = movie_folder(tmp_path, "Alien", dict(zip(("poster.jpg", "still.jpg"), photos(2), strict=True)))
    db = str(tmp_path / "films.db")
    first = run("--db", db, "import-images", str(folder), "--json")
    assert first.returncode == 0 and len(json.loads(first.stdout)["inbox"]) == 2
    cat = open_catalogue(Path(db))  # the film is made later (here: by another program)
    cat.films.create({"title": "Alien", "year": 1979})
    cat.close()
    again = run("--db", db, "import-images", str(folder), "--film", "Alien (1979)")
    assert again.returncode == 0, again.stderr
    assert "2 moved out of Unsorted" in again.stdout and "Alien/poster.jpg — to Alien (1979)" in again.stdout
    shown = json.loads(run("--db", db, "show", "Alien", "--json").stdout)
    assert len(shown["images"]) == 2 and shown["poster"] is not None


def test_an_unwritable_pdf_path_says_which_path_and_why(demo_db: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    for out, why in ((tmp_path / "no such folder" / "x.pdf", "no such folder"),
                     (tmp_path / "notes.txt" / "x.pdf", "not a folder"), (tmp_path, "it is a folder")):
        result = run("--db", str(demo_db), "print", "--all", "--pdf", str(out))
        assert result.returncode == 1
        assert str(out) in result.stderr and why in result.stderr and len(result.stderr.splitlines()) == 1
        assert "QPainter" not in result.stderr and "None" not in result.stderr


def test_search_filters_and_syntax_hints_from_the_command_line(demo_db: Path) -> None:
    def titles(query: str) -> set[str]:
        result = run("--db", str(demo_db), "list", "--json", "--search", query)
        assert result.returncode == 0, result.stderr
        return {f["title"] for f in json.loads(result.stdout)}

    assert titles("director:chaz year:2010..2019") == {"La La Land", "Whiplash"}
    assert titles("cast:stone") == {"La La Land"}
    assert titles("chazelle -whiplash") == {"La La Land"}
    assert titles("year:2014") == {"Whiplash"}
    bad = run("--db", str(demo_db), "list", "--search", "year:abc")
    assert bad.returncode == 1 and "year:" in bad.stderr and "Traceback" not in bad.stderr


def test_the_window_without_a_screen_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "f.db")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1 and "no screen" in result.stderr and "Traceback" not in result.stderr
    shot = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "f.db"), "--screenshot",
                             str(shot)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and shot.stat().st_size > 0


def test_import_and_export_tell_the_format_by_content_and_extension(demo_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "exported.json"
    assert run("--db", str(demo_db), "export", str(export)).returncode == 0
    renamed = tmp_path / "from a friend.dat"
    renamed.write_bytes(export.read_bytes())
    other = tmp_path / "other.db"
    imported = run("--db", str(other), "import", str(renamed))
    assert imported.returncode == 0 and "Imported 2 films" in imported.stdout
    again = run("--db", str(other), "import", str(renamed), "--format", "json")
    assert again.returncode == 0 and "2 already there" in again.stdout
    unknown = run("--db", str(other), "export", str(tmp_path / "out.xyz"))
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "--format" in unknown.stderr
    pdf = run("--db", str(other), "export", str(tmp_path / "shelf.pdf"))
    assert pdf.returncode == 0 and (tmp_path / "shelf.pdf").read_bytes().startswith(b"%PDF")
