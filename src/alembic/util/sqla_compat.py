"""Small bridges over SQLAlchemy internals used by the DDL, operations and
autogenerate layers.

Everything that reaches into a private SQLAlchemy attribute goes through a
function here, so a SQLAlchemy upgrade only needs changes in one place.
This module imports SQLAlchemy; light modules must not import it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import sql
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.base import _NoneName
from sqlalchemy.sql.elements import BindParameter, ColumnClause, TextClause
from sqlalchemy.sql.schema import Computed, Identity, SchemaEventTarget
from sqlalchemy.sql.visitors import traverse

__all__ = [
    "Computed",
    "Identity",
    "_columns_for_constraint",
    "_connectable_has_table",
    "_constraint_is_named",
    "_copy",
    "_copy_expression",
    "_set_column_type",
    "_create_url",
    "_disable_type_events",
    "_ensure_scope_for_ddl",
    "_exec_on_inspector",
    "_find_columns",
    "_fk_is_self_referential",
    "_fk_spec",
    "_get_connection_in_transaction",
    "_get_constraint_final_name",
    "_get_index_column_names",
    "_get_index_expressions",
    "_idx_table_bound_expressions",
    "_insert_inline",
    "_is_type_bound",
    "_literal_bindparam",
    "_nullability_might_be_unset",
    "_reflect_table",
    "_remove_column_from_collection",
    "_resolve_for_variant",
    "_safe_begin_connection_transaction",
    "_safe_commit_connection_transaction",
    "_safe_rollback_connection_transaction",
    "_select",
    "_server_default_is_computed",
    "_server_default_is_identity",
    "_table_for_constraint",
    "_textual_index_column",
    "_textual_index_element",
    "constraint_name_defined",
    "constraint_name_or_none",
    "constraint_name_string",
    "is_expression_index",
    "sqla_2",
]

sqla_2 = True  # SQLAlchemy 1.x is not supported


def constraint_name_defined(name: Any) -> bool:
    """True when ``name`` is a real name (not None, not the "not given" marker)."""
    return name is not None and not isinstance(name, _NoneName)


def constraint_name_string(name: Any) -> bool:
    """True when ``name`` is a plain (or already converted) string."""
    return isinstance(name, str)


def constraint_name_or_none(name: Any) -> str | None:
    """``name`` when it is a string, else None."""
    return name if constraint_name_string(name) else None


def _copy(schema_item: Any, **kw: Any) -> Any:
    """A detached copy of a Column, Constraint or Index."""
    return schema_item._copy(**kw)


def _disable_type_events(type_: Any) -> None:
    """Stop a ``Boolean``/``Enum`` type from creating its CHECK constraint
    (or other schema objects) when its column joins a table."""
    if isinstance(type_, SchemaEventTarget):
        type_._create_events = False  # type: ignore[attr-defined]
        if hasattr(type_, "create_constraint"):
            type_.create_constraint = False


def _set_column_type(column: sa.Column, type_: Any) -> None:
    """Give ``column`` a new type without the type's schema events.  The old
    type's events are switched off too, so the old type's CHECK is not
    created on the column's next table; a batch rebuild receives the new
    type's CHECK as a constraint of its own (the ``add_constraint`` that
    follows an ``alter_column``)."""
    _disable_type_events(column.type)
    column.type = type_


def _copy_expression(expression: Any, target_table: sa.Table) -> Any:
    """``expression`` with its columns replaced by those of ``target_table``."""

    def replace(col: Any) -> Any:
        if isinstance(col, sa.Column) and col.table is not None and col.table is not target_table:
            if col.name in target_table.c:
                return target_table.c[col.name]
            return None
        return None

    return sql.visitors.replacement_traverse(expression, {}, replace)


def _is_type_bound(constraint: Any) -> bool:
    """True for the CHECK constraints a Boolean or Enum type creates itself."""
    return bool(getattr(constraint, "_type_bound", False))


def _columns_for_constraint(constraint: Any) -> list[Any]:
    """The columns a constraint covers; for CHECK, those its expression names."""
    if isinstance(constraint, sa.ForeignKeyConstraint):
        return [fk.parent for fk in constraint.elements]
    if isinstance(constraint, sa.CheckConstraint):
        return _find_columns(constraint.sqltext)
    return list(constraint.columns)


def _find_columns(clause: Any) -> list[Any]:
    """Every Column object inside an expression."""
    cols: list[Any] = []
    traverse(clause, {}, {"column": cols.append})
    return cols


def _fk_is_self_referential(constraint: sa.ForeignKeyConstraint) -> bool:
    """True when the foreign key points at its own table."""
    spec = constraint.elements[0]._get_colspec()
    tokens = spec.split(".")
    tokens.pop(-1)  # the column
    tablekey = ".".join(tokens)
    assert constraint.parent is not None
    return tablekey == constraint.parent.key


def _fk_spec(constraint: sa.ForeignKeyConstraint) -> tuple:
    """(source schema, source table, source columns, target schema, target
    table, target columns, onupdate, ondelete, deferrable, initially)."""
    source_columns = [constraint.columns[key].name for key in constraint.column_keys]
    source_table = constraint.parent.name
    source_schema = constraint.parent.schema
    target_schema = constraint.elements[0].column.table.schema
    target_table = constraint.elements[0].column.table.name
    target_columns = [element.column.name for element in constraint.elements]
    return (
        source_schema,
        source_table,
        source_columns,
        target_schema,
        target_table,
        target_columns,
        constraint.onupdate,
        constraint.ondelete,
        constraint.deferrable,
        constraint.initially,
    )


def _table_for_constraint(constraint: Any) -> sa.Table:
    """The table a constraint belongs to (the source table for a foreign key)."""
    if isinstance(constraint, sa.ForeignKeyConstraint):
        table = constraint.parent
        assert table is not None
        return table
    return constraint.table


def _remove_column_from_collection(collection: Any, column: Any) -> None:
    """Take ``column`` (matched by key) out of a column collection."""
    to_remove = collection[column.key]
    # the collection may hold a different Column object with the same key;
    # a constraint's columns are a read-only view over a mutable collection
    getattr(collection, "_parent", collection).remove(to_remove)


def _resolve_for_variant(type_: Any, dialect: Any) -> Any:
    """The dialect-specific variant of ``type_`` if it has one for ``dialect``."""
    variants = getattr(type_, "_variant_mapping", None)
    if variants and dialect.name in variants:
        return variants[dialect.name]
    return type_


def _server_default_is_computed(*server_default: Any) -> bool:
    """True if any of the given defaults is a ``Computed`` construct."""
    return any(isinstance(sd, Computed) for sd in server_default)


def _server_default_is_identity(*server_default: Any) -> bool:
    """True if any of the given defaults is an ``Identity`` construct."""
    return any(isinstance(sd, Identity) for sd in server_default)


def _nullability_might_be_unset(metadata_column: sa.Column) -> bool:
    """True when the column's nullability was not stated explicitly."""
    from sqlalchemy.sql import schema as sql_schema

    return metadata_column._user_defined_nullable is sql_schema.NULL_UNSPECIFIED


