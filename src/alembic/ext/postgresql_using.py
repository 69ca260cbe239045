"""``alembic.ext.postgresql_using``: a USING clause on PostgreSQL type changes.

With this plugin, an ``op.alter_column(..., type_=...)`` that PostgreSQL
cannot cast implicitly (text to integer, to an ENUM, ...) is rendered with
``postgresql_using="<column>::<type>"``, so the generated migration runs.
Alembic renders the bare type change.

Turn on: ``alembic.ext.postgresql_using`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: rendering asks whether it was chosen."""
