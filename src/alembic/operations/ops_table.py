"""Table and index operations: create/drop/rename table, table comments,
create/drop index.

Re-exported from :mod:`alembic.operations.ops`, the public path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .base import BatchOperations, Operations
from .ops_base import AlterTableOp, MigrateOperation
from .schemaobj import SchemaObjects

if TYPE_CHECKING:
    from sqlalchemy.schema import SchemaItem, Table
    from sqlalchemy.sql.elements import ColumnElement, TextClause

__all__ = [
    "CreateIndexOp",
    "CreateTableCommentOp",
    "CreateTableOp",
    "DropIndexOp",
    "DropTableCommentOp",
    "DropTableOp",
    "RenameTableOp",
]


@Operations.register_operation("create_index")
@BatchOperations.register_operation("create_index", "batch_create_index")
class CreateIndexOp(MigrateOperation):
    """Create an index."""

    #: the model's Index when built by :meth:`from_index` (diff tuples show it)
    _orig_index: Any = None

    def __init__(
        self,
        index_name: str | None,
        table_name: str,
        columns: Sequence[Any],
        *,
        schema: str | None = None,
        unique: bool = False,
        if_not_exists: bool | None = None,
        **kw: Any,
    ) -> None:
        self.index_name = index_name
        self.table_name = table_name
        self.columns = columns
        self.schema = schema
        self.unique = unique
        self.if_not_exists = if_not_exists
        self.kw = kw

    def reverse(self) -> DropIndexOp:
        return DropIndexOp.from_index(self.to_index(), if_exists=self.if_not_exists)

    def to_diff_tuple(self) -> tuple:
        # a new Index on copies of the columns, as Alembic's: the repr that
        # ``check`` prints shows no ForeignKey (checked against Alembic 1.20.1)
        return ("add_index", self.to_index())

    @classmethod
    def from_index(cls, index: Any) -> CreateIndexOp:
        """The create operation for a SQLAlchemy Index bound to a table."""
        assert index.table is not None, "the index must belong to a table"
        op = cls(
            index.name,
            index.table.name,
            list(index.expressions),
            schema=index.table.schema,
            unique=index.unique,
            **index.kwargs,
        )
        op._orig_index = index
        return op

    def to_index(self, migration_context: Any = None) -> Any:
        """The Index this operation creates, on a stub table."""
        return SchemaObjects(migration_context).index(
            self.index_name,
            self.table_name,
            self.columns,
            schema=self.schema,
            unique=self.unique,
            **self.kw,
        )

    @classmethod
    def create_index(
        cls,
        operations: Any,
        index_name: str | None,
        table_name: str,
        columns: Sequence[str | TextClause | ColumnElement[Any]],
        *,
        schema: str | None = None,
        unique: bool = False,
        if_not_exists: bool | None = None,
        **kw: Any,
    ) -> None:
        """Create an index on ``columns`` (names, ``text()`` or expressions);
        ``kw`` takes dialect options such as ``postgresql_where``."""
        op = cls(
            index_name,
            table_name,
            columns,
            schema=schema,
            unique=unique,
            if_not_exists=if_not_exists,
            **kw,
        )
        return operations.invoke(op)

    @classmethod
    def batch_create_index(
        cls,
        operations: Any,
        index_name: str | None,
        columns: Sequence[str | TextClause | ColumnElement[Any]],
        **kw: Any,
    ) -> None:
        """Create an index on the batch table."""
        op = cls(
            index_name,
            operations.impl.table_name,
            columns,
            schema=operations.impl.schema,
            **kw,
        )
        return operations.invoke(op)


@Operations.register_operation("drop_index")
@BatchOperations.register_operation("drop_index", "batch_drop_index")
class DropIndexOp(MigrateOperation):
    """Drop an index."""

    def __init__(
        self,
        index_name: Any,
        table_name: str | None = None,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        _reverse: CreateIndexOp | None = None,
        **kw: Any,
    ) -> None:
        self.index_name = index_name
        self.table_name = table_name
        self.schema = schema
        self.if_exists = if_exists
        self._reverse = _reverse
        self.kw = kw

    def to_diff_tuple(self) -> tuple:
        return ("remove_index", self.to_index())

    def reverse(self) -> CreateIndexOp:
        return CreateIndexOp.from_index(self.to_index())

    @classmethod
    def from_index(cls, index: Any, if_exists: bool | None = None) -> DropIndexOp:
        """The drop operation for an Index; it can be reversed."""
        assert index.table is not None, "the index must belong to a table"
        return cls(
            index.name,
            table_name=index.table.name,
            schema=index.table.schema,
            if_exists=if_exists,
            _reverse=CreateIndexOp.from_index(index),
            **index.kwargs,
        )

    def to_index(self, migration_context: Any = None) -> Any:
        """The Index dropped (with its columns when built from one)."""
        columns = self._reverse.columns if self._reverse is not None else ["x"]
        kw = dict(self.kw)
        if self._reverse is not None:
            kw.setdefault("unique", self._reverse.unique)
        return SchemaObjects(migration_context).index(
            self.index_name, self.table_name, columns, schema=self.schema, **kw
        )

    @classmethod
    def drop_index(
        cls,
        operations: Any,
        index_name: str,
        table_name: str | None = None,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        **kw: Any,
    ) -> None:
        """Drop the index ``index_name`` (``table_name`` is needed on some
        dialects, e.g. MySQL and SQL Server)."""
        op = cls(
            index_name, table_name=table_name, schema=schema, if_exists=if_exists, **kw
        )
        return operations.invoke(op)

    @classmethod
    def batch_drop_index(cls, operations: Any, index_name: str, **kw: Any) -> None:
        """Drop an index of the batch table."""
        op = cls(
            index_name,
            table_name=operations.impl.table_name,
            schema=operations.impl.schema,
            **kw,
        )
        return operations.invoke(op)


@Operations.register_operation("create_table")
class CreateTableOp(MigrateOperation):
    """Create a table."""

    def __init__(
        self,
        table_name: str,
        columns: Sequence[Any],
        *,
        schema: str | None = None,
        if_not_exists: bool | None = None,
        _namespace_metadata: Any = None,
        _constraints_included: bool = False,
        **kw: Any,
    ) -> None:
        self.table_name = table_name
        self.columns = columns
        self.schema = schema
        self.if_not_exists = if_not_exists
        self.info = kw.pop("info", {})
        self.comment = kw.pop("comment", None)
        self.prefixes = kw.pop("prefixes", None)
        self.kw = kw
        self._namespace_metadata = _namespace_metadata
        self._constraints_included = _constraints_included

    def reverse(self) -> DropTableOp:
        return DropTableOp.from_table(
            self.to_table(),
            _namespace_metadata=self._namespace_metadata,
            if_exists=self.if_not_exists,
        )

    def to_diff_tuple(self) -> tuple:
        return ("add_table", self.to_table())

    @classmethod
    def from_table(
        cls, table: Any, *, _namespace_metadata: Any = None
    ) -> CreateTableOp:
        """The create operation for a Table (columns and constraints)."""
        if _namespace_metadata is None:
            _namespace_metadata = table.metadata
        return cls(
            table.name,
            list(table.c) + list(table.constraints),
            schema=table.schema,
            _namespace_metadata=_namespace_metadata,
            _constraints_included=True,
            comment=table.comment,
            info=dict(table.info),
            prefixes=list(table._prefixes),
            **table.kwargs,
        )

    def to_table(self, migration_context: Any = None) -> Any:
        """The Table this operation creates."""
        return SchemaObjects(migration_context).table(
            self.table_name,
            *self.columns,
            schema=self.schema,
            prefixes=list(self.prefixes) if self.prefixes else [],
            comment=self.comment,
            info=dict(self.info) if self.info else {},
            _constraints_included=self._constraints_included,
            **self.kw,
        )

    @classmethod
    def create_table(
        cls,
        operations: Any,
        table_name: str,
        *columns: SchemaItem,
        if_not_exists: bool | None = None,
        **kw: Any,
    ) -> Table:
        """Create ``table_name`` from Column, Constraint and Index objects;
        returns the Table (handy for ``bulk_insert``)."""
        return operations.invoke(
            cls(table_name, columns, if_not_exists=if_not_exists, **kw)
        )


@Operations.register_operation("drop_table")
class DropTableOp(MigrateOperation):
    """Drop a table."""

    def __init__(
        self,
        table_name: str,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        table_kw: dict | None = None,
        _reverse: CreateTableOp | None = None,
    ) -> None:
        self.table_name = table_name
        self.schema = schema
        self.if_exists = if_exists
        self.table_kw = dict(table_kw or {})
        self.comment = self.table_kw.pop("comment", None)
        self.info = self.table_kw.pop("info", None)
        self.prefixes = self.table_kw.pop("prefixes", None)
        self._reverse = _reverse

    def to_diff_tuple(self) -> tuple:
        return ("remove_table", self.to_table())

    def reverse(self) -> CreateTableOp:
        op = CreateTableOp.from_table(self.to_table())
        op.if_not_exists = self.if_exists
        return op

    @classmethod
    def from_table(
        cls,
        table: Any,
        *,
        _namespace_metadata: Any = None,
        if_exists: bool | None = None,
    ) -> DropTableOp:
        """The drop operation for a Table; it can be reversed."""
        table_kw = {
            "comment": table.comment,
            "info": dict(table.info),
            "prefixes": list(table._prefixes),
            **table.kwargs,
        }
        return cls(
            table.name,
            schema=table.schema,
            if_exists=if_exists,
            table_kw=table_kw,
            _reverse=CreateTableOp.from_table(
                table, _namespace_metadata=_namespace_metadata
            ),
        )

    def to_table(self, migration_context: Any = None) -> Any:
        """The Table dropped (with its columns when built from one)."""
        columns = self._reverse.columns if self._reverse is not None else []
        included = (
            self._reverse._constraints_included if self._reverse is not None else False
        )
        return SchemaObjects(migration_context).table(
            self.table_name,
            *columns,
            comment=self.comment,
            info=dict(self.info) if self.info else {},
            prefixes=list(self.prefixes) if self.prefixes else [],
            schema=self.schema,
            _constraints_included=included,
            **self.table_kw,
        )

    @classmethod
    def drop_table(
        cls,
        operations: Any,
        table_name: str,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        **kw: Any,
    ) -> None:
        """Drop ``table_name``; ``kw`` goes to the stub Table (dialect options)."""
        return operations.invoke(
            cls(table_name, schema=schema, if_exists=if_exists, table_kw=kw)
        )


@Operations.register_operation("rename_table")
class RenameTableOp(AlterTableOp):
    """Rename a table."""

    def __init__(
        self, old_table_name: str, new_table_name: str, *, schema: str | None = None
    ) -> None:
        super().__init__(old_table_name, schema=schema)
        self.new_table_name = new_table_name

    @classmethod
    def rename_table(
        cls,
        operations: Any,
        old_table_name: str,
        new_table_name: str,
        *,
        schema: str | None = None,
    ) -> None:
        """Rename ``old_table_name`` to ``new_table_name``."""
        return operations.invoke(cls(old_table_name, new_table_name, schema=schema))


@Operations.register_operation("create_table_comment")
@BatchOperations.register_operation(
    "create_table_comment", "batch_create_table_comment"
)
class CreateTableCommentOp(AlterTableOp):
    """Set a table's comment."""

    def __init__(
        self,
        table_name: str,
        comment: str | None,
        *,
        schema: str | None = None,
        existing_comment: str | None = None,
    ) -> None:
        super().__init__(table_name, schema=schema)
        self.comment = comment
        self.existing_comment = existing_comment

    def reverse(self) -> MigrateOperation:
        if self.existing_comment is None:
            return DropTableCommentOp(
                self.table_name, existing_comment=self.comment, schema=self.schema
            )
        return CreateTableCommentOp(
            self.table_name,
            self.existing_comment,
            existing_comment=self.comment,
            schema=self.schema,
        )

    def to_table(self, migration_context: Any = None) -> Any:
        """A stub Table carrying the new comment."""
        return SchemaObjects(migration_context).table(
            self.table_name, schema=self.schema, comment=self.comment
        )

    def to_diff_tuple(self) -> tuple:
        return ("add_table_comment", self.to_table(), self.existing_comment)

    @classmethod
    def create_table_comment(
        cls,
        operations: Any,
        table_name: str,
        comment: str | None,
        *,
        existing_comment: str | None = None,
        schema: str | None = None,
    ) -> None:
        """Set the comment of ``table_name`` (``existing_comment`` makes the
        operation reversible to the old text)."""
        op = cls(table_name, comment, existing_comment=existing_comment, schema=schema)
        return operations.invoke(op)

    @classmethod
    def batch_create_table_comment(
        cls,
        operations: Any,
        comment: str | None,
        *,
        existing_comment: str | None = None,
    ) -> None:
        """Set the comment of the batch table."""
        op = cls(
            operations.impl.table_name,
            comment,
            existing_comment=existing_comment,
            schema=operations.impl.schema,
        )
        return operations.invoke(op)


