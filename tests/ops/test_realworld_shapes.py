"""Directive shapes taken from real projects' migration histories (reduced
to a few lines each) whose behaviour differed from Alembic's or from our own
promises when those histories were replayed."""

from __future__ import annotations

import contextlib
import os

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
        with (
            pytest.raises(sa.exc.DBAPIError) as info,
            op.batch_alter_table("folder_rw") as batch_op,
        ):
            batch_op.alter_column(
                "created_at", type_=DateTime(), existing_type=BigInteger()
            )
    text = str(info.value)
    assert "op.batch_alter_table('folder_rw') failed in migration file" in text
    assert f"migration file {__file__}" in text
    assert "contextlib" not in text


ALL_DIALECTS = ["postgresql", "mysql", "sqlite", "mssql", "oracle"]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_offline_execute_of_update_and_delete_qualifies_columns(offline, dialect):
    # a data migration over a lightweight table(), as Alembic renders it
    # with literal_binds: the WHERE clause names table.column
    acct = sa.table("acct", sa.column("id", Integer), sa.column("name", String))
    off = offline(dialect, literal_binds=True)
    off.op.execute(
        acct.update()
        .where(acct.c.name == off.op.inline_literal("x"))
        .values({"name": off.op.inline_literal("y")})
    )
    off.op.execute(acct.delete().where(acct.c.id == 3))
    assert off.statements() == [
        "UPDATE acct SET name='y' WHERE acct.name = 'x'",
        "DELETE FROM acct WHERE acct.id = 3",
    ]


def _batch_table():
    return sa.Table(
        "bt",
        sa.MetaData(),
        Column("id", Integer, primary_key=True),
        Column("x", String(10)),
        Column("p", Integer),
        sa.UniqueConstraint("x", name="uq_bt_x"),
        sa.CheckConstraint("p > 0", name="ck_bt_p"),
        sa.ForeignKeyConstraint(["p"], ["o.id"], name="fk_bt_p"),
    )


def _drops(statements):
    return sorted(s for s in statements if "DROP CONSTRAINT" in s)


def test_pg_batch_recreate_drops_only_the_constraints_it_keeps(offline):
    # PostgreSQL constraint names are per schema, so a rebuilt table first
    # frees the names it reuses; one the batch itself dropped is left to go
    # away with the old table.
    off = offline("postgresql")
    with off.op.batch_alter_table(
        "bt", copy_from=_batch_table(), recreate="always"
    ) as b:
        b.drop_constraint("uq_bt_x", type_="unique")
        b.drop_constraint("fk_bt_p", type_="foreignkey")
    statements = off.statements()
    assert _drops(statements) == ["ALTER TABLE bt DROP CONSTRAINT ck_bt_p"]
    create = next(s for s in statements if s.startswith("CREATE TABLE _alembic_tmp_bt"))
    assert "uq_bt_x" not in create and "fk_bt_p" not in create
    assert "CONSTRAINT ck_bt_p CHECK (p > 0)" in create


def test_pg_batch_recreate_frees_every_kept_constraint_name(offline):
    off = offline("postgresql")
    with off.op.batch_alter_table(
        "bt", copy_from=_batch_table(), recreate="always"
    ) as b:
        b.add_column(Column("y", Integer))
    assert _drops(off.statements()) == [
        "ALTER TABLE bt DROP CONSTRAINT ck_bt_p",
        "ALTER TABLE bt DROP CONSTRAINT fk_bt_p",
        "ALTER TABLE bt DROP CONSTRAINT uq_bt_x",
    ]


def test_migration_file_under_site_packages_is_still_named():
    # projects such as MLflow ship their migrations inside the installed
    # package; with some interpreters site-packages sits inside the
    # standard library's directory, which must not hide those files
    from alembic.operations.base import _is_machinery, _stdlib_dir

    stdlib = _stdlib_dir()
    shipped = stdlib + os.path.join("site-packages", "mlflow", "db_migrations", "x.py")
    assert not _is_machinery(shipped, stdlib)
    assert _is_machinery(stdlib + "contextlib.py", stdlib)
    assert not _is_machinery(os.path.abspath(__file__), stdlib)
