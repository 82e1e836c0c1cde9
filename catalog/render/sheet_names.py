"""The ``$names`` a template can use: every fragment of one film (built lazily), or the rows of
the catalogue list grouped by letter. See ``resources/templates/README.md``."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from catalog.render.format import esc, humanize, paragraphs, rating_stars, runtime_minutes, shorten
from catalog.render.sheet_fragments import (
    CARD_POSTER_BOX,
    CREW_LABELS,
    POSTER_BOX,
    THUMB_BOX,
    articles_list,
    awards_table,
    cast_table,
    joined,
    kv_table,
    people,
    poster_image,
    releases_table,
    reviews_table,
    section,
    stills_strip,
    titled,
    videos_table,
)
from catalog.render.sheet_images import image_html
from catalog.render.sheet_templates import stylesheet


class LazyNames(Mapping[str, str]):
    """Template names whose fragments are built only when the template uses them (then kept)."""

    def __init__(self, makers: dict[str, Callable[[], str]]) -> None:
        self._makers, self._done = makers, {}

    def __getitem__(self, name: str) -> str:
        if name not in self._done:
            self._done[name] = self._makers[name]()  # KeyError leaves unknown $names as written
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def film_names(doc: dict, cache_dir: Path | None = None, paper: str = "A4") -> LazyNames:
    """Every ``$name`` a film template can use, each a ready HTML fragment (empty when unknown)."""
    credits = doc.get("credits") or []
    cast = [c for c in credits if c.get("role") == "actor"]
    companies = doc.get("companies") or []
    distributor = joined([c["name"] for c in companies if c.get("role") == "distributor"], ", ")
    production = joined([c["name"] for c in companies if c.get("role") == "production"], ", ")
    runtime = runtime_minutes(doc.get("runtime_min"))
    original = doc.get("original_title") if doc.get("original_title") != doc.get("title") else None
    facts = joined([doc.get("year"), runtime, doc.get("certification")])
    genres = joined(doc.get("genres") or [], " · ")
    roles = [r for r in dict.fromkeys(c.get("role") for c in credits) if r not in ("actor", None)]
    label = {r: CREW_LABELS.get(r, humanize(r)) for r in roles}
    key_people = kv_table(
        [(label[r], joined(people(doc, r), ", ")) for r in ("director", "writer") if r in label]
        + [("Distributor", distributor)]
    )
    poster = poster_image(doc)
    heading = (
        f"<h1>{esc(doc.get('title'))}</h1>"
        + (f'<p class="original">{esc(original)}</p>' if original else "")
        + (f'<p class="facts">{facts}</p>' if facts else "")
        + (f'<p class="genres">{genres}</p>' if genres else "")
        + (f'<p class="tagline">{esc(doc["tagline"])}</p>' if doc.get("tagline") else "")
    )
    synopsis = paragraphs(doc.get("synopsis"), "synopsis")
    rating = esc(rating_stars(doc.get("rating")))
    videos = doc.get("videos") or []

    def header(box: tuple[int, int], extra: str) -> str:
        text = f'<td valign="top">{heading}{extra}</td>'
        if poster is not None:
            text = (
                f'<td class="poster" width="{box[0] + 4}" valign="top">{image_html(poster, *box, cache_dir)}'
                f'</td><td class="gap" width="18"></td>{text}'
            )
        return f'<table class="head" width="100%" cellspacing="0"><tr>{text}</tr></table>'

    def crew() -> str:
        return kv_table(
            [(label[r], joined(people(doc, r), ", ")) for r in roles if r not in ("director", "writer")]
            + [("Production", production)]
        )

    def copy(notes_limit: int | None = None) -> str:
        notes = doc.get("notes") if notes_limit is None else shorten(doc.get("notes"), notes_limit)
        return section(
            "The collector's copy",
            kv_table(
                [
                    ("Medium", esc(doc.get("medium"))),
                    ("Location", esc(doc.get("location"))),
                    ("Barcode", esc(doc.get("barcode"))),
                    ("Your rating", rating),
                    ("Watched", "Yes" if doc.get("watched") else ""),
                    ("Notes", paragraphs(notes, "note")),
                ]
            ),
        )

    plain = {
        "title": esc(doc.get("title")),
        "original_title": esc(original),
        "year": esc(doc.get("year")),
        "runtime": esc(runtime),
        "certification": esc(doc.get("certification")),
        "genres": genres,
        "distributor": distributor,
        "tagline": esc(doc.get("tagline")),
        "facts": facts,
        "rating": rating,
        "directors": joined(people(doc, "director"), ", "),
        "writers": joined(people(doc, "writer"), ", "),
        "heading": heading,
        "people": key_people,
        "synopsis": synopsis,
        "paper": esc(paper),
    }
    makers: dict[str, Callable[[], str]] = {k: (lambda v=v: v) for k, v in plain.items()}
    makers.update(
        {
            "synopsis_short": lambda: paragraphs(shorten(doc.get("synopsis"), 520), "synopsis"),
            "poster": lambda: image_html(poster, *POSTER_BOX, cache_dir) if poster else "",
            "header": lambda: header(POSTER_BOX, key_people + synopsis),
            "card_header": lambda: header(CARD_POSTER_BOX, key_people),
            "cast_section": lambda: cast_table(cast, title="Cast"),
            "cast_short_section": lambda: cast_table(cast, 8, title="Starring"),
            "crew_section": lambda: section("Crew", crew()),
            "videos_section": lambda: titled("Featurettes & trailers", videos_table(videos)),
            "videos_short_section": lambda: section(
                "Watch", videos_table([v for v in videos if v.get("url")], 1)
            ),
            "reviews_section": lambda: titled("Reviews", reviews_table(doc.get("reviews") or [])),
            "releases_section": lambda: titled("Releases", releases_table(doc.get("releases") or []), 4),
            "awards_section": lambda: titled("Awards", awards_table(doc.get("awards") or []), 4),
            "articles_section": lambda: titled("Articles", articles_list(doc.get("articles") or []), 1),
            "stills_section": lambda: section("Stills", stills_strip(doc.get("images") or [], cache_dir)),
            "copy_section": copy,
            "copy_short_section": lambda: copy(300),
            "style": lambda: stylesheet(paper),
        }
    )
    return LazyNames(makers)


def group_letter(doc: dict) -> str:
    key = (doc.get("sort_title") or doc.get("title") or "").strip()
    first = unicodedata.normalize("NFKD", key[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


def list_names(
    docs: Iterable[dict], cache_dir: Path | None = None, paper: str = "A4", title: str = "Catalogue list"
) -> dict[str, str]:
    """The ``$names`` of a list template: rows grouped under their first letter."""
    rows: list[tuple[str, str, str]] = []
    for d in docs:
        poster = poster_image(d)
        thumb = image_html(poster, *THUMB_BOX, cache_dir) if poster else ""
        original = d.get("original_title") if d.get("original_title") != d.get("title") else None
        name = f'<span class="ltitle">{esc(d.get("title"))}</span>' + (
            f'<br><span class="lorig">{esc(original)}</span>' if original else ""
        )
        cells = [
            thumb,
            name,
            esc(d.get("year")),
            joined(people(d, "director"), ", "),
            esc(runtime_minutes(d.get("runtime_min"))),
            esc(rating_stars(d.get("rating"))),
        ]
        key = (d.get("sort_title") or d.get("title") or "").casefold()
        rows.append(
            (
                group_letter(d),
                key,
                "".join(f'<td class="{c}">{v}</td>' for c, v in zip(LIST_CELLS, cells, strict=True)),
            )
        )
    rows.sort(key=lambda r: (r[0] == "#", r[0], r[1]))
    head = "".join(f'<th align="left" width="{w}">{h}</th>' for h, w in LIST_HEAD)
    groups = []
    for letter in dict.fromkeys(r[0] for r in rows):
        body = "".join(
            f"<tr{' class=alt' if n % 2 else ''}>{r[2]}</tr>"
            for n, r in enumerate(r for r in rows if r[0] == letter)
        )
        groups.append(
            f'<p class="letter">{esc(letter)}</p><table class="grid list" width="100%" cellspacing="0">'
            f"<thead><tr>{head}</tr></thead>{body}</table>"
        )
    return {"title": esc(title), "count": str(len(rows)), "entries": "".join(groups), "paper": esc(paper)}


LIST_CELLS = ["thumb", "ltitle", "year", "director", "runtime", "rating"]
LIST_HEAD = [
    ("", "6%"),
    ("Title", "38%"),
    ("Year", "8%"),
    ("Director", "24%"),
    ("Runtime", "10%"),
    ("Rating", "14%"),
]
