"""The claim of docs/architecture.md, tried for real: a new record kind is one row in
catalog/model/kinds.py plus a migration. A copy of the product gets exactly those two edits, and
then every layer — validation, the document, export and import, search, the three renderers and
the editor's tabs — knows the new kind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NEW_ROW = '''    RecordKind(
        "quote", "quote", "quotes", "quote", "Quotes", (
            FieldSpec("line", "Line", text(required=True, max_len=2000), "long", width=300),
            FieldSpec("speaker", "Speaker", text(max_len=200), width=140),
        ),
        required="line", has=("quote",), indexed=("line", "speaker")),
)
BY_NAME'''
MIGRATION = '''"""Version 99: quotations from a film."""

NAME = "quotes"

SQL = """
CREATE TABLE quote (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    line TEXT NOT NULL,
    speaker TEXT
);
CREATE INDEX quote_film ON quote(film_id, position)
"""
'''
CHECKS = '''
import json, sys
from pathlib import Path
from catalog import ValidationError, open_catalogue
from catalog.formats.json_catalogue import export_document, import_document
from catalog.render.page import film_html
from catalog.render.sheets import render_film_html
from catalog.render.text import film_text

cat = open_catalogue(Path(sys.argv[1]))
film = cat.films.create({"title": "Casablanca", "year": 1942}).id
quote = cat.records.add("quote", film, {"line": "Here's looking at you, kid.", "speaker": "Rick Blaine"})
try:
    cat.records.add("quote", film, {"speaker": "nobody"})
    raise SystemExit("a quote without its line was accepted")
except ValidationError as exc:
    assert exc.field == "line", exc
doc = cat.films.document(film)
assert doc["quotes"][0]["speaker"] == "Rick Blaine", doc["quotes"]
assert cat.films.ids("has:quote") == [film] and cat.films.ids("-has:quote") == []
assert cat.films.ids("looking") == [film] and cat.films.ids("blaine") == [film]
assert "Quotes" in film_text(doc) and "Here's looking" in film_text(doc)
assert "QUOTES" in film_html(doc) and "Rick Blaine" in film_html(doc)  # the page capitalises headings
assert "Here&#x27;s looking" in render_film_html(doc)
undone = cat.revert(quote)
assert cat.films.document(film)["quotes"] == []
cat.revert(undone)
assert len(cat.films.document(film)["quotes"]) == 1
other = open_catalogue(Path(sys.argv[1]).with_name("other.db"))
import_document(other, json.loads(json.dumps(export_document(cat))))
assert other.films.document(other.films.find("Casablanca"))["quotes"][0]["line"] == "Here's looking at you, kid."

from ui.detail.film_editor import TABS
from ui.detail.record_columns import COLUMNS, REQUIRED
assert ("quote", "Quotes") in TABS and [c.header for c in COLUMNS["quote"]] == ["Line", "Speaker"]
assert REQUIRED["quote"] == "line"
print("every layer knows quotes")
'''


def test_a_record_kind_is_one_row_in_kinds_and_a_migration(tmp_path: Path) -> None:
    copy = tmp_path / "marquee"
    for part in ("catalog", "ui", "resources"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    kinds = copy / "catalog" / "model" / "kinds.py"
    source = kinds.read_text(encoding="utf-8")
    assert source.count(")\nBY_NAME") == 1
    kinds.write_text(source.replace(")\nBY_NAME", NEW_ROW, 1), encoding="utf-8")  # the one row
    migrations = copy / "catalog" / "store" / "migrations"
    (migrations / "m0099_quotes.py").write_text(MIGRATION, encoding="utf-8")   # the migration
    listing = (migrations / "__init__.py").read_text(encoding="utf-8")
    listing = listing.replace("\n\nMIGRATIONS", "\nfrom catalog.store.migrations import m0099_quotes\n\nMIGRATIONS", 1)
    listing = listing.replace("\n]\n", "\n    (99, m0099_quotes),\n]\n", 1)
    (migrations / "__init__.py").write_text(listing, encoding="utf-8")
    script = tmp_path / "checks.py"
    script.write_text(textwrap.dedent(CHECKS), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "films.db")], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "every layer knows quotes" in result.stdout
