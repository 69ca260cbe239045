"""``alembic.op._proxy`` and ``alembic.context._proxy`` (issue 11 item 9).

Test fixtures and tools assign ``op._proxy`` themselves.  Unless a test's
docstring says otherwise, its expected values were observed by running the
same test under Alembic 1.20.1 (a scratch venv with PyPI's Alembic): the most recent binding wins, leaving a ``with Operations.context()``
block clears any binding, and a migration binds its own ``op`` even when a
stale ``_proxy`` is left set.
"""

from __future__ import annotations

import io
import threading

import pytest

from alembic import context, op
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.runtime.environment import EnvironmentContext


def offline_operations() -> Operations:
    ctx = MigrationContext.configure(
        dialect_name="sqlite", opts={"as_sql": True, "output_buffer": io.StringIO()}
    )
    return Operations(ctx)


def written(operations: Operations) -> str:
    return operations.migration_context.opts["output_buffer"].getvalue()


@pytest.fixture(autouse=True)
def _no_binding_left():
    yield
    op._proxy = None
    context._proxy = None


def test_assignment_binds_and_reads_back():
    stale = offline_operations()
    op._proxy = stale
    assert op._proxy is stale
    assert op.get_context() is stale.migration_context


def test_running_block_wins_over_a_stale_binding_and_clears_it():
    stale, running = offline_operations(), offline_operations()
    op._proxy = stale
    with Operations.context(running.migration_context) as bound:
        assert op._proxy is bound
        op.drop_table("t")
    assert "DROP TABLE t" in written(running)
    assert "DROP TABLE t" not in written(stale)
    assert op._proxy is None  # Alembic: None after the block


def test_assignment_inside_a_block_wins_until_the_block_ends():
    first, second = offline_operations(), offline_operations()
    with Operations.context(first.migration_context):
        op._proxy = second
        assert op.get_context() is second.migration_context
    assert op._proxy is None


def test_install_and_remove_proxy():
    a, b = offline_operations(), offline_operations()
    b._install_proxy()
    assert op._proxy is b
    a._install_proxy()
    assert op._proxy is a
    b._remove_proxy()  # Alembic clears the binding, whoever made it
    assert op._proxy is None


def test_deleting_the_binding():
    """Ours: reading ``op._proxy`` after ``del`` gives None (Alembic 1.20.1
    raises AttributeError there, having deleted its module global)."""
    stale = offline_operations()
    op._proxy = stale
    del op._proxy
    assert op._proxy is None


def test_thread_sees_the_binding_made_after_the_block_began():
    first, second = offline_operations(), offline_operations()
    seen = []
    with Operations.context(first.migration_context):
        op._proxy = second
        worker = threading.Thread(target=lambda: seen.append(op.get_context()))
        worker.start()
        worker.join()
    assert seen == [second.migration_context]


def test_upgrade_binds_its_own_op_despite_stale_proxy(tmp_path, monkeypatch):
    """A whole ``upgrade --sql`` run from Python while a stale ``_proxy`` is
    set: the migration's DDL goes to the run's output (Alembic 1.20.1 did the
    same in the equivalent script)."""
    from alembic import command
    from alembic.config import Config

    monkeypatch.chdir(tmp_path)
    buf = io.StringIO()
    cfg = Config("alembic.ini", output_buffer=buf, stdout=io.StringIO())
    command.init(cfg, str(tmp_path / "mig"))
    cfg = Config(str(tmp_path / "alembic.ini"), output_buffer=buf, stdout=io.StringIO())
    cfg.set_main_option("sqlalchemy.url", "sqlite:///x.db")
    script = command.revision(cfg, "one", rev_id="aaa111")
    text = open(script.path).read().replace(
        "    pass\n", "    op.create_table('proxied', sa.Column('id', sa.Integer))\n", 1
    )
    open(script.path, "w").write(text)
    stale = offline_operations()
    op._proxy = stale
    command.upgrade(cfg, "head", sql=True)
    assert "CREATE TABLE proxied" in buf.getvalue()
    assert written(stale) == ""
    assert op._proxy is None


def test_context_proxy_assignment_wins_until_deleted():
    """Ours: ``alembic.context`` takes bindings like ``op`` does (under
    Alembic 1.20.1 ``context.config`` keeps answering from the entered
    context)."""

    class Pinned:
        config = "pinned"

    with EnvironmentContext(object(), None) as env:
        assert context._proxy is env
        context._proxy = Pinned()
        assert context.config == "pinned"
        del context._proxy
        assert context._proxy is env
