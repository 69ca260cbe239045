"""The one line the console command prints for a failure, and its exit status.

Alembic prints ``FAILED: <message>`` and exits 255 for its own user errors
(``CommandError``), and ends everything else with a traceback and status 1.
Here every failure is one line (the traceback only with ``--raiseerr``), and
the status stays Alembic's for the same failure, so scripts that test it see
no change.  The line names where the error was raised (the user's env.py or
migration file) and what to do; see :func:`describe`.
"""

from __future__ import annotations

import os
import re
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from .exc import CommandError, explanation

__all__ = [
    "EXIT_FAILED",
    "EXIT_TRACEBACK",
    "Failure",
    "UrlSetting",
    "describe",
    "is_database_error",
    "one_line",
]

#: Alembic's ``SystemExit`` code after ``FAILED: ...`` (``sys.exit(-1)``;
#: the process exits with 255).
EXIT_FAILED = -1
#: Python's status after an uncaught exception (Alembic's traceback).
EXIT_TRACEBACK = 1

RERUN = " (rerun with --raiseerr for the traceback)"

_DRIVER_MODULES = frozenset(
    {"sqlalchemy", "psycopg", "psycopg2", "pymysql", "MySQLdb", "sqlite3", "asyncpg"}
)
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_URL_MODULE = os.path.join("sqlalchemy", "engine", "url.py")
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)?[^}]*\}")


@dataclass(frozen=True)
class Failure:
    """What the CLI prints after ``FAILED:`` and the status it exits with."""

    text: str
    status: int


@dataclass(frozen=True)
class UrlSetting:
    """Where the configured database URL comes from, for URL errors."""

    source: str  # e.g. "sqlalchemy.url in alembic.ini"
    raw: Callable[[], str | None]  # the value as written, before ``${VAR}``


def one_line(text: object) -> str:
    """``text`` with every run of white space made a single space."""
    return " ".join(str(text).split())


def is_database_error(err: BaseException) -> bool:
    """Whether ``err`` comes from SQLAlchemy or a DB driver (connection refused...)."""
    module = type(err).__module__ or ""
    return module.split(".")[0] in _DRIVER_MODULES


def describe(err: BaseException, url: UrlSetting | None = None) -> Failure:
    """The one-line report of ``err`` and the exit status Alembic would end with."""
    if isinstance(err, CommandError):
        return Failure(one_line(err), err.exit_status)
    told = explanation(err)
    if told:
        return Failure(one_line(told) + RERUN, EXIT_TRACEBACK)
    if _raised_in(err, _URL_MODULE):
        return Failure(_url_text(err, url) + RERUN, EXIT_TRACEBACK)
    if is_database_error(err):
        return Failure(one_line(err) + _outside_transaction_hint(err) + RERUN, EXIT_TRACEBACK)
    return Failure(_python_error_text(err) + RERUN, EXIT_TRACEBACK)


# What databases say when a statement cannot run inside a transaction
# (PostgreSQL: CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before 12,
# a new enum value used in the transaction that added it; SQLite: VACUUM).
_NEEDS_AUTOCOMMIT = re.compile(
    r"cannot run inside a transaction block|cannot VACUUM from within a transaction"
    r"|unsafe use of new value|cannot be executed from a function or multi-command",
    re.IGNORECASE,
)


def _outside_transaction_hint(err: BaseException) -> str:
    if not _NEEDS_AUTOCOMMIT.search(str(err)):
        return ""
    return (
        "; this statement cannot run inside the migration's transaction: run it in "
        "`with op.get_context().autocommit_block():` (which commits what the "
        "migration did before it)"
    )


def _frames(err: BaseException) -> list[tuple[str, int]]:
    """(file, line) of each traceback frame of ``err``, outermost first."""
    found: list[tuple[str, int]] = []
    tb: TracebackType | None = err.__traceback__
    while tb is not None:
        found.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return found


def _raised_in(err: BaseException, module_tail: str) -> bool:
    frames = _frames(err)
    return bool(frames) and frames[-1][0].endswith(module_tail)


def _is_library(filename: str, stdlib: str) -> bool:
    """Frames of this package, installed packages, the standard library."""
    if filename.startswith("<"):
        return True
    path = os.path.abspath(filename)
    if path.startswith(_PACKAGE_DIR + os.sep):
        return True
    parts = set(path.split(os.sep))
    return bool({"site-packages", "dist-packages"} & parts) or path.startswith(stdlib)


def _user_frame(err: BaseException) -> tuple[str, int] | None:
    """The innermost frame in the user's own files (env.py, a migration)."""
    stdlib = os.path.abspath(sysconfig.get_paths()["stdlib"]) + os.sep
    user = [f for f in _frames(err) if not _is_library(f[0], stdlib)]
    return user[-1] if user else None


def _python_error_text(err: BaseException) -> str:
    text = f"{type(err).__name__}: {one_line(err)}" if str(err) else type(err).__name__
    where = _user_frame(err)
    if where is not None:
        text += f" (raised at {where[0]}, line {where[1]})"
    if isinstance(err, ImportError):
        return text + "; install the missing package or fix the import"
    if where is not None:
        return text + "; fix the code there and rerun"
    return text


def _url_text(err: BaseException, url: UrlSetting | None) -> str:
    """A URL that SQLAlchemy cannot parse (a port that is not a number, ...)."""
    text = f"The database URL could not be parsed ({one_line(err)})"
    where = _user_frame(err)
    if url is None:
        return text + "; check the URL given to create_engine()"
    empty = _empty_variables(url.raw())
    if empty:
        names = ", ".join(empty)
        return (
            f"{text}: {url.source} uses environment variable {names}, which is "
            f"empty; set it, or give a default with ${{{empty[0]}:-default}}"
        )
    text += f"; check {url.source} (a port must be a number)"
    if where is not None:
        text += f", or the URL built at {where[0]}, line {where[1]}"
    return text


def _empty_variables(raw: str | None) -> list[str]:
    """Names of ``${VAR}`` references in ``raw`` that expanded to nothing."""
    if not raw:
        return []
    empty = []
    for match in _ENV_REFERENCE.finditer(raw):
        name, default_op = match.group(1), match.group(2)
        value = os.environ.get(name)
        if default_op == ":-" or (default_op == "-" and value is None):
            continue  # the default applied
        if not value:
            empty.append(name)
    return empty
