"""The layers hold: catalog/ is the product without a screen (no Qt at all), ui/ reaches the catalogue
only through its use cases and plain values (never the store, the database or SQL), and nothing
outside catalog/store knows the database is SQLite."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What ui/ may import of catalog/: the API, plain values, use cases, renderers, formats, pictures.
UI_MAY_IMPORT = ("catalog", "catalog.errors", "catalog.paths", "catalog.files", "catalog.model", "catalog.ops",
                 "catalog.render", "catalog.formats", "catalog.imaging")
# Attributes that only the store touches: the connection, SQL, transactions below the use cases.
DATABASE_ATTRIBUTES = {"store", "db", "execute_sql", "connection_context", "atomic", "cursor", "executemany"}


def imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


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


def test_the_window_imports_only_the_catalogues_api() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for name in imports(path):
            database = name.split(".")[0] in ("peewee", "playhouse", "sqlite3", "psycopg")
            outside_api = name.startswith("catalog.") and not any(
                name == ok or name.startswith(ok + ".") for ok in UI_MAY_IMPORT[1:])
            if database or outside_api:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, offenders


def test_the_window_never_touches_the_database() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}"
                 for path in sorted((ROOT / "ui").rglob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Attribute) and node.attr in DATABASE_ATTRIBUTES]
    assert not offenders, offenders


def test_only_the_store_speaks_sql() -> None:
    """Outside catalog/store nothing imports a database driver or peewee (the migrations, SQL and
    bulk paths are the store's); benchmarks that build test catalogues in bulk are tools, not product."""
    offenders = []
    for folder in ("catalog", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.is_relative_to(ROOT / "catalog" / "store"):
                continue
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in imports(path)
                          if name.split(".")[0] in ("peewee", "playhouse", "sqlite3", "psycopg", "psycopg2")]
    assert not offenders, offenders


def test_no_module_asks_for_pyside_features() -> None:
    """ui/__init__.py spares PySide6 reading every module's source to learn which take part in
    `from __feature__ import snake_case, true_property`: right only while none does."""
    offenders = [f"{path.relative_to(ROOT)}" for folder in ("catalog", "ui", "tests")
                 for path in sorted((ROOT / folder).rglob("*.py")) if "__feature__" in imports(path)]
    offenders += ["main.py"] if "__feature__" in imports(ROOT / "main.py") else []
    assert not offenders, offenders
    code = ("import ui.tasks as t, shibokensupport.feature as f\n"
            "assert not f._mod_uses_pyside(t), 'PySide6 still reads the sources'\n"
            "assert t.QThreadPool.activeThreadCount  # plain names, as before\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
