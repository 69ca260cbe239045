"""Built-in comparison runs as a "schema" comparator at MEDIUM priority
(issue 10, item 3).  Expected orders observed by running PyPI's Alembic
1.20.1 (bench/.venv-ref) on the same hooks and tables."""

import pytest
import sqlalchemy as sa

from alembic.autogenerate import comparators, produce_migrations
from alembic.runtime.migration import MigrationContext
from alembic.util import DispatchPriority


@pytest.fixture
def seen():
    """Hooks registered globally for one test, removed afterwards."""
    found = []
    hooks = []

    def register(name, **kw):
        def hook(autogen_context, upgrade_ops, schemas):
            found.append((name, [type(o).__name__ for o in upgrade_ops.ops]))

        comparators.dispatch_for("schema", **kw)(hook)
        hooks.append(hook)

    yield found, register
    for hook in hooks:
        comparators.remove(hook)


def _run(plugins=None):
    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn:
        conn.exec_driver_sql("create table old (id integer primary key)")
        md = sa.MetaData()
        sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True))
        opts = {"target_metadata": md}
        if plugins is not None:
            opts["autogenerate_plugins"] = plugins
        produce_migrations(MigrationContext.configure(conn, opts=opts), md)


def test_hooks_without_priority_or_first_run_before_the_tables(seen):
    """Oracle order: first, noprio, medium, sub_tables (no table ops yet), then
    last and sub_tables_last (after the built-in table comparison)."""
    found, register = seen
    register("noprio")
    register("first", priority=DispatchPriority.FIRST)
    register("last", priority=DispatchPriority.LAST)
    register("medium", priority=DispatchPriority.MEDIUM)
    register("sub_tables", subgroup="tables")
    register("sub_tables_last", subgroup="tables", priority=DispatchPriority.LAST)
    _run()
    both = ["CreateTableOp", "DropTableOp"]
    assert found == [
        ("first", []),
        ("noprio", []),
        ("medium", []),
        ("sub_tables", []),
        ("last", both),
        ("sub_tables_last", both),
    ]


def test_run_registry_starts_with_global_hooks_then_builtins(seen):
    """Oracle: the run's dispatcher (``autogen_context.comparators`` there)
    lists the global hook first at MEDIUM, then ``schema``/``tables``."""
    from alembic.autogenerate.api import AutogenContext

    found, register = seen
    register("mine")
    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn:
        ctx = AutogenContext(MigrationContext.configure(conn, opts={"target_metadata": sa.MetaData()}))
        from alembic.autogenerate.compare import run_comparators

        entries = run_comparators(ctx)._registry[("schema", "default", DispatchPriority.MEDIUM)]
    assert [sub for _fn, sub in entries] == [None, "tables"]
    assert entries[0][0].__name__ == "hook"


def test_without_the_builtin_plugins_nothing_is_compared():
    """Oracle: ``autogenerate_plugins=[]``-like selections that leave out
    ``alembic.autogenerate.*`` generate nothing (here: only a plugin named)."""
    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn:
        conn.exec_driver_sql("create table old (id integer primary key)")
        md = sa.MetaData()
        opts = {"target_metadata": md, "autogenerate_plugins": ["alembic.ext.sequences"]}
        script = produce_migrations(MigrationContext.configure(conn, opts=opts), md)
    assert script.upgrade_ops.ops == []
