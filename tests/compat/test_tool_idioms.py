"""In-process checks of the calls third-party tools make into alembic.

pytest-alembic, Flask-Migrate and projects' own test suites reach for these
names directly (see ``clients-api-usage.md``); the subprocess tests exercise
them through the tools, these pin each idiom down with a precise failure.
Everything runs on real databases and the "shop" project in
``projects/shop``.
"""

from __future__ import annotations

import io
import pathlib
import shutil

import pytest
import sqlalchemy as sa

PROJECT = pathlib.Path(__file__).resolve().parent / "projects" / "shop"
HEAD = "becfd0e1f011"


@pytest.fixture
def shop(tmp_path, monkeypatch, sqlite_url) -> pathlib.Path:
    """A copy of the shop project, pointed at a fresh SQLite file, as the cwd."""
    base = tmp_path / "shop"
    shutil.copytree(PROJECT, base)
    monkeypatch.setenv("SHOP_DATABASE_URL", sqlite_url)
    monkeypatch.chdir(base)
    return base


def shop_config(stdout=None, **kw):
    """``Config`` the way pytest-alembic builds one: ini + pyproject + stdout."""
    from alembic.config import Config

    return Config(file_="alembic.ini", toml_file="pyproject.toml", stdout=stdout, **kw)


def test_standalone_operations_context(any_db_url):
    """``Operations.context(MigrationContext.configure(conn))`` outside env.py."""
    from alembic import op
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    engine = sa.create_engine(any_db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            ctx = MigrationContext.configure(conn)
            with Operations.context(ctx):
                op.create_table(
                    "standalone",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(20)),
                )
                with op.batch_alter_table("standalone") as batch_op:
                    batch_op.add_column(sa.Column("extra", sa.Integer))
                    batch_op.create_index("ix_standalone_name", ["name"])
        columns = [c["name"] for c in sa.inspect(engine).get_columns("standalone")]
        assert columns == ["id", "name", "extra"]
        indexes = sa.inspect(engine).get_indexes("standalone")
        assert [ix["name"] for ix in indexes] == ["ix_standalone_name"]
        with (
            engine.begin() as conn,
            Operations.context(MigrationContext.configure(conn)),
        ):
            op.drop_table("standalone")
        assert "standalone" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_assigning_op_proxy(sqlite_url):
    """Test suites set ``alembic.op._proxy`` themselves; it must win."""
    from alembic import op
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    engine = sa.create_engine(sqlite_url, poolclass=sa.pool.NullPool)
    missing = object()
    saved = op.__dict__.get("_proxy", missing)
    try:
        with engine.begin() as conn:
            op._proxy = Operations(MigrationContext.configure(conn))
            op.create_table("proxied", sa.Column("id", sa.Integer, primary_key=True))
            op.add_column("proxied", sa.Column("note", sa.Text))
        cols = [c["name"] for c in sa.inspect(engine).get_columns("proxied")]
        assert cols == ["id", "note"]
    finally:
        if saved is missing:
            op.__dict__.pop("_proxy", None)
        else:
            op._proxy = saved
        engine.dispose()


