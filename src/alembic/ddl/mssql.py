"""SQL Server: ``GO`` between offline statements, default constraints found
and dropped by a T-SQL block, ``sp_rename``, comments as extended
properties."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import DDLElement, DropTableComment, SetColumnComment, SetTableComment

from ..util import sqla_compat
from ..util.exc import CommandError
from ..util.messaging import warn
from .base import (
    AddColumn,
    ColumnComment,
    ColumnDefault,
    ColumnName,
    ColumnNullable,
    ColumnType,
    RenameTable,
    add_column,
    alter_column,
    alter_table,
    format_column_name,
    format_server_default,
    format_table_name,
    format_type,
)
from .impl import DefaultImpl

__all__ = ["MSSQLImpl"]


class MSSQLImpl(DefaultImpl):
    """SQL Server implementation."""

    __dialect__ = "mssql"
    transactional_ddl = True
    batch_separator = "GO"

    type_synonyms = DefaultImpl.type_synonyms + ({"VARCHAR", "NVARCHAR"},)
    identity_attrs_ignore = DefaultImpl.identity_attrs_ignore + (
        "minvalue",
        "maxvalue",
        "nominvalue",
        "nomaxvalue",
        "cycle",
        "cache",
    )

    def __init__(self, *arg: Any, **kw: Any) -> None:
        super().__init__(*arg, **kw)
        self.batch_separator = self.context_opts.get("mssql_batch_separator", self.batch_separator)

    def _exec(self, construct: Any, *args: Any, **kw: Any) -> Any:
        result = super()._exec(construct, *args, **kw)
        if self.as_sql and self.batch_separator:
            self.static_output(self.batch_separator)
        return result

    def emit_begin(self) -> None:
        self.static_output("BEGIN TRANSACTION" + self.command_terminator)

    def emit_commit(self) -> None:
        super().emit_commit()
        if self.as_sql and self.batch_separator:
            self.static_output(self.batch_separator)

    def alter_column(
        self,
        table_name: str,
        column_name: str,
        *,
        nullable: bool | None = None,
        server_default: Any = False,
        name: str | None = None,
        type_: Any = None,
        schema: str | None = None,
        existing_type: Any = None,
        existing_server_default: Any = None,
        existing_nullable: bool | None = None,
        **kw: Any,
    ) -> None:
        """NULL/NOT NULL restates the type; a default change drops the old
        default constraint first; the rename goes through sp_rename."""
        if nullable is not None:
            if type_ is not None:
                # the NULL / NOT NULL statement carries the new type
                existing_type, type_ = type_, None
            elif existing_type is None:
                raise CommandError(
                    "MS-SQL ALTER COLUMN operations with NULL or NOT NULL require the "
                    f"existing_type or a new type_ be passed (column '{column_name}' of "
                    f"table '{table_name}')."
                )
        elif existing_nullable is not None and type_ is not None:
            nullable = existing_nullable
            existing_type, type_ = type_, None
        elif type_ is not None:
            warn(
                "MS-SQL ALTER COLUMN operations that specify type_= should also specify "
                "a nullable= or existing_nullable= argument to avoid implicit conversion "
                "of NOT NULL columns to NULL."
            )
        special_default = sqla_compat._server_default_is_identity(
            server_default, existing_server_default
        ) or sqla_compat._server_default_is_computed(server_default, existing_server_default)
        if special_default:
            kw["server_default"] = server_default
            kw["existing_server_default"] = existing_server_default
        super().alter_column(
            table_name,
            column_name,
            nullable=nullable,
            type_=type_,
            schema=schema,
            existing_type=existing_type,
            existing_nullable=existing_nullable,
            **kw,
        )
        if server_default is not False and not special_default:
            if existing_server_default is not False or server_default is None:
                self._exec(
                    _ExecDropConstraint(table_name, column_name, "sys.default_constraints", schema)
                )
            if server_default is not None:
                super().alter_column(
                    table_name, column_name, schema=schema, server_default=server_default
                )
        if name is not None:
            super().alter_column(table_name, column_name, schema=schema, name=name)

    def create_index(self, index: Any, **kw: Any) -> None:
        """CREATE INDEX; ``mssql_include`` columns need not be in the table object."""
        for name in index.kwargs.get("mssql_include", None) or ():
            if isinstance(name, str) and index.table is not None and name not in index.table.c:
                index.table.append_column(Column(name, sqltypes.NULLTYPE))
        super().create_index(index, **kw)

    def bulk_insert(self, table: Any, rows: list[dict[str, Any]], multiinsert: bool = True) -> None:
        """Offline, wrap the INSERTs in ``SET IDENTITY_INSERT .. ON/OFF``."""
        if not self.as_sql:
            super().bulk_insert(table, rows, multiinsert=multiinsert)
            return
        name = self.dialect.identifier_preparer.format_table(table)
        self._exec("SET IDENTITY_INSERT %s ON" % name)
        super().bulk_insert(table, rows, multiinsert=multiinsert)
        self._exec("SET IDENTITY_INSERT %s OFF" % name)

    def drop_column(
        self, table_name: str, column: Column, *, schema: str | None = None, **kw: Any
    ) -> None:
        """DROP COLUMN, first dropping the column's default, CHECK or
        foreign key constraints when ``mssql_drop_*`` asks for it."""
        if kw.pop("mssql_drop_default", False):
            self._exec(_ExecDropConstraint(table_name, column, "sys.default_constraints", schema))
        if kw.pop("mssql_drop_check", False):
            self._exec(_ExecDropConstraint(table_name, column, "sys.check_constraints", schema))
        if kw.pop("mssql_drop_foreign_key", False):
            self._exec(_ExecDropFKConstraint(table_name, column, schema))
        super().drop_column(table_name, column, schema=schema, **kw)


def _column_name(column: Any) -> str:
    return column.name if isinstance(column, Column) else column


class _ExecDropConstraint(DDLElement):
    """T-SQL block dropping the (unnamed) default or check constraint of a column."""

    inherit_cache = False

    def __init__(self, tname: str, colname: Any, type_: str, schema: str | None) -> None:
        self.tname = tname
        self.colname = _column_name(colname)
        self.type_ = type_
        self.schema = schema


class _ExecDropFKConstraint(DDLElement):
    """T-SQL block dropping the foreign key constraint of a column."""

    inherit_cache = False

    def __init__(self, tname: str, colname: Any, schema: str | None) -> None:
        self.tname = tname
        self.colname = _column_name(colname)
        self.schema = schema


def _drop_block(compiler: Any, element: Any, source: str, where_prefix: str) -> str:
    schema_dot = compiler.preparer.quote_schema(element.schema) + "." if element.schema else ""
    return (
        "declare @const_name varchar(256)\n"
        f"select @const_name = QUOTENAME([name]) from {source}\n"
        f"where {where_prefix}parent_object_id = object_id('{schema_dot}{element.tname}')\n"
        f"and col_name({where_prefix}parent_object_id, {where_prefix}parent_column_id) = '{element.colname}'\n"
        "exec('alter table %s drop constraint ' + @const_name)"
        % format_table_name(compiler, element.tname, element.schema)
    )


@compiles(_ExecDropConstraint, "mssql")
def visit_exec_drop_constraint(element: _ExecDropConstraint, compiler: Any, **kw: Any) -> str:
    return _drop_block(compiler, element, element.type_, "")


@compiles(_ExecDropFKConstraint, "mssql")
def visit_exec_drop_fk(element: _ExecDropFKConstraint, compiler: Any, **kw: Any) -> str:
    source = (
        "\nsys.foreign_keys fk join sys.foreign_key_columns fkc\n"
        "on fk.object_id=fkc.constraint_object_id"
    )
    return _drop_block(compiler, element, source, "fkc.").replace("from \n", "from\n")


@compiles(AddColumn, "mssql")
def visit_add_column(element: AddColumn, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        add_column(
            compiler, element.column, if_not_exists=element.if_not_exists, keyword="ADD", **kw
        ),
    )


@compiles(ColumnNullable, "mssql")
def visit_column_nullable(element: ColumnNullable, compiler: Any, **kw: Any) -> str:
    return "%s %s %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        format_type(compiler, element.existing_type),
        "NULL" if element.nullable else "NOT NULL",
    )


@compiles(ColumnDefault, "mssql")
def visit_column_default(element: ColumnDefault, compiler: Any, **kw: Any) -> str:
    # dropping a default is _ExecDropConstraint's job; this only adds one
    return "%s ADD DEFAULT %s FOR %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_server_default(compiler, element.default),
        format_column_name(compiler, element.column_name),
    )


@compiles(ColumnName, "mssql")
def visit_rename_column(element: ColumnName, compiler: Any, **kw: Any) -> str:
    return "EXEC sp_rename '%s.%s', %s, 'COLUMN'" % (
        format_table_name(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        format_column_name(compiler, element.newname),
    )


@compiles(ColumnType, "mssql")
def visit_column_type(element: ColumnType, compiler: Any, **kw: Any) -> str:
    return "%s %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        format_type(compiler, element.type_),
    )


@compiles(RenameTable, "mssql")
def visit_rename_table(element: RenameTable, compiler: Any, **kw: Any) -> str:
    return "EXEC sp_rename '%s', %s" % (
        format_table_name(compiler, element.table_name, element.schema),
        format_table_name(compiler, element.new_table_name, None),
    )


@compiles(ColumnComment, "mssql")
def visit_column_comment(element: ColumnComment, compiler: Any, **kw: Any) -> str:
    """Column comments are the ``MS_Description`` extended property."""
    preparer = compiler.preparer
    # names as identifiers, as Alembic 1.20.1 writes them ([My Table], not N'My Table')
    schema = element.schema or compiler.dialect.default_schema_name or "dbo"
    target = "'schema', %s, 'table', %s, 'column', %s" % (
        preparer.quote_schema(schema),
        preparer.quote(element.table_name),
        preparer.quote(element.column_name),
    )
    if element.comment is None:
        return "exec sp_dropextendedproperty 'MS_Description', %s" % target
    verb = "sp_updateextendedproperty" if element.existing_comment else "sp_addextendedproperty"
    return "exec %s 'MS_Description', %s, %s" % (verb, _nliteral(compiler, element.comment), target)


def _comment_owner(compiler: Any, table: Any) -> str:
    """``'schema', s, 'table', t`` for a table's extended property; offline
    there is no connection to ask the default schema, so ``dbo`` is assumed."""
    schema = (
        compiler.preparer.schema_for_object(table)
        or compiler.dialect.default_schema_name
        or "dbo"
    )
    return "'schema', %s, 'table', %s" % (
        compiler.preparer.quote_schema(schema),
        compiler.preparer.format_table(table, use_schema=False),
    )


@compiles(SetTableComment, "mssql")
def visit_set_table_comment(element: SetTableComment, compiler: Any, **kw: Any) -> str:
    """A table comment is the table's ``MS_Description`` extended property."""
    return "execute sp_addextendedproperty 'MS_Description', %s, %s" % (
        _nliteral(compiler, element.element.comment),
        _comment_owner(compiler, element.element),
    )


@compiles(SetColumnComment, "mssql")
def visit_set_column_comment(element: SetColumnComment, compiler: Any, **kw: Any) -> str:
    """A column comment from CREATE TABLE: the column's ``MS_Description``
    (SQLAlchemy's own rendering needs a default schema, unknown offline)."""
    column = element.element
    return "execute sp_addextendedproperty 'MS_Description', %s, %s, 'column', %s" % (
        _nliteral(compiler, column.comment),
        _comment_owner(compiler, column.table),
        compiler.preparer.format_column(column),
    )


@compiles(DropTableComment, "mssql")
def visit_drop_table_comment(element: DropTableComment, compiler: Any, **kw: Any) -> str:
    return "execute sp_dropextendedproperty 'MS_Description', %s" % _comment_owner(
        compiler, element.element
    )


def _nliteral(compiler: Any, value: str) -> str:
    return compiler.sql_compiler.render_literal_value(value, sqltypes.NVARCHAR())
