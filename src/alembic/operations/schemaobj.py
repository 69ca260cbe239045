"""Throwaway SQLAlchemy schema objects for operations.

A directive names tables and columns by string; the dialect impl needs real
``Table``/``Column``/``Constraint``/``Index`` objects to compile DDL.  This
module builds them in a private ``MetaData`` that carries the naming
convention of the environment's ``target_metadata``, so conventional names
(and ``op.f()`` names) come out as they would from the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import schema as sa_schema
from sqlalchemy import sql
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import NULLTYPE, Integer

from ..util.exc import CommandError
from ..util.sqla_compat import _textual_index_element

__all__ = ["SchemaObjects"]

_CONSTRAINT_TYPES = ("foreignkey", "primary", "unique", "check")


class SchemaObjects:
    """Factory for the schema objects an operation needs."""

    def __init__(self, migration_context: Any = None) -> None:
        self.migration_context = migration_context

    def metadata(self) -> sa_schema.MetaData:
        """A fresh MetaData with ``target_metadata``'s naming convention."""
        kw: dict[str, Any] = {}
        opts = getattr(self.migration_context, "opts", None) or {}
        target = opts.get("target_metadata") if hasattr(opts, "get") else None
        if isinstance(target, (list, tuple)):
            target = target[0] if target else None
        convention = getattr(target, "naming_convention", None)
        if convention:
            kw["naming_convention"] = convention
        return sa_schema.MetaData(**kw)

    def primary_key_constraint(
        self,
        name: str | None,
        table_name: str,
        cols: Sequence[str],
        schema: str | None = None,
        **dialect_kw: Any,
    ) -> sa_schema.PrimaryKeyConstraint:
        """A PRIMARY KEY over ``cols`` of a stub table."""
        table = self._stub_table(table_name, cols, schema)
        pk = sa_schema.PrimaryKeyConstraint(
            *[table.c[c] for c in cols], name=name, **dialect_kw
        )
        table.append_constraint(pk)
        return pk

    def foreign_key_constraint(
        self,
        name: str | None,
        source: str,
        referent: str,
        local_cols: Sequence[str],
        remote_cols: Sequence[str],
        onupdate: str | None = None,
        ondelete: str | None = None,
        deferrable: bool | None = None,
        source_schema: str | None = None,
        referent_schema: str | None = None,
        initially: str | None = None,
        match: str | None = None,
        **dialect_kw: Any,
    ) -> sa_schema.ForeignKeyConstraint:
        """A FOREIGN KEY from ``source`` to ``referent``, both as stubs."""
        metadata = self.metadata()
        if source == referent and source_schema == referent_schema:
            source_cols = list(local_cols) + list(remote_cols)
        else:
            source_cols = list(local_cols)
            self._stub_table(referent, remote_cols, referent_schema, metadata)
        table = self._stub_table(source, source_cols, source_schema, metadata)
        target = f"{referent_schema}.{referent}" if referent_schema else referent
        fk = sa_schema.ForeignKeyConstraint(
            list(local_cols),
            [f"{target}.{c}" for c in remote_cols],
            name=name,
            onupdate=onupdate,
            ondelete=ondelete,
            deferrable=deferrable,
            initially=initially,
            match=match,
            **dialect_kw,
        )
        table.append_constraint(fk)
        return fk

    def unique_constraint(
        self,
        name: str | None,
        source: str,
        local_cols: Sequence[str],
        schema: str | None = None,
        **kw: Any,
    ) -> sa_schema.UniqueConstraint:
        """A UNIQUE constraint over ``local_cols`` of a stub table."""
        table = self._stub_table(source, local_cols, schema)
        uq = sa_schema.UniqueConstraint(
            *[table.c[c] for c in local_cols], name=name, **kw
        )
        table.append_constraint(uq)
        return uq

    def check_constraint(
        self,
        name: str | None,
        source: str,
        condition: Any,
        schema: str | None = None,
        **kw: Any,
    ) -> sa_schema.CheckConstraint:
        """A CHECK constraint on a stub table."""
        table = sa_schema.Table(
            source, self.metadata(), sa_schema.Column("x", Integer), schema=schema
        )
        ck = sa_schema.CheckConstraint(condition, name=name, **kw)
        table.append_constraint(ck)
        return ck

    def generic_constraint(
        self,
        name: str | None,
        table_name: str,
        type_: str | None,
        schema: str | None = None,
        **kw: Any,
    ) -> Any:
        """A constraint of ``type_`` known only by name, for DROP."""
        if name is None:
            raise CommandError(
                f"Can't drop an unnamed constraint on table {table_name!r}: pass the "
                "constraint's name to drop_constraint() (give constraints names, "
                "e.g. with a MetaData naming_convention, so migrations can drop them)"
            )
        if type_ not in _CONSTRAINT_TYPES and type_ is not None:
            allowed = ", ".join(repr(t) for t in (None,) + _CONSTRAINT_TYPES)
            raise TypeError(f"'type' can be one of {allowed}")
        table = self.table(table_name, schema=schema)
        const = _empty_constraint(type_, name)
        table.append_constraint(const)
        return const

    def table(self, name: str, *columns: Any, **kw: Any) -> sa_schema.Table:
        """A Table holding copies of ``columns`` and their constraints."""
        metadata = self.metadata()
        included = kw.pop("_constraints_included", False)
        cols = [
            c._copy() if c.table is not None else c
            for c in columns
            if isinstance(c, sa_schema.Column)
        ]
        if included:
            # the table's own constraint/index objects come separately
            for col in cols:
                col.unique = col.index = False
        table = sa_schema.Table(name, metadata, *cols, **kw)
        for elem in columns:
            if _comes_with_column_type(elem):
                continue
            if isinstance(elem, sa_schema.Constraint):
                table.append_constraint(_constraint_for(elem, table))
            elif isinstance(elem, sa_schema.Index):
                _attach_index(elem, table)
        for fk in table.foreign_keys:
            self._ensure_table_for_fk(metadata, fk)
        return table

    def column(self, name: str, type_: Any, **kw: Any) -> sa_schema.Column:
        """A plain Column."""
        return sa_schema.Column(name, type_, **kw)

    def index(
        self,
        name: str | None,
        tablename: str | None,
        columns: Sequence[str | Any],
        schema: str | None = None,
        **kw: Any,
    ) -> sa_schema.Index:
        """An Index on a stub table; columns may be names or expressions."""
        table = sa_schema.Table(tablename or "no_table", self.metadata(), schema=schema)
        kw["_table"] = table
        exprs = [_index_expression(table, c) for c in columns]
        return sa_schema.Index(name, *exprs, **kw)

    def _stub_table(
        self,
        name: str,
        cols: Sequence[str],
        schema: str | None,
        metadata: sa_schema.MetaData | None = None,
    ) -> sa_schema.Table:
        metadata = metadata if metadata is not None else self.metadata()
        unique = list(dict.fromkeys(cols))
        columns = [sa_schema.Column(c, NULLTYPE) for c in unique]
        return sa_schema.Table(name, metadata, *columns, schema=schema)

    def _parse_table_key(self, table_key: str) -> tuple[str | None, str]:
        if "." in table_key:
            schema, name = table_key.split(".", 1)
            return schema, name
        return None, table_key

    def _ensure_table_for_fk(
        self, metadata: sa_schema.MetaData, fk: sa_schema.ForeignKey
    ) -> None:
        """Add a stub for the table a string ForeignKey points at, so the
        REFERENCES clause can be compiled."""
        spec = fk._colspec
        if not isinstance(spec, str):
            return
        table_key, cname = spec.rsplit(".", 1)
        schema, tname = self._parse_table_key(table_key)
        if table_key in metadata.tables:
            ref = metadata.tables[table_key]
        else:
            ref = sa_schema.Table(tname, metadata, schema=schema)
        if cname not in ref.c:
            ref.append_column(sa_schema.Column(cname, NULLTYPE))


