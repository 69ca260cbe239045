"""``alembic.ext.check_constraints``: CHECK constraints, fully compared.

Beyond ``alembic.ext.checkconstraint_byname``: a named CHECK whose literal
values changed is dropped and added again, and unnamed CHECKs are matched by
expression (so an unnamed CHECK the database named itself is not reported).
The CHECKs ``Boolean`` and ``Enum`` types make for themselves, and those the
database adds on its own (MariaDB's ``json_valid``), are never reported.

Turn on: ``alembic.ext.check_constraints`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the table comparison asks whether it was chosen."""
