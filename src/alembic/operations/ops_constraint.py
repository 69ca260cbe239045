"""Constraint operations: primary key, unique, foreign key, check, drop.

Re-exported from :mod:`alembic.operations.ops`, the public path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .base import BatchOperations, Dispatcher, Operations
from .ops_base import MigrateOperation
from .schemaobj import SchemaObjects, constraint_table, name_or_none

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement, TextClause

__all__ = [
    "AddConstraintOp",
    "CreateCheckConstraintOp",
    "CreateForeignKeyOp",
    "CreatePrimaryKeyOp",
    "CreateUniqueConstraintOp",
    "DropConstraintOp",
]

_DROP_TYPES = {
    "unique_constraint": "unique",
    "foreign_key_constraint": "foreignkey",
    "primary_key_constraint": "primary",
    "check_constraint": "check",
    "column_check_constraint": "check",
    "table_or_column_check_constraint": "check",
}


class AddConstraintOp(MigrateOperation):
    """Base of the operations that add a constraint."""

    add_constraint_ops = Dispatcher()

    @property
    def constraint_type(self) -> str:
        raise NotImplementedError()

    @classmethod
    def register_add_constraint(cls, type_: str) -> Callable[[Any], Any]:
        """Class decorator: make ``from_constraint`` build the decorated op
        class for constraints whose ``__visit_name__`` is ``type_``."""

        def go(klass: Any) -> Any:
            cls.add_constraint_ops.dispatch_for(type_)(klass.from_constraint)
            return klass

        return go

    @classmethod
    def from_constraint(cls, constraint: Any) -> AddConstraintOp:
        """The add operation for a SQLAlchemy constraint object."""
        return cls.add_constraint_ops.dispatch(constraint.__visit_name__)(constraint)

    def to_constraint(self, migration_context: Any = None) -> Any:
        raise NotImplementedError()

    def reverse(self) -> DropConstraintOp:
        return DropConstraintOp.from_constraint(self.to_constraint())

    def to_diff_tuple(self) -> tuple:
        return ("add_constraint", self.to_constraint())


@Operations.register_operation("drop_constraint")
@BatchOperations.register_operation("drop_constraint", "batch_drop_constraint")
class DropConstraintOp(MigrateOperation):
    """Drop a constraint by name."""

    def __init__(
        self,
        constraint_name: str | None,
        table_name: str,
        type_: str | None = None,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        _reverse: AddConstraintOp | None = None,
    ) -> None:
        self.constraint_name = constraint_name
        self.table_name = table_name
        self.constraint_type = type_
        self.schema = schema
        self.if_exists = if_exists
        self._reverse = _reverse

    def reverse(self) -> AddConstraintOp:
        return AddConstraintOp.from_constraint(self.to_constraint())

    def to_diff_tuple(self) -> tuple:
        if self.constraint_type == "foreignkey":
            return ("remove_fk", self.to_constraint())
        return ("remove_constraint", self.to_constraint())

    @classmethod
    def from_constraint(cls, constraint: Any) -> DropConstraintOp:
        """The drop operation for a constraint; it can be reversed."""
        table = constraint_table(constraint)
        return cls(
            name_or_none(constraint.name),
            table.name,
            schema=table.schema,
            type_=_DROP_TYPES.get(constraint.__visit_name__),
            _reverse=AddConstraintOp.from_constraint(constraint),
        )

    def to_constraint(self) -> Any:
        """The constraint dropped, when this op was built from one."""
        if self._reverse is None:
            raise ValueError(
                "constraint cannot be produced; original constraint is not present"
            )
        constraint = self._reverse.to_constraint()
        constraint.name = self.constraint_name
        table = constraint_table(constraint)
        table.name = self.table_name
        table.schema = self.schema
        return constraint

    @classmethod
    def drop_constraint(
        cls,
        operations: Any,
        constraint_name: str,
        table_name: str,
        type_: str | None = None,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
    ) -> None:
        """Drop the constraint ``constraint_name`` of ``table_name``;
        ``type_`` ('foreignkey', 'primary', 'unique', 'check') is needed on
        MySQL."""
        op = cls(
            constraint_name, table_name, type_=type_, schema=schema, if_exists=if_exists
        )
        return operations.invoke(op)

    @classmethod
    def batch_drop_constraint(
        cls, operations: Any, constraint_name: str, type_: str | None = None
    ) -> None:
        """Drop a constraint of the batch table."""
        op = cls(
            constraint_name,
            operations.impl.table_name,
            type_=type_,
            schema=operations.impl.schema,
        )
        return operations.invoke(op)


class _ColumnsConstraintOp(AddConstraintOp):
    """An added constraint over a list of the table's columns (primary key,
    unique); ``_factory`` names the SchemaObjects method that builds it."""

    _factory: str

    def __init__(
        self,
        constraint_name: str | None,
        table_name: str,
        columns: Sequence[str],
        *,
        schema: str | None = None,
        **kw: Any,
    ) -> None:
        self.constraint_name = constraint_name
        self.table_name = table_name
        self.columns = columns
        self.schema = schema
        self.kw = kw

    def to_constraint(self, migration_context: Any = None) -> Any:
        build = getattr(SchemaObjects(migration_context), self._factory)
        return build(
            self.constraint_name,
            self.table_name,
            self.columns,
            schema=self.schema,
            **self.kw,
        )


@Operations.register_operation("create_primary_key")
@BatchOperations.register_operation("create_primary_key", "batch_create_primary_key")
@AddConstraintOp.register_add_constraint("primary_key_constraint")
class CreatePrimaryKeyOp(_ColumnsConstraintOp):
    """Add a primary key."""

    constraint_type = "primarykey"
    _factory = "primary_key_constraint"

    @classmethod
    def from_constraint(cls, constraint: Any) -> CreatePrimaryKeyOp:
        table = constraint_table(constraint)
        return cls(
            name_or_none(constraint.name),
            table.name,
            constraint.columns.keys(),
            schema=table.schema,
            **constraint.dialect_kwargs,
        )

    @classmethod
    def create_primary_key(
        cls,
        operations: Any,
        constraint_name: str | None,
        table_name: str,
        columns: Sequence[str],
        *,
        schema: str | None = None,
    ) -> None:
        """Add a primary key over ``columns`` to ``table_name``."""
        return operations.invoke(
            cls(constraint_name, table_name, columns, schema=schema)
        )

    @classmethod
    def batch_create_primary_key(
        cls, operations: Any, constraint_name: str | None, columns: Sequence[str]
    ) -> None:
        """Add a primary key to the batch table."""
        op = cls(
            constraint_name,
            operations.impl.table_name,
            columns,
            schema=operations.impl.schema,
        )
        return operations.invoke(op)


def _deferral_kw(constraint: Any) -> dict:
    kw: dict = {}
    if constraint.deferrable:
        kw["deferrable"] = constraint.deferrable
    if constraint.initially:
        kw["initially"] = constraint.initially
    return kw


@Operations.register_operation("create_unique_constraint")
@BatchOperations.register_operation(
    "create_unique_constraint", "batch_create_unique_constraint"
)
@AddConstraintOp.register_add_constraint("unique_constraint")
class CreateUniqueConstraintOp(_ColumnsConstraintOp):
    """Add a unique constraint."""

    constraint_type = "unique"
    _factory = "unique_constraint"

    @classmethod
    def from_constraint(cls, constraint: Any) -> CreateUniqueConstraintOp:
        table = constraint_table(constraint)
        kw = _deferral_kw(constraint)
        kw.update(constraint.dialect_kwargs)
        return cls(
            name_or_none(constraint.name),
            table.name,
            [c.name for c in constraint.columns],
            schema=table.schema,
            **kw,
        )

    @classmethod
    def create_unique_constraint(
        cls,
        operations: Any,
        constraint_name: str | None,
        table_name: str,
        columns: Sequence[str],
        *,
        schema: str | None = None,
        **kw: Any,
    ) -> Any:
        """Add a UNIQUE constraint over ``columns``; ``kw`` may carry
        ``deferrable``, ``initially`` and dialect options."""
        return operations.invoke(
            cls(constraint_name, table_name, columns, schema=schema, **kw)
        )

    @classmethod
    def batch_create_unique_constraint(
        cls,
        operations: Any,
        constraint_name: str | None,
        columns: Sequence[str],
        **kw: Any,
    ) -> Any:
        """Add a UNIQUE constraint to the batch table."""
        kw["schema"] = operations.impl.schema
        return operations.invoke(
            cls(constraint_name, operations.impl.table_name, columns, **kw)
        )


@Operations.register_operation("create_foreign_key")
@BatchOperations.register_operation("create_foreign_key", "batch_create_foreign_key")
@AddConstraintOp.register_add_constraint("foreign_key_constraint")
class CreateForeignKeyOp(AddConstraintOp):
    """Add a foreign key."""

    constraint_type = "foreignkey"

    def __init__(
        self,
        constraint_name: str | None,
        source_table: str,
        referent_table: str,
        local_cols: Sequence[str],
        remote_cols: Sequence[str],
        **kw: Any,
    ) -> None:
        self.constraint_name = constraint_name
        self.source_table = source_table
        self.referent_table = referent_table
        self.local_cols = local_cols
        self.remote_cols = remote_cols
        self.kw = kw

    def to_diff_tuple(self) -> tuple:
        return ("add_fk", self.to_constraint())

    @classmethod
    def from_constraint(cls, constraint: Any) -> CreateForeignKeyOp:
        kw: dict = {}
        for attr in (
            "onupdate",
            "ondelete",
            "initially",
            "deferrable",
            "use_alter",
            "match",
        ):
            value = getattr(constraint, attr, None)
            if value:
                kw[attr] = value
        source = constraint_table(constraint)
        first = constraint.elements[0]
        target_table, target_schema = _fk_target(first)
        kw["source_schema"] = source.schema
        kw["referent_schema"] = target_schema
        kw.update(constraint.dialect_kwargs)
        return cls(
            name_or_none(constraint.name),
            source.name,
            target_table,
            [fk.parent.name for fk in constraint.elements],
            [_fk_column(fk) for fk in constraint.elements],
            **kw,
        )

    def to_constraint(self, migration_context: Any = None) -> Any:
        return SchemaObjects(migration_context).foreign_key_constraint(
            self.constraint_name,
            self.source_table,
            self.referent_table,
            self.local_cols,
            self.remote_cols,
            **self.kw,
        )

    @classmethod
    def create_foreign_key(
        cls,
        operations: Any,
        constraint_name: str | None,
        source_table: str,
        referent_table: str,
        local_cols: Sequence[str],
        remote_cols: Sequence[str],
        *,
        onupdate: str | None = None,
        ondelete: str | None = None,
        deferrable: bool | None = None,
        initially: str | None = None,
        match: str | None = None,
        source_schema: str | None = None,
        referent_schema: str | None = None,
        **dialect_kw: Any,
    ) -> None:
        """Add a FOREIGN KEY from ``source_table(local_cols)`` to
        ``referent_table(remote_cols)``."""
        op = cls(
            constraint_name,
            source_table,
            referent_table,
            local_cols,
            remote_cols,
            onupdate=onupdate,
            ondelete=ondelete,
            deferrable=deferrable,
            source_schema=source_schema,
            referent_schema=referent_schema,
            initially=initially,
            match=match,
            **dialect_kw,
        )
        return operations.invoke(op)

    @classmethod
    def batch_create_foreign_key(
        cls,
        operations: Any,
        constraint_name: str | None,
        referent_table: str,
        local_cols: Sequence[str],
        remote_cols: Sequence[str],
        *,
        referent_schema: str | None = None,
        onupdate: str | None = None,
        ondelete: str | None = None,
        deferrable: bool | None = None,
        initially: str | None = None,
        match: str | None = None,
        **dialect_kw: Any,
    ) -> None:
        """Add a FOREIGN KEY from the batch table."""
        op = cls(
            constraint_name,
            operations.impl.table_name,
            referent_table,
            local_cols,
            remote_cols,
            onupdate=onupdate,
            ondelete=ondelete,
            deferrable=deferrable,
            source_schema=operations.impl.schema,
            referent_schema=referent_schema,
            initially=initially,
            match=match,
            **dialect_kw,
        )
        return operations.invoke(op)


def _fk_target(fk: Any) -> tuple:
    """(table name, schema) a ForeignKey points at, without resolving it."""
    spec = fk._get_colspec()
    parts = spec.split(".")
    if len(parts) >= 3:
        return parts[-2], ".".join(parts[:-2])
    return parts[0], None


def _fk_column(fk: Any) -> str:
    return fk._get_colspec().split(".")[-1]


@Operations.register_operation("create_check_constraint")
@BatchOperations.register_operation(
    "create_check_constraint", "batch_create_check_constraint"
)
@AddConstraintOp.register_add_constraint("check_constraint")
@AddConstraintOp.register_add_constraint("table_or_column_check_constraint")
@AddConstraintOp.register_add_constraint("column_check_constraint")
class CreateCheckConstraintOp(AddConstraintOp):
    """Add a CHECK constraint."""

    constraint_type = "check"

    def __init__(
        self,
        constraint_name: str | None,
        table_name: str,
        condition: Any,
        *,
        schema: str | None = None,
        **kw: Any,
    ) -> None:
        self.constraint_name = constraint_name
        self.table_name = table_name
        self.condition = condition
        self.schema = schema
        self.kw = kw

    @classmethod
    def from_constraint(cls, constraint: Any) -> CreateCheckConstraintOp:
        table = constraint_table(constraint)
        kw = _deferral_kw(constraint)
        kw.update(constraint.dialect_kwargs)
        return cls(
            name_or_none(constraint.name),
            table.name,
            constraint.sqltext,
            schema=table.schema,
            **kw,
        )

    def to_constraint(self, migration_context: Any = None) -> Any:
        return SchemaObjects(migration_context).check_constraint(
            self.constraint_name,
            self.table_name,
            self.condition,
            schema=self.schema,
            **self.kw,
        )

    @classmethod
    def create_check_constraint(
        cls,
        operations: Any,
        constraint_name: str | None,
        table_name: str,
        condition: str | ColumnElement[bool] | TextClause,
        *,
        schema: str | None = None,
        **kw: Any,
    ) -> None:
        """Add a CHECK constraint; ``condition`` is a string or SQL expression."""
        return operations.invoke(
            cls(constraint_name, table_name, condition, schema=schema, **kw)
        )

    @classmethod
    def batch_create_check_constraint(
        cls,
        operations: Any,
        constraint_name: str | None,
        condition: str | ColumnElement[bool] | TextClause,
        **kw: Any,
    ) -> None:
        """Add a CHECK constraint to the batch table."""
        op = cls(
            constraint_name,
            operations.impl.table_name,
            condition,
            schema=operations.impl.schema,
            **kw,
        )
        return operations.invoke(op)
