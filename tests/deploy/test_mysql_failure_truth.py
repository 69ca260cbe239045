"""What a failed or killed migration on MariaDB reports is what the database holds.

MariaDB commits each DDL statement (and, implicitly, the data statements
before it); the data statements after the last DDL are rolled back with the
migration.  Each test reads the tables back and compares with the report.
Runs go through the real CLI; the history table is on (``migration_history =
true``), except where a test says otherwise.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = """\
from sqlalchemy import engine_from_config, pool
from alembic import context

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {}),
    prefix="sqlalchemy.",
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""


class Project:
    def __init__(self, root: pathlib.Path, url: str, history: bool = True) -> None:
        self.root, self.url = root, url
        (root / "m" / "versions").mkdir(parents=True)
        extra = "migration_history = true\n" if history else ""
        (root / "alembic.ini").write_text(
            "[alembic]\nscript_location = %(here)s/m\n"
            f"sqlalchemy.url = {url.replace('%', '%%')}\n{extra}"
        )
        (root / "m" / "env.py").write_text(ENV_PY)
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with self.engine.begin() as conn:
            md = sa.MetaData()
            md.reflect(conn)
            md.drop_all(conn)

    def rev(self, rev: str, down: str | None, body: str, header: str = "") -> pathlib.Path:
        path = self.root / "m" / "versions" / f"{rev}_x.py"
        code = textwrap.indent(textwrap.dedent(body), "    ")
        path.write_text(
            f'"""{rev}"""\nimport os, time\nimport sqlalchemy as sa\n'
            f"from alembic import op\n{header}\n"
            f"revision = {rev!r}\ndown_revision = {down!r}\n\n\n"
            f"def upgrade():\n{code}\n\n\ndef downgrade():\n    pass\n"
        )
        return path

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "alembic", *args]

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **extra)
        return env

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.cmd(*args), cwd=self.root, env=self.env(**extra),
            capture_output=True, text=True, timeout=120,
        )

    def scalar_list(self, sql: str) -> list:
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(sa.text(sql))]

    def tables(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())


def failed_line(result: subprocess.CompletedProcess, status: int = 1) -> str:
    lines = [line for line in result.stdout.splitlines() if line.startswith("FAILED:")]
    assert result.returncode == status, result
    assert len(lines) == 1 and "Traceback" not in result.stderr, result
    return lines[0]


@pytest.fixture
def project(tmp_path, mysql_url) -> Project:
    return Project(tmp_path, mysql_url)


def test_rolled_back_insert_is_not_reported_as_committed(project):
    """An INSERT after the last DDL statement is rolled back: the report says so."""
    project.rev("a1", None, """
        op.execute("CREATE TABLE t (id INTEGER)")
        op.execute("INSERT INTO t VALUES (1)")
        op.execute("CREATE TABLE t2 (id INTEGER)")
        op.execute("INSERT INTO t VALUES (2)")
        op.execute("INSERT INTO no_such_table VALUES (3)")
    """)
    line = failed_line(project.run("upgrade", "head"))
    # the database: both tables, the row committed by CREATE TABLE t2 only
    assert project.scalar_list("SELECT id FROM t") == [1]
    assert {"t", "t2"} <= project.tables()
    assert project.scalar_list("SELECT version_num FROM alembic_version") == []
    committed = line.split("Already committed by this migration", 1)[1]
    committed, rolled_back = committed.split("Rolled back (not in the database)", 1)
    assert "INSERT INTO t VALUES (1)" in committed
    assert "CREATE TABLE t2" in committed and "VALUES (2)" not in committed
    assert "[1] INSERT INTO t VALUES (2)" in rolled_back
    assert "alembic stamp a1" in line


def test_python_error_after_ddl_rolls_back_the_later_insert(project):
    project.rev("a1", None, """
        op.execute("CREATE TABLE t (id INTEGER)")
        op.execute("INSERT INTO t VALUES (5)")
        raise RuntimeError("boom")
    """)
    line = failed_line(project.run("upgrade", "head"))
    assert project.scalar_list("SELECT id FROM t") == []
    assert "RuntimeError: boom" in line
    assert "(1 statement(s), not rolled back): [1] CREATE TABLE t (id INTEGER)" in line
    assert "Rolled back (not in the database) (1 statement(s)" in line


