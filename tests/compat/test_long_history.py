"""A long history with many merge points, shaped like large real projects.

Real histories run to hundreds of revisions with dozens of merges, and most
revisions are a ``batch_alter_table`` block with ``op.f()`` names.  This test
writes such a history (a generator stands in for years of team work: every
few revisions two developers branch off the same parent and a third merges
them), then drives the ``alembic`` console command through it on SQLite and
PostgreSQL: upgrade head, downgrade base, upgrade again, with relative and
partial moves, checking the schema each time.
"""

from __future__ import annotations

import pathlib
import sys
import textwrap

import pytest
import sqlalchemy as sa

TABLES = ("accounts", "invoices", "payments", "shipments", "tickets")
ROUNDS = 25  # each round: one plain revision, two branch revisions, one merge

ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
path_separator = os
sqlalchemy.url = sqlite:///%(here)s/unused.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = """\
import os

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["LONG_DATABASE_URL"])


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
"""

BASE_REVISION = '''\
"""base tables

Revision ID: {rev}
Revises:
Create Date: 2021-01-01 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "{rev}"
down_revision = None
branch_labels = None
depends_on = None

TABLES = {tables!r}


def upgrade():
    for name in TABLES:
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_" + name)),
        )


def downgrade():
    for name in reversed(TABLES):
        op.drop_table(name)
'''

COLUMN_REVISION = '''\
"""add {column} to {table}

Revision ID: {rev}
Revises: {down_text}
Create Date: 2021-01-01 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "{rev}"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("{table}", schema=None) as batch_op:
        batch_op.add_column(sa.Column("{column}", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_{table}_{column}"), ["{column}"], unique=False)


def downgrade():
    with op.batch_alter_table("{table}", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_{table}_{column}"))
        batch_op.drop_column("{column}")
'''

MERGE_REVISION = '''\
"""merge {left} and {right}

Revision ID: {rev}
Revises: {left}, {right}
Create Date: 2021-01-01 00:00:00

"""
revision = "{rev}"
down_revision = ({left!r}, {right!r})
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
'''


def rev_id(n: int) -> str:
    return f"{n:04d}aaaabbbb"


class History:
    """The generated history: files plus what each revision adds."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.columns: dict[str, tuple[str, str]] = {}  # rev -> (table, column)
        self.order: list[str] = []
        self.merges: list[str] = []
        self.count = 0

    def _next(self) -> str:
        rev = rev_id(self.count)
        self.count += 1
        self.order.append(rev)
        return rev

    def base(self) -> str:
        rev = self._next()
        self.files[rev] = BASE_REVISION.format(rev=rev, tables=TABLES)
        return rev

    def column(self, down: str) -> str:
        rev = self._next()
        table = TABLES[self.count % len(TABLES)]
        column = f"c{self.count:03d}"
        self.columns[rev] = (table, column)
        self.files[rev] = COLUMN_REVISION.format(
            rev=rev, down=down, down_text=down, table=table, column=column
        )
        return rev

    def merge(self, left: str, right: str) -> str:
        rev = self._next()
        self.merges.append(rev)
        self.files[rev] = MERGE_REVISION.format(rev=rev, left=left, right=right)
        return rev


def build_history() -> History:
    history = History()
    head = history.base()
    for _ in range(ROUNDS):
        head = history.column(head)
        left, right = history.column(head), history.column(head)
        head = history.merge(left, right)
    return history


HISTORY = build_history()
HEAD = HISTORY.order[-1]


@pytest.fixture
def project(tmp_path, our_alembic) -> pathlib.Path:
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "alembic.ini").write_text(ALEMBIC_INI)
    (tmp_path / "migrations" / "env.py").write_text(ENV_PY)
    for rev, text in HISTORY.files.items():
        (tmp_path / "migrations" / "versions" / f"{rev}_step.py").write_text(
            textwrap.dedent(text)
        )
    return tmp_path


