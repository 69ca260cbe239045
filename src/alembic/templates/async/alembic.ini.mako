# Alembic configuration for a single database, async driver.

[alembic]
# Folder holding env.py, script.py.mako and the versions/ directory.
# %(here)s stands for the directory containing this file.
script_location = ${script_location}

# Name pattern for new revision files (".py" is added).  Tokens: rev, slug,
# epoch, year, month, day, hour, minute, second; a "/" makes subdirectories
# (then set recursive_version_locations = true).  Percent signs are doubled
# here because this file uses ConfigParser interpolation.  Date-first names
# sort chronologically:
# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s

# Paths put in front of sys.path before env.py runs, split by path_separator.
prepend_sys_path = .

# Timezone for the "Create Date" of new revision files and for the file
# name tokens; any zoneinfo name (the tzdata package may be needed on
# Windows).  Unset means local time.
# timezone =

# Longest "slug" (the message part of the file name).
# truncate_slug_length = 40

# Run env.py during "revision" even without --autogenerate.
# revision_environment = false

# Also load revision files that exist only as .pyc (sourceless deployments).
# sourceless = false

# Autogenerate plugins, used when env.py passes no autogenerate_plugins.
# The alembic.ext ones go beyond Alembic 1.20 (each module's docstring says
# how); delete a line to get Alembic's own behaviour for that concern.
autogenerate_plugins =
% for name in autogenerate_plugins:
    ${name}
% endfor

# Where revision files live; defaults to <script_location>/versions.  Several
# locations are split by path_separator, e.g. with path_separator = os:
# version_locations = %(here)s/bar:%(here)s/bat:%(here)s/alembic/versions

# Look for revision files in subdirectories of each version location too.
# recursive_version_locations = false

# How version_locations and prepend_sys_path are split: "os" (the platform's
# os.pathsep), ":", ";", "space" or "newline".
path_separator = os

# Encoding of newly written revision files.
# output_encoding = utf-8

# Record every applied migration step (revision, direction, outcome,
# duration, checksum of the revision file) in the table
# alembic_version_history, for "alembic history --applied" and
# "alembic verify".  Not in Alembic: without this line the database gets
# exactly Alembic's tables.
migration_history = true

# The database URL, read by env.py.  DATABASE_URL from the environment wins;
# otherwise an SQLite file next to this file is used.
sqlalchemy.url = <%text>${DATABASE_URL:-sqlite+aiosqlite:///%(here)s/app.db}</%text>


[post_write_hooks]
# Programs run on each new revision file.  Examples: format with black (its
# console script) and lint-fix with ruff (an executable on PATH).

# hooks = black, ruff

# black.type = console_scripts
# black.entrypoint = black
# black.options = -l 79 REVISION_SCRIPT_FILENAME

# ruff.type = exec
# ruff.executable = ruff
# ruff.options = check --fix REVISION_SCRIPT_FILENAME

# Or run ruff as "python -m ruff" in this interpreter (the module runner):
# ruff.type = module
# ruff.module = ruff
# ruff.options = check --fix REVISION_SCRIPT_FILENAME

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
