"""Old import path of :mod:`alembic.runtime.migration`, kept for existing code."""
from __future__ import annotations

from .runtime.migration import *  # noqa: F401,F403
from .runtime.migration import __all__ as __all__  # noqa: F401


def __getattr__(name: str):
    from .runtime import migration

    return getattr(migration, name)
