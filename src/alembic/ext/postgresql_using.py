"""Opt-in plugin: a PostgreSQL column type change renders the cast the
server needs, ``postgresql_using='col::NEWTYPE'`` (Alembic 1.20.1 renders
none, and the upgrade fails for types without an implicit cast).  Turn it on
with::

    autogenerate_plugins = alembic.autogenerate.*, alembic.ext.postgresql_using
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the built-in comparison and rendering ask
    whether this plugin is selected for the run."""
    return None
