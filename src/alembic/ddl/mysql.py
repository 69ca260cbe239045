"""MySQL and MariaDB: column changes restate the whole column
(``CHANGE``/``MODIFY``), and constraints are dropped by type."""

from __future__ import annotations

from typing import Any

from sqlalchemy import schema as sa_schema
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.compiler import compiles

from ..util import sqla_compat
from ..util.exc import CommandError
from .base import (
    AlterColumn,
    ColumnDefault,
    ColumnName,
    ColumnNullable,
    ColumnType,
    alter_table,
    format_column_name,
    format_server_default,
    format_type,
    render_comment,
)
from .impl import DefaultImpl

__all__ = [
    "MariaDBImpl",
    "MySQLAlterDefault",
    "MySQLChangeColumn",
    "MySQLImpl",
    "MySQLModifyColumn",
]

_NEEDS_TYPE = "All MySQL CHANGE/MODIFY COLUMN operations require the existing type."


class MySQLImpl(DefaultImpl):
    """MySQL implementation (also used for MariaDB servers reached through
    a ``mysql://`` URL)."""

    __dialect__ = "mysql"

    transactional_ddl = False
    type_synonyms = DefaultImpl.type_synonyms + ({"BOOL", "TINYINT"}, {"JSON", "LONGTEXT"})
    type_arg_extract = [r"character set ([\w\-_]+)", r"collate ([\w\-_]+)"]

    def render_ddl_sql_expr(
        self, expr: Any, is_server_default: bool = False, is_index: bool = False, **kw: Any
    ) -> str:
        """As the generic rendering, but an index expression is grouped the
        way MySQL wants a functional key part: in parentheses."""
        if is_index:
            expr = _functional_key_part(expr)
        return super().render_ddl_sql_expr(
            expr, is_server_default=is_server_default, is_index=is_index, **kw
        )

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
        autoincrement: bool | None = None,
        existing_autoincrement: bool | None = None,
        comment: Any = False,
        existing_comment: str | None = None,
        **kw: Any,
    ) -> None:
        """``CHANGE`` for a rename, ``MODIFY`` for other column changes,
        ``ALTER COLUMN .. SET/DROP DEFAULT`` for a default alone."""
        if sqla_compat._server_default_is_identity(server_default, existing_server_default) or (
            sqla_compat._server_default_is_computed(server_default, existing_server_default)
        ):
            # not supported as an ALTER: the generic element raises the error
            super().alter_column(
                table_name,
                column_name,
                server_default=server_default,
                schema=schema,
                existing_server_default=existing_server_default,
            )
            return
        spec = dict(
            schema=schema,
            nullable=_first(nullable, existing_nullable, True),
            type_=type_ if type_ is not None else existing_type,
            default=server_default if server_default is not False else existing_server_default,
            autoincrement=_first(autoincrement, existing_autoincrement),
            comment=comment if comment is not False else existing_comment,
        )
        if name is not None or _functional_datetime_default(spec["type_"], server_default):
            newname = name if name is not None else column_name
            self._exec(MySQLChangeColumn(table_name, column_name, newname=newname, **spec))
        elif (
            nullable is not None
            or type_ is not None
            or autoincrement is not None
            or comment is not False
        ):
            self._exec(MySQLModifyColumn(table_name, column_name, newname=column_name, **spec))
        elif server_default is not False:
            self._exec(MySQLAlterDefault(table_name, column_name, server_default, schema=schema))

    def drop_constraint(self, const: Any, **kw: Any) -> None:
        """DROP by constraint type; a Boolean/Enum's own CHECK is skipped."""
        if isinstance(const, sa_schema.CheckConstraint) and sqla_compat._is_type_bound(const):
            return
        super().drop_constraint(const, **kw)


def _functional_key_part(expr: Any) -> Any:
    """``expr`` in parentheses when it is one of the kinds of expression
    SQLAlchemy's own MySQL CREATE INDEX groups (functions, binary and unary
    expressions other than ASC/DESC)."""
    from sqlalchemy import sql
    from sqlalchemy.sql import operators

    ordering = (operators.desc_op, operators.asc_op)
    if isinstance(expr, (sql.elements.BinaryExpression, sql.functions.FunctionElement)) or (
        isinstance(expr, sql.elements.UnaryExpression) and expr.modifier not in ordering
    ):
        return sql.elements.Grouping(expr)
    return expr


class MariaDBImpl(MySQLImpl):
    """MariaDB (``mariadb://`` URLs)."""

    __dialect__ = "mariadb"


def _first(*values: Any) -> Any:
    """The first value that is not None."""
    for value in values:
        if value is not None:
            return value
    return None


