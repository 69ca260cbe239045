"""Graph errors as the user sees them: a duplicate revision id and an
ambiguous partial id, through ScriptDirectory and through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alembic.script import ScriptDirectory
from alembic.script.revision import AmbiguousRevisionError, DuplicateRevisionError
from alembic.util.exc import CommandError

ROOT = Path(__file__).resolve().parents[2]
AMBIGUOUS = "FAILED: Multiple revisions start with 'abcd': 'abcd1111', 'abcd2222'..."


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        capture_output=True,
        text=True,
        cwd=str(project),
        env=env,
    )


def failed_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout + result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("FAILED:")]
    assert len(lines) == 1, result.stdout + result.stderr
    return lines[0]


@pytest.fixture(name="project")
def _project(tmp_path, write_rev):
    """An ``alembic init`` project with two revisions sharing the prefix abcd."""
    init = run_cli(tmp_path, "init", "migrations")
    assert init.returncode == 0, init.stdout + init.stderr
    versions = tmp_path / "migrations" / "versions"
    write_rev(versions, "abcd1111", None)
    write_rev(versions, "abcd2222", "abcd1111")
    return tmp_path


def test_duplicate_id_fails_naming_both_files(project, write_rev):
    versions = project / "migrations" / "versions"
    copy = write_rev(versions, "abcd2222", "abcd1111", filename="zz_copy.py")
    result = run_cli(project, "heads")
    assert failed_line(result) == (
        f"FAILED: Revision abcd2222 is declared by two files, "
        f"{versions / 'abcd2222_.py'} and {copy}; give one of them a new revision id"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("show", "abcd"),
        ("upgrade", "abcd"),
        ("upgrade", "abcd", "--sql"),
        ("downgrade", "abcd2222:abcd", "--sql"),
        ("stamp", "abcd"),
        ("history", "-r", "abcd:"),
    ],
)
def test_ambiguous_prefix_through_the_cli(project, args):
    assert failed_line(run_cli(project, *args)) == AMBIGUOUS


def test_unique_prefix_still_resolves(project):
    result = run_cli(project, "show", "abcd2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rev: abcd2222 (head)" in result.stdout


def test_revision_with_a_taken_rev_id_writes_nothing(project):
    versions = project / "migrations" / "versions"
    before = sorted(p.name for p in versions.iterdir())
    result = run_cli(project, "revision", "--rev-id", "abcd1111", "-m", "again")
    assert failed_line(result) == (
        f"FAILED: Revision id abcd1111 is already used by "
        f"{versions / 'abcd1111_.py'}; choose another --rev-id"
    )
    assert sorted(p.name for p in versions.iterdir()) == before


def test_script_directory_maps_the_typed_errors(project, write_rev):
    script = ScriptDirectory(str(project / "migrations"))
    with pytest.raises(CommandError) as err:
        script.get_revision("abcd")
    assert str(err.value) == AMBIGUOUS.removeprefix("FAILED: ")
    assert isinstance(err.value.__cause__, AmbiguousRevisionError)
    clone = ScriptDirectory(str(project / "migrations"))
    clone.get_heads()
    other = write_rev(
        project / "elsewhere", "abcd1111", None, filename="other_abcd1111.py"
    )
    from alembic.script import Script

    stray = Script._from_path(clone, str(other))
    with pytest.raises(DuplicateRevisionError) as dup:
        clone.revision_map.add_revision(stray)
    assert str(other) in str(dup.value) and "abcd1111_.py" in str(dup.value)
    assert clone.get_heads() == ["abcd2222"]


@pytest.mark.parametrize(
    "filename", ["broken.py", "bad.py"]
)  # bad.py looks like a legacy hex id
def test_broken_file_without_revision_variable_reports_the_syntax_error(
    project, filename
):
    path = project / "migrations" / "versions" / filename
    path.write_text('"""half written"""\nfrom alembic import op\nx = (\n')
    assert failed_line(run_cli(project, "heads")) == (
        f"FAILED: Syntax error in revision file {path}, line 3: '(' was never closed; "
        "fix the file or remove it from the versions directory"
    )
