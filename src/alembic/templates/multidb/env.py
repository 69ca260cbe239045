"""The migration environment for several databases.

The "databases" option names the engines; each engine's section in
alembic.ini holds its sqlalchemy.url.  Every revision file has an
upgrade_<name>() / downgrade_<name>() pair per engine, reached through
``upgrade(engine_name)`` / ``downgrade(engine_name)``.
"""

import logging
import re
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

# Commit all databases with two-phase commit (the drivers must support it).
USE_TWOPHASE = False

# The Config of the running command: values from alembic.ini.
config = context.config

# Configure Python logging from the ini file's [loggers] etc. sections.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

# The engine names, e.g. "engine1, engine2".
db_names = [
    name for name in re.split(r",\s*", config.get_main_option("databases", "")) if name
]

# The MetaData autogenerate compares with the databases: one MetaData for
# all of them, or a dict of engine name -> MetaData, e.g.
# {"engine1": models.metadata1, "engine2": models.metadata2}.
target_metadata = None


def metadata_for(name: str):
    """The MetaData that engine ``name`` is compared with."""
    if isinstance(target_metadata, dict):
        return target_metadata.get(name)
    return target_metadata


def run_migrations_offline() -> None:
    """Write each database's migration SQL to <name>.sql; no DBAPI needed."""
    for name in db_names:
        url = config.get_section_option(name, "sqlalchemy.url")
        logger.info("Migrating database %s", name)
        file_ = f"{name}.sql"
        logger.info("Writing output to %s", file_)
        with open(file_, "w") as buffer:
            context.configure(
                url=url,
                output_buffer=buffer,
                target_metadata=metadata_for(name),
                literal_binds=True,
                dialect_opts={"paramstyle": "named"},
            )
            with context.begin_transaction():
                context.run_migrations(engine_name=name)


def run_migrations_online() -> None:
    """Migrate every database, each in its own transaction, committed together."""
    connections = {}
    transactions = {}
    try:
        for name in db_names:
            engine = engine_from_config(
                config.get_section(name, {}),
                prefix="sqlalchemy.",
                poolclass=pool.NullPool,
            )
            connections[name] = connection = engine.connect()
            transactions[name] = (
                connection.begin_twophase() if USE_TWOPHASE else connection.begin()
            )

        for name in db_names:
            logger.info("Migrating database %s", name)
            context.configure(
                connection=connections[name],
                upgrade_token=f"{name}_upgrades",
                downgrade_token=f"{name}_downgrades",
                target_metadata=metadata_for(name),
            )
            context.run_migrations(engine_name=name)

        if USE_TWOPHASE:
            for transaction in transactions.values():
                transaction.prepare()
        for transaction in transactions.values():
            transaction.commit()
    except BaseException:
        for transaction in transactions.values():
            if transaction.is_active:
                transaction.rollback()
        raise
    finally:
        for connection in connections.values():
            connection.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
