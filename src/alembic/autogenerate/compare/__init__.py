"""Compare the target MetaData with the database and produce op values.

The pipeline is a short list of named steps (tables, ENUM types, sequences);
user comparators registered on ``comparators`` run after the built-in ones at
each level ("autogenerate", "schema", "table", "column").
"""

from __future__ import annotations

from typing import Any

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
]

comparators = PriorityDispatcher()


def _schemas(ctx: Any) -> set[str | None]:
    if ctx.opts.get("include_schemas", False):
        found = set(ctx.inspector.get_schema_names())
        found.discard("information_schema")
        found.discard(ctx.dialect.default_schema_name)
        found.add(None)
    else:
        found = {None}
    return {s for s in found if ctx.run_name_filters(s, "schema", {})}


#: plugin names of the built-in steps, as ``autogenerate_plugins`` selects them
BUILTIN_STEPS = (
    "alembic.autogenerate.schemas",
    "alembic.autogenerate.tables",
    "alembic.autogenerate.types",
    "alembic.autogenerate.constraints",
    "alembic.autogenerate.defaults",
    "alembic.autogenerate.comments",
)


def run_comparators(ctx: Any) -> PriorityDispatcher:
    """This run's comparators: the global ones plus the selected plugins'."""
    found = getattr(ctx, "_run_comparators", None)
    if found is not None:
        return found
    dispatcher = comparators
    enabled = set(BUILTIN_STEPS)
    patterns = ctx.opts.get("autogenerate_plugins")
    if patterns is not None:
        from ...runtime.plugins import Plugin

        dispatcher = comparators.branch()
        chosen = Plugin.populate_autogenerate_priority_dispatch(
            dispatcher, list(patterns)
        )
        enabled = {p.name for p in chosen} & set(BUILTIN_STEPS)
        _log_plugins(p.name for p in chosen)
    else:
        _log_plugins(BUILTIN_STEPS)
    ctx._run_comparators = dispatcher
    ctx._builtin_steps = enabled
    return dispatcher


def _log_plugins(names: Any) -> None:
    """One INFO line per plugin set up for this run, as Alembic logs them."""
    import logging

    log = logging.getLogger("alembic.runtime.plugins")
    if log.isEnabledFor(logging.INFO):
        for name in names:
            log.info("setting up autogenerate plugin %s", name)


def step_enabled(ctx: Any, name: str) -> bool:
    """True when the built-in step ``alembic.autogenerate.<name>`` is selected."""
    run_comparators(ctx)
    return f"alembic.autogenerate.{name}" in ctx._builtin_steps


def _produce_net_changes(autogen_context: Any, upgrade_ops: Any) -> None:
    """Compare and append the resulting ops to ``upgrade_ops``."""
    from .dialects import profile_for
    from .schema_objects import compare_enums, compare_sequences
    from .tables import compare_tables

    ctx = autogen_context
    if ctx._profile is None:
        ctx._profile = profile_for(ctx.dialect)
    qualifier = ctx.dialect.name
    run_comparators(ctx).dispatch("autogenerate", qualifier=qualifier)(ctx, upgrade_ops)
    schemas = _schemas(ctx)
    if step_enabled(ctx, "tables"):
        compare_tables(ctx, upgrade_ops, schemas)
    else:
        ctx._md_tables, ctx._conn_tables = {}, {}
    compare_enums(ctx, upgrade_ops, schemas)
    compare_sequences(ctx, upgrade_ops, schemas)
    run_comparators(ctx).dispatch("schema", qualifier=qualifier)(
        ctx, upgrade_ops, schemas
    )


def _populate_migration_script(autogen_context: Any, migration_script: Any) -> None:
    """Fill the last upgrade/downgrade pair of ``migration_script``."""
    upgrade_ops = migration_script.upgrade_ops_list[-1]
    _produce_net_changes(autogen_context, upgrade_ops)
    from .reverse import reverse_into

    reverse_into(autogen_context, upgrade_ops, migration_script.downgrade_ops_list[-1])
