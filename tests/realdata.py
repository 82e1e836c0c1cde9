"""Where the real files written by others live: ../shared/realdata beside the repository
(MARQUEE_REALDATA overrides). Tests read them in place; they are never copied into the repo."""

from __future__ import annotations

import os
from pathlib import Path

BESIDE_REPO = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
REALDATA = Path(os.environ.get("MARQUEE_REALDATA") or BESIDE_REPO)
