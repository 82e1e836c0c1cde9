"""Build a realistic catalogue of N films for the scale benchmarks (not part of the test suite).

    .venv/bin/python benchmarks/make_catalogue.py 100000 --out /tmp/films100k.db [--images]

About five credits per film from a shared pool of ~20,000 people (some names accented), one to three
videos, reviews and releases, one to three genres, image rows (a poster and stills; with --images the
posters are real small JPEG files in the store). Rows go in with raw executemany, one transaction per
table chunk, into a file opened with catalog.open_catalogue (so the schema is current); the list's
derived columns are filled as the films go in and the search index is filled set-based at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog import open_catalogue
from catalog.model.text import name_key, sort_key, title_key


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words("the of and a in to night love last day man woman city house war time world girl boy dark "
          "light black white red blue story life death king queen return road river summer winter "
          "moon star sun blood heart dream home lost secret island garden little big great new old "
          "american french paris london rome tokyo west east north south game shadow fire water "
          "beyond under over after before between wild silent long short first second final")
FIRST = _words("Emma Ryan Damien Amélie José Zoë Björn François Chloé Søren Agnès Paul Mary John Anna Jean "
         "Hélène Luis Inés Marta Pedro Yuki Hiro Mei Olga Ivan Nadia Omar Leila Tom Kate Sam Alex "
         "Chris Pat Lee Kim Noor Aïcha Renée Jérôme Mónica Ángel Łukasz Zoltán Dag Ingrid Liv Max "
         "Nina Otto Ida Eva Ana Luca Marco Sofia Elena Clara Hugo Léa Théo Manon Camille")
LAST = _words("Chazelle Stone Gosling Tautou Jeunet Almodóvar Núñez Müller Bergman Østergaard Varda Godard "
        "Truffaut Kurosawa Ozu Miyazaki Scorsese Coppola Lynch Kubrick Hitchcock Welles Fellini Leone "
        "Tarkovsky Kieślowski Haneke Herzog Wenders Fassbinder Renoir Melville Rohmer Denis Sciamma "
        "Campion Bigelow Gerwig Coen Anderson Nolan Villeneuve Cuarón Iñárritu Toro Ramsay Arnold "
        "Hansen Berg Smith Jones Brown Garcia Martin Dubois Rossi Kowalski Nowak Tanaka Sato Kim Park "
        "Singh Khan Ali Haddad Cohen Levy Novak Horvat Petrov Ivanova Silva Santos Costa Pereira")
GENRES = _words("Drama Comedy Thriller Horror Musical Western Documentary Animation Romance Science-fiction "
          "Fantasy Crime Mystery War Adventure Action Family Biography History Film-noir Short")
OUTLETS = ("Sight and Sound", "Cahiers du cinéma", "Variety", "The Guardian", "Le Monde", "Empire")
VIDEO_KINDS = ("trailer", "featurette", "teaser", "clip", "interview")  # the common ones
CHUNK = 20000


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Common words first, then made-up ones; later words are rarer (Zipf-like picks)."""
    syllables = ["ka", "lo", "mer", "tin", "sa", "ro", "vel", "an", "dra", "qu", "is", "ne", "por", "el",
                 "ma", "ri", "zon", "ta", "bel", "cor", "fi", "gen", "ha", "jo", "lu", "mi", "nor", "pe"]
    words = list(COMMON)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_picker(rng: random.Random, words: list[str]):
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick(k: int) -> list[str]:
        return rng.choices(words, cum_weights=cum, k=k)
    return pick


