"""DDL elements for the ALTER statements SQLAlchemy has no construct for,
with their generic SQL.  Dialect modules override the rendering with
``@compiles(Element, "<dialect>")``.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import exc
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import Column, DDLElement
from sqlalchemy.sql.elements import quoted_name

from ..util.sqla_compat import _fk_spec

__all__ = [
    "AddColumn",
    "AlterColumn",
    "AlterTable",
    "ColumnComment",
    "ColumnDefault",
    "ColumnName",
    "ColumnNullable",
    "ColumnType",
    "ComputedColumnDefault",
    "DropColumn",
    "IdentityColumnDefault",
    "RenameTable",
    "_fk_spec",
    "add_column",
    "alter_column",
    "alter_table",
    "drop_column",
    "format_column_name",
    "format_server_default",
    "format_table_name",
    "format_type",
    "quote_dotted",
]


class AlterTable(DDLElement):
    """Base of every ``ALTER TABLE`` element: a table name and schema."""

    inherit_cache = False

    def __init__(self, table_name: str, schema: quoted_name | str | None = None) -> None:
        self.table_name = table_name
        self.schema = schema


class RenameTable(AlterTable):
    """``ALTER TABLE old RENAME TO new``."""

    def __init__(
        self, old_table_name: str, new_table_name: str | quoted_name, schema: str | None = None
    ) -> None:
        super().__init__(old_table_name, schema=schema)
        self.new_table_name = new_table_name


class AlterColumn(AlterTable):
    """Base of the single-change ``ALTER COLUMN`` elements; carries what is
    known of the column today (``existing_*``) for dialects that must
    restate it."""

    def __init__(
        self,
        name: str,
        column_name: str,
        schema: str | None = None,
        existing_type: Any = None,
        existing_nullable: bool | None = None,
        existing_server_default: Any = None,
        existing_comment: str | None = None,
    ) -> None:
        super().__init__(name, schema=schema)
        self.column_name = column_name
        self.existing_type = (
            sqltypes.to_instance(existing_type) if existing_type is not None else None
        )
        self.existing_nullable = existing_nullable
        self.existing_server_default = existing_server_default
        self.existing_comment = existing_comment


class ColumnNullable(AlterColumn):
    """Make a column NULL or NOT NULL."""

    def __init__(self, name: str, column_name: str, nullable: bool, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.nullable = nullable


class ColumnType(AlterColumn):
    """Change a column's type."""

    def __init__(self, name: str, column_name: str, type_: Any, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.type_ = sqltypes.to_instance(type_)


class ColumnName(AlterColumn):
    """Rename a column."""

    def __init__(self, name: str, column_name: str, newname: str, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.newname = newname


class ColumnDefault(AlterColumn):
    """Set (or, with None, drop) a column's server default."""

    def __init__(self, name: str, column_name: str, default: Any, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.default = default


class ComputedColumnDefault(AlterColumn):
    """Change a column's ``GENERATED ALWAYS AS`` expression (not supported
    by any dialect as an ALTER)."""

    def __init__(self, name: str, column_name: str, default: Any, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.default = default


class IdentityColumnDefault(AlterColumn):
    """Add, change or drop a column's identity; ``impl`` compares the old
    and new identity options."""

    def __init__(self, name: str, column_name: str, default: Any, impl: Any, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.default = default
        self.impl = impl


class AddColumn(AlterTable):
    """Add a column; optionally render its PRIMARY KEY and REFERENCES inline."""

    def __init__(
        self,
        name: str,
        column: Column,
        schema: quoted_name | str | None = None,
        if_not_exists: bool | None = None,
        inline_references: bool | None = None,
        inline_primary_key: bool | None = None,
    ) -> None:
        super().__init__(name, schema=schema)
        self.column = column
        self.if_not_exists = if_not_exists
        self.inline_references = inline_references
        self.inline_primary_key = inline_primary_key


class DropColumn(AlterTable):
    """Drop a column."""

    def __init__(
        self, name: str, column: Column, schema: str | None = None, if_exists: bool | None = None
    ) -> None:
        super().__init__(name, schema=schema)
        self.column = column
        self.if_exists = if_exists


class ColumnComment(AlterColumn):
    """Set (or, with None, remove) a column's comment."""

    def __init__(self, name: str, column_name: str, comment: str | None, **kw: Any) -> None:
        super().__init__(name, column_name, **kw)
        self.comment = comment


# -- generic rendering ------------------------------------------------------


@compiles(RenameTable)
def visit_rename_table(element: RenameTable, compiler: Any, **kw: Any) -> str:
    return "%s RENAME TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_table_name(compiler, element.new_table_name, element.schema),
    )


@compiles(AddColumn)
def visit_add_column(element: AddColumn, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        add_column(
            compiler,
            element.column,
            if_not_exists=element.if_not_exists,
            inline_references=element.inline_references,
            inline_primary_key=element.inline_primary_key,
            **kw,
        ),
    )


@compiles(DropColumn)
def visit_drop_column(element: DropColumn, compiler: Any, **kw: Any) -> str:
    return "%s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        drop_column(compiler, element.column.name, if_exists=element.if_exists),
    )


@compiles(ColumnNullable)
def visit_column_nullable(element: ColumnNullable, compiler: Any, **kw: Any) -> str:
    return "%s %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        "DROP NOT NULL" if element.nullable else "SET NOT NULL",
    )


@compiles(ColumnType)
def visit_column_type(element: ColumnType, compiler: Any, **kw: Any) -> str:
    return "%s %s TYPE %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        format_type(compiler, element.type_),
    )


@compiles(ColumnName)
def visit_column_name(element: ColumnName, compiler: Any, **kw: Any) -> str:
    return "%s RENAME %s TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        format_column_name(compiler, element.newname),
    )


