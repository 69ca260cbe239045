"""Data operations: bulk INSERT and arbitrary SQL.

Re-exported from :mod:`alembic.operations.ops`, the public path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import BatchOperations, Operations
from .ops_base import MigrateOperation

if TYPE_CHECKING:
    from sqlalchemy.schema import Table
    from sqlalchemy.sql.expression import Executable, TableClause

__all__ = ["BulkInsertOp", "ExecuteSQLOp"]


@Operations.register_operation("bulk_insert")
class BulkInsertOp(MigrateOperation):
    """Insert rows given as dictionaries."""

    def __init__(
        self, table: Any, rows: list[dict], *, multiinsert: bool = True
    ) -> None:
        self.table = table
        self.rows = rows
        self.multiinsert = multiinsert

    @classmethod
    def bulk_insert(
        cls,
        operations: Any,
        table: Table | TableClause,
        rows: list[dict[str, Any]],
        *,
        multiinsert: bool = True,
    ) -> None:
        """INSERT ``rows`` (dicts keyed by column name) into ``table`` (a
        Table or ``table()`` construct); offline, each row becomes a literal
        INSERT statement."""
        return operations.invoke(cls(table, rows, multiinsert=multiinsert))


@Operations.register_operation("execute")
@BatchOperations.register_operation("execute", "batch_execute")
class ExecuteSQLOp(MigrateOperation):
    """Run a SQL string or SQLAlchemy statement."""

    def __init__(self, sqltext: Any, *, execution_options: dict | None = None) -> None:
        self.sqltext = sqltext
        self.execution_options = execution_options

    def to_diff_tuple(self) -> tuple:
        return ("execute", self.sqltext)

    @classmethod
    def execute(
        cls,
        operations: Any,
        sqltext: Executable | str,
        *,
        execution_options: dict[str, Any] | None = None,
    ) -> None:
        """Run ``sqltext`` (a string or an executable construct such as
        ``table.update()``); offline it is written to the script."""
        return operations.invoke(cls(sqltext, execution_options=execution_options))

    @classmethod
    def batch_execute(
        cls,
        operations: Any,
        sqltext: Executable | str,
        *,
        execution_options: dict[str, Any] | None = None,
    ) -> None:
        """Run ``sqltext`` from inside a batch block."""
        return operations.invoke(cls(sqltext, execution_options=execution_options))
