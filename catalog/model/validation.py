"""Validation of every value a user or a file can give the catalogue. Each validator returns the
clean value or raises ValidationError naming the field and the value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from catalog.errors import ValidationError
from catalog.model.dates import parse_partial_date

IMAGE_KINDS = ("poster", "still", "backdrop", "behind_the_scenes", "banner", "logo", "clearart",
               "disc", "landscape", "photo")
CREDIT_ROLES = ("director", "writer", "actor", "producer", "composer", "cinematographer", "editor",
                "production_designer", "costume_designer", "choreographer")
COMPANY_ROLES = ("production", "distributor")

Validator = Callable[[str, Any], Any]


def text(required: bool = False, max_len: int = 20000) -> Validator:
    def check(field: str, value: Any) -> str | None:
        if type(value) is str and len(value) <= max_len:  # the common case, decided in C
            cleaned = value.strip()
            if cleaned and cleaned.isascii() and "\x00" not in cleaned:
                return cleaned
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise ValidationError(field, value, "must not be empty")
            return None
        if not isinstance(value, str):
            raise ValidationError(field, value, "must be text")
        if len(value) > 4 * max_len:  # before any work on it: a hostile file may hold 50 MB here
            raise ValidationError(field, value[:40] + "…", f"is longer than {max_len} characters")
        cleaned = value.strip()
        if len(cleaned) > max_len:
            raise ValidationError(field, cleaned[:40] + "…", f"is longer than {max_len} characters")
        check_characters(field, cleaned)
        return cleaned
    return check


def check_characters(field: str, value: str) -> str:
    """Text that can be stored and shown: valid Unicode (no lone surrogates) and no NUL."""
    if "\x00" in value:
        raise ValidationError(field, value[:40], "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, value.encode("utf-8", "backslashreplace").decode()[:40],
                              "is not valid text (it holds a lone surrogate)") from None
    return value


def integer(low: int, high: int, what: str = "") -> Validator:
    def check(field: str, value: Any) -> int | None:
        if value is None or value == "":
            return None
        try:
            if isinstance(value, str) and len(value) > 40:
                raise ValueError(value)
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except (ValueError, TypeError):
            raise ValidationError(field, value, "is not a whole number") from None
        if isinstance(value, bool) or not low <= number <= high:
            raise ValidationError(field, value, f"is not a valid {what or field} ({low}–{high})")
        return number
    return check


def rating(field: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool) or (isinstance(value, str) and len(value) > 40):
            raise ValueError(value)
        number = float(str(value).replace(",", "."))
    except (ValueError, TypeError):
        raise ValidationError(field, value, "is not a number") from None
    if not 0 <= number <= 10 or number * 2 != int(number * 2):
        raise ValidationError(field, value, "is not a rating from 0 to 10 in half steps")
    return number


def boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1, None):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("yes", "true", "1", "no", "false", "0", ""):
        return value.strip().lower() in ("yes", "true", "1")
    raise ValidationError(field, value, "is not yes or no")


def choice(options: tuple[str, ...], required: bool = True) -> Validator:
    def check(field: str, value: Any) -> str | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, value, f"must be one of: {', '.join(options)}")
            return None
        key = value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else None
        if key not in options:
            raise ValidationError(field, value, f"is not one of: {', '.join(options)}")
        return key
    return check


def url(field: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value) > 4000:
        raise ValidationError(field, value, "is not a web link (http:// or https://)")
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        raise ValidationError(field, value, "is not a web link (http:// or https://)") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(field, value, "is not a web link (http:// or https://)")
    return check_characters(field, value.strip())


def number(low: float, high: float, what: str = "") -> Validator:
    """A decimal number (a price, a size); a comma works as the decimal point."""
    def check(field: str, value: Any) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValidationError(field, value, "is not a number")
        try:
            result = float(str(value).strip().replace(",", ".")) if not isinstance(value, int | float) else value
        except ValueError:
            raise ValidationError(field, value, "is not a number") from None
        if not low <= result <= high:
            raise ValidationError(field, value, f"is not a valid {what or field} ({low:g}–{high:g})")
        return float(result)
    return check


def yes_no(field: str, value: Any) -> bool | None:
    """Yes, no, or not known (None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return boolean(field, value)


def text_list(max_items: int = 200, max_len: int = 200) -> Validator:
    """A list of short texts: a list, or one text split on commas and semicolons."""
    def check(field: str, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        items = re.split(r"[;,]", value) if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValidationError(field, str(value)[:40], "is not a list")
        clean = [text(max_len=max_len)(field, item) for item in items]
        out = list(dict.fromkeys(c for c in clean if c))
        if len(out) > max_items:
            raise ValidationError(field, f"{len(out)} items", f"holds more than {max_items}")
        return out
    return check


_TRACK = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def tracks(field: str, value: Any) -> list[dict[str, str | None]]:
    """Audio tracks, each a language and a format: a list of {"language", "format"}, or text such as
    "English (DTS-HD MA 5.1); French (Dolby Digital 2.0)"."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: list[Any] = []
        for part in (p.strip() for p in value.split(";")):
            if part:
                match = _TRACK.match(part)
                language = match.group(1) if match else part
                items.append({"language": None if language in ("?", "") else language,
                              "format": match.group(2) if match else None})
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValidationError(field, str(value)[:40], "is not a list of audio tracks")
    out = []
    for item in items[:100]:
        if not isinstance(item, dict):
            raise ValidationError(field, str(item)[:40], "is not an audio track (language and format)")
        track = {"language": text(max_len=100)(field, item.get("language")),
                 "format": text(max_len=100)(field, item.get("format"))}
        if track["language"] or track["format"]:
            out.append(track)
    return out


def tracks_text(value: Any) -> str:
    """Audio tracks as one line: "English (DTS 5.1); French"."""
    if not isinstance(value, list):
        return "" if value is None else str(value)
    return "; ".join(f"{t.get('language') or '?'} ({t['format']})" if t.get("format") else str(t.get("language"))
                     for t in value if isinstance(t, dict))


def id_kind(field: str, value: Any) -> str:
    """The kind of an external id: 'imdb', 'tmdb', 'wikidata'… (lower case, no spaces)."""
    cleaned = text(required=True, max_len=40)(field, value)
    assert cleaned is not None
    key = re.sub(r"[^a-z0-9_]+", "_", str(cleaned).lower()).strip("_")
    if not key:
        raise ValidationError(field, value, "is not a name of an id (letters and digits)")
    return key


def partial_date(field: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | dt.date | None) or (
            isinstance(value, str) and len(value) > 40):
        raise ValidationError(field, value, "is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        return parse_partial_date(str(value) if isinstance(value, int) else value)
    except ValueError as exc:
        raise ValidationError(field, value, str(exc)) from None


def role(field: str, value: Any) -> str:
    cleaned: str | None = text(required=True, max_len=60)(field, value)
    assert cleaned is not None
    return cleaned.lower().replace(" ", "_")


FILM_FIELDS: dict[str, Validator] = {
    "title": text(required=True, max_len=500),
    "original_title": text(max_len=500),
    "sort_title": text(max_len=500),
    "year": integer(1870, 2100, "year"),
    "runtime_min": integer(1, 10000, "runtime in minutes"),
    "synopsis": text(),
    "tagline": text(max_len=1000),
    "certification": text(max_len=40),
    "rating": rating,
    "watched": boolean,
    "original_language": text(max_len=100),
    "web_site": url,
    "notes": text(),
}


def clean(fields: Mapping[str, Any], validators: Mapping[str, Validator], *, partial: bool) -> dict[str, Any]:
    """Validate `fields`; with partial=False, fields not given take their empty value (and required
    ones fail). Unknown field names are refused, so a typo never passes silently."""
    if not fields.keys() <= validators.keys():
        name = sorted(set(fields) - set(validators))[0]
        raise ValidationError(name, fields[name], "is not a field of this record")
    names = fields.keys() if partial else validators.keys()
    return {name: validators[name](name, fields.get(name)) for name in names}