@compiles(ColumnDefault)
def visit_column_default(element: ColumnDefault, compiler: Any, **kw: Any) -> str:
    if element.default is None:
        change = "DROP DEFAULT"
    else:
        change = "SET DEFAULT %s" % format_server_default(compiler, element.default)
    return "%s %s %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        change,
    )


@compiles(ComputedColumnDefault)
def visit_computed_column(element: ComputedColumnDefault, compiler: Any, **kw: Any) -> str:
    raise exc.CompileError(
        'Adding or removing a "computed" construct, e.g. GENERATED '
        "ALWAYS AS, to or from an existing column is not supported."
    )


@compiles(IdentityColumnDefault)
def visit_identity_column(element: IdentityColumnDefault, compiler: Any, **kw: Any) -> str:
    raise exc.CompileError(
        'Adding, removing or modifying an "identity" construct, '
        "e.g. GENERATED AS IDENTITY, to or from an existing "
        "column is not supported in this dialect."
    )


@compiles(ColumnComment)
def visit_column_comment(element: ColumnComment, compiler: Any, **kw: Any) -> str:
    """Generic form: ``COMMENT ON COLUMN t.c IS '...'`` (NULL removes it)."""
    return "COMMENT ON COLUMN %s.%s IS %s" % (
        format_table_name(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        render_comment(compiler, element.comment),
    )


# -- helpers shared by the dialect modules -----------------------------------


def quote_dotted(name: quoted_name | str, quote: functools.partial) -> quoted_name | str:
    """Quote each part of a dotted name such as ``db.schema``."""
    if isinstance(name, quoted_name):
        return quote(name)
    return ".".join(quote(part) for part in name.split("."))


def format_table_name(
    compiler: Any, name: quoted_name | str, schema: quoted_name | str | None
) -> str:
    """``schema.table`` (or ``table``), quoted for the dialect."""
    quote = functools.partial(compiler.preparer.quote)
    if schema:
        return quote_dotted(schema, quote) + "." + quote(name)
    return quote(name)


def format_column_name(compiler: Any, name: quoted_name | str | None) -> str:
    """A column name quoted for the dialect."""
    return compiler.preparer.quote(name)


def format_server_default(compiler: Any, default: Any) -> str:
    """The SQL text of a server default (string, text() or expression)."""
    return compiler.get_column_default_string(Column("x", sqltypes.Integer, server_default=default))


def format_type(compiler: Any, type_: Any) -> str:
    """The dialect's name for ``type_``."""
    return compiler.dialect.type_compiler_instance.process(type_)


def render_comment(compiler: Any, comment: str | None) -> str:
    """A comment as an SQL string literal, or NULL."""
    if comment is None:
        return "NULL"
    return compiler.sql_compiler.render_literal_value(comment, sqltypes.String())


def alter_table(compiler: Any, name: str, schema: str | None) -> str:
    """``ALTER TABLE <name>``."""
    return "ALTER TABLE %s" % format_table_name(compiler, name, schema)


def alter_column(compiler: Any, name: str) -> str:
    """``ALTER COLUMN <name>``."""
    return "ALTER COLUMN %s" % format_column_name(compiler, name)


def drop_column(compiler: Any, name: str, if_exists: bool | None = None, **kw: Any) -> str:
    """``DROP COLUMN [IF EXISTS] <name>``."""
    return "DROP COLUMN %s%s" % (
        "IF EXISTS " if if_exists else "",
        format_column_name(compiler, name),
    )


def add_column(
    compiler: Any,
    column: Column,
    if_not_exists: bool | None = None,
    inline_references: bool | None = None,
    inline_primary_key: bool | None = None,
    keyword: str = "ADD COLUMN",
    **kw: Any,
) -> str:
    """``ADD COLUMN <spec>`` plus the column's own constraints."""
    text = "%s %s%s" % (
        keyword,
        "IF NOT EXISTS " if if_not_exists else "",
        compiler.get_column_specification(column, **kw),
    )
    if inline_primary_key and column.primary_key:
        text += " PRIMARY KEY"
    if inline_references:
        text += "".join(_inline_reference(compiler, fk) for fk in column.foreign_keys)
    const = " ".join(compiler.process(constraint) for constraint in column.constraints)
    if const:
        text += " " + const
    return text


def _inline_reference(compiler: Any, fk: Any) -> str:
    """`` REFERENCES t (c) [MATCH ..] [ON DELETE ..] [ON UPDATE ..]
    [DEFERRABLE ..]`` for one ForeignKey (the dialect's own clauses, so
    MySQL refuses MATCH as it does for a separate constraint)."""
    preparer = compiler.preparer
    target = fk.column
    text = " REFERENCES %s (%s)" % (
        preparer.format_table(target.table),
        preparer.quote(target.name),
    )
    if fk.constraint is not None:
        text += compiler.define_constraint_match(fk.constraint)
        text += compiler.define_constraint_cascades(fk.constraint)
        text += compiler.define_constraint_deferrability(fk.constraint)
    else:
        if fk.match is not None:
            text += " MATCH %s" % fk.match
        if fk.ondelete is not None:
            text += " ON DELETE %s" % fk.ondelete
        if fk.onupdate is not None:
            text += " ON UPDATE %s" % fk.onupdate
    return text
