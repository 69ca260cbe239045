"""Batched reflection: one round of multi-table Inspector calls per schema.

Tables are reflected with SQLAlchemy 2's ``get_multi_*`` methods (through
the Inspector's own reflection-info step), restricted to the names that
passed ``include_name``; the per-table ``Table`` objects are then built from
that single result, so the number of queries does not grow with tables.
Tables are built on first request: a table that ``insync`` can show to match
its model from the fetched dictionaries alone is never built at all.

On SQLite the dialect's per-table PRAGMA and ``sqlite_master`` lookups are
answered from a few bulk queries (``sqlite_pragmas``).
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from ...util.langhelpers import paused_gc as gc_paused
from .sqlite_pragmas import prefetched_pragmas
from .sqlite_uniques import line_local_parser, unique_parse_text

# Reflection allocates tens of thousands of small objects, none of which is
# garbage while a batch runs; pausing the cyclic collector around it (the
# ``gc_paused`` blocks below) saves it re-walking the user's whole model
# metadata again and again.

__all__ = [
    "ReflectedBatch",
    "ReflectedTables",
    "gc_paused",
    "reflect_batch",
    "reflect_tables",
    "reflected_metadata",
    "table_names",
]


def reflected_metadata(autogen_context: Any) -> Any:
    """The MetaData holding this run's reflected tables (made on first use)."""
    md = getattr(autogen_context, "_reflected_md", None)
    if md is None:
        from sqlalchemy import MetaData

        md = MetaData()
        autogen_context._reflected_md = md
    return md


def table_names(autogen_context: Any, schema: str | None) -> list[str]:
    """Table names (views excluded) of ``schema`` in the database."""
    return list(autogen_context.inspector.get_table_names(schema=schema))


def reflect_tables(
    autogen_context: Any,
    schema: str | None,
    names: Collection[str],
    available: Collection[str] | None = None,
) -> dict[str, Any]:
    """``{name: Table}`` for ``names`` in ``schema``, reflected in one batch."""
    batch = reflect_batch(autogen_context, schema, names, available)
    return {name: batch.table(name) for name in batch.names}


def reflect_batch(
    autogen_context: Any,
    schema: str | None,
    names: Collection[str],
    available: Collection[str] | None = None,
) -> ReflectedBatch:
    """Fetch what the database says about ``names`` in one batch of queries.

    The ``Table`` objects are built from that result when first asked for
    (``ReflectedBatch.table``); a table whose comparison can be settled from
    the fetched dictionaries alone never needs one.
    """
    names = sorted(names)
    info = None
    if names:
        with gc_paused():
            info = _fetch_info(autogen_context, schema, names, available)
    return ReflectedBatch(autogen_context, schema, names, info)


class ReflectedBatch:
    """One schema's reflection result, with its tables built on demand."""

    def __init__(
        self, ctx: Any, schema: str | None, names: list[str], info: Any
    ) -> None:
        self.ctx = ctx
        self.schema = schema
        self.names = names
        self.info = info

    def table(self, name: str) -> Any:
        """The reflected ``Table`` for ``name`` (built once, on first use)."""
        metadata = reflected_metadata(self.ctx)
        key = f"{self.schema}.{name}" if self.schema else name
        table = metadata.tables.get(key)
        if table is None:
            with gc_paused(), _no_expression_index_warning():
                table = _build_table(self.ctx, metadata, self.schema, name, self.info)
        return table


