"""Configuration: ``alembic.ini`` and ``[tool.alembic]`` in ``pyproject.toml``.

:class:`Config` is what env.py sees as ``context.config`` and what every
function in :mod:`alembic.command` receives.  Values may use ``%(here)s`` (the
directory of the file), ``%%`` for a literal percent (a lone ``%`` is kept as
is, so URL-encoded passwords work), and ``${VAR}`` / ``${VAR:-default}``
environment references; see :mod:`alembic.util.interpolation`.

The command line lives in :mod:`alembic.cli`; :func:`main` and
``CommandLine`` are re-exported here because ``alembic.config:main`` is the
console entry point and tools import ``CommandLine`` from this module.
"""

from __future__ import annotations

import os
import re
import sys
from argparse import Namespace
from collections.abc import Mapping, Sequence
from configparser import ConfigParser
from pathlib import Path
from typing import Any, TextIO, overload

from .util import compat
from .util.exc import CommandError, ConfigurationError
from .util.interpolation import LenientInterpolation, interpolate, kept_names
from .util.langhelpers import EMPTY_DICT, immutabledict, memoized_property
from .util.messaging import warn_deprecated, write_outstream

__all__ = ["CommandLine", "Config", "main"]  # noqa: F822 - CommandLine is lazy

_SPLIT_SPACE_COMMA = re.compile(r", *|(?: +)")
_SPLIT_SPACE_COMMA_COLON = re.compile(r", *|(?: +)|\:")

_SEPARATORS = {"space": " ", "newline": "\n", "os": os.pathsep, ":": ":", ";": ";"}


