"""Properties of the op value objects, checked over generated inputs:
reversing twice gives back the original, containers reverse their order,
and diff tuples list exactly the changed attributes."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from alembic.operations import ops

names = st.text(alphabet="abcdefghij_", min_size=1, max_size=8)
types = st.sampled_from([sa.Integer(), sa.String(10), sa.Boolean(), sa.Text()])
maybe_bool = st.one_of(st.none(), st.booleans())
defaults = st.one_of(st.just(False), st.none(), st.sampled_from(["0", "x", "now()"]))
comments = st.one_of(st.just(False), st.none(), names)


@st.composite
def alter_ops(draw, fully_described=False):
    """AlterColumnOp values; ``fully_described`` ones state every
    ``existing_*`` value, which a reversible alter needs."""
    known_default = st.one_of(st.none(), st.sampled_from(["0", "x", "now()"]))
    return ops.AlterColumnOp(
        draw(names),
        draw(names),
        schema=draw(st.one_of(st.none(), names)),
        existing_type=draw(types if fully_described else st.one_of(st.none(), types)),
        existing_nullable=draw(st.booleans() if fully_described else maybe_bool),
        existing_server_default=draw(known_default if fully_described else defaults),
        existing_comment=draw(st.one_of(st.none(), names)),
        modify_type=draw(st.one_of(st.none(), types)),
        modify_nullable=draw(maybe_bool),
        modify_server_default=draw(defaults),
        modify_comment=draw(comments),
        modify_name=draw(st.one_of(st.none(), names)),
    )


_FIELDS = [
    "table_name",
    "column_name",
    "schema",
    "modify_name",
    "existing_type",
    "modify_type",
    "existing_nullable",
    "modify_nullable",
    "existing_server_default",
    "modify_server_default",
    "existing_comment",
    "modify_comment",
]


def _state(op):
    return {f: getattr(op, f) for f in _FIELDS}


@settings(max_examples=200, deadline=None)
@given(alter_ops(fully_described=True))
def test_alter_column_reverse_is_an_involution(op):
    assert _state(op.reverse().reverse()) == _state(op)


@settings(max_examples=200, deadline=None)
@given(alter_ops())
def test_alter_column_diffs_match_changes(op):
    expected = []
    if op.modify_type is not None:
        expected.append("modify_type")
    if op.modify_nullable is not None:
        expected.append("modify_nullable")
    if op.modify_server_default is not False:
        expected.append("modify_default")
    if op.modify_comment is not False:
        expected.append("modify_comment")
    diffs = op.to_diff_tuple()
    assert [d[0] for d in diffs] == expected
    assert op.has_changes() == bool(expected)
    for diff in diffs:
        assert diff[1:4] == (op.schema, op.table_name, op.column_name)


def _column_op(table, column):
    return ops.AddColumnOp(table, sa.Column(column, sa.Integer))


def _index_op(table, column):
    return ops.CreateIndexOp(f"ix_{table}_{column}", table, [column])


def _table_op(table, column):
    m = sa.MetaData()
    return ops.CreateTableOp.from_table(
        sa.Table(table, m, sa.Column(column, sa.Integer))
    )


op_builders = st.sampled_from([_column_op, _index_op, _table_op])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(op_builders, names, names), max_size=8))
def test_upgrade_ops_double_reverse_keeps_diffs(specs):
    upgrade = ops.UpgradeOps(ops=[build(t, c) for build, t, c in specs])
    downgrade = upgrade.reverse()
    assert len(downgrade.ops) == len(upgrade.ops)
    kinds_up = [d[0] for d in upgrade.as_diffs()]
    kinds_down = [d[0] for d in downgrade.as_diffs()]
    flip = {
        "add_column": "remove_column",
        "add_index": "remove_index",
        "add_table": "remove_table",
    }
    assert kinds_down == [flip[k] for k in reversed(kinds_up)]
    again = downgrade.reverse()
    assert [d[0] for d in again.as_diffs()] == kinds_up
    for before, after in zip(upgrade.ops, again.ops):
        assert type(before) is type(after)
        assert getattr(before, "table_name", None) == getattr(after, "table_name", None)
