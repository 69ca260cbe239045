"""Helpers for driving the real command line in temporary project directories."""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = '''\
"""A plain env.py written by the tests (independent of the init templates)."""
from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
target_metadata = None


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
'''

REVISION = '''\
"""{doc}

Revision ID: {rev}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = None


def upgrade():
    op.create_table("t_{rev}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t_{rev}")
'''


@dataclass
class Result:
    code: int
    out: str
    err: str = ""

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


class Project:
    """A temporary Alembic project with hand-written env.py and revisions."""

    def __init__(self, root: pathlib.Path, url: str) -> None:
        self.root = root
        self.url = url
        self.scripts = root / "migrations"
        self.versions = self.scripts / "versions"

    def write_config(self, extra: str = "") -> None:
        (self.root / "alembic.ini").write_text(
            "[alembic]\n"
            "script_location = %(here)s/migrations\n"
            "path_separator = os\n"
            f"sqlalchemy.url = {self.url}\n" + extra,
            encoding="utf-8",
        )

    def create(self, extra_config: str = "") -> Project:
        self.versions.mkdir(parents=True)
        self.write_config(extra_config)
        (self.scripts / "env.py").write_text(ENV_PY, encoding="utf-8")
        (self.scripts / "script.py.mako").write_text(SCRIPT_MAKO, encoding="utf-8")
        return self

    def add(
        self, rev: str, down=None, doc: str | None = None, labels=None
    ) -> pathlib.Path:
        path = self.versions / f"{rev}_step.py"
        path.write_text(
            REVISION.format(
                rev=rev, down=down, doc=doc or f"step {rev}", labels=labels
            ),
            encoding="utf-8",
        )
        return path

    def run(self, *argv: str) -> Result:
        """Run ``alembic <argv>`` in-process from the project directory."""
        return run_main(self.root, *argv)

    def sub(self, *argv: str, env: dict | None = None) -> Result:
        """Run ``python -m alembic <argv>`` in a fresh interpreter."""
        return run_subprocess(self.root, *argv, env=env)


def run_main(cwd: pathlib.Path, *argv: str) -> Result:
    from alembic.config import main

    buf = io.StringIO()
    old = os.getcwd()
    saved_path = list(sys.path)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(buf):
            main(argv=list(argv), prog="alembic", stdout=buf)
        code = 0
    except SystemExit as exit_:
        # the status the process would exit with (Alembic's -1 becomes 255)
        code = exit_.code % 256 if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(old)
        sys.path[:] = saved_path
    return Result(code, buf.getvalue())


def run_subprocess(cwd: pathlib.Path, *argv: str, env: dict | None = None) -> Result:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT))
    full_env.pop("ALEMBIC_CONFIG", None)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "alembic", *argv],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def project(tmp_path: pathlib.Path, monkeypatch) -> Project:
    monkeypatch.delenv("ALEMBIC_CONFIG", raising=False)
    return Project(tmp_path, f"sqlite:///{tmp_path / 'app.db'}").create()


def dedent(text: str) -> str:
    return textwrap.dedent(text)


@pytest.fixture
def run_cli(monkeypatch):
    """``run_cli(cwd, *argv) -> Result`` running ``alembic`` in-process."""
    monkeypatch.delenv("ALEMBIC_CONFIG", raising=False)
    return run_main


@pytest.fixture
def run_sub():
    """``run_sub(cwd, *argv, env=None) -> Result`` running ``python -m alembic``."""
    return run_subprocess


@pytest.fixture
def make_project(tmp_path: pathlib.Path, monkeypatch):
    """``make_project(url, subdir="p") -> Project`` for database-specific tests."""
    monkeypatch.delenv("ALEMBIC_CONFIG", raising=False)

    def make(url: str, subdir: str = "p", extra_config: str = "") -> Project:
        root = tmp_path / subdir
        root.mkdir()
        return Project(root, url).create(extra_config)

    return make
