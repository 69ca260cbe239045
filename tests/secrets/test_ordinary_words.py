"""Masking hides credentials, not ordinary words that equal a password.

The password here is ``postgres`` (the server trusts local connections, so
any password connects).  A revision message "grant settings to postgres" is
printed unchanged by ``history``, ``show`` and the upgrade's INFO lines,
while URLs and database error texts are still masked.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
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
print("connecting to", config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

REV = '''\
"""grant settings to postgres"""
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE settings_h12 (id INTEGER)")
    {extra}
'''


@pytest.fixture
def project(tmp_path, pg_url):
    url = sa.make_url(pg_url).set(password="postgres")
    with sa.create_engine(pg_url, poolclass=sa.pool.NullPool).begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS settings_h12")
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version_history")
    (tmp_path / "m" / "versions").mkdir(parents=True)
    text = url.render_as_string(hide_password=False).replace("%", "%%")
    (tmp_path / "alembic.ini").write_text(
        f"[alembic]\nscript_location = %(here)s/m\nsqlalchemy.url = {text}\n"
    )
    (tmp_path / "m" / "env.py").write_text(ENV_PY)
    return tmp_path


def run(root: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args], cwd=root, env=env,
        capture_output=True, text=True, timeout=120,
    )


def write_rev(root: pathlib.Path, extra: str = "pass") -> None:
    (root / "m" / "versions" / "a1_grant.py").write_text(REV.format(extra=extra))


def test_history_and_show_print_the_word_unchanged(project):
    write_rev(project)
    for args in (("history",), ("history", "-v"), ("show", "a1")):
        result = run(project, *args)
        assert result.returncode == 0, result
        assert "grant settings to postgres" in result.stdout, result.stdout
        assert "***" not in result.stdout


def test_upgrade_keeps_words_and_masks_the_url(project, pg_url):
    write_rev(project)
    result = run(project, "upgrade", "head")
    assert result.returncode == 0, result
    assert "Running upgrade  -> a1, grant settings to postgres" in result.stderr
    # the URL printed by env.py: its password is masked
    assert "connecting to postgresql+psycopg://postgres:***@" in result.stdout
    assert ":postgres@" not in result.stdout + result.stderr
    with sa.create_engine(pg_url, poolclass=sa.pool.NullPool).connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "a1"


def test_database_error_text_is_still_masked(project):
    write_rev(project, extra='op.execute("SELECT * FROM postgres")')
    result = run(project, "upgrade", "head")
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED:")]
    assert result.returncode == 1 and len(failed) == 1, result
    # the error names the relation "postgres": in an error text, it is masked
    assert 'relation "***" does not exist' in failed[0]
    assert "postgres\"" not in failed[0]
