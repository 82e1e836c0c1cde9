"""Decide where every scanned file goes: which film, which image kind, which extra video.

Order for a file's film: the film the user chose; a movie .nfo in its folder or a folder above
(the film matched by title and year, or created from the .nfo; an .nfo without a year takes its
folder's); the file's own name, then its folders' names, matched against the catalogue; otherwise
the Unsorted inbox with a best guess. A movie folder without an .nfo that is clearly a film's (its
one video file, or Kodi artwork names and a year in the folder name) makes its film from the name.
Runs on the importer's calling thread; films created from .nfo files commit one by one.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.formats.folder.films import FilmIndex, artwork_prefix, create_film_from_nfo, title_from_name
from catalog.formats.folder.naming import (
    ARTWORK_WORDS,
    actor_name_from_file,
    artwork_kind,
    parse_title_year,
    video_kind,
    video_title,
)
from catalog.formats.folder.nfo import NfoRejected, find_movie_nfo, parse_nfo
from catalog.formats.folder.report import ImageItem, ImportReport
from catalog.formats.folder.scan import FoundFile, ScanResult, display_path, is_special_folder
from catalog.model.text import title_key

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

__all__ = ["Plan", "VideoItem", "plan_import"]


@dataclass(frozen=True, slots=True)
class VideoItem:
    path: Path
    display: str
    film_id: int
    kind: str
    title: str


@dataclass(slots=True)
class Plan:
    images: list[ImageItem] = field(default_factory=list)
    videos: list[VideoItem] = field(default_factory=list)


@dataclass(slots=True)
class _FolderNfo:
    folder_film: int | None = None                               # the folder's movie.nfo (or only .nfo)
    by_stem: dict[str, int] = field(default_factory=dict)         # "alien" -> film of Alien.nfo


def _chain(found: FoundFile) -> list[Path]:
    """Folders from the import root (when it is a folder) down to the file's own folder."""
    if found.root == found.path:
        return [found.path.parent]
    rel = found.path.parent.relative_to(found.root)
    return [found.root] + [found.root.joinpath(*rel.parts[: i + 1]) for i in range(len(rel.parts))]


def _is_kodi_artwork(path: Path) -> bool:
    """A picture named as Kodi names a film's artwork: "poster.jpg", "fanart1.jpg", "Alien-poster.jpg"."""
    stem = path.stem.casefold()
    word = stem.rstrip("0123456789 -_").rsplit("-", 1)[-1]
    return word in ARTWORK_WORDS


def _movie_folder(chain: list[Path]) -> Path:
    """The folder a file's artwork and extras names are read in: above the first extras folder."""
    for index, folder in enumerate(chain):
        if is_special_folder(folder.name):
            return chain[index - 1] if index else folder.parent
    return chain[-1]


