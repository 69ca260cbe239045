"""Types of the hooks ``context.configure()`` accepts, under Alembic's names.

They are re-exported by :mod:`alembic.runtime.environment`, where Alembic
defines them, so env.py files and plugins can annotate their hooks.  Nothing
here imports SQLAlchemy: the schema and context types are forward references.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

if TYPE_CHECKING:
    from sqlalchemy.sql.schema import SchemaItem

    from ..autogenerate.context import AutogenContext
    from ..operations.ops import MigrationScript
    from ..script.steps import MigrationInfo
    from .migration import MigrationContext

__all__ = [
    "IncludeNameFn",
    "IncludeObjectFn",
    "NameFilterParentNames",
    "NameFilterType",
    "OnVersionApplyFn",
    "ProcessRevisionDirectiveFn",
    "RenderItemFn",
]

#: the ``type_`` argument of ``include_name`` / ``include_object``
NameFilterType = Literal[
    "schema",
    "table",
    "column",
    "index",
    "unique_constraint",
    "foreign_key_constraint",
    "check_constraint",
]

#: the ``parent_names`` argument of ``include_name``
NameFilterParentNames = MutableMapping[
    Literal["schema_name", "table_name", "schema_qualified_table_name"],
    Optional[str],
]

ProcessRevisionDirectiveFn = Callable[
    [
        "MigrationContext",
        Union[str, Iterable[Optional[str]], Iterable[str]],
        "list[MigrationScript]",
    ],
    None,
]

RenderItemFn = Callable[[str, Any, "AutogenContext"], Union[str, Literal[False]]]

IncludeNameFn = Callable[[Optional[str], NameFilterType, NameFilterParentNames], bool]

IncludeObjectFn = Callable[
    ["SchemaItem", Optional[str], NameFilterType, bool, Optional["SchemaItem"]],
    bool,
]

OnVersionApplyFn = Callable[
    ["MigrationContext", "MigrationInfo", Collection[Any], Mapping[str, Any]],
    None,
]
