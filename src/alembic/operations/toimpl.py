"""Default implementations: carry each op value object out by calling the
dialect impl (``operations.impl``, a ``DefaultImpl`` or, inside a batch
block, a ``BatchOperationsImpl``).

Registered with ``Operations.implementation_for``; a dialect or a user can
register a replacement for one op class (``replace=True``) or for a dialect
qualifier.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import schema as sa_schema
from sqlalchemy.exc import CompileError

from ..util.exc import explain
from . import ops
from .base import Operations, _migration_file

__all__ = [
    "add_column",
    "alter_column",
    "bulk_insert",
    "create_constraint",
    "create_index",
    "create_table",
    "create_table_comment",
    "drop_column",
    "drop_constraint",
    "drop_index",
    "drop_table",
    "drop_table_comment",
    "execute_sql",
    "rename_table",
]


def _only_given(**kw: Any) -> dict:
    """Keep the keyword arguments that were actually given (not None), so
    impls that predate an option still accept the call."""
    return {k: v for k, v in kw.items() if v is not None}


def _type_bound_constraints(
    operations: Any, table_name: str, column: Any, schema: Any
) -> list:
    """Constraints a column's type creates by itself (e.g. the CHECK of
    ``Boolean(create_constraint=True)``) that the dialect would emit."""
    table = operations.schema_obj.table(table_name, column, schema=schema)
    dialect = operations.migration_context.dialect
    compiler = dialect.statement_compiler(dialect, None)
    found = []
    for const in table.constraints:
        if isinstance(const, sa_schema.PrimaryKeyConstraint):
            continue
        rule = getattr(const, "_create_rule", None)
        if rule is None or rule(compiler):
            found.append(const)
    return found


@Operations.implementation_for(ops.AlterColumnOp)
def alter_column(operations: Any, operation: ops.AlterColumnOp) -> None:
    """ALTER a column; when the type changes, drop the old type's own
    constraints first and add the new type's after."""
    table_name, schema = operation.table_name, operation.schema
    column_name, new_type = operation.column_name, operation.modify_type
    if operation.existing_type is not None and new_type is not None:
        old_col = sa_schema.Column(column_name, operation.existing_type)
        for const in _type_bound_constraints(operations, table_name, old_col, schema):
            operations.impl.drop_constraint(const)
    operations.impl.alter_column(
        table_name,
        column_name,
        nullable=operation.modify_nullable,
        server_default=operation.modify_server_default,
        name=operation.modify_name,
        type_=new_type,
        schema=schema,
        existing_type=operation.existing_type,
        existing_server_default=operation.existing_server_default,
        existing_nullable=operation.existing_nullable,
        comment=operation.modify_comment,
        existing_comment=operation.existing_comment,
        **operation.kw,
    )
    if new_type is not None:
        new_col = sa_schema.Column(column_name, new_type)
        for const in _type_bound_constraints(operations, table_name, new_col, schema):
            operations.impl.add_constraint(const)


@Operations.implementation_for(ops.DropTableOp)
def drop_table(operations: Any, operation: ops.DropTableOp) -> None:
    """DROP TABLE [IF EXISTS]."""
    kw = _only_given(if_exists=operation.if_exists)
    operations.impl.drop_table(operation.to_table(operations.migration_context), **kw)


@Operations.implementation_for(ops.DropColumnOp)
def drop_column(operations: Any, operation: ops.DropColumnOp) -> None:
    """ALTER TABLE ... DROP COLUMN."""
    column = operation.to_column(operations.migration_context)
    kw = dict(operation.kw)
    kw.update(_only_given(if_exists=operation.if_exists))
    operations.impl.drop_column(
        operation.table_name, column, schema=operation.schema, **kw
    )


@Operations.implementation_for(ops.CreateIndexOp)
def create_index(operations: Any, operation: ops.CreateIndexOp) -> None:
    """CREATE [UNIQUE] INDEX [IF NOT EXISTS]."""
    index = operation.to_index(operations.migration_context)
    kw = _only_given(if_not_exists=operation.if_not_exists)
    operations.impl.create_index(index, **kw)


@Operations.implementation_for(ops.DropIndexOp)
def drop_index(operations: Any, operation: ops.DropIndexOp) -> None:
    """DROP INDEX [IF EXISTS]."""
    index = operation.to_index(operations.migration_context)
    kw = _only_given(if_exists=operation.if_exists)
    operations.impl.drop_index(index, **kw)


@Operations.implementation_for(ops.CreateTableOp)
def create_table(operations: Any, operation: ops.CreateTableOp) -> Any:
    """CREATE TABLE [IF NOT EXISTS]; returns the Table."""
    table = operation.to_table(operations.migration_context)
    kw = _only_given(if_not_exists=operation.if_not_exists)
    operations.impl.create_table(table, **kw)
    return table


