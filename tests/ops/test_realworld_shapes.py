"""Directive shapes taken from real projects' migration histories (reduced
to a few lines each) whose behaviour differed from Alembic's or from our own
promises when those histories were replayed."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from sqlalchemy import BigInteger, Column, DateTime, Integer, String

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext


@contextlib.contextmanager
def online(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            yield Operations(MigrationContext.configure(conn)), conn
    finally:
        engine.dispose()


def test_failed_batch_block_names_the_migration_file_not_contextlib(pg_url):
    # open-webui's folder migration: a type change PostgreSQL cannot cast
    # without USING, inside ``with op.batch_alter_table(...)``.
    with online(pg_url) as (op, _conn):
        op.create_table(
            "folder_rw",
            Column("id", String(40), primary_key=True),
            Column("created_at", BigInteger, nullable=False),
        )
        with pytest.raises(sa.exc.DBAPIError) as info:
            with op.batch_alter_table("folder_rw") as batch_op:
                batch_op.alter_column(
                    "created_at", type_=DateTime(), existing_type=BigInteger()
                )
    text = str(info.value)
    assert "op.batch_alter_table('folder_rw') failed in migration file" in text
    assert f"migration file {__file__}" in text
    assert "contextlib" not in text
