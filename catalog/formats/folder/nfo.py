"""Kodi / Jellyfin / Emby / MediaPortal movie ``.nfo`` files -> :class:`NfoMovie`.

Parsing goes through ``defusedxml`` only (entity expansion, external entities are refused). Every
failure is :class:`NfoRejected` with a plain-English ``reason``; nothing else escapes ``parse_nfo``.
Pure and database-free; safe to call from worker threads or processes.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET  # only for the Element type and ParseError; parsing is defusedxml's
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import defusedxml
import defusedxml.ElementTree as SafeET

from catalog.formats.folder.naming import is_video_file, video_kind

__all__ = ["NfoActor", "NfoCredit", "NfoMovie", "NfoRejected", "find_movie_nfo", "parse_nfo"]

_MAX_BYTES = 10 * 1024 * 1024
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_YOUTUBE_PLUGIN = re.compile(r"^plugin://plugin\.video\.youtube/.*?[?&/](?:videoid|video_id)=([\w-]{6,20})")


class NfoRejected(Exception):
    """An .nfo we cannot use; ``reason`` is plain English, ``urls`` any web links found in it."""

    def __init__(self, reason: str, urls: list[str] | None = None) -> None:
        super().__init__(reason, urls or [])
        self.reason = reason
        self.urls = urls or []

    def __str__(self) -> str:
        return self.reason


class NfoActor(NamedTuple):
    name: str
    role: str | None
    order: int | None


class NfoCredit(NamedTuple):
    """A non-acting credit other than director/writer, e.g. ("Tim Burton", "producer")."""

    name: str
    job: str


@dataclass(slots=True)
class NfoMovie:
    """What one movie .nfo says. Text fields are None when absent or empty; lists may be empty.

    ``certification`` is the rating as a viewer reads it: "USA:PG" -> "PG" (country in
    ``certification_country``), "Rated PG-13" -> "PG-13". ``rating`` is the community/critic rating
    on a 0-10 scale (the default of ``<ratings>``, else ``<rating>``/``<communityrating>``);
    ``user_rating`` is the owner's own (``<userrating>``, 0 meaning unrated). ``urls`` are links
    written after the XML (Kodi's combined .nfo).
    """

    title: str
    original_title: str | None = None
    sort_title: str | None = None
    year: int | None = None
    premiered: str | None = None
    runtime_min: int | None = None
    plot: str | None = None
    outline: str | None = None
    tagline: str | None = None
    certification: str | None = None
    certification_country: str | None = None
    genres: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    studios: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    actors: list[NfoActor] = field(default_factory=list)
    crew: list[NfoCredit] = field(default_factory=list)
    trailer: str | None = None
    trailers: list[str] = field(default_factory=list)
    rating: float | None = None
    user_rating: float | None = None
    critic_rating: float | None = None
    imdb_id: str | None = None
    unique_ids: dict[str, str] = field(default_factory=dict)
    set_name: str | None = None
    watched: bool | None = None
    urls: list[str] = field(default_factory=list)


def parse_nfo(path: Path) -> NfoMovie:
    """Read one movie .nfo. Raises NfoRejected (and nothing else) when it cannot be used."""
    try:
        data = Path(path).read_bytes()[: _MAX_BYTES + 1]
    except PermissionError:
        raise NfoRejected("unreadable file: permission denied") from None
    except OSError as exc:
        raise NfoRejected(f"unreadable file: {exc.strerror or exc}") from None
    try:
        return parse_nfo_bytes(data)
    except NfoRejected:
        raise
    except Exception as exc:  # a bug here must cost one file, not the whole import
        raise NfoRejected(f"could not be read ({type(exc).__name__}: {exc})") from None


def parse_nfo_bytes(data: bytes) -> NfoMovie:
    """As :func:`parse_nfo`, for bytes already read."""
    if len(data) > _MAX_BYTES:
        raise NfoRejected(f"file too large for an .nfo (over {_MAX_BYTES // (1024 * 1024)} MB)")
    text = _decode(data)
    stripped = text.strip()
    if not stripped:
        raise NfoRejected("empty file")
    if not stripped.startswith("<"):
        urls = _URL.findall(stripped)
        if urls:
            noun = "a link" if len(urls) == 1 else "links"
            raise NfoRejected(f"not XML: contains only {noun} ({', '.join(urls)})", urls)
        raise NfoRejected("not XML (plain text without a <movie> element)")
    root, trailing_urls = _parse_xml(data)
    if root.tag != "movie":
        raise NfoRejected(f"<{root.tag}> is not a movie", trailing_urls)
    movie = _movie(root)
    movie.urls = trailing_urls
    return movie


def find_movie_nfo(folder: Path, files: list[Path]) -> Path | None:
    """The .nfo describing the film in ``folder``, given the files in it (absolute or relative).

    Kodi's order: ``movie.nfo``; ``<video file name>.nfo`` (the main film, not extras or samples);
    ``VIDEO_TS.nfo``/``index.nfo`` of a disc folder; else the folder's only .nfo. None otherwise.
    """
    folder = Path(folder)
    paths = [p if p.is_absolute() else folder / p for p in map(Path, files)]
    nfos = {p.name.casefold(): p for p in paths if p.parent == folder and p.suffix.casefold() == ".nfo"}
    if "movie.nfo" in nfos:
        return nfos["movie.nfo"]
    videos = sorted(p for p in paths if p.parent == folder and is_video_file(p))
    for video in videos:
        if video_kind(video, folder) is None and f"{video.stem.casefold()}.nfo" in nfos:
            return nfos[f"{video.stem.casefold()}.nfo"]
    for path in sorted(paths):
        in_disc = path.parent == folder or path.parent.name.casefold() in ("video_ts", "bdmv")
        if in_disc and path.name.casefold() in ("video_ts.nfo", "index.nfo"):
            return path
    return next(iter(nfos.values())) if len(nfos) == 1 else None


# -- reading the XML ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """Text of the file in its declared encoding (UTF-8 by default); rejects undecodable bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        declared = re.match(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8-sig"
        if encoding.casefold() in ("utf-8", "utf8"):
            encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except LookupError:
        raise NfoRejected(f"unknown text encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise NfoRejected(
            f"undecodable text: not valid {name} (byte 0x{data[exc.start]:02X} at offset {exc.start})"
        ) from None


def _parse_xml(data: bytes) -> tuple[ET.Element, list[str]]:
    try:
        return SafeET.fromstring(data), []
    except defusedxml.ExternalReferenceForbidden:
        raise NfoRejected("unsafe XML (external references) refused") from None
    except defusedxml.DefusedXmlException:
        raise NfoRejected("unsafe XML (entity declarations) refused") from None
    except ET.ParseError as exc:
        # Kodi allows a scraper link after the XML: "<movie>...</movie>\nhttps://www.imdb.com/...".
        end = re.search(rb"</[\w:.-]+>\s*(?=[^<]*\Z)", data)
        if end and data[end.end():].strip():
            urls = _URL.findall(data[end.end():].decode("utf-8", "replace"))
            try:
                return SafeET.fromstring(data[: end.end()]), urls
            except (ET.ParseError, ValueError, defusedxml.DefusedXmlException):
                pass
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise NfoRejected(f"malformed XML ({message} at line {line}, column {column + 1})") from None


# -- from elements to fields -------------------------------------------------------------------------


def _movie(root: ET.Element) -> NfoMovie:
    title = _text(root, "title")
    if not title:
        raise NfoRejected("no title (the <title> element is missing or empty)")
    premiered = next(
        (d for tag in ("premiered", "releasedate", "aired") if (d := _iso_date(_text(root, tag)))), None
    )
    year = _year(_text(root, "year")) or (int(premiered[:4]) if premiered else None)
    certification, country = _certification(_text(root, "mpaa") or _text(root, "certification"))
    actors, crew = _people(root)
    trailers = _unique(t for el in root.findall("trailer") if (t := _trailer_url(_clean(el.text))))
    unique_ids = _unique_ids(root)
    return NfoMovie(
        title=title,
        original_title=_text(root, "originaltitle"),
        sort_title=_text(root, "sorttitle"),
        year=year,
        premiered=premiered,
        runtime_min=_runtime(root),
        plot=_prose(root, "plot"),
        outline=_prose(root, "outline"),
        tagline=_prose(root, "tagline"),
        certification=certification,
        certification_country=country,
        genres=_list(root, "genre", split_commas=False),
        tags=_list(root, "tag", split_commas=False),
        countries=_list(root, "country", split_commas=False),
        studios=_list(root, "studio"),
        directors=_list(root, "director"),
        writers=_unique([*_list(root, "credits"), *_list(root, "writer")]),
        actors=actors,
        crew=crew,
        trailer=trailers[0] if trailers else None,
        trailers=trailers,
        rating=_rating(root),
        user_rating=_number(_text(root, "userrating")) or None,
        critic_rating=_number(_text(root, "criticrating")),
        imdb_id=unique_ids.get("imdb"),
        unique_ids=unique_ids,
        set_name=_set_name(root),
        watched=_watched(root),
    )


def _clean(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None


def _text(el: ET.Element, tag: str) -> str | None:
    """First non-empty text of a direct child, whitespace collapsed (MediaPortal's |pipes| dropped)."""
    for child in el.findall(tag):
        text = _clean(child.text)
        if text and text.strip("|"):
            return text.strip("|").strip()
    return None


def _prose(el: ET.Element, tag: str) -> str | None:
    """Plot-like text: hard-wrapped lines rejoined, blank-line paragraphs kept."""
    child = el.find(tag)
    raw = (child.text or "") if child is not None else ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw.strip())]
    return "\n\n".join(p for p in paragraphs if p) or None


_NAME_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|inc|ltd|llc|co|s\.a|gmbh)\.?$", re.IGNORECASE)


