"""Helpers for the compatibility tests: run third-party tools in subprocesses.

Every tool under test (pytest-alembic, Flask-Migrate, a user's own ``alembic``
command) runs in a fresh interpreter whose working directory is a temporary
project, exactly as a user would run it.  The repository root goes first on
``PYTHONPATH`` so the ``alembic`` those tools import is this project's, never
a copy from PyPI; :func:`our_alembic` checks that once per session.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# This project keeps an applied-migrations log beside alembic_version (a
# feature Alembic lacks).  Schema assertions about the user's tables leave it
# out; autogenerate must ignore it like alembic_version, which the pytest-alembic
# and Flask-Migrate checks cover.
BOOKKEEPING_TABLES = frozenset({"alembic_version_history"})


def user_tables(inspector, schema=None) -> set[str]:
    """Table names as a user sees them: without our bookkeeping tables."""
    return set(inspector.get_table_names(schema=schema)) - BOOKKEEPING_TABLES


@dataclass
class Ran:
    """The outcome of one subprocess: exit code and both streams."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        """A readable dump for assertion messages."""
        return (
            f"$ {' '.join(self.args)}\n(exit {self.returncode})\n"
            f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )


def subprocess_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a tool subprocess: our package first on the path."""
    env = dict(os.environ)
    parts = [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env.pop("PYTEST_ADDOPTS", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run(
    args: list[str],
    cwd: pathlib.Path,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> Ran:
    """Run ``args`` in ``cwd`` and return what happened (never raises on exit code)."""
    proc = subprocess.run(
        args,
        check=False,
        cwd=cwd,
        env=subprocess_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Ran(list(args), proc.returncode, proc.stdout, proc.stderr)


def python(*args: str, cwd: pathlib.Path, env: dict[str, str] | None = None) -> Ran:
    """Run ``python <args>`` with this interpreter."""
    return run([sys.executable, *args], cwd, env)


def write_files(base: pathlib.Path, files: dict[str, str]) -> None:
    """Write ``{relative path: text}`` below ``base``, dedenting each text."""
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def junit_outcomes(xml_path: pathlib.Path) -> dict[str, str]:
    """Map test name -> 'passed' / 'failed' / 'error' / 'skipped' from a junit file."""
    outcomes: dict[str, str] = {}
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
        outcomes[case.get("name", "")] = outcome
    return outcomes


@pytest.fixture(scope="session")
def our_alembic(tmp_path_factory) -> str:
    """Check that a subprocess imports this repository's alembic; return its path."""
    where = tmp_path_factory.mktemp("which_alembic")
    ran = python("-c", "import alembic; print(alembic.__file__)", cwd=where)
    assert ran.returncode == 0, ran.describe()
    found = pathlib.Path(ran.stdout.strip()).resolve()
    assert (
        found == (ROOT / "src" / "alembic" / "__init__.py").resolve()
    ), f"subprocesses import alembic from {found}, not from this repository"
    return str(found)


def require_importable(module: str, requirement: str, tmp_path_factory) -> None:
    """Fail (never skip) with the pip line to run when a tool is not installed."""
    where = tmp_path_factory.mktemp("which_" + module)
    ran = python("-c", f"import {module}", cwd=where)
    if ran.returncode != 0:
        pytest.fail(
            f"{module} is not importable in the test interpreter: install the test "
            f"extra (pip install -e .[test]) or `pip install {requirement}`\n{ran.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def needs_pytest_alembic(tmp_path_factory) -> None:
    """pytest-alembic must be importable by the subprocesses."""
    require_importable("pytest_alembic", "pytest-alembic", tmp_path_factory)


@pytest.fixture(scope="session")
def needs_flask_migrate(tmp_path_factory) -> None:
    """Flask-Migrate and Flask-SQLAlchemy must be importable by the subprocesses."""
    require_importable("flask_migrate", "Flask-Migrate", tmp_path_factory)
    require_importable("flask_sqlalchemy", "Flask-SQLAlchemy", tmp_path_factory)


@pytest.fixture(scope="session")
def helpers():
    """The helpers above, for test modules (no package imports under importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        run=run,
        python=python,
        write_files=write_files,
        junit_outcomes=junit_outcomes,
        user_tables=user_tables,
        root=ROOT,
    )
