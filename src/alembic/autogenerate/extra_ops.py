"""Operations autogenerate emits beyond Alembic's own: PostgreSQL ENUM types
(create, change values, drop) and sequences (create, drop).

They render as plain ``op.execute(...)`` calls, so the generated migration
runs with any ``op`` (online or ``--sql``) and needs no custom directive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..operations.ops import MigrateOperation

__all__ = [
    "AlterEnumValuesOp",
    "CreateEnumTypeOp",
    "CreateSequenceOp",
    "DropEnumTypeOp",
    "DropSequenceOp",
]


def _quote(dialect: Any, name: str, schema: str | None = None) -> str:
    prep = dialect.identifier_preparer
    text = prep.quote(name)
    return f"{prep.quote_schema(schema)}.{text}" if schema else text


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _uncast(default: str) -> str:
    """``'a'::state`` -> ``'a'``, ``'{a}'::state[]`` -> ``'{a}'`` (the value
    converts to the new type itself)."""
    return re.sub(r"::\s*(\"[^\"]+\"|[\w.]+)(\[\])*\s*$", "", default.strip())


class CreateEnumTypeOp(MigrateOperation):
    """``CREATE TYPE name AS ENUM (...)``."""

    def __init__(
        self, name: str, values: Sequence[str], schema: str | None = None
    ) -> None:
        self.name, self.values, self.schema = name, list(values), schema

    def reverse(self) -> DropEnumTypeOp:
        return DropEnumTypeOp(self.name, self.values, schema=self.schema)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("add_enum", self.schema, self.name, tuple(self.values))

    def statements(self, dialect: Any) -> list[str]:
        values = ", ".join(_literal(v) for v in self.values)
        return [
            f"CREATE TYPE {_quote(dialect, self.name, self.schema)} AS ENUM ({values})"
        ]


class DropEnumTypeOp(MigrateOperation):
    """``DROP TYPE IF EXISTS name``."""

    def __init__(
        self, name: str, values: Sequence[str] = (), schema: str | None = None
    ) -> None:
        self.name, self.values, self.schema = name, list(values), schema

    def reverse(self) -> CreateEnumTypeOp:
        return CreateEnumTypeOp(self.name, self.values, schema=self.schema)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("remove_enum", self.schema, self.name, tuple(self.values))

    def statements(self, dialect: Any) -> list[str]:
        return [f"DROP TYPE IF EXISTS {_quote(dialect, self.name, self.schema)}"]


class AlterEnumValuesOp(MigrateOperation):
    """Change an ENUM type's values: ``ADD VALUE`` when values are only
    inserted, otherwise rename, recreate, convert the columns, drop the old."""

    def __init__(
        self,
        name: str,
        old_values: Sequence[str],
        new_values: Sequence[str],
        schema: str | None = None,
        usages: Sequence[tuple[str | None, str, str]] = (),
    ) -> None:
        self.name, self.schema = name, schema
        self.old_values, self.new_values = list(old_values), list(new_values)
        self.usages = list(usages)
        #: {(schema, table, column): default SQL} of columns using the type
        self.defaults: dict[tuple[str | None, str, str], str] = {}
        #: the usages that are ARRAY columns of the type (converted as arrays)
        self.array_usages: set[tuple[str | None, str, str]] = set()

    def reverse(self) -> AlterEnumValuesOp:
        op = AlterEnumValuesOp(
            self.name, self.new_values, self.old_values, self.schema, self.usages
        )
        op.defaults = dict(self.defaults)
        op.array_usages = set(self.array_usages)
        return op

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return (
            "modify_enum",
            self.schema,
            self.name,
            tuple(self.old_values),
            tuple(self.new_values),
        )

    def only_adds(self) -> bool:
        """True when the old values appear, in order, within the new ones."""
        kept = [v for v in self.new_values if v in self.old_values]
        return kept == self.old_values

    def statements(self, dialect: Any) -> list[str]:
        return (
            self._add_values(dialect) if self.only_adds() else self._recreate(dialect)
        )

    def _add_values(self, dialect: Any) -> list[str]:
        type_name = _quote(dialect, self.name, self.schema)
        result = []
        for i, value in enumerate(self.new_values):
            if value in self.old_values:
                continue
            later = [v for v in self.new_values[i + 1 :] if v in self.old_values]
            where = f" BEFORE {_literal(later[0])}" if later else ""
            result.append(f"ALTER TYPE {type_name} ADD VALUE {_literal(value)}{where}")
        return result

    def _recreate(self, dialect: Any) -> list[str]:
        old_name = f"{self.name}_old"
        type_name = _quote(dialect, self.name, self.schema)
        stmts = [
            f"ALTER TYPE {type_name} RENAME TO {dialect.identifier_preparer.quote(old_name)}"
        ]
        stmts += CreateEnumTypeOp(self.name, self.new_values, self.schema).statements(
            dialect
        )
        for schema, table, column in self.usages:
            col = dialect.identifier_preparer.quote(column)
            alter = f"ALTER TABLE {_quote(dialect, table, schema)} ALTER COLUMN {col}"
            default = self.defaults.get((schema, table, column))
            if default is not None:  # PostgreSQL cannot convert a default along
                stmts.append(f"{alter} DROP DEFAULT")
            if (schema, table, column) in self.array_usages:
                to = f"{type_name}[]"  # any number of dimensions
                stmts.append(f"{alter} TYPE {to} USING {col}::text[]::{to}")
            else:
                stmts.append(f"{alter} TYPE {type_name} USING {col}::text::{type_name}")
            if default is not None:
                stmts.append(f"{alter} SET DEFAULT {_uncast(default)}")
        stmts.append(f"DROP TYPE {_quote(dialect, old_name, self.schema)}")
        return stmts


class CreateSequenceOp(MigrateOperation):
    """``CREATE SEQUENCE``, from a ``Sequence`` of the model."""

    def __init__(self, name: str, schema: str | None = None, **kw: Any) -> None:
        self.name, self.schema, self.kw = name, schema, kw

    @classmethod
    def from_sequence(cls, sequence: Any) -> CreateSequenceOp:
        keys = ("start", "increment", "minvalue", "maxvalue", "cycle", "cache")
        kw: dict[str, Any] = {k: getattr(sequence, k, None) for k in keys}
        return cls(
            sequence.name,
            sequence.schema,
            **{k: v for k, v in kw.items() if v is not None},
        )

    def to_sequence(self) -> Any:
        from sqlalchemy import Sequence as Seq

        return Seq(self.name, schema=self.schema, **self.kw)

    def reverse(self) -> DropSequenceOp:
        return DropSequenceOp(self.name, self.schema, **self.kw)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("add_sequence", self.to_sequence())

    def statements(self, dialect: Any) -> list[Any]:
        from sqlalchemy.schema import CreateSequence

        return [CreateSequence(self.to_sequence())]


class DropSequenceOp(CreateSequenceOp):
    """``DROP SEQUENCE``."""

    def reverse(self) -> CreateSequenceOp:  # type: ignore[override]
        return CreateSequenceOp(self.name, self.schema, **self.kw)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("remove_sequence", self.to_sequence())

    def statements(self, dialect: Any) -> list[Any]:
        from sqlalchemy.schema import DropSequence

        return [DropSequence(self.to_sequence())]


def _run_statements(operations: Any, operation: Any) -> None:
    dialect = operations.get_context().dialect
    for stmt in operation.statements(dialect):
        operations.execute(stmt)


def _register_implementations() -> None:
    try:
        from ..operations.base import Operations
    except ImportError:  # the operations layer is not importable yet
        return
    for cls in (
        CreateEnumTypeOp,
        DropEnumTypeOp,
        AlterEnumValuesOp,
        CreateSequenceOp,
        DropSequenceOp,
    ):
        try:
            Operations.implementation_for(cls)(_run_statements)
        except Exception:  # noqa: BLE001 - op.execute rendering still works
            return


_register_implementations()
