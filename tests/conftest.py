"""Shared fixtures: real database servers for the suite.

``scripts/dbs.sh start`` (run by ``scripts/test.sh``) starts PostgreSQL and
MariaDB and writes their URLs to ``.dbs.env``; the URLs may also come from the
environment (ALEMBIC_TEST_POSTGRESQL_URL, ALEMBIC_TEST_MYSQL_URL).  When a
server is missing a test that needs it fails loudly; it never skips.

Each test module that asks for ``pg_url`` / ``mysql_url`` gets a fresh, empty
database of its own, dropped afterwards, so tests (and developers running
tests in parallel) never see each other's tables.
"""
from __future__ import annotations

import os
import pathlib
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _load_hypothesis_profile() -> None:
    """No per-example deadline: the machines are small and shared, so timing
    says nothing about a property.  A test's own ``@settings`` still wins;
    ``HYPOTHESIS_PROFILE=alembic-derandomized`` replays the same examples every
    run (handy to reproduce a CI failure)."""
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover - hypothesis is in the test extra
        return
    settings.register_profile("alembic", deadline=None)
    settings.register_profile("alembic-derandomized", parent=settings.get_profile("alembic"), derandomize=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "alembic")


_load_hypothesis_profile()


def _server_url(var: str) -> str:
    url = os.environ.get(var)
    if url:
        return url
    env_file = ROOT / ".dbs.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            line = line.removeprefix("export ").strip()
            if line.startswith(var + "="):
                return line.split("=", 1)[1]
    pytest.fail(
        f"{var} is not set and .dbs.env has no URL for it: start the servers "
        "with `scripts/dbs.sh start` (scripts/test.sh does this)",
        pytrace=False,
    )


def _fresh_database(server_url: str, prefix: str) -> tuple[str, object]:
    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = sa.engine.make_url(server_url).set(database=name)
    return url.render_as_string(hide_password=False), (admin, name)


def _drop_database(handle: tuple, terminate_sql: str | None = None) -> None:
    import sqlalchemy as sa

    admin, name = handle
    with admin.connect() as conn:
        if terminate_sql:
            conn.execute(sa.text(terminate_sql.format(name=name)))
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


@pytest.fixture(scope="module")
def pg_url() -> str:
    """URL of a fresh, empty PostgreSQL database for this test module."""
    url, handle = _fresh_database(_server_url("ALEMBIC_TEST_POSTGRESQL_URL"), "t")
    yield url
    _drop_database(
        handle,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = '{name}' AND pid <> pg_backend_pid()",
    )


@pytest.fixture(scope="module")
def mysql_url() -> str:
    """URL of a fresh, empty MariaDB database for this test module."""
    url, handle = _fresh_database(_server_url("ALEMBIC_TEST_MYSQL_URL"), "t")
    yield url
    _drop_database(handle)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of an SQLite file database in a temporary directory."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def any_db_url(request, tmp_path) -> str:
    """Runs the test once per backend: SQLite file, PostgreSQL, MariaDB."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url" if request.param == "postgresql" else "mysql_url")


@pytest.fixture(autouse=True, scope="session")
def _private_user_cache(tmp_path_factory):
    """Keep the revision-header cache (``$XDG_CACHE_HOME/alembic``) of the whole
    run, subprocesses included, out of the user's home directory."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous
