"""Making a failed migration leave the database in a state you can trust.

Two problems Alembic leaves to the user, solved here for online runs:

* **SQLite.**  SQLite itself rolls DDL back fine, but Python's ``sqlite3``
  driver (in its default, legacy transaction mode) only opens a transaction
  before INSERT/UPDATE/DELETE, so a ``CREATE TABLE`` runs in autocommit and
  survives a failure later in the same migration.  :func:`ensure_real_transaction`
  opens the driver-level transaction with an explicit ``BEGIN`` as each
  migration starts, so the migration and its version-table move commit or
  roll back together.
* **Databases without transactional DDL (MySQL, MariaDB).**  Each DDL
  statement commits as it runs, so a migration that fails midway is half
  applied.  The version table already moves after every migration, so the
  database is left at the last completed revision; :class:`StatementRecorder`
  records what the failing migration executed so the error can say exactly
  what was committed and how to recover (:class:`PartialMigrationError`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..util.exc import CommandError

__all__ = [
    "PartialMigrationError",
    "RunLock",
    "StatementRecorder",
    "commits_implicitly",
    "ddl_in_transaction",
    "ensure_real_transaction",
    "is_sqlalchemy_connection",
    "target_url",
    "uses_legacy_sqlite3_transactions",
]

_MAX_STATEMENT = 300


class PartialMigrationError(CommandError):
    """A migration failed on a database that cannot roll back its DDL.

    ``applied_statements`` were committed (DDL, and data statements that a
    later DDL statement committed implicitly); ``rolled_back_statements`` are
    data statements of the migration that the failure rolled back;
    ``failed_statement`` is the one that raised (None when the failure was
    not a statement); the version table still records ``version_heads``.
    Alembic ends such a run with the underlying error's traceback, so the
    CLI's exit status is 1.
    """

    exit_status = 1

    def __init__(
        self,
        message: str,
        revision: str | None,
        path: str | None,
        failed_statement: str | None,
        applied_statements: Sequence[str],
        version_heads: Sequence[str],
        rolled_back_statements: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.revision = revision
        self.path = path
        self.failed_statement = failed_statement
        self.applied_statements = list(applied_statements)
        self.rolled_back_statements = list(rolled_back_statements)
        self.version_heads = list(version_heads)


def _driver_connection(connection: Any) -> Any:
    fairy = getattr(connection, "connection", None)
    return getattr(fairy, "driver_connection", None)


def is_sqlalchemy_connection(connection: Any) -> bool:
    """True for a real SQLAlchemy ``Connection`` (not None, not a stand-in)."""
    from sqlalchemy.engine import Connection

    return isinstance(connection, Connection)


def uses_legacy_sqlite3_transactions(connection: Any) -> bool:
    """True when ``connection`` runs on ``sqlite3`` (directly or through
    aiosqlite) in its implicit-BEGIN mode."""
    import sqlite3

    if connection is None:
        return False
    driver = _driver_connection(connection)
    is_sqlite3 = isinstance(driver, sqlite3.Connection)
    # aiosqlite runs a sqlite3 connection in a thread and mirrors its state
    if not (is_sqlite3 or type(driver).__module__.split(".")[0] == "aiosqlite"):
        return False
    if getattr(driver, "autocommit", None) is True:
        return False
    return driver.isolation_level is not None


def ddl_in_transaction(context: Any) -> bool:
    """Whether ``context``'s migrations run their DDL inside a transaction:
    transactional DDL, or (online) SQLite through ``sqlite3``, whose
    migrations get a real transaction here (Alembic's says they do not)."""
    if context.impl.transactional_ddl:
        return True
    return not context.as_sql and uses_legacy_sqlite3_transactions(context.connection)


def target_url(connection: Any) -> str | None:
    """The URL of ``connection``'s engine, password masked (None if unknown)."""
    url = getattr(getattr(connection, "engine", None), "url", None)
    render = getattr(url, "render_as_string", None)
    return render(hide_password=True) if render is not None else None


def ensure_real_transaction(connection: Any) -> bool:
    """Open a driver-level transaction on a legacy ``sqlite3`` connection.

    Only acts while the SQLAlchemy connection is itself inside a transaction,
    so the ``COMMIT``/``ROLLBACK`` that SQLAlchemy issues ends it.  Returns
    True when a ``BEGIN`` was emitted.
    """
    in_transaction = getattr(connection, "in_transaction", None)
    if in_transaction is None or not in_transaction():
        return False
    driver = _driver_connection(connection)
    if driver is None or driver.in_transaction:
        return False
    connection.exec_driver_sql("BEGIN")
    return True


def _one_line(statement: str) -> str:
    text = re.sub(r"\s+", " ", statement).strip()
    if len(text) > _MAX_STATEMENT:
        text = text[: _MAX_STATEMENT - 3] + "..."
    return text


# Statements after which MySQL/MariaDB (and Oracle) have committed the open
# transaction: DDL and a few administrative statements commit it before they
# run.  Temporary tables are the exception.
_IMPLICIT_COMMIT = re.compile(
    r"\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE|GRANT|REVOKE|LOCK|UNLOCK|COMMIT"
    r"|BEGIN|START\s+TRANSACTION|ANALYZE|OPTIMIZE|REPAIR|FLUSH|INSTALL"
    r"|UNINSTALL|CACHE\s+INDEX|LOAD\s+INDEX)\b",
    re.IGNORECASE,
)
_TEMPORARY = re.compile(r"\s*(CREATE|DROP)\s+TEMPORARY\b", re.IGNORECASE)
_READ_ONLY = re.compile(
    r"\s*(SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|SET|ROLLBACK|SAVEPOINT|RELEASE)\b",
    re.IGNORECASE,
)
# server errors raised while parsing, before the implicit commit happens
_PARSE_ERRORS = frozenset({1064, 1149})


def commits_implicitly(statement: str) -> bool:
    """True for a statement that commits the open transaction where DDL is
    not transactional (so the data statements before it persist)."""
    return bool(_IMPLICIT_COMMIT.match(statement)) and not _TEMPORARY.match(statement)


def _changes_data(statement: str) -> bool:
    return not _READ_ONLY.match(statement)


def _rejected_before_running(exc: BaseException) -> bool:
    """The failing statement was refused by the parser (no implicit commit)."""
    args: tuple[Any, ...] = tuple(getattr(getattr(exc, "orig", None), "args", None) or ())
    return bool(args) and args[0] in _PARSE_ERRORS


class StatementRecorder:
    """Records the statements a connection executes inside a ``with`` block.

    ``on_commit(statements)`` (optional) is called with every statement
    known committed so far, each time a completed statement commits
    implicitly (the applied-history journal keeps that list where a killed
    run's successor can read it).
    """

    def __init__(
        self,
        connection: Any,
        on_commit: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.connection = connection
        self.started: list[str] = []
        self.completed: list[str] = []
        self.committed: list[str] = []
        self._pending: list[str] = []
        self._on_commit = on_commit

    def _before(self, conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        self.started.append(statement)

    def _after(self, conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        self.completed.append(statement)
        if commits_implicitly(statement):
            self.committed += [*self._pending, statement]
            self._pending = []
            if self._on_commit is not None:
                self._on_commit([_one_line(s) for s in self.committed])
        elif _changes_data(statement):
            self._pending.append(statement)

    @contextlib.contextmanager
    def recording(self) -> Iterator[StatementRecorder]:
        """Listen to the connection's cursor executions for the block."""
        from sqlalchemy import event

        conn = self.connection
        event.listen(conn, "before_cursor_execute", self._before)
        event.listen(conn, "after_cursor_execute", self._after)
        try:
            yield self
        finally:
            event.remove(conn, "before_cursor_execute", self._before)
            event.remove(conn, "after_cursor_execute", self._after)

    def failed_statement(self, exc: BaseException) -> str | None:
        """The statement that raised, from the error or from the record."""
        statement = getattr(exc, "statement", None)
        if statement:
            return statement
        if len(self.started) > len(self.completed):
            return self.started[-1]
        return None

    def outcome(self, exc: BaseException) -> tuple[list[str], list[str]]:
        """(committed, rolled back) statements once ``exc`` ended the migration.

        A failing DDL statement still committed the data statements before
        it, unless the server refused it while parsing; data statements after
        the last commit are rolled back with the migration's transaction.
        """
        committed, pending = list(self.committed), list(self._pending)
        failed = self.failed_statement(exc)
        running = len(self.started) > len(self.completed)
        if running and failed and commits_implicitly(failed):
            if not _rejected_before_running(exc):
                committed, pending = committed + pending, []
        return committed, pending


def _exc_summary(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    shown = orig if orig is not None else exc
    return _one_line(f"{type(shown).__name__}: {shown}")


def partial_failure(
    step: Any,
    recorder: StatementRecorder,
    exc: BaseException,
    heads_before: Sequence[str],
    dialect_name: str,
    history_kept: bool = True,
) -> PartialMigrationError | None:
    """The error for a migration that failed after committing some of its
    statements, or None when nothing of it persisted (the original error is
    then the whole truth: the database is as before the migration)."""
    committed, rolled_back = recorder.outcome(exc)
    if not committed:
        return None
    revision = getattr(step, "revision", None)
    path = getattr(revision, "path", None)
    where = f"Migration {step.short_log!s}" + (f" ({path})" if path else "")
    failed = recorder.failed_statement(exc)
    applied = [_one_line(s) for s in committed]
    undone = [_one_line(s) for s in rolled_back]
    heads = sorted(heads_before)
    recorded = ", ".join(heads) if heads else "nothing (base)"
    target = ", ".join(getattr(step, "to_revisions", ()) or ()) or "base"
    parts = [
        f"{where} failed on {dialect_name}, which commits DDL as it runs: ",
        (
            f"statement {_one_line(failed)!r} raised {_exc_summary(exc)}. "
            if failed
            else f"it raised {_exc_summary(exc)}. "
        ),
        _listed("Already committed by this migration", applied, "not rolled back"),
        _listed("Rolled back (not in the database)", undone, "redo them if you finish by hand"),
        f"The version table still records {recorded}. ",
        (
            "To recover: undo the committed statements listed above by hand and "
            "run the command again, or finish the rest of the migration by hand "
            f"and run `alembic stamp {target}`."
        ),
        "" if history_kept else _NO_HISTORY,
    ]
    return PartialMigrationError(
        "".join(parts),
        getattr(revision, "revision", None),
        path,
        failed,
        applied,
        heads,
        undone,
    )


_NO_HISTORY = (
    " Without the applied-migration history (migration_history = true) an "
    "earlier run of this migration that was killed midway cannot be detected: "
    "statements it committed, if any, are not listed."
)


def _listed(title: str, statements: Sequence[str], note: str) -> str:
    if not statements:
        return ""
    listed = "; ".join(f"[{i}] {s}" for i, s in enumerate(statements, 1))
    return f"{title} ({len(statements)} statement(s), {note}): {listed}. "


class RunLock:
    """The migration lock (:mod:`alembic.runtime.locking`) for one context.

    Taken before the version table is read and held until the environment
    context exits -- after env.py has committed -- so the next runner reads
    the committed version table.  ``waited`` tells whether another runner
    held it first.
    """

    def __init__(self) -> None:
        self.lock: Any = None
        self.waited = False

    def acquire(self, context: Any) -> None:
        """Take the lock for ``context``'s database, unless off or not applicable."""
        if self.lock is not None or context.as_sql:
            return
        if context._options.dont_mutate or not is_sqlalchemy_connection(
            context.connection
        ):
            return
        import dataclasses

        from ..util.exc import MigrationLockTimeout
        from .locking import LockSettings, acquire_migration_lock

        settings = LockSettings.from_options(context.opts, context.config)
        args = (context.connection,)
        names = (context.version_table, context.version_table_schema)
        try:
            immediate = dataclasses.replace(settings, timeout=0)
            self.lock = acquire_migration_lock(*args, immediate, *names)
        except MigrationLockTimeout:
            self.waited = True
            self.lock = acquire_migration_lock(*args, settings, *names)

    def release(self) -> None:
        """Release the lock if held (idempotent)."""
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()


_FK_FLAG = "alembic_sqlite_foreign_keys_deferred"


@contextlib.contextmanager
def sqlite_foreign_keys_deferred(connection: Any) -> Iterator[None]:
    """Turn SQLite foreign-key enforcement off around one migration.

    SQLite ignores ``PRAGMA foreign_keys`` inside a transaction, and a batch
    "move and copy" drops the old table, which with enforcement on would run
    the ON DELETE actions of every referencing row (CASCADE deletes them).
    So when enforcement is on it is switched off before the migration's
    transaction begins, :func:`check_sqlite_foreign_keys` verifies the data
    before the commit, and enforcement is switched back on afterwards.
    Elsewhere this does nothing.
    """
    if not _sqlite_with_enforcement(connection):
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.info[_FK_FLAG] = True
    try:
        yield
    finally:
        connection.info.pop(_FK_FLAG, None)
        driver = _driver_connection(connection)
        if not getattr(driver, "in_transaction", False):
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _sqlite_with_enforcement(connection: Any) -> bool:
    if not is_sqlalchemy_connection(connection):
        return False
    if not uses_legacy_sqlite3_transactions(connection):
        return False
    driver = _driver_connection(connection)
    if getattr(driver, "in_transaction", True):
        return False
    # a read-only pragma asked of the driver directly: it runs before every
    # migration, and SQLAlchemy's execution path made it about a sixth of an
    # empty step's cost
    import sqlite3

    if isinstance(driver, sqlite3.Connection):
        row = driver.execute("PRAGMA foreign_keys").fetchone()
        return bool(row and row[0])
    # aiosqlite: its connection is asynchronous, so go through SQLAlchemy
    return bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())


def check_sqlite_foreign_keys(connection: Any, step: Any) -> None:
    """Fail the migration (before it commits) if it broke a foreign key."""
    if not is_sqlalchemy_connection(connection) or not connection.info.get(_FK_FLAG):
        return
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return
    shown = "; ".join(f"{row[0]} rowid {row[1]} -> {row[2]}" for row in rows[:5])
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    path = getattr(getattr(step, "revision", None), "path", None) or str(step)
    raise CommandError(
        f"Migration {path} left rows whose foreign keys point nowhere: {shown}{more}; "
        "it was rolled back. On SQLite foreign-key enforcement is off while a "
        "migration runs (so batch table rebuilds cannot cascade-delete rows), so "
        "ON DELETE actions do not fire: delete or update the referencing rows "
        "explicitly in the migration"
    )
