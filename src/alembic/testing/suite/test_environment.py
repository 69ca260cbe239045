"""The migration environment: transactions around migrations."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, Integer, MetaData, Table, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.testing import config

from alembic.runtime.migration import MigrationContext

from ..assertions import eq_, is_false, is_true
from ..fixtures import TestBase

__all__ = ["MigrationTransactionTest"]


class MigrationTransactionTest(TestBase):
    """``begin_transaction()`` commits what ran in it on the dialect's
    database, per run or per migration, and the version table follows."""

    __backend__ = True

    @config.fixture()
    def conn(self) -> Iterator[Connection]:
        with config.db.connect() as conn:
            yield conn
            conn.rollback()
            with conn.begin():
                Table("alembic_version", MetaData()).drop(conn, checkfirst=True)
                Table("mt_table", MetaData()).drop(conn, checkfirst=True)

    def _context(self, conn: Connection, per_migration: bool) -> MigrationContext:
        return MigrationContext.configure(
            conn, opts={"transaction_per_migration": per_migration}
        )

    def test_begin_transaction_commits(self, conn: Connection) -> None:
        context = self._context(conn, per_migration=False)
        with context.begin_transaction():
            context.impl.create_table(
                Table("mt_table", MetaData(), Column("id", Integer))
            )
        with config.db.connect() as other:
            is_true(inspect(other).has_table("mt_table"))

    def test_begin_transaction_per_migration_outer_is_not_a_transaction(
        self, conn: Connection
    ) -> None:
        context = self._context(conn, per_migration=True)
        with (
            context.begin_transaction(),
            context.begin_transaction(_per_migration=True),
        ):
            context.impl.create_table(
                Table("mt_table", MetaData(), Column("id", Integer))
            )
        with config.db.connect() as other:
            is_true(inspect(other).has_table("mt_table"))

    def test_version_table_starts_empty(self, conn: Connection) -> None:
        context = self._context(conn, per_migration=False)
        eq_(context.get_current_heads(), ())
        is_false(inspect(conn).has_table("alembic_version"))
