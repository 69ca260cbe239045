"""The ``alembic`` command line, derived from :mod:`alembic.command`.

Each public function of :mod:`alembic.command` becomes a subcommand: its
positional parameters become positional arguments and its keyword
parameters become the flags in :attr:`CommandLine._KWARGS_OPTS`; the help
text is the first paragraph of the docstring.  This is the only place that
prints errors (``FAILED: <message>``) and chooses the exit status.
"""

from __future__ import annotations

import io
import os
import sys
from argparse import (
    SUPPRESS,
    Action,
    ArgumentParser,
    BooleanOptionalAction,
    HelpFormatter,
    Namespace,
)
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FunctionType
from typing import TYPE_CHECKING, Any, ClassVar

from . import __version__
from .config import Config
from .util.exc import CommandError
from .util.messaging import redirect, write_outstream
from .util.scriptout import same_stream, watching_script_output
from .util.redact import (
    install_excepthook,
    install_warning_masking,
    mask_text,
    masked_std_streams,
    register_url,
    scrub_exception,
)

if TYPE_CHECKING:
    from .util import failures

__all__ = ["EXIT_FAILURE", "CommandLine", "main"]

#: ``SystemExit`` code after a failed command: ``-1``, as Alembic's, so a host
#: calling ``CommandLine.main(argv)`` sees the same code; the process exit
#: status is 255.
EXIT_FAILURE = -1

#: Commands that never run env.py nor log, so they skip installing the log
#: masking (and the cost of importing :mod:`logging`).
_NO_ENV_COMMANDS = frozenset({"heads", "branches", "init", "list_templates"})

_Opt = tuple[tuple[str, ...], dict[str, Any]]


def _flag(*names: str, **kw: Any) -> _Opt:
    return names, kw


def _distribution_version() -> str:
    """The installed distribution's version, or the one in pyproject.toml."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("alembic")
    except PackageNotFoundError:
        pyproject = Path(__file__).absolute().parent.parent / "pyproject.toml"
        for line in (
            pyproject.read_text(encoding="utf-8").splitlines()
            if pyproject.exists()
            else ()
        ):
            if line.startswith("version"):
                return line.split("=", 1)[1].strip().strip("\"'")
    return __version__


class _VersionAction(Action):
    """``--version``: the interface level, then this build's distribution version."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = SUPPRESS,
        help: str | None = None,
    ) -> None:
        super().__init__(
            option_strings, dest=dest, default=SUPPRESS, nargs=0, help=help
        )

    def __call__(
        self,
        parser: ArgumentParser,
        namespace: Namespace,
        values: Any,
        option_string: Any = None,
    ) -> None:
        build = (
            f"this project's independent build; distribution {_distribution_version()}"
        )
        text = f"{parser.prog} {__version__} ({build})"
        write_outstream(sys.stdout, text, "\n")
        parser.exit()


def _help_text(fn: Callable[..., Any]) -> str:
    """The first paragraph of ``fn``'s docstring, on one line."""
    words: list[str] = []
    for line in (fn.__doc__ or "").strip().splitlines():
        if not line.strip():
            break
        words.extend(line.split())
    return " ".join(words)