def build(path: Path, n: int, images: bool = False, seed: int = 6) -> dict[str, float]:
    """Films are generated and written CHUNK at a time (memory stays flat at any n)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    pick = zipf_picker(rng, words)
    timings: dict[str, float] = {"generate": 0.0, "insert rows": 0.0}
    t0 = time.perf_counter()
    cat = open_catalogue(path)
    db = cat.store.db  # a benchmark builds rows in bulk, below the use cases
    con = db.connection()
    con.execute("PRAGMA foreign_keys = OFF")  # films name their posters before the image rows exist
    stamp = "2024-01-01T00:00:00+00:00"
    total_rows = 0

    def insert(sql: str, rows: list[tuple]) -> None:
        nonlocal total_rows
        total_rows += len(rows)
        with db.atomic():
            con.executemany(sql, rows)

    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(40000)})[:20000]
    rng.shuffle(names)
    insert("INSERT INTO person (id, name, name_key) VALUES (?, ?, ?)",
           [(i + 1, name, name_key(name)) for i, name in enumerate(names)])
    insert("INSERT INTO genre (id, name, name_key) VALUES (?, ?, ?)",
           [(i + 1, g, name_key(g)) for i, g in enumerate(GENRES)])

    people_pick = zipf_picker(rng, list(range(1, len(names) + 1)))
    store = cat.pictures
    for first in range(1, n + 1, CHUNK):
        t_gen = time.perf_counter()
        films, copies, credits, videos, reviews, releases, genres, image_rows = [], [], [], [], [], [], [], []
        for fid in range(first, min(n, first + CHUNK - 1) + 1):
            title_words = pick(rng.randint(1, 4))
            title = " ".join(w.capitalize() for w in title_words)
            if rng.random() < 0.15:
                title = "The " + title
            director = people_pick(1)[0]
            n_videos = rng.randint(1, 3)
            poster_id = 2 * fid - 1
            films.append((
                fid, title, title if rng.random() < 0.7 else " ".join(pick(2)).title(), sort_key(title),
                title_key(title), rng.randint(1920, 2024) if rng.random() > 0.02 else None, rng.randint(70, 200),
                " ".join(pick(rng.randint(30, 90))).capitalize() + ".", " ".join(pick(6)).capitalize(),
                rng.choice(["PG", "12", "15", "18", None]), rng.choice([None, *[x / 2 for x in range(0, 21)]]),
                rng.random() < 0.4, " ".join(pick(5)) if rng.random() < 0.1 else None,
                poster_id, names[director - 1], sort_key(names[director - 1]), n_videos, stamp, stamp))
            copies.append((fid, rng.choice(["Blu-ray", "DVD", "4K", "File"]), "Shelf " + str(rng.randint(1, 40))))
            credits.append((fid, director, "director", None, 0))
            credits.append((fid, people_pick(1)[0], "writer", None, 0))
            for pos, actor in enumerate(people_pick(3)):
                credits.append((fid, actor, "actor", f"{rng.choice(FIRST)} {pick(1)[0].capitalize()}", pos))
            for pos in range(n_videos):
                kind = rng.choice(VIDEO_KINDS)
                videos.append((fid, kind, f"{title}: {kind} {pos + 1}", f"https://example.com/v/{fid}/{pos}",
                               rng.randint(30, 900), pos))
            for pos in range(rng.randint(1, 3)):
                reviews.append((fid, names[people_pick(1)[0] - 1], rng.choice(OUTLETS), rng.randint(20, 100),
                                " ".join(pick(20)).capitalize(), pos))
            for pos in range(rng.randint(1, 3)):
                releases.append((fid, rng.choice(["festival", "limited", "wide", "streaming", "home_media"]),
                                 rng.choice(["FR", "US", "GB", "DE", "JP"]), f"{rng.randint(1920, 2024)}-0{pos + 1}",
                                 pos))
            for pos, genre in enumerate(rng.sample(range(1, len(GENRES) + 1), rng.randint(1, 3))):
                genres.append((fid, genre, pos))
            for pos, kind in enumerate(("poster", "still")):
                data = hashlib.sha256(f"{fid}-{kind}".encode()).hexdigest()
                if images and kind == "poster":
                    data = store.add_bytes(poster_jpeg(fid))
                image_rows.append((2 * fid - 1 + pos, fid, kind, data, f"{fid}-{kind}.jpg", 1000, 1500, "JPEG",
                                   0 if (images and kind == "poster") else 1, pos, stamp))
        t_ins = time.perf_counter()
        timings["generate"] += t_ins - t_gen
        insert("INSERT INTO film (id, title, original_title, sort_key, title_key, year, runtime_min, synopsis, "
               "tagline, certification, rating, watched, notes, poster_id, directors, directors_key, video_count, "
               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", films)
        insert("INSERT INTO image (id, film_id, kind, sha256, original_name, width, height, format, missing, "
               "position, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", image_rows)
        insert("INSERT INTO film_copy (film_id, medium, location) VALUES (?, ?, ?)", copies)
        insert("INSERT INTO credit (film_id, person_id, role, character, position) VALUES (?, ?, ?, ?, ?)",
               credits)
        insert("INSERT INTO video (film_id, kind, title, url, duration_s, position) VALUES (?, ?, ?, ?, ?, ?)",
               videos)
        insert("INSERT INTO review (film_id, author, outlet, score, excerpt, position) VALUES (?, ?, ?, ?, ?, ?)",
               reviews)
        insert("INSERT INTO film_release (film_id, kind, territory, date, position) VALUES (?, ?, ?, ?, ?)",
               releases)
        insert("INSERT INTO film_genre (film_id, genre_id, position) VALUES (?, ?, ?)", genres)
        timings["insert rows"] += time.perf_counter() - t_ins
    con.execute("PRAGMA foreign_keys = ON")

    t2 = time.perf_counter()
    with db.atomic():
        cat.store.search.rebuild()
    timings["search index"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timings["analyze"] = time.perf_counter() - t3
    timings["total"] = time.perf_counter() - t0
    timings["rows"] = total_rows
    cat.close()
    return timings


def poster_jpeg(fid: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (100, 150), ((fid * 37) % 256, (fid * 91) % 256, (fid * 53) % 256)).save(buffer, "JPEG")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000, help="number of films (100,000)")
    parser.add_argument("--out", type=Path, default=None, help="catalogue file (default /tmp/filmsN.db)")
    parser.add_argument("--images", action="store_true", help="write real poster files into the store")
    args = parser.parse_args(argv)
    out = args.out or Path(f"/tmp/films{args.n}.db")
    if out.exists():
        parser.error(f"{out} exists; remove it first")
    timings = build(out, args.n, args.images)
    for name, value in timings.items():
        print(f"{name:>14}: {value:,.0f}" if name == "rows" else f"{name:>14}: {value:.1f} s")
    print(f"{out}: {args.n:,} films, {out.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
