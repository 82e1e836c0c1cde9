"""Pictures on printed sheets: files scaled to their printed size, placeholders, QR codes.

Images are scaled with Pillow to the box they print in (at ``PRINT_DENSITY`` image pixels per CSS
pixel) and embedded as data URIs, or written once into a cache folder and linked. Any thread.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from PIL import Image, ImageOps

from catalog.files import write_bytes
from catalog.render.format import esc

PRINT_DENSITY = 2  # image pixels per CSS pixel (~190 dpi on paper)


@lru_cache(maxsize=256)
def _scaled_image(path: str, mtime_ns: int, box_w: int, box_h: int) -> tuple[bytes, str, int, int] | None:
    """Image file scaled to fit a box of CSS pixels at print density: (data, mime, css_w, css_h)."""
    try:
        with Image.open(path) as source:
            source.draft("RGB", (box_w * PRINT_DENSITY, box_h * PRINT_DENSITY))
            im: Image.Image = ImageOps.exif_transpose(source) if source.format == "JPEG" else source
            im.thumbnail((box_w * PRINT_DENSITY, box_h * PRINT_DENSITY), Image.Resampling.LANCZOS)
            alpha = im.mode in ("RGBA", "LA", "P")
            im = im.convert("RGBA" if alpha else "RGB")
            buf = io.BytesIO()
            if alpha:
                im.save(buf, "PNG", optimize=False)
            else:
                im.save(buf, "JPEG", quality=85)
            w, h = im.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    css_w, css_h = max(1, round(w / PRINT_DENSITY)), max(1, round(h / PRINT_DENSITY))
    return buf.getvalue(), "image/png" if alpha else "image/jpeg", css_w, css_h


def placeholder(width: int, height: int, label: str = "image missing") -> str:
    """A grey box of about the image's printed size that says the picture is missing."""
    pad = max(4, height // 2 - 10)
    return (
        f'<table class="missing" width="{width}" cellspacing="0" cellpadding="0"><tr>'
        f'<td align="center" valign="middle" style="padding-top:{pad}px; padding-bottom:{pad}px">'
        f"{esc(label)}</td></tr></table>"
    )


def image_html(img: Mapping[str, Any] | None, box_w: int, box_h: int, cache_dir: Path | None = None) -> str:
    """``<img>`` of an image-document scaled to fit box_w×box_h CSS px, or the placeholder."""
    path = None if img is None or img.get("missing") else img.get("path")
    try:
        mtime = Path(path).stat().st_mtime_ns if path else None
    except OSError:
        mtime = None
    scaled = _scaled_image(str(path), mtime, box_w, box_h) if mtime is not None else None
    if scaled is None:
        return placeholder(box_w, box_h)
    data, mime, w, h = scaled
    if cache_dir is not None:
        key = hashlib.sha1(f"{path}:{mtime}:{box_w}x{box_h}".encode()).hexdigest()[:20]
        out = cache_dir / f"{key}.{'png' if mime == 'image/png' else 'jpg'}"
        if not out.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            write_bytes(out, data)  # whole or absent: another print may read it
        src = out.resolve().as_uri()
    else:
        src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<img src="{esc(src)}" width="{w}" height="{h}">'


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """PNG data URI of a QR code for ``url`` (segno, medium error correction, 6 px modules)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=6, border=2)


def qr_html(url: str | None, size: int = 76) -> str:
    """``<img>`` of the QR code of ``url``, or nothing without a URL."""
    if not url:
        return ""
    return f'<img src="{qr_data_uri(url)}" width="{size}" height="{size}">'
