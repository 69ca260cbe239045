"""A migration that fails midway leaves a database you can trust.

After the failure the version table must agree with the tables that exist
(reflected): every ``t_<rev>`` table belongs to a recorded revision or to
what the error says was committed.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.runtime.migration import PartialMigrationError
from alembic.util.exc import CommandError

CHAIN = ("a", "b", "c")


def failing_chain(project, fail_with="statement"):
    """a -> b -> c; c creates t_c1, inserts into t_a, creates t_c2, then fails."""
    project.table_rev("a")
    project.table_rev("b", "a")
    last = (
        'op.execute("INSERT INTO no_such_table VALUES (1)")'
        if fail_with == "statement"
        else 'raise RuntimeError("boom in c")'
    )
    return project.rev(
        "c",
        "b",
        upgrade=[
            'op.execute("CREATE TABLE t_c1 (id INTEGER PRIMARY KEY)")',
            'op.execute("INSERT INTO t_a (id) VALUES (7)")',
            'op.execute("CREATE TABLE t_c2 (id INTEGER PRIMARY KEY)")',
            last,
        ],
    )


def schema_revisions(project):
    """Revisions whose table exists in the database."""
    return {rev for rev in CHAIN if f"t_{rev}" in project.tables()}


def ancestry(rows):
    """Revisions applied according to the version table (linear chain)."""
    if not rows:
        return set()
    (head,) = rows
    return set(CHAIN[: CHAIN.index(head) + 1])


def t_a_rows(project):
    with project.engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.text("SELECT id FROM t_a"))]


@pytest.mark.parametrize("fail_with", ["statement", "python"])
def test_sqlite_failed_migration_leaves_no_trace(make_project, sqlite_url, fail_with):
    project = make_project(sqlite_url)
    # a transaction per migration: the steps before the failing one stay
    # (the whole-run default is tested in test_sqlite_run_transaction.py)
    project.configure_kw = {"transaction_per_migration": True}
    failing_chain(project, fail_with)
    with pytest.raises(Exception) as info:
        project.upgrade("head")
    assert not isinstance(info.value, PartialMigrationError)
    assert project.rows() == ["b"]
    assert {"t_c1", "t_c2"}.isdisjoint(project.tables())
    assert t_a_rows(project) == []
    assert schema_revisions(project) == ancestry(project.rows())
    # fix the migration and run again: it applies cleanly
    project.table_rev("c", "b")
    project.upgrade("head")
    assert project.rows() == ["c"]


def test_sqlite_atomic_with_external_transaction(make_project, sqlite_url):
    """env.py that opens the transaction itself, before configure()."""
    project = make_project(sqlite_url)
    project.table_rev("a")
    project.rev(
        "b",
        "a",
        upgrade=[
            'op.execute("CREATE TABLE t_b (id INTEGER PRIMARY KEY)")',
            "raise RuntimeError('x')",
        ],
    )
    env = project.migrations / "env.py"
    env.write_text(
        env.read_text().replace(
            "    with connectable.connect() as connection:\n",
            "    with connectable.begin() as connection:\n",
        )
    )
    with pytest.raises(RuntimeError):
        project.upgrade("head")
    assert "t_b" not in project.tables() and "t_a" not in project.tables()


def test_postgresql_single_transaction_rolls_back_everything(make_project, pg_url):
    project = make_project(pg_url)
    failing_chain(project)
    with pytest.raises(sa.exc.DBAPIError):
        project.upgrade("head")
    assert project.rows() == []
    assert not any(t.startswith("t_") for t in project.tables())


def test_postgresql_per_migration_keeps_completed_steps(make_project, pg_url):
    project = make_project(pg_url)
    failing_chain(project)
    project.configure_kw = {"transaction_per_migration": True}
    with pytest.raises(sa.exc.DBAPIError):
        project.upgrade("head")
    assert project.rows() == ["b"]
    assert {"t_c1", "t_c2"}.isdisjoint(project.tables())
    assert schema_revisions(project) == ancestry(project.rows())


def test_mysql_partial_failure_is_reported(make_project, mysql_url):
    project = make_project(mysql_url)
    path = failing_chain(project)
    with pytest.raises(PartialMigrationError) as info:
        project.upgrade("head")
    err = info.value
    assert isinstance(err, CommandError)
    message = str(err)
    assert "\n" not in message
    assert str(path) in message
    assert "INSERT INTO no_such_table VALUES (1)" in message
    assert "CREATE TABLE t_c1 (id INTEGER PRIMARY KEY)" in message
    assert "CREATE TABLE t_c2 (id INTEGER PRIMARY KEY)" in message
    assert "alembic stamp c" in message
    assert err.failed_statement == "INSERT INTO no_such_table VALUES (1)"
    assert err.applied_statements[0] == "CREATE TABLE t_c1 (id INTEGER PRIMARY KEY)"
    assert err.revision == "c" and err.path == str(path)
    assert isinstance(err.__cause__, sa.exc.DBAPIError)
    # the version table moved after each completed migration
    assert project.rows() == ["b"]
    assert err.version_heads == ["b"]
    # what exists = what the version table says + what the error listed
    assert schema_revisions(project) == ancestry(project.rows())
    assert {"t_c1", "t_c2"} <= project.tables()


def test_mysql_python_failure_is_reported(make_project, mysql_url):
    project = make_project(mysql_url)
    failing_chain(project, "python")
    with pytest.raises(PartialMigrationError) as info:
        project.upgrade("head")
    assert "RuntimeError: boom in c" in str(info.value)
    assert info.value.failed_statement is None
    assert len(info.value.applied_statements) == 3
    assert project.rows() == ["b"]


def test_failure_on_first_migration_keeps_version_table_consistent(project):
    project.rev(
        "a",
        upgrade=[
            'op.execute("CREATE TABLE t_a (id INTEGER PRIMARY KEY)")',
            'op.execute("SELECT * FROM no_such_table")',
        ],
    )
    with pytest.raises((sa.exc.DBAPIError, PartialMigrationError)):
        project.upgrade("head")
    assert project.rows() == []
    if project.engine.dialect.name in ("mysql", "mariadb"):
        assert "t_a" in project.tables()  # reported, committed by MariaDB
    else:
        assert "t_a" not in project.tables()


def test_mysql_failed_downgrade_names_the_stamp_target(make_project, mysql_url):
    project = make_project(mysql_url)
    project.table_rev("a")
    project.rev(
        "b",
        "a",
        upgrade=['op.execute("CREATE TABLE t_b (id INTEGER PRIMARY KEY)")'],
        downgrade=[
            'op.execute("DROP TABLE t_b")',
            'op.execute("DROP TABLE t_missing")',
        ],
    )
    project.upgrade("head")
    with pytest.raises(PartialMigrationError) as info:
        project.downgrade("base")
    message = str(info.value)
    assert "downgrade b -> a" in message
    assert "DROP TABLE t_missing" in message and "[1] DROP TABLE t_b" in message
    assert "`alembic stamp a`" in message
    assert project.rows() == ["b"]
    assert "t_b" not in project.tables() and "t_a" in project.tables()
