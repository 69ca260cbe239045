"""``EnvironmentContext``: what ``env.py`` talks to as ``alembic.context``.

A command builds one ``EnvironmentContext(config, script, **kw)`` and runs the
user's ``env.py`` inside ``with env_context:``.  The ``with`` block makes it
the *current* context: it is pushed onto
:data:`alembic.util.holder.ENVIRONMENT` (a ``ContextVar``, with a
process-wide stack so code running in another thread still finds it) and
popped on exit.  The :mod:`alembic.context` facade forwards to whatever
:func:`current_environment_context` returns.

``configure()`` turns its keyword arguments into the options dictionary of a
:class:`~alembic.runtime.migration.MigrationContext`; ``run_migrations()``
binds the ``op`` facade to that context and runs the plan.

This module does not import SQLAlchemy at import time.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError
from ..util.holder import ENVIRONMENT
from . import hook_types
from .plugins import configured_selection
from .hook_types import (  # Alembic defines the hook types in this module
    IncludeNameFn,
    IncludeObjectFn,
    NameFilterParentNames,
    NameFilterType,
    OnVersionApplyFn,
    ProcessRevisionDirectiveFn,
    RenderItemFn,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import TextIO

    from sqlalchemy.engine import URL, Connection
    from sqlalchemy.schema import MetaData
    from sqlalchemy.sql.expression import Executable

    from ..config import Config
    from ..ddl.impl import DefaultImpl
    from ..script.base import ScriptDirectory
    from .migration import MigrationContext

__all__ = [
    "EnvironmentContext",
    "current_environment_context",
    *hook_types.__all__,
]

def current_environment_context() -> EnvironmentContext | None:
    """The context ``alembic.context`` forwards to now, if any.

    The innermost ``with`` block of the running task or thread answers, or
    the most recently entered one of the process (code running in a thread
    started elsewhere); an object assigned to ``alembic.context._proxy``
    later than that answers instead.
    """
    return ENVIRONMENT.current()


def _x_arguments(config: Any) -> Any:
    """``cmd_opts.x`` as the caller set it (a list from the command line), or ``[]``."""
    cmd_opts = getattr(config, "cmd_opts", None)
    if cmd_opts is None:
        return []
    return getattr(cmd_opts, "x", None) or []


class EnvironmentContext:
    """The configuration and entry points that ``env.py`` works with.

    ``kw`` carries what the command decided: ``fn`` (the plan function,
    called as ``fn(current_heads, migration_context)``), ``as_sql``,
    ``starting_rev``, ``destination_rev``, ``tag``, ``template_args``,
    ``revision_context``, ``purge`` and ``dont_mutate``.
    """

    _migration_context: MigrationContext | None = None

    config: Config
    """The :class:`~alembic.config.Config` of the running command."""

    script: ScriptDirectory
    """The :class:`~alembic.script.ScriptDirectory` of the environment."""

    def __init__(self, config: Config, script: ScriptDirectory, **kw: Any) -> None:
        self.config = config
        self.script = script
        self.context_opts: dict[str, Any] = kw
        self._tokens: list[contextvars.Token | None] = []
        self._configured: list[MigrationContext] = []

    # -- installation as the current context ------------------------------

    def __enter__(self) -> EnvironmentContext:  # noqa: PYI034
        self._tokens.append(ENVIRONMENT.push(self))
        return self

    def __exit__(self, *exc: object) -> None:
        token = self._tokens.pop() if self._tokens else None
        try:
            for migration_context in self._configured:
                migration_context._release_run_lock()
        finally:
            self._configured.clear()
            if token is not None:
                ENVIRONMENT.pop(token)

    def _install_proxy(self) -> None:
        """Bind ``alembic.context`` to this object (as ``with`` does, without
        a block; kept for code written against Alembic's module proxy)."""
        ENVIRONMENT.bind(self)

    def _remove_proxy(self) -> None:
        """Clear the binding made by :meth:`_install_proxy`."""
        ENVIRONMENT.bind(None)

    # -- questions env.py asks ------------------------------------------------

    def is_offline_mode(self) -> bool:
        """True when the command runs with ``--sql`` (SQL is written, not run)."""
        return bool(self.context_opts.get("as_sql", False))

    def is_transactional_ddl(self) -> bool:
        """True when the dialect impl wraps DDL in transactions."""
        return bool(self.get_context().impl.transactional_ddl)

    def requires_connection(self) -> bool:
        """True unless running offline."""
        return not self.is_offline_mode()

    def is_shadow_run(self) -> bool:
        """True while the history is replayed into a throwaway database.

        Set by ``--shadow`` runs and ``alembic drift`` (see
        :mod:`alembic.runtime.shadow`); env.py and revision files use it to
        skip work that must not happen there (seed data, external calls).
        """
        from .shadow import active_run

        return active_run() is not None

    def get_head_revision(self) -> str | tuple[str, ...] | None:
        """The single head revision id of the script directory."""
        return self.script.as_revision_number("head")

    def get_head_revisions(self) -> str | tuple[str, ...] | None:
        """All head revision ids of the script directory."""
        return self.script.as_revision_number("heads")

    def get_starting_revision_argument(self) -> str | tuple[str, ...] | None:
        """The ``start`` of a ``start:end`` offline range, as revision id(s)."""
        if self._migration_context is not None:
            return self.script.as_revision_number(
                self._migration_context._start_from_rev
            )
        if "starting_rev" in self.context_opts:
            return self.script.as_revision_number(self.context_opts["starting_rev"])
        raise CommandError("No starting revision argument is available.")

    def get_revision_argument(self) -> str | tuple[str, ...] | None:
        """The destination revision given to the command, as revision id(s)."""
        return self.script.as_revision_number(self.context_opts["destination_rev"])

    def get_tag_argument(self) -> str | None:
        """The ``--tag`` string given to the command, or None."""
        return self.context_opts.get("tag", None)

    def get_x_argument(self, as_dictionary: bool = False) -> list[str] | dict[str, str]:
        """The ``-x`` arguments, one string per ``-x`` as given; as a dict,
        ``key=value`` pairs (no ``=`` gives "")."""
        values = _x_arguments(self.config)
        if not as_dictionary:
            return values
        result: dict[str, str] = {}
        for arg in values:
            key, _, value = arg.partition("=")
            result[key] = value
        return result

    # -- configure ----------------------------------------------------------

    def configure(
        self,
        connection: Connection | None = None,
        url: str | URL | None = None,
        dialect_name: str | None = None,
        dialect_opts: dict[str, Any] | None = None,
        transactional_ddl: bool | None = None,
        transaction_per_migration: bool = False,
        output_buffer: TextIO | None = None,
        starting_rev: str | None = None,
        tag: str | None = None,
        template_args: dict[str, Any] | None = None,
        render_as_batch: bool = False,
        target_metadata: MetaData | Sequence[MetaData] | None = None,
        include_name: Callable[..., bool] | None = None,
        include_object: Callable[..., bool] | None = None,
        include_schemas: bool = False,
        process_revision_directives: Callable[..., None] | None = None,
        compare_type: bool | Callable[..., bool | None] = True,
        compare_server_default: bool | Callable[..., bool | None] = False,
        render_item: Callable[..., Any] | None = None,
        literal_binds: bool = False,
        upgrade_token: str = "upgrades",
        downgrade_token: str = "downgrades",
        alembic_module_prefix: str = "op.",
        sqlalchemy_module_prefix: str = "sa.",
        user_module_prefix: str | None = None,
        on_version_apply: (
            Callable[..., None] | Sequence[Callable[..., None]] | None
        ) = None,
        autogenerate_plugins: Sequence[str] | None = None,
        **kw: Any,
    ) -> None:
        """Set up the :class:`MigrationContext` that the rest of env.py uses.

        Give a ``connection`` to run online, or a ``url`` / ``dialect_name``
        to write SQL offline.  Any keyword not named here (``version_table``,
        ``version_table_schema``, ``version_table_pk``, ``output_encoding``,
        batch separators, ...) is kept in the options as given.
        """
        if connection is not None and self.is_shadow_run():
            from .shadow import check_connection

            check_connection(connection)
        # Options accumulate across calls, as env.py files configure in
        # steps: the named parameters are set by every call, while ``tag``,
        # ``starting_rev``, ``output_buffer`` and the extra keywords in ``kw``
        # stay as an earlier call (or the command) left them unless given.
        opts = self.context_opts
        if transactional_ddl is not None:
            opts["transactional_ddl"] = transactional_ddl
        if output_buffer is not None:
            opts["output_buffer"] = output_buffer
        elif getattr(self.config, "output_buffer", None) is not None:
            opts["output_buffer"] = self.config.output_buffer
        if starting_rev:
            opts["starting_rev"] = starting_rev
        if tag:
            opts["tag"] = tag
        if template_args and "template_args" in opts:
            opts["template_args"].update(template_args)
        opts["transaction_per_migration"] = transaction_per_migration
        opts["on_version_apply"] = _as_tuple(on_version_apply)
        opts.update(
            target_metadata=target_metadata,
            include_name=include_name,
            include_object=include_object,
            include_schemas=include_schemas,
            render_as_batch=render_as_batch,
            upgrade_token=upgrade_token,
            downgrade_token=downgrade_token,
            alembic_module_prefix=alembic_module_prefix,
            sqlalchemy_module_prefix=sqlalchemy_module_prefix,
            user_module_prefix=user_module_prefix,
            literal_binds=literal_binds,
            process_revision_directives=process_revision_directives,
            compare_type=compare_type,
            compare_server_default=compare_server_default,
        )
        opts["render_item"] = render_item
        opts["autogenerate_plugins"] = (
            list(autogenerate_plugins)
            if autogenerate_plugins is not None
            else configured_selection(self.config)
        )
        opts.setdefault("script", self.script)
        opts.update(kw)
        self._migration_context = self._make_migration_context(
            connection, url, dialect_name, dialect_opts, opts
        )
        self._configured.append(self._migration_context)

    def _make_migration_context(
        self,
        connection: Any,
        url: Any,
        dialect_name: Any,
        dialect_opts: Any,
        opts: dict[str, Any],
    ) -> MigrationContext:
        from .migration import MigrationContext

        return MigrationContext.configure(
            connection=connection,
            url=url,
            dialect_name=dialect_name,
            environment_context=self,
            dialect_opts=dialect_opts,
            opts=opts,
        )

    # -- running --------------------------------------------------------------

    def run_migrations(self, **kw: Any) -> None:
        """Run the plan with ``op`` bound to this environment's context.

        ``kw`` is passed on to every ``upgrade()`` / ``downgrade()`` function.
        """
        from ..operations import Operations

        migration_context = self.get_context()
        with Operations.context(migration_context):
            migration_context.run_migrations(**kw)

    def execute(
        self, sql: Executable | str, execution_options: dict[str, Any] | None = None
    ) -> None:
        """Execute a SQL string or construct on the configured context."""
        self.get_context().execute(sql, execution_options=execution_options)

    def static_output(self, text: str) -> None:
        """Write ``text`` to the offline output stream."""
        self.get_context().impl.static_output(text)

    def begin_transaction(self) -> AbstractContextManager[Any]:
        """A context manager around the run; see ``MigrationContext.begin_transaction``."""
        return self.get_context().begin_transaction()

    def get_context(self) -> MigrationContext:
        """The configured :class:`MigrationContext`."""
        if self._migration_context is None:
            raise CommandError("No context has been configured yet.")
        return self._migration_context

    def get_bind(self) -> Connection:
        """The SQLAlchemy connection in use (online mode)."""
        return self.get_context().bind

    def get_impl(self) -> DefaultImpl:
        """The dialect implementation (a ``DefaultImpl`` subclass instance)."""
        return self.get_context().impl


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if callable(value):
        return (value,)
    return tuple(value)
