"""The migration environment, for an async database driver.

Alembic runs this file for every command that needs the database.  Online,
an AsyncEngine connects and the (synchronous) migration code runs through
``connection.run_sync()``; offline (``--sql``) only the URL is used.
"""

import asyncio
from logging.config import fileConfig

from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from alembic import context

# The Config of the running command: values from alembic.ini / pyproject.toml.
config = context.config

# Configure Python logging from the ini file's [loggers] etc. sections.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The MetaData autogenerate compares with the database; point it at your
# models, e.g. "from myapp.models import Base" and "Base.metadata".
target_metadata = None

# Further settings can be read from the config, for example:
# some_value = config.get_main_option("some_option")


def run_migrations_offline() -> None:
    """Write the migrations as SQL text; only a URL is needed, no DBAPI."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    """Run the migrations on a synchronous view of the async connection."""
    context.configure(connection=connection, target_metadata=target_metadata)

    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    """Open an AsyncEngine, then run the migrations inside run_sync()."""
    connectable = async_engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)

    await connectable.dispose()


def run_migrations_online() -> None:
    """Run the async migration routine to completion."""
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
