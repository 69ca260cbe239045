"""``alembic.ext.cyclic_foreign_keys``: new tables that reference each other.

New tables whose foreign keys form a cycle (``users.team_id`` ->
``teams.id``, ``teams.captain_id`` -> ``users.id``) cannot be created with
all keys inline on servers that check them at CREATE time.  With this
plugin, such keys are left out of ``op.create_table`` and added with
``op.create_foreign_key`` once every table exists (SQLite keeps them
inline).  Alembic renders them inline.

Turn on: ``alembic.ext.cyclic_foreign_keys`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the table comparison asks whether it was chosen."""
