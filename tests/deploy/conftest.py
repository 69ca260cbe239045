"""A throwaway project driven through the real CLI, for deploy-safety tests."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from typing import List, Sequence

import pytest
import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = '''\
from sqlalchemy import engine_from_config, pool
from alembic import context

config = context.config


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
'''

# Each migration records that it ran, then creates a table, pausing between
# statements (PAUSE seconds) so that a kill can land in the middle.
MIGRATION = '''\
"""step {n}"""
import os
import time

import sqlalchemy as sa
from alembic import op

revision = "{rev}"
down_revision = {down!r}
branch_labels = None
depends_on = None

PAUSE = float(os.environ.get("DEPLOY_TEST_PAUSE", "0"))


def upgrade():
    op.execute("INSERT INTO migration_runs (rev) VALUES ('{rev}')")
    time.sleep(PAUSE)
    op.create_table("t{n}", sa.Column("id", sa.Integer, primary_key=True))
    time.sleep(PAUSE)
    op.create_table("u{n}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("u{n}")
    op.drop_table("t{n}")
'''


def rev_id(n: int) -> str:
    return f"{n:04d}deploy{n:04d}"


@dataclass
class Project:
    path: pathlib.Path
    url: str
    revisions: List[str]

    def env(self, **extra: str) -> dict:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env.update(extra)
        return env

    def popen(self, *args: str, **extra_env: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "alembic", *args],
            cwd=self.path,
            env=self.env(**extra_env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "alembic", *args],
            cwd=self.path,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=120,
        )

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url, poolclass=sa.pool.NullPool)

    def version_rows(self) -> List[str]:
        with self.engine().connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return []
            return sorted(r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version")))

    def tables(self) -> set:
        with self.engine().connect() as conn:
            return set(sa.inspect(conn).get_table_names())

    def runs(self) -> List[str]:
        with self.engine().connect() as conn:
            return [r[0] for r in conn.execute(sa.text("SELECT rev FROM migration_runs ORDER BY rev"))]


def make_project(tmp_path: pathlib.Path, url: str, count: int) -> Project:
    path = tmp_path / "proj"
    (path / "migrations" / "versions").mkdir(parents=True)
    (path / "alembic.ini").write_text(
        textwrap.dedent(
            f"""\
            [alembic]
            script_location = %(here)s/migrations
            sqlalchemy.url = {url.replace('%', '%%')}
            migration_history = true
            """
        )
    )
    (path / "migrations" / "env.py").write_text(ENV_PY)
    revisions = []
    down = None
    for n in range(1, count + 1):
        rev = rev_id(n)
        (path / "migrations" / "versions" / f"{rev}_step.py").write_text(
            MIGRATION.format(n=n, rev=rev, down=down)
        )
        revisions.append(rev)
        down = rev
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE migration_runs (rev VARCHAR(32) NOT NULL)"))
    return Project(path, url, revisions)


def drop_all(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        md = sa.MetaData()
        md.reflect(conn)
        md.drop_all(conn)


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def backend_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'deploy.db'}"
    url = request.getfixturevalue("pg_url" if request.param == "postgresql" else "mysql_url")
    drop_all(url)
    return url


def expected_tables(applied: Sequence[str], revisions: Sequence[str]) -> set:
    tables = {"migration_runs", "alembic_version", "alembic_version_history"}
    for n, rev in enumerate(revisions, start=1):
        if rev in applied:
            tables |= {f"t{n}", f"u{n}"}
    return tables


class _Helpers:
    make_project = staticmethod(make_project)
    expected_tables = staticmethod(expected_tables)


@pytest.fixture
def deploy() -> _Helpers:
    """The helpers above, for test modules (importlib mode cannot import conftest)."""
    return _Helpers()
