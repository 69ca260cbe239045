"""Stand-ins that compare equal to SQLAlchemy schema objects by what
matters in a diff (names, columns, referred table), not by identity::

    eq_(diffs, [("add_index", CompareIndex(Index("ix_t_x", t.c.x)))])
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import schema

__all__ = [
    "CompareCheckConstraint",
    "CompareColumn",
    "CompareForeignKey",
    "CompareIndex",
    "ComparePrimaryKey",
    "CompareTable",
    "CompareUniqueConstraint",
]


def _column_names(obj: Any) -> list[str]:
    return [getattr(c, "name", str(c)) for c in getattr(obj, "columns", ())]


class _Compare:
    """Equal to objects of ``kind`` whose :meth:`_key` matches ours."""

    kind: type = object

    def __init__(self, target: Any) -> None:
        self.target = target

    def _key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.name,)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.kind) and self._key(other) == self._key(self.target)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.target!r})"


class CompareTable(_Compare):
    """Same name and schema, same column names in order."""

    kind = schema.Table

    def _key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.name, obj.schema, [c.name for c in obj.columns])


class CompareColumn(_Compare):
    """Same name and the same table name (when both have a table)."""

    kind = schema.Column

    def _key(self, obj: Any) -> tuple[Any, ...]:
        table = getattr(obj, "table", None)
        return (obj.name, getattr(table, "name", None))


class CompareIndex(_Compare):
    """Same name, columns and uniqueness (``name_only``: same name)."""

    kind = schema.Index

    def __init__(self, target: Any, name_only: bool = False) -> None:
        super().__init__(target)
        self.name_only = name_only

    def _key(self, obj: Any) -> tuple[Any, ...]:
        if self.name_only:
            return (obj.name,)
        return (obj.name, _column_names(obj), bool(obj.unique))


class CompareCheckConstraint(_Compare):
    """Same name and the same SQL text (whitespace-insensitive)."""

    kind = schema.CheckConstraint

    def _key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.name, " ".join(str(obj.sqltext).split()))


class CompareForeignKey(_Compare):
    """Same name, local columns, referred table and referred columns."""

    kind = schema.ForeignKeyConstraint

    def _key(self, obj: Any) -> tuple[Any, ...]:
        elements = list(obj.elements)
        return (
            obj.name,
            [e.parent.name for e in elements],
            elements[0].target_fullname.rsplit(".", 1)[0] if elements else None,
            [e.target_fullname.rsplit(".", 1)[1] for e in elements],
        )


class ComparePrimaryKey(_Compare):
    """Same name and columns."""

    kind = schema.PrimaryKeyConstraint

    def _key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.name, _column_names(obj))


class CompareUniqueConstraint(_Compare):
    """Same name and columns."""

    kind = schema.UniqueConstraint

    def _key(self, obj: Any) -> tuple[Any, ...]:
        return (obj.name, _column_names(obj))
