"""Film sheets printed to PDF offscreen: pages, order of the text, footers, QR codes, paper sizes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import threading
import unicodedata
from pathlib import Path

import psutil
import pypdf
import pytest
import zxingcpp
from PySide6.QtCore import QLocale, QRunnable, QThreadPool

from tests.catalog.render.documents import (
    CAST,
    FEATURETTE_URL,
    HOSTILE,
    bare_film,
    big_cast_film,
    demo_film,
    hostile_film,
    in_order,
    many_reviews_film,
    missing_image_film,
)
from ui.printing.printing import default_paper, paint_documents, print_to_pdf


def pdf_pages(path: Path) -> list[str]:
    """Text of each page, ligatures undone and whitespace collapsed."""
    reader = pypdf.PdfReader(str(path))
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text())) for p in reader.pages]


@pytest.fixture
def demo(tmp_path: Path) -> dict:
    return demo_film(tmp_path / "images")


def test_card_is_one_page(qapp, tmp_path, demo):
    assert print_to_pdf([demo], tmp_path / "card.pdf", "card") == 1
    assert len(pdf_pages(tmp_path / "card.pdf")) == 1


def test_sheet_text_in_order(qapp, tmp_path, demo):
    pages = print_to_pdf([demo], tmp_path / "sheet.pdf")
    text = " ".join(pdf_pages(tmp_path / "sheet.pdf"))
    assert pages == len(pdf_pages(tmp_path / "sheet.pdf"))
    cast = [x for person, character in CAST for x in (person, character)]
    assert in_order(
        text,
        [
            *("La La Land", "2016", "128 min", "Directed by", "Damien Chazelle", "Lionsgate", *cast),
            *("Behind the Scenes of La La Land", "23 November 2016", "3:12"),
            *("Brian", "Telluride Film Festival"),
            *("September 2016", "12 September 2016", "9 December 2016", "16 December 2016"),
            *("Best Picture Frontrunner", "Blu-ray", "0031398254869", "Title card: Mia"),
        ],
    )


def test_footer_has_title_and_page_number(qapp, tmp_path, demo):
    out = tmp_path / "sheet.pdf"
    count = print_to_pdf([demo], out)
    pages = pdf_pages(out)
    assert count >= 2
    for n, text in enumerate(pages, 1):
        assert f"La La Land — page {n} of {count}" in text


def test_long_cast_and_many_reviews_flow_onto_more_pages(qapp, tmp_path, demo):
    base = print_to_pdf([demo], tmp_path / "demo.pdf")
    cast = print_to_pdf([big_cast_film(tmp_path / "images")], tmp_path / "cast.pdf")
    reviews = print_to_pdf([many_reviews_film(tmp_path / "images")], tmp_path / "reviews.pdf")
    assert cast > base and reviews > base
    text = " ".join(pdf_pages(tmp_path / "cast.pdf"))
    assert in_order(text, [f"Actor Number {i:02d} as Character {i:02d}" for i in range(80)])
    assert in_order(" ".join(pdf_pages(tmp_path / "reviews.pdf")), [f"Critic {i:02d}" for i in range(30)])


def test_batch_starts_each_film_on_a_new_page(qapp, tmp_path, demo):
    whiplash = bare_film("Whiplash", 2)
    whiplash.update(year=2014, runtime_min=106)
    films = [demo, whiplash, bare_film("Only a Title", 3)]
    done: list[tuple[int, int]] = []
    count = print_to_pdf(films, tmp_path / "batch.pdf", progress=lambda d, t: done.append((d, t)))
    pages = pdf_pages(tmp_path / "batch.pdf")
    assert count == len(pages) >= 4 and done == [(1, 3), (2, 3), (3, 3)]
    firsts = [p for p in pages if re.search(r"— page 1 of \d", p)]
    assert [p.split()[0] for p in firsts] == ["La", "Whiplash", "Only"]
    assert "Whiplash — page 1 of 1" in pages[-2] and "Only a Title — page 1 of 1" in pages[-1]


def test_user_markup_prints_literally(qapp, tmp_path):
    print_to_pdf([hostile_film(tmp_path / "images")], tmp_path / "h.pdf")
    text = " ".join(pdf_pages(tmp_path / "h.pdf"))
    assert HOSTILE in text and "La La Land <i>2</i>" in text


def test_qr_code_decodes_to_the_link(qapp, tmp_path, demo):
    print_to_pdf([demo], tmp_path / "qr.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "qr.pdf"))
    images = [img.image for page in reader.pages for img in page.images]
    decoded = [b.text for image in images for b in zxingcpp.read_barcodes(image)]
    assert decoded == [FEATURETTE_URL]


def test_missing_image_prints_placeholder(qapp, tmp_path):
    print_to_pdf([missing_image_film(tmp_path / "images")], tmp_path / "m.pdf")
    assert " ".join(pdf_pages(tmp_path / "m.pdf")).count("image missing") == 2


def test_letter_and_a4_differ(qapp, tmp_path, demo):
    print_to_pdf([demo], tmp_path / "a4.pdf", "card", paper="A4")
    print_to_pdf([demo], tmp_path / "letter.pdf", "card", paper="Letter")
    a4 = pypdf.PdfReader(str(tmp_path / "a4.pdf")).pages[0].mediabox
    letter = pypdf.PdfReader(str(tmp_path / "letter.pdf")).pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.width), round(letter.height)) == (612, 792)


def test_catalogue_list(qapp, tmp_path, demo):
    films = [demo, bare_film("Whiplash", 2), bare_film("Amélie", 3)]
    assert print_to_pdf(films, tmp_path / "list.pdf", "list") == 1
    text = pdf_pages(tmp_path / "list.pdf")[0]
    assert in_order(text, ["Catalogue list", "A", "Amélie", "L", "La La Land", "2016", "Damien Chazelle"])
    assert "Catalogue list — page 1 of 1" in text


def test_prints_from_a_worker_thread(qapp, qtbot, tmp_path, demo):
    result: dict[str, object] = {}

    class Job(QRunnable):
        def run(self) -> None:
            try:
                result["pages"] = print_to_pdf([demo, demo], tmp_path / "w.pdf")
            except Exception as exc:  # reported to the test thread
                result["error"] = exc

    pool = QThreadPool()
    pool.start(Job())
    qtbot.waitUntil(lambda: bool(result), timeout=60_000)
    pool.waitForDone()
    assert "error" not in result and result["pages"] == len(pdf_pages(tmp_path / "w.pdf")) >= 2


def test_abort_leaves_no_file(qapp, tmp_path, demo):
    abort = threading.Event()
    pages = print_to_pdf([demo] * 5, tmp_path / "a.pdf", progress=lambda d, t: abort.set(), abort=abort)
    assert pages == 0 and not list(tmp_path.glob("*.pdf*"))


def test_paint_documents_on_a_printer(qapp, tmp_path, demo):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "p.pdf"))
    pages = paint_documents(printer, [demo], "card")
    assert pages == 1 and "La La Land — page 1 of 1" in pdf_pages(tmp_path / "p.pdf")[0]


@pytest.mark.parametrize(
    ("territory", "paper"),
    [("UnitedStates", "Letter"), ("Canada", "Letter"), ("Mexico", "Letter"), ("Germany", "A4"),
     ("UnitedKingdom", "A4"), ("Japan", "A4")],
)
def test_default_paper_from_locale(qapp, territory, paper):
    locale = QLocale(QLocale.Language.AnyLanguage, getattr(QLocale.Country, territory))
    assert default_paper(locale) == paper


def test_memory_does_not_grow_with_the_batch(qapp, tmp_path, demo):
    proc = psutil.Process()
    rss: dict[int, int] = {}

    def progress(done: int, total: int) -> None:
        if done in (10, total):
            rss[done] = proc.memory_info().rss

    films = [dict(demo, id=i, title=f"Film {i}") for i in range(60)]
    print_to_pdf(films, tmp_path / "many.pdf", "card", progress=progress)
    assert rss[60] - rss[10] < 25 * 2**20


def test_scaled_images_from_a_cache_folder(qapp, tmp_path, demo):
    print_to_pdf([demo], tmp_path / "c.pdf", cache_dir=tmp_path / "cache")
    sizes = [img.image.size for page in pypdf.PdfReader(str(tmp_path / "c.pdf")).pages for img in page.images]
    assert (360, 540) in sizes and sizes.count((320, 180)) == 3  # poster and stills at 2 px per CSS px


def test_shared_images_are_written_once(qapp, tmp_path, demo):
    print_to_pdf([demo] * 3, tmp_path / "s.pdf")
    refs = set()
    for page in pypdf.PdfReader(str(tmp_path / "s.pdf")).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        refs |= {xobjects.raw_get(name).idnum for name in xobjects}
    assert len(refs) == 5  # poster, QR code, three stills


def test_a_print_that_fails_midway_leaves_no_file(tmp_path, qapp) -> None:
    import pytest

    from ui.printing.printing import print_to_pdf

    def films():
        yield {"title": "First", "credits": [], "images": []}
        raise RuntimeError("the catalogue went away")

    out = tmp_path / "out.pdf"
    with pytest.raises(RuntimeError):
        print_to_pdf(films(), out)
    assert list(tmp_path.iterdir()) == []


def test_a_cast_that_flows_on_is_headed_again_on_the_next_page(qapp, tmp_path):
    print_to_pdf([big_cast_film(tmp_path / "images")], tmp_path / "cast.pdf")
    pages = pdf_pages(tmp_path / "cast.pdf")
    continued = [p for p in pages[1:] if "Actor Number" in p]
    # (small capitals are drawn in two runs, "C" and "AST", which the PDF's text may part with a space)
    assert continued and all(p.replace(" ", "").upper().startswith("CAST") for p in continued)