def alembic(helpers, project, url, *args, expect_ok=True):
    """The ``alembic`` console script of this interpreter's environment."""
    script = pathlib.Path(sys.executable).with_name("alembic")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "alembic"]
    ran = helpers.run([*command, *args], project, env={"LONG_DATABASE_URL": url})
    assert ran.returncode == 0 or not expect_ok, ran.describe()
    return ran


def columns_by_table(url: str) -> dict[str, set[str]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        insp = sa.inspect(engine)
        present = set(insp.get_table_names())
        return {
            t: {c["name"] for c in insp.get_columns(t)} - {"id"}
            for t in TABLES
            if t in present
        }
    finally:
        engine.dispose()


def indexes_by_table(url: str) -> dict[str, set[str]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        insp = sa.inspect(engine)
        return {t: {ix["name"] for ix in insp.get_indexes(t)} for t in TABLES}
    finally:
        engine.dispose()


def expected_columns(upto: list[str]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {t: set() for t in TABLES}
    for rev in upto:
        if rev in HISTORY.columns:
            table, column = HISTORY.columns[rev]
            wanted[table].add(column)
    return wanted


def versions(url: str) -> list[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return sorted(
                r[0]
                for r in conn.execute(
                    sa.text("SELECT version_num FROM alembic_version")
                )
            )
    finally:
        engine.dispose()


def test_history_shape(helpers, project, sqlite_url):
    heads = alembic(helpers, project, sqlite_url, "heads").stdout.split()
    assert heads == [HEAD, "(head)"]
    history = alembic(helpers, project, sqlite_url, "history").stdout.splitlines()
    assert len(history) == len(HISTORY.order)
    assert (
        sum("(mergepoint)" in line for line in history) == len(HISTORY.merges) == ROUNDS
    )
    assert sum("(branchpoint)" in line for line in history) == ROUNDS
    branches = alembic(helpers, project, sqlite_url, "branches").stdout
    assert branches.count("(branchpoint)") == ROUNDS


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_long_history_round_trip(helpers, project, backend, request):
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    alembic(helpers, project, url, "upgrade", "head")
    assert columns_by_table(url) == expected_columns(HISTORY.order)
    indexes = indexes_by_table(url)
    for table, column in HISTORY.columns.values():
        assert f"ix_{table}_{column}" in indexes[table]
    assert versions(url) == [HEAD]

    # "-1" from a merge point is ambiguous (it has two parents), as in Alembic
    last_merge = HISTORY.merges[-1]
    left, right = HISTORY.order[-3], HISTORY.order[-2]
    ambiguous = alembic(helpers, project, url, "downgrade", "-1", expect_ok=False)
    assert ambiguous.returncode != 0 and "Ambiguous walk" in ambiguous.stdout
    # naming one parent undoes only the merge: the other branch is no descendant
    alembic(helpers, project, url, "downgrade", left)
    assert versions(url) == sorted([left, right])
    assert columns_by_table(url) == expected_columns(HISTORY.order[:-1])
    # "<rev>-1" is the parent of both branches: both are undone
    fork = HISTORY.order[-4]
    alembic(helpers, project, url, "downgrade", f"{left}-1")
    assert versions(url) == [fork]
    assert columns_by_table(url) == expected_columns(HISTORY.order[:-3])
    alembic(helpers, project, url, "upgrade", "heads")
    assert versions(url) == [last_merge]

    alembic(helpers, project, url, "downgrade", "base")
    assert columns_by_table(url) == {}
    assert versions(url) == []

    middle = HISTORY.merges[ROUNDS // 2]
    alembic(helpers, project, url, "upgrade", middle)
    upto = HISTORY.order[: HISTORY.order.index(middle) + 1]
    assert columns_by_table(url) == expected_columns(upto)
    alembic(helpers, project, url, "upgrade", "head")
    assert columns_by_table(url) == expected_columns(HISTORY.order)
