"""Column order of a rebuilt table when new columns meet dropped or
reordered ones.

Each expected order was confirmed against Alembic 1.20.1 with
``tools/oracle_diff.py``-style runs (offline SQLite, ``copy_from``): the
columns are placed in layers, and a new column whose anchor (the last
original column, or its ``insert_after``) is dropped in the same batch has
no remaining predecessor, so it lands in the first layer.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa


def _source() -> sa.Table:
    return sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.Integer),
        sa.Column("c", sa.Integer),
    )


def _rebuilt_columns(make_offline, steps, **batch_kw) -> list[str]:
    ops, buf = make_offline("sqlite")
    with ops.batch_alter_table(
        "t", copy_from=_source(), recreate="always", **batch_kw
    ) as b:
        for name, args, kw in steps:
            getattr(b, name)(*args, **kw)
    body = re.search(r"CREATE TABLE _alembic_tmp_t \((.*?)\n\)", buf.getvalue(), re.S)
    assert body, buf.getvalue()
    return [n for n in re.findall(r"^\s+(\w+) ", body.group(1), re.M) if n != "PRIMARY"]


def _add(name, **kw):
    return ("add_column", (sa.Column(name, sa.Integer),), kw)


def _drop(name):
    return ("drop_column", (name,), {})


def _rename(old, new):
    return ("alter_column", (old,), {"new_column_name": new})


@pytest.mark.parametrize(
    "steps, expected",
    [
        ([_add("x")], ["id", "a", "b", "c", "x"]),
        ([_add("x"), _drop("c")], ["id", "x", "a", "b"]),
        ([_drop("c"), _add("x")], ["id", "a", "b", "x"]),
        ([_add("x"), _drop("b")], ["id", "a", "c", "x"]),
        ([_add("x"), _add("y"), _drop("c")], ["id", "x", "y", "a", "b"]),
        ([_add("x"), _drop("c"), _drop("b")], ["id", "x", "a"]),
        ([_add("x"), _rename("a", "a2"), _drop("c")], ["id", "x", "a2", "b"]),
        ([_add("x"), _rename("c", "c2")], ["id", "a", "b", "c2", "x"]),
        (
            [_add("x", insert_after="a"), _add("y"), _drop("c")],
            ["id", "y", "a", "x", "b"],
        ),
        ([_add("x", insert_before="b"), _drop("a")], ["id", "x", "b", "c"]),
        ([_add("x", insert_after="c"), _drop("c")], ["id", "x", "a", "b"]),
    ],
)
def test_new_columns_around_dropped_ones(make_offline, steps, expected):
    assert _rebuilt_columns(make_offline, steps) == expected


@pytest.mark.parametrize(
    "reordering, steps, expected",
    [
        ([("b", "a")], [_add("x")], ["id", "b", "c", "x", "a"]),
        ([("c", "a")], [], ["id", "b", "c", "a"]),
        ([("c", "id")], [], ["a", "b", "c", "id"]),
        ([("b", "a", "id")], [], ["b", "c", "a", "id"]),
    ],
)
def test_partial_reordering_layers(make_offline, reordering, steps, expected):
    assert (
        _rebuilt_columns(make_offline, steps, partial_reordering=reordering) == expected
    )
