"""``alembic.testing.suite`` run the way an external dialect runs it: a
project of its own (``external_dialect/``: setup.cfg with ``[sqla_testing]``
and ``[db]``, a conftest that bootstraps SQLAlchemy's pytest plugin through
``alembic/testing/plugin/bootstrap.py``, a requirements class mixing
SQLAlchemy's and Alembic's, ``from alembic.testing.suite import *``), run by
pytest in a subprocess against SQLite, PostgreSQL and MariaDB.

The three runs start together (they wait on their databases more than on
the CPU), and each backend's test then reads its own run's result."""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

PROJECT = pathlib.Path(__file__).resolve().parent / "external_dialect"


def _start_suite(tmp: pathlib.Path, url: str) -> subprocess.Popen[str]:
    project = tmp / "dialect"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PYTHONPATH"))}
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "--dburi", url, "test_suite.py"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture(scope="module")
def suite_runs(request, tmp_path_factory):
    """backend -> its running suite; the three are started at once."""
    urls = {
        "sqlite": f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'suite.db'}",
        "postgresql": request.getfixturevalue("pg_url"),
        "mysql": request.getfixturevalue("mysql_url"),
    }
    runs = {name: _start_suite(tmp_path_factory.mktemp(name), url) for name, url in urls.items()}
    yield runs
    for proc in runs.values():
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def _outcomes(output: str) -> dict[str, int]:
    summary = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}


#: the classes dialects subclass by name (``from alembic.testing.suite import X``)
SUITE_CLASSES = [
    "AutogenerateCommentsTest", "AutogenerateEmptyCommentsTest", "AutogenerateComputedTest",
    "AutoincrementTest", "AutogenerateForeignKeysTest", "IncludeHooksTest", "AutogenerateFKOptionsTest",
    "AutogenerateIdentityTest", "MigrationTransactionTest", "BackendAlterColumnTest",
]  # fmt: skip


#: classes the database cannot run (requirements switch them off as a whole)
NOT_ON = {
    "sqlite": {
        "AutogenerateCommentsTest", "AutogenerateEmptyCommentsTest",
        "AutogenerateIdentityTest", "BackendAlterColumnTest",
    },
    "mariadb": {"AutogenerateIdentityTest"},
    "postgresql": set(),
}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_compliance_suite_runs_green(suite_runs, backend):
    proc = suite_runs[backend]
    out, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, out[-6000:]
    outcomes = _outcomes(out)
    assert outcomes.get("passed", 0) >= 50, out[-3000:]
    assert not outcomes.get("failed") and not outcomes.get("error"), out[-3000:]
    ran = set(re.findall(r"::(\w+?)_([a-z]+)\+\w+::test_", out))
    backends = {backend for _, backend in ran}
    assert len(backends) == 1, backends
    expected = set(SUITE_CLASSES) - NOT_ON[backends.pop()]
    assert expected <= {cls for cls, _ in ran}, sorted(expected - {cls for cls, _ in ran})
