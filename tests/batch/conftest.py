"""Helpers for the batch tests: real databases, a migration context and
``Operations`` over a connection."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from sqlalchemy import event


def operations(conn, **opts):
    """``Operations`` over ``conn`` through a real MigrationContext."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    return Operations(MigrationContext.configure(conn, opts=opts))


def offline_operations(dialect_name: str):
    """(``Operations`` in --sql mode, its output buffer)."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name=dialect_name, opts={"as_sql": True, "output_buffer": buf}
    )
    return Operations(ctx), buf


@pytest.fixture
def fk_engine(sqlite_url):
    """SQLite engine whose connections enforce foreign keys."""
    engine = sa.create_engine(sqlite_url)

    @event.listens_for(engine, "connect")
    def _enforce(dbapi_conn, record):
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    yield engine
    engine.dispose()


def table_sql(conn, name):
    """The CREATE statement SQLite keeps for ``name``."""
    return conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).scalar()


@pytest.fixture
def make_ops():
    """``make_ops(conn)`` gives Operations over ``conn``."""
    return operations


@pytest.fixture
def make_offline():
    """``make_offline("sqlite")`` gives (Operations in --sql mode, buffer)."""
    return offline_operations


@pytest.fixture
def sql_of():
    """``sql_of(conn, name)`` gives the CREATE statement SQLite keeps."""
    return table_sql