def _parameters(fn: Callable[..., Any]) -> list[tuple[str, bool]]:
    """``(name, has a default)`` for each named parameter of ``fn``, in order.

    Read from the function's code object (``inspect.signature`` would import
    :mod:`inspect`, a noticeable share of a short command's start-up);
    functions with a ``__signature__`` or that are not plain Python
    functions go through :mod:`inspect` after all.
    """
    while hasattr(fn, "__wrapped__") and not hasattr(fn, "__signature__"):
        fn = fn.__wrapped__
    if type(fn) is not FunctionType or hasattr(fn, "__signature__"):
        import inspect

        return [
            (p.name, p.default is not p.empty)
            for p in inspect.signature(fn).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
    code = fn.__code__
    positional = code.co_varnames[: code.co_argcount]
    keyword_only = code.co_varnames[
        code.co_argcount : code.co_argcount + code.co_kwonlyargcount
    ]
    first_default = len(positional) - len(fn.__defaults__ or ())
    kw_defaults = fn.__kwdefaults__ or {}
    return [(name, i >= first_default) for i, name in enumerate(positional)] + [
        (name, name in kw_defaults) for name in keyword_only
    ]


def _terminal_columns() -> int:
    """The terminal width, worked out as ``shutil.get_terminal_size()`` does."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(HelpFormatter):
    """argparse's formatter, sized without importing :mod:`shutil`.

    argparse makes a formatter for every argument it adds (to check the
    metavar), and the stock one imports :mod:`shutil`, with the compression
    modules behind it, only to read the terminal width.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _CommandParser(ArgumentParser):
    """A subcommand's parser, built the first time anything uses it.

    One process runs one command, so building every other command's parser
    (its options, help texts and their translation look-ups) would be
    wasted.  Until then the object holds only its constructor arguments and
    the set-up steps queued by :meth:`when_built`; reading any attribute a
    built parser has builds it (parsing, usage and help all do).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        self.__dict__["_pending"] = (kwargs, [])

    def when_built(self, step: Callable[[ArgumentParser], None]) -> None:
        """Run ``step(parser)`` once the parser is built (now, if it is)."""
        pending = self.__dict__.get("_pending")
        if pending is None:
            step(self)
        else:
            pending[1].append(step)

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.pop("_pending", None)
        if pending is None:
            raise AttributeError(name)
        kwargs, steps = pending
        super().__init__(**kwargs)
        for step in steps:
            step(self)
        return getattr(self, name)


class CommandLine:
    """Builds the argument parser and runs one command from ``argv``."""

    _KWARGS_OPTS: ClassVar[dict[str, _Opt]] = {
        "template": _flag(
            "-t",
            "--template",
            default="generic",
            type=str,
            help="Setup template for use with 'init'",
        ),
        "message": _flag(
            "-m", "--message", type=str, help="Message string to use with 'revision'"
        ),
        "sql": _flag(
            "--sql",
            action="store_true",
            help="Don't emit SQL to database - dump to standard output/file instead. "
            "See docs on offline mode.",
        ),
        "tag": _flag(
            "--tag",
            type=str,
            help="Arbitrary 'tag' name - can be used by custom env.py scripts.",
        ),
        "head": _flag(
            "--head",
            type=str,
            help="Specify head revision or <branchname>@head to base new revision on.",
        ),
        "splice": _flag(
            "--splice",
            action="store_true",
            help="Allow a non-head revision as the 'head' to splice onto",
        ),
        "depends_on": _flag(
            "--depends-on",
            action="append",
            help="Specify one or more revision identifiers which this revision should depend on.",
        ),
        "rev_id": _flag(
            "--rev-id",
            type=str,
            help="Specify a hardcoded revision id instead of generating one",
        ),
        "version_path": _flag(
            "--version-path",
            type=str,
            help="Specify specific path from config for version file",
        ),
        "branch_label": _flag(
            "--branch-label",
            type=str,
            help="Specify a branch label to apply to the new revision",
        ),
        "verbose": _flag(
            "-v", "--verbose", action="store_true", help="Use more verbose output"
        ),
        "resolve_dependencies": _flag(
            "--resolve-dependencies",
            action="store_true",
            help="Treat dependency versions as down revisions",
        ),
        "autogenerate": _flag(
            "--autogenerate",
            action="store_true",
            help="Populate revision script with candidate migration operations, "
            "based on comparison of database to model.",
        ),
        "rev_range": _flag(
            "-r",
            "--rev-range",
            action="store",
            help="Specify a revision range; format is [start]:[end]",
        ),
        "indicate_current": _flag(
            "-i",
            "--indicate-current",
            action="store_true",
            help="Indicate the current revision",
        ),
        "purge": _flag(
            "--purge",
            action="store_true",
            help="Unconditionally erase the version table before stamping",
        ),
        "package": _flag(
            "--package",
            action="store_true",
            help="Write empty __init__.py files to the environment and version locations",
        ),
        "check_heads": _flag(
            "-c",
            "--check-heads",
            action="store_true",
            help="Check if all head revisions are applied to the database. "
            "Exit with an error code if this is not the case.",
        ),
        "accept": _flag(
            "--accept",
            nargs="+",
            metavar="REV",
            help="Record the current file checksum of these applied revisions "
            "(or 'all') as intended edits",
        ),
        "applied": _flag(
            "--applied",
            action="store_true",
            help="Show the log of applied migration steps recorded in the database",
        ),
        "shadow": _flag(
            "--shadow",
            action=BooleanOptionalAction,
            default=None,
            help="Compare with a throwaway database replayed from the migration "
            "history instead of the live database (default: the 'shadow' option)",
        ),
        "metadata": _flag(
            "--metadata",
            type=str,
            help="Wire target_metadata into env.py from 'package.module:Name' "
            "(a declarative Base or a MetaData)",
        ),
    }

    _POSITIONAL_OPTS: ClassVar[dict[str, dict[str, Any]]] = {
        "directory": {"help": "location of scripts directory"},
        "revision": {"help": "revision identifier"},
        "revisions": {
            "nargs": "+",
            "help": "one or more revisions, or 'heads' for all heads",
        },
        "rev": {"help": "revision identifier, or 'current'"},
    }

    #: Positional parameters shown under another name: {function name: {param: shown}}.
    _POSITIONAL_TRANSLATIONS: ClassVar[dict[str, dict[str, str]]] = {
        "stamp": {"revision": "revisions"}
    }

    #: A flag whose meaning differs for one command: {(function name, param): help}.
    _HELP_FOR: ClassVar[dict[tuple[str, str], str]] = {
        ("drift", "sql"): "Also print the SQL statements that bring the live database "
        "back to the migration history's schema (the differences as comments)",
    }

    def __init__(self, prog: str | None = None) -> None:
        self._generate_args(prog)

    # -- parser construction --------------------------------------------

    def _generate_args(self, prog: str | None) -> None:
        parser = ArgumentParser(prog=prog, formatter_class=_HelpFormatter)
        parser.add_argument(
            "--version",
            action=_VersionAction,
            help="show program's version number and exit",
        )
        parser.add_argument(
            "-c",
            "--config",
            action="append",
            help="Alternate config file; defaults to value of ALEMBIC_CONFIG environment "
            'variable, or "alembic.ini". May also refer to pyproject.toml file.  May be '
            "specified twice to reference both files separately",
        )
        parser.add_argument(
            "-n",
            "--name",
            type=str,
            default="alembic",
            help=(
                "Name of section in .ini file to use for Alembic config "
                "(only applies to configparser config, not toml)"
            ),
        )
        parser.add_argument(
            "-x",
            action="append",
            help="Additional arguments consumed by custom env.py scripts, "
            "e.g. -x setting1=somesetting -x setting2=somesetting",
        )
        parser.add_argument(
            "--raiseerr", action="store_true", help="Raise a full stack trace on error"
        )
        parser.add_argument(
            "-q", "--quiet", action="store_true", help="Do not log to std output."
        )
        self.parser = parser
        self.subparsers = parser.add_subparsers(parser_class=_CommandParser)
        from . import command

        for name, fn in sorted(vars(command).items()):
            if (
                isinstance(fn, FunctionType)
                and not name.startswith("_")
                and fn.__module__ == command.__name__
            ):
                self.register_command(fn)

    def _split_params(self, fn: Callable[..., Any]) -> tuple[list[str], list[str]]:
        """``fn``'s positional and keyword parameter names, ``config`` excluded."""
        positional: list[str] = []
        keyword: list[str] = []
        for name, has_default in _parameters(fn)[1:]:
            (keyword if has_default else positional).append(name)
        return positional, keyword

    def register_command(self, fn: Callable[..., Any]) -> None:
        """Add ``fn(config, ...)`` as a subcommand named after the function."""
        positional, keyword = self._split_params(fn)
        translations = self._POSITIONAL_TRANSLATIONS.get(fn.__name__, {})
        subparser = self.subparsers.add_parser(fn.__name__, help=_help_text(fn))

        def set_up(subparser: ArgumentParser) -> None:
            for name in keyword:
                if name in self._KWARGS_OPTS:
                    flags, kw = self._KWARGS_OPTS[name]
                    if (fn.__name__, name) in self._HELP_FOR:
                        kw = {**kw, "help": self._HELP_FOR[fn.__name__, name]}
                    subparser.add_argument(*flags, dest=name, **kw)
            for name in positional:
                shown = translations.get(name, name)
                subparser.add_argument(
                    shown, **self._POSITIONAL_OPTS.get(shown, {"help": shown})
                )
            subparser.set_defaults(
                cmd=(fn, [translations.get(p, p) for p in positional], keyword)
            )

        if isinstance(subparser, _CommandParser):
            subparser.when_built(set_up)
        else:  # a caller replaced ``subparsers``: set it up now
            set_up(subparser)

    # -- running --------------------------------------------------------

    def run_cmd(self, config: Config, options: Namespace) -> None:
        """Call the chosen command; a CommandError becomes ``FAILED:`` and exit 255."""
        fn, positional, keyword = options.cmd
        with watching_script_output() as script_streams:
            try:
                fn(
                    config,
                    *[getattr(options, name, None) for name in positional],
                    **{
                        name: getattr(options, name, None)
                        for name in keyword
                        if hasattr(options, name)
                    },
                )
            except Exception as err:
                scrub_exception(err)
                if options.raiseerr:
                    raise
                from .util import failures  # only on the way out

                if _is_revision_error(err):
                    failure = failures.Failure(str(err), EXIT_FAILURE)
                else:
                    failure = failures.describe(err, _url_setting(config))
                self._fail(config, failure, script_streams)

    def _fail(
        self, config: Config, failure: failures.Failure, script_streams: list[Any]
    ) -> None:
        """Print ``FAILED: <one line>`` and exit with Alembic's status for it.
        When part of an ``--sql`` script already went to the same stream, the
        line goes to stderr, so the SQL written so far stays a valid script."""
        from .util import failures

        text = mask_text(failures.one_line(failure.text))
        _log_error(text)
        stream = config.stdout
        if any(same_stream(stream, written) for written in script_streams):
            stream = sys.stderr
        write_outstream(stream, f"FAILED: {text}\n")
        sys.exit(failure.status)

    def _config_files(self, options: Namespace) -> tuple[str, str, bool]:
        """The ini and pyproject.toml paths from ``-c`` (or ``ALEMBIC_CONFIG``, or defaults).

        The flag says whether the ini file was named explicitly.
        """
        ini: str | None = None
        toml: str | None = None
        names = options.config or []
        if not names and os.environ.get("ALEMBIC_CONFIG"):
            names = [os.environ["ALEMBIC_CONFIG"]]
        for name in names:
            if Path(name).name == "pyproject.toml":
                if toml is not None:
                    raise CommandError(
                        "pyproject.toml indicated more than once; give -c pyproject.toml only once"
                    )
                toml = name
            else:
                if ini is not None:
                    raise CommandError(
                        f"only one ini file may be indicated (got {ini!r} and {name!r}); "
                        "the second -c must name pyproject.toml"
                    )
                ini = name
        return ini or "alembic.ini", toml or "pyproject.toml", ini is not None

    def _check_config_exists(
        self, config: Config, options: Namespace, explicit_ini: bool
    ) -> None:
        """A clear error when no config file exists (``init``/``list_templates`` need none)."""
        fn = options.cmd[0]
        if fn.__name__ in ("init", "list_templates") or not _is_builtin(fn):
            # a command added with register_command may need no config file
            # (Alembic runs it all the same); if it does, reading an option
            # reports the missing file
            return
        ini = config._config_file_path
        if ini is not None and ini.exists():
            section = config.config_ini_section
            if (
                not config.file_config.has_section(section)
                and not config.toml_alembic_config
            ):
                raise CommandError(
                    f"{_NO_SCRIPT_LOCATION} Config file {str(ini)!r} has no "
                    f"'[{section}]' section; add one, or name another with -n"
                )
            return
        if explicit_ini:
            raise CommandError(
                f"{_NO_SCRIPT_LOCATION} Config file {str(ini)!r} not found; check the "
                "-c / ALEMBIC_CONFIG path, or run 'alembic init <directory>' to create one"
            )
        toml = config._toml_file_path
        if toml is not None and toml.exists() and config.toml_alembic_config:
            return
        raise CommandError(
            f"{_NO_SCRIPT_LOCATION} No config file {str(ini)!r} found (and no "
            f"[tool.alembic] section in {str(toml)!r}); run 'alembic init <directory>' "
            "to create one, or pass -c <file>"
        )

    def main(self, argv: Sequence[str] | None = None, **config_kw: Any) -> None:
        """Parse ``argv`` (default ``sys.argv[1:]``) and run the command."""
        options = self.parser.parse_args(argv)
        if not hasattr(options, "cmd"):
            self.parser.error("too few arguments")
        stdout = config_kw.get("stdout")
        if options.cmd[0].__name__ not in _NO_ENV_COMMANDS:
            from .util.logmask import install_log_masking

            install_log_masking()
        install_warning_masking()
        install_excepthook()
        with redirect(stdout):
            try:
                ini, toml, explicit_ini = self._config_files(options)
                config = Config(
                    file_=ini,
                    toml_file=toml,
                    ini_section=options.name,
                    cmd_opts=options,
                    **config_kw,
                )
                self._check_config_exists(config, options, explicit_ini)
                _register_secrets(config, options)
            except Exception as err:
                scrub_exception(err)
                if options.raiseerr:
                    raise
                from .util import failures

                failure = failures.describe(err)
                text = mask_text(failures.one_line(failure.text))
                write_outstream(stdout or sys.stdout, f"FAILED: {text}\n")
                sys.exit(failure.status)
            try:
                with masked_std_streams(stdout=not getattr(options, "sql", False)):
                    self.run_cmd(config, options)
            except BrokenPipeError:
                _quiet_broken_pipe()


def _is_builtin(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` is one of :mod:`alembic.command`'s own commands."""
    return getattr(fn, "__module__", None) == "alembic.command"


def _register_secrets(config: Config, options: Namespace) -> None:
    """Remember the passwords of the configured URL and of ``-x`` URLs, to mask them."""
    try:
        register_url(config.get_main_option("sqlalchemy.url"))
    except Exception:  # noqa: BLE001, S110 - reported when a command reads the option
        pass
    for item in options.x or ():
        value = item.split("=", 1)[-1]
        if "://" in value:
            register_url(value)


def _quiet_broken_pipe() -> None:
    """Output was piped into a reader that stopped (``| head``): exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # no real fd
        pass
    sys.exit(1)


def _url_setting(config: Config) -> failures.UrlSetting:
    """Where ``sqlalchemy.url`` is written, for the message about a bad URL."""
    from .util import failures

    where = config.config_file_name or "the configuration"

    def raw() -> str | None:
        try:
            section = config.config_ini_section
            return config.file_config.get(section, "sqlalchemy.url", raw=True)
        except Exception:  # noqa: BLE001 - no file, no section, no option
            return None

    return failures.UrlSetting(f"sqlalchemy.url in {where}", raw)


# Alembic's own text when no configuration names the scripts; our messages
# for a missing config file start with it, then say which file and what to do.
_NO_SCRIPT_LOCATION = "No 'script_location' key found in configuration."


def _log_error(text: str) -> None:
    """Also record a failure as an ERROR on ``alembic.util.messaging``, as
    Alembic does, so that the handlers env.py configured show it.

    Only when logging is already in use (heads and friends never import it)
    and some handler would take the record: Python's last-resort handler
    must not print a second copy to stderr.
    """
    logging = sys.modules.get("logging")
    if logging is None:
        return
    logger = logging.getLogger("alembic.util.messaging")
    if logger.hasHandlers():
        logger.error(text)


def _is_revision_error(err: BaseException) -> bool:
    """Whether ``err`` is one of the revision graph's typed errors (bad ids, cycles...)."""
    try:
        from .script.revision import RevisionError
    except ImportError:  # pragma: no cover - graph layer missing
        return False
    return isinstance(err, RevisionError)


def main(
    argv: Sequence[str] | None = None, prog: str | None = None, **kwargs: Any
) -> None:
    """Run the command line (same as :func:`alembic.config.main`)."""
    CommandLine(prog=prog).main(argv=argv, **kwargs)
