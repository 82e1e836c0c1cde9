"""catalog/ is the product without a screen: importing it loads no Qt widgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
