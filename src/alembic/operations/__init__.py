"""Migration operations: ``Operations``/``BatchOperations`` (what ``op``
forwards to), the op value objects and their default implementations."""

from __future__ import annotations

from . import toimpl as toimpl
from .base import AbstractOperations, BatchOperations, Operations
from .ops import MigrateOperation

# registers the PostgreSQL-only op (create_exclude_constraint) on Operations
from . import ops_postgresql as ops_postgresql  # isort: skip

__all__ = ["AbstractOperations", "BatchOperations", "MigrateOperation", "Operations"]
