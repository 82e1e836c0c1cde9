"""Where an unsorted picture came from and which film it most likely belongs to, read from the
path it was imported from (its file and folder names, as the importer reads them). For the
Unsorted view: "from Downloads/Blade Runner extras/ → Blade Runner (1982)". Database reads only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from catalog.formats.folder.films import FilmIndex, title_from_name
from catalog.formats.folder.naming import parse_title_year
from catalog.formats.folder.scan import is_special_folder
from catalog.model.rows import ImageInfo

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

__all__ = ["Guess", "guess_films", "source_folder"]


@dataclass(frozen=True, slots=True)
class Guess:
    folder: str              # the folder it was imported from, as a person reads it ("Movies/Alien (1979)")
    film_id: int | None      # the film it most likely belongs to, when there is one
    label: str | None        # "Alien (1979)": that film, or the name read as a title when no film is close


def source_folder(original_path: str | None) -> str:
    """The last two folders of where a picture was imported from ("" when unknown)."""
    if not original_path:
        return ""
    parts = tuple(p for p in PurePath(original_path).parent.parts if p not in ("/", "\\"))
    return "/".join(parts[-2:])


def _names(original_path: str) -> list[tuple[str, int | None]]:
    """The picture's own name, then its folders' (nearest first, three at most)."""
    path = PurePath(original_path)
    folders = [f for f in reversed(path.parent.parts[1:]) if not is_special_folder(f)]
    return [title_from_name(path.name), *(parse_title_year(f) for f in folders[:3])]


def guess_films(cat: Catalogue, images: Iterable[ImageInfo]) -> dict[int, Guess]:
    """A Guess for each picture, keyed by image id: a film one of its names matches, else the film
    whose title comes closest (see FilmIndex.best_guess)."""
    index = FilmIndex(cat)
    guesses: dict[int, Guess] = {}
    for info in images:
        names = _names(info.original_path) if info.original_path else [title_from_name(info.original_name)]
        film = next((f for f in (index.match(t, y) for t, y in names if t) if f is not None), None)
        film_id, label = (film, cat.films.label(film)) if film is not None else index.best_guess(names)
        guesses[info.id] = Guess(source_folder(info.original_path), film_id, label)
    return guesses
