"""PostgreSQL ENUM columns in a project without ``alembic.ext`` plugins are
rendered as Alembic 1.20.1 renders them (``sa.Enum(...)`` stays
``sa.Enum``, ``postgresql.ENUM`` keeps only the ``create_type`` it was
given).  Expected values: PyPI Alembic 1.20.1's ``alembic revision
--autogenerate`` (run as a separate process) on the same PostgreSQL tables
and model."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def _op_lines(body: str) -> list[str]:
    return [
        line.strip() for line in body.splitlines() if line.strip()[:1] not in ("", "#")
    ]


def test_new_enum_columns_render_as_alembic(pg_runner):
    pg_runner.reset()
    with pg_runner.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    md = sa.MetaData()
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("e", sa.Enum("a", "b", name="myenum")),
        sa.Column("f", postgresql.ENUM("x", "y", name="penum")),
        sa.Column("g", postgresql.ENUM("x", "y", name="penum2", create_type=False)),
        sa.Column("h", postgresql.ARRAY(sa.Enum("u", "v", name="aenum"))),
    )
    sa.Table(
        "t2",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("e", sa.Enum("a", "b", name="myenum3")),
    )
    _script, up, _down = pg_runner.produce(md)
    assert _op_lines(up) == [
        "op.create_table('t2',",
        "sa.Column('id', sa.Integer(), nullable=False),",
        "sa.Column('e', sa.Enum('a', 'b', name='myenum3'), nullable=True),",
        "sa.PrimaryKeyConstraint('id')",
        ")",
        "op.add_column('t', sa.Column('e', sa.Enum('a', 'b', name='myenum'), nullable=True))",
        (
            "op.add_column('t', sa.Column('f', postgresql.ENUM('x', 'y', name='penum'), "
            "nullable=True))"
        ),
        (
            "op.add_column('t', sa.Column('g', postgresql.ENUM('x', 'y', name='penum2', "
            "create_type=False), nullable=True))"
        ),
        (
            "op.add_column('t', sa.Column('h', postgresql.ARRAY(sa.Enum('u', 'v', "
            "name='aenum')), nullable=True))"
        ),
    ]


def test_type_changes_to_and_from_an_existing_enum_render_as_alembic(pg_runner):
    pg_runner.reset()
    with pg_runner.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TYPE other AS ENUM ('x', 'y')")
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, o other, s VARCHAR(5))"
        )
    md = sa.MetaData()
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("o", sa.String(5)),
        sa.Column("s", postgresql.ENUM("x", "y", name="other", create_type=False)),
    )
    _script, up, down = pg_runner.produce(md)
    assert _op_lines(up) == [
        "op.alter_column('t', 'o',",
        "existing_type=postgresql.ENUM('x', 'y', name='other'),",
        "type_=sa.String(length=5),",
        "existing_nullable=True)",
        "op.alter_column('t', 's',",
        "existing_type=sa.VARCHAR(length=5),",
        "type_=postgresql.ENUM('x', 'y', name='other', create_type=False),",
        "existing_nullable=True)",
    ]
    assert _op_lines(down) == [
        "op.alter_column('t', 's',",
        "existing_type=postgresql.ENUM('x', 'y', name='other', create_type=False),",
        "type_=sa.VARCHAR(length=5),",
        "existing_nullable=True)",
        "op.alter_column('t', 'o',",
        "existing_type=sa.String(length=5),",
        "type_=postgresql.ENUM('x', 'y', name='other'),",
        "existing_nullable=True)",
    ]
