"""PDF detail sheets: every film on its own pages, through the sheet templates. The pages are laid
out by Qt's text engine, so the writer itself lives in ui/printing and is given to this format by
the composition root (main.py); `print` on the command line offers the templates and paper sizes."""

from __future__ import annotations

from catalog.formats import Format

FORMAT = Format("pdf", "PDF detail sheets", (".pdf",), writes_needs="qt")
