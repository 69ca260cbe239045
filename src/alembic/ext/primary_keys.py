"""``alembic.ext.primary_keys``: primary-key changes.

With this plugin, a table whose primary key columns changed gets
``op.drop_constraint(<pk>, type_="primary")`` and ``op.create_primary_key``;
an unnamed primary key that cannot be dropped by name is warned about.
Alembic does not compare primary keys.

Turn on: ``alembic.ext.primary_keys`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the table comparison asks whether it was chosen."""