def _empty_constraint(type_: str | None, name: str) -> Any:
    if type_ == "foreignkey":
        return sa_schema.ForeignKeyConstraint([], [], name=name)
    if type_ == "primary":
        return sa_schema.PrimaryKeyConstraint(name=name)
    if type_ == "unique":
        return sa_schema.UniqueConstraint(name=name)
    if type_ == "check":
        return sa_schema.CheckConstraint("", name=name)
    return sa_schema.Constraint(name=name)


def _comes_with_column_type(elem: Any) -> bool:
    """A type's own constraint (``Boolean``/``Enum`` CHECK) bound to another
    table: the copied column's type recreates it, so it is not copied."""
    parent = getattr(elem, "parent", None)
    return bool(getattr(elem, "_type_bound", False)) and parent is not None


def _constraint_for(const: sa_schema.Constraint, table: sa_schema.Table) -> Any:
    """``const`` itself if free or already on ``table``, else a copy."""
    parent = getattr(const, "parent", None)
    if parent is None or parent is table:
        return const
    return const._copy(target_table=table)


def _attach_index(index: sa_schema.Index, table: sa_schema.Table) -> None:
    if index.table is None:
        table.append_constraint(index)
        return
    if index.table is table:
        return
    exprs = [_index_expression(table, e) for e in index.expressions]
    sa_schema.Index(
        index.name, *exprs, unique=index.unique, _table=table, **index.kwargs
    )


