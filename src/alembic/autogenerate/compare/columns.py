"""Column comparison: added and dropped columns, and each column's type,
nullability, server default, comment, computed expression and identity."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Enum
from sqlalchemy import types as sqltypes

from ...operations import ops
from .dialects import loose_sql
from .lenient import is_lenient, lenient_types_differ

__all__ = [
    "column_type_differs",
    "compare_columns",
    "server_default_differs",
    "types_differ",
]

log = logging.getLogger(__name__)
# Alembic's logger names, one per comparison plugin
_tables_log = logging.getLogger("alembic.autogenerate.compare.tables")
_constraints_log = logging.getLogger("alembic.autogenerate.compare.constraints")
_types_log = logging.getLogger("alembic.autogenerate.compare.types")
_defaults_log = logging.getLogger("alembic.autogenerate.compare.server_defaults")
_comments_log = logging.getLogger("alembic.autogenerate.compare.comments")


def compare_columns(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> list[Any]:
    """Add and alter ops go into ``modify_ops``; drop ops are returned, to be
    appended after the table-level comparisons (as Alembic orders them)."""
    parents = {"table_name": tname, "schema_name": schema}
    conn_cols = {
        c.name: c
        for c in conn_table.c
        if ctx.run_name_filters(c.name, "column", parents)
    }
    md_cols = {c.name: c for c in md_table.c}
    for name, md_col in md_cols.items():
        if name in conn_cols or not ctx.run_object_filters(
            md_col, name, "column", False, None
        ):
            continue
        _tables_log.info("Detected added column '%s.%s'", tname, name)
        modify_ops.ops.append(
            ops.AddColumnOp.from_column_and_tablename(schema, tname, md_col)
        )
    for name, md_col in md_cols.items():
        conn_col = conn_cols.get(name)
        if conn_col is None or not ctx.run_object_filters(
            md_col, name, "column", False, conn_col
        ):
            continue
        alter = _alter_op_for(schema, tname, conn_col)
        compare_one_column(ctx, alter, schema, tname, name, conn_col, md_col)
        if alter.has_changes():
            modify_ops.ops.append(alter)
    drops = []
    for name, conn_col in conn_cols.items():
        if name in md_cols or not ctx.run_object_filters(
            conn_col, name, "column", True, None
        ):
            continue
        drops.append(
            ops.DropColumnOp.from_column_and_tablename(schema, tname, conn_col)
        )
    return drops


def _alter_op_for(schema: str | None, tname: str, conn_col: Any) -> Any:
    return ops.AlterColumnOp(
        tname,
        conn_col.name,
        schema=schema,
        # existing_type comes from the type comparison (none without it)
        # False (as Alembic reports it) when the column has no default; a
        # detected default change sets the real value, which reverse() needs
        existing_server_default=(
            False if conn_col.server_default is None else conn_col.server_default
        ),
        existing_nullable=conn_col.nullable,
        existing_comment=conn_col.comment,
    )


def compare_one_column(
    ctx: Any,
    alter: Any,
    schema: str | None,
    tname: str,
    cname: str,
    conn_col: Any,
    md_col: Any,
) -> None:
    """Fill ``alter`` with every difference between the two columns."""
    from . import step_enabled

    args = (ctx, alter, schema, tname, cname, conn_col, md_col)
    _autoincrement_kw(alter, conn_col, md_col)
    if step_enabled(ctx, "constraints"):
        _compare_nullable(*args)
    if step_enabled(ctx, "types"):
        _compare_type(*args)
    if step_enabled(ctx, "defaults"):
        _compare_server_default(*args)
        _compare_computed(ctx, schema, tname, cname, conn_col, md_col)
        _compare_identity(ctx, alter, tname, cname, conn_col, md_col)
    if step_enabled(ctx, "comments"):
        _compare_comment(*args)
    _dispatcher(ctx).dispatch("column", qualifier=ctx.dialect.name)(
        ctx, alter, schema, tname, cname, conn_col, md_col
    )


def _autoincrement_kw(alter: Any, conn_col: Any, md_col: Any) -> None:
    """The model column's ``autoincrement`` travels with any alter_column
    (rendered as ``autoincrement=``): a bool as given, True when left at
    "auto" on the table's autoincrement column; not when both sides are
    IDENTITY columns (Alembic 1.20.1's files)."""
    if md_col.identity is not None and conn_col.identity is not None:
        return
    if isinstance(md_col.autoincrement, bool):
        alter.kw["autoincrement"] = md_col.autoincrement
    elif md_col.table is not None and md_col.table._autoincrement_column is md_col:
        alter.kw["autoincrement"] = True

def _compare_nullable(
    ctx: Any,
    alter: Any,
    schema: str | None,
    tname: str,
    cname: str,
    conn_col: Any,
    md_col: Any,
) -> None:
    alter.existing_nullable = conn_col.nullable
    if md_col.nullable == conn_col.nullable:
        return
    generated = md_col.computed, md_col.identity, conn_col.identity
    if any(g is not None for g in generated) and md_col.nullable:
        return  # the database decides nullability of generated columns
    alter.modify_nullable = md_col.nullable
    _constraints_log.info(
        "Detected %s on column '%s.%s'",
        "NULL" if md_col.nullable else "NOT NULL",
        tname,
        cname,
    )


def _compare_type(
    ctx: Any,
    alter: Any,
    schema: str | None,
    tname: str,
    cname: str,
    conn_col: Any,
    md_col: Any,
) -> None:
    option = ctx.opts.get("compare_type", True)
    if option is False:
        return  # Alembic's files then carry no existing_type either
    alter.existing_type = conn_col.type
    if callable(option):
        verdict = option(
            ctx.migration_context, conn_col, md_col, conn_col.type, md_col.type
        )
        if verdict is not None:
            if verdict:
                alter.modify_type = md_col.type
            return
    if column_type_differs(ctx, conn_col, md_col):
        alter.modify_type = md_col.type
        _types_log.info(
            "Detected type change from %r to %r on '%s.%s'",
            conn_col.type,
            md_col.type,
            tname,
            cname,
        )


def column_type_differs(ctx: Any, conn_col: Any, md_col: Any) -> bool:
    """True when the reflected type and the model's type are not the same."""
    return types_differ(ctx, conn_col.type, md_col.type)


def types_differ(ctx: Any, conn_type: Any, md_type: Any) -> bool:
    """True when a reflected type and a model type are not the same."""
    if isinstance(md_type, sqltypes.NullType) or isinstance(
        conn_type, sqltypes.NullType
    ):
        return False
    profile = ctx._profile
    if profile.named_enum_types and _is_named_enum(conn_type):
        # the dialect form is only needed here: computing it for every
        # column was a large share of a check on a big schema
        md_impl = _dialect_type(md_type, ctx.dialect)
        if _is_named_enum(md_impl):
            return md_impl.name != conn_type.name  # values are compared per type
    md_text = profile.type_string(md_type)
    conn_text = profile.type_string(conn_type)
    if md_text is None or conn_text is None:
        return conn_type._compare_type_affinity(md_type) is False
    if is_lenient(ctx):
        return lenient_types_differ(ctx.dialect.name, conn_text, md_text)
    return profile.type_texts_differ(conn_text, md_text)


def _dialect_type(type_: Any, dialect: Any) -> Any:
    try:
        return type_.dialect_impl(dialect)
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        return type_


def _is_named_enum(type_: Any) -> bool:
    return isinstance(type_, Enum) and bool(type_.native_enum) and bool(type_.name)


def _compare_server_default(
    ctx: Any,
    alter: Any,
    schema: str | None,
    tname: str,
    cname: str,
    conn_col: Any,
    md_col: Any,
) -> None:
    if md_col.computed is not None or conn_col.computed is not None:
        return
    if md_col.identity is not None or conn_col.identity is not None:
        return
    option = ctx.opts.get("compare_server_default", False)
    if option is False:
        return
    if ctx._profile.ignore_reflected_default(conn_col, md_col):
        return
    conn_text = _reflected_default_text(conn_col)
    md_text = render_default_text(ctx, md_col)
    if callable(option):
        verdict = option(
            ctx.migration_context,
            conn_col,
            md_col,
            conn_text,
            md_col.server_default,
            md_text,
        )
        if verdict is not None:
            if verdict:
                alter.modify_server_default = md_col.server_default
                alter.existing_server_default = conn_col.server_default
            return
    if server_default_differs(ctx, conn_text, md_text, conn_col):
        alter.modify_server_default = md_col.server_default
        alter.existing_server_default = conn_col.server_default
        # Alembic 1.20.1's wording, naming the impl object (its repr)
        _defaults_log.info(
            "Dialect impl %r detected server default on column '%s.%s'",
            ctx.migration_context.impl,
            tname,
            cname,
        )


def _reflected_default_text(conn_col: Any) -> str | None:
    default = conn_col.server_default
    if default is None:
        return None
    arg = getattr(default, "arg", default)
    return str(getattr(arg, "text", arg))


def render_default_text(ctx: Any, md_col: Any) -> str | None:
    """The model column's server default as SQL text for this dialect."""
    default = md_col.server_default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    if arg is None:
        return None
    if isinstance(arg, str):
        return "'" + arg.replace("'", "''") + "'"
    try:
        return str(
            arg.compile(dialect=ctx.dialect, compile_kwargs={"literal_binds": True})
        )
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        return str(arg)


def server_default_differs(
    ctx: Any, conn_text: str | None, md_text: str | None, conn_col: Any = None
) -> bool:
    """Compare two default texts the way the dialect profile does."""
    profile = ctx._profile
    if is_lenient(ctx):
        return profile.normalize_default(conn_text) != profile.normalize_default(md_text)
    return profile.default_texts_differ(conn_col, conn_text, md_text)


def _compare_comment(
    ctx: Any,
    alter: Any,
    schema: str | None,
    tname: str,
    cname: str,
    conn_col: Any,
    md_col: Any,
) -> None:
    if not getattr(ctx.dialect, "supports_comments", False):
        return
    md_comment = md_col.comment or None
    conn_comment = conn_col.comment or None
    if md_comment != conn_comment:
        alter.modify_comment = md_comment
        _comments_log.info("Detected column comment '%s.%s'", tname, cname)


def _compare_computed(
    ctx: Any, schema: str | None, tname: str, cname: str, conn_col: Any, md_col: Any
) -> None:
    md_c, conn_c = md_col.computed, conn_col.computed
    if md_c is None and conn_c is None:
        return
    same = (
        md_c is not None
        and conn_c is not None
        and _loose_computed(ctx, md_c.sqltext) == _loose_computed(ctx, conn_c.sqltext)
    )
    if not same:
        _warn(
            f"Computed default on {tname}.{cname} cannot be modified by autogenerate; "
            "write the change by hand (drop and re-add the column) in the migration"
        )


_IDENTITY_ATTRS = ("start", "increment", "minvalue", "maxvalue", "cycle", "cache")


def _compare_identity(
    ctx: Any, alter: Any, tname: str, cname: str, conn_col: Any, md_col: Any
) -> None:
    """IDENTITY added, removed or changed (options the model leaves unset
    keep whatever the database chose)."""
    md_i, conn_i = md_col.identity, conn_col.identity
    if md_i is None and conn_i is None:
        return
    if ctx.opts.get("compare_server_default", False) is False:
        return  # identity is a server default to Alembic: compared only then
    if not getattr(ctx.dialect, "supports_identity_columns", False):
        return  # SQLite, MySQL: IDENTITY is not stored, nothing to compare
    if md_i is not None and conn_i is not None:
        changed = bool(md_i.always) != bool(conn_i.always) or any(
            getattr(md_i, a, None) is not None
            and getattr(md_i, a, None) != getattr(conn_i, a, None)
            for a in _IDENTITY_ATTRS
        )
        if not changed:
            return
    alter.modify_server_default = md_i
    alter.existing_server_default = conn_i
    _defaults_log.info("Detected identity change on column '%s.%s'", tname, cname)


def _loose_computed(ctx: Any, sqltext: Any) -> str | None:
    try:
        text = str(
            sqltext.compile(dialect=ctx.dialect, compile_kwargs={"literal_binds": True})
        )
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        text = str(sqltext)
    return loose_sql(text)


def _warn(message: str) -> None:
    try:
        from ...util import messaging

        messaging.warn(message)
    except ImportError:
        import warnings

        warnings.warn(message)


def _dispatcher(ctx: Any) -> Any:
    from . import run_comparators

    return run_comparators(ctx)
