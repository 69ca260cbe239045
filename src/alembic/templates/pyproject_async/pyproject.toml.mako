[tool.alembic]

# Folder holding env.py, script.py.mako and the versions/ directory.
# %(here)s stands for the directory containing this file.
script_location = "${script_location}"

# Name pattern for new revision files (".py" is added).  Tokens: rev, slug,
# epoch, year, month, day, hour, minute, second; a "/" makes subdirectories
# (then set recursive_version_locations = true).  Percent signs are doubled
# because values here get %-interpolation.  Date-first names sort
# chronologically:
# file_template = "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s"

# Paths put in front of sys.path before env.py runs.
prepend_sys_path = [
    ".",
]

# Timezone for the "Create Date" of new revision files; any zoneinfo name.
# timezone = "UTC"

# Longest "slug" (the message part of the file name).
# truncate_slug_length = 40

# Run env.py during "revision" even without --autogenerate.
# revision_environment = false

# Also load revision files that exist only as .pyc.
# sourceless = false

# Autogenerate plugins, used when env.py passes no autogenerate_plugins.
# The alembic.ext ones go beyond Alembic 1.20 (each module's docstring says
# how); delete a line to get Alembic's own behaviour for that concern.
autogenerate_plugins = [
% for name in autogenerate_plugins:
    "${name}",
% endfor
]

# Where revision files live; defaults to <script_location>/versions.
# version_locations = [
#     "%(here)s/alembic/versions",
#     "%(here)s/other/versions",
# ]

# Look for revision files in subdirectories of each version location too.
# recursive_version_locations = false

# Encoding of newly written revision files.
# output_encoding = "utf-8"

# Record every applied migration step (revision, direction, outcome,
# duration, checksum of the revision file) in the table
# alembic_version_history, for "alembic history --applied" and
# "alembic verify".  Not in Alembic: without this line the database gets
# exactly Alembic's tables.
migration_history = true

# Programs run on each new revision file, one table per hook, in order.
# Format with black (its console script):
# [[tool.alembic.post_write_hooks]]
# name = "black"
# type = "console_scripts"
# entrypoint = "black"
# options = "-l 79 REVISION_SCRIPT_FILENAME"
#
# Lint-fix with ruff (an executable on PATH):
# [[tool.alembic.post_write_hooks]]
# name = "ruff"
# type = "exec"
# executable = "ruff"
# options = "check --fix REVISION_SCRIPT_FILENAME"
#
# Or the same through "python -m ruff" in this interpreter (module runner):
# [[tool.alembic.post_write_hooks]]
# name = "ruff"
# type = "module"
# module = "ruff"
# options = "check --fix REVISION_SCRIPT_FILENAME"
