"""Old import path of :mod:`alembic.runtime.environment`, kept for existing code."""
from __future__ import annotations

from .runtime.environment import *  # noqa: F401,F403
from .runtime.environment import __all__ as __all__  # noqa: F401
