"""File and folder names -> meaning: titles and years, matching keys, artwork and extras kinds.

Pure string work on paths (only :func:`is_ignored` and :func:`has_ignore_marker` look at the disk).
Conventions followed are Kodi's, Jellyfin/Emby's and Plex's folder layouts for movies.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path, PurePath

__all__ = [
    "ARTWORK_WORDS",
    "IGNORE_MARKERS",
    "IMAGE_EXTENSIONS",
    "VIDEO_EXTENSIONS",
    "actor_name_from_file",
    "artwork_kind",
    "has_ignore_marker",
    "is_ignored_name",
    "is_image_file",
    "is_video_file",
    "parse_title_year",
    "video_kind",
    "video_title",
]

VIDEO_EXTENSIONS = frozenset({
    ".mkv", ".mp4", ".m4v", ".avi", ".mov", ".qt", ".wmv", ".webm", ".mpg", ".mpeg", ".mpe", ".m2v",
    ".ts", ".m2ts", ".mts", ".iso", ".vob", ".ogv", ".ogm", ".flv", ".3gp", ".divx", ".xvid", ".rmvb",
    ".rm", ".asf", ".dvr-ms", ".wtv", ".strm", ".img",
})
IMAGE_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
})
# A folder holding one of these files is skipped with everything below it (Kodi, Plex, tinyMediaManager).
IGNORE_MARKERS = frozenset({".ignore", ".nomedia", ".tmmignore", ".plexignore"})
_IGNORED_NAMES = frozenset(
    {"@eadir", "#recycle", "$recycle.bin", "lost+found", ".ds_store", "thumbs.db", "desktop.ini",
     "#snapshot", "system volume information", ".trashes", ".@__thumb"}
)
_SAMPLE = re.compile(r"(?:^|[-._ ])sample(?:[-._ ]?\d*)?$|^sample[-._ ]", re.IGNORECASE)

_MIN_YEAR = 1878  # Muybridge's "The Horse in Motion"
_YEAR_IN_BRACKETS = re.compile(r"[(\[]\s*((?:18|19|20)\d\d)\s*[)\]]")
_RELEASE_JUNK = re.compile(
    r"^(?:\d{3,4}[pi]|4k|uhd|hdr\d*|dv|bluray|blu-ray|bdrip|brrip|bdremux|remux|web-?dl|webrip|web|hdtv|"
    r"dvdrip|dvdscr|dvd[59r]?|hdrip|xvid|divx|[xh]\.?26[45]|hevc|avc|aac\d?|ac3|dts|ddp?\d?|atmos|truehd|"
    r"10bit|8bit|proper|repack|extended|unrated|remastered|limited|internal|multi|subbed|dubbed)$",
    re.IGNORECASE,
)
_TAGS = re.compile(r"\{[^}]*\}|\[(?:imdb|tmdb|tvdb)[^\]]*\]", re.IGNORECASE)  # {edition-...}, [imdbid-..]



def is_video_file(path: PurePath) -> bool:
    """True for a video container by extension (case-insensitive)."""
    return path.suffix.lower() in VIDEO_EXTENSIONS


def is_image_file(path: PurePath) -> bool:
    """True for a picture by extension (case-insensitive)."""
    return path.suffix.lower() in IMAGE_EXTENSIONS


def parse_title_year(name: str) -> tuple[str, int | None]:
    """Readable title and release year from a folder or file name ("La.La.Land.2016.1080p" -> 2016).

    A year in brackets wins ("1917 (2019)"); otherwise the last plausible year that is not the
    first word ("2001 A Space Odyssey 1968"). Everything after the year, and release tags such as
    1080p/BluRay/x264 when there is no year, is dropped.
    """
    stem = name.strip()
    suffix = PurePath(stem).suffix.lower()
    if suffix in VIDEO_EXTENSIONS or suffix in IMAGE_EXTENSIONS or suffix == ".nfo":
        stem = stem[: -len(suffix)]
    stem = _TAGS.sub(" ", stem)
    last_year = _dt.date.today().year + 3
    for match in _YEAR_IN_BRACKETS.finditer(stem):
        year = int(match.group(1))
        if _MIN_YEAR <= year <= last_year and match.start() > 0:
            return _clean_title(stem[: match.start()]), year
    words = _split_words(stem)
    for index in range(len(words) - 1, 0, -1):
        word = words[index].strip("()[]")
        if re.fullmatch(r"\d{4}", word) and _MIN_YEAR <= int(word) <= last_year:
            return _clean_title(" ".join(words[:index])), int(word)
    for index, word in enumerate(words):
        if index > 0 and _RELEASE_JUNK.match(word):
            words = words[:index]
            break
    return _clean_title(" ".join(words)), None


def _split_words(stem: str) -> list[str]:
    # Scene names use dots/underscores for spaces; keep dots in "Mr. & Mrs. Smith" (has real spaces).
    text = stem.replace("_", " ")
    if " " not in text.strip():
        text = re.sub(r"(?<!\b[A-Za-z])\.|\.(?![A-Za-z]\b)", " ", text)  # keep "S.W.A.T."-style dots
    return text.split()


def _clean_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" -_,([")
    if text.endswith(".") and not re.search(r"(?:^|[ .])[A-Za-z]\.$", text):  # keep "S.W.A.T."
        text = text.rstrip(". ")
    return text.strip(" -_,")


# -- artwork -----------------------------------------------------------------------------------------

_ART_NAMES = {
    "poster": "poster", "folder": "poster", "cover": "poster", "keyart": "poster",
    "fanart": "backdrop", "backdrop": "backdrop", "background": "backdrop",
    "banner": "banner",
    "clearlogo": "logo", "logo": "logo",
    "clearart": "clearart",
    "disc": "disc", "discart": "disc", "cdart": "disc",
    "landscape": "landscape", "thumb": "landscape",
}
ARTWORK_WORDS = frozenset(_ART_NAMES)  # Kodi's artwork file names ("poster.jpg", "fanart.jpg", ...)
_ART_WORD = re.compile(r"(?:^|.*?[-._ ])(" + "|".join(_ART_NAMES) + r")(?:[-_ ]?\d+)?$")


def artwork_kind(path: PurePath, relative_to: PurePath) -> str | None:
    """Image kind a Kodi/Jellyfin artwork file name implies, for a movie folder ``relative_to``.

    Returns "poster", "backdrop", "banner", "logo", "clearart", "disc", "landscape", "person" (in
    ``.actors/``), "behind_the_scenes" (``Behind The Scenes/``, ``Making of/``) or "still"
    (``extrafanart/``, ``extrathumbs/``, other extras folders such as ``Trailers/``, and any other
    picture). The film's name may prefix the kind ("Alien (1979)-poster.jpg"), and
    numbers may follow it ("fanart2", "backdrop-1"). Returns None,
    leaving the decision to the caller, for non-images and for collection art (``movieset-*``), which
    belongs to the film's set, not to the film.
    """
    if not is_image_file(path):
        return None
    folders = [part.casefold() for part in _relative(path, relative_to).parts[:-1]]
    if ".actors" in folders:
        return "person"
    # extrafanart/extrathumbs hold stills; pictures among extras belong to those videos, not the film
    # (stills, but those of a behind-the-scenes folder are behind-the-scenes pictures).
    if any(_FOLDER_KINDS.get(folder) == "behind_the_scenes" for folder in folders):
        return "behind_the_scenes"
    if any(folder in ("extrafanart", "extrathumbs") or folder in _FOLDER_KINDS for folder in folders):
        return "still"
    stem = path.stem.casefold()
    if stem.startswith("movieset-") or stem.startswith("movieset."):
        return None
    match = _ART_WORD.match(stem)
    return _ART_NAMES[match.group(1)] if match else "still"


def actor_name_from_file(name: str) -> str:
    """Kodi's ``.actors/First_Last.jpg`` -> "First Last"."""
    return re.sub(r"\s+", " ", PurePath(name).stem.replace("_", " ")).strip()


