"""Autogenerate: compare models with a database and render migrations."""

from __future__ import annotations

from .api import (
    AutogenContext,
    RevisionContext,
    _produce_net_changes,
    _render_migration_diffs,
    compare_metadata,
    produce_migrations,
    render_python_code,
)
from .compare import comparators
from .dispatch import DispatchPriority, PriorityDispatchResult
from .render import render_op_text, renderers
from .rewriter import Rewriter

__all__ = [
    "AutogenContext",
    "DispatchPriority",
    "PriorityDispatchResult",
    "RevisionContext",
    "Rewriter",
    "_produce_net_changes",
    "_render_migration_diffs",
    "comparators",
    "compare_metadata",
    "produce_migrations",
    "render_op_text",
    "render_python_code",
    "renderers",
]
