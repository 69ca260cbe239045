"""Opt-in plugin: count as equal the type and default spellings a database
stores for what the model asked (``DOUBLE`` for ``Float(53)`` on MySQL,
``current_timestamp()`` for ``now()``, ``INTEGER(11)`` for ``INTEGER(5)``,
``REAL`` for ``Float(24)`` on PostgreSQL, ...), where Alembic 1.20.1 reports
a change.

Turn on: ``alembic.ext.lenient_compare`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the built-in comparison and rendering ask
    whether this plugin is selected for the run."""
    return None
