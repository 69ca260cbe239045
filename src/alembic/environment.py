"""Old import path of :mod:`alembic.runtime.environment`, kept for existing code."""

from __future__ import annotations

from .runtime.environment import *
from .runtime.environment import __all__  # noqa: F401
