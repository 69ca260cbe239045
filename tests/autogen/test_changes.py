"""Changing the models one kind at a time yields exactly the expected diffs
and rendered ops; applying them and the downgrade round-trips cleanly."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def kinds(script):
    out = []
    for diff in script.upgrade_ops.as_diffs():
        if isinstance(diff, list):
            out.extend(d[0] for d in diff)
        else:
            out.append(diff[0])
    return out


def base_table(md, *extra, name="t", **kw):
    return sa.Table(
        name, md, sa.Column("id", sa.Integer, primary_key=True), *extra, **kw
    )


def _parent(md):
    return sa.Table("p", md, sa.Column("id", sa.Integer, primary_key=True))


SCENARIOS = {
    "add_column": (
        lambda md: base_table(md),
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        ["add_column"],
        "sa.Column('x', sa.Integer(), nullable=True))",
    ),
    "drop_column": (
        lambda md: base_table(md, sa.Column("x", sa.String(10))),
        lambda md: base_table(md),
        ["remove_column"],
        "'x')",
    ),
    "type_length": (
        lambda md: base_table(md, sa.Column("x", sa.String(20))),
        lambda md: base_table(md, sa.Column("x", sa.String(50))),
        ["modify_type"],
        "type_=sa.String(length=50)",
    ),
    "type_affinity": (
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        lambda md: base_table(md, sa.Column("x", sa.Numeric(10, 2))),
        ["modify_type"],
        "type_=sa.Numeric(precision=10, scale=2)",
    ),
    "nullable": (
        lambda md: base_table(md, sa.Column("x", sa.Integer, nullable=True)),
        lambda md: base_table(md, sa.Column("x", sa.Integer, nullable=False)),
        ["modify_nullable"],
        "nullable=False",
    ),
    "server_default": (
        lambda md: base_table(
            md, sa.Column("x", sa.Integer, server_default=sa.text("0"))
        ),
        lambda md: base_table(
            md, sa.Column("x", sa.Integer, server_default=sa.text("5"))
        ),
        ["modify_default"],
        "server_default=sa.text('5')",
    ),
    "add_index": (
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        lambda md: base_table(md, sa.Column("x", sa.Integer, index=True)),
        ["add_index"],
        "create_index(",
    ),
    "drop_index": (
        lambda md: base_table(md, sa.Column("x", sa.Integer), sa.Index("ix_x", "x")),
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        ["remove_index"],
        "drop_index(op.f('ix_x')",
    ),
    "index_columns": (
        lambda md: base_table(
            md,
            sa.Column("x", sa.Integer),
            sa.Column("y", sa.Integer),
            sa.Index("ix_xy", "x"),
        ),
        lambda md: base_table(
            md,
            sa.Column("x", sa.Integer),
            sa.Column("y", sa.Integer),
            sa.Index("ix_xy", "x", "y"),
        ),
        ["remove_index", "add_index"],
        "['x', 'y']",
    ),
    "add_unique": (
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        lambda md: base_table(
            md, sa.Column("x", sa.Integer), sa.UniqueConstraint("x", name="uq_t_x")
        ),
        ["add_constraint"],
        "create_unique_constraint('uq_t_x'",
    ),
    "drop_unique": (
        lambda md: base_table(
            md, sa.Column("x", sa.Integer), sa.UniqueConstraint("x", name="uq_t_x")
        ),
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        ["remove_constraint"],
        "drop_constraint(op.f('uq_t_x')",
    ),
    "add_fk": (
        lambda md: (_parent(md), base_table(md, sa.Column("p_id", sa.Integer))),
        lambda md: (
            _parent(md),
            base_table(
                md,
                sa.Column("p_id", sa.Integer),
                sa.ForeignKeyConstraint(["p_id"], ["p.id"], name="fk_t_p"),
            ),
        ),
        ["add_fk"],
        "create_foreign_key('fk_t_p'",
    ),
    "drop_fk": (
        lambda md: (
            _parent(md),
            base_table(
                md,
                sa.Column("p_id", sa.Integer),
                sa.ForeignKeyConstraint(["p_id"], ["p.id"], name="fk_t_p"),
            ),
        ),
        lambda md: (_parent(md), base_table(md, sa.Column("p_id", sa.Integer))),
        ["remove_fk"],
        "drop_constraint(op.f('fk_t_p')",
    ),
    "fk_ondelete": (
        lambda md: (
            _parent(md),
            base_table(
                md,
                sa.Column("p_id", sa.Integer),
                sa.ForeignKeyConstraint(["p_id"], ["p.id"], name="fk_t_p"),
            ),
        ),
        lambda md: (
            _parent(md),
            base_table(
                md,
                sa.Column("p_id", sa.Integer),
                sa.ForeignKeyConstraint(
                    ["p_id"], ["p.id"], name="fk_t_p", ondelete="CASCADE"
                ),
            ),
        ),
        ["remove_fk", "add_fk"],
        "ondelete='CASCADE'",
    ),
    "add_check": (
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        lambda md: base_table(
            md, sa.Column("x", sa.Integer), sa.CheckConstraint("x > 0", name="ck_t_x")
        ),
        ["add_constraint"],
        "create_check_constraint('ck_t_x'",
    ),
    "drop_check": (
        lambda md: base_table(
            md, sa.Column("x", sa.Integer), sa.CheckConstraint("x > 0", name="ck_t_x")
        ),
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        ["remove_constraint"],
        "drop_constraint(op.f('ck_t_x')",
    ),
    "primary_key": (
        lambda md: sa.Table(
            "t",
            md,
            sa.Column("a", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("b", sa.Integer, nullable=False),
        ),
        lambda md: sa.Table(
            "t",
            md,
            sa.Column("a", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("b", sa.Integer, primary_key=True, autoincrement=False),
            sa.PrimaryKeyConstraint("a", "b", name="pk_t"),
        ),
        ["remove_constraint", "add_constraint"],
        "create_primary_key('pk_t'",
    ),
    "add_table": (
        lambda md: base_table(md),
        lambda md: (
            base_table(md),
            base_table(md, sa.Column("x", sa.String(5)), name="t2"),
        ),
        ["add_table"],
        "op.create_table('t2'",
    ),
    "drop_table": (
        lambda md: (
            base_table(md),
            base_table(
                md, sa.Column("x", sa.String(5)), sa.Index("ix_t2_x", "x"), name="t2"
            ),
        ),
        lambda md: base_table(md),
        ["remove_index", "remove_table"],
        "op.drop_table('t2')",
    ),
}

SCENARIOS["drop_related_tables"] = (
    lambda md: (
        base_table(md),
        _parent(md),
        base_table(md, sa.Column("p_id", sa.ForeignKey("p.id")), name="z_child"),
    ),
    lambda md: base_table(md),
    ["remove_table", "remove_table"],
    "op.drop_table('z_child')\n    op.drop_table('p')",
)

SCENARIOS["type_needs_cast"] = (
    lambda md: base_table(md, sa.Column("x", sa.String(30))),
    lambda md: base_table(md, sa.Column("x", sa.Integer)),
    ["modify_type"],
    "type_=sa.Integer()",
)

COMMENT_SCENARIOS = {
    "table_comment": (
        lambda md: base_table(md),
        lambda md: base_table(md, comment="a table"),
        ["add_table_comment"],
        "create_table_comment(",
    ),
    "column_comment": (
        lambda md: base_table(md, sa.Column("x", sa.Integer)),
        lambda md: base_table(md, sa.Column("x", sa.Integer, comment="the x")),
        ["modify_comment"],
        "comment='the x'",
    ),
}


def _md(builder):
    md = sa.MetaData()
    builder(md)
    return md


# MySQL/MariaDB: a UNIQUE constraint is a unique index, and a foreign key
# needs an index, which autogenerate creates (and drops) explicitly.
MYSQL_KINDS = {
    "drop_unique": ["remove_index"],
    "add_fk": ["add_index", "add_fk"],
    "drop_fk": ["remove_fk", "remove_index"],
}


def _run(runner, scenario, name=None):
    before, after, expected, snippet = scenario
    if runner.dialect_name == "mysql" and name in MYSQL_KINDS:
        expected = MYSQL_KINDS[name]
    runner.create(_md(before))
    script, up, down = runner.roundtrip(_md(before), _md(after))
    assert kinds(script) == expected, up
    assert snippet in up.replace("batch_op.f(", "op.f("), up
    return up, down


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_one_change(runner, name):
    if name == "primary_key" and runner.is_sqlite:
        _sqlite_unnamed_pk(runner)
        return
    if name == "drop_unique" and runner.dialect_name == "mysql":
        SCEN = SCENARIOS[name][:3] + ("drop_index(op.f('uq_t_x')",)
        _run(runner, SCEN, name)
        return
    _run(runner, SCENARIOS[name], name)


def test_postgresql_type_change_gets_using(pg_url):
    """With the opt-in ``alembic.ext.postgresql_using`` plugin (Alembic 1.20.1
    renders no cast, and the upgrade fails)."""
    from .conftest import _clean_runner

    runner = _clean_runner(pg_url, lenient=True)
    pg_runner = next(runner)
    up, down = _run(pg_runner, SCENARIOS["type_needs_cast"], "type_needs_cast")
    runner.close()
    assert "postgresql_using='x::INTEGER'" in up
    assert "postgresql_using='x::VARCHAR(30)'" in down


def _sqlite_unnamed_pk(runner):
    """SQLite's primary key has no name, so it cannot be dropped: autogenerate
    warns and leaves the change to the user instead of writing a broken op."""
    before, after = SCENARIOS["primary_key"][:2]
    runner.create(_md(before))
    with pytest.warns(UserWarning, match="primary key of t"):
        diffs = runner.diffs(_md(after))
    assert diffs == []


@pytest.mark.parametrize("name", sorted(COMMENT_SCENARIOS))
def test_comment_change(pg_runner, mysql_runner, name):
    for r in (pg_runner, mysql_runner):
        _run(r, COMMENT_SCENARIOS[name])


def test_sqlite_renders_batch_blocks(sqlite_runner):
    up, down = _run(sqlite_runner, SCENARIOS["add_column"])
    assert up.startswith(
        "# ### commands auto generated by Alembic - please adjust! ###"
    )
    assert "with op.batch_alter_table('t', schema=None) as batch_op:" in up
    assert "        batch_op.add_column(" in up
    assert "batch_op.drop_column('x')" in down


def test_postgresql_serial_default_not_rendered(pg_runner):
    _up, down = _run(pg_runner, SCENARIOS["drop_table"], "drop_table")
    assert "sa.Column('id', sa.INTEGER(), autoincrement=True, nullable=False)" in down
    assert "nextval" not in down


def test_diff_tuples_report_a_missing_default_as_false(runner):
    """As Alembic does: no server default on the column is ``False`` in the
    ``existing_server_default`` of a modify_* diff, not None."""
    before, after = SCENARIOS["type_length"][:2]
    runner.create(_md(before))
    (group,) = [d for d in runner.diffs(_md(after)) if isinstance(d, list)]
    assert [d[0] for d in group] == ["modify_type"]
    assert group[0][4]["existing_server_default"] is False


def test_added_default_downgrade_drops_it_again(runner):
    """A detected default change keeps the real (absent) existing default, so
    the rendered downgrade sets ``server_default=None``."""
    runner.create(_md(lambda md: base_table(md, sa.Column("x", sa.Integer))))
    after = _md(lambda md: base_table(md, sa.Column("x", sa.Integer, server_default="5")))
    _script, up, down = runner.roundtrip(
        _md(lambda md: base_table(md, sa.Column("x", sa.Integer))),
        after,
        compare_server_default=True,
    )
    assert "server_default='5'" in up, up
    assert "server_default=None" in down, down
