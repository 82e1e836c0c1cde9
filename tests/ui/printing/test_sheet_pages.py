"""A section heading never ends a page alone (issue 11, item 11): the sheets of two real films
(the real .nfo files of Justice League and Toy Story 3, real photographs as poster and stills),
printed from the command line on every film template and both papers, read back from the PDF:
below every heading on its page there is something of its section (a row, a picture)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.library import movie_folder, nfo, photos
from ui.printing.printing import FOOTER_MM, MARGIN_MM

ROOT = Path(__file__).resolve().parents[3]
FILMS = (("Justice League (2017)", "jellyfin__Justice_League.nfo"),
         ("Toy Story 3 (2010)", "mediaelch__kodi_v18_Toy_Story_3_2010.nfo"))


def marquee(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                            timeout=180, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sheets")
    pictures = photos(12)
    for n, (folder, nfo_name) in enumerate(FILMS):
        mine = pictures[6 * n: 6 * n + 6]
        movie_folder(root / "library", folder, {"movie.nfo": nfo(nfo_name), "poster.jpg": mine[0],
                                                **{f"extrafanart/fanart{i}.jpg": p for i, p in enumerate(mine[1:])}})
    db = root / "films.db"
    marquee("--db", str(db), "import-images", str(root / "library"))
    return db


def page_items(page) -> tuple[list[tuple[float, str]], list[float]]:
    """(y, text) of the text drawn on a page, and the top y of every picture (PDF y grows upwards)."""
    texts: list[tuple[float, str]] = []
    images: list[float] = []

    def on_text(text, cm, tm, _font, _size):
        if text.strip():
            texts.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    def on_operator(op, _args, cm, _tm):
        if op == b"Do":
            images.append(cm[5] + cm[3])

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    lines: dict[float, str] = {}  # pieces drawn on one baseline make a line ("C" + "AST" in small caps)
    for y, text in texts:
        lines[round(y, 1)] = lines.get(round(y, 1), "") + text.replace("\t", " ")
    return sorted(lines.items(), reverse=True), images


BODY_BOTTOM = (MARGIN_MM + FOOTER_MM) * 72 / 25.4  # pt above the paper's bottom edge: the footer is below
SEEN = 12  # pt of a picture that must show above the body's bottom to count (a 1-pt sliver does not)
HEADINGS = {"CAST", "CREW", "STILLS", "RELEASES", "FEATURETTES & TRAILERS", "STARRING", "WATCH", "J", "T"}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("template", ["sheet", "card", "list"])
def test_no_heading_ends_a_page_alone(catalogue: Path, tmp_path: Path, template: str, paper: str) -> None:
    from pypdf import PdfReader

    out = tmp_path / "sheets.pdf"
    marquee("--db", str(catalogue), "print", "--all", "--template", template, "--paper", paper, "--pdf", str(out))
    seen = set()
    for number, page in enumerate(PdfReader(out).pages, 1):
        texts, images = page_items(page)
        body = [(y, t) for y, t in texts if "— page" not in t and t != "Marquee"]
        for y, text in body:
            if text in HEADINGS:
                seen.add(text)
                below = [t for ty, t in body if ty < y - 1] + [
                    str(top) for top in images if top < y - 1 and top > BODY_BOTTOM + SEEN]
                assert below, f"{template} on {paper}, page {number}: “{text}” ends the page alone"
    assert seen, "no headings found"
    if template == "sheet":
        assert "STILLS" in seen
