"""Autogenerate: compare models with a database and render migrations.

Beyond Alembic 1.20:

* CHECK constraints are compared by default (by name and literal values, or by expression when
  unnamed); the CHECKs Boolean/Enum types create are never reported.
* PostgreSQL ENUM types are created, changed (``ADD VALUE``, or a
  rename-recreate-convert when values are removed or reordered) and dropped;
  columns refer to them with ``create_type=False``.
* Free-standing sequences are created and dropped; IDENTITY changes are found.
* Reflection is batched (``get_multi_*``) after ``include_name`` filtering, so
  the query count on PostgreSQL does not grow with tables.
* ``revision --autogenerate`` refuses to write a migration that drops tables or
  columns unless allowed: ``alembic -x allow_drops=true revision
  --autogenerate``, ``ALEMBIC_ALLOW_DROPS=1``, or
  ``context.configure(allow_drops=True)``.  Likely renames are named in the
  message with the ``op.alter_column``/``op.rename_table`` call to use.
* An empty ``target_metadata`` against a database with tables is refused
  (models not imported), and "Target database is not up to date." lists the
  pending revisions and the command to run.
"""

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
from ..util.dispatch import DispatchPriority, PriorityDispatchResult
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
