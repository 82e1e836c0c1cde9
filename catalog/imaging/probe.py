"""Pillow work on one image file: validate, measure, hash and thumbnail it.

Everything here is pure and database-free, and safe on hostile input: every failure reading an
image becomes :class:`ImageRejected` with a plain-English ``reason``. Functions take plain arguments
and are top-level so a process pool can call them (``read_probe_thumbnail`` is the importer's job).

Thread rules: no shared mutable state; warnings filters are changed only inside
``warnings.catch_warnings()`` for the duration of one call (safe in worker processes, which is where
the importer runs this; in threads the filter change is process-wide for that moment).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PIL import Image, ImageFile, UnidentifiedImageError

from catalog.imaging.similar import BASE as BASE_SIDE
from catalog.imaging.similar import Signature, signature

__all__ = [
    "CANDIDATE_MAX_DISTANCE",
    "SIMILAR_MAX_DISTANCE",
    "ImageProbe",
    "ImageRejected",
    "hamming",
    "make_thumbnail",
    "probe_image",
    "read_probe_thumbnail",
    "sha256_file",
]

# The 64-bit dHash alone is no near-duplicate test: on real photos it put grey stripes, a lake and
# pebbles within 4-9 bits of a dune photo. It only picks the candidates that catalog.imaging.similar
# (whose signature decides) compares: true variants of the labelled set (benchmarks/near_duplicates.py)
# differ by at most 18 bits (99 % by 13), and a quarter of unrelated pairs come within 24.
SIMILAR_MAX_DISTANCE = 10
CANDIDATE_MAX_DISTANCE = 24

_READ_INTO_MEMORY_LIMIT = 256 * 1024 * 1024  # larger files are hashed by streaming, decoded from disk
_CHUNK = 1024 * 1024
_JPEG_QUALITY = 85
_HASH_FIT = 256  # the hashes are taken from the picture reduced to fit this square
_WORK_SIDE = 256  # shortest side of the reduced copy used for hashing and thumbnails
_ORIENTATION_TAG = 0x0112
# (left, top, right, bottom) of a decoded image that the whole picture covers: the image itself,
# but for a JPEG decoded at a scale that does not divide its size.
_Box = tuple[float, float, float, float]
# EXIF orientation -> the transpose that shows the picture upright (as PIL.ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageRejected(Exception):
    """An image file that will not be imported; ``reason`` says why in plain English."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail  # the library's own message, for logs

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class ImageProbe:
    """What one fully decoded image file is. ``width``/``height`` are as displayed (EXIF applied)."""

    sha256: str
    width: int
    height: int
    format: str
    bytes: int
    phash: int
    orientation: int = 1
    signature: Signature | None = None  # for near-duplicates (catalog.imaging.similar); never stored


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks. Raises OSError like ``open``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two perceptual hashes."""
    return (a ^ b).bit_count()


def probe_image(path: Path) -> ImageProbe:
    """Hash, fully decode and measure one image. Raises ImageRejected for anything unusable."""
    sha, size, source = _read(Path(path))
    with _guard(), _open(source) as img:
        full_size, box = _decode(img, whole=_in_memory(source, size))
        return _measure(img, sha, size, full_size, box)[0]


def probe_bytes(data: bytes) -> ImageProbe:
    """As :func:`probe_image`, for a picture held in memory (one inside an imported catalogue file)."""
    if not data:
        raise ImageRejected("empty file (0 bytes)")
    with _guard(), _open(io.BytesIO(data)) as img:
        full_size, box = _decode(img, whole=len(data))
        return _measure(img, hashlib.sha256(data).hexdigest(), len(data), full_size, box)[0]


def read_probe_thumbnail(path: Path, max_size: int = 256) -> tuple[ImageProbe, bytes, bytes | None]:
    """Probe and make a thumbnail from one full decode (the importer's process-pool job), also handing
    back the file's bytes from the one read (None for files too big to hold in memory), so the caller
    can store them without reading again."""
    _check_max_size(max_size)
    sha, size, source = _read(Path(path))
    data = source.getvalue() if isinstance(source, io.BytesIO) else None
    with _guard(), _open(source) as img:
        full_size, box = _decode(img, max(_WORK_SIDE, max_size), _in_memory(source, size))
        probe, small, work, work_box = _measure(img, sha, size, full_size, box)
        if max_size != _HASH_FIT:  # the reduction the hashes came from is not this thumbnail
            if max(work.size) >= 2 * max_size:
                small = _reduced(work, max_size, work_box)
            else:
                small = _reduced(_flatten(img), max_size, box)
        return probe, _encode_thumbnail(small, probe.orientation), data


def make_thumbnail(path: Path, max_size: int = 256) -> bytes:
    """JPEG (opaque) or PNG (with alpha) bytes fitting max_size x max_size, upright.

    JPEGs are decoded in draft mode (libjpeg's DCT scaling), and EXIF orientation is applied to the
    small result, not the full image. Raises ImageRejected on bad input.
    """
    _check_max_size(max_size)
    _, size, source = _read(Path(path), want_hash=False)
    with _guard(), _open(source) as img:
        _, box = _decode(img, max_size, _in_memory(source, size))
        return _encode_thumbnail(_reduced(img, max_size, box), _orientation(img))


# -- internals ---------------------------------------------------------------------------------------


def _check_max_size(max_size: int) -> None:
    if not isinstance(max_size, int) or max_size < 1:
        raise ValueError(f"max_size must be a positive int, not {max_size!r}")


def _read(path: Path, want_hash: bool = True) -> tuple[str, int, Path | io.BytesIO]:
    """(sha256, size, what to decode): one read of the file when it is of ordinary size."""
    try:
        if not path.is_file():
            raise ImageRejected("file not found" if not path.exists() else "not a regular file")
        size = path.stat().st_size
        if size == 0:
            raise ImageRejected("empty file (0 bytes)")
        if size > _READ_INTO_MEMORY_LIMIT:
            return (sha256_file(path) if want_hash else ""), size, path
        data = path.read_bytes()
    except PermissionError as exc:
        raise ImageRejected("unreadable file: permission denied", str(exc)) from None
    except OSError as exc:
        raise ImageRejected(f"unreadable file: {exc.strerror or exc}", str(exc)) from None
    return (hashlib.sha256(data).hexdigest() if want_hash else ""), len(data), io.BytesIO(data)


def _in_memory(source: Path | io.BytesIO, size: int) -> int:
    return size if isinstance(source, io.BytesIO) else 0


@contextmanager
def _open(source: Path | io.BytesIO) -> Iterator[Image.Image]:
    with Image.open(source) as img:
        _check_pixels(img.width, img.height)
        yield img


def _check_pixels(width: int, height: int) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if width <= 0 or height <= 0:
        raise ImageRejected(f"image has no pixels ({width}x{height})")
    if limit and width * height > limit:
        raise ImageRejected(_bomb_reason(width * height, limit))


def _bomb_reason(pixels: int, limit: int) -> str:
    return f"image too large ({pixels:,} pixels; limit {limit:,}) — possible decompression bomb"


@contextmanager
def _guard() -> Iterator[None]:
    """Turn every failure while decoding into ImageRejected; bomb warnings count as failures."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd EXIF; we judge by decoding
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        match = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(match.group(1)) if match else 0
        raise ImageRejected(_bomb_reason(pixels, Image.MAX_IMAGE_PIXELS or 0), str(exc)) from None
    except UnidentifiedImageError as exc:
        raise ImageRejected("not an image file (format not recognised)", str(exc)) from None
    except MemoryError:
        raise ImageRejected("image too large to decode (out of memory)") from None
    except ValueError as exc:
        if "MAX_TEXT_CHUNK" in str(exc) or "MAX_TEXT_MEMORY" in str(exc):
            reason = "oversized PNG text metadata — possible decompression bomb"
            raise ImageRejected(reason, str(exc)) from None
        raise ImageRejected("corrupt image data", str(exc)) from None
    except OSError as exc:
        text = str(exc).lower()
        reason = "truncated image data" if "truncat" in text else "corrupt image data"
        raise ImageRejected(reason, str(exc)) from None
    except (SyntaxError, struct.error, zlib.error, EOFError, IndexError, KeyError, TypeError,
            ZeroDivisionError, OverflowError, AttributeError, RecursionError) as exc:
        raise ImageRejected("corrupt image data", f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # a plug-in bug must not take the importer down
        raise ImageRejected("could not be read as an image", f"{type(exc).__name__}: {exc}") from None


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # broken EXIF is common and harmless: treat as upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _decode(img: Image.Image, side: int = _WORK_SIDE, whole: int = 0) -> tuple[tuple[int, int], _Box]:
    """Decode every byte of the picture's data; returns its full size and the box of the decoded
    image that the full picture covers (`_Box`). `whole`: the size of the file when it is read
    from memory.

    JPEGs decode with libjpeg's DCT scaling (1/2, 1/4 or 1/8) to the smallest size whose longest
    side is still at least `side` (the thumbnail's) and whose shortest is at least the signature's:
    every block's entropy-coded data is still read and Huffman-decoded (a truncated or corrupt
    stream fails exactly as in a full-size decode, checked on the real malformed files), only the
    inverse DCT is done at a fraction of the size. That is what makes import run near the speed of
    a draft-mode thumbnail decode. (Pillow's own draft to a square box keeps the *shortest* side at
    the box's: twice the pixels for a poster, which the thumbnail then throws away; resampling
    through the draft's box keeps the picture's edges where a full decode has them, which a scaled
    decode of a size not divisible by the scale shifts by a fraction of a pixel.)
    """
    full_size = img.size
    box: _Box = (0.0, 0.0, float(full_size[0]), float(full_size[1]))
    if img.format in ("JPEG", "MPO"):
        width, height = full_size
        most = min(max(width, height) // side, min(width, height) // BASE_SIDE)
        scale = next((s for s in (8, 4, 2) if most >= s), 1)
        if scale > 1:
            drafted = img.draft(None, (max(1, width // scale), max(1, height // scale)))
            if drafted is not None:
                box = cast(_Box, tuple(float(v) for v in drafted[1]))
        if whole and isinstance(img, ImageFile.ImageFile):  # the file is in memory: libjpeg takes it
            img.decodermaxblock = max(img.decodermaxblock, whole)  # in one piece (3 % faster than 64 KB ones)
    img.load()
    return full_size, box


def _measure(img: Image.Image, sha: str, size: int, full_size: tuple[int, int],
             box: _Box) -> tuple[ImageProbe, Image.Image, Image.Image, _Box]:
    """(the probe, the picture reduced to fit _HASH_FIT, the working copy and its box) of a
    decoded img whose `box` is the full picture.

    One resampling of the decoded picture serves the dHash, the signature and (at the usual size)
    the thumbnail: each of them a pass over every pixel of the working copy cost as much as decoding
    a small picture; from the reduced copy they are nearly free. When that copy is thinner than the
    signature (a panorama), the hashes come from the working copy instead."""
    work, factor = _working_copy(img)
    work_box = box if factor == 1 else cast(_Box, tuple(v / factor for v in box))
    if work is img or max(work.size) >= 2 * _HASH_FIT:
        small = _reduced(work, _HASH_FIT, work_box)
    else:
        small = _reduced(_flatten(img), _HASH_FIT, box)
    probe = _probe(img, small if min(small.size) >= BASE_SIDE else work, sha, size, full_size)
    return probe, small, work, work_box


def _probe(img: Image.Image, work: Image.Image, sha: str, size: int, full_size: tuple[int, int]) -> ImageProbe:
    """Measure the decoded img; hash its reduced copy `work`."""
    orientation = _orientation(img)
    width, height = full_size
    if orientation >= 5:  # 5-8 swap the axes
        width, height = height, width
    fmt = "JPEG" if img.format == "MPO" else (img.format or "unknown")  # MPO is a JPEG with extras
    return ImageProbe(sha, width, height, fmt, size, _dhash(work, orientation), orientation,
                      signature(work, orientation))


def _working_copy(img: Image.Image) -> tuple[Image.Image, int]:
    """img as L/RGB/RGBA, box-reduced by a whole factor to a shortest side of at least _WORK_SIDE
    px, and that factor (1: not reduced). The hashes of a panorama are taken from this copy, and
    thumbnails of other sizes made from it: one cheap reduction of a full decode serves them."""
    flat = _flatten(img)
    factor = min(flat.size) // _WORK_SIDE
    return (flat.reduce(factor), factor) if factor >= 2 else (flat, 1)


def _flatten(img: Image.Image) -> Image.Image:
    """L, RGB or RGBA view of any mode (palette, CMYK, 16-bit, ...); alpha kept only if it is used."""
    if img.mode in ("RGB", "L"):
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        alpha_low, _ = cast(tuple[int, int], rgba.getchannel("A").getextrema())  # one band: (min, max)
        if alpha_low < 255:
            return rgba
        return rgba.convert("RGB")
    if img.mode.startswith("I") or img.mode == "F":  # 16/32-bit and float greyscale: scale to 8 bits
        highest = img.getextrema()[1]
        scale = 255 / highest if isinstance(highest, int | float) and highest > 255 else 1
        return img.convert("I").point(lambda v: v * scale).convert("L")
    return img.convert("RGB")


def _dhash(img: Image.Image, orientation: int) -> int:
    """64-bit difference hash of the upright picture: brighter-than-right-neighbour bits on 9x8."""
    swap = orientation >= 5
    grid = (8, 9) if swap else (9, 8)
    # BOX-resizing straight to the grid averages every pixel once.
    small = _flatten(img).resize(grid, Image.Resampling.BOX).convert("L")
    if orientation in _TRANSPOSE:
        small = small.transpose(_TRANSPOSE[orientation])
    pixels = small.tobytes()  # one byte per pixel (mode L)
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (left > right)
    return bits


def _reduced(img: Image.Image, max_size: int, box: _Box | None = None) -> Image.Image:
    """A copy of img as L, RGB or RGBA fitting max_size x max_size (the size Pillow's ``thumbnail``
    gives the full picture), not yet turned upright; img itself when it fits already. `box` is the
    region of img that is the whole picture (a scaled decode's: see `_decode`)."""
    small = _flatten(img)  # palette images would resample only with NEAREST
    width, height = small.size
    if width <= max_size and height <= max_size:
        return small
    left, top, right, bottom = box if box is not None else (0.0, 0.0, float(width), float(height))
    full_width, full_height = right - left, bottom - top
    if full_width >= full_height:
        size = (max_size, max(1, round(full_height * max_size / full_width)))
    else:
        size = (max(1, round(full_width * max_size / full_height)), max_size)
    # An area average (BOX) of the scaled decode (itself a DCT-domain low-pass), through its box.
    # On the poster/still-sized crops of benchmarks/import_images.py, the stored JPEG thumbnail is
    # 38.4 dB mean PSNR from a Lanczos reduction of the full-size decode (Hamming 39.0 dB, which
    # JPEG's own loss at quality 85 caps: the resampled copy alone is 44.0 against 47.0 dB, and
    # looks, if anything, a little sharper), for 0.24 ms less a picture: 7 % of importing one.
    return small.resize(size, Image.Resampling.BOX, box=(left, top, right, bottom), reducing_gap=2.0)


def _encode_thumbnail(small: Image.Image, orientation: int) -> bytes:
    if orientation in _TRANSPOSE:
        small = small.transpose(_TRANSPOSE[orientation])
    out = io.BytesIO()
    if small.mode == "RGBA":
        small.save(out, "PNG", optimize=False)
    else:
        small.save(out, "JPEG", quality=_JPEG_QUALITY)
    return out.getvalue()
