"""Compare the target MetaData with the database and produce op values.

Every step runs as a comparator of one run-time :class:`PriorityDispatcher`,
as in Alembic 1.18+: it starts with the global ``comparators`` (what
third-party code registered with ``comparators.dispatch_for(...)``), then the
plugins chosen by ``autogenerate_plugins`` add theirs in the order chosen.
The built-in plugins (``alembic.autogenerate.*``) come first by default, so:

* ``alembic.autogenerate.schemas`` is the ``"autogenerate"`` comparator: it
  works out the schemas and runs the ``"schema"`` comparators;
* ``alembic.autogenerate.tables`` is the ``"schema"`` comparator of subgroup
  ``"tables"`` at MEDIUM priority: a global hook registered without a
  priority (or FIRST) runs before it and sees no table ops, one registered
  LAST runs after it;
* ``types``, ``constraints``, ``defaults`` and ``comments`` name the parts of
  the table comparison that ``~``-patterns can leave out.

The beyond-Alembic comparisons are opt-in plugins under ``alembic.ext``
(see :func:`ext_enabled`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...runtime.plugins import Plugin
from ...util.dispatch import (
    DispatchPriority,
    PriorityDispatcher,
    PriorityDispatchResult,
)

__all__ = [
    "DispatchPriority",
    "PriorityDispatchResult",
    "_populate_migration_script",
    "_produce_net_changes",
    "comparators",
    "ext_enabled",
    "run_comparators",
    "step_enabled",
]

#: the global comparators: ``comparators.dispatch_for("schema")(fn)`` etc.
comparators = PriorityDispatcher()

#: the selection when neither env.py nor the configuration names plugins
DEFAULT_PLUGINS = ("alembic.autogenerate.*",)


def _schemas(ctx: Any) -> list[str | None]:
    if ctx.opts.get("include_schemas", False):
        found = set(ctx.inspector.get_schema_names())
        found.discard("information_schema")
        found.discard(ctx.dialect.default_schema_name)
        found.add(None)
    else:
        found = {None}
    kept = {s for s in found if ctx.run_name_filters(s, "schema", {})}
    return sorted(kept, key=lambda s: (s is not None, s or ""))


def _compare_schemas(autogen_context: Any, upgrade_ops: Any) -> None:
    """``alembic.autogenerate.schemas``: run the "schema" comparators."""
    ctx = autogen_context
    run_comparators(ctx).dispatch("schema", qualifier=ctx.dialect.name)(
        ctx, upgrade_ops, _schemas(ctx)
    )


def _compare_tables(
    autogen_context: Any, upgrade_ops: Any, schemas: Iterable[str | None]
) -> None:
    """``alembic.autogenerate.tables``: tables added, dropped and changed."""
    from .tables import compare_tables

    compare_tables(autogen_context, upgrade_ops, set(schemas))


def _builtin_plugins() -> None:
    """Register the built-in plugins (each a name plus its comparators)."""
    Plugin("alembic.autogenerate.schemas").add_autogenerate_comparator(
        _compare_schemas, "autogenerate"
    )
    Plugin("alembic.autogenerate.tables").add_autogenerate_comparator(
        _compare_tables, "schema", "tables"
    )
    for part in ("types", "constraints", "defaults", "comments"):
        Plugin(f"alembic.autogenerate.{part}")


_builtin_plugins()


def run_comparators(ctx: Any) -> PriorityDispatcher:
    """This run's comparators: the global ones plus the selected plugins'."""
    found = getattr(ctx, "_run_comparators", None)
    if found is not None:
        return found
    dispatcher = PriorityDispatcher()
    dispatcher.populate_with(comparators)
    patterns = ctx.opts.get("autogenerate_plugins") or DEFAULT_PLUGINS
    chosen = Plugin.populate_autogenerate_priority_dispatch(dispatcher, list(patterns))
    _log_plugins(p.name for p in chosen)
    ctx._run_comparators = dispatcher
    ctx._plugin_names = frozenset(p.name for p in chosen)
    return dispatcher


def _log_plugins(names: Iterable[str]) -> None:
    """One INFO line per plugin set up for this run, as Alembic logs them."""
    import logging

    log = logging.getLogger("alembic.runtime.plugins")
    if log.isEnabledFor(logging.INFO):
        for name in names:
            log.info("setting up autogenerate plugin %s", name)


def step_enabled(ctx: Any, name: str) -> bool:
    """True when the built-in step ``alembic.autogenerate.<name>`` is selected."""
    return plugin_selected(ctx, f"alembic.autogenerate.{name}")


def ext_enabled(ctx: Any, name: str) -> bool:
    """True when the opt-in plugin ``alembic.ext.<name>`` is selected (new
    projects select them in the configuration ``alembic init`` writes)."""
    return plugin_selected(ctx, f"alembic.ext.{name}")


def plugin_selected(ctx: Any, full_name: str) -> bool:
    """True when the plugin ``full_name`` was chosen for this run."""
    run_comparators(ctx)
    return full_name in ctx._plugin_names


def _produce_net_changes(autogen_context: Any, upgrade_ops: Any) -> None:
    """Compare and append the resulting ops to ``upgrade_ops``."""
    ctx = autogen_context
    if ctx._profile is None:
        from .dialects import profile_for

        ctx._profile = profile_for(ctx.dialect)
    run_comparators(ctx).dispatch("autogenerate", qualifier=ctx.dialect.name)(
        ctx, upgrade_ops
    )


def _populate_migration_script(autogen_context: Any, migration_script: Any) -> None:
    """Fill the last upgrade/downgrade pair of ``migration_script``."""
    upgrade_ops = migration_script.upgrade_ops_list[-1]
    _produce_net_changes(autogen_context, upgrade_ops)
    from .reverse import reverse_into

    reverse_into(autogen_context, upgrade_ops, migration_script.downgrade_ops_list[-1])
