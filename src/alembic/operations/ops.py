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

from .ops_base import (
    AlterTableOp,
    DowngradeOps,
    MigrateOperation,
    MigrationScript,
    ModifyTableOps,
    OpContainer,
    UpgradeOps,
)
from .ops_column import AddColumnOp, AlterColumnOp, DropColumnOp
from .ops_constraint import (
    AddConstraintOp,
    CreateCheckConstraintOp,
    CreateForeignKeyOp,
    CreatePrimaryKeyOp,
    CreateUniqueConstraintOp,
    DropConstraintOp,
)
from .ops_data import BulkInsertOp, ExecuteSQLOp
from .ops_table import (
    CreateIndexOp,
    CreateTableCommentOp,
    CreateTableOp,
    DropIndexOp,
    DropTableCommentOp,
    DropTableOp,
    RenameTableOp,
)

__all__ = [
    "AddColumnOp",
    "AddConstraintOp",
    "AlterColumnOp",
    "AlterTableOp",
    "BulkInsertOp",
    "CreateCheckConstraintOp",
    "CreateForeignKeyOp",
    "CreateIndexOp",
    "CreatePrimaryKeyOp",
    "CreateTableCommentOp",
    "CreateTableOp",
    "CreateUniqueConstraintOp",
    "DowngradeOps",
    "DropColumnOp",
    "DropConstraintOp",
    "DropIndexOp",
    "DropTableCommentOp",
    "DropTableOp",
    "ExecuteSQLOp",
    "MigrateOperation",
    "MigrationScript",
    "ModifyTableOps",
    "OpContainer",
    "RenameTableOp",
    "UpgradeOps",
]

# The classes report this public module as their home, as Alembic's do
# (plugins and tools compare ``__module__``; pickles name this path).
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
