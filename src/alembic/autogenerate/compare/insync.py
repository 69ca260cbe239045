"""Settle "this table matches its model" from the reflection dictionaries.

Building a reflected ``Table`` (a ``Column`` per column, constraint and index
objects, their attach events) costs more than everything else a comparison
does.  When nobody can observe those objects (no ``include_object`` /
``include_name`` hook, no user comparator at table or column level, no
``compare_type`` / ``compare_server_default`` callable, no ``column_reflect``
listener, no impl overriding ``compare_indexes`` /
``compare_unique_constraint``) and the dictionaries the batch already fetched show a table to be
exactly like its model, the full comparison could only find nothing; the
table is then not built.

The test is one-sided on purpose: it answers True only for plain shapes it
fully understands (named indexes and unique constraints on plain columns,
foreign keys without MATCH, no CHECK constraints, no computed or identity
columns, ...).  Anything else answers False, and the table goes through the
full comparison exactly as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Column, Table, UniqueConstraint
from sqlalchemy import types as sqltypes
from sqlalchemy.sql.elements import ClauseElement

from .columns import types_differ
from .constraints import _fk_sig

__all__ = ["fast_path_allowed", "table_in_sync"]

_COLUMN_KEYS = frozenset(
    {"name", "type", "nullable", "default", "autoincrement", "comment"}
    | {"primary_key", "dialect_options"}
)
_INDEX_KEYS = frozenset(
    {"name", "column_names", "unique", "dialect_options", "duplicates_constraint"}
    | {"include_columns", "column_sorting", "expressions"}
)
_UNIQUE_KEYS = frozenset(
    {"name", "column_names", "comment", "dialect_options", "duplicates_index"}
)
_FK_KEYS = frozenset(
    {"name", "constrained_columns", "referred_schema", "referred_table"}
    | {"referred_columns", "options", "comment"}
)
_FK_OPTIONS = frozenset({"ondelete", "onupdate", "deferrable", "initially"})


def fast_path_allowed(ctx: Any) -> bool:
    """True when skipping the reflected objects cannot be observed."""
    found = getattr(ctx, "_insync_allowed", None)
    if found is None:
        found = ctx._insync_allowed = _allowed(ctx)
    return found


def _allowed(ctx: Any) -> bool:
    from . import run_comparators
    from .dialects import AutogenProfile, PostgresqlProfile, SQLiteProfile

    if ctx._object_filters or ctx._name_filters:
        return False
    if callable(ctx.opts.get("compare_type")):
        return False
    if callable(ctx.opts.get("compare_server_default")):
        return False
    if type(ctx._profile) not in (AutogenProfile, SQLiteProfile, PostgresqlProfile):
        return False
    if _compare_hooks_overridden(ctx):
        return False
    dispatcher = run_comparators(ctx)
    qualifier = ctx.dialect.name
    if dispatcher.has("table", qualifier) or dispatcher.has("column", qualifier):
        return False
    return not _column_reflect_listened(ctx)


_COMPARE_HOOKS = ("compare_indexes", "compare_unique_constraint")


def _compare_hooks_overridden(ctx: Any) -> bool:
    """True when the impl's index / unique-constraint hooks are not the
    built-in ones (a dialect or plugin overriding them decides what changed)."""
    impl_cls = type(ctx.migration_context.impl)
    return any(
        not getattr(getattr(impl_cls, name, None), "__module__", "").startswith("alembic.ddl.")
        for name in _COMPARE_HOOKS
    )


def _column_reflect_listened(ctx: Any) -> bool:
    """True when a ``column_reflect`` listener would see reflected columns
    (registered on the ``Table`` class, or on every ``MetaData``)."""
    from .reflect import reflected_metadata

    try:
        on_tables = Table.dispatch.column_reflect._clslevel.get(Table)
    except Exception:  # noqa: BLE001 - SQLAlchemy's internals moved: assume one
        return True
    return bool(on_tables) or bool(reflected_metadata(ctx).dispatch.column_reflect)


def table_in_sync(ctx: Any, info: Any, key: tuple[Any, str], md_table: Any) -> bool:
    """True only when the full comparison of this table would find nothing."""
    if info is None or key in info.unreflectable:
        return False
    columns = info.columns.get(key)
    if not columns:
        return False
    names = {c["name"] for c in columns}
    return (
        _columns_in_sync(ctx, key[1], columns, md_table)
        and _pk_in_sync(info.pk_constraint.get(key), names, md_table)
        and _indexes_in_sync(ctx, info, key, names, md_table)
        and _fks_in_sync(ctx, info.foreign_keys.get(key) or [], names, md_table)
        and _no_checks(info.check_constraints.get(key), md_table)
        and _comment_in_sync(ctx, info.table_comment.get(key), md_table)
    )


# -- columns -------------------------------------------------------------------


def _columns_in_sync(ctx: Any, tname: str, columns: list, md_table: Any) -> bool:
    md_cols = {c.name: c for c in md_table.c}
    if len(md_cols) != len(columns):
        return False
    settings = _settings(ctx)
    for col_d in columns:
        md_col = md_cols.get(col_d["name"])
        if md_col is None or not _column_in_sync(ctx, settings, tname, col_d, md_col):
            return False
    return True


def _settings(ctx: Any) -> tuple[bool, bool, bool]:
    """(compare types, compare server defaults, compare comments) for the run."""
    return (
        ctx.opts.get("compare_type", True) is not False,
        ctx.opts.get("compare_server_default", False) is not False,
        bool(getattr(ctx.dialect, "supports_comments", False)),
    )


def _column_in_sync(
    ctx: Any, settings: tuple, tname: str, col_d: dict, md_col: Any
) -> bool:
    types, defaults, comments = settings
    if not _COLUMN_KEYS.issuperset(col_d):
        return False  # computed, identity, sequence, key, ...: full comparison
    if md_col.computed is not None or md_col.identity is not None:
        return False
    if bool(col_d["nullable"]) != bool(md_col.nullable):
        return False
    if defaults and not _default_in_sync(ctx, tname, col_d, md_col):
        return False
    if comments and (col_d.get("comment") or None) != (md_col.comment or None):
        return False
    conn_type = col_d["type"]
    if isinstance(conn_type, sqltypes.SchemaType) and not isinstance(
        conn_type, sqltypes.Boolean
    ):
        return False  # attaching an ENUM to its column may change it
    return not types or not types_differ(ctx, conn_type, md_col.type)


def _default_in_sync(ctx: Any, tname: str, col_d: dict, md_col: Any) -> bool:
    """With server defaults compared: neither side has one (a SERIAL's own
    sequence default does not count, as the reflected table drops it)."""
    text = col_d.get("default")
    if text is not None and not isinstance(text, str):
        return False
    if text is not None and ctx._profile.implied_default(
        tname, col_d["name"], col_d.get("autoincrement"), text
    ):
        text = None
    return text is None and md_col.server_default is None


# -- primary key, indexes and unique constraints --------------------------------


def _pk_in_sync(pk: Any, names: set, md_table: Any) -> bool:
    conn_cols = list((pk or {}).get("constrained_columns") or [])
    if not names.issuperset(conn_cols):
        return False
    return conn_cols == [c.name for c in md_table.primary_key.columns]


def _indexes_in_sync(
    ctx: Any, info: Any, key: tuple[Any, str], names: set, md_table: Any
) -> bool:
    conn_ix = _conn_indexes(info.indexes.get(key) or [], names)
    conn_uq = _conn_uniques(info.unique_constraints.get(key) or [], names)
    md_ix = _md_indexes(ctx, md_table)
    md_uq = _md_uniques(md_table)
    if conn_ix is None or conn_uq is None or md_ix is None or md_uq is None:
        return False
    for ixs, uqs in ((conn_ix, conn_uq), (md_ix, md_uq)):
        all_names = [i[0] for i in ixs] + [u[0] for u in uqs]
        if len(set(all_names)) != len(all_names):
            return False  # a shared name: leave the reconciling to the full path
    return sorted(conn_ix) == sorted(md_ix) and sorted(conn_uq) == sorted(md_uq)


def _conn_indexes(indexes: list, names: set) -> list | None:
    found = []
    for ix in indexes:
        if ix.get("duplicates_constraint"):
            continue  # the reflected Table skips it too
        cols = ix.get("column_names") or []
        if not _INDEX_KEYS.issuperset(ix) or ix.get("name") is None:
            return None
        if ix.get("column_sorting") or ix.get("include_columns"):
            return None
        if ix.get("expressions") not in (None, cols):
            return None
        if not cols or not names.issuperset(cols) or _has_options(ix):
            return None
        found.append((ix["name"], tuple(cols), bool(ix.get("unique"))))
    return found


def _conn_uniques(uniques: list, names: set) -> list | None:
    found = []
    for uq in uniques:
        if uq.get("duplicates_index"):
            continue
        cols = uq.get("column_names") or []
        if not _UNIQUE_KEYS.issuperset(uq) or uq.get("name") is None:
            return None
        if not cols or not names.issuperset(cols) or _has_options(uq):
            return None
        found.append((uq["name"], tuple(cols)))
    return found


def _has_options(item: dict) -> bool:
    """True when a reflected dialect option is set (SQLite reflects a
    partial index's WHERE as a ``TextClause``, which has no truth value)."""
    return any(
        isinstance(value, ClauseElement) or bool(value)
        for value in (item.get("dialect_options") or {}).values()
    )


def _md_indexes(ctx: Any, md_table: Any) -> list | None:
    found = []
    for ix in md_table.indexes:
        exprs = list(ix.expressions)
        if ix.name is None or not exprs or _md_where(ctx, ix) is not None:
            return None
        if not all(isinstance(e, Column) and e.table is md_table for e in exprs):
            return None
        found.append((str(ix.name), tuple(e.name for e in exprs), bool(ix.unique)))
    return found


def _md_where(ctx: Any, ix: Any) -> Any:
    """The model index's WHERE for this dialect (the one option compared)."""
    options = ix.dialect_options
    if ctx.dialect.name not in options:
        return None
    return options[ctx.dialect.name].get("where")


def _md_uniques(md_table: Any) -> list | None:
    found = []
    for uq in md_table.constraints:
        if not isinstance(uq, UniqueConstraint):
            continue
        cols = [c.name for c in uq.columns]
        if uq.name is None or not cols:
            return None
        found.append((str(uq.name), tuple(cols)))
    return found


# -- foreign keys, CHECK constraints, comment ------------------------------------


def _fks_in_sync(ctx: Any, fks: list, names: set, md_table: Any) -> bool:
    conn_sigs = set()
    for fk in fks:
        sig = _conn_fk_sig(ctx, fk, names)
        if sig is None:
            return False
        conn_sigs.add(sig)
    try:
        md_sigs = {_fk_sig(ctx, fk) for fk in md_table.foreign_key_constraints}
    except Exception:  # noqa: BLE001 - let the full comparison report it
        return False
    return conn_sigs == md_sigs


def _conn_fk_sig(ctx: Any, fk: dict, names: set) -> tuple | None:
    """The signature ``_fk_sig`` gives the ForeignKeyConstraint built from ``fk``."""
    options = fk.get("options") or {}
    local = list(fk.get("constrained_columns") or [])
    remote = list(fk.get("referred_columns") or [])
    schema, table = fk.get("referred_schema"), fk.get("referred_table")
    if not _FK_KEYS.issuperset(fk) or not _FK_OPTIONS.issuperset(options):
        return None
    if not local or len(local) != len(remote) or not names.issuperset(local):
        return None
    if any("." in str(n) for n in [schema or "", table, *remote]):
        return None  # dotted names: SQLAlchemy's target strings are ambiguous
    profile = ctx._profile
    if schema is not None and schema == ctx.dialect.default_schema_name:
        schema = None
    sig: tuple[Any, ...] = (
        tuple(local),
        schema or None,
        table,
        tuple(remote),
        profile.normalize_fk_action(options.get("ondelete")),
        profile.normalize_fk_action(options.get("onupdate")),
    )
    if profile.reflects_fk_deferrable:
        initially = (options.get("initially") or "").upper() or None
        sig += (bool(options.get("deferrable")), initially)
    return sig


def _no_checks(checks: Any, md_table: Any) -> bool:
    if checks:
        return False
    return not any(isinstance(c, CheckConstraint) for c in md_table.constraints)


def _comment_in_sync(ctx: Any, comment: Any, md_table: Any) -> bool:
    if not getattr(ctx.dialect, "supports_comments", False):
        return True
    return ((comment or {}).get("text") or None) == (md_table.comment or None)
