"""Schema migrations for SQLAlchemy: an independent implementation of Alembic 1.20.

``from alembic import op, context`` gives the two facades used by env.py and
revision files.  They are loaded on first access so that ``import alembic``
stays cheap (no SQLAlchemy).
"""

from __future__ import annotations

from typing import Any

__all__ = ["__version__", "context", "op"]

#: The Alembic interface level implemented: exactly three integers.
__version__ = "1.20.1"

_FACADES = ("context", "op")


def __getattr__(name: str) -> Any:
    if name in _FACADES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
