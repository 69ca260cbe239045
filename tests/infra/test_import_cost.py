"""The import-cost rule of docs/DEVELOPMENT.md, as behaviour.

Commands that need no database must not load SQLAlchemy or Mako: each check
runs a fresh interpreter and looks at what ended up in ``sys.modules``.
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "mako")

#: Modules that docs/DEVELOPMENT.md says must import neither SQLAlchemy nor Mako.
LIGHT_MODULES = [
    "alembic",
    "alembic.op",
    "alembic.context",
    "alembic.config",
    "alembic.cli",
    "alembic.command",
    "alembic.script",
    "alembic.util.exc",
    "alembic.util.messaging",
    "alembic.util.langhelpers",
    "alembic.util.pyfiles",
] + sorted(
    "alembic.script." + p.stem
    for p in (ROOT / "src" / "alembic" / "script").glob("*.py")
    if p.stem != "__init__"
)


def _python(code: str, cwd: pathlib.Path = ROOT, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, *args, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def heavy_modules_after(imports: str) -> list[str]:
    """Names of SQLAlchemy/Mako modules loaded by ``import <imports>``."""
    code = (
        f"import {imports}, sys, json\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_probe_sees_heavy_imports():
    # The probe itself must be able to fail: SQLAlchemy does show up when imported.
    assert "sqlalchemy" in heavy_modules_after("sqlalchemy")


def test_command_layer_imports_stay_light():
    assert heavy_modules_after("alembic, alembic.command, alembic.config, alembic.script") == []


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_light_module(module):
    assert heavy_modules_after(module) == []


REVISION = '''\
"""{doc}

Revision ID: {rev}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t{rev}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t{rev}")
'''


def _project(tmp_path: pathlib.Path) -> pathlib.Path:
    """A tiny hand-made project with a chain of three revisions."""
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///app.db\n"
    )
    (tmp_path / "migrations" / "env.py").write_text("raise RuntimeError('env.py must not run for heads')\n")
    (tmp_path / "migrations" / "script.py.mako").write_text("# unused here\n")
    down = None
    for rev in ("aaa111", "bbb222", "ccc333"):
        (versions / f"{rev}_step.py").write_text(REVISION.format(rev=rev, down=down, doc=f"step {rev}"))
        down = rev
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["heads"], "ccc333 (head)"),
        (["heads", "--verbose"], "Rev: ccc333 (head)"),
        (["history"], "bbb222 -> ccc333 (head), step ccc333"),
        (["history", "-r", "aaa111:bbb222"], "aaa111 -> bbb222, step bbb222"),
        (["branches"], ""),
        (["show", "bbb"], "Revision ID: bbb222"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_commands_without_a_database_do_not_import_sqlalchemy(tmp_path, argv, expected):
    project = _project(tmp_path)
    code = textwrap.dedent(
        f"""
        import sys, json
        from alembic.config import main
        try:
            main(argv={argv!r}, prog="alembic")
        finally:
            heavy = sorted(m for m in sys.modules if m.split('.')[0] in ("sqlalchemy", "mako"))
            print("HEAVY=" + json.dumps(heavy))
        """
    )
    proc = _python(code, project)
    assert proc.returncode == 0 and expected in proc.stdout, proc.stdout + proc.stderr
    heavy = json.loads(proc.stdout.split("HEAVY=")[-1].splitlines()[0])
    assert heavy == []
