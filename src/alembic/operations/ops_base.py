"""Base classes and containers of the op value objects.

Re-exported from :mod:`alembic.operations.ops`, the public path.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = [
    "AlterTableOp",
    "DowngradeOps",
    "MigrateOperation",
    "MigrationScript",
    "ModifyTableOps",
    "OpContainer",
    "UpgradeOps",
]


class MigrateOperation:
    """One migration directive as a value: its fields, ``reverse()`` and
    ``to_diff_tuple()``.  Carrying it out is the job of the function
    registered with ``Operations.implementation_for``."""

    _mutations: frozenset = frozenset()

    @functools.cached_property
    def info(self) -> dict:
        """A dictionary for user data, created on first use."""
        return {}

    def reverse(self) -> MigrateOperation:
        """The operation that undoes this one."""
        raise NotImplementedError()

    def to_diff_tuple(self) -> Any:
        """This operation in ``compare_metadata()``'s diff format."""
        raise NotImplementedError()

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_")
        )
        return f"<{type(self).__name__} {fields}>"


class AlterTableOp(MigrateOperation):
    """Base for operations that change an existing table."""

    def __init__(self, table_name: str, *, schema: str | None = None) -> None:
        self.table_name = table_name
        self.schema = schema


class OpContainer(MigrateOperation):
    """An ordered group of operations."""

    def __init__(self, ops: Iterable[MigrateOperation] = ()) -> None:
        self.ops: list[MigrateOperation] = list(ops)

    def is_empty(self) -> bool:
        """True when the container holds no operations."""
        return not self.ops

    def as_diffs(self) -> list[Any]:
        """Every contained operation (recursively) as a diff tuple."""
        return list(OpContainer._ops_as_diffs(self))

    @classmethod
    def _ops_as_diffs(cls, container: OpContainer) -> Iterator[Any]:
        for op in container.ops:
            if hasattr(op, "ops"):
                yield from cls._ops_as_diffs(op)  # type: ignore[arg-type]
            else:
                yield op.to_diff_tuple()

    def _reversed_ops(self) -> list[MigrateOperation]:
        return [op.reverse() for op in reversed(self.ops)]


class ModifyTableOps(OpContainer):
    """Operations that all change one table."""

    def __init__(
        self,
        table_name: str,
        ops: Iterable[MigrateOperation],
        *,
        schema: str | None = None,
    ) -> None:
        super().__init__(ops)
        self.table_name = table_name
        self.schema = schema

    def reverse(self) -> ModifyTableOps:
        return ModifyTableOps(
            self.table_name, ops=self._reversed_ops(), schema=self.schema
        )


class UpgradeOps(OpContainer):
    """The body of a migration's ``upgrade()``."""

    def __init__(
        self, ops: Iterable[MigrateOperation] = (), upgrade_token: str = "upgrades"
    ) -> None:
        super().__init__(ops)
        self.upgrade_token = upgrade_token

    def reverse_into(self, downgrade_ops: DowngradeOps) -> DowngradeOps:
        """Fill ``downgrade_ops`` with the reverse of these operations."""
        downgrade_ops.ops[:] = self._reversed_ops()
        return downgrade_ops

    def reverse(self) -> DowngradeOps:
        return self.reverse_into(DowngradeOps(ops=[]))


class DowngradeOps(OpContainer):
    """The body of a migration's ``downgrade()``."""

    def __init__(
        self, ops: Iterable[MigrateOperation] = (), downgrade_token: str = "downgrades"
    ) -> None:
        super().__init__(ops)
        self.downgrade_token = downgrade_token

    def reverse(self) -> UpgradeOps:
        return UpgradeOps(ops=self._reversed_ops())


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


class MigrationScript(MigrateOperation):
    """A whole revision file to be written: identifiers plus upgrade and
    downgrade bodies (one of each, or lists for multiple-token templates)."""

    def __init__(
        self,
        rev_id: str | None,
        upgrade_ops: UpgradeOps | Sequence[UpgradeOps],
        downgrade_ops: DowngradeOps | Sequence[DowngradeOps],
        *,
        message: str | None = None,
        imports: Any = None,
        head: str | None = None,
        splice: bool | None = None,
        branch_label: Any | None = None,
        version_path: str | None = None,
        depends_on: Any | None = None,
    ) -> None:
        self.rev_id = rev_id
        self.message = message
        self.imports = set() if imports is None else imports
        self.head = head
        self.splice = splice
        self.branch_label = branch_label
        self.version_path = version_path
        self.depends_on = depends_on
        self.upgrade_ops = upgrade_ops  # type: ignore[assignment]
        self.downgrade_ops = downgrade_ops  # type: ignore[assignment]

    @property
    def upgrade_ops(self) -> UpgradeOps | None:
        """The single UpgradeOps; use ``upgrade_ops_list`` when there are several."""
        return self._single(self._upgrade_ops, "UpgradeOps", "upgrade_ops_list")

    @upgrade_ops.setter
    def upgrade_ops(self, value: Any) -> None:
        self._upgrade_ops = _checked_list(value, UpgradeOps)

    @property
    def downgrade_ops(self) -> DowngradeOps | None:
        """The single DowngradeOps; use ``downgrade_ops_list`` when there are several."""
        return self._single(self._downgrade_ops, "DowngradeOps", "downgrade_ops_list")

    @downgrade_ops.setter
    def downgrade_ops(self, value: Any) -> None:
        self._downgrade_ops = _checked_list(value, DowngradeOps)

    @property
    def upgrade_ops_list(self) -> list[UpgradeOps]:
        """All UpgradeOps of the script."""
        return self._upgrade_ops

    @property
    def downgrade_ops_list(self) -> list[DowngradeOps]:
        """All DowngradeOps of the script."""
        return self._downgrade_ops

    @staticmethod
    def _single(items: list, kind: str, list_attr: str) -> Any:
        if len(items) > 1:
            raise ValueError(
                f"This MigrationScript instance has a multiple-entry list for "
                f"{kind}; please use the {list_attr} attribute."
            )
        return items[0] if items else None


def _checked_list(value: Any, kind: type) -> list:
    items = _as_list(value)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(f"expected {kind.__name__}, got {type(item).__name__}")
    return items


DiffTuple = tuple[Any, ...]
