"""``alembic.ext.metadata_guard``: models that were never imported.

When ``target_metadata`` has no tables (env.py imports the declarative base
but not the modules defining the models), autogenerate would write a
migration dropping every table, or an empty one against an empty database.
With this plugin both are refused, naming env.py and the import lines to
add; when the database has tables the models lack and more than half of them
would be dropped, the refusal names them table by table.

Without it the same message is a warning on stderr (Alembic says nothing)
and the file is written as Alembic writes it.

Turn on: ``alembic.ext.metadata_guard`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: ``revision --autogenerate`` asks whether it was chosen."""
