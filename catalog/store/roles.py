"""Who may do what in a shared catalogue: the server's own roles. `server init` makes three group
roles — marquee_reader (sees), marquee_editor (also edits films, people, pictures, imports),
marquee_admin (also changes the custom fields and grants members) — and grants them on every
table; `grant` makes a member (a login role) one of them. A reader's writes are refused by the
server itself, whatever path they take."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

from catalog.errors import CatalogueError
from catalog.store.server import GROUP, ROLES, first_line

if TYPE_CHECKING:
    from catalog.store import Store

ADMIN_ONLY = ("custom_field",)  # what editors may read but not change


def _ident(name: str) -> str:
    if not name or len(name) > 63 or "\x00" in name:
        raise CatalogueError(f"{name!r} cannot name a member")
    return '"' + name.replace('"', '""') + '"'


def init(store: Store) -> list[str]:
    """Create (or bring up to date) the three roles and their grants; returns what was granted."""
    if store.server is None:
        raise CatalogueError(f"{store.location}: not a shared catalogue (roles live on a PostgreSQL server)")
    db = store.db
    database = db.execute_sql("SELECT current_database()").fetchone()[0]
    statements = []
    for role in ROLES:
        statements.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{GROUP[role]}') THEN "
                          f"CREATE ROLE {GROUP[role]} NOLOGIN; END IF; END $$")
    reader, editor, admin = (GROUP[r] for r in ROLES)
    statements += [
        f"GRANT {reader} TO {editor}", f"GRANT {editor} TO {admin}",
        f"GRANT {reader}, {editor} TO {admin} WITH ADMIN OPTION",
        f"GRANT CONNECT ON DATABASE {_ident(database)} TO {reader}",
        f"GRANT USAGE ON SCHEMA public TO {reader}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}",
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {reader}",
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {editor}",
        f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {editor}",
        *(f"REVOKE INSERT, UPDATE, DELETE ON {t} FROM {editor}" for t in ADMIN_ONLY),
        *(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {admin}" for t in ADMIN_ONLY),
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {reader}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO {editor}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, UPDATE ON SEQUENCES TO {editor}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    ]
    try:
        with db.atomic():
            for statement in statements:
                db.execute_sql(statement)
    except peewee.DatabaseError as exc:
        raise _refused(store, exc) from None
    return statements


def _refused(store: Store, exc: Exception) -> CatalogueError:
    return CatalogueError(f"{store.location}: the server refused ({first_line(exc)}); only the catalogue's owner "
                          "or an admin may change its roles")


def grant(store: Store, name: str, role: str) -> None:
    """Make `name` a member with this role (reader, editor or admin), creating the login role when
    there is none (which takes the server's CREATEROLE: the owner; an admin grants roles to
    existing logins). Its password is set on the server, never by Marquee."""
    if store.server is None:
        raise CatalogueError(f"{store.location}: not a shared catalogue (members live on a PostgreSQL server)")
    if role not in ROLES:
        raise CatalogueError(f"{role!r} is not a role; use one of: {', '.join(ROLES)}")
    member = _ident(name)
    db = store.db
    try:
        with db.atomic():
            exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            if not exists:
                db.execute_sql(f"CREATE ROLE {member} LOGIN")
            held = {r[0] for r in db.execute_sql(
                "SELECT g.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
                "JOIN pg_roles m ON m.oid = am.member WHERE m.rolname = %s", (name,)).fetchall()}
            for other in ROLES:
                if other != role and GROUP[other] in held:
                    db.execute_sql(f"REVOKE {GROUP[other]} FROM {member}")
            db.execute_sql(f"GRANT {GROUP[role]} TO {member}")
    except peewee.DatabaseError as exc:
        raise _refused(store, exc) from None


def members(store: Store) -> list[tuple[str, str]]:
    """(member, role) of everyone holding one of the roles directly."""
    if store.server is None:
        return []
    rows = store.db.execute_sql(
        "SELECT m.rolname, g.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
        "JOIN pg_roles m ON m.oid = am.member WHERE g.rolname = ANY(%s) AND m.rolname NOT LIKE 'marquee\\_%%' "
        "ORDER BY m.rolname", (list(GROUP.values()),)).fetchall()
    names = {v: k for k, v in GROUP.items()}
    return [(m, names[g]) for m, g in rows]
