"""Opt-in plugin: count as equal the type and default spellings a database
stores for what the model asked (``DOUBLE`` for ``Float(53)`` on MySQL,
``current_timestamp()`` for ``now()``, ``INTEGER(11)`` for ``INTEGER(5)``,
``REAL`` for ``Float(24)`` on PostgreSQL, ...), where Alembic 1.20.1 reports
a change.  Turn it on in env.py's ``configure()`` or alembic.ini::

    autogenerate_plugins = alembic.autogenerate.*, alembic.ext.lenient_compare
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the built-in comparison and rendering ask
    whether this plugin is selected for the run."""
    return None
