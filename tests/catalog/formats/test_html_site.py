"""The HTML catalogue site: every page and picture reached by relative links only, user text
escaped everywhere, a sortable and searchable index, a page per film and per person."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from catalog import Catalogue
from catalog.formats import by_name


def test_site_pages_links_and_escaping(cat: Catalogue, tmp_path: Path) -> None:
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(cat)
    evil = cat.films.create({"title": "<script>alert(1)</script> & Co", "year": 1999,
                             "synopsis": '"><img src=x onerror=alert(2)>'}).id
    assert evil is not None
    cat.records.add_credit(evil, "Bobby <b>Tables</b>", "director")
    cat.records.add("video", evil, {"kind": "clip", "title": "Bad link", "url": "https://example.com/?a=<x>"})
    cat.records.add("article", evil, {"headline": "Not a web link", "url": None})
    out = tmp_path / "site"
    assert by_name("html").write(cat, out, None, None) == 3
    pages = sorted(out.rglob("*.html"))
    assert (out / "index.html") in pages and len(list((out / "films").glob("*.html"))) == 3
    assert any("damien-chazelle" in p.name for p in (out / "people").glob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Tables" not in html
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            if link.startswith(("http://", "https://")):
                continue  # the collector's own web links
            assert not link.startswith(("/", "file:", "javascript:")), (page, link)
            assert (page.parent / unquote(link)).exists(), (page, link)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="search"' in index and "data-sort" in index and "localeCompare" in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in index
    lala = next((out / "films").glob("la-la-land-*.html")).read_text(encoding="utf-8")
    assert "Emma Stone" in lala and "../pictures/" in lala and "Behind the Scenes" in lala