def _functional_datetime_default(type_: Any, server_default: Any) -> bool:
    """A DATETIME/TIMESTAMP column altered without dropping its default:
    written as CHANGE, as Alembic 1.20.1 does (a default left unchanged
    counts, only ``server_default=None`` does not; a type given as a class,
    ``sa.DateTime`` rather than ``sa.DateTime()``, keeps MODIFY there too)."""
    return (
        isinstance(type_, sqltypes.TypeEngine)
        and type_._type_affinity is sqltypes.DateTime
        and server_default is not None
    )


class MySQLChangeColumn(AlterColumn):
    """``CHANGE old new <full column spec>``; also the base of MODIFY."""

    keyword = "CHANGE"

    def __init__(
        self,
        name: str,
        column_name: str,
        schema: str | None = None,
        newname: str | None = None,
        type_: Any = None,
        nullable: bool | None = None,
        default: Any = False,
        autoincrement: bool | None = None,
        comment: Any = False,
    ) -> None:
        super().__init__(name, column_name, schema=schema)
        if type_ is None:
            raise CommandError(
                f"{_NEEDS_TYPE} Add existing_type=<the column's current type> to the "
                f"alter_column() call for column '{column_name}' of table '{name}'."
            )
        self.newname = newname
        self.nullable = nullable
        self.default = default
        self.autoincrement = autoincrement
        self.comment = comment
        self.type_ = sqltypes.to_instance(type_)


class MySQLModifyColumn(MySQLChangeColumn):
    """``MODIFY col <full column spec>``."""

    keyword = "MODIFY"


class MySQLAlterDefault(AlterColumn):
    """``ALTER COLUMN c SET DEFAULT x`` / ``DROP DEFAULT``."""

    def __init__(
        self, name: str, column_name: str, default: Any, schema: str | None = None
    ) -> None:
        super().__init__(name, column_name, schema=schema)
        self.default = default


@compiles(ColumnNullable, "mysql", "mariadb")
@compiles(ColumnName, "mysql", "mariadb")
@compiles(ColumnDefault, "mysql", "mariadb")
@compiles(ColumnType, "mysql", "mariadb")
def _no_single_alters(element: Any, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError("Individual alter column constructs not supported by MySQL")


@compiles(MySQLAlterDefault, "mysql", "mariadb")
def visit_alter_default(element: MySQLAlterDefault, compiler: Any, **kw: Any) -> str:
    if element.default is None:
        change = "DROP DEFAULT"
    else:
        change = "SET DEFAULT %s" % format_server_default(compiler, element.default)
    return "%s ALTER COLUMN %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        change,
    )


@compiles(MySQLModifyColumn, "mysql", "mariadb")
def visit_modify_column(element: MySQLModifyColumn, compiler: Any, **kw: Any) -> str:
    return "%s MODIFY %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        _column_spec(compiler, element),
    )


@compiles(MySQLChangeColumn, "mysql", "mariadb")
def visit_change_column(element: MySQLChangeColumn, compiler: Any, **kw: Any) -> str:
    return "%s CHANGE %s %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        format_column_name(compiler, element.newname),
        _column_spec(compiler, element),
    )


def _column_spec(compiler: Any, element: MySQLChangeColumn) -> str:
    """``TYPE NULL|NOT NULL [AUTO_INCREMENT] [DEFAULT x] [COMMENT 'c']``."""
    spec = "%s %s" % (
        format_type(compiler, element.type_),
        "NULL" if element.nullable else "NOT NULL",
    )
    if element.autoincrement:
        spec += " AUTO_INCREMENT"
    if element.default is not False and element.default is not None:
        spec += " DEFAULT %s" % format_server_default(compiler, element.default)
    if element.comment:
        spec += " COMMENT %s" % render_comment(compiler, element.comment)
    return spec


@compiles(sa_schema.DropConstraint, "mysql", "mariadb")
def visit_drop_constraint(element: Any, compiler: Any, **kw: Any) -> str:
    constraint = element.element
    if isinstance(
        constraint,
        (
            sa_schema.ForeignKeyConstraint,
            sa_schema.PrimaryKeyConstraint,
            sa_schema.UniqueConstraint,
        ),
    ):
        return compiler.visit_drop_constraint(element, **kw)
    if isinstance(constraint, sa_schema.CheckConstraint):
        keyword = "CONSTRAINT" if compiler.dialect.is_mariadb else "CHECK"
        return "ALTER TABLE %s DROP %s %s" % (
            compiler.preparer.format_table(constraint.table),
            keyword,
            compiler.preparer.format_constraint(constraint),
        )
    raise NotImplementedError(
        "No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type"
    )
