"""Transaction policy: transactional_ddl, per-migration transactions,
autocommit blocks, external transactions, and the terminal progress line."""

from __future__ import annotations

import io
import pathlib

import pytest
import sqlalchemy as sa

from alembic.runtime.migration import MigrationContext
from alembic.runtime.options import Progress
from alembic.util import messaging
from alembic.util.exc import CommandError


def _failing_third(project):
    project.table_rev("a")
    project.table_rev("b", "a")
    project.rev(
        "c",
        "b",
        upgrade=[
            'op.execute("CREATE TABLE t_c (id INTEGER PRIMARY KEY)")',
            "raise RuntimeError('stop')",
        ],
    )


def test_sqlite_transactional_ddl_makes_the_whole_run_atomic(sqlite_project):
    _failing_third(sqlite_project)
    sqlite_project.configure_kw = {"transactional_ddl": True}
    with pytest.raises(RuntimeError, match="stop"):
        sqlite_project.upgrade("head")
    assert sqlite_project.rows() == []
    assert not any(t.startswith("t_") for t in sqlite_project.tables())


def test_postgresql_non_transactional_setting_commits_per_migration(
    make_project, pg_url
):
    project = make_project(pg_url)
    _failing_third(project)
    project.configure_kw = {"transactional_ddl": False}
    with pytest.raises(Exception, match="stop"):
        project.upgrade("head")
    assert project.rows() == ["b"]
    assert {"t_a", "t_b"} <= project.tables() and "t_c" not in project.tables()


def test_sqlite_autocommit_block_inside_atomic_migration(sqlite_project):
    """VACUUM fails inside a transaction; after the block the migration is
    transactional again (its later DDL rolls back on failure)."""
    sqlite_project.rev(
        "a",
        upgrade=[
            'op.execute("CREATE TABLE t_a (id INTEGER PRIMARY KEY)")',
            "with op.get_context().autocommit_block():",
            '    op.execute("VACUUM")',
            'op.execute("CREATE TABLE t_a2 (id INTEGER PRIMARY KEY)")',
        ],
    )
    sqlite_project.rev(
        "b",
        "a",
        upgrade=[
            "with op.get_context().autocommit_block():",
            '    op.execute("VACUUM")',
            'op.execute("CREATE TABLE t_b (id INTEGER PRIMARY KEY)")',
            "raise RuntimeError('after vacuum')",
        ],
    )
    with pytest.raises(RuntimeError, match="after vacuum"):
        sqlite_project.upgrade("head")
    assert sqlite_project.rows() == ["a"]
    tables = sqlite_project.tables()
    assert {"t_a", "t_a2"} <= tables and "t_b" not in tables


def test_context_execute_and_bind_online(any_db_url, make_project):
    project = make_project(any_db_url)
    project.rev(
        "a",
        upgrade=[
            "from alembic import context",
            'context.execute("CREATE TABLE t_exec (id INTEGER PRIMARY KEY)")',
            'op.get_bind().execute(sa.text("INSERT INTO t_exec (id) VALUES (5)"))',
            "assert context.get_bind() is op.get_bind()",
            "assert context.get_impl() is op.get_context().impl",
        ],
    )
    project.upgrade("head")
    with project.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id FROM t_exec")).scalar() == 5


def test_starting_rev_online_is_refused(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"starting_rev": "abc1"})
        with pytest.raises(CommandError, match="Can't specify current_rev to context"):
            ctx.get_current_heads()
    engine.dispose()


def test_begin_transaction_online_policy(pg_url):
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        with ctx.begin_transaction() as trans:
            assert conn.in_transaction() and trans is not None
        assert not conn.in_transaction()
        # per-migration blocks are no-ops while one transaction covers the run
        with ctx.begin_transaction(_per_migration=True) as inner:
            assert inner is None
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
        ctx = MigrationContext.configure(conn)  # handed over inside a transaction
        with ctx.begin_transaction() as outer:
            assert outer is None
        assert conn.in_transaction()
        conn.rollback()
    engine.dispose()


def test_proxy_transaction_rollback(pg_url):
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        trans = ctx.begin_transaction()
        conn.execute(sa.text("CREATE TABLE t_rolled (id INTEGER)"))
        trans.rollback()
        assert not sa.inspect(conn).has_table("t_rolled")
    engine.dispose()


class Tty(io.StringIO):
    def isatty(self):
        return True


class Step:
    def __init__(self, n):
        self.short_log = f"upgrade {n - 1} -> {n}"


def test_progress_only_for_long_runs_on_a_terminal():
    tty = Tty()
    with messaging.redirect(tty):
        short = Progress.for_run([Step(i) for i in range(3)], False, None)
        offline = Progress.for_run([Step(i) for i in range(30)], True, None)
        long = Progress.for_run([Step(i) for i in range(30)], False, None)
    for p in (short, offline):
        p.advance(Step(1))
        p.finish()
    assert tty.getvalue() == ""
    for i in range(1, 31):
        long.advance(Step(i))
    long.finish()
    out = tty.getvalue()
    assert "\r  30/30 migrations applied (upgrade 29 -> 30)" in out
    assert out.endswith("\n") and out.count("\r") == 30


def test_progress_silent_when_quiet_or_not_a_terminal():
    class Cfg:
        def __init__(self):
            self.messaging_opts = {"quiet": True}

    tty, plain = Tty(), io.StringIO()
    with messaging.redirect(tty):
        quiet = Progress.for_run([Step(i) for i in range(30)], False, Cfg())
    with messaging.redirect(plain):
        piped = Progress.for_run([Step(i) for i in range(30)], False, None)
    for p in (quiet, piped):
        p.advance(Step(1))
        p.finish()
    assert tty.getvalue() == "" and plain.getvalue() == ""


class RecordingConnection:
    """A stand-in connection as test fixtures of third-party dialects use:
    no transactions, statements collected."""

    def __init__(self):
        self.executed = []

    def execute(self, construct, *args, **kw):
        self.executed.append(str(construct))


def test_context_over_a_stand_in_connection():
    from sqlalchemy.dialects import postgresql

    conn = RecordingConnection()
    ctx = MigrationContext(postgresql.dialect(), conn, {})
    assert ctx._in_external_transaction is False
    ctx.execute("SELECT 1")
    assert conn.executed == ["SELECT 1"]


def _lock_is_free(path):
    import fcntl

    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return True


def test_run_holds_the_migration_lock_until_the_environment_exits(sqlite_project):
    db_path = sa.make_url(sqlite_project.url).database
    lock_path = db_path + ".alembic-lock"
    sqlite_project.rev(
        "a",
        upgrade=[
            "import fcntl",
            f"h = open({lock_path!r}, 'a+')",
            "try:",
            "    fcntl.flock(h.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)",
            "    raise AssertionError('lock not held during the migration')",
            "except BlockingIOError:",
            "    pass",
            "finally:",
            "    h.close()",
        ],
    )
    sqlite_project.upgrade("head")
    assert _lock_is_free(lock_path)
    assert sqlite_project.rows() == ["a"]


def test_migration_lock_can_be_turned_off(sqlite_project):
    sqlite_project.table_rev("a")
    sqlite_project.configure_kw = {"migration_lock": False}
    sqlite_project.upgrade("head")
    lock_path = pathlib.Path(sa.make_url(sqlite_project.url).database + ".alembic-lock")
    assert not lock_path.exists()
    assert sqlite_project.rows() == ["a"]
