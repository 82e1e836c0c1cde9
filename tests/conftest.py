"""Shared fixtures. Qt-free on purpose: tests/catalog must run without Qt loaded (Qt fixtures live
in tests/ui/conftest.py)."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from catalog import Catalogue, open_catalogue
from tests.pg_server import PgServer

NO_POSTGRES = ("PostgreSQL's server programs are not installed (apt-get install postgresql): the shared-catalogue "
               "tests need initdb and pg_ctl")
TEMPLATE = "marquee_template"
_numbers = itertools.count(1)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> Iterator[None]:
    """Leave the moment pytest has reported (the outermost wrapper: the summary is printed inside
    it), without the rest of the shutdown: after whole suites had passed and printed so, the
    process now and then crashed (SIGSEGV, exit 139) — once in the interpreter's teardown, and once
    after the summary but before a later hook could leave, with faulthandler already switched off
    (Qt's and shiboken's objects freed in whatever order), which turned a green run red."""
    yield
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(session.exitstatus))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module that sets BOTH_BACKENDS = True runs each test taking a catalogue twice: on an SQLite
    file and on a PostgreSQL server (skipped, with the reason, without PostgreSQL)."""
    if getattr(metafunc.module, "BOTH_BACKENDS", False) and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL server for the whole run (initdb + pg_ctl in a temporary folder, on a
    free local port), stopped at the end; with a template database holding the current schema."""
    server = PgServer.find()
    if server is None:
        pytest.skip(NO_POSTGRES)
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="marquee-cache-")  # shared catalogues' caches
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="marquee-data-")  # and their backups
    server.start()
    try:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {TEMPLATE}")
        open_catalogue(server.url(TEMPLATE)).close()
        yield server
    finally:
        server.stop()


def new_database(server: PgServer) -> str:
    """The address of a new, empty shared catalogue (a copy of the migrated template)."""
    import psycopg

    name = f"t{next(_numbers)}"
    with psycopg.connect(server.url(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return server.url(name)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    return new_database(pg_server)


@pytest.fixture
def catalogue_location(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Path | str:
    """Where tmp_catalogue lives: tmp_path/'films.db', or a new database on the test server."""
    if backend == "postgresql":
        return new_database(request.getfixturevalue("pg_server"))
    return tmp_path / "films.db"


@pytest.fixture
def tmp_catalogue(catalogue_location: Path | str) -> Iterator[Catalogue]:
    """An empty catalogue at tmp_path/'films.db' (or on the test server), closed after the test."""
    cat = open_catalogue(catalogue_location)
    yield cat
    cat.close()


@pytest.fixture
def cat(tmp_catalogue: Catalogue) -> Catalogue:
    """The same empty catalogue, under the short name most tests use."""
    return tmp_catalogue


@pytest.fixture
def catalogue(tmp_catalogue: Catalogue) -> Catalogue:
    return tmp_catalogue


@pytest.fixture
def demo_catalogue(tmp_catalogue: Catalogue) -> Catalogue:
    """The demo catalogue (La La Land, Whiplash) in tmp_catalogue."""
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(tmp_catalogue)
    return tmp_catalogue
