"""SQLite: answer the dialect's per-table PRAGMA lookups from a few bulk queries.

SQLAlchemy's SQLite dialect reflects each table with a separate ``PRAGMA``
statement per kind of information (columns, foreign keys, index list, and
one ``index_info`` per index), so a 300-table schema costs thousands of
statements.  SQLite also exposes every PRAGMA as a table-valued function,
which can be joined against ``sqlite_master``; four such queries return the
same rows for all tables of the ``main`` database at once.

The dialect's own parsing code stays in charge: while the batch runs, the
dialect's ``_get_table_pragma`` method is shadowed (on the instance only) by
a lookup into the prefetched rows, returning the very tuples ``PRAGMA main.``
would have returned.  Anything the prefetch does not cover exactly (another
schema, a PRAGMA not prefetched, a name that is not a ``main`` object, a
name that a ``temp`` object shadows when the main answer is empty) goes to
the original method, so results never differ from the unbatched path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

__all__ = ["fetch_pragma_rows", "prefetched_pragmas"]

#: PRAGMA name -> query giving (owner name, pragma columns...) for ``main``.
_QUERIES = {
    "table_info": (
        "SELECT m.name, p.* FROM main.sqlite_master m, "
        "pragma_table_info(m.name, 'main') p WHERE m.type = 'table'"
    ),
    "table_xinfo": (
        "SELECT m.name, p.* FROM main.sqlite_master m, "
        "pragma_table_xinfo(m.name, 'main') p WHERE m.type = 'table'"
    ),
    "foreign_key_list": (
        "SELECT m.name, p.* FROM main.sqlite_master m, "
        "pragma_foreign_key_list(m.name, 'main') p WHERE m.type = 'table'"
    ),
    "index_list": (
        "SELECT m.name, p.* FROM main.sqlite_master m, "
        "pragma_index_list(m.name, 'main') p WHERE m.type = 'table'"
    ),
    "index_info": (
        "SELECT m.name, p.* FROM main.sqlite_master m, "
        "pragma_index_info(m.name, 'main') p WHERE m.type = 'index'"
    ),
}

#: The objects each PRAGMA is keyed by, as ``sqlite_master.type``.
_OWNER_TYPE = {
    "table_info": "table",
    "table_xinfo": "table",
    "foreign_key_list": "table",
    "index_list": "table",
    "index_info": "index",
}


class _PragmaMemo:
    """Rows per (pragma, owner name), fetched lazily one PRAGMA kind at a time."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.rows: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        self.main_names = self._names("SELECT type, name FROM main.sqlite_master")
        self.temp_names = self._names("SELECT type, name FROM temp.sqlite_master")

    def _names(self, sql: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for kind, name in self.connection.exec_driver_sql(sql).all():
            found.setdefault(kind, set()).add(name)
        return found

    def lookup(self, pragma: str, name: str) -> list[tuple[Any, ...]] | None:
        """The rows ``PRAGMA main.<pragma>(name)`` returns, or None if unknown."""
        kind = _OWNER_TYPE.get(pragma)
        if kind is None or name not in self.main_names.get(kind, ()):
            return None
        by_name = self.rows.get(pragma)
        if by_name is None:
            by_name = self.rows[pragma] = fetch_pragma_rows(self.connection, pragma)
        found = by_name.get(name, [])
        if not found and self._shadowed(name):
            return None  # the dialect would go on to ask the temp schema
        return found

    def _shadowed(self, name: str) -> bool:
        return any(name in names for names in self.temp_names.values())


def fetch_pragma_rows(connection: Any, pragma: str) -> dict[str, list[tuple[Any, ...]]]:
    """``{owner name: rows}`` of one PRAGMA for every ``main`` object at once."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for row in connection.exec_driver_sql(_QUERIES[pragma]).all():
        found.setdefault(row[0], []).append(tuple(row[1:]))
    return found


def _usable(dialect: Any, schema: str | None) -> bool:
    if dialect.name != "sqlite" or schema is not None:
        return False
    if not hasattr(type(dialect), "_get_table_pragma"):
        return False
    # table-valued PRAGMA functions with a schema argument: SQLite 3.16+
    return tuple(dialect.server_version_info or ()) >= (3, 16)


@contextlib.contextmanager
def prefetched_pragmas(inspector: Any, schema: str | None) -> Iterator[None]:
    """While active, the dialect's PRAGMA lookups for ``main`` tables are batched."""
    dialect = inspector.dialect
    if not _usable(dialect, schema) or "_get_table_pragma" in vars(dialect):
        yield
        return
    original = type(dialect)._get_table_pragma
    memo = _PragmaMemo(inspector.bind)

    def table_pragma(
        connection: Any, pragma: str, table_name: str, schema: Any = None
    ) -> Any:
        if schema is None and connection is memo.connection:
            rows = memo.lookup(pragma, table_name)
            if rows is not None:
                return rows
        return original(dialect, connection, pragma, table_name, schema=schema)

    dialect._get_table_pragma = table_pragma
    try:
        yield
    finally:
        del dialect._get_table_pragma
