"""Rendering and PostgreSQL DDL fidelity with Alembic 1.20.1 (issue 10,
items 11 to 14).

Each expected text was produced by rendering (or running offline) the same
operation with PyPI's Alembic 1.20.1 (``bench/.venv-ref``, separate process)
and copying its output.
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic.autogenerate import render_python_code
from alembic.operations import Operations, ops
from alembic.runtime.migration import MigrationContext


def _render(*items) -> str:
    ctx = MigrationContext.configure(dialect_name="postgresql")
    text = render_python_code(ops.UpgradeOps(ops=list(items)), migration_context=ctx)
    lines = text.splitlines()
    return "\n".join(lines[1:-1])  # without the two comment lines


def test_alter_column_keywords_in_alembic_order():
    """Item 11: Alembic's keyword order; of ``kw`` only ``autoincrement``
    (``postgresql_using`` and unknown keywords are not rendered)."""
    op = ops.AlterColumnOp(
        "t", "c", modify_type=sa.Integer(), existing_type=sa.String(10),
        modify_nullable=False, modify_comment="x", existing_comment="y",
        existing_nullable=True, modify_server_default=sa.text("1"),
        existing_server_default=sa.text("2"), modify_name="d", schema="s",
        postgresql_using="c::integer", autoincrement=True, other_kw=5,
    )
    assert _render(op) == (
        "    op.alter_column('t', 'c',\n"
        "               existing_type=sa.String(length=10),\n"
        "               server_default=1,\n"
        "               new_column_name='d',\n"
        "               type_=sa.Integer(),\n"
        "               nullable=False,\n"
        "               comment='x',\n"
        "               existing_comment='y',\n"
        "               autoincrement=True,\n"
        "               schema='s')"
    )


def test_alter_column_existing_keywords_order_and_no_using():
    """Item 11: ``existing_nullable`` before ``existing_server_default``;
    ``postgresql_using`` given to the op is not rendered (Alembic 1.20.1)."""
    assert _render(
        ops.AlterColumnOp(
            "t", "c", modify_server_default=False, existing_server_default="x",
            existing_nullable=False,
        ),
        ops.AlterColumnOp(
            "t", "c", modify_type=sa.Integer(), existing_type=sa.String(10),
            postgresql_using="c::integer",
        ),
    ) == (
        "    op.alter_column('t', 'c',\n"
        "               existing_nullable=False,\n"
        "               existing_server_default='x')\n"
        "    op.alter_column('t', 'c',\n"
        "               existing_type=sa.String(length=10),\n"
        "               type_=sa.Integer())"
    )


def _model_table() -> sa.Table:
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("pid", sa.Integer, key="pkey", primary_key=True))
    return sa.Table(
        "c", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.Integer, sa.ForeignKey("p.pid")),
        sa.Column("n", sa.String(10), comment="", server_default=sa.FetchedValue()),
        sa.Column("g", sa.Integer, sa.Computed("id * 2", persisted=True)),
        sa.Column("h", postgresql.HSTORE(text_type=sa.Text())),
        comment="",
        postgresql_with_oids=False,
    )


def test_create_table_keeps_comment_fetched_value_and_nested_types():
    """Items 12 and 13: ``comment=''`` kept, ``sa.FetchedValue()`` and
    ``HSTORE(text_type=sa.Text())`` importable, the referenced column by
    name, dialect keywords and ``if_not_exists`` kept (Alembic 1.20.1)."""
    create = ops.CreateTableOp.from_table(_model_table())
    create.if_not_exists = True
    assert _render(create) == (
        "    op.create_table('c',\n"
        "    sa.Column('id', sa.Integer(), nullable=False),\n"
        "    sa.Column('ref', sa.Integer(), nullable=True),\n"
        "    sa.Column('n', sa.String(length=10), server_default=sa.FetchedValue(),"
        " nullable=True, comment=''),\n"
        "    sa.Column('g', sa.Integer(), sa.Computed('id * 2', persisted=True),"
        " nullable=True),\n"
        "    sa.Column('h', postgresql.HSTORE(text_type=sa.Text()), nullable=True),\n"
        "    sa.ForeignKeyConstraint(['ref'], ['p.pid'], ),\n"
        "    sa.PrimaryKeyConstraint('id'),\n"
        "    comment='',\n"
        "    postgresql_with_oids=False,\n"
        "    if_not_exists=True\n"
        "    )"
    )


def test_create_table_from_bare_columns_keeps_primary_key():
    """Item 12: a CreateTableOp built from columns renders the primary key
    its Table gets (Alembic 1.20.1)."""
    assert _render(
        ops.CreateTableOp(
            "x", [sa.Column("id", sa.Integer, primary_key=True), sa.Column("b", sa.Integer)]
        ),
        ops.CreateTableOp(
            "y",
            [
                sa.Column("id", sa.Integer),
                sa.Column("b", sa.Integer),
                sa.PrimaryKeyConstraint("id", "b", name="pk_y"),
            ],
        ),
    ) == (
        "    op.create_table('x',\n"
        "    sa.Column('id', sa.Integer(), nullable=False),\n"
        "    sa.Column('b', sa.Integer(), nullable=True),\n"
        "    sa.PrimaryKeyConstraint('id')\n"
        "    )\n"
        "    op.create_table('y',\n"
        "    sa.Column('id', sa.Integer(), nullable=False),\n"
        "    sa.Column('b', sa.Integer(), nullable=False),\n"
        "    sa.PrimaryKeyConstraint('id', 'b', name='pk_y')\n"
        "    )"
    )


def test_index_label_exclude_constraint_and_domain():
    """Items 12 and 13: an index expression keeps ``.label()``; an EXCLUDE
    constraint and a DOMAIN render with all their arguments (Alembic 1.20.1)."""
    table = _model_table()
    ix = sa.Index("ix_expr", sa.func.lower(table.c.n).label("lo"), postgresql_using="gin")
    ix._set_parent(table)
    excl = postgresql.ExcludeConstraint(
        (table.c.id, "="), (sa.func.tsrange(table.c.g, table.c.id), "&&"),
        name="excl", using="gist", where=table.c.id > 2,
    )
    table.append_constraint(excl)
    domain = postgresql.DOMAIN("posint", sa.Integer, check="VALUE > 0", not_null=True)
    assert _render(
        ops.CreateIndexOp.from_index(ix),
        ops.AddConstraintOp.from_constraint(excl),
        ops.AddColumnOp("t", sa.Column("d", domain)),
    ) == (
        "    op.create_index('ix_expr', 'c', [sa.literal_column('lower(n)').label('lo')],"
        " unique=False, postgresql_using='gin')\n"
        "    op.create_exclude_constraint('excl', 'c', (sa.column('id'), '='),"
        " (sa.text('tsrange(g, id)'), '&&'), where=sa.text('id > 2'), using='gist')\n"
        "    op.add_column('t', sa.Column('d', postgresql.DOMAIN('posint', sa.Integer(),"
        " not_null=True, check='VALUE > 0'), nullable=True))"
    )


def _offline_sql(fn) -> str:
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf}
    )
    fn(Operations(ctx))
    return buf.getvalue()


def test_postgresql_gaining_identity_and_empty_comments():
    """Item 14: gaining an identity is ``ADD GENERATED ... AS IDENTITY``;
    ``comment=''`` is ``COMMENT ON ... IS ''`` (Alembic 1.20.1's SQL)."""

    def steps(op):
        op.alter_column("t", "id", server_default=sa.Identity(), existing_type=sa.Integer())
        op.alter_column(
            "t", "id", server_default=sa.Identity(always=True, start=5, increment=2),
            existing_type=sa.Integer(),
        )
        op.alter_column("t", "c", comment="", existing_type=sa.Integer())
        op.create_table_comment("t", "")
        op.add_column("t", sa.Column("x", sa.Integer, comment=""))
        op.create_table("nt", sa.Column("x", sa.Integer, comment=""), comment="")

    assert _offline_sql(steps) == (
        "ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;\n\n"
        "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY"
        " (INCREMENT BY 2 START WITH 5);\n\n"
        "COMMENT ON COLUMN t.c IS '';\n\n"
        "COMMENT ON TABLE t IS '';\n\n"
        "ALTER TABLE t ADD COLUMN x INTEGER;\n\n"
        "COMMENT ON COLUMN t.x IS '';\n\n"
        "CREATE TABLE nt (\n    x INTEGER\n);\n\n"
        "COMMENT ON TABLE nt IS '';\n\n"
        "COMMENT ON COLUMN nt.x IS '';\n\n"
    )


def test_postgresql_identity_gained_on_server(pg_url):
    """Item 14 on a real server: the column gains the identity (the
    statement Alembic 1.20.1 emits runs)."""
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS ident_t")
            conn.exec_driver_sql("CREATE TABLE ident_t (id int NOT NULL)")
            op = Operations(MigrationContext.configure(conn))
            op.alter_column(
                "ident_t", "id", server_default=sa.Identity(), existing_type=sa.Integer()
            )
            cols = sa.inspect(conn).get_columns("ident_t")
            conn.exec_driver_sql("DROP TABLE ident_t")
    finally:
        engine.dispose()
    assert cols[0]["identity"]["always"] is False
