"""Tables built by the fast path must equal what ``Inspector.reflect_table`` builds.

A varied schema is created on each backend, its reflection info is read once,
and every table is built twice: by ``reflect_table`` and by ``build_table``.
The two are compared through their DDL, their indexes and each column's
reflected attributes.
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.schema import CreateIndex, CreateTable

from alembic.autogenerate.compare.table_build import build_table


def _schema(dialect_name: str) -> sa.MetaData:
    md = sa.MetaData()
    comments = dialect_name != "sqlite"
    sa.Table(
        "parent",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("amount", sa.Numeric(10, 2), server_default="1.50"),
        sa.Column("flag", sa.Boolean, server_default=sa.false()),
        sa.Column("made", sa.DateTime, server_default=sa.func.current_timestamp()),
        sa.Column("note", sa.Text, comment="a note" if comments else None),
        sa.CheckConstraint("amount >= 0", name="ck_parent_amount"),
        comment="parents" if comments else None,
    )
    sa.Table(
        "child",
        md,
        sa.Column("a", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("b", sa.String(10), primary_key=True),
        sa.Column("parent_id", sa.Integer),
        sa.Column("parent_code", sa.String(20)),
        sa.Column("total", sa.Integer, sa.Computed("a * 2")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parent.id"], name="fk_child_parent", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["parent_code"], ["parent.code"], onupdate="SET NULL"),
        sa.UniqueConstraint("parent_id", "b", name="uq_child_pb"),
        sa.Index("ix_child_code", "parent_code", "b"),
        sa.Index("ux_child_parent", "parent_id", unique=True),
    )
    sa.Table("empty_ish", md, sa.Column("only", sa.LargeBinary))
    if dialect_name == "postgresql":
        sa.Table(
            "pg_only",
            md,
            sa.Column("id", sa.BigInteger, sa.Identity(start=5), primary_key=True),
            sa.Column("tags", sa.ARRAY(sa.String)),
            sa.Column("name", sa.String(30)),
            sa.Index("ix_pg_lower", sa.func.lower(sa.column("name"))),
            sa.Index("ix_pg_partial", "name", postgresql_where=sa.text("id > 10")),
        )
    return md


def _default_text(default) -> str | None:
    if default is None:
        return None
    value = getattr(default, "arg", getattr(default, "sqltext", None))
    return f"{type(default).__name__}:{value}"


def _describe(table, dialect) -> tuple:
    columns = [
        (
            c.name,
            c.key,
            repr(c.type),
            c.nullable,
            c.primary_key,
            c.autoincrement,
            c.comment,
            _default_text(c.server_default),
            str(c.computed.sqltext) if c.computed is not None else None,
            repr(c.identity),
            sorted(c.dialect_kwargs.items()),
        )
        for c in table.columns
    ]
    indexes = sorted(
        str(CreateIndex(ix).compile(dialect=dialect)) for ix in table.indexes
    )
    constraints = sorted(
        (type(c).__name__, str(c.name), sorted(col.name for col in c.columns))
        for c in table.constraints
    )
    fks = sorted(
        (
            fk.parent.name,
            fk.target_fullname,
            str(fk.ondelete),
            str(fk.onupdate),
            str(fk.constraint.name),
        )
        for fk in table.foreign_keys
    )
    ddl = str(CreateTable(table).compile(dialect=dialect))
    return (
        columns,
        indexes,
        constraints,
        fks,
        ddl,
        table.comment,
        sorted(table.dialect_kwargs.items()),
    )


def test_fast_build_equals_reflect_table(any_db_url):
    engine = sa.create_engine(any_db_url)
    md = _schema(engine.dialect.name)
    md.create_all(engine)
    names = sorted(md.tables)
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        insp = sa.inspect(conn)
        info = insp._get_reflection_info(filter_names=names)
        slow_md, fast_md = sa.MetaData(), sa.MetaData()
        built = 0
        for name in names:
            slow = sa.Table(name, slow_md)
            insp.reflect_table(slow, None, resolve_fks=False, _reflect_info=info)
            fast = sa.Table(name, fast_md)
            built += build_table(insp, fast, info)
        for name in names:  # after all are built: foreign keys need their targets
            slow, fast = slow_md.tables[name], fast_md.tables[name]
            assert _describe(fast, engine.dialect) == _describe(slow, engine.dialect)
    md.drop_all(engine)
    engine.dispose()
    assert built == len(names)


def test_listeners_or_filled_tables_fall_back(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    _schema("sqlite").create_all(engine)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        info = insp._get_reflection_info(filter_names=["parent"])
        md = sa.MetaData()

        @event.listens_for(md, "column_reflect")
        def rename(inspector, table, column_info):
            column_info["key"] = "k_" + column_info["name"]

        assert build_table(insp, sa.Table("parent", md), info) is False
        other = sa.MetaData()
        filled = sa.Table("parent", other, sa.Column("x", sa.Integer))
        assert build_table(insp, filled, info) is False
        missing = sa.Table("nope", sa.MetaData())
        assert build_table(insp, missing, info) is False
        fresh = sa.Table("parent", sa.MetaData())
        assert build_table(insp, fresh, info) is True
        assert [c.name for c in fresh.columns][:2] == ["id", "code"]
    engine.dispose()