class Config:
    """The settings of one Alembic environment.

    ``file_`` names the ini file, ``toml_file`` a ``pyproject.toml``; either
    may be missing.  ``ini_section`` is the ini section holding the main
    options (``-n`` on the command line).  ``cmd_opts`` is the argparse
    namespace when run from the CLI, ``attributes`` a free dict for passing
    objects (such as a connection) to env.py, ``config_args`` extra defaults
    for ini interpolation, ``stdout`` where :meth:`print_stdout` writes, and
    ``output_buffer`` where ``--sql`` output goes.
    """

    cmd_opts: Namespace | None = None
    config_file_name: str | os.PathLike | None = None
    toml_file_name: str | os.PathLike | None = None
    config_ini_section: str = "alembic"

    def __init__(
        self,
        file_: str | os.PathLike | None = None,
        toml_file: str | os.PathLike | None = None,
        ini_section: str = "alembic",
        output_buffer: TextIO | None = None,
        stdout: TextIO | None = None,
        cmd_opts: Namespace | None = None,
        config_args: Mapping[str, Any] = EMPTY_DICT,
        attributes: dict[str, Any] | None = None,
    ) -> None:
        self.config_file_name = file_
        self.toml_file_name = toml_file
        self.config_ini_section = ini_section
        self.output_buffer = output_buffer
        self.stdout = stdout
        self.cmd_opts = cmd_opts
        self.config_args = dict(config_args)
        if attributes:
            self.attributes.update(attributes)

    # -- output ---------------------------------------------------------

    @property
    def stdout(self) -> TextIO:
        """Where :meth:`print_stdout` writes (``sys.stdout`` unless given)."""
        return self._stdout if self._stdout is not None else sys.stdout

    @stdout.setter
    def stdout(self, value: TextIO | None) -> None:
        self._stdout = value

    @memoized_property
    def attributes(self) -> dict[str, Any]:
        """A dict for handing objects to env.py (``config.attributes["connection"]``)."""
        return {}

    @memoized_property
    def messaging_opts(self) -> Mapping[str, Any]:
        """Keyword arguments for the messaging functions (the ``-q`` switch)."""
        return immutabledict({"quiet": bool(getattr(self.cmd_opts, "quiet", False))})

    def print_stdout(self, text: str, *arg: Any) -> None:
        """Write ``text`` (``%``-formatted with ``arg`` if given) and a newline."""
        output = str(text) % arg if arg else str(text)
        write_outstream(self.stdout, output, "\n", **self.messaging_opts)

    # -- files ----------------------------------------------------------

    @property
    def _config_file_path(self) -> Path | None:
        if self.config_file_name is None:
            return None
        return Path(self.config_file_name)

    @property
    def _toml_file_path(self) -> Path | None:
        if self.toml_file_name is None:
            return None
        return Path(self.toml_file_name)

    @memoized_property
    def file_config(self) -> ConfigParser:
        """The ini file as a ConfigParser (``here`` and ``config_args`` as defaults)."""
        path = self._config_file_path
        here = path.absolute().parent if path is not None else Path()
        self.config_args["here"] = here.as_posix()
        name = str(path) if path is not None else None
        parser = ConfigParser(
            self.config_args, interpolation=LenientInterpolation(name)
        )
        if path is None:
            parser.add_section(self.config_ini_section)
            return parser
        # ConfigParser.read is called even for a file that does not exist (it
        # skips it), as Alembic does: tools that patch ``open`` to feed the
        # reads (pytest-alembic's tests) count on that call.  A named file
        # that does not exist leaves no main section, so get_main_option()
        # reports "No config file ... found".
        try:
            compat.read_config_parser(parser, [path])
        except Exception as err:
            raise ConfigurationError(
                f"Can't read config file {path}: {_one_line(err)}"
            ) from err
        return parser

    @memoized_property
    def toml_alembic_config(self) -> Mapping[str, Any]:
        """The ``[tool.alembic]`` table of the pyproject file (``{}`` if none)."""
        path = self._toml_file_path
        if path is None or not path.exists():
            return {}
        self.toml_args = {"here": path.absolute().parent.as_posix()}
        try:
            with open(path, "rb") as handle:
                data = compat.tomllib.load(handle)
        except compat.tomllib.TOMLDecodeError as err:
            raise ConfigurationError(
                f"Can't parse {path}: {err}; fix the TOML syntax"
            ) from err
        section = data.get("tool", {}).get("alembic", {})
        if not isinstance(section, dict):
            raise CommandError("Incorrect TOML format")
        return section

    def get_template_directory(self) -> str:
        """The directory holding the ``init`` templates (subclasses may override)."""
        return str(Path(__file__).absolute().parent / "templates")

    def _get_template_path(self) -> Path:
        return Path(self.get_template_directory())

    # -- ini access -----------------------------------------------------

    @overload
    def get_section(self, name: str) -> dict[str, str] | None: ...
    @overload
    def get_section(self, name: str, default: dict[str, str]) -> dict[str, str]: ...
    @overload
    def get_section(
        self, name: str, default: Mapping[str, str] | None
    ) -> Mapping[str, str] | None: ...
    def get_section(
        self, name: str, default: Mapping[str, str] | None = None
    ) -> Mapping[str, str] | None:
        """All options of ini section ``name`` as a dict, or ``default``."""
        if not self.file_config.has_section(name):
            return default
        return dict(self.file_config.items(name))

    def set_main_option(self, name: str, value: str) -> None:
        """Set ``name`` in the main section (``%%`` reads back as ``%``)."""
        self.set_section_option(self.config_ini_section, name, value)

    def remove_main_option(self, name: str) -> None:
        """Remove ``name`` from the main section."""
        self.file_config.remove_option(self.config_ini_section, name)

    def set_section_option(self, section: str, name: str, value: str) -> None:
        """Set ``name`` in ``section``, creating the section if needed."""
        if not self.file_config.has_section(section):
            self.file_config.add_section(section)
        self.file_config.set(section, name, value)

    @overload
    def get_section_option(self, section: str, name: str, default: str) -> str: ...
    @overload
    def get_section_option(
        self, section: str, name: str, default: str | None = None
    ) -> str | None: ...
    def get_section_option(
        self, section: str, name: str, default: str | None = None
    ) -> str | None:
        """Option ``name`` of ini ``section``; errors if the section is missing."""
        if not self.file_config.has_section(section):
            raise CommandError(
                f"No config file {self.config_file_name!r} found, or file has no '[{section}]' section"
            )
        if self.file_config.has_option(section, name):
            return self.file_config.get(section, name)
        return default

    @overload
    def get_main_option(self, name: str, default: str) -> str: ...
    @overload
    def get_main_option(self, name: str, default: str | None = None) -> str | None: ...
    def get_main_option(self, name: str, default: str | None = None) -> str | None:
        """Option ``name`` of the main ini section (``[alembic]`` by default)."""
        return self.get_section_option(self.config_ini_section, name, default)

    # -- ini then toml --------------------------------------------------

    def get_alembic_option(self, name: str, default: Any | None = None) -> Any:
        """Option ``name`` from the ini main section, else from ``[tool.alembic]``."""
        if self.file_config.has_option(self.config_ini_section, name):
            return self.file_config.get(self.config_ini_section, name)
        return self._get_toml_config_value(name, default=default)

    def get_alembic_boolean_option(self, name: str) -> bool:
        """A boolean option: ini text must be ``true``; toml must be a real bool."""
        if self.file_config.has_option(self.config_ini_section, name):
            return self.file_config.get(self.config_ini_section, name) == "true"
        value = self.toml_alembic_config.get(name, False)
        if not isinstance(value, bool):
            raise CommandError(f"boolean value expected for TOML parameter {name!r}")
        return value

    def _get_toml_config_value(self, name: str, default: Any | None = None) -> Any:
        table = self.toml_alembic_config
        if name not in table:
            return default
        return self._interpolate_toml(table[name], name)

    def _interpolate_toml(self, value: Any, name: str) -> Any:
        """``value`` with strings interpolated (``%(here)s``, ``${VAR}``), recursively."""
        if isinstance(value, str):
            args = getattr(self, "toml_args", {})
            where = f"'{name}' of [tool.alembic] in {self.toml_file_name}"
            return interpolate(value, args.get, where, keep=kept_names(name))
        if isinstance(value, list):
            return [self._interpolate_toml(item, name) for item in value]
        if isinstance(value, dict):
            return {
                key: self._interpolate_toml(item, name) for key, item in value.items()
            }
        return value

    # -- lists ----------------------------------------------------------

    def _get_file_separator_char(self, *names: str) -> str | None:
        for name in names:
            separator = self.get_main_option(name)
            if separator is not None:
                break
        else:
            return None
        if separator not in _SEPARATORS:
            raise ValueError(
                f"'{separator}' is not a valid value for {name}; "
                "expected 'space', 'newline', 'os', ':', ';'"
            )
        if name == "version_path_separator":
            warn_deprecated(
                "The version_path_separator configuration parameter is deprecated; "
                "please use path_separator"
            )
        return _SEPARATORS[separator]

    def _split_path_option(
        self, key: str, legacy: re.Pattern[str], *separators: str
    ) -> list[str] | None:
        raw = self.file_config.get(self.config_ini_section, key, fallback=None)
        if not raw:
            value = self._get_toml_config_value(key, None)
            return [value] if isinstance(value, str) else value
        split_char = self._get_file_separator_char(*separators)
        if split_char is None:
            warn_deprecated(
                f"No path_separator found in configuration; falling back to legacy splitting "
                f"on spaces/commas for {key}.  Consider adding path_separator=os to Alembic config."
            )
            return [item for item in legacy.split(raw) if item]
        return [item.strip() for item in raw.split(split_char) if item.strip()]

    def get_version_locations_list(self) -> list[str] | None:
        """``version_locations`` as a list (split by ``path_separator``), or None."""
        return self._split_path_option(
            "version_locations",
            _SPLIT_SPACE_COMMA,
            "path_separator",
            "version_path_separator",
        )

    def get_prepend_sys_paths_list(self) -> list[str] | None:
        """``prepend_sys_path`` as a list (split by ``path_separator``), or None."""
        return self._split_path_option(
            "prepend_sys_path", _SPLIT_SPACE_COMMA_COLON, "path_separator"
        )

    def get_hooks_list(self) -> list[dict[str, Any]]:
        """The post-write hooks: one dict of options per hook, with ``_hook_name``."""
        if self.file_config.has_section("post_write_hooks"):
            return self._ini_hooks()
        hooks = []
        for entry in self._get_toml_config_value("post_write_hooks", []) or []:
            options = dict(entry)
            if "name" not in options:
                raise CommandError(
                    f"Each [[tool.alembic.post_write_hooks]] entry in {self.toml_file_name} needs a 'name' key"
                )
            options["_hook_name"] = options.pop("name")
            hooks.append(options)
        return hooks

    def _ini_hooks(self) -> list[dict[str, Any]]:
        section = self.get_section("post_write_hooks", {}) or {}
        hooks = []
        for name in _SPLIT_SPACE_COMMA.split(section.get("hooks", "")):
            if not name:
                continue
            prefix = name + "."
            options: dict[str, Any] = {
                key[len(prefix) :]: value
                for key, value in section.items()
                if key.startswith(prefix)
            }
            options["_hook_name"] = name
            hooks.append(options)
        return hooks


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def main(
    argv: Sequence[str] | None = None, prog: str | None = None, **kwargs: Any
) -> None:
    """The console entry point: parse ``argv`` and run one command.

    Extra keyword arguments go to the :class:`Config` built for the command
    (for example ``stdout=`` to capture output).
    """
    from .cli import CommandLine as _CommandLine

    if argv is not None:  # called by a host program: leave its process alone
        _CommandLine(prog=prog).main(argv=argv, **kwargs)
        return
    from .util.process import command_process

    with command_process():
        _CommandLine(prog=prog).main(argv=argv, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "CommandLine":
        from .cli import CommandLine as _CommandLine

        return _CommandLine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