def _index_expression(table: sa_schema.Table, item: Any) -> Any:
    """Turn a column name, ``text()`` or expression into something an Index
    on ``table`` accepts, adding stub columns as needed."""
    if isinstance(item, str):
        return _stub_column(table, item, NULLTYPE)
    if isinstance(item, TextClause):
        # a stand-in column named by the text, as Alembic's index ops build it
        return _textual_index_element(table, item)
    if isinstance(item, sa_schema.Column) and item.table is not None:
        return _copied_column(table, item)
    if isinstance(item, sql.ColumnElement):
        return _copy_expression(item, table)
    raise ValueError("String or text() construct expected")


def _stub_column(table: sa_schema.Table, name: str, type_: Any) -> Any:
    """``table``'s column ``name``, added with ``type_`` when missing."""
    if name not in table.c:
        table.append_column(sa_schema.Column(name, type_))
    return table.c[name]


def _copied_column(table: sa_schema.Table, column: Any) -> Any:
    """``table``'s copy of a model column: as in Alembic, everything but the
    foreign keys (type, nullable, default, comment, key) comes along."""
    if column.key not in table.c:
        table.append_column(column._copy())
    return table.c[column.key]


def _copy_expression(expr: Any, table: sa_schema.Table) -> Any:
    """Rebind the columns inside ``expr`` to same-named columns of ``table``."""

    def replace(element: Any, **kw: Any) -> Any:
        if isinstance(element, sa_schema.Column):
            return _stub_column(table, element.name, element.type)
        return None

    return visitors.replacement_traverse(expr, {}, replace)


def constraint_table(constraint: Any) -> sa_schema.Table:
    """The table a constraint belongs to (also for column-level ones)."""
    parent = getattr(constraint, "parent", None)
    if isinstance(parent, sa_schema.Column):
        parent = parent.table
    if not isinstance(parent, sa_schema.Table):
        raise ValueError(
            f"constraint {constraint!r} is not attached to a table"
        )  # noqa: TRY004
    return parent


def name_or_none(name: Any) -> str | None:
    """``None`` for SQLAlchemy's unnamed-constraint placeholder."""
    if name is None or type(name).__name__ == "_NoneName":
        return None
    return name
