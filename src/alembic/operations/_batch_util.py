"""Helpers of batch mode's table rebuild: column keys after renames,
column ordering, identifiers inside CHECK text, constraint names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
)
from sqlalchemy import schema as sql_schema
from sqlalchemy.sql import elements as sql_elements

from ..util.exc import CommandError
from ..util.sqla_compat import _columns_for_constraint

if TYPE_CHECKING:
    from ._batch_apply import ApplyBatchImpl

__all__: list[str] = []


def _convention_name(const: Any) -> Any:
    """The name a naming convention gives ``const`` on its own table, if any."""
    from sqlalchemy.sql.naming import _constraint_name_for_table

    try:
        return _constraint_name_for_table(const, const.table)
    except Exception:  # the convention needs something this constraint lacks
        return None


def _key_for(batch: ApplyBatchImpl, name: str) -> str:
    """The key of a column given by its current (maybe new) name."""
    for key, col in batch.columns.items():
        if col.name == name:
            return key
    return name


_REKEYABLE = (sql_schema.UniqueConstraint, PrimaryKeyConstraint, ForeignKeyConstraint)


def _rekeyed(batch: ApplyBatchImpl, const: Any) -> Any:
    """``const`` again, its columns given by the keys the rebuilt table uses.

    A constraint added in the same batch as a rename names the column by its
    new name, while the rebuilt table still keys it by the old one; without
    this the constraint would not match any column and be lost.
    """
    if not isinstance(const, _REKEYABLE):
        return const
    columns = list(_columns_for_constraint(const))
    keys = [_key_for(batch, c.name) for c in columns]
    if keys == [c.key for c in columns] or not set(keys).issubset(batch.columns):
        return const
    return _constraint_over(batch, const, keys)


def _constraint_over(batch: ApplyBatchImpl, const: Any, keys: list[str]) -> Any:
    """A copy of ``const`` (unique, primary or foreign key) over the batch
    columns ``keys``, on a stand-in table keyed as the rebuilt table is."""
    holder = Table(
        batch.table.name,
        MetaData(),
        *[Column(batch.columns[k].name, batch.columns[k].type, key=k) for k in keys],
        schema=batch.table.schema,
    )
    copied = _same_constraint_on(const, keys)
    holder.append_constraint(copied)
    return copied


def _same_constraint_on(const: Any, keys: list[str]) -> Any:
    """A copy of ``const`` (unique, primary or foreign key) over ``keys``."""
    common = {
        "name": const.name,
        "deferrable": const.deferrable,
        "initially": const.initially,
        **const.dialect_kwargs,
    }
    if not isinstance(const, ForeignKeyConstraint):
        return type(const)(*keys, **common)
    return ForeignKeyConstraint(
        keys,
        [elem._get_colspec() for elem in const.elements],
        onupdate=const.onupdate,
        ondelete=const.ondelete,
        use_alter=const.use_alter,
        match=const.match,
        **common,
    )


def _index_column_names(index: Index) -> list[str]:
    """Names of the plain columns in an index."""
    return [col.name for col in index.columns]


def _neighbour(
    order: list[str], anchor: str, step: int, new_pairs: dict[str, str]
) -> str | None:
    """The column next to ``anchor`` (after it for +1, before for -1)."""
    if anchor in order:
        idx = order.index(anchor) + step
        return order[idx] if 0 <= idx < len(order) else None
    return new_pairs.get(anchor)


def _stable_topological_sort(
    pairs: list[tuple[str, str]], order: list[str]
) -> list[str]:
    """Sort ``order`` so every (a, b) pair has a before b, in layers.

    Each pass takes, in the given order, every name whose predecessors all
    came out in earlier passes (Alembic's batch ordering, confirmed against
    1.20.1): a new column anchored after a dropped column therefore lands in
    the first layer, right after the leading unconstrained columns.
    """
    preds: dict[str, set] = {name: set() for name in order}
    for a, b in pairs:
        if a in preds and b in preds:
            preds[b].add(a)
    result: list[str] = []
    remaining = list(order)
    while remaining:
        done = set(result)
        layer = [name for name in remaining if preds[name] <= done]
        if not layer:
            raise CommandError(
                "batch column ordering has a cycle among columns %s; check "
                "partial_reordering and insert_before/insert_after"
                % ", ".join(remaining)
            )
        result.extend(layer)
        remaining = [name for name in remaining if name not in layer]
    return result


_IDENT = re.compile(r'"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*)')


def _identifiers(sqltext: str) -> set:
    """The identifiers (quoted or bare) in an SQL expression's text,
    ignoring string literals."""
    without_strings = re.sub(r"'(?:[^']|'')*'", "''", sqltext)
    names = set()
    for match in _IDENT.finditer(without_strings):
        names.add(next(g for g in match.groups() if g is not None).replace('""', '"'))
    return names


def _rename_identifier(sqltext: str, old: str, new: str) -> str:
    """``sqltext`` with identifier ``old`` replaced by ``new`` (outside string literals)."""
    parts = re.split(r"('(?:[^']|'')*')", sqltext)
    pattern = re.compile(
        r'(?<![\w$"`\[])(?:"%s"|`%s`|\[%s\]|%s)(?![\w$"`\]])' % ((re.escape(old),) * 4)
    )
    quoted = '"%s"' % new.replace('"', '""')
    return "".join(p if p.startswith("'") else pattern.sub(quoted, p) for p in parts)


def _check_text_key(sqltext: Any, dialect: Any) -> str:
    """A CHECK expression's SQL without quotes or spaces, for telling
    whether a reflected CHECK is the one a column type makes."""
    if isinstance(sqltext, sql_elements.TextClause):
        text = sqltext.text
    else:
        compiler = dialect.statement_compiler(dialect, None)
        text = compiler.process(sqltext, include_table=False, literal_binds=True)
    return re.sub(r'[\s"`\[\]]', "", text)
