"""``autoincrement`` travels from the model column to the ``alter_column``
autogenerate produces (and so into the rendered migration).

Expected values from Alembic 1.20.1 (bench/.venv-ref, the same models on
SQLite and PostgreSQL): a bool is passed as given; "auto" becomes True on
the table's autoincrement column and is left out elsewhere.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext


def _alter_kw(url: str, m1: sa.MetaData, m2: sa.MetaData) -> list[dict]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        m1.drop_all(conn)
        m1.create_all(conn)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "target_metadata": m2})
            ops = produce_migrations(ctx, m2).upgrade_ops
            return [dict(o.kw) for t in ops.ops for o in t.ops]
    finally:
        with engine.begin() as conn:
            m1.drop_all(conn)


@pytest.mark.parametrize(
    "pk, autoincrement, expected",
    [
        (True, False, {"autoincrement": False}),
        (True, "auto", {"autoincrement": True}),
        (True, True, {"autoincrement": True}),
        (False, False, {"autoincrement": False}),
        (False, "auto", {}),
        (False, True, {"autoincrement": True}),
    ],
)
def test_type_change_carries_autoincrement(any_db_url, pk, autoincrement, expected):
    def table(m: sa.MetaData, type_: type) -> None:
        cols = [] if pk else [sa.Column("id", sa.Integer, primary_key=True)]
        sa.Table("a", m, *cols, sa.Column("x", type_, primary_key=pk, autoincrement=autoincrement))

    m1, m2 = sa.MetaData(), sa.MetaData()
    table(m1, sa.Integer)
    table(m2, sa.BigInteger)
    assert _alter_kw(any_db_url, m1, m2) == [expected]


def test_nullable_change_without_autoincrement_column(sqlite_url):
    m1, m2 = sa.MetaData(), sa.MetaData()
    sa.Table("a", m1, sa.Column("x", sa.Integer, nullable=False))
    sa.Table("a", m2, sa.Column("x", sa.Integer, nullable=True))
    assert _alter_kw(sqlite_url, m1, m2) == [{}]
