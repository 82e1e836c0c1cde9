"""peewee without psycopg until a shared catalogue needs it. peewee imports psycopg (~60 ms, an
eighth of the window's start) as it loads, to drive PostgreSQL; a catalogue file never needs it.
`import_peewee` loads peewee with psycopg hidden; `drive_postgres` hands psycopg to it when a
shared catalogue is opened (the names peewee 4 binds at import: checked by the shared tests)."""

from __future__ import annotations

import sys
from typing import Any


def import_peewee() -> Any:
    if "peewee" not in sys.modules and "psycopg" not in sys.modules:
        sys.modules["psycopg"] = None  # type: ignore[assignment]  # `import psycopg` fails inside peewee
        try:
            import peewee
        finally:
            del sys.modules["psycopg"]
    import peewee

    return peewee


def drive_postgres() -> None:
    """Give peewee the psycopg it did not import (a no-op when it did)."""
    peewee = import_peewee()
    if getattr(peewee, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
