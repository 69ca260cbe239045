"""The migration lock survives servers that drop idle sessions.

The lock lives on a session of its own that sits idle while the migration
runs on another connection.  Here the servers drop idle sessions after 1-2 s
(PostgreSQL ``idle_session_timeout`` / ``idle_in_transaction_session_timeout``
for the test database, MariaDB ``wait_timeout``), a migration runs a long
statement (it waits for a gate the test holds), and a second runner must
still find the lock taken.  A lock lost
anyway (its session killed) is reported, and the run whose migrations
committed still exits 0.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from alembic.runtime.locking import lock_name

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = """\
import logging
from sqlalchemy import engine_from_config, pool
from alembic import context

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

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

REV = '''\
"""slow"""
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE slow_done (id INTEGER)")
    op.execute({sleep!r})
'''

# The migration's long statement waits for a gate the test holds, so the
# test decides when it ends (no race with process start-up times).
GATE = {"postgresql": "SELECT pg_advisory_lock(424242)", "mysql": "SELECT GET_LOCK('gate_h12', 600)"}
GATE_OPEN = {"postgresql": "SELECT pg_advisory_unlock(424242)", "mysql": "SELECT RELEASE_LOCK('gate_h12')"}
EXEMPT = {"postgresql": "SET idle_session_timeout = 0", "mysql": "SET SESSION wait_timeout = 3600"}


def _project(root: pathlib.Path, url: str, dialect: str) -> pathlib.Path:
    (root / "m" / "versions").mkdir(parents=True)
    (root / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/m\nmigration_lock_timeout = 0\n"
        f"sqlalchemy.url = {url.replace('%', '%%')}\n"
    )
    (root / "m" / "env.py").write_text(ENV_PY)
    (root / "m" / "versions" / "a1_slow.py").write_text(REV.format(sleep=GATE[dialect]))
    return root


def _alembic(root: pathlib.Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(
        [sys.executable, "-m", "alembic", *args], cwd=root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


@pytest.fixture(params=["postgresql", "mysql"])
def short_idle_server(request, tmp_path):
    """(url, dialect) of a database whose server drops sessions idle for 1-2 s."""
    dialect = request.param
    url = request.getfixturevalue("pg_url" if dialect == "postgresql" else "mysql_url")
    engine = _engine(url)
    with engine.begin() as conn:
        md = sa.MetaData()
        md.reflect(conn)
        md.drop_all(conn)
    database = sa.make_url(url).database
    if dialect == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{database}" SET idle_session_timeout = 1000')
            conn.exec_driver_sql(
                f'ALTER DATABASE "{database}" SET idle_in_transaction_session_timeout = 1000'
            )
        try:
            yield url, dialect
        finally:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f'ALTER DATABASE "{database}" RESET ALL')
    else:
        with engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT @@GLOBAL.wait_timeout").scalar()
            conn.exec_driver_sql("SET GLOBAL wait_timeout = 2")
        try:
            yield url, dialect
        finally:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"SET GLOBAL wait_timeout = {int(before)}")


class Gate:
    """A lock held by the test on a session the server does not drop."""

    def __init__(self, url: str, dialect: str) -> None:
        self.dialect = dialect
        self.conn = _engine(url).connect().execution_options(isolation_level="AUTOCOMMIT")
        self.conn.exec_driver_sql(EXEMPT[dialect])
        self.conn.exec_driver_sql(GATE[dialect])

    def wait_until_blocked(self, proc: subprocess.Popen) -> None:
        """Until the migration's statement waits at the gate (the lock is held)."""
        sql = (
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_advisory_lock(424242)%%' AND state = 'active'"
            if self.dialect == "postgresql"
            else "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(''gate_h12''%%'"
        )
        deadline = time.monotonic() + 120
        while not self.conn.exec_driver_sql(sql).scalar():
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline
            time.sleep(0.05)

    def open(self) -> None:
        self.conn.exec_driver_sql(GATE_OPEN[self.dialect])
        self.conn.close()


def _kill_lock_session(url: str, dialect: str) -> None:
    database = sa.make_url(url).database
    with _engine(url).connect() as conn:
        if dialect == "postgresql":
            pids = conn.exec_driver_sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND objid <> 424242"
            ).scalars().all()
            assert len(pids) == 1
            conn.exec_driver_sql(f"SELECT pg_terminate_backend({pids[0]})")
        else:
            name = lock_name(database, None, "alembic_version")
            holder = conn.execute(sa.text("SELECT IS_USED_LOCK(:n)"), {"n": name}).scalar()
            assert holder is not None
            conn.exec_driver_sql(f"KILL {int(holder)}")


def test_lock_is_held_through_a_long_migration(short_idle_server, tmp_path):
    url, dialect = short_idle_server
    root = _project(tmp_path, url, dialect)
    gate = Gate(url, dialect)
    first = _alembic(root, "upgrade", "head")
    gate.wait_until_blocked(first)
    time.sleep(2.5)  # let the lock's session sit idle past the servers' timeouts
    second = _alembic(root, "upgrade", "head")
    second_out = second.communicate(timeout=120)[0]
    gate.open()
    first_out = first.communicate(timeout=120)[0]
    assert second.returncode == 255, second_out + "\n----\n" + first_out
    assert "Timed out after 0 s waiting for the migration lock" in second_out
    assert first.returncode == 0, first_out
    assert "was lost" not in first_out
    with _engine(url).connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == ["a1"]
        assert "slow_done" in sa.inspect(conn).get_table_names()


def test_lost_lock_is_reported_and_the_committed_run_exits_zero(short_idle_server, tmp_path):
    url, dialect = short_idle_server
    root = _project(tmp_path, url, dialect)
    gate = Gate(url, dialect)
    first = _alembic(root, "upgrade", "head")
    gate.wait_until_blocked(first)
    _kill_lock_session(url, dialect)
    gate.open()
    out = first.communicate(timeout=120)[0]
    assert first.returncode == 0, out
    assert "The migration lock" in out and "was lost before this run ended" in out
    assert "Traceback" not in out
    with _engine(url).connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == ["a1"]
