"""The op value objects (public path ``alembic.operations.ops``).

One small class per directive, plus the containers autogenerate builds.
The classes live in topic modules and are gathered here:

* :mod:`.ops_base` - ``MigrateOperation``, ``AlterTableOp``, containers,
  ``MigrationScript``;
* :mod:`.ops_constraint` - add/drop constraint operations;
* :mod:`.ops_table` - table, table comment and index operations;
* :mod:`.ops_column` - add/drop/alter column;
* :mod:`.ops_data` - ``BulkInsertOp``, ``ExecuteSQLOp``.
"""
from __future__ import annotations

from .ops_base import AlterTableOp
from .ops_base import DowngradeOps
from .ops_base import MigrateOperation
from .ops_base import MigrationScript
from .ops_base import ModifyTableOps
from .ops_base import OpContainer
from .ops_base import UpgradeOps
from .ops_column import AddColumnOp
from .ops_column import AlterColumnOp
from .ops_column import DropColumnOp
from .ops_constraint import AddConstraintOp
from .ops_constraint import CreateCheckConstraintOp
from .ops_constraint import CreateForeignKeyOp
from .ops_constraint import CreatePrimaryKeyOp
from .ops_constraint import CreateUniqueConstraintOp
from .ops_constraint import DropConstraintOp
from .ops_data import BulkInsertOp
from .ops_data import ExecuteSQLOp
from .ops_table import CreateIndexOp
from .ops_table import CreateTableCommentOp
from .ops_table import CreateTableOp
from .ops_table import DropIndexOp
from .ops_table import DropTableCommentOp
from .ops_table import DropTableOp
from .ops_table import RenameTableOp

__all__ = [
    "MigrateOperation",
    "AlterTableOp",
    "OpContainer",
    "ModifyTableOps",
    "UpgradeOps",
    "DowngradeOps",
    "MigrationScript",
    "AddConstraintOp",
    "DropConstraintOp",
    "CreatePrimaryKeyOp",
    "CreateUniqueConstraintOp",
    "CreateForeignKeyOp",
    "CreateCheckConstraintOp",
    "CreateIndexOp",
    "DropIndexOp",
    "CreateTableOp",
    "DropTableOp",
    "RenameTableOp",
    "CreateTableCommentOp",
    "DropTableCommentOp",
    "AlterColumnOp",
    "AddColumnOp",
    "DropColumnOp",
    "BulkInsertOp",
    "ExecuteSQLOp",
]
