"""catalog.importer: folders of pictures and Kodi/Jellyfin/Plex movie folders into the catalogue."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from catalog import Catalogue, open_catalogue
from catalog.formats.folder.importer import import_folder, import_items, import_paths
from catalog.formats.json_catalogue import export_document
from catalog.store.picture_store import SWEEP_GRACE_SECONDS, TEMP_PREFIX


def photo(path: Path, seed: int, size: tuple[int, int] = (320, 240), quality: int = 90) -> Path:
    """A seeded photo-like picture (random coloured blocks, smoothly scaled): distinct perceptual hashes."""
    rng = random.Random(seed)
    grid = Image.new("RGB", (8, 6))
    grid.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48)])
    img = grid.resize(size, Image.Resampling.BICUBIC)
    ImageDraw.Draw(img).ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2),
                                fill=tuple(rng.randrange(256) for _ in range(3)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = {".png": "PNG", ".webp": "WEBP", ".gif": "GIF", ".bmp": "BMP", ".tif": "TIFF"}.get(path.suffix, "JPEG")
    img.save(path, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return path


def rows(cat: Catalogue, sql: str, params: tuple = ()) -> list[tuple]:
    return cat.store.db.execute_sql(sql, params).fetchall()


def comparable(cat: Catalogue) -> dict:
    """The export without timestamps (two imports at different moments are otherwise equal)."""
    doc = export_document(cat)
    for film in doc["films"]:
        film.pop("created_at"), film.pop("updated_at")
    return doc


KODI_NFO = """<?xml version="1.0" encoding="UTF-8"?>
<movie><title>Alien</title><year>1979</year><runtime>117</runtime><plot>In space no one can hear.</plot>
<genre>Horror</genre><genre>Science Fiction</genre><studio>Brandywine</studio><director>Ridley Scott</director>
<credits>Dan O'Bannon</credits><premiered>1979-05-25</premiered>
<trailer>https://www.youtube.com/watch?v=LjLamj-b0I8</trailer>
<actor><name>Sigourney Weaver</name><role>Ripley</role><order>0</order></actor>
<actor><name>Tom Skerritt</name><role>Dallas</role><order>1</order></actor></movie>"""


def kodi_movie(root: Path) -> Path:
    folder = root / "Alien (1979)"
    folder.mkdir(parents=True)
    (folder / "movie.nfo").write_text(KODI_NFO, encoding="utf-8")
    (folder / "Alien.1979.1080p.mkv").write_bytes(b"film")
    photo(folder / "poster.jpg", 1)
    photo(folder / "fanart.jpg", 2)
    photo(folder / "extrafanart" / "fanart1.jpg", 3)
    photo(folder / "extrathumbs" / "thumb1.jpg", 4)
    photo(folder / "Alien-banner.png", 5)
    photo(folder / "clearlogo.png", 6)
    photo(folder / ".actors" / "Sigourney_Weaver.jpg", 7)
    (folder / "Featurettes").mkdir()
    (folder / "Featurettes" / "Making Alien.mkv").write_bytes(b"x")
    (folder / "Trailers").mkdir()
    (folder / "Trailers" / "Teaser one.mp4").write_bytes(b"x")
    (folder / "Alien-behindthescenes.mkv").write_bytes(b"x")
    (folder / ".DS_Store").write_bytes(b"junk")
    photo(folder / ".hidden" / "secret.jpg", 8)
    return folder


def test_kodi_movie_folder_creates_the_film_and_sorts_its_artwork(tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    kodi_movie(tmp_path / "library")
    report = import_folder(tmp_catalogue, tmp_path / "library", workers=2)
    assert report.films_created == ["Alien (1979) from library/Alien (1979)/movie.nfo"]
    film = tmp_catalogue.films.find("Alien (1979)")
    doc = tmp_catalogue.films.document(film)
    assert doc["runtime_min"] == 117 and doc["synopsis"].startswith("In space")
    assert doc["genres"] == ["Horror", "Science Fiction"]
    assert [c["name"] for c in doc["companies"]] == ["Brandywine"]
    credits = {(c["person"], c["role"], c["character"]) for c in doc["credits"]}
    assert {("Ridley Scott", "director", None), ("Sigourney Weaver", "actor", "Ripley")} <= credits
    kinds = {i.original_name: i.kind for i in tmp_catalogue.images.gallery(film)}
    assert kinds == {"poster.jpg": "poster", "fanart.jpg": "backdrop", "fanart1.jpg": "still",
                     "thumb1.jpg": "still", "Alien-banner.png": "banner", "clearlogo.png": "logo"}
    assert tmp_catalogue.films.rows([film])[film].poster_sha256 is not None
    videos = {(v["kind"], v["title"], v["url"] is None) for v in tmp_catalogue.records.of("video", film)}
    assert videos == {("trailer", "Trailer", False), ("featurette", "Making Alien", True),
                      ("trailer", "Teaser one", True), ("behind_the_scenes", "Alien", True)}
    assert [r["date"] for r in tmp_catalogue.records.of("release", film)] == ["1979-05-25"]
    weaver = tmp_catalogue.people.get(tmp_catalogue.people.find("Sigourney Weaver"))
    assert weaver.photo_sha256 is not None
    assert tmp_catalogue.images.gallery(None) == []  # the photo is not in the inbox; hidden files were skipped
    shown = report.text()
    assert "Imported to Alien (1979) (6)" in shown and "secret" not in shown

    again = import_folder(tmp_catalogue, tmp_path / "library", workers=2)
    assert again.imported_count == 0 and not again.films_created and len(again.duplicates) == 10
    assert len(tmp_catalogue.records.of("video", film)) == 4


def test_names_match_existing_films_insensitively_and_years_tell_remakes_apart(
        tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    old = tmp_catalogue.films.create({"title": "The Thing", "year": 1951}).id
    new = tmp_catalogue.films.create({"title": "The Thing", "year": 1982}).id
    amelie = tmp_catalogue.films.create({"title": "Amélie", "year": 2001}).id
    photo(tmp_path / "in" / "Thing.1982.1080p.BluRay-poster.jpg", 1)
    photo(tmp_path / "in" / "thing, the (1951).jpg", 2)
    photo(tmp_path / "in" / "AMELIE" / "still 1.jpg", 3)
    photo(tmp_path / "in" / "The Thing" / "still 2.jpg", 4)  # no year: two films of that name
    photo(tmp_path / "in" / "Amelie Poulain.jpg", 5)
    report = import_folder(tmp_catalogue, tmp_path / "in", workers=1)
    assert [i.original_name for i in tmp_catalogue.images.gallery(new)] == ["Thing.1982.1080p.BluRay-poster.jpg"]
    assert tmp_catalogue.images.gallery(new)[0].kind == "poster"
    assert [i.original_name for i in tmp_catalogue.images.gallery(old)] == ["thing, the (1951).jpg"]
    assert [i.original_name for i in tmp_catalogue.images.gallery(amelie)] == ["still 1.jpg"]
    assert sorted(i.original_name for i in tmp_catalogue.images.gallery(None)) == ["Amelie Poulain.jpg", "still 2.jpg"]
    guesses = dict(report.inbox)
    assert guesses["in/Amelie Poulain.jpg"] == "Amélie (2001)"


def test_chosen_film_takes_everything_and_duplicates_in_one_run_count_once(
        tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    film = tmp_catalogue.films.create({"title": "Stills"}).id
    photo(tmp_path / "in" / "Alien (1979)" / "a.jpg", 1)
    (tmp_path / "in" / "copy.jpg").write_bytes((tmp_path / "in" / "Alien (1979)" / "a.jpg").read_bytes())
    photo(tmp_path / "in" / "b.png", 2)
    report = import_folder(tmp_catalogue, tmp_path / "in", film_id=film, workers=2)
    assert report.imported_count == 2 and len(report.duplicates) == 1
    assert len(tmp_catalogue.images.gallery(film)) == 2 and not report.films_created


def test_near_duplicates_are_reported_and_kept_only_when_asked(tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    film = tmp_catalogue.films.create({"title": "Heat", "year": 1995}).id
    original = photo(tmp_path / "a" / "Heat (1995).jpg", 11, size=(800, 600))
    with Image.open(original) as img:
        img.resize((400, 300)).save(tmp_path / "b.jpg", quality=60)
    (tmp_path / "b").mkdir()
    os.replace(tmp_path / "b.jpg", tmp_path / "b" / "Heat (1995) small.jpg")
    import_folder(tmp_catalogue, tmp_path / "a")
    report = import_folder(tmp_catalogue, tmp_path / "b")
    assert len(report.near_duplicates) == 1 and report.near_duplicates[0].distance <= 10
    assert "Heat (1995).jpg" in report.near_duplicates[0].similar_to
    assert len(tmp_catalogue.images.gallery(film)) == 1
    assert len(list(tmp_catalogue.pictures.images_dir.glob("*/*"))) == 1  # nothing left in the store
    kept = import_items(tmp_catalogue, [n.item for n in report.near_duplicates], keep_similar=True)
    assert kept.imported_count == 1 and len(tmp_catalogue.images.gallery(film)) == 2


@pytest.mark.parametrize("thumbnail", ["as the import left it", "gone", "damaged"])
def test_a_near_duplicate_of_a_stored_picture_is_found_whatever_its_thumbnail(
        tmp_catalogue: Catalogue, tmp_path: Path, thumbnail: str) -> None:
    """A stored picture's signature is read from its gallery thumbnail (a twentieth of the time of
    reading the picture); the thumbnail is a cache, and without a readable one the picture is read."""
    original = photo(tmp_path / "a" / "poster.jpg", 12, size=(900, 1350))
    with Image.open(original) as img:
        img.resize((600, 900)).save(tmp_path / "smaller.jpg", quality=70)
    (tmp_path / "b").mkdir()
    os.replace(tmp_path / "smaller.jpg", tmp_path / "b" / "poster again.jpg")
    photo(tmp_path / "b" / "another.jpg", 13, size=(900, 1350))
    import_folder(tmp_catalogue, tmp_path / "a")
    [(sha,)] = rows(tmp_catalogue, "SELECT sha256 FROM image")
    thumb = tmp_catalogue.pictures.thumbnail_path(sha)
    assert thumb.is_file()
    if thumbnail == "gone":
        thumb.unlink()
    elif thumbnail == "damaged":
        thumb.write_bytes(thumb.read_bytes()[:200])
    report = import_folder(tmp_catalogue, tmp_path / "b")
    assert [n.item.path.name for n in report.near_duplicates] == ["poster again.jpg"]
    assert "poster.jpg on Unsorted" in report.near_duplicates[0].similar_to
    assert [display for display, _guess in report.inbox] == ["b/another.jpg"]  # and the other one came in


def test_cancelled_import_then_rerun_equals_one_uninterrupted_run(tmp_path: Path) -> None:
    kodi_movie(tmp_path / "lib")
    for n in range(30):
        photo(tmp_path / "lib" / "Alien (1979)" / "extrafanart" / f"fanart{n + 2}.jpg", 100 + n)
        photo(tmp_path / "lib" / "Unsorted stuff" / f"pic{n}.jpg", 200 + n)
    whole = open_catalogue(tmp_path / "whole.db")
    import_folder(whole, tmp_path / "lib", workers=2)

    parts = open_catalogue(tmp_path / "parts.db")
    abort = threading.Event()

    def progress(done: int, total: int, item: str) -> None:
        if done >= 9:
            abort.set()

    first = import_folder(parts, tmp_path / "lib", abort=abort, progress=progress, workers=2)
    assert first.cancelled
    count = rows(parts, "SELECT count(*) FROM image")[0][0]
    assert 0 < count < 68
    assert len(list(parts.pictures.images_dir.glob("*/*"))) == count  # uncommitted copies were removed
    second = import_folder(parts, tmp_path / "lib", workers=2)
    assert not second.cancelled and len(second.duplicates) >= count
    assert comparable(parts) == comparable(whole)
    whole.close(), parts.close()


def test_bad_names_links_and_loops(tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    root = tmp_path / "in"
    photo(root / "ok.jpg", 1)
    data = (root / "ok.jpg").read_bytes()
    photo(root / "other.jpg", 2)
    fd = os.open(os.fsencode(root) + b"/caf\xe9.jpg", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, (root / "other.jpg").read_bytes())
    os.close(fd)
    (root / "other.jpg").unlink()
    (root / "broken.jpg").symlink_to(root / "nowhere.jpg")
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root)
    (root / "zero.jpg").write_bytes(b"")
    (root / "text.jpg").write_text("not a picture")
    (root / "truncated.jpg").write_bytes(data[: len(data) // 2])
    report = import_folder(tmp_catalogue, root, workers=2)
    skipped = dict(report.skipped)
    assert skipped["in/broken.jpg"] == "broken link (its target is missing)"
    assert skipped["in/zero.jpg"] == "empty file (0 bytes)"
    assert skipped["in/text.jpg"] == "not an image file (format not recognised)"
    assert skipped["in/truncated.jpg"] == "truncated image data"
    assert ("in/caf\ufffd.jpg", "file name is not valid UTF-8 (shown with �)") in report.notes
    names = sorted(i.original_name for i in tmp_catalogue.images.gallery(None))
    assert names == ["caf\ufffd.jpg", "ok.jpg"]
    assert any("symlink loop" in note for _, note in report.notes)
    report.to_dict()  # JSON-ready


def test_unreadable_file_is_reported(tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = photo(tmp_path / "in" / "locked.jpg", 1)
    path.chmod(0)
    report = import_paths(tmp_catalogue, [tmp_path / "in"])
    assert report.skipped == [("in/locked.jpg", "unreadable file: permission denied")]


def test_extras_without_a_film_are_reported(tmp_catalogue: Catalogue, tmp_path: Path) -> None:
    (tmp_path / "Nobody Knows" / "Trailers").mkdir(parents=True)
    (tmp_path / "Nobody Knows" / "Trailers" / "t.mkv").write_bytes(b"x")
    report = import_folder(tmp_catalogue, tmp_path / "Nobody Knows")
    assert report.skipped == [("Nobody Knows/Trailers/t.mkv", "trailer: no film to put it on")]


def test_killed_import_leaves_a_whole_catalogue_and_a_rerun_completes_it(tmp_path: Path) -> None:
    # Enough pictures that the import is still running after its first batch is committed (one
    # batch of rows is 32 pictures, which the workers now decode in a fraction of a second).
    for n in range(150):
        photo(tmp_path / "in" / f"p{n:03}.jpg", 500 + n, size=(2000, 1500))
    db = tmp_path / "films.db"
    main = Path(__file__).resolve().parents[4] / "main.py"
    command = [sys.executable, str(main), "--db", str(db), "import-images", str(tmp_path / "in")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    count = 0
    while count < 5 and proc.poll() is None and time.monotonic() < deadline:
        try:  # poll the catalogue as another reader would, until some rows are committed
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                count = con.execute("SELECT count(*) FROM image").fetchone()[0]
        except sqlite3.OperationalError:
            pass
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    cat = open_catalogue(db)
    assert rows(cat, "PRAGMA integrity_check") == [("ok",)]
    images = rows(cat, "SELECT sha256 FROM image WHERE missing = 0")
    assert 5 <= len(images) < 150
    assert all(cat.pictures.has(sha) for sha, in images)
    cat.close()
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    cat = open_catalogue(db)
    assert rows(cat, "SELECT count(*) FROM image")[0][0] == 150
    files = [p.name for p in cat.pictures.images_dir.glob("*/*")]
    stored = [name for name in files if not name.startswith(TEMP_PREFIX)]
    assert len(stored) == 150  # the files the killed run copied were taken up by the rerun, once each
    # The workers die with the killed import: a copy one was writing stays under its temporary
    # name for the grace period (a writer might be alive elsewhere); the first sweep after removes it.
    assert len(files) - len(stored) <= (os.cpu_count() or 1)
    later = time.time() + SWEEP_GRACE_SECONDS + 1
    cat.store.pictures.sweep(cat.store.images.named_among, now=later)
    assert sorted(p.name for p in cat.pictures.images_dir.glob("*/*")) == sorted(stored)
    cat.close()
