"""The downgrade of added tables is built from the model tables directly.

The result must be what ``UpgradeOps.reverse_into`` gives: same operations,
same order, same rendered text; and a comparator that edits a created-table
operation gets the ordinary reverse of its edited operation.
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.autogenerate.compare import comparators
from alembic.migration import MigrationContext
from alembic.operations import ops
from alembic.util import DispatchPriority


def _models() -> sa.MetaData:
    md = sa.MetaData()
    parent = sa.Table(
        "parent",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
        comment="the parents",
    )
    sa.Table(
        "child",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.ForeignKey(parent.c.id)),
        sa.Column("note", sa.Text),
        sa.Index("ix_child_note", "note"),
    )
    return md


def _script(url: str, md: sa.MetaData):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"target_metadata": md})
            return produce_migrations(ctx, md)
    finally:
        engine.dispose()


def test_downgrade_matches_plain_reverse(any_db_url):
    script = _script(any_db_url, _models())
    upgrade, downgrade = script.upgrade_ops, script.downgrade_ops
    plain = upgrade.reverse()
    assert [type(op) for op in downgrade.ops] == [type(op) for op in plain.ops]
    assert render_python_code(downgrade) == render_python_code(plain)
    drops = [op for op in downgrade.ops if isinstance(op, ops.DropTableOp)]
    assert [op.table_name for op in drops] == ["child", "parent"]
    plain_drops = [op for op in plain.ops if isinstance(op, ops.DropTableOp)]
    assert drops[1].comment == plain_drops[1].comment == "the parents"
    assert [(d.schema, d.if_exists, d.table_kw) for d in drops] == [
        (d.schema, d.if_exists, d.table_kw) for d in plain_drops
    ]
    # each drop can still be reversed into the create it undoes
    recreated = drops[1].reverse()
    assert isinstance(recreated, ops.CreateTableOp)
    assert [c.name for c in recreated.columns if isinstance(c, sa.Column)] == [
        "id",
        "name",
    ]


def test_edited_create_op_is_reversed_from_the_edit(sqlite_url):
    md = sa.MetaData()
    sa.Table("plain", md, sa.Column("id", sa.Integer, primary_key=True))

    # LAST: a hook without priority runs before the built-in table comparison,
    # as in Alembic 1.18+, and would see no CreateTableOp yet
    @comparators.dispatch_for("schema", priority=DispatchPriority.LAST)
    def rename_created(autogen_context, upgrade_ops, schemas):
        for op in upgrade_ops.ops:
            if isinstance(op, ops.CreateTableOp) and op.table_name == "plain":
                op.table_name = "renamed"

    try:
        script = _script(sqlite_url, md)
    finally:
        comparators.remove(rename_created)
    drops = [op for op in script.downgrade_ops.ops if isinstance(op, ops.DropTableOp)]
    assert [op.table_name for op in drops] == ["renamed"]
