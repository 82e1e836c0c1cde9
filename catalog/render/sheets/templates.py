"""Sheet templates: discovery of the built-in and user HTML templates, and the shared stylesheet.

A template is an ``.html`` file whose comments may name its ``title`` and ``kind`` (see
``resources/templates/README.md``). Pure functions, safe on any thread.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from catalog.paths import RESOURCES
from catalog.render.format import esc

TEMPLATES_DIR = RESOURCES / "templates"
BUILTIN_TITLES = {"sheet": "Detail sheet", "card": "Compact card", "list": "Catalogue list", "wishlist": "Wishlist",
                  "slip": "Loan slip", "loans": "Loans", "overdue": "Overdue loans", "statistics": "Statistics"}
# What a template prints: each film ("film"), or once for the batch — a list, the wishlist, the loans
# — or a loan slip per open loan ("slip"); "statistics" is the Statistics page (not a batch of films).
KINDS = ("film", "list", "wishlist", "slip", "loans", "statistics")
BATCH_KINDS = ("list", "wishlist", "loans")


@dataclass(frozen=True)
class TemplateInfo:
    """A template file: ``name`` (file stem), display ``title``, ``path`` and ``kind`` (KINDS)."""

    name: str
    title: str
    path: Path
    kind: str


def _read_info(path: Path) -> TemplateInfo:
    text = path.read_text(encoding="utf-8", errors="replace")[:4000]
    title = kind = None
    for comment in re.findall(r"<!--(.*?)-->", text, re.S):
        for key, value in re.findall(r"^\s*(title|kind)\s*:\s*(.+?)\s*$", comment, re.M | re.I):
            if key.lower() == "title":
                title = title or value
            else:
                kind = kind or value.lower()
    if title is None and (m := re.search(r"<title>(.*?)</title>", text, re.S | re.I)):
        title = html.unescape(m.group(1).strip()) or None
    kind = kind if kind in KINDS else ("list" if path.stem == "list" else "film")
    return TemplateInfo(path.stem, title or BUILTIN_TITLES.get(path.stem, path.stem), path, kind)


def list_templates(user_dir: Path | None = None) -> list[TemplateInfo]:
    """Built-ins, then ``<user_dir>/templates/*.html``; a user file replaces the built-in of its name."""
    found = {p.stem: p for p in sorted(TEMPLATES_DIR.glob("*.html"))}
    if user_dir is not None and (user_dir / "templates").is_dir():
        found.update({p.stem: p for p in sorted((user_dir / "templates").glob("*.html"))})
    order = list(BUILTIN_TITLES)
    names = sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [_read_info(found[n]) for n in names]


def find_template(template: str | Path, user_dir: Path | None = None) -> TemplateInfo:
    """A template by name (user templates first) or by path to an .html file."""
    if isinstance(template, Path) or template.endswith(".html"):
        return _read_info(Path(template))
    for info in list_templates(user_dir):
        if info.name == template:
            return info
    raise KeyError(f"no template named {template!r}")


@lru_cache(maxsize=4)
def stylesheet(paper: str = "A4") -> str:
    """The shared stylesheet (``resources/templates/sheet.css``), read once."""
    css = (TEMPLATES_DIR / "sheet.css").read_text(encoding="utf-8")
    return css.replace("$paper", esc(paper))