@pytest.mark.parametrize(
    "ddl, kept",
    [
        # the server commits before running a DDL statement, even one that fails ...
        ("CREATE TABLE t (id INTEGER)", [7]),
        # ... but not one its parser rejects
        ("CREATE TABLE t3 (id INTEGER, broken_)", []),
    ],
)
def test_failing_ddl_commits_earlier_data_unless_rejected_by_the_parser(project, ddl, kept):
    project.rev("a1", None, f"""
        op.execute("CREATE TABLE t (id INTEGER)")
        op.execute("INSERT INTO t VALUES (7)")
        op.execute({ddl!r})
    """)
    line = failed_line(project.run("upgrade", "head"))
    assert project.scalar_list("SELECT id FROM t") == kept
    reported = "Already committed by this migration (2 statement(s)" in line
    assert reported == bool(kept), line
    rolled_back = line.split("Rolled back (not in the database)")[1:]
    assert bool(rolled_back and "VALUES (7)" in rolled_back[0]) == (not kept), line


def test_failure_before_anything_committed_is_the_plain_error(project):
    """Nothing persisted: no 'committed' list, no advice to stamp."""
    project.rev("a1", None, """
        op.execute("INSERT INTO no_such_table VALUES (1)")
    """)
    line = failed_line(project.run("upgrade", "head"))
    assert "no_such_table" in line
    assert "stamp" not in line and "listed above" not in line
    assert project.tables() == {"alembic_version", "alembic_version_history"}


def test_a_killed_run_is_reported_until_resolved(project):
    project.rev("a1", None, """
        op.execute("INSERT INTO marks VALUES (1)")
        op.execute("CREATE TABLE t (id INTEGER)")
        time.sleep(float(os.environ.get("PAUSE", "0")))
        op.execute("CREATE TABLE u (id INTEGER)")
    """)
    with project.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE marks (id INTEGER)"))
    proc = subprocess.Popen(
        project.cmd("upgrade", "head"), cwd=project.root, env=project.env(PAUSE="60"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while "t" not in project.tables():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        time.sleep(0.5)  # the progress row is written right after the statement
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # the database: the INSERT and the first CREATE TABLE persisted
    assert project.scalar_list("SELECT id FROM marks") == [1]
    assert "t" in project.tables() and "u" not in project.tables()
    first = project.run("upgrade", "head")
    report = first.stdout + first.stderr
    assert "revision a1" in report and "was interrupted" in report
    assert "[1] INSERT INTO marks VALUES (1); [2] CREATE TABLE t (id INTEGER)" in report
    # the rerun fails on the table the killed run left; the line names what
    # this attempt committed, and says nothing is "listed above" in vain
    line = failed_line(first)
    assert "[1] INSERT INTO marks VALUES (1)" in line and "CREATE TABLE t " in line
    second = project.run("upgrade", "head")
    assert "was interrupted" in second.stdout + second.stderr
    verify = project.run("verify")
    assert verify.returncode == 255 and "a1" in verify.stdout
    # the operator finishes by hand and stamps: resolved, later runs are quiet
    with project.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE u (id INTEGER)"))
    stamped = project.run("stamp", "a1")
    assert stamped.returncode == 0, stamped
    later = project.run("upgrade", "head")
    assert later.returncode == 0, later
    assert "interrupted" not in later.stdout + later.stderr
    assert project.scalar_list("SELECT version_num FROM alembic_version") == ["a1"]


def test_without_the_history_table_the_report_says_what_cannot_be_known(tmp_path, mysql_url):
    project = Project(tmp_path, mysql_url, history=False)
    (tmp_path / "alembic.ini").write_text(
        (tmp_path / "alembic.ini").read_text() + "migration_history = false\n"
    )
    project.rev("a1", None, """
        op.execute("CREATE TABLE t (id INTEGER)")
        op.execute("INSERT INTO no_such_table VALUES (1)")
    """)
    line = failed_line(project.run("upgrade", "head"))
    assert "[1] CREATE TABLE t (id INTEGER)" in line
    assert "killed midway cannot be detected" in line
    assert project.tables() == {"alembic_version", "t"}
