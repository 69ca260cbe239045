"""Statements that cannot run inside a transaction name the way out.

Inside the migration's transaction, SQLite refuses ``VACUUM`` and PostgreSQL
refuses ``CREATE INDEX CONCURRENTLY`` (and, since 12, using an enum value
added by ``ALTER TYPE ... ADD VALUE`` in the same transaction).  The one
FAILED line shows ``with op.get_context().autocommit_block():``, the
migration is rolled back, and the block it suggests works.  (On PostgreSQL
Alembic 1.20.1 fails the same way, with a traceback; on SQLite it runs
``VACUUM`` because its migrations do not run in a real transaction.)
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
from sqlalchemy import engine_from_config, pool
from alembic import context

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

HINT = "with op.get_context().autocommit_block():"


def project(root: pathlib.Path, url: str, body: str) -> pathlib.Path:
    (root / "m" / "versions").mkdir(parents=True, exist_ok=True)
    (root / "alembic.ini").write_text(
        f"[alembic]\nscript_location = %(here)s/m\nsqlalchemy.url = {url.replace('%', '%%')}\n"
    )
    (root / "m" / "env.py").write_text(ENV_PY)
    (root / "m" / "versions" / "a1_x.py").write_text(
        '"""x"""\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n\n\n'
        f"def upgrade():\n{body}"
    )
    return root


def run(root: pathlib.Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=root, env=env,
        capture_output=True, text=True, timeout=120,
    )


def state(url: str) -> tuple[set[str], list[str]]:
    with sa.create_engine(url, poolclass=sa.pool.NullPool).connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        rows = []
        if "alembic_version" in tables:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        return tables, rows


def clean(url: str) -> None:
    with sa.create_engine(url, poolclass=sa.pool.NullPool).begin() as conn:
        for table in ("hint_t", "alembic_version", "alembic_version_history"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TYPE IF EXISTS hint_mood")


CASES = {
    "sqlite vacuum": (
        "sqlite",
        '    op.execute("CREATE TABLE hint_t (id INTEGER)")\n    op.execute("VACUUM")\n',
        '    op.execute("CREATE TABLE hint_t (id INTEGER)")\n'
        "    with op.get_context().autocommit_block():\n"
        '        op.execute("VACUUM")\n',
    ),
    "postgresql concurrently": (
        "postgresql",
        '    op.execute("CREATE TABLE hint_t (id INTEGER)")\n'
        '    op.create_index("ix_hint", "hint_t", ["id"], postgresql_concurrently=True)\n',
        '    op.execute("CREATE TABLE hint_t (id INTEGER)")\n'
        "    with op.get_context().autocommit_block():\n"
        '        op.create_index("ix_hint", "hint_t", ["id"], postgresql_concurrently=True)\n',
    ),
    "postgresql new enum value": (
        "postgresql",
        "    op.execute(\"CREATE TYPE hint_mood AS ENUM ('a')\")\n"
        '    op.execute("CREATE TABLE hint_t (m hint_mood)")\n'
        "    op.execute(\"ALTER TYPE hint_mood ADD VALUE 'b'\")\n"
        "    op.execute(\"INSERT INTO hint_t VALUES ('b')\")\n",
        "    op.execute(\"CREATE TYPE hint_mood AS ENUM ('a')\")\n"
        '    op.execute("CREATE TABLE hint_t (m hint_mood)")\n'
        "    with op.get_context().autocommit_block():\n"
        "        op.execute(\"ALTER TYPE hint_mood ADD VALUE 'b'\")\n"
        "    op.execute(\"INSERT INTO hint_t VALUES ('b')\")\n",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_failure_shows_autocommit_block_and_the_block_works(request, tmp_path, case):
    backend, failing, fixed = CASES[case]
    url = (
        f"sqlite:///{tmp_path / 'app.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    clean(url)
    root = project(tmp_path, url, failing)
    result = run(root)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED:")]
    assert result.returncode == 1 and len(failed) == 1, result
    assert HINT in failed[0]
    tables, rows = state(url)
    assert "hint_t" not in tables and rows == []  # rolled back
    project(tmp_path, url, fixed)
    result = run(root)
    assert result.returncode == 0, result
    tables, rows = state(url)
    assert "hint_t" in tables and rows == ["a1"]
