"""SQLite: a whole ``upgrade``/``downgrade`` is one transaction by default.

With ``transaction_per_migration=False`` (the default) a run on SQLite
commits once, as it does on PostgreSQL: a failure or a kill leaves the
revision the run started from and none of the run's DDL.  With
``transaction_per_migration=True`` each migration commits on its own, as
before.  Either way the version row moves with every step, so a migration
that reads ``alembic_version`` sees the step before it (as Alembic 1.20.1
does: run on the oracle, the third migration of a-b-c reads ``b``).
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _chain_failing_at_c(project, last: str = "raise RuntimeError('stop in c')"):
    project.table_rev("a")
    project.table_rev("b", "a")
    project.rev(
        "c",
        "b",
        upgrade=['op.execute("CREATE TABLE t_c (id INTEGER PRIMARY KEY)")', last],
    )


def _at_z_then_chain_failing_at_c(project, last: str) -> None:
    """The database at revision ``z``, then a-b-c on top; c ends with ``last``."""
    project.table_rev("z")
    project.upgrade("z")
    project.table_rev("a", "z")
    project.table_rev("b", "a")
    project.rev(
        "c",
        "b",
        upgrade=['op.execute("CREATE TABLE t_c (id INTEGER PRIMARY KEY)")', last],
    )


def _chain_tables(project) -> set[str]:
    return {t for t in project.tables() if t.startswith("t_")}


def _statements(project, prefix: str, action) -> int:
    seen: list[str] = []

    def before(conn, cursor, statement, *rest) -> None:
        if statement.lstrip().upper().startswith(prefix):
            seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", before)
    try:
        action()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", before)
    return len(seen)


def _upgrade_in_a_process(project) -> subprocess.CompletedProcess:
    """``alembic upgrade head`` through the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=project.root,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_failed_run_leaves_the_starting_revision(sqlite_project):
    project = sqlite_project
    _at_z_then_chain_failing_at_c(project, "raise RuntimeError('stop')")
    with pytest.raises(RuntimeError, match="stop"):
        project.upgrade("head")
    assert project.rows() == ["z"]
    assert _chain_tables(project) == {"t_z"}


def test_failed_run_from_empty_leaves_nothing(sqlite_project):
    _chain_failing_at_c(sqlite_project)
    with pytest.raises(RuntimeError, match="stop in c"):
        sqlite_project.upgrade("head")
    assert sqlite_project.rows() == []
    assert _chain_tables(sqlite_project) == set()


def test_failed_downgrade_leaves_the_starting_revision(sqlite_project):
    project = sqlite_project
    project.rev(
        "a",
        upgrade='op.execute("CREATE TABLE t_a (id INTEGER PRIMARY KEY)")',
        downgrade=['op.execute("DROP TABLE t_a")', "raise RuntimeError('stop at a')"],
    )
    project.table_rev("b", "a")
    project.table_rev("c", "b")
    project.upgrade("head")
    with pytest.raises(RuntimeError, match="stop at a"):
        project.downgrade("base")
    assert project.rows() == ["c"]
    assert _chain_tables(project) == {"t_a", "t_b", "t_c"}


def test_whole_run_begins_once(sqlite_project):
    _chain_failing_at_c(sqlite_project, last="pass")
    begins = _statements(sqlite_project, "BEGIN", lambda: sqlite_project.upgrade("head"))
    assert begins == 1
    assert sqlite_project.rows() == ["c"]


def test_transaction_per_migration_commits_each_step(sqlite_project):
    _chain_failing_at_c(sqlite_project)
    sqlite_project.configure_kw = {"transaction_per_migration": True}
    with pytest.raises(RuntimeError, match="stop in c"):
        sqlite_project.upgrade("head")
    assert sqlite_project.rows() == ["b"]
    assert _chain_tables(sqlite_project) == {"t_a", "t_b"}


def test_transactional_ddl_false_commits_each_step(sqlite_project):
    _chain_failing_at_c(sqlite_project)
    sqlite_project.configure_kw = {"transactional_ddl": False}
    with pytest.raises(RuntimeError, match="stop in c"):
        sqlite_project.upgrade("head")
    assert sqlite_project.rows() == ["b"]
    assert _chain_tables(sqlite_project) == {"t_a", "t_b"}


def test_transaction_per_migration_begins_per_step(sqlite_project):
    _chain_failing_at_c(sqlite_project, last="pass")
    sqlite_project.configure_kw = {"transaction_per_migration": True}
    begins = _statements(sqlite_project, "BEGIN", lambda: sqlite_project.upgrade("head"))
    assert begins == 3
    assert sqlite_project.rows() == ["c"]


@pytest.mark.parametrize("per_migration", [False, True], ids=["one-run", "per-step"])
def test_migration_reading_alembic_version_sees_the_previous_step(
    sqlite_project, per_migration
):
    project = sqlite_project
    project.configure_kw = {"transaction_per_migration": per_migration}
    project.rev("a")
    project.rev("b", "a")
    project.rev(
        "c",
        "b",
        upgrade=[
            "import sqlalchemy as sa",
            "conn = op.get_bind()",
            'seen = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()',
            'op.execute("CREATE TABLE seen_" + seen + " (id INTEGER)")',
        ],
    )
    project.upgrade("head")
    assert "seen_b" in project.tables()
    assert project.rows() == ["c"]


def test_killed_run_leaves_the_starting_revision(sqlite_project):
    """SIGKILL in the third migration, after its DDL: the rollback journal
    undoes the whole run when the database is next opened."""
    project = sqlite_project
    _at_z_then_chain_failing_at_c(
        project, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    )
    proc = _upgrade_in_a_process(project)
    assert proc.returncode == -9, proc.stdout + proc.stderr
    assert project.rows() == ["z"]
    assert _chain_tables(project) == {"t_z"}


def test_killed_run_per_migration_keeps_finished_steps(sqlite_project):
    project = sqlite_project
    project.configure_kw = {"transaction_per_migration": True}
    _chain_failing_at_c(
        project, last="import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    )
    env_py = project.migrations / "env.py"
    env_py.write_text(
        env_py.read_text().replace(
            'extra = dict(config.attributes.get("configure_kw", {}))',
            'extra = {"transaction_per_migration": True}',
        )
    )
    proc = _upgrade_in_a_process(project)
    assert proc.returncode == -9, proc.stdout + proc.stderr
    assert project.rows() == ["b"]
    assert _chain_tables(project) == {"t_a", "t_b"}
