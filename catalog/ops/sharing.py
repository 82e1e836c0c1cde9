"""Use cases of shared catalogues that are not about films: copying a catalogue between a file and
a server (with its pictures, checked by counts and exports), and the server's roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalog.ops.catalogue import open_catalogue
from catalog.store import copying, roles
from catalog.store.copying import CopyReport

ROLES = roles.ROLES


def copy_catalogue(source: Path | str, target: Path | str,
                   progress: Callable[[str], None] | None = None) -> CopyReport:
    """Copy the catalogue at `source` (a file or a server's address) into an empty one at `target`."""
    src = open_catalogue(source, create=False, read_only=True)
    try:
        dst = open_catalogue(target, create=True)
        try:
            return copying.copy_catalogue(src.store, dst.store, progress)
        finally:
            dst.close()
    finally:
        src.close()


def init_server(location: str) -> list[str]:
    """Create the shared catalogue's schema (when new) and the three roles with their grants."""
    cat = open_catalogue(location, create=True)
    try:
        return roles.init(cat.store)
    finally:
        cat.close()


def grant(location: str, name: str, role: str) -> None:
    cat = open_catalogue(location, create=False)
    try:
        roles.grant(cat.store, name, role)
    finally:
        cat.close()


def members(location: str) -> list[tuple[str, str]]:
    cat = open_catalogue(location, create=False, read_only=True)
    try:
        return roles.members(cat.store)
    finally:
        cat.close()
