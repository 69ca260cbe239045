"""A project whose database URL carries a password, driven through the real CLI."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

#: The secret every test hunts for; its URL-quoted spelling is ``Sup3r%25Secret``.
PASSWORD = "Sup3r%Secret"
#: Part of every spelling of the password (raw, quoted, ``%%``-escaped).
NEEDLE = "Sup3r"

ENV_PY = '''\
"""env.py in the shape of the generic template: fileConfig logging, engine from config."""
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


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


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

INI = """\
[alembic]
script_location = %(here)s/migrations
path_separator = os
sqlalchemy.url = {url}
migration_history = true

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

HEADER = '''\
"""{doc}

Revision ID: {rev}
"""
import logging

from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down!r}
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.secrets_test")


'''

#: A first revision that logs the URL it runs against, password included,
#: as careless migration code might.
LOGGING_REVISION = """\
def upgrade():
    from alembic import context
    from sqlalchemy.engine import make_url

    if context.is_offline_mode():
        url = make_url(context.config.get_main_option("sqlalchemy.url"))
    else:
        url = op.get_bind().engine.url
    log.info("migrating %s", url.render_as_string(hide_password=False))
    log.info("dsn: host=%s password=%s", url.host, url.password)
    op.create_table("first", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("first")
"""

#: A revision whose SQL fails and embeds a connection string with the password.
FAILING_SQL_REVISION = """\
def upgrade():
    password = op.get_bind().engine.url.password
    op.execute(f"SELECT no_such_function('host=db user=app password={password}')")


def downgrade():
    pass
"""

#: A revision that raises an error quoting the full URL.
FAILING_RAISE_REVISION = """\
def upgrade():
    url = op.get_bind().engine.url.render_as_string(hide_password=False)
    raise RuntimeError(f"could not copy data from {url}")


def downgrade():
    pass
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class SecretProject:
    """A temporary project whose ``sqlalchemy.url`` holds :data:`PASSWORD`."""

    def __init__(self, root: pathlib.Path, url: str) -> None:
        self.root = root
        self.versions = root / "migrations" / "versions"
        self.versions.mkdir(parents=True)
        (root / "migrations" / "env.py").write_text(ENV_PY, encoding="utf-8")
        self.set_url(url)

    def set_url(self, url: str) -> None:
        """Write the ini with ``url`` (``%`` doubled for the ini's interpolation)."""
        ini = INI.format(url=url.replace("%", "%%"))
        (self.root / "alembic.ini").write_text(ini, encoding="utf-8")

    def add(self, rev: str, down: str | None, body: str) -> None:
        text = HEADER.format(doc=f"step {rev}", rev=rev, down=down) + body
        (self.versions / f"{rev}_step.py").write_text(text, encoding="utf-8")

    def run(self, *argv: str) -> Result:
        """``python -m alembic <argv>`` in a fresh interpreter, stdout and stderr apart."""
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        env.pop("ALEMBIC_CONFIG", None)
        proc = subprocess.run(
            [sys.executable, "-m", "alembic", *argv],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


def with_credentials(url: str, user: str, password: str) -> str:
    """``url`` with another user and password (the password URL-quoted)."""
    import sqlalchemy as sa

    return (
        sa.engine.make_url(url)
        .set(username=user, password=password)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="module")
def mysql_secret_url(mysql_url: str) -> str:
    """``mysql_url`` as a new user whose password is :data:`PASSWORD`."""
    import sqlalchemy as sa

    admin = sa.create_engine(mysql_url, poolclass=sa.pool.NullPool)
    user = f"sec_{uuid.uuid4().hex[:8]}"
    database = sa.engine.make_url(mysql_url).database
    with admin.begin() as conn:
        conn.execute(
            sa.text(f"CREATE USER '{user}'@'%' IDENTIFIED BY :pw"), {"pw": PASSWORD}
        )
        conn.execute(sa.text(f"GRANT ALL ON {database}.* TO '{user}'@'%'"))
    yield with_credentials(mysql_url, user, PASSWORD)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP USER IF EXISTS '{user}'@'%'"))
    admin.dispose()


def unused_port() -> int:
    """A local TCP port nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def kit():
    """This module's constants and helpers, for the tests (conftest is not importable)."""
    import types

    return types.SimpleNamespace(
        PASSWORD=PASSWORD,
        NEEDLE=NEEDLE,
        LOGGING_REVISION=LOGGING_REVISION,
        FAILING_SQL_REVISION=FAILING_SQL_REVISION,
        FAILING_RAISE_REVISION=FAILING_RAISE_REVISION,
        SecretProject=SecretProject,
        unused_port=unused_port,
        with_credentials=with_credentials,
    )
