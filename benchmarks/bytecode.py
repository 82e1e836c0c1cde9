"""Marquee's modules compiled to bytecode before a benchmark starts processes of it, as a user's
first launch leaves them: with PYTHONDONTWRITEBYTECODE set (as in some shells and sandboxes)
Python never writes the cache, and every start compiled each module changed since the cache was
last written (tens of ms a module), which no user's second launch pays."""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_project() -> None:
    for folder in ("catalog", "ui"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "main.py", quiet=1)
