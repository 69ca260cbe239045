"""Opt-in plugin: a changed set of primary-key columns is reported and
rendered as ``drop_constraint`` + ``create_primary_key`` (Alembic 1.20.1
never compares primary keys).  Turn it on with::

    autogenerate_plugins = alembic.autogenerate.*, alembic.ext.primary_key
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the built-in table comparison asks whether this
    plugin is selected for the run."""
    return None
