"""Writing a new migration environment from a template (``alembic init``).

The helpers work on paths only; :func:`alembic.command.init` decides which
files go where.  Mako is imported only when a ``.mako`` file is rendered.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import messaging
from .exc import CommandError

__all__ = [
    "NEW_PROJECT_PLUGINS",
    "check_metadata_spot",
    "closing_message",
    "copy_template_file",
    "ensure_directory",
    "find_template",
    "metadata_lines",
    "script_location_for",
    "write_ini",
    "write_toml",
]

#: ``autogenerate_plugins`` written into a new project's configuration: Alembic's
#: built-in comparison plus every opt-in ``alembic.ext`` plugin of this package
#: (each module's docstring says what it does; removing a line turns it off).
NEW_PROJECT_PLUGINS = (
    "alembic.autogenerate.*",
    "alembic.ext.check_constraints",
    "alembic.ext.primary_keys",
    "alembic.ext.postgresql_enums",
    "alembic.ext.sequences",
    "alembic.ext.postgresql_using",
    "alembic.ext.lenient_compare",
    "alembic.ext.sqlite_expression_indexes",
    "alembic.ext.cyclic_foreign_keys",
    "alembic.ext.mysql_fk_indexes",
    "alembic.ext.drop_guard",
    "alembic.ext.metadata_guard",
)

# Patterns are compiled on first use (``re`` caches them): ``alembic.command``
# imports this module for every command, and only ``init`` needs them.
_METADATA_SPEC = r"^(?P<module>[A-Za-z_][\w.]*):(?P<attr>[A-Za-z_][\w.]*)$"

#: The line of the templates' env.py that ``--metadata`` replaces.
METADATA_SPOT = r"(?m)^target_metadata = None[ \t]*$"


def find_template(template_dir: Path, template: str) -> Path:
    """The directory of ``template``; an error listing the available ones."""
    path = template_dir / template
    if path.is_dir():
        return path
    names = (
        sorted(p.name for p in template_dir.iterdir() if p.is_dir())
        if template_dir.is_dir()
        else []
    )
    raise CommandError(
        f"No such template {template!r}; available templates: {', '.join(names) or 'none'} "
        "(see 'alembic list_templates')"
    )


def script_location_for(directory: Path, config_file: Path | None) -> str:
    """``script_location`` as written into ``config_file``: ``%(here)s``-relative."""
    if directory.is_absolute():
        return directory.as_posix()
    base = config_file.absolute().parent if config_file is not None else Path.cwd()
    relative = Path(os.path.relpath(directory.absolute(), base)).as_posix()
    return "%(here)s" if relative == "." else f"%(here)s/{relative}"


def metadata_lines(spec: str) -> str:
    """env.py lines for ``module:Name``: the import, then ``target_metadata``.

    ``Name`` is taken as a declarative base (``Name.metadata``) unless its last
    part already names a metadata object (``metadata``, ``metadata_obj``...).
    """
    match = re.match(_METADATA_SPEC, spec.strip())
    if match is None:
        raise CommandError(
            "--metadata expects 'package.module:Name' (for example myapp.models:Base), "
            f"got {spec!r}"
        )
    module, attr = match.group("module"), match.group("attr")
    expr = attr if "metadata" in attr.rsplit(".", 1)[-1].lower() else f"{attr}.metadata"
    return f"from {module} import {attr.split('.')[0]}\n\ntarget_metadata = {expr}"


def check_metadata_spot(
    template_path: Path, template: str, spec: str | None
) -> str | None:
    """The ``--metadata`` lines, checked against the template before writing anything."""
    if spec is None:
        return None
    lines = metadata_lines(spec)
    env_py = template_path / "env.py"
    if not env_py.is_file() or not re.search(
        METADATA_SPOT, env_py.read_text(encoding="utf-8")
    ):
        raise CommandError(
            f"Template {template!r} has no 'target_metadata = None' line in env.py for "
            "--metadata to replace; run init without --metadata and set target_metadata "
            "in env.py by hand"
        )
    return lines


def ensure_directory(path: Path, quiet: bool) -> None:
    """Create ``path`` (announced) unless it exists."""
    if not path.exists():
        with messaging.status(f"Creating directory {path.absolute()}", quiet=quiet):
            path.mkdir(parents=True)


def write_ini(ini_path: Path, source: Path, script_location: str, quiet: bool) -> Path:
    """Render ``alembic.ini.mako`` to ``ini_path``, leaving an existing file alone."""
    from .pyfiles import template_to_file

    ini_path = ini_path.absolute()
    if ini_path.exists():
        messaging.msg(f"File {ini_path} already exists, skipping", quiet=quiet)
    else:
        with messaging.status(f"Generating {ini_path}", quiet=quiet):
            template_to_file(
                source,
                ini_path,
                "utf-8",
                script_location=script_location,
                autogenerate_plugins=NEW_PROJECT_PLUGINS,
            )
    return ini_path


def write_toml(
    toml_path: Path, source: Path, script_location: str, quiet: bool
) -> Path:
    """Render ``pyproject.toml.mako``: new file, appended, or skipped if configured."""
    from . import compat
    from .pyfiles import template_to_file

    toml_path = toml_path.absolute()
    if not toml_path.exists():
        with messaging.status(f"Generating {toml_path}", quiet=quiet):
            template_to_file(
                source,
                toml_path,
                "utf-8",
                script_location=script_location,
                autogenerate_plugins=NEW_PROJECT_PLUGINS,
            )
        return toml_path
    with open(toml_path, "rb") as handle:
        existing = compat.tomllib.load(handle)
    if "alembic" in existing.get("tool", {}):
        messaging.msg(
            f"File {toml_path} already exists and has a [tool.alembic] section, skipping",
            quiet=quiet,
        )
        return toml_path
    with messaging.status(f"Appending to existing {toml_path}", quiet=quiet):
        with open(toml_path, "a", encoding="utf-8") as handle:
            handle.write("\n")
        template_to_file(
            source,
            toml_path,
            "utf-8",
            append=True,
            script_location=script_location,
            autogenerate_plugins=NEW_PROJECT_PLUGINS,
        )
    return toml_path


def copy_template_file(
    source: Path, dest: Path, metadata: str | None, quiet: bool
) -> None:
    """Copy one template file; env.py gets the ``--metadata`` lines if given."""
    with messaging.status(f"Generating {dest.absolute()}", quiet=quiet):
        if metadata is not None and source.name == "env.py":
            text = source.read_text(encoding="utf-8")
            wired = re.sub(METADATA_SPOT, lambda _m: metadata, text, count=1)
            dest.write_text(wired, encoding="utf-8")
        else:
            import shutil

            shutil.copy(source, dest)


def closing_message(ini_path: Path | None, toml_path: Path | None, quiet: bool) -> None:
    """Tell the user which files to edit next.

    Alembic's "Please edit ... before proceeding" is said only when the
    database URL written is a placeholder; this project's templates write
    one that works as is (an environment variable, else an SQLite file).
    """
    if ini_path is not None and not _url_is_placeholder(ini_path):
        messaging.msg(
            f"The database URL in {ini_path} works as written: it reads an "
            "environment variable (see the file) and falls back to an SQLite file "
            "beside it. Edit sqlalchemy.url and the logging settings there as needed.",
            quiet=quiet,
        )
    elif toml_path is not None and ini_path is not None:
        messaging.msg(
            f"Please edit configuration settings in {toml_path} and "
            f"configuration/connection/logging settings in {ini_path} before proceeding.",
            quiet=quiet,
        )
    elif ini_path is not None or toml_path is not None:
        messaging.msg(
            "Please edit configuration/connection/logging settings in "
            f"{ini_path or toml_path} before proceeding.",
            quiet=quiet,
        )


def _url_is_placeholder(ini_path: Path) -> bool:
    """Whether the written ini still holds a URL that must be edited (Alembic's
    ``driver://user:pass@localhost/dbname``) or none that works by default."""
    try:
        text = ini_path.read_text(encoding="utf-8")
    except OSError:
        return True
    return "driver://" in text or "sqlite:///" not in text.replace("+aiosqlite", "")