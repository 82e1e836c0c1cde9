"""The pictures of a shared catalogue: on the server (`picture`, `picture_chunk`: content-addressed,
in chunks of 1 MiB, streamed both ways, never whole in memory) so every member sees them, with a
local cache on each computer (`~/.cache/Marquee/shared/<catalogue>/media/`: the originals fetched
so far and the thumbnails) that behaves as PictureStore's folder: importers and their worker
processes write new files into it as they would beside a catalogue file.

Uploads: an image row the server has no picture for is listed in `picture_wanted` (a trigger);
before each write transaction commits, `publish` uploads those the cache holds, in the same
transaction — a committed row never names a picture only one computer has. Downloads: `path_for`
fetches a picture into the cache the first time something asks for its file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.store.picture_store import CHUNK, SWEEP_GRACE_SECONDS, TEMP_PREFIX, Known, PictureStore, check_sha256

if TYPE_CHECKING:
    from catalog.store import Store


class ServerPictureStore(PictureStore):
    def __init__(self, store: Store, cache_dir: Path) -> None:
        super().__init__(cache_dir)
        self.store = store

    # -- reading ------------------------------------------------------------------------------------

    def on_server(self, sha256: str) -> bool:
        return self.store.one("SELECT 1 FROM picture WHERE sha256 = ?", (check_sha256(sha256),)) is not None

    def has(self, sha256: str) -> bool:
        return super().path_for(sha256).is_file() or self.on_server(sha256)

    def present(self, shas: Iterable[str]) -> set[str]:
        """Those of these pictures this computer's cache or the server holds: one query for all
        (an import asks of every picture its documents name)."""
        wanted = {check_sha256(sha) for sha in shas}
        found = {sha for sha in wanted if PictureStore.path_for(self, sha).is_file()}
        rest = sorted(wanted - found)
        for start in range(0, len(rest), 1000):
            found.update(r[0] for r in self.store.rows("SELECT sha256 FROM picture WHERE sha256 = ANY(?)",
                                                       (rest[start:start + 1000],)))
        return found

    def path_for(self, sha256: str) -> Path:
        """The picture's file in this computer's cache, fetched from the server the first time."""
        target = super().path_for(sha256)
        if not target.is_file():
            with contextlib.suppress(OSError):
                self.fetch(sha256, target)
        return target

    def fetch(self, sha256: str, target: Path) -> bool:
        """Stream a picture's chunks from the server into `target` (checked against its hash);
        False when the server does not have it."""
        db = self.store.db
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        digest = hashlib.sha256()
        got = False
        try:
            with os.fdopen(fd, "wb") as out, db.connection_context() if db.is_closed() else contextlib.nullcontext():
                n = 0
                while True:  # one chunk per query: never more than 1 MiB in memory
                    row = self.store.one("SELECT data FROM picture_chunk WHERE sha256 = ? AND n = ?", (sha256, n))
                    if row is None:
                        break
                    data = bytes(row[0])
                    digest.update(data)
                    out.write(data)
                    got, n = True, n + 1
            if not got or digest.hexdigest() != sha256:
                Path(tmp).unlink(missing_ok=True)
                return False
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
            return True
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- writing ------------------------------------------------------------------------------------

    def upload(self, sha256: str, source: Path) -> bool:
        """Inside a write transaction: put a cached file on the server in chunks (False when it
        is there already or the file's content is not its hash)."""
        if self.on_server(sha256):
            return False
        digest = hashlib.sha256()
        size = n = 0
        with Path(source).open("rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                self.store.execute("INSERT INTO picture_chunk (sha256, n, data) VALUES (?, ?, ?) "
                                   "ON CONFLICT DO NOTHING", (sha256, n, chunk))
                size += len(chunk)
                n += 1
        if digest.hexdigest() != sha256:
            self.store.execute("DELETE FROM picture_chunk WHERE sha256 = ?", (sha256,))
            return False
        self.store.execute("INSERT INTO picture (sha256, bytes, chunks) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           (sha256, size, n))
        return True

    def publish(self) -> int:
        """Before a write transaction commits: upload the pictures its rows name that this
        computer has and the server lacks. Returns how many went up."""
        wanted = [r[0] for r in self.store.rows("SELECT sha256 FROM picture_wanted")]
        sent = 0
        for sha in wanted:
            local = super().path_for(sha)
            if self.on_server(sha):
                self.store.execute("DELETE FROM picture_wanted WHERE sha256 = ?", (sha,))
            elif local.is_file() and self.upload(sha, local):
                self.store.execute("DELETE FROM picture_wanted WHERE sha256 = ?", (sha,))
                sent += 1
        return sent

    def shas_on_server(self) -> set[str]:
        return {r[0] for r in self.store.rows("SELECT sha256 FROM picture")}

    def sweep(self, known: Known, grace: float = SWEEP_GRACE_SECONDS,
              now: float | None = None) -> list[Path] | None:
        """Pictures on the server that no image row names, uploaded over `grace` seconds ago, are
        deleted (a committed row never names an unpublished picture, so nothing in flight is
        lost); the local cache is swept as a PictureStore's folder."""
        if self.store.read_only:
            return []
        with self.store.transaction():
            rows = [sha for (sha,) in self.store.rows(
                "SELECT sha256 FROM picture WHERE added_at < now() - make_interval(secs => ?)", (grace,))]
            kept = known(rows)
            gone = [sha for sha in rows if sha not in kept]
            for sha in gone:
                self.store.execute("DELETE FROM picture WHERE sha256 = ?", (sha,))
        local = super().sweep(known, grace, now) or []
        return [Path(sha) for sha in gone] + local
