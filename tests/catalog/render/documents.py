"""Film documents for the render tests, the printing tests and the benchmark: the demo film as the
demo catalogue describes it (with placeholder pictures) and the edge cases; text helpers."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FEATURETTE_URL = "https://example.com/la-la-land/behind-the-scenes-featurette"
HOSTILE = "<b>bold</b> & <img src=x>"
CAST = [
    ("Emma Stone", "Mia"),
    ("Ryan Gosling", "Sebastian"),
    ("John Legend", "Keith"),
    ("Rosemarie DeWitt", "Laura"),
    ("Finn Wittrock", "Greg"),
    ("Callie Hernandez", "Tracy"),
    ("Sonoya Mizuno", "Caitlin"),
    ("Jessica Rothe", "Alexis"),
    ("Tom Everett Scott", "David"),
    ("Josh Pence", "Josh"),
    ("J.K. Simmons", "Bill"),
]


def placeholder_image(path: Path, size: tuple[int, int], label: str, hue: tuple[int, int, int]) -> Path:
    """A labelled placeholder picture (the demo ships no studio images)."""
    w, h = size
    im = Image.new("RGB", size, hue)
    draw = ImageDraw.Draw(im)
    for y in range(0, h, 4):  # a soft vertical gradient
        shade = tuple(max(0, c - y * 60 // h) for c in hue)
        draw.rectangle([0, y, w, y + 4], fill=shade)
    draw.rectangle(
        [w // 20, w // 20, w - w // 20, h - w // 20], outline=(255, 236, 200), width=max(2, w // 150)
    )
    font = ImageFont.load_default(size=max(12, w // 12))
    small = ImageFont.load_default(size=max(10, w // 30))
    draw.text((w // 2, h // 2), label, fill=(255, 244, 225), font=font, anchor="mm")
    draw.text((w // 2, h // 2 + w // 8), "placeholder picture", fill=(255, 236, 200), font=small, anchor="mm")
    im.save(path, quality=88)
    return path


def image_doc(path: Path | None, kind: str, position: int, caption: str | None = None) -> dict:
    data = path.read_bytes() if path and path.exists() else b"missing" + bytes([position])
    w, h = Image.open(path).size if path and path.exists() else (None, None)
    return {
        "sha256": hashlib.sha256(data + kind.encode()).hexdigest(),
        "file_name": path.name if path else "x.jpg",
        "kind": kind,
        "caption": caption,
        "credit": "Placeholder",
        "width": w,
        "height": h,
        "format": "JPEG",
        "bytes": len(data),
        "position": position,
        "missing": path is None or not path.exists(),
        "path": str(path) if path and path.exists() else None,
    }


def bare_film(title: str = "Untitled Project", film_id: int = 1) -> dict:
    """Nothing known but the title."""
    return {
        "id": film_id,
        "title": title,
        "original_title": None,
        "sort_title": None,
        "year": None,
        "runtime_min": None,
        "synopsis": None,
        "tagline": None,
        "certification": None,
        "original_language": None,
        "web_site": None,
        "rating": None,
        "watched": False,
        "notes": None,
        "genres": [],
        "countries": [],
        "languages": [],
        "keywords": [],
        "custom": {},
        "companies": [],
        "credits": [],
        "videos": [],
        "reviews": [],
        "releases": [],
        "articles": [],
        "awards": [],
        "copies": [],
        "alternative_titles": [],
        "external_ids": [],
        "images": [],
        "poster": None,
    }


def demo_film(tmp: Path, poster: Path | None = None) -> dict:
    """La La Land as the demo catalogue describes it, with Pillow placeholder pictures in ``tmp``."""
    tmp.mkdir(parents=True, exist_ok=True)
    if poster is None:
        poster = tmp / "poster.jpg"
        if not poster.exists():
            placeholder_image(poster, (1000, 1500), "LA LA LAND", (46, 52, 120))
    stills = []
    for n, (label, hue) in enumerate(
        [("Mia", (150, 60, 90)), ("Sebastian", (40, 90, 120)), ("Griffith Observatory", (70, 50, 110))], 1
    ):
        p = tmp / f"still{n}.jpg"
        if not p.exists():
            placeholder_image(p, (1600, 900), label, hue)
        stills.append(image_doc(p, "still", n, f"Title card: {label}"))
    poster_doc = image_doc(poster, "poster", 0, "Poster")
    film = bare_film("La La Land", 1)
    film.update(
        {
            "original_title": "La La Land",
            "sort_title": "La La Land",
            "year": 2016,
            "runtime_min": 128,
            "synopsis": "A modern-day story made as an old-fashioned Hollywood musical. Mia, a burgeoning "
            "actress, and Sebastian, an aspiring jazz musician, fall in love in Los Angeles while "
            "each chases a dream that may pull them apart.",
            "certification": "PG-13",
            "rating": 9.0,
            "watched": True,
            "copies": [{"id": 1, "medium": "Blu-ray", "location": "Living room, shelf B",
                        "barcode": "0031398254869"}],
            "notes": "\u201cIf you're not down with people bursting into song and dancing, this movie's "
            "probably not for you.\u201d (from the featurette article)",
            "genres": ["Musical", "Romance", "Drama"],
            "companies": [{"name": "Lionsgate", "role": "distributor"}],
            "credits": [
                {"person": "Damien Chazelle", "role": "director", "character": None, "position": 0},
                {"person": "Damien Chazelle", "role": "writer", "character": None, "position": 0},
            ]
            + [
                {"person": p, "role": "actor", "character": c, "position": i} for i, (p, c) in enumerate(CAST)
            ],
            "videos": [
                {
                    "kind": "featurette",
                    "title": "Behind the Scenes of La La Land",
                    "url": FEATURETTE_URL,
                    "file_path": None,
                    "duration_s": 192,
                    "published_on": "2016-11-23",
                    "publisher": "Lionsgate",
                    "description": "Cast members discuss their experiences on set; Ryan Gosling speaks "
                    "of his "
                    "long wish to make a film in the style of the Astaire/Rogers musicals.",
                }
            ],
            "reviews": [
                {
                    "author": "Brian",
                    "outlet": None,
                    "venue": "Telluride Film Festival",
                    "published_on": "2016-09",
                    "rating_text": None,
                    "score": None,
                    "url": None,
                    "excerpt": "Seen at Telluride: an old-fashioned Hollywood musical told in a modern key.",
                }
            ],
            "releases": [
                {"kind": "wide", "territory": "United States", "venue": None, "date": "2016-12-16"},
                {
                    "kind": "festival",
                    "territory": "Canada",
                    "venue": "Toronto International Film Festival",
                    "date": "2016-09-12",
                },
                {"kind": "limited", "territory": "United States", "venue": None, "date": "2016-12-09"},
                {
                    "kind": "festival",
                    "territory": "United States",
                    "venue": "Telluride Film Festival",
                    "date": "2016-09",
                },
            ],
            "articles": [
                {
                    "headline": "'La La Land' Featurette Goes Behind the Scenes "
                    "of the Best Picture Frontrunner",
                    "publisher": None,
                    "published_on": "2016-11-23",
                    "url": None,
                    "summary": "A new featurette in which the cast talk about the set; the film is seen as "
                    "the Best Picture frontrunner.",
                }
            ],
            "images": [poster_doc, *stills],
            "poster": poster_doc["sha256"],
        }
    )
    return film


def big_cast_film(tmp: Path, n: int = 80) -> dict:
    film = demo_film(tmp)
    film["credits"] = [c for c in film["credits"] if c["role"] != "actor"] + [
        {"person": f"Actor Number {i:02d}", "role": "actor", "character": f"Character {i:02d}", "position": i}
        for i in range(n)
    ]
    return film


def many_reviews_film(tmp: Path, n: int = 30) -> dict:
    film = demo_film(tmp)
    film["reviews"] = [
        {
            "author": f"Critic {i:02d}",
            "outlet": f"Outlet {i:02d}",
            "venue": None,
            "published_on": f"2016-{1 + i % 12:02d}",
            "rating_text": f"{1 + i % 5}/5",
            "score": 20 * (1 + i % 5),
            "url": None,
            "excerpt": f"Review {i:02d}. " + "A long considered paragraph about the film. " * 5,
        }
        for i in range(n)
    ]
    return film


def hostile_film(tmp: Path) -> dict:
    film = demo_film(tmp)
    film["reviews"][0]["excerpt"] = HOSTILE
    film["title"] = "La La Land <i>2</i>"
    film["notes"] = "Price: $title & ${style} 100%"
    return film


def missing_image_film(tmp: Path) -> dict:
    film = demo_film(tmp)
    film["images"][0] = {**film["images"][0], "missing": True, "path": None}
    film["images"][1] = {**film["images"][1], "path": str(tmp / "gone.jpg")}
    return film


def credit(person: str, role: str, person_id: int | None = None, character: str | None = None) -> dict:
    """A credit as ``film_document`` gives it."""
    return {"id": person_id, "person": person, "person_id": person_id, "role": role, "character": character,
            "position": 0}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def in_order(text: str, items: list[str]) -> bool:
    pos = 0
    for item in items:
        found = text.find(item, pos)
        if found < 0:
            return False
        pos = found + len(item)
    return True