class ReflectedTables(Mapping):
    """``{(schema, name): Table}`` over several batches, built on access.

    Membership and iteration never build anything; ``[key]`` builds the
    table (and the tables its foreign keys point at, so that those keys
    resolve as they did when every table was built).
    """

    def __init__(self) -> None:
        self._batches: dict[tuple[str | None, str], ReflectedBatch] = {}

    def add(self, batch: ReflectedBatch) -> None:
        """Make the tables of ``batch`` part of this mapping."""
        for name in batch.names:
            self._batches[(batch.schema, name)] = batch

    def batch_of(self, key: tuple[str | None, str]) -> ReflectedBatch:
        """The batch holding ``key``'s reflection dictionaries."""
        return self._batches[key]

    def __getitem__(self, key: tuple[str | None, str]) -> Any:
        batch = self._batches[key]
        table = batch.table(key[1])
        for fk in batch.info.foreign_keys.get(key, ()):
            ref = (fk.get("referred_schema"), fk.get("referred_table"))
            if ref != key and ref in self._batches:
                self._batches[ref].table(ref[1])
        return table

    def __contains__(self, key: object) -> bool:
        return key in self._batches

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        return iter(self._batches)

    def __len__(self) -> int:
        return len(self._batches)

    def build_all(self) -> None:
        """Build every table now (for code that walks them all)."""
        for key in self._batches:
            self[key]


def _fetch_info(
    autogen_context: Any,
    schema: str | None,
    names: list[str],
    available: Collection[str] | None,
) -> Any:
    inspector = autogen_context.inspector
    with (
        _no_expression_index_warning(),
        _sqlite_table_sql_memo(inspector, schema),
        prefetched_pragmas(inspector, schema),
    ):
        return inspector._get_reflection_info(
            schema=schema, filter_names=names, available=list(available or names)
        )


@contextlib.contextmanager
def _no_expression_index_warning() -> Iterator[None]:
    """Expression indexes SQLite cannot describe are handled by the profile."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index"
        )
        yield


def _build_table(
    ctx: Any, metadata: Any, schema: str | None, name: str, info: Any
) -> Any:
    from sqlalchemy import Table

    table = Table(name, metadata, schema=schema)
    ctx.inspector.reflect_table(table, None, resolve_fks=False, _reflect_info=info)
    ctx._profile.adjust_reflected_table(table)
    _mark_names_final(table)
    return table


def _mark_names_final(table: Any) -> None:
    """Reflected index and constraint names are the database's final names:
    mark them so (``conv``), which renders them as ``op.f('name')`` like
    Alembic does and keeps a naming convention from being applied again."""
    from sqlalchemy.sql.elements import conv

    for obj in list(table.indexes) + list(table.constraints):
        name = obj.name
        if isinstance(name, str) and not isinstance(name, conv):
            obj.name = conv(name, getattr(name, "quote", None))


@contextlib.contextmanager
def _sqlite_table_sql_memo(inspector: Any, schema: str | None) -> Iterator[None]:
    """On SQLite, read every table's CREATE statement in one query.

    SQLAlchemy's SQLite dialect looks the statement up in ``sqlite_master``
    again for the primary key, the foreign keys, the unique and the CHECK
    constraints of each table (some of those calls bypass its reflection
    cache), a scan of ``sqlite_master`` each time.  For the duration of the
    batch the dialect's lookup answers from one prefetched mapping; names it
    does not hold go to the original method.  The dialect's unique-constraint
    parser gets the statement with the lines it cannot match blanked
    (:mod:`.sqlite_uniques`): the same constraints, found several times
    faster.
    """
    dialect = inspector.dialect
    original = getattr(type(dialect), "_get_table_sql", None)
    if dialect.name != "sqlite" or schema is not None or original is None:
        yield
        return
    rows = inspector.bind.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type in ('table', 'view') "
        "UNION ALL SELECT name, sql FROM sqlite_temp_master "
        "WHERE type in ('table', 'view')"
    ).all()
    known: dict[str, Any] = {}
    for name, sql in rows:
        known.setdefault(name, sql)
    unique_parser = line_local_parser(dialect)

    def table_sql(
        connection: Any, table_name: str, schema: Any = None, **kw: Any
    ) -> Any:
        if schema is None and known.get(table_name) is not None:
            if unique_parser is not None and sys._getframe(1).f_code is unique_parser:
                return unique_parse_text(known[table_name])
            return known[table_name]
        return original(dialect, connection, table_name, schema=schema, **kw)

    dialect._get_table_sql = table_sql
    try:
        yield
    finally:
        del dialect._get_table_sql
