"""Compare the target MetaData with the database and produce op values.

The pipeline is a short list of named steps (tables, ENUM types, sequences);
user comparators registered on ``comparators`` run after the built-in ones at
each level ("autogenerate", "schema", "table", "column").
"""

from __future__ import annotations

from typing import Any

from ..dispatch import DispatchPriority, PriorityDispatcher, PriorityDispatchResult

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


def _produce_net_changes(autogen_context: Any, upgrade_ops: Any) -> None:
    """Compare and append the resulting ops to ``upgrade_ops``."""
    from .dialects import profile_for
    from .schema_objects import compare_enums, compare_sequences
    from .tables import compare_tables

    ctx = autogen_context
    if ctx._profile is None:
        ctx._profile = profile_for(ctx.dialect)
    qualifier = ctx.dialect.name
    comparators.dispatch("autogenerate", qualifier=qualifier)(ctx, upgrade_ops)
    schemas = _schemas(ctx)
    compare_tables(ctx, upgrade_ops, schemas)
    compare_enums(ctx, upgrade_ops, schemas)
    compare_sequences(ctx, upgrade_ops, schemas)
    comparators.dispatch("schema", qualifier=qualifier)(ctx, upgrade_ops, schemas)


def _populate_migration_script(autogen_context: Any, migration_script: Any) -> None:
    """Fill the last upgrade/downgrade pair of ``migration_script``."""
    upgrade_ops = migration_script.upgrade_ops_list[-1]
    _produce_net_changes(autogen_context, upgrade_ops)
    upgrade_ops.reverse_into(migration_script.downgrade_ops_list[-1])
