"""Oracle: ``MODIFY`` forms, no statement terminator and ``/`` between
offline statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles

from .base import (
    AddColumn,
    ColumnComment,
    ColumnDefault,
    ColumnName,
    ColumnNullable,
    ColumnType,
    IdentityColumnDefault,
    RenameTable,
    add_column,
    alter_table,
    format_column_name,
    format_server_default,
    format_table_name,
    format_type,
)
from .impl import DefaultImpl

__all__ = ["OracleImpl"]


class OracleImpl(DefaultImpl):
    """Oracle implementation."""

    __dialect__ = "oracle"
    transactional_ddl = False
    batch_separator = "/"
    command_terminator = ""
    type_synonyms = DefaultImpl.type_synonyms + (
        {"VARCHAR", "VARCHAR2"},
        {"BIGINT", "INTEGER", "SMALLINT", "DECIMAL", "NUMERIC", "NUMBER"},
        {"DOUBLE", "FLOAT", "DOUBLE_PRECISION"},
    )
    identity_attrs_ignore = ()

    def __init__(self, *arg: Any, **kw: Any) -> None:
        super().__init__(*arg, **kw)
        self.batch_separator = self.context_opts.get("oracle_batch_separator", self.batch_separator)

    def _exec(self, construct: Any, *args: Any, **kw: Any) -> Any:
        result = super()._exec(construct, *args, **kw)
        if self.as_sql and self.batch_separator:
            self.static_output(self.batch_separator)
        return result

    def emit_begin(self) -> None:
        self._exec("SET TRANSACTION READ WRITE")

    def emit_commit(self) -> None:
        self._exec("COMMIT")


def _modify(compiler: Any, element: Any) -> str:
    return "%s MODIFY %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
    )


@compiles(AddColumn, "oracle")
def visit_add_column(element: AddColumn, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        add_column(compiler, element.column, keyword="ADD", **kw),
    )


@compiles(ColumnNullable, "oracle")
def visit_column_nullable(element: ColumnNullable, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (_modify(compiler, element), "NULL" if element.nullable else "NOT NULL")


@compiles(ColumnType, "oracle")
def visit_column_type(element: ColumnType, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (_modify(compiler, element), format_type(compiler, element.type_))


@compiles(ColumnName, "oracle")
def visit_column_name(element: ColumnName, compiler: Any, **kw: Any) -> str:
    return "%s RENAME COLUMN %s TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        format_column_name(compiler, element.newname),
    )


@compiles(ColumnDefault, "oracle")
def visit_column_default(element: ColumnDefault, compiler: Any, **kw: Any) -> str:
    if element.default is None:
        return "%s DEFAULT NULL" % _modify(compiler, element)
    return "%s DEFAULT %s" % (
        _modify(compiler, element),
        format_server_default(compiler, element.default),
    )


@compiles(ColumnComment, "oracle")
def visit_column_comment(element: ColumnComment, compiler: Any, **kw: Any) -> str:
    from sqlalchemy import types as sqltypes

    comment = element.comment if element.comment is not None else ""
    return "COMMENT ON COLUMN %s.%s IS %s" % (
        format_table_name(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        compiler.sql_compiler.render_literal_value(comment, sqltypes.String()),
    )


@compiles(RenameTable, "oracle")
def visit_rename_table(element: RenameTable, compiler: Any, **kw: Any) -> str:
    return "%s RENAME TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_table_name(compiler, element.new_table_name, None),
    )


@compiles(IdentityColumnDefault, "oracle")
def visit_identity_column(element: IdentityColumnDefault, compiler: Any, **kw: Any) -> str:
    text = _modify(compiler, element) + " "
    if element.default is None:
        return text + "DROP IDENTITY"
    return text + compiler.visit_identity_column(element.default)