def _list(el: ET.Element, tag: str, split_commas: bool = True) -> list[str]:
    """Values of repeated tags, also split on MediaPortal's "|" and " / " (and commas for names)."""
    values: list[str] = []
    for child in el.findall(tag):
        for part in re.split(r"\||\s/\s", child.text or ""):
            pieces = part.split(",") if split_commas else [part]
            for piece in (" ".join(p.split()) for p in pieces):
                if values and piece and _NAME_SUFFIX.match(piece):
                    values[-1] = f"{values[-1]}, {piece}"  # "Sammy Davis, Jr."
                elif piece:
                    values.append(piece)
    return _unique(values)


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def _number(text: str | None) -> float | None:
    """A float from "7.5" or "7,5" (decimal comma); None if absent or not a number."""
    if not text:
        return None
    match = re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", text.strip())
    return float(match.group(0).replace(",", ".")) if match else None


def _year(text: str | None) -> int | None:
    return int(text) if text and re.fullmatch(r"\d{4}", text) and 1878 <= int(text) <= 2100 else None


def _iso_date(text: str | None) -> str | None:
    """ISO partial date ("2016", "2016-03", "2016-03-09") from the forms NFO writers use."""
    if not text:
        return None
    text = text.strip()
    for pattern, order in (
        (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", "ymd"),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", "dmy"),
        (r"(\d{4})-(\d{1,2})", "ym"),
        (r"(\d{4})", "y"),
    ):
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        parts = dict(zip(order, map(int, match.groups()), strict=True))
        if not 1878 <= parts["y"] <= 2100:
            return None
        try:
            if "d" in parts:
                return _dt.date(parts["y"], parts["m"], parts["d"]).isoformat()
            if "m" in parts:
                return f"{parts['y']:04d}-{parts['m']:02d}" if 1 <= parts["m"] <= 12 else None
        except ValueError:
            return None
        return f"{parts['y']:04d}"
    return None