def test_offline_context_records_sql():
    """``MigrationContext.configure(dialect_name=..., opts={"as_sql": True})``."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf}
    )
    ops = Operations(ctx)
    ops.add_column("t", sa.Column("x", sa.Integer))
    ops.create_index("ix_t_x", "t", ["x"], postgresql_concurrently=True)
    assert buf.getvalue().split("\n\n")[:2] == [
        "ALTER TABLE t ADD COLUMN x INTEGER;",
        "CREATE INDEX CONCURRENTLY ix_t_x ON t (x);",
    ]


def test_autogenerate_api_as_pytest_alembic_uses_it(sqlite_url):
    from alembic.autogenerate import (
        compare_metadata,
        produce_migrations,
        render_python_code,
    )
    from alembic.autogenerate.api import AutogenContext
    from alembic.autogenerate.render import _render_cmd_body
    from alembic.migration import MigrationContext

    md = sa.MetaData()
    sa.Table(
        "widgets",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(40), nullable=False),
    )
    engine = sa.create_engine(sqlite_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"target_metadata": md})
            assert ctx.opts["target_metadata"] is md
            script = produce_migrations(ctx, md)
            assert not script.upgrade_ops.is_empty()
            code = render_python_code(script.upgrade_ops)
            assert "op.create_table('widgets'" in code
            assert "sa.Column('label', sa.String(length=40), nullable=False)" in code
            body = _render_cmd_body(script.upgrade_ops, AutogenContext(ctx))
            assert (
                "# ### commands auto generated by Alembic - please adjust! ###" in body
            )
            assert "op.create_table('widgets'" in body
            diffs = compare_metadata(ctx, md)
            assert [d[0] for d in diffs] == ["add_table"]
            assert diffs[0][1].name == "widgets"
    finally:
        engine.dispose()


def test_revision_map_from_a_callable():
    from alembic.script.revision import Revision, RevisionMap

    #   a -> b -> c
    #         \-> d
    revs = RevisionMap(
        lambda: [
            Revision("a", None),
            Revision("b", "a"),
            Revision("c", "b"),
            Revision("d", "b"),
        ]
    )
    assert sorted(revs.heads) == ["c", "d"]
    assert revs.bases == ("a",)
    walked = [r.revision for r in revs.iterate_revisions("heads", "base")]
    assert set(walked) == {"a", "b", "c", "d"}
    assert walked.index("b") > walked.index("c") and walked.index("b") > walked.index(
        "d"
    )
    assert walked[-1] == "a"
    assert [r.down_revision for r in revs.get_revisions("c")] == ["b"]


def test_util_names_tools_import():
    import alembic.util
    import alembic.util.exc

    assert alembic.util.CommandError is alembic.util.exc.CommandError
    frozen = alembic.util.immutabledict({"a": 1})
    assert frozen["a"] == 1
    with pytest.raises(TypeError):
        frozen["b"] = 2  # type: ignore[index]


def test_config_as_pytest_alembic_builds_it(shop):
    from alembic import command

    out = io.StringIO()
    cfg = shop_config(stdout=out)
    assert cfg.config_file_name == "alembic.ini"
    assert cfg.get_alembic_option("script_location", "migrations").endswith(
        "migrations"
    )
    assert cfg.get_main_option("app_name") == "shop"
    cfg.set_main_option("seed_data", "false")
    assert cfg.get_main_option("seed_data") == "false"
    cfg.attributes["marker"] = 1
    command.heads(cfg)
    assert out.getvalue().strip() == f"{HEAD} (head)"
    stream_at = out.tell()
    command.history(cfg, "base:head")
    history = out.getvalue()[stream_at:]
    assert history.count("\n") == 11


def test_config_output_buffer_for_sql(shop):
    from alembic import command

    buf = io.StringIO()
    cfg = shop_config(output_buffer=buf)
    command.upgrade(cfg, "1a2b3c4d5e01:2b3c4d5e6f02", sql=True)
    sql = buf.getvalue()
    assert "-- Running upgrade 1a2b3c4d5e01 -> 2b3c4d5e6f02" in sql
    assert "INSERT INTO products" in sql
    assert "CREATE TABLE alembic_version" not in sql  # not starting from base


def test_environment_context_with_fn(shop, sqlite_url):
    """pytest-alembic's executor: EnvironmentContext(fn=...) + run_env()."""
    from alembic import command
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    cfg = shop_config(stdout=io.StringIO())
    script = ScriptDirectory.from_config(cfg)

    def upgrade(rev, context):
        return script._upgrade_revs("2b3c4d5e6f02", rev)

    with EnvironmentContext(cfg, script, fn=upgrade, destination_rev="2b3c4d5e6f02"):
        script.run_env()
    seen = {}

    def look(rev, context):
        seen["rev"] = rev
        seen["target_metadata"] = context.opts["target_metadata"]
        return []

    with EnvironmentContext(cfg, script, fn=look, dont_mutate=True):
        script.run_env()
    assert tuple(seen["rev"]) == ("2b3c4d5e6f02",)
    assert seen["target_metadata"] is None

    def downgrade(rev, context):
        return script._downgrade_revs("base", rev)

    with EnvironmentContext(cfg, script, fn=downgrade, destination_rev="base"):
        script.run_env()
    engine = sa.create_engine(sqlite_url, poolclass=sa.pool.NullPool)
    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert tables - {"alembic_version_history"} == {"alembic_version"}
    finally:
        engine.dispose()
    command.stamp(cfg, "head")
    heads = [r.revision for r in script.get_revisions("heads")]
    assert heads == [HEAD]
    with EnvironmentContext(cfg, script, fn=look, dont_mutate=True):
        script.run_env()
    assert tuple(seen["rev"]) == (HEAD,)


