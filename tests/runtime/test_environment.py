"""EnvironmentContext and the ``alembic.context`` facade."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from alembic import context
from alembic.runtime.environment import EnvironmentContext, current_environment_context
from alembic.runtime.migration import MigrationContext
from alembic.util.exc import CommandError


class FakeConfig:
    """Only what EnvironmentContext reads from a Config (no file needed)."""

    def __init__(self, x=None):
        self.cmd_opts = argparse.Namespace(x=x) if x is not None else None
        self.output_buffer = None
        self.attributes = {}


def test_facade_outside_a_context_names_the_function():
    with pytest.raises(NameError, match="'configure'"):
        context.configure()


def test_facade_forwards_to_current_and_restores_outer():
    outer_cfg, inner_cfg = FakeConfig(), FakeConfig()
    with EnvironmentContext(outer_cfg, None) as outer:
        assert context.config is outer_cfg
        with EnvironmentContext(inner_cfg, None, as_sql=True):
            assert context.config is inner_cfg
            assert context.is_offline_mode() is True
        assert context.config is outer_cfg
        assert context.is_offline_mode() is False
        assert current_environment_context() is outer
    assert current_environment_context() is None


def test_facade_is_seen_from_another_thread():
    cfg = FakeConfig()
    seen = []
    with EnvironmentContext(cfg, None):
        worker = threading.Thread(target=lambda: seen.append(context.config))
        worker.start()
        worker.join()
    assert seen == [cfg]


def test_assigned_proxy_wins_and_can_be_removed():
    class Pinned:
        config = "pinned"

    with EnvironmentContext(FakeConfig(), None):
        context._proxy = Pinned()
        try:
            assert context.config == "pinned"
        finally:
            del context._proxy
        assert isinstance(context._proxy, EnvironmentContext)


def test_context_import_does_not_import_sqlalchemy():
    code = "import sys, alembic.context; print('sqlalchemy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_get_x_argument_list_and_dictionary():
    env = EnvironmentContext(FakeConfig(x=["db=main", "flag", "k=a=b"]), None)
    assert env.get_x_argument() == ["db=main", "flag", "k=a=b"]
    assert env.get_x_argument(as_dictionary=True) == {
        "db": "main",
        "flag": "",
        "k": "a=b",
    }
    assert EnvironmentContext(FakeConfig(), None).get_x_argument() == []


def test_arguments_before_configure():
    env = EnvironmentContext(FakeConfig(), None, tag="t1")
    assert env.get_tag_argument() == "t1"
    with pytest.raises(CommandError, match=r"^No context has been configured yet\.$"):
        env.get_context()
    with pytest.raises(
        CommandError, match=r"^No starting revision argument is available\.$"
    ):
        env.get_starting_revision_argument()
    assert env.requires_connection() is True


def test_configure_offline_builds_migration_context():
    buf = io.StringIO()
    env = EnvironmentContext(FakeConfig(), None, as_sql=True)
    env.configure(
        dialect_name="postgresql", output_buffer=buf, version_table="my_version"
    )
    ctx = env.get_context()
    assert isinstance(ctx, MigrationContext)
    assert ctx.as_sql is True and ctx.version_table == "my_version"
    assert ctx.opts["version_table"] == "my_version"
    assert env.is_transactional_ddl() is True
    assert env.get_impl() is ctx.impl
    assert ctx.config is env.config
    env.execute("SELECT 1")
    env.static_output("-- hello")
    assert "SELECT 1;" in buf.getvalue() and "-- hello" in buf.getvalue()


def test_configure_keeps_unknown_keywords_and_defaults_in_opts():
    env = EnvironmentContext(FakeConfig(), None, as_sql=True)
    env.configure(dialect_name="sqlite", output_buffer=io.StringIO(), my_option=42)
    opts = env.get_context().opts
    assert opts["my_option"] == 42
    assert opts["compare_type"] is True and opts["compare_server_default"] is False
    assert (
        opts["upgrade_token"] == "upgrades" and opts["alembic_module_prefix"] == "op."
    )
    assert opts["transaction_per_migration"] is False


def test_config_output_buffer_is_the_default():
    cfg = FakeConfig()
    cfg.output_buffer = io.StringIO()
    env = EnvironmentContext(cfg, None, as_sql=True)
    env.configure(dialect_name="sqlite")
    env.execute("SELECT 2")
    assert "SELECT 2;" in cfg.output_buffer.getvalue()


def test_literal_binds_requires_as_sql(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        env = EnvironmentContext(FakeConfig(), None)
        with pytest.raises(
            CommandError, match="Can't use literal_binds setting without as_sql mode"
        ):
            env.configure(connection=conn, literal_binds=True)
    engine.dispose()


def test_migration_context_rejects_engine(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with pytest.raises(
        CommandError, match=r"'connection' argument to configure\(\) is expected"
    ):
        MigrationContext.configure(engine)
    with pytest.raises(
        Exception, match="Connection, url, or dialect_name is required."
    ):
        MigrationContext.configure()
    engine.dispose()


def test_migration_context_online_heads(any_db_url):
    engine = sa.create_engine(any_db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"version_table": "rt_heads_version"}
        )
        assert ctx.get_current_heads() == ()
        assert ctx.get_current_revision() is None
        assert ctx._has_version_table() is False
        ctx._ensure_version_table()
        assert ctx._has_version_table() is True
        conn.execute(
            ctx._version.insert(), [{"version_num": "aaa1"}, {"version_num": "bbb2"}]
        )
        assert sorted(ctx.get_current_heads()) == ["aaa1", "bbb2"]
        with pytest.raises(CommandError, match="has more than one head present"):
            ctx.get_current_revision()
        ctx._ensure_version_table(purge=True)
        assert ctx.get_current_heads() == ()
        ctx._version.drop(conn)
        conn.commit()
    engine.dispose()


def test_migration_context_logs_setup(runtime_log):
    MigrationContext.configure(
        dialect_name="sqlite", opts={"as_sql": True, "output_buffer": io.StringIO()}
    )
    assert runtime_log() == [
        "Context impl SQLiteImpl.",
        "Generating static SQL",
        "Will assume non-transactional DDL.",
    ]


def test_output_encoding_writes_bytes():
    raw = io.BytesIO()
    ctx = MigrationContext.configure(
        dialect_name="sqlite",
        opts={"as_sql": True, "output_buffer": raw, "output_encoding": "latin-1"},
    )
    ctx.execute("SELECT 'caf\u00e9'")
    assert "SELECT 'caf\u00e9';".encode("latin-1") in raw.getvalue()


def test_facade_functions_exist_before_a_context():
    assert hasattr(context, "configure") and callable(context.configure)
    assert not hasattr(context, "config")
    assert not hasattr(context, "no_such_thing")
    with pytest.raises(NameError, match="'run_migrations'"):
        context.run_migrations()
    fn = context.is_offline_mode  # looked up early, called inside a context
    with EnvironmentContext(FakeConfig(), None, as_sql=True):
        assert fn() is True


def test_configure_calls_share_one_options_dict():
    """multidb env.py files call configure() once per database.  Observed
    from Alembic 1.20.1: both contexts hold the environment's own options
    dict (a later call's ``upgrade_token`` shows in the first context's
    opts), ``version_table`` given to the first call stays, and
    ``template_args`` given to configure() are merged into the command's."""
    template_args = {"x": 1}
    env = EnvironmentContext(
        FakeConfig(), None, as_sql=True, template_args=template_args
    )
    env.configure(
        dialect_name="sqlite", output_buffer=io.StringIO(), version_table="v_one"
    )
    first = env.get_context()
    env.configure(
        dialect_name="sqlite",
        output_buffer=io.StringIO(),
        template_args={"y": 2},
        upgrade_token="u2",
    )
    second = env.get_context()
    assert first.opts is second.opts is env.context_opts
    assert first.opts["upgrade_token"] == "u2"
    assert first.version_table == second.version_table == "v_one"
    assert template_args == {"x": 1, "y": 2}


