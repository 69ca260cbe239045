"""``MigrationContext``: one database (or one SQL script), one run of a plan.

It owns the connection (or, offline, a mock connection that turns every
statement into text on the output buffer), the dialect implementation
(``DefaultImpl`` subclass from :mod:`alembic.ddl.impl`), the version table and
the transaction policy:

* transactional DDL (PostgreSQL, ...): one transaction around the whole run,
  or one per migration with ``transaction_per_migration=True``;
* SQLite (``sqlite3``/aiosqlite in their default mode): the same, although
  Alembic reports its DDL as non-transactional: the driver-level transaction
  is opened explicitly so it really covers the DDL (see
  :mod:`alembic.runtime.safety`).  A failed or killed run leaves the revision
  it started from; with ``transaction_per_migration=True``, the last
  migration that finished.  Offline output is unchanged (no ``BEGIN``);
* otherwise (MySQL, MariaDB, ...) one transaction per migration, committed
  with its version-table move;
* a connection handed over already inside a transaction is left alone.

An online run that can change the version table holds the migration lock
(:mod:`alembic.runtime.locking`) from before it reads the version table until
its last transaction has ended, so concurrent deployers take turns.

The plan steps are pure objects from :mod:`alembic.script.steps`, re-exported
here under their historical names.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError
from . import safety
from .options import Progress, RuntimeOptions, output_stream
from .versioning import HeadMaintainer, build_version_table

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.engine import URL, Connection, Dialect
    from sqlalchemy.sql.expression import Executable

    from ..script.base import ScriptDirectory
    from .environment import EnvironmentContext

# MigrationStep, RevisionStep, StampStep and MigrationInfo are also
# importable from here (see __getattr__ below), but stay out of __all__ so a
# star import does not pull in the script layer.
__all__ = [
    "HeadMaintainer",
    "MigrationContext",
    "PartialMigrationError",
    "RuntimeOptions",
]

log = logging.getLogger(__name__)

PartialMigrationError = safety.PartialMigrationError

_NO_TARGET = "Connection, url, or dialect_name is required."

_STEP_NAMES = ("MigrationStep", "RevisionStep", "StampStep", "MigrationInfo")


def __getattr__(name: str) -> Any:
    # plan steps live in the script layer; resolved on first use
    if name in _STEP_NAMES:
        from ..script import steps

        return getattr(steps, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _ProxyTransaction:
    """The transaction object ``begin_transaction()`` hands out online."""

    def __init__(self, migration_context: MigrationContext) -> None:
        self.migration_context = migration_context
        migration_context._transaction = (
            migration_context._begin_connection_transaction()
        )

    @property
    def _proxied_transaction(self) -> Any:
        return self.migration_context._transaction

    def _finish(self, commit: bool) -> None:
        context = self.migration_context
        trans, context._transaction = context._transaction, None
        try:
            if trans is not None and trans.is_active and commit:
                trans.commit()
            elif trans is not None and trans.is_active:
                trans.rollback()
        finally:
            if context._run_finished:
                # the transaction around the whole run ended: the next
                # runner may now read the committed version table
                context._run_lock.release()

    def rollback(self) -> None:
        self._finish(commit=False)

    def commit(self) -> None:
        self._finish(commit=True)

    def __enter__(self) -> _ProxyTransaction:  # noqa: PYI034
        return self

    def __exit__(self, type_: object, value: object, traceback: object) -> None:
        self._finish(commit=type_ is None)


def _autocommits(connection: Any) -> bool:
    """True when statements on ``connection`` commit one by one (AUTOCOMMIT
    set on the engine, the connection, or the driver connection itself)."""
    try:
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return True
        if getattr(connection.dialect, "isolation_level", None) == "AUTOCOMMIT":
            return True
        return (
            getattr(connection.connection.dbapi_connection, "autocommit", False) is True
        )
    except Exception:  # noqa: BLE001 - unknown connection: assume it autocommits
        return True


class MigrationContext:
    """Runs migration steps against one connection or one SQL output stream.

    Usually made by ``EnvironmentContext.configure()``; for use outside env.py
    see :meth:`configure`.
    """

    def __init__(
        self,
        dialect: Dialect,
        connection: Connection | None,
        opts: dict[str, Any],
        environment_context: EnvironmentContext | None = None,
    ) -> None:
        self.environment_context = environment_context
        self.opts = opts
        self.dialect = dialect
        self.script = opts.get("script")
        self._options = options = RuntimeOptions.from_dict(opts)
        self.as_sql = options.as_sql
        self._transaction_per_migration = options.transaction_per_migration
        self.on_version_apply_callbacks = options.on_version_apply
        self._migrations_fn = options.fn
        self.purge = options.purge
        self._start_from_rev = options.starting_rev
        self._transaction: Any = None
        self._run_lock = safety.RunLock()
        self._run_finished = False
        self._user_compare_type = opts.get("compare_type", True)
        self._user_compare_server_default = opts.get("compare_server_default", False)
        self.version_table = options.version_table
        self.version_table_schema = options.version_table_schema
        if self.as_sql:
            self.connection = self._stdout_connection(connection)
            self._in_external_transaction = False
        else:
            self.connection = connection
            self._in_external_transaction = self._in_connection_transaction()
        self.output_buffer = output_stream(opts, options.output_encoding)
        self.impl = self._make_impl(options)
        self._version = self._make_version_table(options)
        self._log_setup()

    # -- construction helpers -----------------------------------------------

    def _make_impl(self, options: RuntimeOptions) -> Any:
        from ..ddl.impl import DefaultImpl

        impl_cls = DefaultImpl.get_by_dialect(self.dialect)
        return impl_cls(
            self.dialect,
            self.connection,
            self.as_sql,
            options.transactional_ddl,
            self.output_buffer,
            self.opts,
        )

    def _make_version_table(self, options: RuntimeOptions) -> Any:
        make = getattr(self.impl, "version_table_impl", None)
        args = {
            "version_table": options.version_table,
            "version_table_schema": options.version_table_schema,
            "version_table_pk": options.version_table_pk,
        }
        if make is not None:
            return make(**args)
        return build_version_table(**args)

    def _log_setup(self) -> None:
        target = None if self.as_sql else safety.target_url(self.connection)
        if target:  # so a DATABASE_URL inherited from the shell shows
            log.info("Target database: %s", target)
        log.info("Context impl %s.", self.impl.__class__.__name__)
        if self.as_sql:
            log.info("Generating static SQL")
        log.info(
            "Will assume %s DDL.",
            "transactional" if safety.ddl_in_transaction(self) else "non-transactional",
        )

    def _stdout_connection(self, connection: Any) -> Any:
        from sqlalchemy.engine.mock import MockConnection

        def dump(construct: Any, *multiparams: Any, **params: Any) -> None:
            self.impl._exec(construct)

        return MockConnection(self.dialect, dump)

    @classmethod
    def configure(
        cls,
        connection: Connection | None = None,
        url: str | URL | None = None,
        dialect_name: str | None = None,
        dialect: Dialect | None = None,
        environment_context: EnvironmentContext | None = None,
        dialect_opts: dict[str, Any] | None = None,
        opts: dict[str, Any] | None = None,
    ) -> MigrationContext:
        """Make a context from a connection, a URL, a dialect name or a dialect.

        ``opts`` is the options dictionary (``as_sql``, ``output_buffer``,
        ``version_table``, ``transactional_ddl``, ... and anything else).
        """
        from sqlalchemy.engine import Engine
        from sqlalchemy.engine import url as sqla_url

        opts = {} if opts is None else opts
        dialect_opts = {} if dialect_opts is None else dialect_opts
        if connection is not None:
            if isinstance(connection, Engine):
                raise CommandError(
                    "'connection' argument to configure() is expected to be a "
                    f"sqlalchemy.engine.Connection instance, got {connection!r}"
                )
            dialect = connection.dialect
        elif url:
            dialect = sqla_url.make_url(url).get_dialect()(**dialect_opts)
        elif dialect_name:
            dialect = sqla_url.make_url(f"{dialect_name}://").get_dialect()(
                **dialect_opts
            )
        elif not dialect:
            raise Exception(_NO_TARGET)  # noqa: TRY002
        return cls(dialect, connection, opts, environment_context)

    # -- properties -----------------------------------------------------------

    @property
    def bind(self) -> Any:
        """The connection in use (a mock connection offline)."""
        return self.connection

    @property
    def config(self) -> Any:
        """The :class:`~alembic.config.Config` of the environment, if any."""
        if self.environment_context is None:
            return None
        return self.environment_context.config

    # -- transactions ---------------------------------------------------------

    def _in_connection_transaction(self) -> bool:
        conn = self.connection
        try:
            return bool(conn.in_transaction())
        except AttributeError:
            return False

    def _begin_connection_transaction(self) -> Any:
        conn = self.connection
        if conn.in_transaction():
            # an autobegun transaction (e.g. from reading the version table)
            return conn.get_transaction()
        return conn.begin()

    def begin_transaction(
        self, _per_migration: bool = False
    ) -> AbstractContextManager[Any]:
        """Begin a transaction if the policy asks for one here.

        Called by env.py around ``run_migrations()`` (``_per_migration``
        False) and by the runner around each step (True).  Returns a context
        manager: a real transaction, ``BEGIN;``/``COMMIT;`` output offline, or
        a no-op.
        """
        if self._in_external_transaction:
            return contextlib.nullcontext()
        transactional = self.impl.transactional_ddl
        if transactional:
            now = _per_migration == self._transaction_per_migration
        elif not _per_migration and self._sqlite_whole_run():
            return self._sqlite_run_transaction()
        else:
            now = _per_migration is True
        if not now:
            return contextlib.nullcontext()
        if self.as_sql:
            if not transactional:
                return contextlib.nullcontext()
            return self._offline_transaction()
        if not transactional and self._transaction is not None:
            return contextlib.nullcontext()
        return _ProxyTransaction(self)

    def _sqlite_whole_run(self) -> bool:
        """True when this online run on SQLite gets one transaction.

        SQLite rolls DDL back (see :mod:`alembic.runtime.safety`), so without
        ``transaction_per_migration`` the whole run commits once, as on
        PostgreSQL: a failure, or a kill, leaves the revision it started from.
        ``transactional_ddl=False`` given to ``configure()`` asks for a
        transaction per migration instead, as ``transaction_per_migration``.
        """
        if self.as_sql or self._transaction_per_migration:
            return False
        if self._options.transactional_ddl is False:
            return False
        return safety.uses_legacy_sqlite3_transactions(self.connection)

    @contextlib.contextmanager
    def _sqlite_run_transaction(self) -> Iterator[Any]:
        """The run's transaction on SQLite (env.py's ``begin_transaction()``).

        Steps inside it begin no transaction of their own.  Foreign-key
        enforcement can only change outside a transaction, so it is switched
        off before the ``BEGIN`` for the whole run; each step's data is still
        checked before the commit (``check_sqlite_foreign_keys``).
        """
        if self._transaction is not None:  # a nested begin_transaction()
            yield contextlib.nullcontext()
            return
        with safety.sqlite_foreign_keys_deferred(self.connection):
            with _ProxyTransaction(self) as trans:
                safety.ensure_real_transaction(self.connection)
                yield trans

    @contextlib.contextmanager
    def _offline_transaction(self) -> Iterator[None]:
        self.impl.emit_begin()
        yield
        self.impl.emit_commit()

    @contextlib.contextmanager
    def autocommit_block(self) -> Iterator[None]:
        """Run the block outside any transaction, in AUTOCOMMIT.

        Commits the transaction in progress first and begins a new one
        afterwards; offline, writes ``COMMIT;`` before and ``BEGIN;`` after
        when the DDL is transactional.
        """
        in_trans = (not self.as_sql) and self._in_connection_transaction()
        offline_trans = self.as_sql and self.impl.transactional_ddl
        if offline_trans:
            self.impl.emit_commit()
        elif in_trans:
            self._flush_journal()  # rows of earlier steps commit with them
            self._commit_for_autocommit()
        try:
            if self.as_sql:
                yield
            else:
                with self._autocommit_connection():
                    yield
        finally:
            if offline_trans:
                self.impl.emit_begin()
            elif in_trans:
                self._transaction = self._begin_connection_transaction()
                safety_needed = safety.uses_legacy_sqlite3_transactions(self.connection)
                if safety_needed:
                    safety.ensure_real_transaction(self.connection)

    def _commit_for_autocommit(self) -> None:
        if self._transaction is None:
            raise CommandError(
                "autocommit_block() cannot end a transaction that env.py began "
                "before calling context.configure(); pass a connection that is "
                "not inside a transaction, or use context.begin_transaction()"
            )
        self._transaction.commit()
        self._transaction = None

    @contextlib.contextmanager
    def _autocommit_connection(self) -> Iterator[None]:
        base = self.connection
        level = base.get_isolation_level()
        auto = base.execution_options(isolation_level="AUTOCOMMIT")
        self.connection = self.impl.connection = auto
        fake = auto.begin()
        try:
            yield
        finally:
            fake.commit()
            auto.execution_options(isolation_level=level)
            self.connection = self.impl.connection = base

    # -- reading the version table ----------------------------------------------

    def _has_version_table(self) -> bool:
        from sqlalchemy import inspect

        return inspect(self.connection).has_table(
            self.version_table, schema=self.version_table_schema
        )

    def get_current_revision(self) -> str | None:
        """The single current revision, or None; fails on several heads."""
        heads = self.get_current_heads()
        if len(heads) == 0:
            return None
        if len(heads) > 1:
            raise CommandError(
                f"Version table '{self.version_table}' has more than one head "
                "present; please use get_current_heads()"
            )
        return heads[0]

    def get_current_heads(self) -> tuple[str, ...]:
        """The revision ids in the version table (offline: ``starting_rev``)."""
        if self.as_sql:
            return self._offline_heads()
        if self._start_from_rev:
            raise CommandError(
                "Can't specify current_rev to context when using a database connection"
            )
        if not self._has_version_table():
            return ()
        rows = self.connection.execute(self._version.select())
        return tuple(row[0] for row in rows)

    def _offline_heads(self) -> tuple[str, ...]:
        start = self._start_from_rev
        if start is None or start == "base":
            return ()
        revs = (start,) if isinstance(start, str) else tuple(start)
        if self.script is not None:
            revs = tuple(
                self.script.get_revision(rev).revision
                for rev in revs
                if rev not in (None, "base")
            )
        return tuple(r for r in revs if r)

    def _ensure_version_table(self, purge: bool = False) -> None:
        conn = self.connection
        if self.as_sql:
            self._version.create(conn)
            return
        scope = contextlib.nullcontext() if conn.in_transaction() else conn.begin()
        with scope:
            self._version.create(conn, checkfirst=True)
            if purge:
                conn.execute(self._version.delete())

    # -- running ------------------------------------------------------------

    def stamp(self, script_directory: ScriptDirectory, revision: str) -> None:
        """Set the version table to ``revision`` without running migrations."""
        heads = self.get_current_heads()
        if not self.as_sql and not heads:
            self._ensure_version_table()
        maintainer = HeadMaintainer(self, heads)
        for step in script_directory._stamp_revs(revision, heads):
            maintainer.update_to_step(step)

    def run_migrations(self, **kw: Any) -> None:
        """Run the plan from ``fn(current_heads, self)``, moving the version table.

        ``kw`` goes to each migration's ``upgrade()``/``downgrade()``.
        """
        start = getattr(self.impl, "start_migrations", None)
        if start is not None:
            start()
        if self._migrations_fn is None:
            raise CommandError(
                "This MigrationContext has no migration function ('fn'); run "
                "migrations through an alembic command or EnvironmentContext"
            )
        self._run_lock.acquire(self)
        self._run_finished = False
        try:
            self._run_plan(kw)
        finally:
            self._run_finished = True
            if self._transaction is None and not self._in_external_transaction:
                self._run_lock.release()  # everything of the run is committed
            elif self.environment_context is None:
                self._run_lock.release()

    def _run_plan(self, kw: dict[str, Any]) -> None:
        heads = self._heads_for_run()
        self._journal = None
        # the version row moves with every step, as in Alembic: a migration
        # that reads alembic_version mid-run sees the step before it
        maintainer = HeadMaintainer(self, heads)
        self._import_revision_modules()
        steps = self._migrations_fn(heads, self)
        if self._run_lock.waited and self._is_empty_move(steps):
            self._say_nothing_to_do()
        progress = Progress.for_run(steps, self.as_sql, self.config)
        journal_pending = True
        for step in steps:
            if journal_pending:
                # opened on the first step only: a run without steps (check,
                # revision --autogenerate) leaves no history table behind
                self._journal, journal_pending = self._open_journal(), False
            self._run_step(step, maintainer, kw)
            progress.advance(step)
        self._flush_journal()
        progress.finish()

    def _import_revision_modules(self) -> None:
        """Every revision module is imported before the first step, as in
        Alembic (see ``ScriptDirectory._import_revision_modules``): a file
        that fails to import stops the run before anything is applied."""
        prepare = getattr(self.script, "_import_revision_modules", None)
        if prepare is not None:
            prepare()

    def _flush_journal(self) -> None:
        """Write the history rows held back while steps share one transaction."""
        journal = getattr(self, "_journal", None)
        if journal is not None:
            journal.flush()

    def _steps_share_transaction(self) -> bool:
        """True when every step of this online run commits together.

        That is transactional DDL without ``transaction_per_migration``, on a
        connection that is not in AUTOCOMMIT (where each statement would
        commit on its own).  Then the per-step bookkeeping can be written
        once, before that single commit.
        """
        if self.as_sql:
            return False
        if not (self.impl.transactional_ddl or self._sqlite_whole_run()):
            return False
        if self._transaction_per_migration or self._options.dont_mutate:
            return False
        return not _autocommits(self.connection)

    def _is_empty_move(self, steps: Any) -> bool:
        """An upgrade/downgrade/stamp whose plan turned out empty."""
        moving = self.opts.get("destination_rev") is not None
        return moving and isinstance(steps, (list, tuple)) and not steps

    def _say_nothing_to_do(self) -> None:
        from ..util import messaging

        quiet = bool((getattr(self.config, "messaging_opts", None) or {}).get("quiet"))
        messaging.msg(
            "Another alembic process held the migration lock and brought the "
            "database to the target while this one waited: nothing to do.",
            quiet=quiet,
        )

    def _release_run_lock(self) -> None:
        """Release the migration lock if still held (the environment exits).

        A failure here must not hide the error that ended the run; the
        database frees the lock when its connection goes away anyway.
        """
        try:
            self._run_lock.release()
        except Exception as exc:  # noqa: BLE001
            log.warning("Could not release the migration lock cleanly: %s", exc)

    def _heads_for_run(self) -> tuple[str, ...]:
        if self.purge:
            if self.as_sql:
                raise CommandError("Can't use --purge with --sql mode")
            self._ensure_version_table(purge=True)
            return ()
        heads = self.get_current_heads()
        if not self.as_sql and not heads and not self._options.dont_mutate:
            self._ensure_version_table()
        return heads

    def _open_journal(self) -> Any:
        """The applied-history writer for this run (None offline or when off)."""
        if self.as_sql:
            return None  # (and the history modules need not be imported)
        from .journal import HistoryJournal

        journal = HistoryJournal.for_context(self)
        if journal is not None:
            journal.open()
            # every step commits together: the success rows can go in one
            # statement at the end
            journal.deferred = self._steps_share_transaction()
        return journal

    def _run_step(
        self, step: Any, maintainer: HeadMaintainer, kw: dict[str, Any]
    ) -> None:
        started = time.perf_counter()
        journal = getattr(self, "_journal", None)
        try:
            with safety.sqlite_foreign_keys_deferred(self.connection):
                with self.begin_transaction(_per_migration=True):
                    if self.as_sql and not maintainer.heads:
                        self._version.create(self.connection)
                    log.info("Running %s", step)
                    if self.as_sql:
                        self.impl.static_output(f"-- Running {step.short_log}")
                    if journal is not None:
                        journal.begin_step(step)
                    self._call_migration(step, maintainer, kw)
                    maintainer.update_to_step(step)
                    if journal is not None:
                        journal.end_step()
                    safety.check_sqlite_foreign_keys(self.connection, step)
                    for callback in self.on_version_apply_callbacks:
                        callback(
                            ctx=self,
                            step=step.info,
                            heads=set(maintainer.heads),
                            run_args=kw,
                        )
        except Exception as exc:
            if journal is not None:
                journal.fail_step(step, exc)
            raise
        if log.isEnabledFor(logging.INFO):  # short_log is not free: skip it when unused
            elapsed = time.perf_counter() - started
            log.info("Finished %s in %.3f s", step.short_log, elapsed)

    def _call_migration(
        self, step: Any, maintainer: HeadMaintainer, kw: dict[str, Any]
    ) -> None:
        if self.as_sql or not safety.is_sqlalchemy_connection(self.connection):
            step.migration_fn(**kw)
            return
        if safety.uses_legacy_sqlite3_transactions(self.connection):
            safety.ensure_real_transaction(self.connection)
            step.migration_fn(**kw)
            return
        if self.impl.transactional_ddl:
            step.migration_fn(**kw)
            return
        self._call_recorded(step, maintainer, kw)

    def _call_recorded(
        self, step: Any, maintainer: HeadMaintainer, kw: dict[str, Any]
    ) -> None:
        heads_before = tuple(maintainer.heads)
        journal = getattr(self, "_journal", None)
        progress = journal.progress if journal is not None else None
        recorder = safety.StatementRecorder(self.connection, on_commit=progress)
        try:
            with recorder.recording():
                step.migration_fn(**kw)
        except Exception as exc:
            partial = safety.partial_failure(
                step, recorder, exc, heads_before, self.dialect.name, journal is not None
            )
            if partial is None:
                raise  # nothing of it persisted: the error itself is the truth
            raise partial from exc

    def execute(
        self, sql: Executable | str, execution_options: dict[str, Any] | None = None
    ) -> None:
        """Execute a SQL string or construct (written out, offline)."""
        self.impl._exec(sql, execution_options)

    # -- autogenerate comparison hooks ------------------------------------------

    def _compare_type(self, inspector_column: Any, metadata_column: Any) -> bool:
        user = self._user_compare_type
        if user is False:
            return False
        if callable(user):
            verdict = user(
                self,
                inspector_column,
                metadata_column,
                inspector_column.type,
                metadata_column.type,
            )
            if verdict is not None:
                return verdict
        return self.impl.compare_type(inspector_column, metadata_column)

    def _compare_server_default(
        self,
        inspector_column: Any,
        metadata_column: Any,
        rendered_metadata_default: str | None,
        rendered_column_default: str | None,
    ) -> bool:
        user = self._user_compare_server_default
        if user is False:
            return False
        if callable(user):
            verdict = user(
                self,
                inspector_column,
                metadata_column,
                rendered_column_default,
                metadata_column.server_default,
                rendered_metadata_default,
            )
            if verdict is not None:
                return verdict
        return self.impl.compare_server_default(
            inspector_column,
            metadata_column,
            rendered_metadata_default,
            rendered_column_default,
        )