# -- extras (featurettes, trailers, ...) -------------------------------------------------------------

_FOLDER_KINDS = {
    "featurettes": "featurette", "featurette": "featurette",
    "behind the scenes": "behind_the_scenes", "behindthescenes": "behind_the_scenes",
    "behind-the-scenes": "behind_the_scenes", "making of": "behind_the_scenes",
    "trailers": "trailer", "trailer": "trailer", "teasers": "teaser", "teaser": "teaser",
    "interviews": "interview", "interview": "interview",
    "deleted scenes": "deleted_scene", "deletedscenes": "deleted_scene", "deleted": "deleted_scene",
    "scenes": "clip", "scene": "clip", "clips": "clip", "clip": "clip",
    # Short films shipped with a movie, and catch-all bonus folders, are best called featurettes.
    "shorts": "featurette", "short": "featurette", "extras": "featurette", "extra": "featurette",
    "other": "featurette", "others": "featurette",
}
_SUFFIX_KINDS = {
    "featurette": "featurette", "trailer": "trailer", "teaser": "teaser", "clip": "clip",
    "behindthescenes": "behind_the_scenes", "interview": "interview", "deleted": "deleted_scene",
    "deletedscene": "deleted_scene", "scene": "clip", "short": "featurette", "other": "featurette",
    "extra": "featurette",
}
# Plex/Kodi/Jellyfin use a hyphen ("Arrival-trailer2.mkv"); dots or spaces would misread real titles.
_KIND_SUFFIX = re.compile(r"^(.*?)-(" + "|".join(_SUFFIX_KINDS) + r")\d*$", re.IGNORECASE)
_KIND_LABELS = {
    "featurette": "Featurette", "trailer": "Trailer", "teaser": "Teaser", "clip": "Clip",
    "interview": "Interview", "behind_the_scenes": "Behind the scenes", "deleted_scene": "Deleted scene",
}


