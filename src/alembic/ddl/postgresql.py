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
import re
from typing import Any

from sqlalchemy import Column, Identity, Index, UniqueConstraint
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
from ._autogen import ComparisonResult
from .impl import DefaultImpl, _column_names, _unique_differs

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

    def compare_indexes(self, metadata_index: Index, reflected_index: Index) -> ComparisonResult:
        """Uniqueness, then each expression as SQL text (PostgreSQL reflects
        expressions: casts, outer parentheses, quotes, case, spaces and the
        default ASC / NULLS order do not count), then NULLS NOT DISTINCT."""
        unique = _unique_differs(metadata_index, reflected_index)
        if unique:
            return ComparisonResult.Different(unique)
        md_exprs = [self._index_expr_text(e) for e in metadata_index.expressions]
        conn_exprs = [self._index_expr_text(e) for e in reflected_index.expressions]
        if len(md_exprs) != len(conn_exprs):
            return ComparisonResult.Different(
                f"expression number {len(conn_exprs)} to {len(md_exprs)}"
            )
        reasons = [
            f"expression #{number} {conn!r} to {md!r}"
            for number, (md, conn) in enumerate(zip(md_exprs, conn_exprs), 1)
            if _loose_index_expr(md) != _loose_index_expr(conn)
        ]
        md_options, conn_options = _pg_options(metadata_index), _pg_options(reflected_index)
        if md_options != conn_options:
            # Alembic 1.20.1 adds this reason one character at a time
            reasons.extend(f"options {conn_options} to {md_options}")
        return ComparisonResult.Different(reasons) if reasons else ComparisonResult.Equal()

    def compare_unique_constraint(
        self, metadata_constraint: UniqueConstraint, reflected_constraint: UniqueConstraint
    ) -> ComparisonResult:
        """The set of columns, then NULLS NOT DISTINCT."""
        result = super().compare_unique_constraint(metadata_constraint, reflected_constraint)
        if result.is_different:
            return result
        md_options = _pg_options(metadata_constraint)
        conn_options = _pg_options(reflected_constraint)
        if md_options != conn_options:
            return ComparisonResult.Different(f"expression {conn_options} to {md_options}")
        return result

    def _index_expr_text(self, expr: Any) -> str:
        """An index expression as SQL for this dialect, without table names."""
        compile_kw = {"literal_binds": True, "include_table": False}
        try:
            return str(expr.compile(dialect=self.dialect, compile_kwargs=compile_kw))
        except Exception:  # noqa: BLE001 - user types and constructs may fail in any way
            return str(expr)

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


def _pg_options(obj: Index | UniqueConstraint) -> tuple[str, ...]:
    """The compared PostgreSQL options an index or constraint has on."""
    return ("nulls_not_distinct",) if obj.dialect_kwargs.get("postgresql_nulls_not_distinct") else ()


# ``::type`` casts PostgreSQL adds when it prints an expression back; type
# names with a space are the ones ``format_type`` writes
_PG_CAST = re.compile(
    r"::(?:character varying|double precision|bit varying"
    r"|time(?:stamp)? with(?:out)? time zone|[\w.]+)(?:\([^()]*\))?(?:\[\])*"
)
# CAST(<expr> AS <type>) as the model's SQL spells it
_SQL_CAST = re.compile(
    r"\bcast\s*\(\s*([^()]*?(?:\([^()]*\)[^()]*?)*)\s+as\s+[\w\s.\[\]]+?(?:\([^()]*\))?\s*\)"
)
_ORDER = re.compile(r"^(.*?)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$", re.DOTALL)


def _loose_index_expr(text: str) -> str:
    """An index expression reduced to what PostgreSQL keeps of it."""
    text = text.lower().replace('"', "").replace("'", "")
    text = _PG_CAST.sub("", _SQL_CAST.sub(r"\1", text))
    text = _without_default_order(_stripped_parens(text))
    return _stripped_parens(text).replace(" ", "")


def _stripped_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def _without_default_order(text: str) -> str:
    """``x ASC``, ``x NULLS LAST``, ``x DESC NULLS FIRST`` -> ``x`` / ``x desc``."""
    match = _ORDER.match(text)
    if match is None:
        return text
    body, direction, nulls = match.groups()
    descending = direction == "desc"
    if nulls == ("first" if descending else "last"):
        nulls = None
    return body + (" desc" if descending else "") + (f" nulls {nulls}" if nulls else "")


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
