"""A project whose models hold many tables, for timing ``alembic check``.

Each generated table has an integer key, twelve columns of assorted types, an
index, a named unique constraint and a foreign key to the table before it: the
shape the research notes measured autogenerate on.  The one revision creates
the whole schema from the models, so after ``upgrade head`` the database
matches the models and ``check`` finds nothing to do.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

__all__ = ["schema_project", "prepare_at_head"]

COLUMN_TYPES = [
    "sa.String(50)", "sa.Integer()", "sa.Numeric(10, 2)", "sa.Boolean()", "sa.DateTime()",
    "sa.Text()", "sa.String(200)", "sa.BigInteger()", "sa.Date()", "sa.Float()",
    "sa.SmallInteger()", "sa.String(20)",
]

MODELS_HEAD = '''\
"""Generated models: {count} tables."""
import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={{
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }}
)
'''

REVISION = '''\
"""create the generated schema

Revision ID: 5c4e3a1b0001
Revises:
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op

revision = "5c4e3a1b0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from myapp.models import metadata

    metadata.create_all(op.get_bind())


def downgrade() -> None:
    from myapp.models import metadata

    metadata.drop_all(op.get_bind())
'''


def _table(index: int) -> str:
    cols = [f'    sa.Column("c{n}", {t}, nullable=True),' for n, t in enumerate(COLUMN_TYPES)]
    parent = (
        f'    sa.Column("parent_id", sa.Integer(), sa.ForeignKey("t{index - 1:04d}.id"), nullable=True),'
        if index
        else '    sa.Column("parent_id", sa.Integer(), nullable=True),'
    )
    return "\n".join(
        [
            f't{index:04d} = sa.Table(',
            f'    "t{index:04d}",',
            "    metadata,",
            '    sa.Column("id", sa.Integer(), primary_key=True),',
            parent,
            *cols,
            '    sa.Column("code", sa.String(40), nullable=False),',
            '    sa.Index(None, "c0"),',
            '    sa.UniqueConstraint("code"),',
            ")",
            "",
        ]
    )


def schema_project(count: int, work: pathlib.Path, ini: str, env_py: str) -> pathlib.Path:
    """The project folder (made once) with ``count`` tables in ``myapp/models.py``."""
    root = work / f"schema-{count}"
    if (root / ".generated").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "migrations" / "versions").mkdir(parents=True)
    (root / "myapp").mkdir()
    (root / "myapp" / "__init__.py").write_text("")
    body = "\n".join(_table(i) for i in range(count))
    (root / "myapp" / "models.py").write_text(MODELS_HEAD.format(count=count) + "\n" + body)
    (root / "alembic.ini").write_text(ini)
    with_metadata = env_py.replace(
        "target_metadata = None", "from myapp.models import metadata as target_metadata"
    )
    (root / "migrations" / "env.py").write_text(with_metadata)
    (root / "migrations" / "versions" / "5c4e3a1b0001_schema.py").write_text(REVISION)
    (root / ".generated").write_text("1")
    return root


def prepare_at_head(project: pathlib.Path, alembic: pathlib.Path, python: pathlib.Path, env: dict[str, str]) -> None:
    """Once per workload: an empty database, then ``upgrade head`` with the given tool."""
    full_env = {**os.environ, **env}
    if env.get("BENCH_DATABASE_URL"):
        code = (
            "import os, sqlalchemy as sa\n"
            "e = sa.create_engine(os.environ['BENCH_DATABASE_URL'])\n"
            "m = sa.MetaData(); m.reflect(e); m.drop_all(e)\n"
        )
        subprocess.run([str(python), "-c", code], check=True, env=full_env)
    else:
        (project / "bench.db").unlink(missing_ok=True)
    subprocess.run([str(alembic), "upgrade", "head"], cwd=project, check=True, env=full_env)
