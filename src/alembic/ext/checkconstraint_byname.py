"""``alembic.ext.checkconstraint_byname``: Alembic's opt-in CHECK plugin.

As in Alembic 1.19.2+, CHECK constraints are compared only when a project
names this plugin (or its older name
``"alembic.autogenerate.checkconstraint_byname"``) in
``autogenerate_plugins``: named CHECK constraints of the models (table- and
column-level) that the database lacks are added, named ones the database has
and the models do not are dropped.  Expressions are not compared and unnamed
constraints are left alone, as in Alembic; the fuller comparison is
``alembic.ext.check_constraints``.  The CHECKs ``Boolean`` and ``Enum`` types
make for themselves are never reported.

Turn on: ``alembic.ext.checkconstraint_byname`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the table comparison asks whether it was chosen."""