def _runtime(root: ET.Element) -> int | None:
    text = _text(root, "runtime") or ""
    hours = re.fullmatch(r"(\d+)\s*h(?:ours?)?\s*(\d+)?\s*m?(?:in)?", text, re.IGNORECASE)
    if hours:
        minutes = int(hours.group(1)) * 60 + int(hours.group(2) or 0)
    else:
        match = re.match(r"\d+", text)
        minutes = int(match.group(0)) if match else 0
    if not minutes:  # Kodi falls back to the file's duration
        seconds = _number(_text(root, "fileinfo/streamdetails/video/durationinseconds"))
        minutes = round(seconds / 60) if seconds else 0
    return minutes or None


def _certification(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    first = re.split(r"\s+/\s+", text)[0].strip()
    country = None
    if ":" in first:
        country, first = (s.strip() for s in first.split(":", 1))
    first = re.sub(r"^Rated\s+", "", first, flags=re.IGNORECASE).strip()
    return first or None, country or None


def _people(root: ET.Element) -> tuple[list[NfoActor], list[NfoCredit]]:
    actors: list[tuple[int, int, NfoActor]] = []
    crew: list[NfoCredit] = []
    for index, el in enumerate(root.findall("actor")):
        name = _text(el, "name")
        if not name:
            continue
        kind = (_text(el, "type") or "actor").casefold()
        if kind not in ("actor", "gueststar"):  # Jellyfin stores other crew as typed <actor>s
            crew.append(NfoCredit(name, kind))
            continue
        order_text = _text(el, "order")
        order = int(order_text) if order_text and order_text.isdigit() else None
        sort_order = order if order is not None else 1_000_000
        actors.append((sort_order, index, NfoActor(name, _text(el, "role"), order)))
    for el in root.findall("producer"):
        if name := _text(el, "name") or _clean(el.text):
            crew.append(NfoCredit(name, (_text(el, "role") or "producer").casefold()))
    return [actor for _, _, actor in sorted(actors)], crew


def _trailer_url(text: str | None) -> str | None:
    """http(s) trailer link; Kodi's YouTube plug-in links become https://www.youtube.com/ links."""
    if not text:
        return None
    plugin = _YOUTUBE_PLUGIN.match(text)
    if plugin:
        return f"https://www.youtube.com/watch?v={plugin.group(1)}"
    return text if re.match(r"https?://[^\s/]+\.[^\s]+$", text, re.IGNORECASE) else None


def _rating(root: ET.Element) -> float | None:
    ratings = root.findall("ratings/rating")
    chosen = next((r for r in ratings if (r.get("default") or "").casefold() == "true"), None)
    for candidate in [chosen, *ratings]:
        if candidate is None:
            continue
        value = _number(_text(candidate, "value"))
        scale = _number(candidate.get("max")) or 10.0
        if value:
            return round(value * 10.0 / scale, 2)
    return _number(_text(root, "rating")) or _number(_text(root, "communityrating")) or None


def _unique_ids(root: ET.Element) -> dict[str, str]:
    ids: dict[str, str] = {}
    for el in root.findall("uniqueid"):
        if (value := _clean(el.text)) and (kind := (el.get("type") or "").casefold()):
            ids.setdefault(kind, value)
    for entry in root.findall("ids/entry"):  # tinyMediaManager
        if (key := _text(entry, "key")) and (value := _text(entry, "value")):
            ids.setdefault(key.casefold(), value)
    for tag, kind in (("imdbid", "imdb"), ("imdb", "imdb"), ("tmdbid", "tmdb"), ("tmdbId", "tmdb"),
                      ("tmdb", "tmdb"), ("id", "imdb")):
        value = _text(root, tag)
        if value and (kind != "imdb" or re.fullmatch(r"tt\d{5,10}", value)) and value != "0":
            ids.setdefault(kind, value)
    if "imdb" in ids and not re.fullmatch(r"tt\d{5,10}", ids["imdb"]):
        del ids["imdb"]
    return ids


def _set_name(root: ET.Element) -> str | None:
    for el in root.findall("set"):
        if name := _text(el, "name") or _clean(el.text):
            return name
    return None


def _watched(root: ET.Element) -> bool | None:
    watched = (_text(root, "watched") or "").casefold()
    if watched in ("true", "false"):
        return watched == "true"
    plays = _number(_text(root, "playcount"))
    return None if plays is None else plays > 0
