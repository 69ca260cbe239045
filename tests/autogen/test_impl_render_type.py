"""A dialect impl's ``render_type()`` is asked before the built-in type
rendering (issue 10 item 13), and PostgreSQL's own types render with their
nested types prefixed only for a PostgreSQL migration.

Every expected value was printed by PyPI Alembic 1.20.1 run as a separate
process: ``alembic revision --autogenerate`` in a project with the same
env.py and models, and ``render_python_code`` of the same ``create_table``."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic.autogenerate import render_python_code
from alembic.migration import MigrationContext
from alembic.operations import ops

INI = """\
[alembic]
script_location = %(here)s/mig
prepend_sys_path = .
sqlalchemy.url = sqlite:///%(here)s/app.db
"""
MAKO = """\
revision = ${repr(up_revision)}
down_revision = None
${imports if imports else ""}

def upgrade():
    ${upgrades if upgrades else "pass"}
"""
MODELS = """\
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite, postgresql
import mytypes

metadata = sa.MetaData()
sa.Table(
    "t", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("s", sa.String(20)),
    sa.Column("j", sqlite.JSON()),
    sa.Column("u", mytypes.UT()),
    sa.Column("v", sa.String(10).with_variant(sa.Integer(), "sqlite")),
    sa.Column("a", postgresql.ARRAY(sa.Integer)),
    sa.Column("n", sa.Numeric(10, 2)),
    sa.Column("b", sa.Boolean),
)
"""
MYTYPES = """\
import sqlalchemy as sa


class UT(sa.types.TypeDecorator):
    impl = sa.String(5)
    cache_ok = True
"""
# a third-party dialect's impl, registered for sqlite (its own process only)
ENV = """\
import os, sys
from sqlalchemy import engine_from_config, pool
from alembic import context
from alembic.ddl.sqlite import SQLiteImpl

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from models import metadata as target_metadata


class ThirdPartyImpl(SQLiteImpl):
    __dialect__ = "sqlite"

    def render_type(self, type_, autogen_context):
        name = type(type_).__name__
        print("asked:", name)
        if getattr(type_, "_variant_mapping", None) and {variants}:
            return "thirdparty.VARIANT()"
        if name in {rendered!r}:
            autogen_context.imports.add("import thirdparty")
            return f"thirdparty.{{name.upper()}}()"
        return False


def render_item(kind, obj, ctx):
    if kind == "type" and type(obj).__name__ == "Numeric" and {user_numeric}:
        return "user.NUMERIC()"
    return False


config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {{}}), prefix="sqlalchemy.",
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()
"""


def _autogenerate(
    root: pathlib.Path, python: str = sys.executable, **env_args: object
) -> tuple[str, list[str]]:
    """(the revision file, the types render_type() was asked about)."""
    (root / "mig" / "versions").mkdir(parents=True)
    (root / "alembic.ini").write_text(INI)
    (root / "mig" / "script.py.mako").write_text(MAKO)
    (root / "mig" / "env.py").write_text(ENV.format(**env_args))
    (root / "models.py").write_text(MODELS)
    (root / "mytypes.py").write_text(MYTYPES)
    (root / "thirdparty.py").write_text('"""The third-party dialect\'s types."""\n')
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [python, "-m", "alembic", "revision", "--autogenerate", "-m", "x"],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (path,) = (root / "mig" / "versions").glob("*.py")
    asked = [
        line[7:] for line in proc.stdout.splitlines() if line.startswith("asked: ")
    ]
    return path.read_text(), asked


def _lines(text: str, start: str) -> list[str]:
    return [
        line.strip() for line in text.splitlines() if line.strip().startswith(start)
    ]


def test_third_party_render_type_is_used_first(tmp_path):
    """Alembic 1.20.1: the impl's string wins over the generic, dialect and
    user-type rendering (a dialect type keeps its ``sqlalchemy.dialects``
    import, a user type's module is not imported); False falls through; an
    ARRAY the impl declines renders as its plain repr off PostgreSQL."""
    text, asked = _autogenerate(
        tmp_path, variants=False, rendered=("Integer", "JSON", "UT", "ARRAY", "Numeric"),
        user_numeric=False,
    )  # fmt: skip
    assert asked == [
        "Integer", "String", "JSON", "UT", "String", "String", "Integer", "ARRAY",
        "Numeric", "Boolean",
    ]  # fmt: skip
    assert _lines(text, "sa.Column(") == [
        "sa.Column('id', thirdparty.INTEGER(), nullable=False),",
        "sa.Column('s', sa.String(length=20), nullable=True),",
        "sa.Column('j', thirdparty.JSON(), nullable=True),",
        "sa.Column('u', thirdparty.UT(), nullable=True),",
        (
            "sa.Column('v', sa.String(length=10).with_variant(thirdparty.INTEGER(), 'sqlite'), "
            "nullable=True),"
        ),
        "sa.Column('a', thirdparty.ARRAY(), nullable=True),",
        "sa.Column('n', thirdparty.NUMERIC(), nullable=True),",
        "sa.Column('b', sa.Boolean(), nullable=True),",
    ]
    assert _lines(text, "from ") + _lines(text, "import ") == [
        "from sqlalchemy.dialects import postgresql",
        "from sqlalchemy.dialects import sqlite",
        "import thirdparty",
    ]


