"""Printed film sheets: template discovery and rendering of film documents to HTML.

The HTML is meant for Qt's QTextDocument (tables for layout, a small CSS subset), but this package
imports no Qt at all. Every user string goes through ``html.escape``; templates are
``string.Template`` skeletons whose ``$names`` are filled with ready-made HTML fragments
(see ``resources/templates/README.md``). Pure functions, safe on any thread.

This module is the public face; the parts live in ``sheet_templates`` (finding templates),
``sheet_format`` (sheet-only text helpers), ``sheet_images`` (pictures, QR codes), ``sheet_fragments`` (HTML pieces)
and ``sheet_names`` (the ``$names`` of a film or of the list).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from catalog.render.format import esc
from catalog.render.sheet_fragments import CREW_LABELS, section
from catalog.render.sheet_images import PRINT_DENSITY, image_html, placeholder, qr_data_uri, qr_html
from catalog.render.sheet_names import LIST_CELLS, LIST_HEAD, LazyNames, film_names, group_letter, list_names
from catalog.render.sheet_templates import (
    BUILTIN_TITLES,
    TEMPLATES_DIR,
    TemplateInfo,
    find_template,
    list_templates,
    stylesheet,
)

PX_PER_MM = 96 / 25.4  # template pixels are CSS pixels: 1/96 inch
PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}

__all__ = [
    "BUILTIN_TITLES",
    "CREW_LABELS",
    "LIST_CELLS",
    "LIST_HEAD",
    "PAPER_WIDTH_MM",
    "PRINT_DENSITY",
    "PX_PER_MM",
    "TEMPLATES_DIR",
    "LazyNames",
    "TemplateInfo",
    "fill",
    "film_names",
    "find_template",
    "group_letter",
    "image_html",
    "list_names",
    "list_templates",
    "placeholder",
    "qr_data_uri",
    "qr_html",
    "render_film_html",
    "render_list_html",
    "section",
    "stylesheet",
]


def fill(template_text: str, names: Mapping[str, str]) -> str:
    """Substitute ``$name`` placeholders; unknown names stay as written (safe for user templates)."""
    return string.Template(template_text).safe_substitute(names)


def render_film_html(
    doc: dict,
    template: str | Path = "sheet",
    *,
    images_dir_for_cache: Path | None = None,
    paper: str = "A4",
    user_dir: Path | None = None,
) -> str:
    """A film document rendered with a film template (see README for the names a template can use)."""
    info = find_template(template, user_dir)
    names = film_names(doc, cache_dir=images_dir_for_cache, paper=paper)
    return fill(info.path.read_text(encoding="utf-8"), names)


def render_list_html(
    docs: Iterable[dict],
    template: str | Path = "list",
    *,
    title: str = "Catalogue list",
    images_dir_for_cache: Path | None = None,
    paper: str = "A4",
    user_dir: Path | None = None,
) -> str:
    """The catalogue list: one line per film, grouped by first letter of the sort title."""
    info = find_template(template, user_dir)
    names = list_names(docs, cache_dir=images_dir_for_cache, paper=paper, title=title)
    names["style"] = stylesheet(paper)
    names["generated"] = esc(date.today().strftime("%-d %B %Y"))
    return fill(info.path.read_text(encoding="utf-8"), names)
