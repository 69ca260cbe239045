"""Build reflected ``Table`` objects from a batch of reflection info, quickly.

``Inspector.reflect_table`` attaches each reflected column with
``Table.append_column``, which rebuilds a name map of all columns so far
for every column added.  Here the columns of a fresh table are built the way
``reflect_table`` builds them and attached in one pass (the path ``Table(...)``
itself uses for its column arguments); primary key, foreign keys, indexes,
unique and CHECK constraints and the comment are then added by the
Inspector's own per-part steps, so constraint handling is SQLAlchemy's.

Whenever the fast path's assumptions do not hold (``column_reflect``
listeners, a table already holding columns, a table the batch does not
describe, a schema translate map, SQLAlchemy without the per-part steps),
:func:`build_table` returns False and the caller uses ``reflect_table``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import schema as sa_schema
from sqlalchemy import text
from sqlalchemy.sql.elements import TextClause

__all__ = ["build_table", "column_from_reflection"]

_COLUMN_KEYS = ("nullable", "autoincrement", "quote", "info", "key", "comment")
_STEPS = (
    "_reflect_pk",
    "_reflect_fk",
    "_reflect_indexes",
    "_reflect_unique_constraints",
    "_reflect_check_constraints",
    "_reflect_table_comment",
)


def column_from_reflection(col_d: dict[str, Any]) -> Any:
    """A ``Column`` made from one ``get_columns`` entry, as reflection makes it."""
    kw = {key: col_d[key] for key in _COLUMN_KEYS if key in col_d}
    if "dialect_options" in col_d:
        kw.update(col_d["dialect_options"])
    args: list[Any] = []
    default = col_d.get("default")
    if default is not None:
        if isinstance(default, TextClause):
            default = sa_schema.DefaultClause(default, _reflected=True)
        elif not isinstance(default, sa_schema.FetchedValue):
            default = sa_schema.DefaultClause(text(default), _reflected=True)
        args.append(default)
    if "computed" in col_d:
        args.append(sa_schema.Computed(**col_d["computed"]))
    if "identity" in col_d:
        args.append(sa_schema.Identity(**col_d["identity"]))
    return sa_schema.Column(col_d["name"], col_d["type"], *args, **kw)


def _usable(inspector: Any, table: Any, key: tuple[Any, str], info: Any) -> bool:
    if not all(hasattr(inspector, step) for step in _STEPS):
        return False
    if (
        not hasattr(table, "_init_items")
        or len(table.columns)
        or table.constraints - {table.primary_key}
    ):
        return False
    if table.dispatch.column_reflect or table.metadata.dispatch.column_reflect:
        return False
    if key in info.unreflectable or not info.columns.get(key):
        return False
    with inspector._operation_context() as conn:
        return conn.schema_for_object(table) == key[0]


def build_table(inspector: Any, table: Any, info: Any) -> bool:
    """Fill the empty ``table`` from ``info``; False if ``reflect_table`` must."""
    key = (table.schema, table.name)
    if not _usable(inspector, table, key, info):
        return False
    options = info.table_options.get(key) if info.table_options else None
    if options:
        table._validate_dialect_kwargs(options)
    made = [column_from_reflection(d) for d in info.columns[key]]
    columns = {column.name: column for column in made}
    if len(columns) != len(made):
        return False
    table._init_items(*made, allow_replacements=True, all_names={})
    _add_constraints(inspector, table, key, info, columns)
    return True


def _add_constraints(
    inspector: Any, table: Any, key: Any, info: Any, columns: dict[str, Any]
) -> None:
    """Primary key, foreign keys, indexes, constraints, comment: SQLAlchemy's steps."""
    options = {
        k: table.dialect_kwargs.get(k)
        for k in inspector.dialect.reflection_options
        if k in table.dialect_kwargs
    }
    inspector._reflect_pk(info, key, table, columns, ())
    inspector._reflect_fk(info, key, table, columns, None, (), False, None, options)
    inspector._reflect_indexes(info, key, table, columns, None, (), options)
    inspector._reflect_unique_constraints(info, key, table, columns, None, (), options)
    inspector._reflect_check_constraints(info, key, table, columns, None, (), options)
    inspector._reflect_table_comment(info, key, table, options)
