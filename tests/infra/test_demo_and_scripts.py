"""The README's two commands and the CI entry point.

The demo runs for real (through the `alembic` CLI of this checkout, on SQLite)
with its install step skipped: a wrapper on PATH runs ``python -m alembic``
from the repository with the interpreter running the tests.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPTS = ["scripts/test.sh", "scripts/demo.sh", "scripts/dbs.sh", ".ci/run"]


def test_readme_opens_with_the_demo_and_test_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    assert lines[:4] == ["```", "bash scripts/demo.sh", "bash scripts/test.sh", "```"]


def test_ci_runs_exactly_the_test_command():
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert any(c.startswith("bash scripts/test.sh") for c in commands)


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_is_valid_bash(script):
    proc = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _tool_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder with `alembic` and `python3` that use this checkout and this interpreter."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "alembic").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m alembic "$@"\n')
    (bin_dir / "alembic").chmod(0o755)
    # A wrapper, not a symlink: a symlinked venv interpreter would lose its venv.
    (bin_dir / "python3").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bin_dir / "python3").chmod(0o755)
    return bin_dir


def test_demo_runs_end_to_end(tmp_path):
    env = dict(
        os.environ,
        PATH=f"{_tool_dir(tmp_path)}{os.pathsep}{os.environ['PATH']}",
        PYTHONPATH=str(ROOT),
        DEMO_NO_INSTALL="1",
        DEMO_DIR=str(tmp_path / "demo"),
        DATABASE_URL="postgresql://nobody@127.0.0.1:1/none",  # the demo must ignore it
    )
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "$ alembic upgrade head" in out and "$ alembic downgrade -1" in out
    tables = [line for line in out.splitlines() if line.startswith("application tables in sqlite:")]
    assert [t.rsplit(": ", 1)[1] for t in tables] == ["post, user_account", "(none)"]
    assert "demo finished" in out


def test_demo_fails_when_a_step_fails(tmp_path):
    bin_dir = _tool_dir(tmp_path)
    (bin_dir / "alembic").write_text("#!/bin/sh\necho 'FAILED: broken on purpose'\nexit 255\n")
    env = dict(
        os.environ,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        DEMO_NO_INSTALL="1",
        DEMO_DIR=str(tmp_path / "demo"),
    )
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode != 0
    assert "FAILED: broken on purpose" in proc.stdout
    assert "demo finished" not in proc.stdout
