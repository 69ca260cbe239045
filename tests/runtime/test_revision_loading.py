"""Every revision module is imported before a run's first step, as in Alembic.

Expected values were observed by running PyPI's Alembic 1.20.1 (the oracle,
``bench/.venv-ref``) on the same files:

* it imports the revision files in file-name order (code-point order, so
  ``B_fourth.py`` before ``aa_third.py``) before it runs the first migration;
* a syntax error in any file stops ``upgrade`` before any migration runs:
  no table of the chain exists afterwards, and ``--sql`` writes no SQL;
* a file whose module body uses ``mypkg.sub`` after only ``import mypkg``
  works when a file sorting before it imported ``mypkg.sub``, even when its
  own revision runs first (Alembic creates ``seen_from_sub``).

Commands that need no database still read headers only (``heads`` imports
nothing): an intended difference, since Alembic imports every file there too.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

FILES = [("zz_first.py", "aaa1"), ("mm_second.py", "bbb2"), ("aa_third.py", "ccc3"), ("B_fourth.py", "ddd4")]

BODY = '''"""rev {rev}"""
from alembic import op
print("IMPORT {name}", flush=True)
revision = "{rev}"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    print("UPGRADE {rev}", flush=True)
    op.execute("CREATE TABLE t_{rev} (id INTEGER PRIMARY KEY)")


def downgrade():
    op.execute("DROP TABLE t_{rev}")
'''


def _chain(project, broken: str | None = None) -> None:
    down = None
    for name, rev in FILES:
        text = BODY.format(name=name, rev=rev, down=down)
        if name == broken:
            text += "x = (\n"
        (project.versions / name).write_text(text)
        down = rev


def _cli(project, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _chain_tables(project) -> set[str]:
    return {t for t in project.tables() if t.startswith("t_")}


def test_every_module_is_imported_in_file_order_before_the_first_step(sqlite_project):
    _chain(sqlite_project)
    proc = _cli(sqlite_project, "upgrade", "head")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "IMPORT B_fourth.py",
        "IMPORT aa_third.py",
        "IMPORT mm_second.py",
        "IMPORT zz_first.py",
        "UPGRADE aaa1",
        "UPGRADE bbb2",
        "UPGRADE ccc3",
        "UPGRADE ddd4",
    ]


def test_offline_run_imports_every_module_first(sqlite_project):
    _chain(sqlite_project)
    proc = _cli(sqlite_project, "upgrade", "head", "--sql")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:5] == [
        "IMPORT B_fourth.py",
        "IMPORT aa_third.py",
        "IMPORT mm_second.py",
        "IMPORT zz_first.py",
        "CREATE TABLE alembic_version (",
    ]


def test_a_broken_file_stops_the_run_before_anything_is_applied(sqlite_project):
    # the broken file is the third revision of the chain; the first two used
    # to be applied (and committed) before the run failed
    _chain(sqlite_project, broken="aa_third.py")
    proc = _cli(sqlite_project, "upgrade", "head")
    assert proc.returncode != 0
    assert "UPGRADE" not in proc.stdout
    assert "aa_third.py" in proc.stdout + proc.stderr
    assert _chain_tables(sqlite_project) == set()
    assert sqlite_project.rows() == []


def test_a_broken_file_stops_sql_output_before_any_statement(sqlite_project):
    _chain(sqlite_project, broken="aa_third.py")
    proc = _cli(sqlite_project, "upgrade", "head", "--sql")
    assert proc.returncode != 0
    written = [l for l in proc.stdout.splitlines() if not l.startswith("FAILED:")]
    assert written == ["IMPORT B_fourth.py"]


def test_module_level_side_effects_follow_file_order(sqlite_project):
    root = sqlite_project.root
    (root / "mypkg").mkdir()
    (root / "mypkg" / "__init__.py").write_text("")
    (root / "mypkg" / "sub.py").write_text('VALUE = "from_sub"\n')
    with sqlite_project.ini.open("a") as ini:
        ini.write("prepend_sys_path = .\n")
    # a_importer.py sorts first but holds the second revision
    (sqlite_project.versions / "a_importer.py").write_text(
        'import mypkg.sub\nrevision = "r2"\ndown_revision = "r1"\n'
        "def upgrade():\n    pass\ndef downgrade():\n    pass\n"
    )
    (sqlite_project.versions / "b_user.py").write_text(
        "import mypkg\nfrom alembic import op\nVALUE = mypkg.sub.VALUE\n"
        'revision = "r1"\ndown_revision = None\n'
        'def upgrade():\n    op.execute("CREATE TABLE seen_%s (id INTEGER)" % VALUE)\n'
        "def downgrade():\n    pass\n"
    )
    proc = _cli(sqlite_project, "upgrade", "head")
    assert proc.returncode == 0, proc.stderr
    assert "seen_from_sub" in sqlite_project.tables()
    assert sqlite_project.rows() == ["r2"]


def test_commands_without_a_database_import_no_revision_module(sqlite_project):
    _chain(sqlite_project, broken="aa_third.py")
    proc = _cli(sqlite_project, "heads")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ddd4 (head)\n"


def test_api_run_imports_modules_already_planned_from_headers(sqlite_project):
    """The command built the map from headers before env.py ran (as
    ``upgrade a:b --sql`` does); the run still imports every file first."""
    _chain(sqlite_project)
    script = sqlite_project.script()
    assert [s.revision for s in script.walk_revisions()][0] == "ddd4"
    assert all(s._module is None for s in script.walk_revisions())
    script._import_revision_modules()
    assert all(s._module is not None for s in script.walk_revisions())