def test_command_functions_looked_up_by_name(shop):
    """pytest-alembic calls ``getattr(alembic.command, name)(config, ...)``."""
    import alembic.command

    out = io.StringIO()
    cfg = shop_config(stdout=out)
    for name in (
        "upgrade",
        "current",
        "downgrade",
        "stamp",
        "check",
        "revision",
        "merge",
    ):
        assert callable(getattr(alembic.command, name)), name
    alembic.command.upgrade(cfg, "head")
    alembic.command.current(cfg)
    assert f"{HEAD} (head)" in out.getvalue()
    with pytest.raises(alembic.util.exc.CommandError):
        alembic.command.upgrade(cfg, "nosuchrevision")


def test_flask_migrate_url_escaping(tmp_path):
    """Flask-Migrate's env.py doubles ``%`` before ``set_main_option``/``set_section_option``."""
    from alembic.config import Config

    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = migrations\n")
    cfg = Config(str(ini))
    url = "postgresql+psycopg://app:p%25ss%40word@db.example:5432/shop"
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    assert cfg.get_main_option("sqlalchemy.url") == url
    assert cfg.get_section(cfg.config_ini_section)["sqlalchemy.url"] == url
    # the multidb template writes a section the ini does not have
    cfg.set_section_option("audit", "sqlalchemy.url", url.replace("%", "%%"))
    assert cfg.get_section_option("audit", "sqlalchemy.url") == url
    assert (
        sa.engine.make_url(cfg.get_main_option("sqlalchemy.url")).password
        == "p%ss@word"
    )


def test_duplicating_a_config_as_pytest_alembic_does(shop):
    """pytest-alembic copies a Config field by field (``attributes`` are copied in)."""
    from alembic.config import Config

    out = io.StringIO()
    original = shop_config(stdout=out, config_args={"extra": "1"})
    original.attributes["target_metadata"] = marker = object()
    copy = Config(
        original.config_file_name,
        ini_section=original.config_ini_section,
        output_buffer=original.output_buffer,
        stdout=original.stdout,
        cmd_opts=original.cmd_opts,
        config_args=original.config_args,
        attributes=original.attributes,
    )
    assert copy.attributes["target_metadata"] is marker
    copy.attributes["connection"] = (
        "the copy's own"  # as Alembic: populated, not shared
    )
    assert "connection" not in original.attributes
    assert copy.config_args["extra"] == "1"
    assert copy.stdout is out
    assert copy.get_main_option("app_name") == "shop"
    copy.print_stdout("hello %s", "there")
    assert out.getvalue() == "hello there\n"
    assert hasattr(original, "_toml_file_path")


@pytest.fixture
def accounts(tmp_path, monkeypatch) -> pathlib.Path:
    """A copy of ``projects/accounts`` as the cwd; its ``models`` module forgotten after."""
    import importlib
    import sys

    base = tmp_path / "accounts"
    shutil.copytree(PROJECT.parent / "accounts", base)
    monkeypatch.chdir(base)
    monkeypatch.setattr(sys, "path", list(sys.path))
    importlib.invalidate_caches()  # "." (prepend_sys_path) now means another directory
    yield base
    sys.modules.pop("models", None)


def test_programmatic_upgrade_in_the_callers_transaction(accounts, pg_url):
    """The cookbook recipe: share a connection through ``config.attributes``.

    Inside the caller's transaction ``begin_transaction()`` adds nothing of its
    own, so rolling the caller's transaction back undoes the whole upgrade.
    """
    from alembic import command
    from alembic.config import Config

    cfg = Config("alembic.ini", stdout=io.StringIO())
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            assert conn.in_transaction()
            inside = set(sa.inspect(conn).get_table_names())
            assert {"users", "addresses", "tags", "alembic_version"} <= inside
            trans.rollback()
        assert "users" not in sa.inspect(engine).get_table_names()

        with engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT version_num FROM alembic_version")
            ).all()
        assert rows == [("d5batch00005",)]
    finally:
        engine.dispose()
