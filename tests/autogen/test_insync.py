"""The "table already matches its model" shortcut (``compare/insync.py``).

It may skip building a reflected table only when the full comparison of that
table would find nothing.  Each one-change scenario of ``test_changes.py`` is
set up on every database; for every table the shortcut's answer is checked
against the full comparison of the built table, and the whole result with
the shortcut on is checked against the result with it off (an
``include_object`` hook turns it off, since the hook must see the reflected
objects).
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from alembic.autogenerate import compare_metadata
from alembic.autogenerate.api import AutogenContext
from alembic.autogenerate.compare import insync, tables
from alembic.autogenerate.compare.reflect import ReflectedTables, reflect_batch
from alembic.operations import ops


def _scenarios() -> dict:
    path = pathlib.Path(__file__).with_name("test_changes.py")
    spec = importlib.util.spec_from_file_location("_changes_scenarios", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SCENARIOS


def _two(md, *extra, fk_target="id"):
    sa.Table(
        "p",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alt", sa.Integer, unique=True),
    )
    return sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.String(20)),
        sa.Column("b", sa.Numeric(10, 2)),
        sa.Column("pid", sa.Integer, sa.ForeignKey(f"p.{fk_target}", name="fk_t_p")),
        *extra,
    )


#: shapes the shortcut reads closely: each differs in one detail only
EXTRA = {
    "index_unique_flag": (
        lambda md: _two(md, sa.Index("ix_t_a", "a")),
        lambda md: _two(md, sa.Index("ix_t_a", "a", unique=True)),
    ),
    "index_renamed": (
        lambda md: _two(md, sa.Index("ix_t_a", "a")),
        lambda md: _two(md, sa.Index("ix_t_a2", "a")),
    ),
    "index_column_order": (
        lambda md: _two(md, sa.Index("ix_t_ab", "a", "b")),
        lambda md: _two(md, sa.Index("ix_t_ab", "b", "a")),
    ),
    "unique_columns": (
        lambda md: _two(md, sa.UniqueConstraint("a", name="uq_t_a")),
        lambda md: _two(md, sa.UniqueConstraint("a", "b", name="uq_t_a")),
    ),
    "unique_to_index": (
        lambda md: _two(md, sa.UniqueConstraint("a", name="uq_t_a")),
        lambda md: _two(md, sa.Index("uq_t_a", "a", unique=True)),
    ),
    "fk_target_column": (
        lambda md: _two(md),
        lambda md: _two(md, fk_target="alt"),
    ),
    "numeric_scale": (
        lambda md: _two(md),
        lambda md: _two(md).c.b.type.__setattr__("scale", 3),
    ),
    "string_to_text": (
        lambda md: _two(md),
        lambda md: _two(md).c.a.__setattr__("type", sa.Text()),
    ),
    "server_default_added": (
        lambda md: _two(md, sa.Column("d", sa.Integer)),
        lambda md: _two(md, sa.Column("d", sa.Integer, server_default="0")),
    ),
}

SCENARIOS = {**_scenarios(), **{k: v + ([], "") for k, v in EXTRA.items()}}


def _md(builder) -> sa.MetaData:
    md = sa.MetaData()
    builder(md)
    return md


def per_table(runner, md, **opts) -> dict:
    """{key: (shortcut says in sync, ops of the full comparison)}."""
    found = {}
    with runner.engine.connect() as conn:
        ctx = AutogenContext(runner.context(conn, **opts), md)
        batch = reflect_batch(ctx, None, tables._conn_names(ctx, None))
        conn_tables = ReflectedTables()
        conn_tables.add(batch)
        for key, md_table in tables._metadata_tables(ctx).items():
            if key not in conn_tables:
                continue
            fast = insync.table_in_sync(ctx, batch.info, key, md_table)
            upgrade = ops.UpgradeOps([])
            tables._changed_table(ctx, upgrade, key, conn_tables[key], md_table)
            found[key] = (fast, upgrade.ops)
    return found


def _rendered(runner, md, **opts) -> tuple[str, str]:
    """The rendered upgrade and downgrade (what a revision file would hold)."""
    _, up, down = runner.produce(md, **opts)
    return up, down


@pytest.mark.parametrize("server_default", [True, False])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_shortcut_never_hides_a_change(runner, name, server_default):
    before, after = SCENARIOS[name][0], SCENARIOS[name][1]
    runner.create(_md(before))
    opts = {"compare_server_default": server_default}
    # the scenario is a real change (guards the guard); two are not, there:
    # SQLite cannot drop an unnamed primary key (a warning instead), and on
    # MySQL a unique constraint is a unique index
    same = {("sqlite", "primary_key"), ("mysql", "unique_to_index")}
    if server_default and (runner.dialect_name, name) not in same:
        assert not runner.produce(_md(after), **opts)[0].upgrade_ops.is_empty()
    for builder in (after, before):
        for key, (fast, found) in per_table(runner, _md(builder), **opts).items():
            assert not (fast and found), (key, found)
        hooked = {"include_object": lambda *args: True}
        assert _rendered(runner, _md(builder), **opts) == _rendered(
            runner, _md(builder), **opts, **hooked
        )


def _plain_schema(md: sa.MetaData, count: int = 3) -> None:
    """The benchmark's table shape: index, named unique, FK, assorted types."""
    md.naming_convention = {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
    for i in range(count):
        ref = [sa.ForeignKey(f"t{i - 1}.id")] if i else []
        sa.Table(
            f"t{i}",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("parent_id", sa.Integer, *ref),
            sa.Column("name", sa.String(50), nullable=False),
            sa.Column("amount", sa.Numeric(10, 2)),
            sa.Column("flag", sa.Boolean),
            sa.Column("at", sa.DateTime),
            sa.Column("ratio", sa.Float),
            sa.Column("code", sa.String(40), nullable=False),
            sa.Index(None, "name"),
            sa.UniqueConstraint("code"),
        )


def test_shortcut_taken_for_plain_tables(runner):
    md = _md(_plain_schema)
    runner.create(md)
    results = per_table(runner, md)
    assert len(results) == 3
    assert all(not found for _, found in results.values())
    if runner.dialect_name in ("sqlite", "postgresql"):
        assert all(fast for fast, _ in results.values())
    else:  # MySQL: uniques are indexes and keys need indexes; full path only
        assert not any(fast for fast, _ in results.values())


def test_in_sync_tables_are_not_built(sqlite_runner):
    md = _md(_plain_schema)
    sqlite_runner.create(md)
    changed = _md(_plain_schema)
    changed.tables["t1"].append_column(sa.Column("extra", sa.Integer))
    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        ctx = AutogenContext(mc, changed)
        upgrade = ops.UpgradeOps([])
        from alembic.autogenerate.compare import _produce_net_changes

        _produce_net_changes(ctx, upgrade)
        built = set(ctx._reflected_md.tables)
    assert [d[0] for d in upgrade.as_diffs()] == ["add_column"]
    # the changed table and the table its foreign key points at, nothing else
    assert built == {"t1", "t0"}


def test_include_object_still_sees_every_reflected_table(sqlite_runner):
    md = _md(_plain_schema)
    sqlite_runner.create(md)
    seen = []

    def include_object(obj, name, type_, reflected, compare_to):
        if type_ in ("table", "column") and compare_to is not None:
            seen.append((type_, name, type(compare_to).__name__))
        return True

    assert sqlite_runner.diffs(md, include_object=include_object) == []
    tables_seen = {n for t, n, kind in seen if t == "table" and kind == "Table"}
    assert tables_seen == {"t0", "t1", "t2"}
    assert sum(1 for t, _, kind in seen if t == "column" and kind == "Column") == 24


@pytest.mark.parametrize("target", [sa.Table, sa.MetaData])
def test_column_reflect_listener_still_runs(sqlite_runner, target):
    md = _md(_plain_schema)
    sqlite_runner.create(md)
    calls = []

    def listener(inspector, table, column_info):
        calls.append((table.name, column_info["name"]))
        if column_info["name"] == "ratio":
            column_info["type"] = sa.Integer()  # the model says Float

    event.listen(target, "column_reflect", listener)
    try:
        diffs = sqlite_runner.diffs(md)
    finally:
        event.remove(target, "column_reflect", listener)
    assert len(calls) == 24
    assert sorted(d[0][0] for d in diffs) == ["modify_type"] * 3


def test_user_comparator_still_gets_reflected_tables(sqlite_runner):
    from alembic.autogenerate import comparators

    md = _md(_plain_schema)
    sqlite_runner.create(md)
    got = []

    def compare(autogen_context, modify_ops, schema, tname, conn_table, md_table):
        got.append((tname, isinstance(conn_table, sa.Table)))

    comparators.dispatch_for("table")(compare)
    try:
        with sqlite_runner.engine.connect() as conn:
            diffs = compare_metadata(sqlite_runner.context(conn), md)
    finally:
        comparators.remove(compare)
    assert diffs == []
    assert sorted(got) == [("t0", True), ("t1", True), ("t2", True)]
