"""include_name / include_object, render_item, process_revision_directives,
Rewriter, user comparators and renderers, several MetaData objects,
include_schemas, and the query count of batched reflection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.autogenerate import (
    AutogenContext,
    Rewriter,
    comparators,
    produce_migrations,
    render_python_code,
)
from alembic.operations import ops


def _t(md, name, *cols):
    return sa.Table(name, md, sa.Column("id", sa.Integer, primary_key=True), *cols)


def test_include_name_filters_before_reflection(sqlite_runner):
    md = sa.MetaData()
    _t(md, "keep", sa.Column("x", sa.Integer))
    _t(md, "skip_me")
    sqlite_runner.create(md)
    seen = []

    def include_name(name, type_, parent_names):
        seen.append((name, type_))
        return name != "skip_me"

    target = sa.MetaData()
    _t(target, "keep")
    diffs = sqlite_runner.diffs(target, include_name=include_name)
    assert [d[0] for d in diffs] == ["remove_column"]
    assert ("skip_me", "table") in seen


def test_include_name_never_reflects_filtered_tables(pg_runner):
    md = sa.MetaData()
    for i in range(3):
        _t(md, f"t{i}")
    pg_runner.create(md)
    statements = []

    def capture(conn, cursor, statement, params, context, executemany):
        statements.append(statement)

    sa.event.listen(pg_runner.engine, "before_cursor_execute", capture)
    try:
        pg_runner.diffs(
            md, include_name=lambda n, t, p: n != "t1" if t == "table" else True
        )
    finally:
        sa.event.remove(pg_runner.engine, "before_cursor_execute", capture)
    column_queries = [s for s in statements if "pg_attribute" in s]
    assert column_queries
    assert all("t1" not in str(s) for s in statements)


def test_include_object_sees_reflected_and_model_objects(sqlite_runner):
    md = sa.MetaData()
    _t(md, "a", sa.Column("x", sa.Integer), sa.Column("y", sa.Integer))
    sqlite_runner.create(md)
    calls = []

    def include_object(obj, name, type_, reflected, compare_to):
        calls.append((name, type_, reflected))
        return not (type_ == "column" and name == "y")

    target = sa.MetaData()
    _t(target, "a")
    diffs = sqlite_runner.diffs(target, include_object=include_object)
    assert [(d[0], d[3].name) for d in diffs] == [("remove_column", "x")]
    assert ("y", "column", True) in calls
    assert ("a", "table", False) in calls


def test_process_revision_directives_and_rewriter(sqlite_runner):
    sqlite_runner.create(sa.MetaData())
    target = sa.MetaData()
    _t(target, "a", sa.Column("x", sa.Integer, nullable=False))
    writer = Rewriter()

    @writer.rewrites(ops.CreateTableOp)
    def add_comment_col(context, revision, op):
        op.columns.append(sa.Column("note", sa.String(10)))
        return op

    seen = []

    def second(context, revision, directives):
        seen.append(len(directives))

    chained = writer.chain(second)
    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        script = produce_migrations(mc, target)
        chained(mc, ("head",), [script])
        text = render_python_code(script.upgrade_ops, migration_context=mc)
    assert "sa.Column('note', sa.String(length=10), nullable=True)" in text
    assert seen == [1]


def test_rewriter_can_split_ops(sqlite_runner):
    sqlite_runner.create(
        sa.MetaData(),
    )
    target = sa.MetaData()
    _t(target, "a")
    writer = Rewriter()

    @writer.rewrites(ops.CreateTableOp)
    def twice(context, revision, op):
        return [op, ops.ExecuteSQLOp("SELECT 1")]

    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        script = produce_migrations(mc, target)
        writer(mc, ("head",), [script])
        text = render_python_code(script.upgrade_ops, migration_context=mc)
    assert "op.execute('SELECT 1')" in text


def test_render_item_overrides_types(sqlite_runner):
    sqlite_runner.create(sa.MetaData())
    target = sa.MetaData()
    _t(target, "a", sa.Column("x", sa.String(5)))

    def render_item(type_, obj, autogen_context):
        if type_ == "type" and isinstance(obj, sa.String):
            autogen_context.imports.add("from myapp import types")
            return "types.Short()"
        return False

    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        script = produce_migrations(mc, target)
        text = render_python_code(
            script.upgrade_ops, migration_context=mc, render_item=render_item
        )
    assert "sa.Column('x', types.Short(), nullable=True)" in text
    assert "sa.Column('id', sa.Integer(), nullable=False)" in text


def test_prefixes_and_user_types(sqlite_runner):
    sqlite_runner.create(sa.MetaData())
    target = sa.MetaData()

    class Money(sa.types.TypeDecorator):
        impl = sa.Numeric
        cache_ok = True

    Money.__module__ = "myapp.types"
    _t(target, "a", sa.Column("amount", Money()))
    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        script = produce_migrations(mc, target)
        text = render_python_code(
            script.upgrade_ops,
            migration_context=mc,
            sqlalchemy_module_prefix="sqla.",
            alembic_module_prefix="ops.",
            user_module_prefix="mt.",
        )
    assert text.startswith(
        "# ### commands auto generated by Alembic - please adjust! ###\n    ops.create_table('a',"
    )
    assert "sqla.Column('amount', mt.Money(), nullable=True)" in text


def test_user_comparator_runs_per_table(sqlite_runner):
    md = sa.MetaData()
    _t(md, "a")
    sqlite_runner.create(md)
    seen = []

    @comparators.dispatch_for("table")
    def spy(autogen_context, modify_ops, schema, tname, conn_table, metadata_table):
        seen.append((tname, conn_table is not None, metadata_table is not None))
        modify_ops.ops.append(ops.CreateIndexOp("ix_spy", tname, ["id"]))

    try:
        _script, up, _ = sqlite_runner.produce(md)
    finally:
        comparators.remove(spy)
    assert seen == [("a", True, True)]
    assert "batch_op.create_index('ix_spy', ['id'], unique=False)" in up


def test_several_metadata_objects(sqlite_runner):
    one, two = sa.MetaData(), sa.MetaData()
    _t(one, "a")
    _t(two, "b")
    sqlite_runner.create(sa.MetaData())
    diffs = sqlite_runner.diffs([one, two])
    assert sorted(d[1].name for d in diffs) == ["a", "b"]
    with sqlite_runner.engine.connect() as conn:
        ctx = AutogenContext(sqlite_runner.context(conn), metadata=[one, two])
        assert set(ctx.table_key_to_table) == {"a", "b"}
        dup = sa.MetaData()
        _t(dup, "a")
        with pytest.raises(
            ValueError,
            match='Duplicate table keys across multiple MetaData objects: "a"',
        ):
            _ = AutogenContext(
                sqlite_runner.context(conn), metadata=[one, dup]
            ).table_key_to_table


def test_include_schemas(pg_runner):
    with pg_runner.engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS other CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA other")
    try:
        before = sa.MetaData()
        _t(before, "a")
        after = sa.MetaData()
        _t(after, "a")
        sa.Table(
            "b", after, sa.Column("id", sa.Integer, primary_key=True), schema="other"
        )
        pg_runner.create(before)
        # other schemas are not reflected by default, but every model table
        # is compared, so other.b counts as new (as in Alembic 1.20.1)
        diffs = pg_runner.diffs(after)
        assert [(d[0], d[1].schema, d[1].name) for d in diffs] == [
            ("add_table", "other", "b")
        ]
        _script, up, down = pg_runner.produce(after, include_schemas=True)
        assert "schema='other'" in up
        pg_runner.apply(up)
        assert pg_runner.diffs(after, include_schemas=True) == []
        pg_runner.apply(down)
    finally:
        with pg_runner.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS other CASCADE")


def _count_queries(runner, metadata):
    count = [0]

    def capture(*args):
        count[0] += 1

    sa.event.listen(runner.engine, "before_cursor_execute", capture)
    try:
        assert runner.diffs(metadata) == []
    finally:
        sa.event.remove(runner.engine, "before_cursor_execute", capture)
    return count[0]


def _wide_model(n_tables):
    md = sa.MetaData()
    for i in range(n_tables):
        sa.Table(
            f"t{i}",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(30), index=True),
            sa.Column("ref", sa.Integer, sa.ForeignKey("t0.id")),
            sa.Column("v", sa.Integer, unique=True),
        )
    return md


def test_pg_query_count_does_not_grow_with_tables(pg_runner):
    pg_runner.create(_wide_model(3))
    small = _count_queries(pg_runner, _wide_model(3))
    pg_runner.create(_wide_model(30))
    large = _count_queries(pg_runner, _wide_model(30))
    assert large <= small, (small, large)
    assert small < 25


def test_multidb_tokens_render_each_database(tmp_path):
    """Two run_autogenerate calls (one per database, as the multidb env.py
    does) fill two upgrade/downgrade pairs under their own template tokens."""
    import io

    from alembic import command
    from alembic.autogenerate import RevisionContext
    from alembic.autogenerate.render import _render_python_into_templatevars
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config(str(tmp_path / "alembic.ini"), stdout=io.StringIO())
    command.init(cfg, str(tmp_path / "migrations"))
    cfg = Config(str(tmp_path / "alembic.ini"), stdout=io.StringIO())
    script_dir = ScriptDirectory.from_config(cfg)
    rc = RevisionContext(
        cfg, script_dir, {"message": "m", "autogenerate": True, "sql": False}
    )
    for name in ("engine1", "engine2"):
        engine = sa.create_engine(f"sqlite:///{tmp_path / name}.db")
        target = sa.MetaData()
        _t(target, f"{name}_table")
        with engine.connect() as conn:
            mc = MigrationContext.configure(
                conn,
                opts={
                    "target_metadata": target,
                    "upgrade_token": f"{name}_upgrades",
                    "downgrade_token": f"{name}_downgrades",
                },
            )
            rc.run_autogenerate((), mc)
        engine.dispose()
    script = rc.generated_revisions[0]
    assert [u.upgrade_token for u in script.upgrade_ops_list] == [
        "engine1_upgrades",
        "engine2_upgrades",
    ]
    args: dict = {}
    _render_python_into_templatevars(rc._last_autogen_context, script, args)
    assert "op.create_table('engine1_table'" in args["engine1_upgrades"]
    assert "op.create_table('engine2_table'" in args["engine2_upgrades"]
    assert "op.drop_table('engine2_table')" in args["engine2_downgrades"]


def test_render_cmd_body_and_op_text(sqlite_runner):
    from alembic.autogenerate import render_op_text
    from alembic.autogenerate.render import _render_cmd_body

    sqlite_runner.create(sa.MetaData())
    target = sa.MetaData()
    _t(target, "a")
    with sqlite_runner.engine.connect() as conn:
        mc = sqlite_runner.context(conn)
        script = produce_migrations(mc, target)
        ctx = AutogenContext(mc, metadata=target)
        body = _render_cmd_body(script.upgrade_ops, ctx)
        one = render_op_text(ctx, script.upgrade_ops.ops[0])
        empty = _render_cmd_body(ops.UpgradeOps([]), ctx)
    assert (
        body.splitlines()[0]
        == "# ### commands auto generated by Alembic - please adjust! ###"
    )
    assert body.splitlines()[-1] == "# ### end Alembic commands ###"
    assert "\nop.create_table('a'," in body
    assert one.startswith(
        "op.create_table('a',\nsa.Column('id', sa.Integer(), nullable=False)"
    )
    assert empty.splitlines()[1] == "pass"


def test_compare_type_and_server_default_callables(sqlite_runner):
    md = sa.MetaData()
    _t(md, "a", sa.Column("x", sa.String(10), server_default="a"))
    sqlite_runner.create(md)
    target = sa.MetaData()
    _t(target, "a", sa.Column("x", sa.String(20), server_default="b"))
    seen = {}

    def compare_type(context, insp_col, md_col, insp_type, md_type):
        if insp_col.name == "x":
            seen["type"] = (insp_col.name, type(insp_type).__name__, md_type.length)
        return False  # "same": suppress the length change

    def compare_default(
        context, insp_col, md_col, insp_default, md_default, rendered_md
    ):
        seen["default"] = (insp_default, rendered_md)
        # returning None falls back to the built-in comparison

    diffs = sqlite_runner.diffs(
        target, compare_type=compare_type, compare_server_default=compare_default
    )
    assert [d[0] for d in diffs[0]] == ["modify_default"]
    assert seen["type"] == ("x", "VARCHAR", 20)
    assert seen["default"] == ("'a'", "'b'")
    diffs = sqlite_runner.diffs(
        target, compare_type=lambda *a: None, compare_server_default=False
    )
    assert [d[0] for d in diffs[0]] == ["modify_type"]


def test_autogenerate_plugins_select_builtin_steps(pg_runner):
    md = sa.MetaData()
    _t(md, "a", sa.Column("x", sa.String(10)))
    pg_runner.create(md)
    target = sa.MetaData()
    _t(target, "a", sa.Column("x", sa.String(20), comment="new"))
    all_steps = pg_runner.diffs(target)
    assert sorted(d[0] for d in all_steps[0]) == ["modify_comment", "modify_type"]
    no_comments = pg_runner.diffs(
        target,
        autogenerate_plugins=[
            "alembic.autogenerate.*",
            "~alembic.autogenerate.comments",
        ],
    )
    assert [d[0] for d in no_comments[0]] == ["modify_type"]


def test_plugin_comparators_run(sqlite_runner):
    from alembic.runtime.plugins import Plugin

    md = sa.MetaData()
    _t(md, "a")
    sqlite_runner.create(md)
    seen = []
    plugin = Plugin("myproject.spy")
    plugin.add_autogenerate_comparator(
        lambda ctx, upgrade_ops, schemas: seen.append(sorted(schemas, key=str)),
        "schema",
    )
    sqlite_runner.diffs(
        md, autogenerate_plugins=["alembic.autogenerate.*", "myproject.spy"]
    )
    assert seen == [[None]]
    seen.clear()
    sqlite_runner.diffs(md, autogenerate_plugins=["alembic.autogenerate.*"])
    assert seen == []
    with pytest.raises(Exception, match="Did not locate plugins: nope.missing"):
        sqlite_runner.diffs(md, autogenerate_plugins=["nope.missing"])


def test_offline_context_cannot_autogenerate():
    import io

    from alembic.runtime.migration import MigrationContext
    from alembic.util.exc import CommandError

    mc = MigrationContext.configure(
        dialect_name="sqlite", opts={"as_sql": True, "output_buffer": io.StringIO()}
    )
    with pytest.raises(CommandError, match="autogenerate can't use as_sql=True"):
        produce_migrations(mc, sa.MetaData())


def test_render_without_a_context_uses_a_default_dialect():
    md = sa.MetaData()
    table = _t(md, "a", sa.Column("x", sa.Enum("p", "q", name="pq")))
    text = render_python_code(ops.UpgradeOps([ops.CreateTableOp.from_table(table)]))
    assert "sa.Column('x', sa.Enum('p', 'q', name='pq'), nullable=True)" in text
    assert text.endswith("# ### end Alembic commands ###")


def test_include_object_filters_indexes_and_foreign_keys(runner):
    md = sa.MetaData()
    _t(md, "p")
    _t(
        md,
        "c",
        sa.Column("p_id", sa.Integer),
        sa.Index("ix_legacy", "p_id"),
        sa.ForeignKeyConstraint(["p_id"], ["p.id"], name="fk_legacy"),
    )
    runner.create(md)
    target = sa.MetaData()
    _t(target, "p")
    _t(target, "c", sa.Column("p_id", sa.Integer))
    unfiltered = [d[0] for d in runner.diffs(target)]
    assert "remove_fk" in unfiltered and "remove_index" in unfiltered

    def include_object(obj, name, type_, reflected, compare_to):
        return not (reflected and name in ("ix_legacy", "fk_legacy"))

    assert runner.diffs(target, include_object=include_object) == []
