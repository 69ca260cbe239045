"""``alembic.ext.sqlite_expression_indexes``: expression indexes on SQLite.

SQLite cannot describe an expression index back (SQLAlchemy skips it when
reflecting), so Alembic leaves every expression index of the models out on
SQLite, with the warning "autogenerate skipping metadata-specified
expression-based index ...".  With this plugin, such an index is created
when the database has no index of that name, and left alone when it has one.

Turn on: ``alembic.ext.sqlite_expression_indexes`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the index comparison asks whether it was chosen."""
