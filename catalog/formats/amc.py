"""Ant Movie Catalog 3.5 (and 3.x) binary `.amc` files: a header naming the version, the owner's
details, then one record per film of little-endian integers and length-prefixed strings (the
cover picture inside). A file of another version, or one that ends mid-record, is refused."""

from __future__ import annotations

import datetime as dt
import re
import struct
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.formats import Format, Progress
from catalog.formats.mapping import ImportBatch, head, read_bytes, refuse, run_import, split_list

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

HEADER = re.compile(rb"^ AMC_(\d+)\.(\d+) Ant Movie Catalog")
HEADER_SIZE = 65
MAX_STRING = 4 << 20
DELPHI_EPOCH = dt.date(1899, 12, 30)
ENCODING = "cp1252"  # AMC 3.x is a Windows program writing the ANSI code page


class _Truncated(Exception):
    pass


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data, self.pos = data, offset

    def int(self) -> int | None:
        if self.pos + 4 > len(self.data):
            raise _Truncated
        (value,) = struct.unpack_from("<i", self.data, self.pos)
        self.pos += 4
        return None if value < 0 else value

    def bool(self) -> bool:
        if self.pos + 1 > len(self.data):
            raise _Truncated
        self.pos += 1
        return bool(self.data[self.pos - 1])

    def raw(self) -> bytes:
        length = self.int() or 0
        if length > MAX_STRING or self.pos + length > len(self.data):
            raise _Truncated
        self.pos += length
        return self.data[self.pos - length:self.pos]

    def str(self) -> str:
        return self.raw().decode(ENCODING, "replace").strip()


def looks_like_amc(path: Path) -> bool:
    return HEADER.match(head(path, 80)) is not None


def _cast(text: str) -> list[tuple[str, str | None]]:
    """"Tom Hanks (Forrest), Robin Wright (Jenny)" or one a line."""
    out = []
    for part in split_list(text, r",(?![^(]*\))|\n"):
        match = re.fullmatch(r"(.*?)\s*\((?:as )?(.*)\)", part)
        out.append((match.group(1), match.group(2)) if match else (part, None))
    return out


def read_amc(cat: Catalogue | None, path: Path) -> ImportBatch:
    path = Path(path)
    data = read_bytes(path)
    match = HEADER.match(data[:80])
    if not match:
        raise refuse(path, "not an Ant Movie Catalog file (no AMC header)")
    major, minor = int(match.group(1)), int(match.group(2))
    if (major, minor) > (3, 5):
        raise refuse(path, f"an Ant Movie Catalog {major}.{minor} file; Marquee reads the 3.x binary format "
                           "(save it from AMC 4 as XML or CSV)")
    reader = _Reader(data, HEADER_SIZE)
    batch = ImportBatch(path.name, cat)
    try:
        for _ in range(3 if (major, minor) >= (3, 5) else 4):  # owner's name, e-mail, (icq,) web page
            reader.str()
        reader.str()  # description
        while reader.pos < len(data):
            film = batch.film()
            reader.int()  # the record number
            added = reader.int()
            rating = reader.int()
            year, minutes = reader.int(), reader.int()
            video_bitrate, audio_bitrate, files = reader.int(), reader.int(), reader.int()
            reader.bool()  # checked in AMC's list
            label, medium, source, borrower = reader.str(), reader.str(), reader.str(), reader.str()
            title, translated = reader.str(), reader.str()
            director, producer, country, category, actors = (reader.str() for _ in range(5))
            url, description, comments = reader.str(), reader.str(), reader.str()
            video_format, audio_format, resolution, frame_rate = (reader.str() for _ in range(4))
            languages, subtitles, size, extension = (reader.str() for _ in range(4))
            picture = reader.raw()
            film.field("Original title", "title", title or translated)
            if title and translated and translated != title:
                film.record("Translated title", "alt_title", {"title": translated})
                film.report.note("Original title", "title")
            if rating is not None:
                film.field("Rating", "rating", round(rating / 10 * 2) / 2 if (major, minor) >= (3, 5) else rating)
            film.field("Year", "year", year)
            film.field("Length", "runtime_min", minutes)
            for name in split_list(director, r",|;"):
                film.credit("Director", name, "director")
            for name in split_list(producer, r",|;"):
                film.credit("Producer", name, "producer")
            film.names("Country", "countries", split_list(country, r",|/"))
            film.names("Category", "genres", split_list(category, r",|/"))
            for name, role in _cast(actors):
                film.credit("Actors", name, "actor", role)
            if url:
                if imdb := re.search(r"(tt\d{5,10})", url):
                    film.record("URL", "external_id", {"kind": "imdb", "value": imdb.group(1)})
                else:
                    film.field("URL", "web_site", url) or film.custom("URL", url)
            film.field("Description", "synopsis", description)
            film.field("Comments", "notes", comments)
            film.copy("Media type", "medium", medium)
            film.copy("Media label", "location", label)
            if region := re.search(r"Region \d", video_format):
                film.copy("Video format", "region", region.group(0))
            film.custom("Video format", video_format)
            film.copy("Audio format / languages", "audio", "; ".join(
                f"{lang} ({audio_format})" if audio_format else lang for lang in split_list(languages, r",|/"))
                or (f"? ({audio_format})" if audio_format else None))
            film.copy("Subtitles", "subtitles", split_list(subtitles, r",|/"))
            film.custom("Source", source)
            film.custom("Borrower", borrower, "Loaned to")
            film.custom("Resolution", resolution)
            film.custom("Frame rate", frame_rate)
            film.custom("File size", size)
            for name, number in (("Video bitrate", video_bitrate), ("Audio bitrate", audio_bitrate),
                                 ("Files", files)):
                if number:
                    film.custom(name, number, type_="number")
            if added and 0 < added < 200_000:  # days since 30 December 1899 (Delphi's dates)
                film.field("Date added", "created_at", (DELPHI_EPOCH + dt.timedelta(days=added)).isoformat())
            if picture:
                film.picture("Picture", picture, f"{title or 'cover'}{extension or '.jpg'}", "poster")
            batch.add(film)
    except _Truncated:
        raise refuse(path, f"the file is truncated (it ends inside film {len(batch.films) + 1})") from None
    return batch


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip") -> ImportResult:
    return run_import(cat, read_amc(cat, path), abort, progress, on_duplicate)


FORMAT = Format("amc", "Ant Movie Catalog", (".amc",), detect=looks_like_amc, read=_read, batch=read_amc)
