"""A deployer killed with SIGKILL mid-migration leaves a consistent database.

On SQLite (atomic migrations) and PostgreSQL (transactional DDL) the tables
that exist are exactly those of the revisions the version table records, and
a rerun completes.
"""

from __future__ import annotations

import os
import pathlib
import random
import signal
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
COUNT = 3


def _rev(n: int) -> str:
    return f"{n:04d}kill{n:04d}"


def _write_project(project) -> None:
    for n in range(1, COUNT + 1):
        project.rev(
            _rev(n),
            _rev(n - 1) if n > 1 else None,
            upgrade=[
                "import os, time",
                'pause = float(os.environ.get("KILL_TEST_PAUSE", "0"))',
                f'op.execute("CREATE TABLE t_{n}a (id INTEGER PRIMARY KEY)")',
                "time.sleep(pause)",
                f'op.execute("CREATE TABLE t_{n}b (id INTEGER PRIMARY KEY)")',
                "time.sleep(pause)",
            ],
            downgrade=[
                f'op.execute("DROP TABLE t_{n}b")',
                f'op.execute("DROP TABLE t_{n}a")',
            ],
        )


def _cli(project, *args: str, pause: str = "0") -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["KILL_TEST_PAUSE"] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "alembic", *args],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _expected(rows) -> set:
    if not rows:
        return set()
    last = int(rows[0][:4])
    return {f"t_{n}{x}" for n in range(1, last + 1) for x in "ab"}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_mid_upgrade_leaves_consistent_schema(
    backend, make_project, request, tmp_path
):
    url = (
        f"sqlite:///{tmp_path / 'kill.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    project = make_project(url)
    _write_project(project)
    rng = random.Random(20261124)
    for trial in range(6):
        proc = _cli(project, "upgrade", "head", pause="0.05")
        time.sleep(rng.uniform(0.3, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        rows = project.rows()
        tables = {t for t in project.tables() if t.startswith("t_")}
        assert tables == _expected(rows), (trial, rows, tables)
        rerun = _cli(project, "upgrade", "head")
        out, _ = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, out
        assert project.rows() == [_rev(COUNT)]
        down = _cli(project, "downgrade", "base")
        out, _ = down.communicate(timeout=120)
        assert down.returncode == 0, out
        assert project.rows() == []
