"""Column operations: add, drop and alter a column.

Re-exported from :mod:`alembic.operations.ops`, the public path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.types import NULLTYPE

from .base import BatchOperations, Operations
from .ops_base import AlterTableOp
from .schemaobj import SchemaObjects

if TYPE_CHECKING:
    from typing import Literal

    from sqlalchemy.schema import Column

    from ._typing import ServerDefaultArgument, TypeArgument

__all__ = ["AddColumnOp", "AlterColumnOp", "DropColumnOp"]

# the attributes AlterColumnOp keeps as existing_<x> / modify_<x>, with the
# value meaning "not given" for the modify_ side
_ALTERABLE = {"type": None, "nullable": None, "server_default": False, "comment": False}

#: the ``existing_*`` keys of each ``modify_*`` diff tuple, in the order
#: Alembic 1.20.1 writes them (``check`` prints these dicts)
_DIFF_EXISTING_ORDER = {
    "type": ("nullable", "server_default", "comment"),
    "nullable": ("type", "server_default", "comment"),
    "server_default": ("nullable", "type", "comment"),
    "comment": ("nullable", "type", "server_default"),
}


@Operations.register_operation("alter_column")
@BatchOperations.register_operation("alter_column", "batch_alter_column")
class AlterColumnOp(AlterTableOp):
    """Change a column's type, nullability, default, comment or name."""

    def __init__(
        self,
        table_name: str,
        column_name: str,
        *,
        schema: str | None = None,
        existing_type: Any = None,
        existing_server_default: Any = False,
        existing_nullable: bool | None = None,
        existing_comment: str | None = None,
        modify_nullable: bool | None = None,
        modify_comment: Any = False,
        modify_server_default: Any = False,
        modify_name: str | None = None,
        modify_type: Any = None,
        **kw: Any,
    ) -> None:
        super().__init__(table_name, schema=schema)
        self.column_name = column_name
        self.existing_type = existing_type
        self.existing_server_default = existing_server_default
        self.existing_nullable = existing_nullable
        self.existing_comment = existing_comment
        self.modify_nullable = modify_nullable
        self.modify_comment = modify_comment
        self.modify_server_default = modify_server_default
        self.modify_name = modify_name
        self.modify_type = modify_type
        self.kw = kw

    def _diff(self, kind: str, attr: str, old: Any, new: Any) -> tuple:
        existing = {
            f"existing_{other}": getattr(self, f"existing_{other}")
            for other in _DIFF_EXISTING_ORDER[attr]
        }
        return (
            kind,
            self.schema,
            self.table_name,
            self.column_name,
            existing,
            old,
            new,
        )

    def to_diff_tuple(self) -> list[tuple]:
        """A list of ``modify_*`` diff tuples, one per changed attribute."""
        diffs = []
        if self.modify_type is not None:
            diffs.append(
                self._diff("modify_type", "type", self.existing_type, self.modify_type)
            )
        if self.modify_nullable is not None:
            diffs.append(
                self._diff(
                    "modify_nullable",
                    "nullable",
                    self.existing_nullable,
                    self.modify_nullable,
                )
            )
        if self.modify_server_default is not False:
            diffs.append(
                self._diff(
                    "modify_default",
                    "server_default",
                    self.existing_server_default,
                    self.modify_server_default,
                )
            )
        if self.modify_comment is not False:
            diffs.append(
                self._diff(
                    "modify_comment",
                    "comment",
                    self.existing_comment,
                    self.modify_comment,
                )
            )
        return diffs

    def has_changes(self) -> bool:
        """True if the operation changes anything at all."""
        for attr, unset in _ALTERABLE.items():
            if getattr(self, f"modify_{attr}") is not unset:
                return True
        return any(key.startswith("modify_") for key in self.kw)

    def reverse(self) -> AlterColumnOp:
        """Swap each changed ``modify_*`` value with its ``existing_*`` one
        (also for extra keywords such as ``modify_autoincrement``)."""
        kw = dict(self.kw)
        for attr, unset in _ALTERABLE.items():
            kw[f"existing_{attr}"] = getattr(self, f"existing_{attr}")
            if getattr(self, f"modify_{attr}") is not unset:
                kw[f"modify_{attr}"] = getattr(self, f"modify_{attr}")
        for key in [k for k in kw if k.startswith("modify_")]:
            attr = key[len("modify_") :]
            kw[key], kw[f"existing_{attr}"] = kw.get(f"existing_{attr}"), kw[key]
        column_name = self.column_name
        if self.modify_name is not None:
            column_name, kw["modify_name"] = self.modify_name, self.column_name
        return self.__class__(self.table_name, column_name, schema=self.schema, **kw)

    @classmethod
    def alter_column(
        cls,
        operations: Any,
        table_name: str,
        column_name: str,
        *,
        nullable: bool | None = None,
        comment: str | Literal[False] | None = False,
        server_default: ServerDefaultArgument = False,
        new_column_name: str | None = None,
        type_: TypeArgument = None,
        existing_type: TypeArgument = None,
        existing_server_default: ServerDefaultArgument = False,
        existing_nullable: bool | None = None,
        existing_comment: str | None = None,
        schema: str | None = None,
        **kw: Any,
    ) -> None:
        """Change a column; ``existing_*`` describe the column as it is
        (MySQL and SQL Server need them to restate the full column)."""
        op = cls(
            table_name,
            column_name,
            schema=schema,
            existing_type=existing_type,
            existing_server_default=existing_server_default,
            existing_nullable=existing_nullable,
            existing_comment=existing_comment,
            modify_name=new_column_name,
            modify_type=type_,
            modify_server_default=server_default,
            modify_nullable=nullable,
            modify_comment=comment,
            **kw,
        )
        return operations.invoke(op)

    @classmethod
    def batch_alter_column(
        cls,
        operations: Any,
        column_name: str,
        *,
        nullable: bool | None = None,
        comment: str | Literal[False] | None = False,
        server_default: ServerDefaultArgument = False,
        new_column_name: str | None = None,
        type_: TypeArgument = None,
        existing_type: TypeArgument = None,
        existing_server_default: ServerDefaultArgument = False,
        existing_nullable: bool | None = None,
        existing_comment: str | None = None,
        insert_before: str | None = None,
        insert_after: str | None = None,
        **kw: Any,
    ) -> None:
        """Change a column of the batch table (``insert_before`` /
        ``insert_after`` move it when the table is recreated)."""
        op = cls(
            operations.impl.table_name,
            column_name,
            schema=operations.impl.schema,
            existing_type=existing_type,
            existing_server_default=existing_server_default,
            existing_nullable=existing_nullable,
            existing_comment=existing_comment,
            modify_name=new_column_name,
            modify_type=type_,
            modify_server_default=server_default,
            modify_nullable=nullable,
            modify_comment=comment,
            insert_before=insert_before,
            insert_after=insert_after,
            **kw,
        )
        return operations.invoke(op)


