"""Typing as users meet it: the generated ``op``/``context`` stubs are
current, mypy passes over the package (configured in pyproject.toml), over
the env.py of the templates ``alembic init`` writes and over a migration,
and reports a wrongly typed ``op`` call.
"""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from alembic import command
from alembic.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _mypy(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-column-numbers", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
    )


@pytest.mark.parametrize("name", ["op", "context", "operations/_directives"])
def test_stub_is_current(name):
    """Rendered in a fresh interpreter: operations that other tests register in
    this process (custom directives) are not part of the package's stubs."""
    code = (
        "import importlib.util, sys; "
        f"spec = importlib.util.spec_from_file_location('write_pyi', {str(ROOT / 'tools' / 'write_pyi.py')!r}); "
        "mod = importlib.util.module_from_spec(spec); sys.modules['write_pyi'] = mod; "
        "spec.loader.exec_module(mod); "
        f"sys.stdout.write(mod.render({name!r}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    stub = ROOT / "src" / "alembic" / f"{name}.pyi"
    assert stub.read_text() == proc.stdout, (
        f"src/alembic/{name}.pyi is out of date: run `python tools/write_pyi.py`"
    )


def test_op_stub_shows_real_parameter_types():
    text = (ROOT / "src" / "alembic" / "op.pyi").read_text()
    assert "    column: Column[Any],\n" in text.split("def add_column(", 1)[1].split(")", 1)[0] + "\n"
    assert "def get_bind() -> Connection:" in text
    assert "-> AbstractContextManager[BatchOperations]:" in text.split("def batch_alter_table(", 1)[1]
    assert "__getattr__" not in text  # so a misspelt directive is an error


def test_mypy_passes_over_the_package():
    proc = _mypy(cwd=ROOT)  # files and per-module settings from pyproject.toml
    assert proc.returncode == 0, proc.stdout + proc.stderr


GOOD_UPGRADE = '''\
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.add_column("account", sa.Column("email", sa.String(200)))
    op.alter_column("account", "name", type_=sa.String(100), existing_nullable=False)
    op.alter_column("account", "email", server_default=sa.text("''"), comment=False)
    op.create_index(op.f("ix_account_email"), "account", ["email"], unique=True)
    op.create_foreign_key(None, "account", "org", ["org_id"], ["id"], ondelete="CASCADE")
    op.execute("UPDATE account SET name = 'x'")
    bind: Connection = op.get_bind()
    with op.batch_alter_table("account") as batch_op:
        batch_op.drop_column("email")
    op.bulk_insert(sa.table("account", sa.column("name")), [{"name": "a"}])
'''

BAD_UPGRADE = '''\
    op.add_column("account", "email")
    op.alter_column("account", "name", nullable="no")
    op.create_tabel("account")
'''


def _migration(project: pathlib.Path, rev: str, body: str) -> pathlib.Path:
    config = Config(str(project / "alembic.ini"))
    script = command.revision(config, message=f"m {rev}", rev_id=rev)
    path = pathlib.Path(script.path)
    text = path.read_text()
    text = text.replace("from alembic import op\n", "from alembic import op\nfrom sqlalchemy.engine import Connection\n", 1)
    path.write_text(text.replace("    pass\n", body, 1))
    return path


def test_mypy_checks_env_py_templates_and_migrations(tmp_path):
    """env.py of the templates users start from type-checks as written; in a
    migration, correct ``op`` calls pass and wrong ones are reported with
    the types from the stubs.  One mypy run (sharing the package run's
    cache) over copies with distinct module names."""
    project = tmp_path / "project"
    project.mkdir()
    config = Config(str(project / "alembic.ini"))
    command.init(config, str(project / "migrations"))
    checked = tmp_path / "checked"
    checked.mkdir()
    files = {"good": _migration(project, "aaa", GOOD_UPGRADE), "bad": _migration(project, "bbb", BAD_UPGRADE)}
    files["env_init"] = project / "migrations" / "env.py"
    for template in ("generic", "async", "pyproject"):
        files[f"env_{template}"] = ROOT / "src" / "alembic" / "templates" / template / "env.py"
    for name, source in files.items():
        (checked / f"{name}.py").write_text(source.read_text())
    proc = _mypy("--follow-imports=silent", *sorted(str(p) for p in checked.iterdir()), cwd=ROOT)
    errors = [line.split(": ", 1) for line in proc.stdout.splitlines() if ": error:" in line]
    assert all(where.startswith(str(checked / "bad.py")) for where, _ in errors), proc.stdout
    assert [message for _, message in errors] == [
        'error: Argument 2 to "add_column" has incompatible type "str"; expected "Column[Any]"  [arg-type]',
        'error: Argument "nullable" to "alter_column" has incompatible type "str"; expected "bool | None"  [arg-type]',
        'error: Module has no attribute "create_tabel"  [attr-defined]',
    ], proc.stdout + proc.stderr
