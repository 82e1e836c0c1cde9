"""What an image import did, for people (``text()``) and programs (``to_dict()``, JSON-ready)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.formats.folder.scan import display_path
from catalog.ops.change import Change


@dataclass(frozen=True, slots=True)
class ImageItem:
    """One picture to import and where it goes. ``person``: a .actors photo of that person."""

    path: Path
    display: str
    film_id: int | None
    kind: str
    person: str | None = None
    guess: str | None = None  # best guess of the film, for pictures sent to the inbox


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    item: ImageItem
    similar_to: str     # "#12 poster.jpg on Alien (1979)"
    distance: int       # differing bits of the 64-bit perceptual hash (for information)
    alike: float = 1.0  # correlation of the two pictures at their best alignment (catalog.imaging.similar)


@dataclass(slots=True)
class ImportReport:
    imported: dict[str, list[str]] = field(default_factory=dict)   # film label -> file names
    films_created: list[str] = field(default_factory=list)         # "Alien (1979) from Alien/movie.nfo"
    films_matched: list[str] = field(default_factory=list)         # an .nfo naming a film already there
    photos: list[str] = field(default_factory=list)                # "Sigourney Weaver: .actors/Sigourney_Weaver.jpg"
    videos: list[str] = field(default_factory=list)                # "Alien (1979): trailer Alien-trailer.mkv"
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, what it duplicates)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    inbox: list[tuple[str, str | None]] = field(default_factory=list)  # (file, best guess)
    moved: list[tuple[str, str]] = field(default_factory=list)     # (file, film): taken out of Unsorted
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)
    ignored: int = 0       # files that are not pictures, extras or .nfo (films' own videos, subtitles, ...)
    cancelled: bool = False
    seconds: float = 0.0
    kept_similar: bool = False
    change: Change = field(default_factory=lambda: Change("Import pictures"))  # all it did; undone as one

    @property
    def imported_count(self) -> int:
        return sum(len(names) for names in self.imported.values())

    def add_imported(self, film: str, name: str) -> None:
        self.imported.setdefault(film, []).append(name)

    def summary(self) -> str:
        added = self.imported_count + len(self.inbox) + len(self.photos)
        parts = [f"{added} image(s) imported ({self.imported_count} on films)"]
        for count, what in ((len(self.films_created), "film(s) created"), (len(self.moved), "moved out of Unsorted"),
                            (len(self.photos), "people's photo(s)"),
                            (len(self.videos), "video(s)"), (len(self.duplicates), "duplicate(s)"),
                            (len(self.near_duplicates), "near-duplicate(s)"), (len(self.inbox), "to Unsorted"),
                            (len(self.skipped), "skipped")):
            if count:
                parts.append(f"{count} {what}")
        return ", ".join(parts) + (" — cancelled" if self.cancelled else "") + "."

    def text(self) -> str:
        lines = [self.summary()]

        def section(title: str, rows: list[str]) -> None:
            if rows:
                lines.extend(["", f"{title} ({len(rows)}):", *(f"  {row}" for row in rows)])

        for film, names in self.imported.items():
            section(f"Imported to {film}", names)
        section("Films created", self.films_created)
        section("Films found from .nfo", self.films_matched)
        section("Moved out of Unsorted", [f"{a} — to {b}" for a, b in self.moved])
        section("People's photos", self.photos)
        section("Videos", self.videos)
        section("Already in the catalogue (not added again)", [f"{a} — same file as {b}" for a, b in self.duplicates])
        section("Near-duplicates (not kept)" if not self.kept_similar else "Near-duplicates (kept)",
                [f"{n.item.display} — looks like {n.similar_to} ({n.alike:.0%} alike)"
                 for n in self.near_duplicates])
        section("Sent to Unsorted", [f"{a} — best guess: {b}" if b else a for a, b in self.inbox])
        section("Skipped", [f"{a} — {b}" for a, b in self.skipped])
        section("Notes", [f"{a} — {b}" for a, b in self.notes])
        if self.ignored:
            lines.extend(["", f"{self.ignored} other file(s) ignored (films' own videos, subtitles, …)."])
        lines.extend(["", f"Took {self.seconds:.1f} s."])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "imported": self.imported,
            "imported_count": self.imported_count,
            "films_created": self.films_created,
            "films_matched": self.films_matched,
            "photos": self.photos,
            "videos": self.videos,
            "duplicates": [{"file": a, "same_as": b} for a, b in self.duplicates],
            "near_duplicates": [{"file": n.item.display, "path": display_path(n.item.path), "looks_like": n.similar_to,
                                 "distance": n.distance, "alike": round(n.alike, 3), "kept": self.kept_similar}
                                for n in self.near_duplicates],
            "inbox": [{"file": a, "best_guess": b} for a, b in self.inbox],
            "moved": [{"file": a, "film": b} for a, b in self.moved],
            "skipped": [{"file": a, "reason": b} for a, b in self.skipped],
            "notes": [{"file": a, "note": b} for a, b in self.notes],
            "ignored": self.ignored,
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 2),
        }