def test_render_item_before_impl_and_variants_after_it(tmp_path):
    """Alembic 1.20.1: ``render_item`` comes before the impl (Numeric is not
    asked); for a type with variants the impl is asked, but the variant
    rendering wins and asks again for the base; a declined ARRAY renders
    ``postgresql.ARRAY(Integer())`` on SQLite."""
    text, asked = _autogenerate(
        tmp_path, variants=True, rendered=("Integer", "JSON", "UT", "Numeric", "Boolean"),
        user_numeric=True,
    )  # fmt: skip
    assert asked == [
        "Integer", "String", "JSON", "UT", "String", "String", "Integer", "ARRAY", "Boolean",
    ]  # fmt: skip
    assert _lines(text, "sa.Column(") == [
        "sa.Column('id', thirdparty.INTEGER(), nullable=False),",
        "sa.Column('s', sa.String(length=20), nullable=True),",
        "sa.Column('j', thirdparty.JSON(), nullable=True),",
        "sa.Column('u', thirdparty.UT(), nullable=True),",
        (
            "sa.Column('v', thirdparty.VARIANT().with_variant(thirdparty.INTEGER(), 'sqlite'), "
            "nullable=True),"
        ),
        "sa.Column('a', postgresql.ARRAY(Integer()), nullable=True),",
        "sa.Column('n', user.NUMERIC(), nullable=True),",
        "sa.Column('b', thirdparty.BOOLEAN(), nullable=True),",
    ]


def _pg_types_table() -> sa.Table:
    return sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("a", postgresql.ARRAY(sa.String(5))),
        sa.Column("ga", sa.ARRAY(sa.Integer)),
        sa.Column("j", postgresql.JSONB()),
        sa.Column("h", postgresql.HSTORE()),
        sa.Column("d", postgresql.DOMAIN("posint", sa.Integer, check="VALUE > 0")),
    )


PG_COLUMNS = {
    "postgresql": [
        "sa.Column('a', postgresql.ARRAY(sa.String(length=5)), nullable=True),",
        "sa.Column('ga', sa.ARRAY(sa.Integer()), nullable=True),",
        "sa.Column('j', postgresql.JSONB(astext_type=sa.Text()), nullable=True),",
        "sa.Column('h', postgresql.HSTORE(text_type=sa.Text()), nullable=True),",
        (
            "sa.Column('d', postgresql.DOMAIN('posint', sa.Integer(), check='VALUE > 0'), "
            "nullable=True)"
        ),
    ],
    "other": [
        "sa.Column('a', postgresql.ARRAY(String(length=5)), nullable=True),",
        "sa.Column('ga', sa.ARRAY(sa.Integer()), nullable=True),",
        "sa.Column('j', postgresql.JSONB(astext_type=Text()), nullable=True),",
        "sa.Column('h', postgresql.HSTORE(text_type=Text()), nullable=True),",
        "sa.Column('d', postgresql.DOMAIN('posint', Integer()), nullable=True)",
    ],
}


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mysql", None])
def test_postgresql_types_render_fully_only_for_postgresql(dialect):
    """Alembic 1.20.1's ``render_python_code`` of the same table: on
    PostgreSQL the nested types are prefixed (``HSTORE(text_type=sa.Text())``
    too); with another dialect, or none, PostgreSQL's types are their plain
    repr, while the generic ``sa.ARRAY`` still prefixes its item type."""
    mc = MigrationContext.configure(dialect_name=dialect) if dialect else None
    up = ops.UpgradeOps(ops=[ops.CreateTableOp.from_table(_pg_types_table())])
    text = render_python_code(up, migration_context=mc)
    expected = PG_COLUMNS["postgresql" if dialect == "postgresql" else "other"]
    assert _lines(text, "sa.Column(") == expected
