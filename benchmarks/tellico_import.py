"""Import and export a generated 10,000-film Tellico file (cast, crew, genres, a copy's fields and
a cover picture each), in films per second, and time Debian's Tellico opening the same file
under Xvfb (until its window is up and it has gone idle).

    .venv/bin/python benchmarks/tellico_import.py [FILMS] [--tellico]

Needs `apt-get install tellico xvfb xdotool` for the comparison. Run on demand, never in the suite."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw

from catalog import open_catalogue
from catalog.formats import by_name, read_file

FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Greta", "Hugo", "Iris", "Jules", "Kenji", "Lena",
         "Marco", "Nina", "Omar", "Paula", "Quinn", "Rosa", "Sam", "Tove"]
LAST = ["Adams", "Berg", "Costa", "Dubois", "Eklund", "Fischer", "García", "Hansen", "Ivanova", "Jensen", "Kowalski",
        "Lindqvist", "Moreau", "Nakamura", "Olsen", "Petrov", "Quist", "Rossi", "Schmidt", "Tanaka"]
GENRES = ["Drama", "Comedy", "Thriller", "Western", "Musical", "Horror", "Romance", "Science Fiction", "War"]
WORDS = ["Night", "River", "Glass", "Summer", "Iron", "Silent", "Last", "Golden", "Hidden", "Winter", "Crimson",
         "Paper", "Lost", "City", "Garden", "Empire", "Shadow", "Harbour", "Echo", "Storm"]


def cover(rng: random.Random, n: int) -> bytes:
    image = Image.new("RGB", (160, 240), tuple(rng.randrange(40, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        box = sorted(rng.randrange(0, 160) for _ in range(2)), sorted(rng.randrange(0, 240) for _ in range(2))
        draw.rectangle((box[0][0], box[1][0], box[0][1], box[1][1]), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.text((10, 200), f"No. {n}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def make_file(path: Path, films: int) -> None:
    rng = random.Random(7)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)} {chr(65 + n % 26)}." for n in range(3000)]
    entries, images = [], []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, films + 1):
            title = f"The {rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
            image_id = f"cover{n:05d}.jpeg"
            archive.writestr(f"images/{image_id}", cover(rng, n), compress_type=zipfile.ZIP_STORED)
            images.append(f'<image id="{image_id}" format="JPEG" width="160" height="240"/>')
            cast = "".join(f"<cast><column>{escape(rng.choice(people))}</column><column>Role {k}</column></cast>"
                           for k in range(rng.randrange(4, 12)))
            genres = "".join(f"<genre>{g}</genre>" for g in rng.sample(GENRES, 2))
            entries.append(
                f'<entry id="{n}"><title>{escape(title)}</title><medium>{rng.choice(["DVD", "Blu-ray"])}</medium>'
                f"<year>{rng.randrange(1930, 2025)}</year><genres>{genres}</genres><region>Region 2</region>"
                f"<nationalitys><nationality>France</nationality></nationalitys><casts>{cast}</casts>"
                f"<directors><director>{escape(rng.choice(people))}</director></directors>"
                f"<writers><writer>{escape(rng.choice(people))}</writer></writers>"
                f"<running-time>{rng.randrange(70, 200)}</running-time><plot>A film about {escape(title)}.</plot>"
                f"<rating>{rng.randrange(1, 6)}</rating><cover>{image_id}</cover></entry>")
        fields = """<fields><field name="_default" title="Default" category="Default" type="1"/></fields>"""
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tellico PUBLIC "-//Robby Stephenson/DTD Tellico '
               'V11.0//EN" "http://periapsis.org/tellico/dtd/v11/tellico.dtd">\n<tellico xmlns="http://periapsis.org/'
               f'tellico/" syntaxVersion="11"><collection title="Bench" type="3">{fields}{"".join(entries)}'
               f"<images>{''.join(images)}</images></collection></tellico>")
        archive.writestr("tellico.xml", xml)


def time_tellico(path: Path) -> float | None:
    """Seconds from launching Tellico on `path` until its window is up and it has gone idle."""
    if not (shutil.which("tellico") and shutil.which("Xvfb")):
        return None
    import psutil

    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    home = Path(tempfile.mkdtemp())
    home.chmod(0o700)
    # Tellico's entry view is QtWebEngine, whose sandbox refuses to run as root.
    env = {**os.environ, "DISPLAY": display, "HOME": str(home), "QT_QPA_PLATFORM": "xcb",
           "XDG_RUNTIME_DIR": str(home), "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu"}
    try:
        time.sleep(1.0)
        start = time.perf_counter()
        tellico = subprocess.Popen(["tellico", str(path)], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        proc = psutil.Process(tellico.pid)
        titled = None
        while titled is None and time.perf_counter() - start < 900 and tellico.poll() is None:
            time.sleep(0.2)
            names = subprocess.run(["xdotool", "search", "--name", path.name], env=env, capture_output=True,
                                   text=True).stdout
            titled = time.perf_counter() if names.strip() else None
        last, quiet_since = 0.0, None
        while titled is not None and time.perf_counter() - start < 900 and tellico.poll() is None:
            time.sleep(0.1)
            cpu = sum(proc.cpu_times()[:2]) + sum(sum(c.cpu_times()[:2]) for c in proc.children(recursive=True))
            now = time.perf_counter()
            if cpu - last > 0.02:
                last, quiet_since = cpu, None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= 2.0:
                return quiet_since - start
        return None
    finally:
        for child in (locals().get("tellico"), xvfb):
            if child is not None:
                child.terminate()
                try:
                    child.wait(10)
                except subprocess.TimeoutExpired:
                    child.kill()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    films = int(next((a for a in sys.argv[1:] if a.isdigit()), "10000"))
    work = Path(tempfile.mkdtemp(prefix="marquee-tellico-"))
    source = work / "bench.tc"
    started = time.perf_counter()
    make_file(source, films)
    print(f"generated {films:,} films ({source.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    cat = open_catalogue(work / "films.db")
    started = time.perf_counter()
    result = read_file(cat, source)
    took = time.perf_counter() - started
    print(f"Marquee import: {result.films:,} films in {took:.1f} s = {result.films / took:,.0f} films/s")
    started = time.perf_counter()
    count = by_name("tellico").write(cat, work / "out.tc", None, None)
    took = time.perf_counter() - started
    print(f"Marquee export to .tc: {count:,} films in {took:.1f} s = {count / took:,.0f} films/s")
    cat.close()
    if "--tellico" in sys.argv:
        seconds = time_tellico(source)
        print("Tellico open: " + (f"{seconds:.1f} s = {films / seconds:,.0f} films/s" if seconds else "not measured"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
