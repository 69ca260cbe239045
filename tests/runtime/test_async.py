"""The ``async`` template's env.py (``connection.run_sync``) on aiosqlite and
psycopg's async driver, including an atomic failed migration on SQLite."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from alembic import command
from alembic.config import Config

OK = '''"""create t_ok"""
from alembic import op
import sqlalchemy as sa

revision = "a1a1a1a1a1a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t_ok", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t_ok")
'''

FAILING = '''"""half done"""
from alembic import op
import sqlalchemy as sa

revision = "b2b2b2b2b2b2"
down_revision = "a1a1a1a1a1a1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t_half", sa.Column("id", sa.Integer, primary_key=True))
    raise RuntimeError("async failure")


def downgrade():
    op.drop_table("t_half")
'''


def _sync_tables(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            rows = []
            if "alembic_version" in names:
                rows = [
                    r[0]
                    for r in conn.execute(
                        sa.text("SELECT version_num FROM alembic_version")
                    )
                ]
            return names, rows
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_async_template_upgrade_and_failure(backend, tmp_path, make_project, request):
    if backend == "sqlite":
        sync_url = f"sqlite:///{tmp_path / 'async.db'}"
        async_url = f"sqlite+aiosqlite:///{tmp_path / 'async.db'}"
    else:
        sync_url = async_url = request.getfixturevalue("pg_url")
        make_project(sync_url)  # empties the shared database before and after

    def config():
        cfg = Config(str(tmp_path / "alembic.ini"), stdout=io.StringIO())
        cfg.set_main_option("sqlalchemy.url", async_url.replace("%", "%%"))
        return cfg

    command.init(config(), str(tmp_path / "migrations"), template="async")
    versions = tmp_path / "migrations" / "versions"
    (versions / "a1a1a1a1a1a1_ok.py").write_text(OK)
    command.upgrade(config(), "head")
    names, rows = _sync_tables(sync_url)
    assert "t_ok" in names and rows == ["a1a1a1a1a1a1"]

    (versions / "b2b2b2b2b2b2_half.py").write_text(FAILING)
    with pytest.raises(RuntimeError, match="async failure"):
        command.upgrade(config(), "head")
    names, rows = _sync_tables(sync_url)
    assert "t_half" not in names and rows == ["a1a1a1a1a1a1"]

    command.downgrade(config(), "base")
    names, rows = _sync_tables(sync_url)
    assert "t_ok" not in names and rows == []
