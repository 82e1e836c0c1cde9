"""The Browse pane's counts at scale (issue 13; on demand, not part of the test suite).

    .venv/bin/python benchmarks/facets.py [N] [--db PATH]

Builds (once, at PATH, default /tmp/facets{N}.db) a catalogue of N films (100,000) with what the
facets count — 1–3 genres, years 1920–2025, a director and ~4 actors from 20,000 people, 1–2
copies with medium and shelf, countries and languages, a custom choice field, videos, reviews,
posters, viewings, 2,000 loans (a third overdue), 3,000 wanted films — inserted with raw
executemany (a benchmark may; the product never does). Then prints, median of 7 runs:

- build: the tree's first fill (facets + the default open ones counted + the Qt model filled);
- refresh: the open facets counted again for a search (what each keystroke's search costs the
  pane), for the default open facets (genre, decade) and with every small facet open;
- opening a big facet (directors, actors: lazy children) for an empty and a narrow search.
Target: a refresh under 50 ms."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from catalog import open_catalogue
from catalog.model.text import name_key, sort_key, title_key


def _words(text: str) -> list[str]:
    return text.split()


GENRES = _words(
    "Drama Comedy Thriller Horror Musical Western Documentary Animation Romance Science-fiction "
    "Fantasy Crime Mystery War Adventure Action Family Biography History Film-noir")
MEDIA = ("DVD", "Blu-ray", "4K UHD", "VHS", "File", "LaserDisc")
COUNTRIES = ("France", "United States", "Italy", "Japan", "Germany", "United Kingdom", "Spain", "Korea", "India",
             "Sweden", "Denmark", "Poland", "Mexico", "Brazil", "Iran", "China")
LANGUAGES = ("French", "English", "Italian", "Japanese", "German", "Spanish", "Korean", "Hindi", "Swedish")
WORDS = _words(
    "night love last day man woman city house war time world girl boy dark light black white red "
    "blue story life death king queen return road river summer winter moon star sun blood heart "
    "dream home")
FIRST = _words(
    "Emma Ryan Damien Amélie José Zoë Björn François Chloé Agnès Paul Mary John Anna Jean Hélène "
    "Luis")
LAST = _words(
    "Chazelle Stone Gosling Tautou Jeunet Almodóvar Müller Bergman Varda Godard Truffaut Kurosawa "
    "Ozu")


def build(path: Path, n: int, seed: int = 13) -> float:
    rng = random.Random(seed)
    start = time.perf_counter()
    cat = open_catalogue(path)
    db = cat.store.db
    con = db.connection()
    stamp = "2024-01-01T00:00:00+00:00"
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}" for i in range(20000)]
    with db.atomic():
        con.executemany("INSERT INTO person (id, name, name_key) VALUES (?, ?, ?)",
                        [(i + 1, p, name_key(p)) for i, p in enumerate(people)])
        con.executemany("INSERT INTO genre (id, name, name_key) VALUES (?, ?, ?)",
                        [(i + 1, g, name_key(g)) for i, g in enumerate(GENRES)])
        con.execute("INSERT INTO custom_field (id, name, name_key, type, choices, position) VALUES "
                    "(1, 'Case', 'case', 'choice', '[\"Keepcase\", \"Steelbook\", \"Digipak\", \"Box set\"]', 0)")
        con.executemany("INSERT INTO borrower (id, name, name_key) VALUES (?, ?, ?)",
                        [(i + 1, f"Friend {i}", f"friend {i}") for i in range(40)])
    films, credits, genres, copies, values, customs, videos, reviews, viewings, loans, wishes = (
        [] for _ in range(11))
    copy_id = 0
    for fid in range(1, n + 1):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).title()
        watched = rng.random() < 0.4
        films.append((fid, title, sort_key(title), title_key(title), rng.randint(1920, 2025), rng.randint(70, 200),
                      1 if watched else 0, stamp, stamp))
        director = rng.randrange(20000) + 1
        credits.append((fid, director, "director", 0))
        for pos in range(rng.randint(2, 6)):
            credits.append((fid, rng.randrange(20000) + 1, "actor", pos))
        for pos, g in enumerate(rng.sample(range(len(GENRES)), rng.randint(1, 3))):
            genres.append((fid, g + 1, pos))
        values.append((fid, "country", rng.choice(COUNTRIES), 0))
        values.append((fid, "language", rng.choice(LANGUAGES), 0))
        wanted = fid % 33 == 0
        if wanted:
            wishes.append((fid, rng.randint(1, 3), stamp))
        else:
            for pos in range(rng.choice((1, 1, 1, 2))):
                copy_id += 1
                copies.append((copy_id, fid, pos, rng.choice(MEDIA), f"Shelf {rng.randint(1, 60)}"))
                if copy_id % 50 == 0:
                    due = "2020-01-15" if copy_id % 150 == 0 else "2099-01-15"
                    loans.append((copy_id, fid, copy_id % 40 + 1, "2020-01-01", due))
        if rng.random() < 0.5:
            customs.append((fid, 1, rng.choice(("Keepcase", "Steelbook", "Digipak", "Box set"))))
        if rng.random() < 0.6:
            videos.append((fid, rng.choice(("trailer", "featurette", "clip")), "A video", 0))
        if rng.random() < 0.3:
            reviews.append((fid, "Critic", 0))
        if watched:
            viewings.append((fid, f"20{rng.randint(10, 25):02d}-{rng.randint(1, 12):02d}-01", 0))
    with db.atomic():
        con.executemany("INSERT INTO film (id, title, sort_key, title_key, year, runtime_min, watched, created_at, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", films)
        con.executemany("INSERT INTO credit (film_id, person_id, role, position) VALUES (?, ?, ?, ?)", credits)
        con.executemany("INSERT INTO film_genre (film_id, genre_id, position) VALUES (?, ?, ?)", genres)
        con.executemany("INSERT INTO film_copy (id, film_id, position, medium, location) VALUES (?, ?, ?, ?, ?)",
                        copies)
        con.executemany("INSERT INTO film_value (film_id, list, value, position) VALUES (?, ?, ?, ?)", values)
        con.executemany("INSERT INTO film_custom (film_id, field_id, value) VALUES (?, ?, ?)", customs)
        con.executemany("INSERT INTO video (film_id, kind, title, position) VALUES (?, ?, ?, ?)", videos)
        con.executemany("INSERT INTO review (film_id, author, position) VALUES (?, ?, ?)", reviews)
        con.executemany("INSERT INTO viewing (film_id, date, position) VALUES (?, ?, ?)", viewings)
        con.executemany("INSERT INTO loan (copy_id, film_id, borrower_id, lent_on, due_on) VALUES (?, ?, ?, ?, ?)",
                        loans)
        con.executemany("INSERT INTO wish (film_id, priority, added_on) VALUES (?, ?, ?)", wishes)
        con.execute("UPDATE film SET poster_id = NULL")
        cat.store.films.refresh_summaries(range(1, n + 1))
        cat.store.search.rebuild()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cat.close()
    return time.perf_counter() - start


def median_ms(work, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        work()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    path = args.db or Path(f"/tmp/facets{args.n}.db")
    if not path.exists():
        print(f"building {args.n:,} films at {path} …", flush=True)
        print(f"  built in {build(path, args.n):.1f} s")
    cat = open_catalogue(path)
    browse = cat.browse
    facets = browse.facets()
    default = ["genre", "year"]
    small = [f.key for f in facets if not f.lazy]
    print(f"{cat.films.count():,} films; facets: {', '.join(f.label for f in facets)}")

    from PySide6.QtWidgets import QApplication

    from ui.browse.facet_model import FacetModel

    app = QApplication.instance() or QApplication([])

    def fill() -> None:
        model = FacetModel()
        model.set_facets(browse.facets())
        for key, values in browse.values(default).items():
            model.set_values(key, values)

    print(f"\nbuild the tree (facets, genre and decades counted, Qt model filled): {median_ms(fill):6.1f} ms")
    queries = ["", "love", "chaz", 'genre:"Drama"', "year:1990..1999", "watched:no", "on-loan:yes",
               'genre:"Drama" year:1990..1999', "medium:blu"]
    print("\nrefresh (the open facets counted again for a search)       default open   every small facet open")
    worst = 0.0
    for query in queries:
        a = median_ms(lambda q=query: browse.values(default, q))
        b = median_ms(lambda q=query: browse.values(small, q))
        worst = max(worst, a)
        matches = len(cat.films.ids(query)) if query else cat.films.count()
        print(f"  {query or '(no search)':<34} {matches:>8,} films {a:9.1f} ms {b:14.1f} ms")
    print(f"  slowest refresh with the default facets open: {worst:.1f} ms (target < 50 ms)")
    print("\nopening a big facet (lazy children)                 no search    'genre:\"Drama\"'   'chaz'")
    for key in ("director", "actor"):
        counts = [median_ms(lambda q=q, k=key: browse.values([k], q), runs=5) for q in ("", 'genre:"Drama"', "chaz")]
        size = len(browse.values([key])[key])
        print(f"  {key:<10} ({size:>6,} values)                     {counts[0]:7.1f} ms {counts[1]:12.1f} ms "
              f"{counts[2]:9.1f} ms")
    cat.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