def test_documented_import_paths():
    import alembic.environment
    import alembic.migration
    from alembic.runtime import migration as rm
    from alembic.script import steps

    assert rm.RevisionStep is steps.RevisionStep and rm.StampStep is steps.StampStep
    assert (
        rm.MigrationStep is steps.MigrationStep
        and rm.MigrationInfo is steps.MigrationInfo
    )
    assert alembic.migration.MigrationContext is MigrationContext
    assert alembic.migration.HeadMaintainer is rm.HeadMaintainer
    assert alembic.environment.EnvironmentContext is EnvironmentContext
    with pytest.raises(AttributeError):
        rm.NoSuchThing  # noqa: B018


# -- issue 11 item 7: configure() in steps, tag precedence, -x types ----------


def test_second_configure_keeps_extra_keywords_and_resets_named_ones():
    """Expected values observed from Alembic 1.20.1 (an env.py that calls
    ``configure()`` twice, printing ``get_context().opts``): keywords outside
    the signature (``version_table``) and ``tag`` stay from the first call;
    named parameters (``render_as_batch``, ``transaction_per_migration``)
    take their defaults again."""
    env = EnvironmentContext(FakeConfig(), None, as_sql=True, tag=None)
    buf = io.StringIO()
    env.configure(
        dialect_name="sqlite",
        output_buffer=buf,
        version_table="vt1",
        transaction_per_migration=True,
        render_as_batch=True,
        tag="envtag",
    )
    env.configure(dialect_name="sqlite", literal_binds=True)
    opts = env.get_context().opts
    assert opts["version_table"] == "vt1"
    assert env.get_context().version_table == "vt1"
    assert opts["output_buffer"] is buf
    assert opts["tag"] == "envtag"
    assert opts["render_as_batch"] is False
    assert opts["transaction_per_migration"] is False
    assert opts["literal_binds"] is True


