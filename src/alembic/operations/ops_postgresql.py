"""PostgreSQL's own operation: ``create_exclude_constraint`` (and its batch
form ``batch_op.create_exclude_constraint``).

Its public home is ``alembic.ddl.postgresql.CreateExcludeConstraintOp``;
the ddl layer sits below this one, so it re-exports the class lazily (a
module ``__getattr__``) instead of importing it.  Importing
:mod:`alembic.operations` registers the operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column
from sqlalchemy import types as sqltypes

from .base import BatchOperations, Operations
from .ops_constraint import AddConstraintOp

__all__ = ["CreateExcludeConstraintOp"]


@Operations.register_operation("create_exclude_constraint")
@BatchOperations.register_operation(
    "create_exclude_constraint", "batch_create_exclude_constraint"
)
@AddConstraintOp.register_add_constraint("exclude_constraint")
class CreateExcludeConstraintOp(AddConstraintOp):
    """Add a PostgreSQL EXCLUDE constraint."""

    constraint_type = "exclude"

    def __init__(
        self,
        constraint_name: str | None,
        table_name: str,
        elements: Sequence[Any],
        where: Any = None,
        schema: str | None = None,
        _orig_constraint: Any = None,
        **kw: Any,
    ) -> None:
        self.constraint_name = constraint_name
        self.table_name = table_name
        self.elements = list(elements)
        self.where = where
        self.schema = schema
        self._orig_constraint = _orig_constraint
        self.kw = kw

    @classmethod
    def from_constraint(cls, constraint: Any) -> Any:
        table = constraint.table
        return cls(
            constraint.name,
            table.name,
            [(expr, op) for expr, _name, op in constraint._render_exprs],
            where=constraint.where,
            schema=table.schema,
            _orig_constraint=constraint,
            deferrable=constraint.deferrable,
            initially=constraint.initially,
            using=constraint.using,
        )

    def to_constraint(self, migration_context: Any = None) -> Any:
        return _exclude_constraint(self, migration_context)

    @classmethod
    def create_exclude_constraint(
        cls,
        operations: Any,
        constraint_name: str,
        table_name: str,
        *elements: Any,
        **kw: Any,
    ) -> Any:
        """Add an EXCLUDE constraint: ``elements`` are (column or
        expression, operator) pairs; ``where``, ``using``, ``deferrable``,
        ``initially`` and ``schema`` are keywords."""
        return operations.invoke(cls(constraint_name, table_name, elements, **kw))

    @classmethod
    def batch_create_exclude_constraint(
        cls, operations: Any, constraint_name: str, *elements: Any, **kw: Any
    ) -> Any:
        """Add an EXCLUDE constraint to the batch table."""
        kw["schema"] = operations.impl.schema
        return operations.invoke(
            cls(constraint_name, operations.impl.table_name, elements, **kw)
        )


# the name users import it by (and Alembic's own home for it)
CreateExcludeConstraintOp.__module__ = "alembic.ddl.postgresql"


@Operations.implementation_for(CreateExcludeConstraintOp)
def create_exclude_constraint(operations: Any, operation: Any) -> None:
    """Run the op: ALTER TABLE .. ADD CONSTRAINT .. EXCLUDE."""
    operations.impl.add_constraint(
        operation.to_constraint(operations.migration_context)
    )


def _exclude_constraint(op: Any, migration_context: Any) -> Any:
    """The ``ExcludeConstraint`` for an op, on a stub table."""
    from sqlalchemy import text
    from sqlalchemy.dialects.postgresql import ExcludeConstraint

    from .schemaobj import SchemaObjects

    if op._orig_constraint is not None:
        return op._orig_constraint
    table = SchemaObjects(migration_context).table(op.table_name, schema=op.schema)
    where = text(op.where) if isinstance(op.where, str) else op.where
    constraint = ExcludeConstraint(
        *op.elements, name=op.constraint_name, where=where, **op.kw
    )
    for _expr, name, _oper in constraint._render_exprs:
        if name is not None and name not in table.c:
            table.append_column(Column(name, sqltypes.NULLTYPE))
    table.append_constraint(constraint)
    return constraint
