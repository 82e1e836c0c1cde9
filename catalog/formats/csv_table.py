"""CSV from any spreadsheet, in and out.

Reading: the encoding (a BOM, UTF-8, else Windows-1252), the separator (`,` `;` tab or `|`) and
whether the first row is a header are told from the file; quoted values may hold new lines. Each
column maps to a place in Marquee (`guess_mapping` from the header, editable — the window shows
the mapping and remembers it); lists inside a value are split on `|` or `;` (when `;` is not the
separator), people with their part as `actor::role`. Dates may be 2025-12-25, 2025/12/25,
25/12/2025 or 12/25/2025: a column whose day and month cannot be told apart is asked about
(`date_order` 'dmy' or 'mdy'). A column mapped nowhere becomes a custom field.

Writing: one row per film, the columns of `COLUMNS` (documented in docs/formats.md) plus one per
custom field ("Field: Name"); lists joined with "; ", people with their part as "Name::Role". The
file imports back to the same films."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError
from catalog.formats import Format, Progress
from catalog.formats.mapping import FilmBuilder, ImportBatch, guess_type, read_bytes, refuse, run_import
from catalog.model.kinds import BY_NAME
from catalog.model.validation import CREDIT_ROLES, tracks_text

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue
    from catalog.ops.transfer import ImportResult

COPY = BY_NAME["copy"]
PEOPLE = {"director": "Directors", "writer": "Writers", "producer": "Producers", "composer": "Composers",
          "cinematographer": "Cinematographers", "editor": "Editors"}
# (header, target) in the order the export writes them. Targets: a film field, a list, people,
# "cast", companies, ids, other titles, copy.<field>, more copies, stamps.
COLUMNS: list[tuple[str, str]] = [
    ("Title", "title"), ("Original title", "original_title"), ("Sort title", "sort_title"), ("Year", "year"),
    ("Runtime", "runtime_min"), ("Certification", "certification"), ("Genres", "genres"),
    ("Countries", "countries"), ("Original language", "original_language"), ("Languages", "languages"),
    ("Keywords", "keywords"), *((label, f"people.{role}") for role, label in PEOPLE.items()),
    ("Cast", "cast"), ("Other crew", "crew"), ("Studios", "companies.production"),
    ("Distributors", "companies.distributor"), ("Synopsis", "synopsis"), ("Tagline", "tagline"),
    ("Notes", "notes"), ("My rating", "rating"), ("Watched", "watched"), ("Web site", "web_site"),
    ("IMDb", "id.imdb"), ("TMDb", "id.tmdb"), ("Other ids", "ids"), ("Other titles", "alt_titles"),
    *((f"Copy: {f.label}", f"copy.{f.name}") for f in COPY.fields), ("More copies", "copies"),
    ("Added", "created_at"), ("Modified", "updated_at"),
]
TARGETS = {target for _, target in COLUMNS} | {f"people.{r}" for r in CREDIT_ROLES if r != "actor"}
# Header words of other programs' spreadsheets -> targets (folded: lower case, letters and digits).
ALIASES = {
    "title": "title", "name": "title", "titre": "title", "titel": "title", "movie": "title", "film": "title",
    "originaltitle": "original_title", "otitle": "original_title", "sorttitle": "sort_title",
    "year": "year", "releaseyear": "year", "annee": "year", "jahr": "year", "date": "year",
    "runtime": "runtime_min", "runningtime": "runtime_min", "length": "runtime_min", "duration": "runtime_min",
    "minutes": "runtime_min", "rated": "certification", "mpaa": "certification", "mpaarating": "certification",
    "certification": "certification", "genre": "genres", "genres": "genres", "country": "countries",
    "countries": "countries", "nationality": "countries", "language": "languages", "languages": "languages",
    "keywords": "keywords", "tags": "keywords", "tag": "keywords", "director": "people.director",
    "directors": "people.director", "writer": "people.writer", "writers": "people.writer",
    "screenplay": "people.writer", "producer": "people.producer", "composer": "people.composer",
    "music": "people.composer", "cast": "cast", "actors": "cast", "stars": "cast", "starring": "cast",
    "studio": "companies.production", "studios": "companies.production", "distributor": "companies.distributor",
    "plot": "synopsis", "synopsis": "synopsis", "description": "synopsis", "summary": "synopsis",
    "overview": "synopsis", "tagline": "tagline", "notes": "notes", "comments": "notes", "comment": "notes",
    "rating": "rating", "myrating": "rating", "personalrating": "rating", "watched": "watched", "seen": "watched",
    "url": "web_site", "website": "web_site", "homepage": "web_site", "imdb": "id.imdb", "imdbid": "id.imdb",
    "tmdb": "id.tmdb", "tmdbid": "id.tmdb", "medium": "copy.medium", "media": "copy.medium", "format": "copy.medium",
    "edition": "copy.edition", "region": "copy.region", "barcode": "copy.barcode", "ean": "copy.barcode",
    "upc": "copy.barcode", "location": "copy.location", "shelf": "copy.location", "condition": "copy.condition",
    "purchasedate": "copy.purchased_on", "purchased": "copy.purchased_on", "price": "copy.price",
    "purchaseprice": "copy.price", "currency": "copy.currency", "store": "copy.store", "subtitles": "copy.subtitles",
    "aspectratio": "copy.aspect_ratio", "audio": "copy.audio", "discs": "copy.discs", "added": "created_at",
    "dateadded": "created_at",
    **{re.sub(r"[^a-z0-9]", "", header.lower()): target for header, target in COLUMNS},
}
DATE_TARGETS = {"copy.purchased_on", "created_at", "updated_at"}
DATE = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


def fold(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Each column's target by its header: a known name, else a custom field of that name."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        target = ALIASES.get(fold(header))
        if header.lower().startswith("field:"):
            target = "custom:" + header.split(":", 1)[1].strip()
        if target is None or (target in used and not target.startswith("custom:")):
            target = "custom:" + (header.strip() or "Column")
        used.add(target)
        out[header] = target
    return out


@dataclass
class Table:
    """A CSV file as read: its rows, whether it had a header, its separator."""

    headers: list[str]
    rows: list[list[str]]
    has_header: bool
    separator: str


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise refuse(path, "not a text file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    if any(fold(cell) in ALIASES for cell in first) or any(c.lower().startswith("field:") for c in first):
        return True
    numbers = sum(bool(re.fullmatch(r"[\d\s.,:/-]+", c)) for c in first if c)
    return numbers == 0 and bool(rest) and any(
        sum(bool(re.fullmatch(r"[\d\s.,:/-]+", c)) for c in row if c) > 0 for row in rest[:20])


def read_table(path: Path) -> Table:
    """The CSV's rows, separator and header (one line naming the file if it is not a table)."""
    text = _decode(read_bytes(path), path)
    if not text.strip():
        raise refuse(path, "the file is empty")
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        separator = dialect.delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in ",;\t|"}
        separator = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"',
                                          doublequote=True, strict=False) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise refuse(path, f"not a readable CSV table ({exc})") from None
    if not rows:
        raise refuse(path, "the file holds no rows")
    width = max(len(r) for r in rows)
    if width < 1 or (width == 1 and separator not in text):
        raise refuse(path, "not a table of films (one column only; no separator , ; or tab found)")
    has_header = _looks_like_header(rows[0], rows[1:])
    headers = [h.strip() or f"Column {n + 1}" for n, h in enumerate(rows[0])] if has_header else [
        "Title" if n == 0 else f"Column {n + 1}" for n in range(width)]
    headers += [f"Column {n + 1}" for n in range(len(headers), width)]
    return Table(headers, rows[1:] if has_header else rows, has_header, separator)