@Operations.register_operation("drop_table_comment")
@BatchOperations.register_operation("drop_table_comment", "batch_drop_table_comment")
class DropTableCommentOp(AlterTableOp):
    """Remove a table's comment."""

    def __init__(
        self,
        table_name: str,
        *,
        schema: str | None = None,
        existing_comment: str | None = None,
    ) -> None:
        super().__init__(table_name, schema=schema)
        self.existing_comment = existing_comment

    def reverse(self) -> CreateTableCommentOp:
        return CreateTableCommentOp(
            self.table_name, self.existing_comment, schema=self.schema
        )

    def to_table(self, migration_context: Any = None) -> Any:
        """A stub Table of this name."""
        return SchemaObjects(migration_context).table(
            self.table_name, schema=self.schema
        )

    def to_diff_tuple(self) -> tuple:
        return ("remove_table_comment", self.to_table())

    @classmethod
    def drop_table_comment(
        cls,
        operations: Any,
        table_name: str,
        *,
        existing_comment: str | None = None,
        schema: str | None = None,
    ) -> None:
        """Remove the comment of ``table_name``."""
        op = cls(table_name, existing_comment=existing_comment, schema=schema)
        return operations.invoke(op)

    @classmethod
    def batch_drop_table_comment(
        cls, operations: Any, *, existing_comment: str | None = None
    ) -> None:
        """Remove the comment of the batch table."""
        op = cls(
            operations.impl.table_name,
            existing_comment=existing_comment,
            schema=operations.impl.schema,
        )
        return operations.invoke(op)