@Operations.register_operation("add_column")
@BatchOperations.register_operation("add_column", "batch_add_column")
class AddColumnOp(AlterTableOp):
    """Add a column."""

    def __init__(
        self,
        table_name: str,
        column: Any,
        *,
        schema: str | None = None,
        if_not_exists: bool | None = None,
        inline_references: bool | None = None,
        inline_primary_key: bool | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(table_name, schema=schema)
        self.column = column
        self.if_not_exists = if_not_exists
        self.inline_references = inline_references
        self.inline_primary_key = inline_primary_key
        self.kw = kw

    def reverse(self) -> DropColumnOp:
        return DropColumnOp.from_column_and_tablename(
            self.schema, self.table_name, self.column, if_exists=self.if_not_exists
        )

    def to_diff_tuple(self) -> tuple:
        return ("add_column", self.schema, self.table_name, self.column)

    def to_column(self) -> Any:
        """The Column added."""
        return self.column

    @classmethod
    def from_column(cls, col: Any) -> AddColumnOp:
        """The add operation for a Column bound to a table."""
        return cls(col.table.name, col, schema=col.table.schema)

    @classmethod
    def from_column_and_tablename(
        cls, schema: str | None, tname: str, col: Any, if_not_exists: bool | None = None
    ) -> AddColumnOp:
        """The add operation for ``col`` on table ``tname``."""
        return cls(tname, col, schema=schema, if_not_exists=if_not_exists)

    @classmethod
    def add_column(
        cls,
        operations: Any,
        table_name: str,
        column: Column[Any],
        *,
        schema: str | None = None,
        if_not_exists: bool | None = None,
        inline_references: bool | None = None,
        inline_primary_key: bool | None = None,
    ) -> None:
        """Add ``column`` (a Column object) to ``table_name``."""
        op = cls(
            table_name,
            column,
            schema=schema,
            if_not_exists=if_not_exists,
            inline_references=inline_references,
            inline_primary_key=inline_primary_key,
        )
        return operations.invoke(op)

    @classmethod
    def batch_add_column(
        cls,
        operations: Any,
        column: Column[Any],
        *,
        insert_before: str | None = None,
        insert_after: str | None = None,
        if_not_exists: bool | None = None,
        inline_references: bool | None = None,
        inline_primary_key: bool | None = None,
    ) -> None:
        """Add a column to the batch table, optionally placed before or
        after another one when the table is recreated."""
        kw = {}
        if insert_before:
            kw["insert_before"] = insert_before
        if insert_after:
            kw["insert_after"] = insert_after
        op = cls(
            operations.impl.table_name,
            column,
            schema=operations.impl.schema,
            if_not_exists=if_not_exists,
            inline_references=inline_references,
            inline_primary_key=inline_primary_key,
            **kw,
        )
        return operations.invoke(op)


@Operations.register_operation("drop_column")
@BatchOperations.register_operation("drop_column", "batch_drop_column")
class DropColumnOp(AlterTableOp):
    """Drop a column."""

    def __init__(
        self,
        table_name: str,
        column_name: str,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        _reverse: AddColumnOp | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(table_name, schema=schema)
        self.column_name = column_name
        self.kw = kw
        self.if_exists = if_exists
        self._reverse = _reverse

    def to_diff_tuple(self) -> tuple:
        return ("remove_column", self.schema, self.table_name, self.to_column())

    def reverse(self) -> AddColumnOp:
        if self._reverse is None:
            raise ValueError(
                "operation is not reversible; original column is not present"
            )
        return AddColumnOp.from_column_and_tablename(
            self.schema,
            self.table_name,
            self._reverse.column,
            if_not_exists=self.if_exists,
        )

    @classmethod
    def from_column_and_tablename(
        cls, schema: str | None, tname: str, col: Any, if_exists: bool | None = None
    ) -> DropColumnOp:
        """The drop operation for ``col`` of ``tname``; it can be reversed."""
        return cls(
            tname,
            col.name,
            schema=schema,
            if_exists=if_exists,
            _reverse=AddColumnOp.from_column_and_tablename(schema, tname, col),
        )

    def to_column(self, migration_context: Any = None) -> Any:
        """The Column dropped, or a typeless stand-in."""
        if self._reverse is not None:
            return self._reverse.column
        return SchemaObjects(migration_context).column(self.column_name, NULLTYPE)

    @classmethod
    def drop_column(
        cls,
        operations: Any,
        table_name: str,
        column_name: str,
        *,
        schema: str | None = None,
        **kw: Any,
    ) -> None:
        """Drop ``column_name``; ``kw`` takes ``if_exists`` and the SQL
        Server options ``mssql_drop_default``/``_check``/``_foreign_key``."""
        return operations.invoke(cls(table_name, column_name, schema=schema, **kw))

    @classmethod
    def batch_drop_column(cls, operations: Any, column_name: str, **kw: Any) -> None:
        """Drop a column of the batch table."""
        op = cls(
            operations.impl.table_name, column_name, schema=operations.impl.schema, **kw
        )
        return operations.invoke(op)
