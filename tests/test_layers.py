"""catalog/ is the product without a screen: importing it loads no Qt widgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_catalog_imports_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, catalog\n"
        "for m in pkgutil.walk_packages(catalog.__path__, 'catalog.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.startswith(('PySide6', 'shiboken6', 'qtawesome'))]\n"
        "print(bad)\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_window_never_reaches_past_the_catalogue_api() -> None:
    """ui/ uses Catalogue's use cases and plain values; never the tables, the database or SQL."""
    import ast

    forbidden = ("catalog.store.tables", "catalog.store.connection", "catalog.store.migrations",
                 "catalog.store.search_index", "peewee", "sqlite3")
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            offenders += [f"{path.name}: {name}" for name in names if name.startswith(forbidden)]
    assert not offenders, offenders
