# Alembic database and logging settings; the code-related settings are in
# the [tool.alembic] table of pyproject.toml.

[alembic]
# The database URL, read by env.py.  DATABASE_URL from the environment wins;
# otherwise an SQLite file next to this file is used.
sqlalchemy.url = <%text>${DATABASE_URL:-sqlite:///%(here)s/app.db}</%text>


# Logging, read by fileConfig() in env.py.
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
datefmt = %H:%M:%S
