"""A Marquee archive (`.marquee`): the whole catalogue in one file that carries its pictures, to move
a collection to another machine. A zip of `catalogue.json` (the JSON export) and `pictures/<sha256>`
for every picture it names that the store holds (stored, not deflated: pictures are compressed).

Importing one checks every member before anything is written — names are `catalogue.json` or
`pictures/` and 64 hex digits, each picture's content must hash to its name, sizes are bounded —
then the document as a JSON import does; a refused archive leaves the catalogue as it was."""

from __future__ import annotations

import hashlib
import threading
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.errors import Cancelled, CatalogueError, CatalogueFileError, ValidationError
from catalog.files import replacing
from catalog.formats import Format
from catalog.formats.json_catalogue import export_document, import_document, parse_document
from catalog.ops.transfer import ImportResult, Progress
from catalog.store.picture_store import SHA256

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue

DOCUMENT = "catalogue.json"
PICTURES = "pictures/"
MAX_DOCUMENT = 4 << 30   # bytes of catalogue.json once unpacked
MAX_PICTURE = 1 << 30    # bytes of one picture
CHUNK = 1 << 20


def named_pictures(doc: dict[str, Any]) -> set[str]:
    """Every picture hash an export document names (films, the inbox, people's photos)."""
    shas = {i["sha256"] for film in doc.get("films", []) for i in film.get("images", [])}
    shas |= {i["sha256"] for i in doc.get("inbox", [])}
    shas |= {p["photo"]["sha256"] for p in doc.get("people", []) if p.get("photo")}
    return shas


def write_archive(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                  progress: Progress | None = None) -> int:
    """Write the catalogue and its pictures to one archive file (atomically); returns the films."""
    import json

    doc = export_document(cat)
    shas = sorted(s for s in named_pictures(doc) if cat.pictures.has(s))
    with replacing(Path(path)) as out, zipfile.ZipFile(out.file, "w", allowZip64=True) as archive:
        archive.writestr(DOCUMENT, json.dumps(doc, ensure_ascii=False, indent=1), zipfile.ZIP_DEFLATED)
        for n, sha in enumerate(shas):
            if abort is not None and abort.is_set():
                out.discard()
                break
            archive.write(cat.pictures.path_for(sha), PICTURES + sha, zipfile.ZIP_STORED)
            if progress is not None:
                progress(n + 1, len(shas), sha[:12])
    return len(doc["films"])


def _check_members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    """The archive's pictures by hash, once every member's name and size are known good."""
    pictures: dict[str, zipfile.ZipInfo] = {}
    names = set()
    for info in archive.infolist():
        name = info.filename
        if name in names:
            raise CatalogueError(f"{path}: the archive holds {name!r} twice")
        names.add(name)
        if info.is_dir() and name == PICTURES:
            continue
        if name == DOCUMENT:
            if info.file_size > MAX_DOCUMENT:
                raise CatalogueError(f"{path}: {DOCUMENT} is too large ({info.file_size:,} bytes)")
            continue
        sha = name.removeprefix(PICTURES)
        if not name.startswith(PICTURES) or not SHA256.fullmatch(sha):
            raise CatalogueError(f"{path}: the archive holds {name[:80]!r}, which is neither {DOCUMENT} nor a "
                                 "picture named by its SHA-256; nothing was imported")
        if info.file_size > MAX_PICTURE:
            raise CatalogueError(f"{path}: the picture {sha} is too large ({info.file_size:,} bytes)")
        pictures[sha] = info
    if DOCUMENT not in names:
        raise CatalogueError(f"{path}: not a Marquee archive (it holds no {DOCUMENT})")
    return pictures


def _verify(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sha: str, path: Path) -> None:
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > MAX_PICTURE:
                raise CatalogueError(f"{path}: the picture {sha} is larger than its entry says")
            digest.update(chunk)
    if digest.hexdigest() != sha:
        raise CatalogueError(f"{path}: the picture {sha} does not hold what its name says (damaged or "
                             "altered); nothing was imported")


def read_archive(cat: Catalogue, path: Path, abort: threading.Event | None = None,
                 progress: Progress | None = None) -> ImportResult:
    """Import an archive: members checked, the document checked, pictures copied into the store
    (each verified again as it is stored), then the films added as one undoable step."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            pictures = _check_members(archive, path)
            with archive.open(DOCUMENT) as member:
                data = member.read(MAX_DOCUMENT + 1)
            if len(data) > MAX_DOCUMENT:
                raise CatalogueError(f"{path}: {DOCUMENT} is larger than its entry says")
            doc = parse_document(data, f"{path}:{DOCUMENT}")
            for n, (sha, info) in enumerate(sorted(pictures.items())):
                if abort is not None and abort.is_set():
                    raise Cancelled("import cancelled; nothing was added")
                _verify(archive, info, sha, path)
                if progress is not None:
                    progress(n, 2 * len(pictures) + 1, sha[:12])
            from catalog.ops.transfer import clean_films

            if isinstance(doc, dict) and isinstance(doc.get("films"), list):
                clean_films(doc["films"], abort)  # refused here, before any picture is stored
            with cat.writing_pictures():
                for n, (sha, info) in enumerate(sorted(pictures.items())):
                    if not cat.pictures.has(sha):
                        with archive.open(info) as member:
                            stored = cat.pictures.add_bytes(member.read(), sha)
                        if stored != sha:
                            raise CatalogueError(f"{path}: the picture {sha} changed while it was read")
                    if progress is not None:
                        progress(len(pictures) + n, 2 * len(pictures) + 1, sha[:12])
                return import_document(cat, doc, abort, None)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise CatalogueError(f"{path}: not a usable Marquee archive ({exc})") from None
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc.field}", exc.value, exc.reason + "; nothing was imported") from None
    except CatalogueFileError:
        raise
    except CatalogueError as exc:
        message = str(exc)
        raise CatalogueError(message if message.startswith(str(path)) else f"{path}: {message}") from None
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the archive ({exc.strerror or exc})") from None


def looks_like_archive(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return DOCUMENT in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


FORMAT = Format("archive", "Marquee archive with pictures", (".marquee",), detect=looks_like_archive,
                read=read_archive, write=write_archive)
