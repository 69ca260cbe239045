"""The migration environment.

Alembic runs this file for every command that needs the database.  It
decides how to reach the database and hands control to the migration
context, online (through a live connection) or offline (writing SQL text
for ``--sql``).
"""

from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

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
    """Write the migrations as SQL text; only a URL is needed, no DBAPI.

    Statements (and context.execute() calls) go to the script output
    instead of a database.
    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations through a connection from a fresh Engine."""
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
