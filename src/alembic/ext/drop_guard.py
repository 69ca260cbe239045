"""``alembic.ext.drop_guard``: migrations that drop tables or columns.

With this plugin, ``revision --autogenerate`` refuses to write a migration
that drops tables or columns unless allowed (``alembic -x allow_drops=true
revision --autogenerate``, ``ALEMBIC_ALLOW_DROPS=1``, or
``context.configure(allow_drops=True)``), and names likely renames with the
``op.alter_column`` / ``op.rename_table`` call that keeps the data.

Without it the file is written, as Alembic does, with a warning on stderr
and a comment at the top of ``upgrade()`` naming what it drops.

Turn on: ``alembic.ext.drop_guard`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: ``revision --autogenerate`` asks whether it was chosen."""
