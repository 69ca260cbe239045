"""Bad input through the real CLI: one ``FAILED:`` line, no traceback, Alembic's status.

Alembic 1.20.1 ends every case here with a traceback and exit status 1
(observed by running the oracle, ``bench/.venv-ref/bin/alembic``, on the same
projects); the status is kept so that scripts testing it see no change.
Each test also checks the database was left alone.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = """\
from sqlalchemy import engine_from_config, pool
from alembic import context

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {}),
    prefix="sqlalchemy.",
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

GOOD_REV = '''\
"""a1"""
revision = "a1"
down_revision = None


def upgrade():
    pass
'''

RAISING_REV = '''\
"""a1"""
import sqlalchemy as sa
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    settings = {}
    settings["missing"]
'''


def write_project(root: pathlib.Path, url: str, env_py: str = ENV_PY, rev: str = GOOD_REV) -> pathlib.Path:
    (root / "m" / "versions").mkdir(parents=True)
    (root / "alembic.ini").write_text(
        f"[alembic]\nscript_location = %(here)s/m\nsqlalchemy.url = {url.replace('%', '%%')}\n"
    )
    (root / "m" / "env.py").write_text(env_py)
    (root / "m" / "versions" / "a1_x.py").write_text(rev)
    return root


def run(root: pathlib.Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=root, env=full_env, capture_output=True, text=True, timeout=120,
    )


def one_failed_line(result: subprocess.CompletedProcess, status: int) -> str:
    lines = [line for line in result.stdout.splitlines() if line.startswith("FAILED:")]
    assert len(lines) == 1, result
    assert "Traceback" not in result.stdout + result.stderr, result
    assert result.returncode == status, result
    return lines[0]


def version_rows(url: str) -> list[str] | None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return [r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]


def test_non_numeric_port(tmp_path):
    root = write_project(tmp_path, "postgresql://u:hunter2-secret@localhost:abc/db")
    line = one_failed_line(run(root, "upgrade", "head"), status=1)
    assert "sqlalchemy.url in" in line and "alembic.ini" in line
    assert "port must be a number" in line and "hunter2-secret" not in line


def test_empty_environment_variable_is_named(tmp_path, sqlite_url):
    root = write_project(tmp_path, "${APP_DB_URL_H12}")
    line = one_failed_line(run(root, "upgrade", "head", APP_DB_URL_H12=""), status=1)
    assert "environment variable APP_DB_URL_H12, which is empty" in line
    assert "${APP_DB_URL_H12:-default}" in line


def test_revision_id_that_is_not_a_string(tmp_path, sqlite_url):
    root = write_project(tmp_path, sqlite_url, rev=GOOD_REV.replace('"a1"\ndown', "123\ndown"))
    for command in (("upgrade", "head"), ("history",)):
        line = one_failed_line(run(root, *command), status=1)
        assert "a1_x.py: revision = 123 is not a string" in line
        assert "revision = '123'" in line
    assert version_rows(sqlite_url) in ([], None)


@pytest.mark.parametrize(
    "first_line, expected",
    [
        ('raise RuntimeError("no config here")', "RuntimeError: no config here (raised at "),
        ("import no_such_module_h12", "No module named 'no_such_module_h12' (raised at "),
        ("def broken(:", "Syntax error in "),
    ],
)
def test_env_py_that_fails(tmp_path, sqlite_url, first_line, expected):
    root = write_project(tmp_path, sqlite_url, env_py=first_line + "\n" + ENV_PY)
    line = one_failed_line(run(root, "upgrade", "head"), status=1)
    assert expected in line and "env.py" in line
    assert version_rows(sqlite_url) is None


def test_plain_python_error_in_a_migration(tmp_path, any_db_url):
    """Same one-line form on every backend, and nothing applied."""
    root = write_project(tmp_path, any_db_url, rev=RAISING_REV)
    line = one_failed_line(run(root, "upgrade", "head"), status=1)
    assert line.startswith("FAILED: KeyError: 'missing' (raised at ")
    assert "a1_x.py, line 11" in line and line.endswith("--raiseerr for the traceback)")
    assert "stamp" not in line
    assert version_rows(any_db_url) in ([], None)


def test_sql_error_in_a_migration_has_the_same_form(tmp_path, any_db_url):
    rev = RAISING_REV.replace('settings["missing"]', 'op.execute("SELECT * FROM no_such_h12")')
    root = write_project(tmp_path, any_db_url, rev=rev)
    line = one_failed_line(run(root, "upgrade", "head"), status=1)
    assert "no_such_h12" in line and "a1_x.py" in line
    assert line.endswith("--raiseerr for the traceback)")
    assert version_rows(any_db_url) in ([], None)


def test_revision_file_that_cannot_be_imported(tmp_path, any_db_url):
    """Nothing ran: the message says so and does not suggest `stamp`."""
    rev = GOOD_REV.replace('"""a1"""\n', '"""a1"""\nimport no_such_module_h12\n')
    root = write_project(tmp_path, any_db_url, rev=rev)
    line = one_failed_line(run(root, "upgrade", "head"), status=1)
    assert "a1_x.py could not be loaded" in line and "none of its migration code ran" in line
    assert "stamp" not in line and "committed" not in line
    assert version_rows(any_db_url) in ([], None)


def test_async_template_without_greenlet(tmp_path):
    blocked = tmp_path / "blocked"
    (blocked / "greenlet").mkdir(parents=True)
    (blocked / "greenlet" / "__init__.py").write_text('raise ImportError("greenlet blocked")\n')
    project = tmp_path / "p"
    project.mkdir()
    made = run(project, "init", "-t", "async", "migrations")
    assert made.returncode == 0, made
    ini = project / "alembic.ini"
    text = ini.read_text()
    start = text.index("sqlalchemy.url")
    end = text.index("\n", start)
    ini.write_text(text[:start] + "sqlalchemy.url = sqlite+aiosqlite:///app.db" + text[end:])
    pythonpath = f"{blocked}{os.pathsep}{ROOT / 'src'}"
    line = one_failed_line(run(project, "upgrade", "head", PYTHONPATH=pythonpath), status=1)
    assert "greenlet" in line and "env.py" in line


def test_dropping_an_unnamed_constraint_keeps_alembics_status(tmp_path):
    """``op.drop_constraint(None, "t", type_="foreignkey")`` (a CTFd downgrade
    has it): Alembic 1.20.1 ends ``upgrade head --sql`` with a traceback
    (``CompileError: Can't emit DROP CONSTRAINT ... it has no name`` on
    PostgreSQL, ``AssertionError`` on MySQL) and exit status 1, not 255."""
    rev = RAISING_REV.replace(
        'settings = {}\n    settings["missing"]',
        'op.drop_constraint(None, "t", type_="foreignkey")',
    )
    offline_env = (
        "from alembic import context\n"
        "context.configure(url=context.config.get_main_option('sqlalchemy.url'))\n"
        "with context.begin_transaction():\n"
        "    context.run_migrations()\n"
    )
    for url in ("postgresql://u@localhost/db", "mysql+pymysql://u@localhost/db"):
        root = write_project(tmp_path / url.split(":")[0], url, offline_env, rev)
        result = run(root, "upgrade", "head", "--sql")
        assert result.returncode == 1, result
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stderr.rstrip().endswith(
            "FAILED: Can't drop an unnamed foreignkey constraint on table 't' in "
            f"migration file {root / 'm' / 'versions' / 'a1_x.py'}: pass the constraint's "
            "name to drop_constraint() (look it up in the database; give constraints "
            "names, e.g. with a MetaData naming_convention) (rerun with --raiseerr for "
            "the traceback)"
        ), result
