"""Sheet-only text helpers: URLs that wrap inside table cells, partial dates as sort keys.

Pure functions; the helpers every renderer shares are in ``catalog.render.format``.
"""

from __future__ import annotations

import re

from catalog.render.format import esc


def sort_key_date(value: str | None) -> str:
    """Partial ISO dates sort as strings; unknown dates last."""
    return value or "9999"


def breakable_url(url: str) -> str:
    """Escaped URL with zero-width spaces after separators so long links wrap inside table cells."""
    return re.sub(r"([/?&=])", "\\1\u200b", esc(url))
