"""Log lines and errors that say what really happens (issue 12, item 9).

Alembic 1.20.1's own lines are kept unless they are false; the oracle prints
"Will assume non-transactional DDL." on SQLite and, for a revision in the
database that no file defines, "Can't locate revision identified by '<rev>'"
(both observed by running ``bench/.venv-ref/bin/alembic``).
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = """\
import logging
from sqlalchemy import engine_from_config, pool
from alembic import context

logging.basicConfig(level=logging.INFO, format="%(levelname)s [%(name)s] %(message)s")
config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

REV = '''\
"""first"""
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE first_h12 (id INTEGER)")
'''


def project(root: pathlib.Path) -> pathlib.Path:
    (root / "m" / "versions").mkdir(parents=True)
    (root / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/m\n"
        "sqlalchemy.url = ${DATABASE_URL:-sqlite:///%(here)s/app.db}\n"
    )
    (root / "m" / "env.py").write_text(ENV_PY)
    (root / "m" / "versions" / "a1_first.py").write_text(REV)
    return root


def run(root: pathlib.Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    full.pop("DATABASE_URL", None)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args], cwd=root, env=full,
        capture_output=True, text=True, timeout=120,
    )


def info_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("INFO")]


def test_sqlite_run_says_transactional_and_names_the_database(tmp_path):
    root = project(tmp_path)
    result = run(root, "upgrade", "head")
    assert result.returncode == 0, result
    lines = info_lines(result)
    assert lines[0] == f"INFO [alembic.runtime.migration] Target database: sqlite:///{root}/app.db"
    assert "INFO [alembic.runtime.migration] Will assume transactional DDL." in lines
    assert "non-transactional" not in result.stderr
    with sa.create_engine(f"sqlite:///{root}/app.db").connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "a1"


def test_inherited_database_url_is_visible_and_masked(tmp_path, pg_url):
    root = project(tmp_path)
    with sa.create_engine(pg_url, poolclass=sa.pool.NullPool).begin() as conn:
        for table in ("first_h12", "alembic_version", "alembic_version_history"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    url = sa.make_url(pg_url).set(password="shell-secret-h12")  # trust auth: accepted
    result = run(root, "upgrade", "head", DATABASE_URL=url.render_as_string(hide_password=False))
    assert result.returncode == 0, result
    first = info_lines(result)[0]
    assert first == f"INFO [alembic.runtime.migration] Target database: {url.render_as_string()}"
    assert ":***@" in first and "shell-secret-h12" not in result.stdout + result.stderr
    assert "Will assume transactional DDL." in result.stderr
    assert not (root / "app.db").exists()  # the shell's database was used


def test_mysql_keeps_the_non_transactional_line(tmp_path, mysql_url):
    root = project(tmp_path)
    with sa.create_engine(mysql_url, poolclass=sa.pool.NullPool).begin() as conn:
        for table in ("first_h12", "alembic_version", "alembic_version_history"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    result = run(root, "upgrade", "head", DATABASE_URL=mysql_url)
    assert result.returncode == 0, result
    assert "INFO [alembic.runtime.migration] Will assume non-transactional DDL." in result.stderr


def test_unknown_revision_in_the_database_is_named_as_the_databases(tmp_path):
    root = project(tmp_path)
    engine = sa.create_engine(f"sqlite:///{root}/app.db")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('deadbeef0001')")
    for args in (("upgrade", "head"), ("current",), ("downgrade", "base")):
        result = run(root, *args)
        failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED:")]
        assert result.returncode == 255 and len(failed) == 1, result
        assert failed[0].startswith("FAILED: Can't locate revision identified by 'deadbeef0001'")
        assert "recorded in the database's version table" in failed[0]
        assert "alembic stamp --purge <revision>" in failed[0]
    # following the advice works
    stamped = run(root, "stamp", "--purge", "a1")
    assert stamped.returncode == 0, stamped
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "a1"
