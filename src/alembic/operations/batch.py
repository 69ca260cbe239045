"""Batch mode: queue the changes of a ``batch_alter_table`` block and apply
them at its end, either as plain ALTERs or by rebuilding the table
("move and copy": create a new table, copy the rows, drop the old table,
rename the new one, create the indexes again).

The rebuild itself is :class:`ApplyBatchImpl` (defined in
:mod:`._batch_apply`, helpers in :mod:`._batch_util`), importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.exc import NoSuchTableError
from sqlalchemy.sql.elements import conv

from ..util.exc import CommandError
from ..util.sqla_compat import _ensure_scope_for_ddl, constraint_name_defined
from ._batch_apply import ApplyBatchImpl

__all__ = ["ApplyBatchImpl", "BatchOperationsImpl"]

_QUEUED = (
    "alter_column",
    "drop_column",
    "add_constraint",
    "drop_constraint",
    "rename_table",
    "create_index",
    "drop_index",
    "create_table_comment",
    "drop_table_comment",
    "create_column_comment",
    "create_table",
    "drop_table",
)


class BatchOperationsImpl:
    """Stands in for the dialect impl inside a batch block: the DDL
    methods record their call, and ``flush()`` replays them."""

    def __init__(
        self,
        operations: Any,
        table_name: str,
        schema: str | None,
        recreate: str,
        copy_from: Table | None,
        table_args: Sequence[Any],
        table_kwargs: dict[str, Any],
        reflect_args: Sequence[Any],
        reflect_kwargs: dict[str, Any],
        naming_convention: dict[str, Any] | None,
        partial_reordering: Sequence[tuple[str, ...]] | None,
    ) -> None:
        if recreate not in ("auto", "always", "never"):
            raise ValueError("recreate may be one of 'auto', 'always', or 'never'.")
        self.operations = operations
        self.table_name = table_name
        self.schema = schema
        self.recreate = recreate
        self.copy_from = copy_from
        self.table_args = tuple(table_args or ())
        self.table_kwargs = dict(table_kwargs or {})
        self.reflect_args = tuple(reflect_args or ())
        self.reflect_kwargs = dict(reflect_kwargs or {})
        listeners = list(self.reflect_kwargs.get("listeners", ()))
        listeners.append(("column_reflect", operations.impl.autogen_column_reflect))
        self.reflect_kwargs["listeners"] = listeners
        self.naming_convention = naming_convention
        self.partial_reordering = tuple(partial_reordering or ())
        if self.partial_reordering and recreate != "always":
            raise CommandError(
                f"batch_alter_table({table_name!r}): partial_reordering requires "
                "recreate='always'; add recreate='always' to the call"
            )
        self.batch: list[tuple[str, tuple, dict[str, Any]]] = []

    @property
    def impl(self) -> Any:
        """The real dialect impl."""
        return self.operations.impl

    @property
    def dialect(self) -> Any:
        return self.operations.impl.dialect

    def _should_recreate(self) -> bool:
        if self.recreate == "auto":
            return bool(self.impl.requires_recreate_in_batch(self))
        return self.recreate == "always"

    def flush(self) -> None:
        """Apply the queued changes."""
        should_recreate = self._should_recreate()
        with _ensure_scope_for_ddl(
            self.impl.connection if not self.impl.as_sql else None
        ):
            if not should_recreate:
                for opname, args, kw in self.batch:
                    getattr(self.impl, opname)(*args, **kw)
                return
            existing_table, reflected = self._existing_table()
            batch_impl = ApplyBatchImpl(
                self.impl,
                existing_table,
                self.table_args,
                self.table_kwargs,
                reflected,
                partial_reordering=self.partial_reordering,
            )
            for opname, args, kw in self.batch:
                getattr(batch_impl, opname)(*args, **kw)
            batch_impl._create(self.impl)

    def _existing_table(self) -> tuple[Table, bool]:
        """The table to rebuild: ``copy_from``, or reflected from the database."""
        if self.copy_from is not None:
            return self.copy_from, False
        if self.impl.as_sql:
            raise CommandError(
                "This operation cannot proceed in --sql mode; batch mode with "
                f"dialect {self.dialect.name} requires a live database connection "
                f'with which to reflect the table "{self.table_name}". '
                'To generate a batch SQL migration script using table "move and copy", '
                "a complete Table object should be passed to the "
                '"copy_from" argument of the batch_alter_table() method so that table '
                "reflection can be skipped."
            )
        try:
            table = Table(
                self.table_name,
                MetaData(),
                *self.reflect_args,
                schema=self.schema,
                autoload_with=self.impl.connection,
                **self.reflect_kwargs,
            )
        except NoSuchTableError:
            where = f" in schema {self.schema!r}" if self.schema else ""
            raise CommandError(
                f"batch_alter_table({self.table_name!r}): there is no table "
                f"{self.table_name!r}{where} in the database to rebuild; check the "
                "table name (and schema=) of the batch_alter_table() call"
            ) from None
        self.impl.correct_reflected_table_for_batch(table)
        if self.naming_convention:
            _name_unnamed_constraints(table, self.naming_convention)
        return table, True

    def add_column(self, *args: Any, **kw: Any) -> None:
        if (
            "insert_before" in kw or "insert_after" in kw
        ) and not self._should_recreate():
            raise CommandError(
                "Can't specify insert_before or insert_after when using ALTER; "
                "please specify recreate='always'"
            )
        self.batch.append(("add_column", args, kw))

    def bulk_insert(self, *args: Any, **kw: Any) -> None:
        raise NotImplementedError(
            "bulk_insert is not available in a batch_alter_table() block"
        )

    def __getattr__(self, name: str) -> Any:
        if name in _QUEUED:

            def queue(*args: Any, **kw: Any) -> None:
                self.batch.append((name, args, kw))

            return queue
        # anything else (as_sql, connection, execute, ...) is the real impl's
        return getattr(self.operations.impl, name)


def _name_unnamed_constraints(table: Table, convention: dict[str, Any]) -> None:
    """Give reflected unnamed constraints their conventional names; named
    ones keep the name the database has."""
    from sqlalchemy.sql.naming import _constraint_name_for_table

    table.metadata.naming_convention = dict(convention)
    for const in list(table.constraints) + list(table.indexes):
        if constraint_name_defined(const.name):
            const.name = conv(const.name)
            continue
        try:
            name = _constraint_name_for_table(const, table)
        except Exception:  # a convention token this constraint can't fill
            name = None
        if name:
            const.name = name
