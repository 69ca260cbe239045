"""Old import path of :mod:`alembic.runtime.migration`, kept for existing code."""

from __future__ import annotations

from .runtime.migration import *
from .runtime.migration import __all__  # noqa: F401


def __getattr__(name: str):
    from .runtime import migration

    return getattr(migration, name)