def video_kind(path: PurePath, relative_to: PurePath) -> str | None:
    """Kind of an extra video in movie folder ``relative_to``, or None for the film itself.

    A Plex/Kodi name suffix ("Arrival-trailer.mkv", "-teaser", "-behindthescenes") wins over the
    folder ("Trailers/", "Behind The Scenes/", "extras/", nearest folder first). Kinds: featurette,
    trailer, teaser, clip, interview, behind_the_scenes, deleted_scene. Non-videos give None.
    """
    if not is_video_file(path):
        return None
    match = _KIND_SUFFIX.match(path.stem)
    if match:
        return _SUFFIX_KINDS[match.group(2).casefold()]
    for folder in reversed(_relative(path, relative_to).parts[:-1]):
        kind = _FOLDER_KINDS.get(folder.casefold())
        if kind:
            return kind
    return None


def video_title(path: PurePath) -> str:
    """Readable title of an extra from its file name ("Making_of-featurette.mkv" -> "Making of")."""
    stem = path.stem
    kind = None
    match = _KIND_SUFFIX.match(stem)
    if match:
        stem, kind = match.group(1), _SUFFIX_KINDS[match.group(2).casefold()]
    title = _clean_title(" ".join(_split_words(stem)))
    return title or _KIND_LABELS.get(kind or "", "Untitled")


# -- what a scan skips -------------------------------------------------------------------------------


def is_ignored_name(name: str) -> bool:
    """True for one file or folder name a scan skips: hidden (except ``.actors``), NAS/OS junk,
    and samples ("sample.avi", "movie-sample.mkv", a "Sample" folder)."""
    folded = name.casefold()
    if folded in _IGNORED_NAMES or folded in IGNORE_MARKERS:
        return True
    if folded.startswith(".") and folded != ".actors":
        return True
    stem = PurePath(folded).stem if PurePath(folded).suffix in VIDEO_EXTENSIONS else folded
    return folded in ("sample", "samples") or bool(_SAMPLE.search(stem))


def has_ignore_marker(folder: Path) -> bool:
    """True if the folder holds a ``.ignore``/``.nomedia``/``.tmmignore``/``.plexignore`` file."""
    try:
        return any((folder / marker).is_file() for marker in IGNORE_MARKERS)
    except OSError:
        return False


def _relative(path: PurePath, relative_to: PurePath) -> PurePath:
    try:
        return PurePath(path).relative_to(relative_to)
    except ValueError:
        return PurePath(PurePath(path).name)
