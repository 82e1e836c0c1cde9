"""Errors the catalogue raises. Each carries a message fit to show a user as it is."""

from __future__ import annotations

import reprlib

_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 60, 60, 2, 4, 4


def short_repr(value: object) -> str:
    """repr() bounded in length and depth: a value from a hostile file may be 50 MB or 5,000 levels deep."""
    try:
        return _SHORT.repr(value)
    except Exception:  # a repr that fails (or recurses) is still no reason to fail the message
        return f"<{type(value).__name__}>"


class CatalogueError(Exception):
    """Base of every error a user can cause; the message is one plain line."""


class ValidationError(CatalogueError):
    """A value the catalogue refuses; names the field and the value. Nothing was written."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {short_repr(value)} {reason}")


class Cancelled(CatalogueError):
    """A job stopped by the user's Cancel; the message says what was kept (nothing, mostly)."""


class NotFound(CatalogueError):
    """No such film, person or record."""


class CatalogueFileError(CatalogueError):
    """The catalogue file cannot be opened: missing folder, not SQLite, unreadable."""


class NewerVersionError(CatalogueFileError):
    """The file was written by a newer Marquee than this one."""


class MigrationError(CatalogueFileError):
    """A schema migration failed; the file was left as it was."""


def one_line(text: str, limit: int = 300) -> str:
    """A message as one line of bounded length (a hostile file can make an error's text huge)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def plain_failure(exc: BaseException, where: object = None) -> str:
    """The last wall: any unexpected failure as one line naming the file (when known) and the reason."""
    if isinstance(exc, CatalogueError):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else where
        reason = exc.strerror or str(exc) or type(exc).__name__
        return one_line(f"{name}: {reason}" if name is not None else reason)
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return one_line(f"{where}: {reason}" if where is not None else reason)


class ConflictError(CatalogueError):
    """Someone else changed the film since it was opened (or since this window's own last change of
    it): the edit or undo was refused and nothing was written. Carries both sides, so that the
    window can offer keep mine / take theirs / merge field by field."""

    def __init__(self, film_id: int, title: str, changed_by: str | None, changed_at: str | None, version: int | None,
                 mine: dict[str, object] | None = None, theirs: dict[str, object] | None = None,
                 undo: bool = False) -> None:
        self.film_id, self.title, self.changed_by, self.changed_at = film_id, title, changed_by, changed_at
        self.version = version  # the film's version now (None: it was deleted)
        self.mine = dict(mine or {})      # the fields as this edit would set them
        self.theirs = dict(theirs or {})  # the same fields as they are now
        self.undo = undo
        who = changed_by or "another member"
        when = f" at {changed_at.replace('T', ' ').removesuffix('+00:00')} UTC" if changed_at else ""
        if version is None:
            said = f"“{title}” was deleted by another member"
        else:
            said = f"“{title}” was changed by {who}{when}"
        super().__init__(f"{said}; {'undo would overwrite it' if undo else 'your edit was not saved'}")
