"""The migration runtime: ``EnvironmentContext``, ``MigrationContext`` and
the version table.  Submodules are imported on demand (``import
alembic.runtime`` alone does not import SQLAlchemy).
"""

from __future__ import annotations

__all__: list[str] = []