@pytest.mark.parametrize(
    ("cli_tag", "env_tags", "expected"),
    [
        ("clitag", ["envtag"], "envtag"),
        ("clitag", ["envtag", None], "envtag"),
        ("clitag", ["envtag", "second"], "second"),
        ("clitag", [None, None], "clitag"),
        (None, ["envtag"], "envtag"),
        (None, [None], None),
    ],
)
def test_tag_precedence(cli_tag, env_tags, expected):
    """Observed from Alembic 1.20.1 (``upgrade --tag clitag`` with env.py's
    ``configure(tag=...)``): a tag given to configure() wins over ``--tag``
    and stays for later calls that give none; ``get_tag_argument()`` and
    ``opts["tag"]`` agree."""
    env = EnvironmentContext(FakeConfig(), None, as_sql=True, tag=cli_tag)
    for tag in env_tags:
        env.configure(dialect_name="sqlite", output_buffer=io.StringIO(), tag=tag)
        assert env.get_tag_argument() == env.get_context().opts["tag"]
    assert env.get_tag_argument() == expected


@pytest.mark.parametrize(
    ("x", "as_list", "as_dict"),
    [
        (None, [], {}),
        (["a=1", "b"], ["a=1", "b"], {"a": "1", "b": ""}),
        (("a=1", "b"), ("a=1", "b"), {"a": "1", "b": ""}),
        ("a=1", "a=1", {"a": "", "": "", "1": ""}),
    ],
)
def test_get_x_argument_returns_cmd_opts_x_as_given(x, as_list, as_dict):
    """Observed from Alembic 1.20.1 (``Config(cmd_opts=Namespace(x=...))``):
    the list form is ``cmd_opts.x`` itself, whatever its type."""
    cfg = FakeConfig()
    cfg.cmd_opts = argparse.Namespace(x=x)
    env = EnvironmentContext(cfg, None)
    result = env.get_x_argument()
    assert type(result) is type(as_list) and result == as_list
    assert env.get_x_argument(as_dictionary=True) == as_dict
