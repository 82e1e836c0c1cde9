"""Telling a shared catalogue's address from a catalogue file's path (no driver loaded here)."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def is_server(location: object) -> bool:
    """Whether `location` names a catalogue on a PostgreSQL server (postgresql://USER@HOST/DB)."""
    return isinstance(location, str) and location.startswith(SCHEMES)
