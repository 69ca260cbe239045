"""Schema-level comparison: which tables were added, dropped or changed."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from typing import Any

from ...operations import ops
from . import checks, constraints
from .columns import compare_columns
from .insync import fast_path_allowed, table_in_sync
from .reflect import ReflectedTables, reflect_batch, table_names
from .reverse import remember_created_table

__all__ = ["_compare_tables", "compare_tables"]

log = logging.getLogger(__name__)

TableKey = tuple[str | None, str]


def _norm_schema(ctx: Any, schema: str | None) -> str | None:
    if schema is not None and schema == ctx.dialect.default_schema_name:
        return None
    return schema


def _metadata_tables(ctx: Any) -> dict[TableKey, Any]:
    """Every model table (bookkeeping tables aside), keyed by its schema as
    reflected: a table in a schema that is not reflected (or does not exist
    yet) is compared too, and so is created, as Alembic does."""
    own = _bookkeeping_tables(ctx)
    found: dict[TableKey, Any] = {}
    for table in ctx.sorted_tables:
        key = (_norm_schema(ctx, table.schema), table.name)
        if key not in own:
            found[key] = table
    return found


def _bookkeeping_tables(ctx: Any) -> set[TableKey]:
    """The tool's own tables: the version table and the applied-history log."""
    mc = ctx.migration_context
    version_schema = _norm_schema(ctx, getattr(mc, "version_table_schema", None))
    found = {(version_schema, getattr(mc, "version_table", "alembic_version"))}
    try:
        from ...runtime.history import HistorySettings
    except ImportError:  # no history support: only the version table
        return found
    opts = getattr(mc, "opts", None) or {}
    settings = HistorySettings.from_options(opts, getattr(mc, "config", None))
    if settings.enabled:  # otherwise a table of that name is the user's own
        found.add((version_schema, settings.table))
    return found


def _conn_names(ctx: Any, schema: str | None) -> list[str]:
    own = _bookkeeping_tables(ctx)
    names = []
    for name in table_names(ctx, schema):
        if (schema, name) in own:
            continue
        if ctx.run_name_filters(name, "table", {"schema_name": schema}):
            names.append(name)
    return names


def compare_tables(ctx: Any, upgrade_ops: Any, schemas: set[str | None]) -> None:
    """Fill ``upgrade_ops`` with table-level operations for ``schemas``."""
    md_tables = _metadata_tables(ctx)
    conn_tables = ReflectedTables()
    for schema in sorted(schemas, key=lambda s: s or ""):
        conn_tables.add(reflect_batch(ctx, schema, _conn_names(ctx, schema)))
    ctx._conn_tables = conn_tables
    ctx._md_tables = md_tables
    _compare_tables(conn_tables, md_tables, ctx, upgrade_ops)


def _compare_tables(
    conn_tables: Mapping[TableKey, Any],
    md_tables: dict[TableKey, Any],
    ctx: Any,
    upgrade_ops: Any,
) -> None:
    for key, md_table in md_tables.items():
        if key not in conn_tables:
            _added_table(ctx, upgrade_ops, md_table)
    _defer_cyclic_fks(ctx, upgrade_ops)
    removed_keys = sorted(set(conn_tables) - set(md_tables), key=_sort_key)
    if removed_keys and isinstance(conn_tables, ReflectedTables):
        conn_tables.build_all()  # the drop order follows keys between all tables
    removed = [conn_tables[k] for k in removed_keys]
    key_of = {id(table): key for table, key in zip(removed, removed_keys)}
    for conn_table in _drop_order(removed):
        _note_reflected(ctx, conn_tables, key_of[id(conn_table)])
        _removed_table(ctx, upgrade_ops, conn_table)
    # tables on both sides are compared in (schema, name) order, as Alembic
    # does, after all of them were reflected (and logged about)
    both = sorted((k for k in md_tables if k in conn_tables), key=_sort_key)
    for key in both:
        _note_reflected(ctx, conn_tables, key)
    for key in both:
        md_table = md_tables[key]
        if not _known_in_sync(ctx, conn_tables, key, md_table):
            _changed_table(ctx, upgrade_ops, key, conn_tables[key], md_table)


def _note_reflected(ctx: Any, conn_tables: Mapping[TableKey, Any], key: TableKey) -> None:
    """Let the profile log what it leaves out of this reflected table (a
    PostgreSQL SERIAL's sequence default), as Alembic logs it on reflection."""
    if isinstance(conn_tables, ReflectedTables):
        info = conn_tables.batch_of(key).info
        if info is not None:
            ctx._profile.note_reflected_columns(key[1], info.columns.get(key) or [])


def _known_in_sync(
    ctx: Any, conn_tables: Mapping[TableKey, Any], key: TableKey, md_table: Any
) -> bool:
    """True when the fetched dictionaries already show the table unchanged
    (and no hook could see the difference of not building it)."""
    if not isinstance(conn_tables, ReflectedTables) or not fast_path_allowed(ctx):
        return False
    return table_in_sync(ctx, conn_tables.batch_of(key).info, key, md_table)


def _sort_key(key: TableKey) -> tuple[str, str]:
    return (key[0] or "", key[1])


