"""The printed-sheet skin: film documents rendered to HTML with templates, for printing and PDF.

The HTML is meant for Qt's QTextDocument (tables for layout, a small CSS subset), but this package
imports no Qt at all. Templates are ``string.Template`` skeletons whose ``$names`` are filled with
ready, escaped HTML fragments (see ``resources/templates/README.md``): user text can never inject
markup or ``$names``. Pure functions, safe on any thread.

The parts: ``templates`` (finding templates, the stylesheet), ``pictures`` (images scaled to their
printed size, QR codes), ``fragments`` (HTML pieces), ``records`` (the sections of attached records,
by look), ``names`` (the ``$names`` of a film) and ``listing`` (the ``$names`` of the list).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from catalog.render.format import esc
from catalog.render.sheets.listing import group_letter, list_names
from catalog.render.sheets.names import LazyNames, film_names
from catalog.render.sheets.pictures import PRINT_DENSITY, image_html, placeholder, qr_data_uri, qr_html
from catalog.render.sheets.templates import (
    BUILTIN_TITLES,
    TEMPLATES_DIR,
    TemplateInfo,
    find_template,
    list_templates,
    stylesheet,
)

__all__ = [
    "BUILTIN_TITLES",
    "PRINT_DENSITY",
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
    "stylesheet",
]


def fill(template_text: str, names: Mapping[str, str]) -> str:
    """Substitute ``$name`` placeholders; unknown names stay as written (safe for user templates)."""
    return string.Template(template_text).safe_substitute(names)


def render_film_html(
    doc: Mapping[str, Any],
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
    docs: Iterable[Mapping[str, Any]],
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
