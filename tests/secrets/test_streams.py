"""What env.py or a migration prints itself is masked too, except generated SQL."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

ENV_PY = """\
import sys
from alembic import context
from sqlalchemy import create_engine, pool

print("stdout: using postgresql://app:PrintPw88@replica/db")
print("stderr: dsn host=replica password=PrintPw88", file=sys.stderr)
url = context.config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url, poolclass=pool.NullPool).connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
"""

REVISION = """\
from alembic import op

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE links (dsn VARCHAR(200))")
    op.execute("INSERT INTO links VALUES ('postgresql://app:KeepPw77@replica/db')")


def downgrade():
    op.execute("DROP TABLE links")
"""


def make_project(root: pathlib.Path) -> pathlib.Path:
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/migrations\n"
        f"sqlalchemy.url = sqlite:///{root / 'app.db'}\n",
        encoding="utf-8",
    )
    (root / "migrations" / "env.py").write_text(ENV_PY, encoding="utf-8")
    (versions / "a1_links.py").write_text(REVISION, encoding="utf-8")
    return root


def run(root: pathlib.Path, *argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("ALEMBIC_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *argv],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_prints_from_env_py_are_masked_online(tmp_path):
    root = make_project(tmp_path)
    proc = run(root, "upgrade", "head")
    assert proc.returncode == 0, proc.stderr
    assert "stdout: using postgresql://app:***@replica/db" in proc.stdout
    assert "stderr: dsn host=replica password=***" in proc.stderr
    assert "PrintPw88" not in proc.stdout + proc.stderr


def test_generated_sql_is_left_exactly_as_written(tmp_path):
    root = make_project(tmp_path)
    proc = run(root, "upgrade", "--sql", "head")
    assert proc.returncode == 0, proc.stderr
    # the migration's own literal is the user's SQL: unchanged
    assert (
        "INSERT INTO links VALUES ('postgresql://app:KeepPw77@replica/db')"
        in proc.stdout
    )
    # env.py's stderr line is still a message, so it is masked
    assert "PrintPw88" not in proc.stderr
