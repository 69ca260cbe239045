"""``alembic.ext.postgresql_enums``: PostgreSQL ENUM types as schema objects.

With this plugin, autogenerate creates the named ENUM types the models use
(``op.execute`` of ``sa.Enum(...).create``-style ops), changes their values
(``ALTER TYPE ... ADD VALUE``, or rename-recreate-convert when values are
removed or reordered, converting ``ARRAY(ENUM(...))`` columns as arrays) and
drops the ones nothing uses any more; columns then
refer to the types with ``postgresql.ENUM(..., create_type=False)``.  A type
still used by a column that stays, also inside ``ARRAY(ENUM(...))``, is never
dropped, and types go through ``include_name`` / ``include_object`` with
``type_="enum"``.

Without it (Alembic's behaviour) no ENUM type op is generated: tools such as
``alembic-postgresql-enum`` do that job, and when one of them has registered
its "schema" comparator this plugin stands aside, so the two never both
generate the same type.

Turn on: ``alembic.ext.postgresql_enums`` in ``autogenerate_plugins``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["setup"]

#: modules of third-party comparators that already manage ENUM types
_OTHER_ENUM_TOOLS = ("alembic_postgresql_enum",)


def _compare_enum_types(
    autogen_context: Any, upgrade_ops: Any, schemas: Iterable[str | None]
) -> None:
    from ..autogenerate.compare import run_comparators
    from ..autogenerate.compare.schema_objects import compare_enums

    if _other_tool_registered(run_comparators(autogen_context)):
        return
    compare_enums(autogen_context, upgrade_ops, set(schemas))


def _other_tool_registered(dispatcher: Any) -> bool:
    for (target, _qual, _prio), entries in dispatcher._registry.items():
        for fn, _subgroup in entries:
            module = getattr(fn, "__module__", "") or ""
            if target == "schema" and module.startswith(_OTHER_ENUM_TOOLS):
                return True
    return False


def setup(plugin: Any) -> None:
    """Register the ENUM comparison as a "schema" comparator (subgroup "enums")."""
    plugin.add_autogenerate_comparator(_compare_enum_types, "schema", "enums")
