"""Compatibility name for Alembic's opt-in CHECK-constraint plugin.

In Alembic 1.19.2+ CHECK constraints are compared only when an env.py lists
``"alembic.ext.checkconstraint_byname"`` (or its older name
``"alembic.autogenerate.checkconstraint_byname"``) in
``autogenerate_plugins``.  Here CHECK constraints are compared by default, by
name and by expression, without false positives for the checks SQLAlchemy
generates for ``Boolean`` and ``Enum``; so this plugin adds nothing, and it
exists so that such env.py files keep working unchanged.  To leave CHECK
constraints out of the comparison, filter them in env.py with
``include_object`` (``type_ == "check_constraint"``).
"""
from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Register nothing: CHECK constraints are already compared by default."""
    return None
