"""``alembic.ext.sequences``: free-standing sequences.

With this plugin, autogenerate creates the ``Sequence`` objects of the
models that the database lacks and drops the database's free-standing
sequences no model names (sequences owned by a column, such as those behind
``SERIAL``, are left alone); they pass through ``include_object`` with
``type_="sequence"``.  Alembic does not compare sequences.

Turn on: ``alembic.ext.sequences`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["setup"]


def _compare_sequences(
    autogen_context: Any, upgrade_ops: Any, schemas: Iterable[str | None]
) -> None:
    from ..autogenerate.compare.schema_objects import compare_sequences

    compare_sequences(autogen_context, upgrade_ops, set(schemas))


def setup(plugin: Any) -> None:
    """Register the sequence comparison as a "schema" comparator."""
    plugin.add_autogenerate_comparator(_compare_sequences, "schema", "sequences")
