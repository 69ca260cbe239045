"""The quickstart: ``alembic init`` (generic template), a hand-written
migration, then upgrade / current / history / downgrade -1 on each backend."""

from __future__ import annotations

import io

import sqlalchemy as sa

from alembic import command
from alembic.config import Config

MIGRATION = '''"""initial schema

Revision ID: 1a2b3c4d5e6f
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(50), nullable=False),
    )


def downgrade():
    op.drop_table("users")
'''

SECOND = '''"""add email

Revision ID: 2b3c4d5e6f70
"""
from alembic import op
import sqlalchemy as sa

revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(120)))


def downgrade():
    op.drop_column("users", "email")
'''


def _columns(url, table):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            if not insp.has_table(table):
                return None
            return [c["name"] for c in insp.get_columns(table)]
    finally:
        engine.dispose()


def _config(tmp_path, url):
    stdout = io.StringIO()
    cfg = Config(str(tmp_path / "alembic.ini"), stdout=stdout)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg, stdout


def test_generic_template_quickstart(tmp_path, any_db_url, make_project):
    make_project(any_db_url)  # empties the database before and after
    cfg, _ = _config(tmp_path, any_db_url)
    command.init(cfg, str(tmp_path / "migrations"))
    versions = tmp_path / "migrations" / "versions"
    (versions / "1a2b3c4d5e6f_initial_schema.py").write_text(MIGRATION)
    (versions / "2b3c4d5e6f70_add_email.py").write_text(SECOND)

    cfg, stdout = _config(tmp_path, any_db_url)
    command.upgrade(cfg, "head")
    assert _columns(any_db_url, "users") == ["id", "username", "email"]
    command.current(cfg)
    assert "2b3c4d5e6f70 (head)" in stdout.getvalue()

    command.downgrade(cfg, "-1")
    assert _columns(any_db_url, "users") == ["id", "username"]
    cfg, stdout = _config(tmp_path, any_db_url)
    command.history(cfg, indicate_current=True)
    assert "1a2b3c4d5e6f (current)" in stdout.getvalue()

    command.downgrade(cfg, "base")
    assert _columns(any_db_url, "users") is None
    assert _columns(any_db_url, "alembic_version") == ["version_num"]