def _get_constraint_final_name(constraint: Any, dialect: Any) -> str | None:
    """The name the dialect will render for ``constraint`` (conventions and
    truncation applied), or None when it has none."""
    if constraint.name is None:
        return None
    if dialect is None:
        return str(constraint.name)
    return dialect.identifier_preparer.format_constraint(constraint, _alembic_quote=False)


def _constraint_is_named(constraint: Any, dialect: Any) -> bool:
    """True when ``constraint`` has a name, given or from a convention."""
    if constraint.name is None:
        return False
    name = dialect.identifier_preparer.format_constraint(constraint, _alembic_quote=False)
    return name is not None


def _insert_inline(table: Any) -> Any:
    """``INSERT`` for ``table`` that never fetches defaults back."""
    return table.insert().inline()


def _select(*columns: Any, **kw: Any) -> Any:
    """``SELECT`` of the given columns."""
    return sql.select(*columns, **kw)


class _literal_bindparam(BindParameter):
    """A bound value that always renders as an inline literal."""

    inherit_cache = True


@compiles(_literal_bindparam)
def _render_literal_bindparam(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.render_literal_bindparam(element, **kw)


@contextlib.contextmanager
def _ensure_scope_for_ddl(connection: Connection | None) -> Iterator[None]:
    """Run the block in a transaction, beginning one only if none is open."""
    if connection is None or not isinstance(connection, Connection):
        yield
        return
    if connection.in_transaction():
        yield
        return
    with connection.begin():
        yield


def _safe_begin_connection_transaction(connection: Connection) -> Any:
    """The open transaction of ``connection``, or a new one."""
    transaction = connection.get_transaction()
    return transaction if transaction is not None else connection.begin()


def _safe_commit_connection_transaction(connection: Connection) -> None:
    """Commit the open transaction of ``connection``, if any."""
    transaction = connection.get_transaction()
    if transaction is not None:
        transaction.commit()


def _safe_rollback_connection_transaction(connection: Connection) -> None:
    """Roll back the open transaction of ``connection``, if any."""
    transaction = connection.get_transaction()
    if transaction is not None:
        transaction.rollback()


def _get_connection_in_transaction(connection: Connection | None) -> bool:
    """True when ``connection`` is a real connection inside a transaction."""
    try:
        in_transaction = connection.in_transaction  # type: ignore[union-attr]
    except AttributeError:
        return False
    return bool(in_transaction())


def _connectable_has_table(connectable: Connection, tablename: str, schemaname: str | None) -> bool:
    """True when the table exists in the database."""
    return sa.inspect(connectable).has_table(tablename, schemaname)


def _exec_on_inspector(inspector: Any, statement: Any, **params: Any) -> Any:
    """Run ``statement`` on the connection behind an Inspector."""
    with inspector._operation_context() as conn:
        return conn.execute(statement, params)


def _reflect_table(inspector: Any, table: sa.Table) -> None:
    """Fill ``table`` from the database through ``inspector``."""
    inspector.reflect_table(table, None)


def _idx_table_bound_expressions(idx: sa.Index) -> Iterable[Any]:
    """The expressions of an index, bound to its table's columns."""
    return idx.expressions


def is_expression_index(index: sa.Index) -> bool:
    """True when any element of the index is an expression, not a column."""
    return any(is_expression(expr) for expr in index.expressions)


def is_expression(expr: Any) -> bool:
    """True for an index element that is not a plain column."""
    while isinstance(expr, sql.elements.UnaryExpression):
        expr = expr.element
    return not isinstance(expr, ColumnClause) or bool(getattr(expr, "is_literal", False))


def _get_index_expressions(idx: sa.Index) -> list[Any]:
    """The expressions of an index."""
    return list(idx.expressions)


def _get_index_column_names(idx: sa.Index) -> set[str | None]:
    """Names of the index elements; None for an expression."""
    return {None if is_expression(exp) else exp.name for exp in _get_index_expressions(idx)}


class _textual_index_element(sql.ColumnElement):
    """An index element given as text, keeping a stand-in column so the
    Index can find its table."""

    __visit_name__ = "_textual_idx_element"

    def __init__(self, table: sa.Table, text: TextClause) -> None:
        self.table = table
        self.text = text
        self.key = text.text
        self.fake_column = sa.Column(self.text.text, sqltypes.NULLTYPE)
        table.append_column(self.fake_column)

    def get_children(self, **kw: Any) -> Any:
        return [self.fake_column]


@compiles(_textual_index_element)
def _render_textual_index_column(element: _textual_index_element, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.text, **kw)


def _textual_index_column(table: sa.Table, text_: str | TextClause | Any) -> Any:
    """An index element for ``text_``: a column name, a text() or an expression."""
    if isinstance(text_, str):
        column = sa.Column(text_, sqltypes.NULLTYPE)
        table.append_column(column)
        return column
    if isinstance(text_, TextClause):
        return _textual_index_element(table, text_)
    if isinstance(text_, sql.ClauseElement):
        return text_
    raise ValueError("String or text() construct expected")


def _create_url(*arg: Any, **kw: Any) -> Any:
    """``sqlalchemy.engine.url.URL.create``."""
    return sa.engine.url.URL.create(*arg, **kw)


# ``conv`` is re-exported for callers that mark names as final
__all__.append("conv")
