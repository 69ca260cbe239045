"""PostgreSQL: transactional DDL, ``ALTER COLUMN .. TYPE .. USING``,
``COMMENT ON COLUMN``, identity columns, and the ``create_exclude_constraint``
operation.

The operation class's public path is
``alembic.ddl.postgresql.CreateExcludeConstraintOp``; it is defined in
:mod:`alembic.operations.ops_postgresql` (the operations layer sits above
this one) and re-exported here lazily, by a module ``__getattr__``.  A
PostgreSQL impl also imports it, so the op is registered wherever one runs.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import Column, Identity
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.compiler import compiles

from ..util.exc import CommandError
from . import base
from .base import (
    AlterColumn,
    ColumnComment,
    IdentityColumnDefault,
    RenameTable,
    alter_column,
    alter_table,
    format_column_name,
    format_table_name,
    format_type,
    render_comment,
)
from .impl import DefaultImpl

__all__ = ["CreateExcludeConstraintOp", "PostgresqlColumnType", "PostgresqlImpl"]


class PostgresqlImpl(DefaultImpl):
    """PostgreSQL implementation."""

    __dialect__ = "postgresql"
    transactional_ddl = True
    type_synonyms = DefaultImpl.type_synonyms + ({"FLOAT", "DOUBLE PRECISION"},)

    def __init__(self, *arg: Any, **kw: Any) -> None:
        super().__init__(*arg, **kw)
        _exclude_op()

    def create_index(self, index: Any, **kw: Any) -> None:
        """CREATE INDEX; ``postgresql_include`` columns need not be in the table object."""
        for name in index.kwargs.get("postgresql_include", None) or ():
            if isinstance(name, str) and index.table is not None and name not in index.table.c:
                index.table.append_column(Column(name, sqltypes.NULLTYPE))
        self._exec(_create_index(index, **kw))

    def prep_table_for_batch(self, batch_impl: Any, table: Any) -> None:
        """Drop the old table's named constraints that the rebuilt table
        keeps, so it can reuse their names (PostgreSQL names are per schema);
        one the batch dropped goes away with the old table."""
        kept = getattr(batch_impl, "named_constraints", {})
        for constraint in table.constraints:
            if constraint.name is not None and constraint.name in kept:
                self.drop_constraint(constraint)

    def alter_column(
        self,
        table_name: str,
        column_name: str,
        *,
        type_: Any = None,
        schema: str | None = None,
        existing_type: Any = None,
        existing_server_default: Any = None,
        existing_nullable: bool | None = None,
        **kw: Any,
    ) -> None:
        """As the default, but a type change may carry ``postgresql_using``."""
        using = kw.pop("postgresql_using", None)
        if using is not None and type_ is None:
            raise CommandError("postgresql_using must be used with the type_ parameter")
        if type_ is not None:
            self._exec(
                PostgresqlColumnType(
                    table_name,
                    column_name,
                    type_,
                    schema=schema,
                    using=using,
                    existing_type=existing_type,
                    existing_server_default=existing_server_default,
                    existing_nullable=existing_nullable,
                )
            )
        super().alter_column(
            table_name,
            column_name,
            schema=schema,
            existing_type=existing_type,
            existing_server_default=existing_server_default,
            existing_nullable=existing_nullable,
            **kw,
        )


def _create_index(index: Any, **kw: Any) -> Any:
    from sqlalchemy.schema import CreateIndex

    return CreateIndex(index, **kw)


class PostgresqlColumnType(AlterColumn):
    """``ALTER COLUMN c TYPE t [USING expr]``."""

    def __init__(self, name: str, column_name: str, type_: Any, **kw: Any) -> None:
        using = kw.pop("using", None)
        super().__init__(name, column_name, **kw)
        self.type_ = sqltypes.to_instance(type_)
        self.using = using


@compiles(RenameTable, "postgresql")
def visit_rename_table(element: RenameTable, compiler: Any, **kw: Any) -> str:
    return "%s RENAME TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_table_name(compiler, element.new_table_name, None),
    )


@compiles(PostgresqlColumnType, "postgresql")
def visit_column_type(element: PostgresqlColumnType, compiler: Any, **kw: Any) -> str:
    text = "%s %s TYPE %s" % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
        format_type(compiler, element.type_),
    )
    if element.using:
        text += " USING %s" % element.using
    return text


@compiles(ColumnComment, "postgresql")
def visit_column_comment(element: ColumnComment, compiler: Any, **kw: Any) -> str:
    return "COMMENT ON COLUMN %s.%s IS %s" % (
        format_table_name(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        render_comment(compiler, element.comment),
    )


@compiles(IdentityColumnDefault, "postgresql")
def visit_identity_column(element: IdentityColumnDefault, compiler: Any, **kw: Any) -> str:
    text = "%s %s " % (
        alter_table(compiler, element.table_name, element.schema),
        alter_column(compiler, element.column_name),
    )
    if element.default is None:
        return text + "DROP IDENTITY"
    if not isinstance(element.existing_server_default, Identity):
        # gaining an identity (no identity before, whatever else was there)
        return text + "ADD %s" % compiler.visit_identity_column(element.default)
    diff, _, _ = element.impl._compare_identity_default(
        element.default, element.existing_server_default
    )
    identity = element.default
    changes = []
    for attr in sorted(diff):
        if attr == "always":
            changes.append("SET GENERATED %s" % ("ALWAYS" if identity.always else "BY DEFAULT"))
        else:
            option = Identity(**{attr: getattr(identity, attr)})
            changes.append("SET %s" % compiler.get_identity_options(option))
    return text + " ".join(changes)


# -- create_exclude_constraint ------------------------------------------------


def _exclude_op() -> Any:
    """The ``create_exclude_constraint`` op class, registered on first need.

    It lives in the operations layer (above this one), so it is imported by
    name when asked for, never at module level.
    """
    return importlib.import_module("alembic.operations.ops_postgresql").CreateExcludeConstraintOp


def __getattr__(name: str) -> Any:
    if name == "CreateExcludeConstraintOp":
        return _exclude_op()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ = base  # the generic elements are registered on import
