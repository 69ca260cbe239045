"""A small Alembic-shaped project (ini, env.py, script.py.mako, models.py)
run through this package's CLI in a subprocess."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

MAKO = '''"""${message}"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


class CliProject:
    """A temporary project: ``run`` calls ``python -m alembic`` inside it."""

    def __init__(self, root: pathlib.Path, url: str, env_py: str, models: str, extra: str = ""):
        self.root = root
        (root / "migrations" / "versions").mkdir(parents=True)
        (root / "alembic.ini").write_text(
            "[alembic]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n"
            f"sqlalchemy.url = {url.replace('%', '%%')}\n{extra}\n"
        )
        (root / "migrations" / "script.py.mako").write_text(MAKO)
        (root / "migrations" / "env.py").write_text(env_py)
        (root / "models.py").write_text(models)

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run(
            [sys.executable, "-m", "alembic", *argv],
            cwd=self.root, capture_output=True, text=True, env=env, check=False,
        )

    def run_ok(self, *argv: str) -> str:
        ran = self.run(*argv)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        return ran.stdout

    def files(self) -> list[str]:
        return [p.read_text() for p in sorted((self.root / "migrations" / "versions").glob("*.py"))]

    def file(self, rev: str) -> str:
        (path,) = (self.root / "migrations" / "versions").glob(f"{rev}_*.py")
        return path.read_text()


@pytest.fixture
def cli_project(tmp_path):
    """``cli_project(url, env_py, models, extra_ini_lines)`` -> CliProject."""

    def make(url: str, env_py: str, models: str, extra: str = "") -> CliProject:
        return CliProject(tmp_path, url, env_py, models, extra)

    return make