@Operations.implementation_for(ops.RenameTableOp)
def rename_table(operations: Any, operation: ops.RenameTableOp) -> None:
    """ALTER TABLE ... RENAME TO."""
    operations.impl.rename_table(
        operation.table_name, operation.new_table_name, schema=operation.schema
    )


@Operations.implementation_for(ops.CreateTableCommentOp)
def create_table_comment(operations: Any, operation: ops.CreateTableCommentOp) -> None:
    """Set a table comment."""
    operations.impl.create_table_comment(
        operation.to_table(operations.migration_context)
    )


@Operations.implementation_for(ops.DropTableCommentOp)
def drop_table_comment(operations: Any, operation: ops.DropTableCommentOp) -> None:
    """Remove a table comment."""
    operations.impl.drop_table_comment(operation.to_table(operations.migration_context))


def _add_column_extras(
    operations: Any, table: Any, column: Any, operation: Any
) -> None:
    """Constraints, indexes and comment that come with a new column."""
    for const in table.constraints:
        if isinstance(const, sa_schema.PrimaryKeyConstraint):
            continue
        if operation.inline_references and isinstance(
            const, sa_schema.ForeignKeyConstraint
        ):
            continue
        operations.impl.add_constraint(const)
    for index in table.indexes:
        operations.impl.create_index(index)
    dialect = operations.migration_context.dialect
    separate_comments = dialect.supports_comments and not dialect.inline_comments
    if column.comment is not None and separate_comments:
        operations.impl.create_column_comment(column)


@Operations.implementation_for(ops.AddColumnOp)
def add_column(operations: Any, operation: ops.AddColumnOp) -> None:
    """ALTER TABLE ... ADD COLUMN, then the column's constraints, indexes
    and comment."""
    column = operation.column
    if column.table is not None:
        column = column._copy()
    table = operations.schema_obj.table(
        operation.table_name, column, schema=operation.schema
    )
    kw = dict(operation.kw)
    kw.update(
        _only_given(
            if_not_exists=operation.if_not_exists,
            inline_references=operation.inline_references,
            inline_primary_key=operation.inline_primary_key,
        )
    )
    operations.impl.add_column(
        operation.table_name, column, schema=operation.schema, **kw
    )
    _add_column_extras(operations, table, column, operation)


@Operations.implementation_for(ops.AddConstraintOp)
def create_constraint(operations: Any, operation: ops.AddConstraintOp) -> None:
    """ALTER TABLE ... ADD CONSTRAINT."""
    operations.impl.add_constraint(
        operation.to_constraint(operations.migration_context)
    )


def _refuse_unnamed_drop(operations: Any, operation: ops.DropConstraintOp) -> None:
    """An unnamed constraint cannot be dropped: say where and what to do.

    Alembic fails here with an exception from the DDL compiler (a traceback,
    exit status 1), so the error keeps that kind: a ``CompileError`` carrying
    the one line the CLI prints (status 1 too).
    """
    where = _migration_file(operations.migration_context)
    kind = f"{operation.constraint_type} " if operation.constraint_type else ""
    message = (
        f"Can't drop an unnamed {kind}constraint on table {operation.table_name!r}"
        + (f" in migration file {where}" if where else "")
        + ": pass the constraint's name to drop_constraint() (look it up in the "
        "database; give constraints names, e.g. with a MetaData naming_convention)"
    )
    raise explain(CompileError(message), message)


@Operations.implementation_for(ops.DropConstraintOp)
def drop_constraint(operations: Any, operation: ops.DropConstraintOp) -> None:
    """ALTER TABLE ... DROP CONSTRAINT (or the dialect's form)."""
    if operation.constraint_name is None:
        _refuse_unnamed_drop(operations, operation)
    const = operations.schema_obj.generic_constraint(
        operation.constraint_name,
        operation.table_name,
        operation.constraint_type,
        schema=operation.schema,
    )
    kw = _only_given(if_exists=operation.if_exists)
    operations.impl.drop_constraint(const, **kw)


@Operations.implementation_for(ops.BulkInsertOp)
def bulk_insert(operations: Any, operation: ops.BulkInsertOp) -> None:
    """INSERT the rows (literal statements offline)."""
    operations.impl.bulk_insert(
        operation.table, operation.rows, multiinsert=operation.multiinsert
    )


@Operations.implementation_for(ops.ExecuteSQLOp)
def execute_sql(operations: Any, operation: ops.ExecuteSQLOp) -> None:
    """Run the statement through the migration context's impl (so that in
    a batch block it runs at once, not at flush)."""
    operations.migration_context.impl.execute(
        operation.sqltext, execution_options=operation.execution_options
    )
