"""Drift: how the live database differs from the schema its history makes.

The history's schema is read back from a shadow database replayed to the
live database's own revision (see :mod:`alembic.runtime.shadow`), reflected
into a ``MetaData`` and compared with the live database by autogenerate's
own comparison (:func:`~alembic.autogenerate.api.produce_migrations`), with
env.py's options (``include_object``, ``include_name``, ``compare_type``...).
The resulting operations are what would bring the live database back to
the history's schema; :func:`describe` words them as differences and
:func:`render_sql` writes them as SQL for the live database's dialect.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..util.exc import DriftDetected
from .api import produce_migrations
from .compare.tables import _bookkeeping_tables
from .context import AutogenContext

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    from ..operations.ops import MigrateOperation, UpgradeOps
    from ..runtime.migration import MigrationContext

__all__ = [
    "compare_with_shadow",
    "describe",
    "reflect_shadow",
    "render_sql",
    "report",
    "schemas_compared",
]


def schemas_compared(live: MigrationContext) -> set[str]:
    """The non-default schemas the live comparison looks at (``include_schemas``)."""
    if not live.opts.get("include_schemas"):
        return set()
    from sqlalchemy import inspect

    inspector = inspect(live.bind)
    default = inspector.default_schema_name
    return {name for name in inspector.get_schema_names() if name != default}


def reflect_shadow(shadow_url: str, schemas: set[str]) -> MetaData:
    """The shadow database's tables: its default schema, and those of
    ``schemas`` it has.  Run outside env.py (an async env.py holds an event
    loop while it runs)."""
    from ..runtime.shadow_servers import run_on

    return run_on(shadow_url, lambda conn: _reflect(conn, schemas))


def _reflect(connection: Any, schemas: set[str]) -> MetaData:
    from sqlalchemy import MetaData, inspect

    metadata = MetaData()
    metadata.reflect(connection)
    present = set(inspect(connection).get_schema_names())
    for schema in sorted(schemas & present):
        metadata.reflect(connection, schema=schema)
    return metadata


def compare_with_shadow(live: MigrationContext, shadow: MetaData) -> UpgradeOps:
    """The operations that turn the live database into the shadow's schema
    (``shadow`` as returned by :func:`reflect_shadow`)."""
    own = _bookkeeping_tables(AutogenContext(live, autogenerate=False))
    for table in list(shadow.tables.values()):
        if (table.schema, table.name) in own:
            shadow.remove(table)
    return produce_migrations(live, shadow).upgrade_ops


# -- words -----------------------------------------------------------------


def report(
    write: Callable[[str], None],
    diffs: list[Any],
    statements: list[str],
    live_heads: tuple[str, ...],
    sql: bool,
) -> None:
    """Write one line per difference (as SQL comments with ``sql``), then the
    statements; raise :class:`DriftDetected` when there is any difference."""
    at = ", ".join(live_heads) or "base"
    prefix = "-- " if sql else ""
    lines = describe(diffs)
    for line in lines:
        write(f"{prefix}{line}")
    for text in statements:
        if text.strip():
            write(text.rstrip("\n"))
    if diffs:
        raise DriftDetected(
            f"Drift detected: {len(lines)} difference(s) between the live database "
            f"and its migration history at {at}",
            diffs=diffs,
        )
    write(f"{prefix}No drift: the live database matches its migration history at {at}.")


def describe(diffs: list[Any]) -> list[str]:
    """One line per difference, worded from the live database's side."""
    lines: list[str] = []
    for diff in _flat(diffs):
        kind = diff[0] if isinstance(diff, tuple) and diff else None
        wording = _WORDING.get(kind) if isinstance(kind, str) else None
        lines.append(wording(diff) if wording else f"difference: {diff!r}")
    return lines


def _flat(diffs: list[Any]) -> Iterator[Any]:
    for diff in diffs:
        if isinstance(diff, list):
            yield from diff
        else:
            yield diff


def _table_name(table: Any) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


def _qualified(schema: str | None, table: str, column: str | None = None) -> str:
    name = f"{schema}.{table}" if schema else table
    return f"{name}.{column}" if column else name


def _constraint(kind: str) -> Callable[[tuple], str]:
    def word(diff: tuple) -> str:
        obj = diff[1]
        table = getattr(obj, "table", None)
        where = f" on {_table_name(table)}" if table is not None else ""
        name = getattr(obj, "name", None) or "(unnamed)"
        if diff[0].startswith("add"):
            return f"missing {kind} {name}{where}: the history creates it, the database lacks it"
        return f"extra {kind} {name}{where}: in the database, not made by the history"

    return word


def _column_change(what: str) -> Callable[[tuple], str]:
    def word(diff: tuple) -> str:
        _, schema, table, column, _info, live_value, history_value = diff
        return (
            f"changed column {_qualified(schema, table, column)}: {what} is "
            f"{_shown(live_value)} in the database, {_shown(history_value)} in the history"
        )

    return word


def _shown(value: Any) -> str:
    """A type as its DDL name, a server default as its SQL text."""
    from sqlalchemy.types import TypeEngine

    if isinstance(value, TypeEngine):
        return str(value)
    arg = getattr(value, "arg", None)
    text = (
        getattr(arg, "text", arg) if arg is not None else getattr(value, "text", None)
    )
    return repr(str(text)) if text is not None else repr(value)


_WORDING: dict[str, Callable[[tuple], str]] = {
    "add_table": lambda d: (
        f"missing table {_table_name(d[1])}: the history creates it, the database lacks it"
    ),
    "remove_table": lambda d: (
        f"extra table {_table_name(d[1])}: in the database, not made by the history"
    ),
    "add_column": lambda d: (
        f"missing column {_qualified(d[1], d[2], d[3].name)}: the history creates it, "
        "the database lacks it"
    ),
    "remove_column": lambda d: (
        f"extra column {_qualified(d[1], d[2], d[3].name)}: in the database, not made "
        "by the history"
    ),
    "add_index": _constraint("index"),
    "remove_index": _constraint("index"),
    "add_constraint": _constraint("constraint"),
    "remove_constraint": _constraint("constraint"),
    "add_fk": _constraint("foreign key"),
    "remove_fk": _constraint("foreign key"),
    "modify_type": _column_change("type"),
    "modify_nullable": _column_change("nullable"),
    "modify_default": _column_change("server default"),
    "modify_comment": _column_change("comment"),
}


# -- SQL -------------------------------------------------------------------


def render_sql(upgrade_ops: UpgradeOps, live: MigrationContext) -> str:
    """The statements, for the live database's dialect, that remove the drift.

    An operation the dialect can't write as plain SQL (most column changes
    on SQLite need a table rebuild) becomes a comment saying so.
    """
    from ..operations import Operations
    from ..runtime.migration import MigrationContext

    buffer = io.StringIO()
    offline = MigrationContext.configure(
        dialect=live.dialect,
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )
    operations = Operations(offline)
    for op in _leaf_ops(upgrade_ops.ops):
        try:
            operations.invoke(op)
        except NotImplementedError as err:
            buffer.write(
                f"-- not expressible as SQL on {live.dialect.name}: {op!r} ({err})\n\n"
            )
    return buffer.getvalue()


def _leaf_ops(ops: list[MigrateOperation]) -> Iterator[MigrateOperation]:
    for op in ops:
        inner = getattr(op, "ops", None)
        if inner is not None:
            yield from _leaf_ops(inner)
        else:
            yield op
