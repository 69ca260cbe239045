"""``alembic.ext.mysql_fk_indexes``: the index MySQL makes for a foreign key.

MySQL and MariaDB give every foreign key an index (named like the key when
no index covers its columns) and refuse to drop a key's last index.  Alembic
ignores a reflected index named like one of its columns or like a foreign
key on them, and otherwise generates no index operations for foreign keys.
With this plugin:

* a new foreign key gets an explicit ``op.create_index`` named like the key
  (unless an index or the primary key already covers its columns), so the
  downgrade drops the index after the key;
* a dropped foreign key also drops the index it used, unless the model
  declares that index or another key on the same columns stays;
* a reflected non-unique index on exactly a foreign key's columns (or named
  like the key) that the model does not declare is taken as the database's
  own, whatever its name;
* the downgrade leaves out a ``drop_index`` MySQL would refuse (the index of
  a key that stays) or that a table drop already takes along.

Turn on: ``alembic.ext.mysql_fk_indexes`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(plugin: Any) -> None:
    """Nothing to register: the index and foreign-key comparisons ask whether
    it was chosen."""
