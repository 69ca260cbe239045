"""``AutogenContext``: everything one autogenerate run needs to know."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from ..util.exc import CommandError

__all__ = ["AutogenContext"]


class AutogenContext:
    """Options, the target metadata and the database connection of one run.

    Comparators and renderers receive it; ``imports`` collects the import
    lines the rendered migration needs.
    """

    def __init__(
        self,
        migration_context: Any,
        metadata: Any = None,
        opts: dict[str, Any] | None = None,
        autogenerate: bool = True,
    ) -> None:
        if (
            autogenerate
            and migration_context is not None
            and getattr(migration_context, "as_sql", False)
        ):
            raise CommandError(
                "autogenerate can't use as_sql=True as it prevents querying "
                "the database for schema information"
            )
        if opts is None:
            opts = dict(getattr(migration_context, "opts", None) or {})
        if metadata is None:
            metadata = opts.get("target_metadata")
        self.opts = opts
        if autogenerate and migration_context is not None:
            from .compare import run_comparators

            run_comparators(self)  # sets up (and logs) the plugins, as Alembic does
        if (
            autogenerate
            and metadata is None
            and getattr(migration_context, "script", None) is not None
        ):
            raise CommandError(_no_metadata_message(migration_context))
        self.metadata = metadata
        self.migration_context = migration_context
        self.opts = opts
        self.imports: set = set()
        self.connection = (
            getattr(migration_context, "bind", None)
            if migration_context is not None
            else None
        )
        self.dialect = (
            getattr(migration_context, "dialect", None)
            if migration_context is not None
            else None
        )
        self._object_filters = _as_list(opts.get("include_object"))
        self._name_filters = _as_list(opts.get("include_name"))
        self._has_batch = False
        self._inspector: Any = None
        self._profile: Any = None
        if self.dialect is not None:
            from .compare.dialects import profile_for

            self._profile = profile_for(self.dialect)

    @property
    def inspector(self) -> Any:
        """A SQLAlchemy Inspector on the connection (made once, on first use)."""
        if self.connection is None:
            raise TypeError(
                "can't return inspector as this AutogenContext has no database connection"
            )
        if self._inspector is None:
            from sqlalchemy import inspect

            self._inspector = inspect(self.connection)
        return self._inspector

    @contextlib.contextmanager
    def _within_batch(self) -> Iterator[None]:
        self._has_batch = True
        try:
            yield
        finally:
            self._has_batch = False

    def run_name_filters(
        self, name: str | None, type_: str, parent_names: dict[str, Any]
    ) -> bool:
        """Ask every ``include_name`` hook whether to look at ``name``."""
        if "schema_name" in parent_names or "table_name" in parent_names:
            parent_names = dict(parent_names)
            # a table's own name, or the name of the table holding the object
            table = name if type_ == "table" else parent_names.get("table_name")
            if table is not None:
                schema = parent_names.get("schema_name")
                parent_names["schema_qualified_table_name"] = (
                    f"{schema}.{table}" if schema else table
                )
        return all(fn(name, type_, parent_names) for fn in self._name_filters)

    def run_object_filters(
        self,
        object_: Any,
        name: str | None,
        type_: str,
        reflected: bool,
        compare_to: Any,
    ) -> bool:
        """Ask every ``include_object`` hook whether to keep ``object_``."""
        return all(
            fn(object_, name, type_, reflected, compare_to)
            for fn in self._object_filters
        )

    run_filters = run_object_filters

    @property
    def _metadatas(self) -> list[Any]:
        if self.metadata is None:
            return []
        if isinstance(self.metadata, (list, tuple)):
            return list(self.metadata)
        return [self.metadata]

    @property
    def sorted_tables(self) -> list[Any]:
        """Tables of every target MetaData, each in dependency order."""
        result: list[Any] = []
        for metadata in self._metadatas:
            result.extend(metadata.sorted_tables)
        return result

    @property
    def table_key_to_table(self) -> dict[str, Any]:
        """``{table.key: table}`` across all target MetaData objects."""
        result: dict[str, Any] = {}
        for metadata in self._metadatas:
            dupes = set(result).intersection(metadata.tables)
            if dupes:
                raise ValueError(
                    "Duplicate table keys across multiple MetaData objects: "
                    + ", ".join(f'"{key}"' for key in sorted(dupes))
                )
            result.update(metadata.tables)
        return result


def _as_list(value: Any) -> list[Callable[..., Any]]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _no_metadata_message(migration_context: Any) -> str:
    script = getattr(migration_context, "script", None)
    env_py = getattr(script, "env_py_location", None) or "env.py"
    return (
        f"Can't proceed with --autogenerate option; environment script {env_py} "
        "does not provide a MetaData object or sequence of objects to the context. "
        "Add to env.py: `from myapp.models import Base` and `target_metadata = Base.metadata` "
        "(your module and base class), then pass target_metadata=target_metadata to context.configure()."
    )