class _Planner:
    def __init__(self, cat: Catalogue, scanned: ScanResult, film_id: int | None, report: ImportReport,
                 abort: threading.Event | None) -> None:
        self.cat, self.scanned, self.film_id, self.report, self.abort = cat, scanned, film_id, report, abort
        self.index = FilmIndex(cat)
        self.nfo: dict[Path, _FolderNfo] = {}
        self.labels: dict[int | None, str] = {}
        self.names_of: dict[tuple[Path, ...], list[tuple[str, int | None]]] = {}

    def label(self, film_id: int | None) -> str:
        if film_id not in self.labels:
            self.labels[film_id] = self.cat.films.label(film_id)
        return self.labels[film_id]

    def read_nfos(self) -> None:
        by_folder: dict[Path, list[FoundFile]] = defaultdict(list)
        for found in self.scanned.files:
            by_folder[found.path.parent].append(found)
        for folder, founds in by_folder.items():
            files = [f.path for f in founds]
            nfos = [f for f in founds if f.kind == "nfo"]
            if not nfos:
                continue
            if is_special_folder(folder.name):  # an extra's own .nfo describes the extra, not a film
                self.report.ignored += len(nfos)
                continue
            extras = {p.stem.casefold() for p in files if video_kind(p, folder) is not None}
            main = find_movie_nfo(folder, files)
            context = _FolderNfo()
            for nfo in sorted(nfos, key=lambda f: f.path):
                if self.abort is not None and self.abort.is_set():
                    self.report.cancelled = True
                    return
                if nfo.path.stem.casefold() in extras:
                    self.report.ignored += 1
                    continue
                film = self.film_from_nfo(nfo)
                if film is None:
                    continue
                context.by_stem[nfo.path.stem.casefold()] = film
                if nfo.path == main:
                    context.folder_film = film
            self.nfo[folder] = context

    def film_from_nfo(self, nfo: FoundFile) -> int | None:
        shown = nfo.display
        try:
            movie = parse_nfo(nfo.path)
        except NfoRejected as exc:
            self.report.skipped.append((shown, f"movie .nfo not used: {exc.reason}"))
            return None
        if movie.year is None:  # "Lilo & Stitch (2002)/movie.nfo" without <year>: the folder says it
            title, year = parse_title_year(nfo.path.parent.name)
            if year is not None and title_key(title) == title_key(movie.title):
                movie.year = year
        found = self.index.match(movie.title, movie.year, unique=False)
        if found is not None:
            self.report.films_matched.append(f"{self.label(found)} from {shown}")
            return found
        change = create_film_from_nfo(self.cat, movie)
        self.report.change.merge(change)
        film_id = change.id
        assert film_id is not None
        self.index.add(film_id, title_key(movie.title[:500]), movie.year, movie.title)
        self.report.films_created.append(f"{self.label(film_id)} from {shown}")
        return film_id

    def films_from_folders(self) -> None:
        """Create the film of each movie folder that has no .nfo, matches no film and is clearly a
        film's: one video of the film itself in it (the folder's name, or the video's, is the title),
        or Kodi artwork names ("poster.jpg", "fanart.jpg") and a year in the folder's name."""
        videos: dict[Path, list[Path]] = defaultdict(list)
        artwork: set[Path] = set()
        for found in self.scanned.files:
            if found.kind == "nfo":
                continue
            chain = _chain(found)
            if any(folder in self.nfo for folder in chain):
                continue
            folder = _movie_folder(chain)
            if found.kind == "video" and found.path.parent == folder and video_kind(found.path, folder) is None:
                videos[folder].append(found.path)
            elif found.kind == "image" and found.path.parent == folder and _is_kodi_artwork(found.path):
                artwork.add(folder)
        for folder in sorted(set(videos) | artwork):
            title, year = parse_title_year(folder.name)
            own = videos.get(folder, [])
            if len(own) == 1 and not title:
                title, year = parse_title_year(own[0].name)
            if not title or is_special_folder(folder.name) or not (len(own) == 1 or year is not None):
                continue
            if len(own) == 1 and year is None and title_key(parse_title_year(own[0].name)[0]) != title_key(title):
                continue  # a folder of loose videos is a library, not a film
            if self.index.match(title, year) is not None:
                continue
            change = self.cat.films.create({"title": title[:500], "year": year})
            self.report.change.merge(change)
            film_id = change.id
            assert film_id is not None
            self.index.add(film_id, title_key(title[:500]), year, title[:500])
            self.report.films_created.append(f"{self.label(film_id)} from the folder name {display_path(folder.name)}/")

    def folder_names(self, chain: list[Path]) -> list[tuple[str, int | None]]:
        """(title, year) each folder's name stands for, nearest first (once per folder: every file in
        it asks)."""
        key = tuple(chain)
        names = self.names_of.get(key)
        if names is None:
            names = self.names_of[key] = [parse_title_year(folder.name) for folder in reversed(chain)
                                          if not is_special_folder(folder.name)]
        return names

    def film_for(self, found: FoundFile, chain: list[Path]) -> tuple[int | None, str | None]:
        """(film id, None) or (None, best guess)."""
        if self.film_id is not None:
            return self.film_id, None
        prefix = artwork_prefix(found.path.stem).casefold()
        for folder in reversed(chain):
            context = self.nfo.get(folder)
            if context is None:
                continue
            film = context.by_stem.get(prefix) or context.by_stem.get(found.path.stem.casefold())
            film = film or context.folder_film
            if film is not None:
                return film, None
        names = [title_from_name(found.path.name), *self.folder_names(chain)]
        for title, year in names:
            film = self.index.match(title, year) if title else None
            if film is not None:
                return film, None
        return None, self.index.best_guess(names)[1]

    def plan(self) -> Plan:
        plan = Plan()
        for found in self.scanned.files:
            if found.kind == "nfo":
                continue
            chain = _chain(found)
            movie_folder = _movie_folder(chain)
            if found.kind == "video":
                kind = video_kind(found.path, movie_folder)
                if kind is None:
                    self.report.ignored += 1  # the film itself, not an extra
                    continue
                film, _ = self.film_for(found, chain)
                if film is None:
                    self.report.skipped.append((found.display, f"{kind.replace('_', ' ')}: no film to put it on"))
                    continue
                title = display_path(video_title(found.path))[:500]
                plan.videos.append(VideoItem(found.path, found.display, film, kind, title))
                continue
            kind = artwork_kind(found.path, movie_folder)
            if kind is None:
                self.report.skipped.append((found.display, "collection artwork (movieset-…): belongs to the set"))
            elif kind == "person":
                name = display_path(actor_name_from_file(found.path.name))
                plan.images.append(ImageItem(found.path, found.display, None, "photo", person=name))
            else:
                film, guess = self.film_for(found, chain)
                plan.images.append(ImageItem(found.path, found.display, film, kind, guess=guess))
        return plan


def plan_import(cat: Catalogue, scanned: ScanResult, film_id: int | None, report: ImportReport,
                abort: threading.Event | None = None) -> Plan:
    """Read the .nfo files (creating their films), then decide where every picture and extra goes."""
    planner = _Planner(cat, scanned, film_id, report, abort)
    if film_id is None:
        planner.read_nfos()
        if not report.cancelled:
            planner.films_from_folders()
    if report.cancelled:
        return Plan()
    return planner.plan()