def _split(value: str, separator: str) -> list[str]:
    pattern = r"\|" if separator == ";" else r"\||;"
    return [p.strip() for p in re.split(pattern, value) if p.strip()]


def date_order(values: Iterable[str]) -> str | None:
    """'dmy' or 'mdy' when the values tell, 'ymd' for year-first dates, None when they cannot tell."""
    firsts, seconds, year_first = [], [], False
    for value in values:
        match = DATE.match(value.strip())
        if not match:
            continue
        a, b, _ = match.groups()
        if len(a) == 4:
            year_first = True
            continue
        firsts.append(int(a))
        seconds.append(int(b))
    if not firsts:
        return "ymd" if year_first else None
    if any(n > 12 for n in firsts):
        return "dmy"
    if any(n > 12 for n in seconds):
        return "mdy"
    return None


def parse_date(value: str, order: str | None) -> str | None:
    """An ISO date from the forms spreadsheets write, in the column's `order`."""
    value = value.strip()
    match = DATE.match(value)
    if not match:
        return value if re.fullmatch(r"\d{4}(?:-\d{2})?", value) else None
    a, b, c = match.groups()
    if len(a) == 4:
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if len(year) != 4 or not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


class AmbiguousDates(CatalogueError):
    """Dates in a column that read as day/month or month/day: the importer must be told which."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.columns = columns
        super().__init__(f"{path.name}: the dates in {', '.join(columns)} (like 03/04/2025) can be read as "
                         "day/month or month/day; choose with --date-order dmy or mdy; nothing was imported")


def _place(film: FilmBuilder, header: str, target: str, value: str, separator: str, order: str | None) -> None:
    if target == "ignore":
        film.report.note(header, "not imported (ignored)")
    elif target.startswith("custom:"):
        film.custom(header, value, target[7:] or header)
    elif target in ("genres", "countries", "languages", "keywords"):
        film.names(header, target, _split(value, separator))
    elif target.startswith("people."):
        for person in _split(value, separator):
            film.credit(header, person, target[7:])
    elif target == "cast":
        for item in _split(value, separator):
            name, _, role = item.partition("::")
            film.credit(header, name, "actor", role or None)
    elif target == "crew":
        for item in _split(value, separator):
            role, _, name = item.partition("::")
            film.credit(header, name, role.strip().lower().replace(" ", "_")) if name else film.custom(header, item)
    elif target.startswith("companies."):
        for name in _split(value, separator):
            film.company(header, name, target[10:])
    elif target.startswith("id."):
        film.record(header, "external_id", {"kind": target[3:], "value": value})
    elif target == "ids":
        for item in _split(value, separator):
            kind, _, number = item.partition("::")
            film.record(header, "external_id", {"kind": kind, "value": number}) if number else film.custom(header, item)
    elif target == "alt_titles":
        for item in _split(value, separator):
            title, _, language = item.partition("::")
            film.record(header, "alt_title", {"title": title, "language": language or None})
    elif target == "copies":
        try:
            copies = json.loads(value)
        except ValueError:
            film.custom(header, value)
            return
        for place, copy in enumerate(copies if isinstance(copies, list) else [], start=1):
            for name, item in (copy.items() if isinstance(copy, dict) else []):
                if name in COPY.field_names:
                    film.copy(header, name, item, place)
    elif target.startswith("copy."):
        name = target[5:]
        if name == "subtitles":
            film.copy(header, name, _split(value, separator) if separator == ";" or "|" in value else value)
        elif name == "purchased_on":
            film.copy(header, name, parse_date(value, order) or value)
        else:
            film.copy(header, name, value)
    elif target in ("created_at", "updated_at"):
        film.field(header, target, parse_date(value, order) or value)
    elif target == "year":
        match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", value)
        film.field(header, "year", match.group(1) if match else value)
    elif target == "watched":
        film.field(header, "watched", value.strip().lower() in ("yes", "y", "true", "1", "x", "seen"))
    else:
        film.field(header, target, value)


def read_csv(cat: Catalogue | None, path: Path, mapping: Mapping[str, str] | None = None,
             date_orders: Mapping[str, str] | str | None = None) -> ImportBatch:
    """A CSV file's films: `mapping` header -> target (guessed when not given; see COLUMNS and
    guess_mapping); `date_orders` 'dmy'/'mdy' for every ambiguous column, or per header."""
    path = Path(path)
    table = read_table(path)
    mapping = {**guess_mapping(table.headers), **(mapping or {})}
    orders: dict[str, str | None] = {}
    ambiguous = []
    for index, header in enumerate(table.headers):
        values = [row[index] for row in table.rows if index < len(row) and row[index].strip()]
        if not any(DATE.match(v.strip()) for v in values):
            continue
        order = date_order(values)
        if order is None:
            given = date_orders.get(header) if isinstance(date_orders, Mapping) else date_orders
            if given not in ("dmy", "mdy"):
                ambiguous.append(header)
            order = given
        orders[header] = order
    if ambiguous:
        raise AmbiguousDates(path, ambiguous)
    batch = ImportBatch(path.name, cat)
    for header, target in mapping.items():
        if target.startswith("custom:"):
            index = table.headers.index(header) if header in table.headers else -1
            values = [row[index] for row in table.rows if 0 <= index < len(row) and row[index].strip()]
            if header in orders:
                batch.custom_field(target[7:] or header, "date")
            elif guess_type(values) != "text":
                batch.custom_field(target[7:] or header, guess_type(values))
    for row in table.rows:
        film = batch.film()
        for index, header in enumerate(table.headers):
            value = row[index].strip() if index < len(row) else ""
            if not value:
                continue
            target = mapping.get(header, "custom:" + header)
            if target.startswith("custom:") and header in orders:
                value = parse_date(value, orders[header]) or value
            _place(film, header, target, value, table.separator, orders.get(header))
        batch.add(film)
    return batch


def looks_like_csv(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in (".csv", ".tsv", ".txt")


def _read(cat: Catalogue, path: Path, abort: threading.Event | None, progress: Progress | None,
          on_duplicate: str = "skip", mapping: Mapping[str, str] | None = None,
          date_order: str | None = None) -> ImportResult:
    return run_import(cat, read_csv(cat, path, mapping, date_order), abort, progress, on_duplicate)


# -- writing ---------------------------------------------------------------------------------------------


def _people(doc: Mapping[str, Any], role: str) -> str:
    return "; ".join(c["person"] for c in doc["credits"] if c["role"] == role)


def _copy_value(name: str, value: Any) -> str:
    if value is None or value == []:
        return ""
    if name == "audio":
        return tracks_text(value)
    if name == "subtitles":
        return "; ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}" if name == "price" else f"{value:g}"
    return str(value)


def film_row(doc: Mapping[str, Any], custom_names: list[str]) -> list[str]:
    """One film as the export's row (COLUMNS, then the custom fields)."""
    ids = {i["kind"]: i["value"] for i in doc["external_ids"]}
    copy = doc["copies"][0] if doc["copies"] else {}
    cells: dict[str, Any] = {
        "genres": "; ".join(doc["genres"]), "countries": "; ".join(doc["countries"]),
        "languages": "; ".join(doc["languages"]), "keywords": "; ".join(doc["keywords"]),
        "cast": "; ".join(c["person"] + (f"::{c['character']}" if c.get("character") else "")
                          for c in doc["credits"] if c["role"] == "actor"),
        "crew": "; ".join(f"{c['role']}::{c['person']}" for c in doc["credits"]
                          if c["role"] not in (*PEOPLE, "actor")),
        "companies.production": "; ".join(c["name"] for c in doc["companies"] if c["role"] == "production"),
        "companies.distributor": "; ".join(c["name"] for c in doc["companies"] if c["role"] == "distributor"),
        "watched": "yes" if doc["watched"] else "", "id.imdb": ids.pop("imdb", ""), "id.tmdb": ids.pop("tmdb", ""),
        "ids": "; ".join(f"{k}::{v}" for k, v in ids.items()),
        "alt_titles": "; ".join(t["title"] + (f"::{t['language']}" if t.get("language") else "")
                                for t in doc["alternative_titles"]),
        "copies": json.dumps([{k: v for k, v in c.items() if k != "id" and v not in (None, [])}
                              for c in doc["copies"][1:]], ensure_ascii=False) if len(doc["copies"]) > 1 else "",
        **{f"people.{role}": _people(doc, role) for role in PEOPLE},
        **{f"copy.{name}": _copy_value(name, copy.get(name)) for name in COPY.field_names},
    }
    out = []
    for _, target in COLUMNS:
        value = cells[target] if target in cells else doc.get(target)
        out.append("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))
    custom = doc.get("custom") or {}
    for name in custom_names:
        value = custom.get(name)
        out.append("" if value is None else ("yes" if value is True else "no" if value is False else
                                             f"{value:g}" if isinstance(value, float) else str(value)))
    return out


def write_csv(cat: Catalogue, path: Path, abort: threading.Event | None = None,
              progress: Progress | None = None) -> int:
    """Every film as one row (UTF-8 with a BOM, so spreadsheets read the accents), atomically."""
    custom = [f.name for f in cat.fields.all()]
    ids = cat.films.ids(sort="title")
    tmp = Path(path).with_name(Path(path).name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([h for h, _ in COLUMNS] + [f"Field: {name}" for name in custom])
        for number, film_id in enumerate(ids):
            if abort is not None and abort.is_set():
                handle.close()
                tmp.unlink(missing_ok=True)
                raise Cancelled("export cancelled; no file was written")
            writer.writerow(film_row(dict(cat.films.document(film_id)), custom))
            if progress and number % 500 == 0:
                progress(number, len(ids), "")
    tmp.replace(path)
    return len(ids)


FORMAT = Format("csv", "CSV (spreadsheet)", (".csv", ".tsv"),
                detect=looks_like_csv, read=_read, batch=read_csv, write=write_csv)