def _drop_order(tables: list[Any]) -> list[Any]:
    """Referencing tables before the tables they reference."""
    from sqlalchemy.schema import sort_tables

    try:
        return list(reversed(sort_tables(tables)))
    except Exception:  # noqa: BLE001 - unresolvable references: keep name order
        return tables


def _added_table(ctx: Any, upgrade_ops: Any, md_table: Any) -> None:
    if not ctx.run_object_filters(md_table, md_table.name, "table", False, None):
        return
    log.info("Detected added table %r", _key_text(md_table))
    create = ops.CreateTableOp.from_table(md_table)
    upgrade_ops.ops.append(create)
    remember_created_table(ctx, create, md_table)
    modify = ops.ModifyTableOps(md_table.name, [], schema=md_table.schema)
    _table_level(ctx, modify, md_table.schema, md_table.name, None, md_table)
    if not modify.is_empty():
        upgrade_ops.ops.append(modify)


def _defer_cyclic_fks(ctx: Any, upgrade_ops: Any) -> None:
    """New tables whose foreign keys form a cycle cannot be created with the
    keys inline on servers that check them (CTFd's users <-> teams): such
    keys are left out of ``create_table`` and added once every table exists
    (SQLite, which checks nothing at CREATE time, keeps them inline)."""
    from . import ext_enabled

    if ctx.dialect.name == "sqlite" or not ext_enabled(ctx, "cyclic_foreign_keys"):
        return
    creates = [op for op in upgrade_ops.ops if isinstance(op, ops.CreateTableOp)]
    if len(creates) < 2:
        return
    from sqlalchemy.sql.ddl import sort_tables_and_constraints

    tables = [t for t in (_bound_table(op) for op in creates) if t is not None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy warns about the cycle itself
        ordered = sort_tables_and_constraints(tables)
    cyclic = [fk for table, fks in ordered if table is None for fk in fks]
    by_table = {id(_bound_table(op)): op for op in creates}
    for fk in sorted(cyclic, key=lambda fk: (fk.table.name, str(fk.name or ""))):
        create = by_table.get(id(fk.table))
        if create is None:
            continue
        deferred = create.__dict__.setdefault("_alembic_deferred_fks", [])
        deferred.append(fk)
        add = ops.CreateForeignKeyOp.from_constraint(fk)
        if not fk.name:  # the downgrade must name it: use PostgreSQL's own pattern
            cols = "_".join(e.parent.name for e in fk.elements)
            add.constraint_name = f"{fk.table.name}_{cols}_fkey"[:63]
        upgrade_ops.ops.append(
            ops.ModifyTableOps(fk.table.name, [add], schema=fk.table.schema)
        )


def _bound_table(create_op: Any) -> Any:
    for item in create_op.columns:
        table = getattr(item, "table", None)
        if table is not None:
            return table
    return None


def _removed_table(ctx: Any, upgrade_ops: Any, conn_table: Any) -> None:
    if not ctx.run_object_filters(conn_table, conn_table.name, "table", True, None):
        return
    log.info("Detected removed table %r", _key_text(conn_table))
    modify = ops.ModifyTableOps(conn_table.name, [], schema=conn_table.schema)
    _table_level(ctx, modify, conn_table.schema, conn_table.name, conn_table, None)
    if not modify.is_empty():
        upgrade_ops.ops.append(modify)
    upgrade_ops.ops.append(ops.DropTableOp.from_table(conn_table))


def _changed_table(
    ctx: Any, upgrade_ops: Any, key: TableKey, conn_table: Any, md_table: Any
) -> None:
    if not ctx.run_object_filters(md_table, md_table.name, "table", False, conn_table):
        return
    schema, name = key  # the default schema is None here, as in Alembic's ops
    modify = ops.ModifyTableOps(name, [], schema=schema)
    drops = compare_columns(ctx, modify, schema, name, conn_table, md_table)
    _table_level(ctx, modify, schema, name, conn_table, md_table)
    for drop in drops:
        log.info("Detected removed column '%s.%s'", name, drop.column_name)
    modify.ops.extend(drops)
    if not modify.is_empty():
        upgrade_ops.ops.append(modify)


def _table_level(
    ctx: Any,
    modify: Any,
    schema: str | None,
    name: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    from . import ext_enabled, step_enabled

    steps = []
    if step_enabled(ctx, "constraints"):
        if ext_enabled(ctx, "primary_keys"):
            steps.append(constraints.compare_primary_key)
        steps += [constraints.compare_indexes_and_uniques, constraints.compare_foreign_keys]
    if ext_enabled(ctx, "check_constraints"):
        steps.append(checks.compare_checks)
    elif ext_enabled(ctx, "checkconstraint_byname"):
        steps.append(checks.compare_checks_by_name)
    if step_enabled(ctx, "comments"):
        steps.append(constraints.compare_table_comment)
    for step in steps:
        step(ctx, modify, schema, name, conn_table, md_table)
    _dispatcher(ctx).dispatch("table", qualifier=ctx.dialect.name)(
        ctx, modify, schema, name, conn_table, md_table
    )


def _key_text(table: Any) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


def _dispatcher(ctx: Any) -> Any:
    from . import run_comparators

    return run_comparators(ctx)
