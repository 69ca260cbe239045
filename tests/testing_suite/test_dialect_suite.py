"""``alembic.testing.suite`` run the way an external dialect runs it: a
project of its own (``external_dialect/``: setup.cfg with ``[sqla_testing]``
and ``[db]``, a conftest that bootstraps SQLAlchemy's pytest plugin through
``alembic/testing/plugin/bootstrap.py``, a requirements class mixing
SQLAlchemy's and Alembic's, ``from alembic.testing.suite import *``), run by
pytest in a subprocess against SQLite, PostgreSQL and MariaDB."""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

PROJECT = pathlib.Path(__file__).resolve().parent / "external_dialect"


def _run_suite(tmp_path: pathlib.Path, url: str) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "dialect"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PYTHONPATH"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "--dburi", url, "test_suite.py"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


def _outcomes(output: str) -> dict[str, int]:
    summary = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}


#: the classes dialects subclass by name (``from alembic.testing.suite import X``)
SUITE_CLASSES = [
    "AutogenerateCommentsTest", "AutogenerateComputedTest", "AutoincrementTest",
    "AutogenerateForeignKeysTest", "IncludeHooksTest", "AutogenerateFKOptionsTest",
    "AutogenerateIdentityTest", "MigrationTransactionTest", "BackendAlterColumnTest",
]  # fmt: skip


#: classes the database cannot run (requirements switch them off as a whole)
NOT_ON = {
    "sqlite": {"AutogenerateCommentsTest", "AutogenerateIdentityTest", "BackendAlterColumnTest"},
    "mariadb": {"AutogenerateIdentityTest"},
    "postgresql": set(),
}


def test_compliance_suite_runs_green(any_db_url, tmp_path):
    proc = _run_suite(tmp_path, any_db_url)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    outcomes = _outcomes(proc.stdout)
    assert outcomes.get("passed", 0) >= 50, out[-3000:]
    assert not outcomes.get("failed") and not outcomes.get("error"), out[-3000:]
    ran = set(re.findall(r"::(\w+?)_([a-z]+)\+\w+::test_", proc.stdout))
    backends = {backend for _, backend in ran}
    assert len(backends) == 1, backends
    expected = set(SUITE_CLASSES) - NOT_ON[backends.pop()]
    assert expected <= {cls for cls, _ in ran}, sorted(expected - {cls for cls, _ in ran})
