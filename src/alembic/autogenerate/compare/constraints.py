"""Table-level comparison: indexes and unique constraints (reconciled),
foreign keys, the primary key, CHECK constraints and the table comment."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ...ddl.impl import ComparisonResult
from ...operations import ops
from ...operations.schemaobj import SchemaObjects
from ...util.sqla_compat import _get_constraint_final_name
from .columns import _compare_nullable  # noqa: F401  (Alembic's tests look here)
from .dialects import loose_sql

__all__ = [
    "compare_foreign_keys",
    "compare_indexes_and_uniques",
    "compare_primary_key",
    "compare_table_comment",
]

log = logging.getLogger(__name__)


@dataclass
class _Item:
    """An index or unique constraint reduced to what is compared."""

    kind: str  # "uq" or "ix"
    name: str | None
    sig: tuple[str, ...]
    unique: bool
    obj: Any
    opaque: bool = False  # an expression index the database cannot describe
    extra: dict[str, Any] = field(default_factory=dict)


def _parents(schema: str | None, tname: str) -> dict[str, Any]:
    return {"table_name": tname, "schema_name": schema}


def _expr_sig(ctx: Any, expr: Any, table: Any) -> str:
    from sqlalchemy import Column

    if isinstance(expr, Column):
        return expr.name
    try:
        text = str(
            expr.compile(dialect=ctx.dialect, compile_kwargs={"literal_binds": True})
        )
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        text = str(expr)
    if table is not None:
        text = text.replace(f"{table.name}.", "").replace(f'"{table.name}".', "")
    return "expr:" + (loose_sql(text) or "")


def _unsorted(expr: Any) -> Any:
    """``col DESC`` -> ``col``, for databases whose reflection omits the order."""
    from sqlalchemy.sql import operators
    from sqlalchemy.sql.elements import UnaryExpression

    orders = (
        operators.desc_op,
        operators.asc_op,
        operators.nulls_first_op,
        operators.nulls_last_op,
    )
    while isinstance(expr, UnaryExpression) and expr.modifier in orders:
        expr = expr.element
    return expr


def _index_item(ctx: Any, index: Any, unreflected: bool = False) -> _Item:
    exprs = list(index.expressions)
    if not ctx._profile.reflects_index_sorting:
        exprs = [_unsorted(e) for e in exprs]
    sig = tuple(_expr_sig(ctx, e, index.table) for e in exprs)
    # a sorted column (``col DESC``) is no expression: SQLite reflects it
    opaque = unreflected or (
        ctx._profile.expression_indexes_unreflectable
        and any(_expr_sig(ctx, _unsorted(e), None).startswith("expr:") for e in exprs)
    )
    return _Item(
        "ix", index.name, sig, bool(index.unique), index, opaque=opaque
    )


def _uq_item(uq: Any) -> _Item:
    return _Item("uq", uq.name, tuple(c.name for c in uq.columns), True, uq)


def _final_name(ctx: Any, obj: Any) -> Any:
    """The name the database will hold for a model object: a convention's
    name is truncated to the dialect's identifier length, as DDL does."""
    from sqlalchemy.exc import IdentifierError

    try:
        return _get_constraint_final_name(obj, ctx.dialect)
    except IdentifierError:  # too long and not a convention's: kept as given
        return obj.name


def _md_items(
    ctx: Any, md_table: Any, conn_table: Any, uniques_reflected: bool
) -> list[_Item]:
    from sqlalchemy import UniqueConstraint

    if md_table is None:
        return []
    items = []
    implicit = _alembic_implicit_names(ctx, conn_table)
    for ix in md_table.indexes:
        if ix.name in implicit:
            continue  # Alembic leaves out the model's index of such a name too
        item = _index_item(ctx, ix)
        if not (item.opaque and _skip_opaque_index(ctx, ix)):
            items.append(item)
    if conn_table is not None and uniques_reflected:
        # (on a new table the unique constraints are part of create_table)
        items += [
            _uq_item(uq)
            for uq in md_table.constraints
            if isinstance(uq, UniqueConstraint)
        ]
    for item in items:
        item.name = _final_name(ctx, item.obj)
    return items


def _uniques_reflected(ctx: Any, schema: str | None, conn_table: Any) -> bool:
    """False when the dialect cannot reflect unique constraints at all (its
    inspector raises NotImplementedError, so the batch has no entry for the
    table): the model's are then not compared."""
    if conn_table is None:
        return True
    info = _batch_info(ctx, schema, conn_table.name)
    if info is not None:
        return (schema, conn_table.name) in info.unique_constraints
    try:
        ctx.inspector.get_unique_constraints(conn_table.name, schema=schema)
    except NotImplementedError:
        return False
    return True


def _batch_info(ctx: Any, schema: str | None, tname: str) -> Any:
    """This run's reflection dictionaries holding the table, if any."""
    from .reflect import ReflectedTables

    tables = getattr(ctx, "_conn_tables", None)
    key = (schema, tname)
    if not isinstance(tables, ReflectedTables) or key not in tables:
        return None
    return tables.batch_of(key).info


def _skip_opaque_index(ctx: Any, index: Any) -> bool:
    """Alembic leaves out a model expression index the dialect cannot reflect
    (with its warning); ``alembic.ext.sqlite_expression_indexes`` keeps it."""
    from . import ext_enabled

    if ext_enabled(ctx, "sqlite_expression_indexes"):
        return False
    import sqlalchemy

    _warn(
        f"autogenerate skipping metadata-specified expression-based index {index.name!r}; "
        f"dialect {ctx.dialect.name!r} under SQLAlchemy {sqlalchemy.__version__} can't "
        "reflect these indexes so they can't be compared"
    )
    return True


def _conn_items(
    ctx: Any, schema: str | None, tname: str, conn_table: Any, md_table: Any
) -> list[_Item]:
    """Reflected indexes and unique constraints whose names pass
    ``include_name``: every name the inspector lists is asked about (also
    an index behind a unique constraint, and on a dropped table), as in
    Alembic."""
    from sqlalchemy import UniqueConstraint

    if conn_table is None:
        return []
    profile = ctx._profile
    uqs = [uq for uq in conn_table.constraints if isinstance(uq, UniqueConstraint)]
    allowed = _names_passing(ctx, schema, tname, conn_table, uqs)
    uq_names = {uq.name for uq in uqs}
    items = []
    if md_table is not None:
        items = [_uq_item(uq) for uq in uqs if ("uq", uq.name) in allowed]
    declared = set() if md_table is None else {ix.name for ix in md_table.indexes}
    implicit = _alembic_implicit_names(ctx, conn_table)
    for ix in conn_table.indexes:
        if ("ix", ix.name) not in allowed or ix.name in uq_names:
            continue  # filtered out, or the index behind a unique constraint
        if ix.name in implicit:
            continue  # taken for the index of a foreign key, as Alembic does
        if (
            _fk_indexes_managed(ctx)
            and ix.name not in declared
            and profile.is_implicit_index(ix, conn_table)
        ):
            continue  # made by the database for a foreign key, not by the model
        items.append(_index_item(ctx, ix))
    return items


def _fk_indexes_managed(ctx: Any) -> bool:
    """True with ``alembic.ext.mysql_fk_indexes`` on a database that makes an
    index for every foreign key (MySQL, MariaDB)."""
    from . import ext_enabled

    return ctx._profile.fk_needs_index and ext_enabled(ctx, "mysql_fk_indexes")


def _alembic_implicit_names(ctx: Any, conn_table: Any) -> set[str]:
    """Alembic's names of foreign-key indexes in ``conn_table`` (none with
    ``alembic.ext.mysql_fk_indexes``, which tells them apart by columns)."""
    if conn_table is None or _fk_indexes_managed(ctx):
        return set()
    return ctx._profile.implicit_index_names(conn_table)


def _names_passing(
    ctx: Any, schema: str | None, tname: str, conn_table: Any, uqs: list[Any]
) -> set[tuple[str, Any]]:
    """``("ix" | "uq", name)`` of the reflected objects ``include_name`` keeps."""
    listed = _listed_names(ctx, schema, tname)
    if listed is None:
        listed = ([ix.name for ix in conn_table.indexes], [uq.name for uq in uqs])
    parents = _parents(schema, tname)
    found = set()
    for kind, names in zip(("ix", "uq"), listed):
        for name in names:
            if ctx.run_name_filters(name, _FILTER_TYPES[kind], parents):
                found.add((kind, name))
    return found


def _listed_names(
    ctx: Any, schema: str | None, tname: str
) -> tuple[list[Any], list[Any]] | None:
    """Index and unique-constraint names as the inspector lists them (the
    built ``Table`` drops duplicates between the two lists), when this
    run's reflection dictionaries hold the table."""
    info = _batch_info(ctx, schema, tname)
    if info is None:
        return None
    key = (schema, tname)
    indexes = info.indexes.get(key) or []
    uniques = info.unique_constraints.get(key) or []
    return [d.get("name") for d in indexes], [d.get("name") for d in uniques]


_FILTER_TYPES = {"ix": "index", "uq": "unique_constraint"}


def _included(ctx: Any, item: _Item, reflected: bool, compare_to: Any) -> bool:
    """``include_object`` is asked about an index or unique constraint only
    when an operation on it is about to be emitted, as in Alembic."""
    return ctx.run_object_filters(
        item.obj, item.name, _FILTER_TYPES[item.kind], reflected, compare_to
    )


def _compatible(ctx: Any, md: _Item, conn: _Item) -> bool:
    if md.kind == conn.kind:
        return True
    return ctx._profile.unique_constraints_are_indexes and md.unique and conn.unique


def _match(ctx: Any, md_items: list[_Item], conn_items: list[_Item]):
    pairs, unmatched, left = [], [], list(conn_items)
    for md in [m for m in md_items if m.name] + [m for m in md_items if not m.name]:
        found = None
        for conn in left:
            if not _compatible(ctx, md, conn):
                continue
            if (md.name and conn.name == md.name) or (
                not md.name and conn.sig == md.sig
            ):
                found = conn
                break
        if found is None:
            unmatched.append(md)
        else:
            pairs.append((md, found))
            left.remove(found)
    return pairs, unmatched, left


def _swapped(unmatched: list[_Item], left: list[_Item]) -> list[tuple[_Item, _Item]]:
    """Take the names that are an index on one side and a unique constraint
    on the other out of ``unmatched`` (model) and ``left`` (database)."""
    by_name = {conn.name: conn for conn in left if conn.name}
    found = []
    for md in list(unmatched):
        conn = by_name.pop(md.name, None) if md.name else None
        if conn is not None:
            found.append((md, conn))
            unmatched.remove(md)
            left.remove(conn)
    return found


def _name_key(item: _Item) -> str:
    return str(item.name or "")


def _differs(ctx: Any, md: _Item, conn: _Item) -> ComparisonResult | None:
    """The impl hook's ``different`` answer for a matched pair, else None.

    As in Alembic, the migration context's impl decides (``compare_indexes``
    for a model index, ``compare_unique_constraint`` for a model unique
    constraint), so a dialect or plugin overriding the hook changes what is
    reported; a ``skip`` answer is logged and counts as equal.
    """
    if md.opaque or conn.opaque:
        return None  # an expression index the database cannot describe
    impl = ctx.migration_context.impl
    if md.kind == "ix":
        result = impl.compare_indexes(md.obj, _reflected_index(conn))
    else:
        result = impl.compare_unique_constraint(md.obj, conn.obj)
    if result.is_skip:
        log.info(
            "Cannot compare %s %r, assuming equal and skipping. %s",
            _KIND_WORDS[md.kind],
            md.name,
            result.message,
        )
    return result if result.is_different else None


def _reflected_index(conn: _Item) -> Any:
    """The reflected ``Index`` of a pair; for a unique constraint the
    database also lists as an index (MySQL), the index of that name."""
    if conn.kind == "ix":
        return conn.obj
    table = conn.obj.table
    for index in table.indexes if table is not None else ():
        if index.name == conn.name:
            return index
    return conn.obj


def compare_indexes_and_uniques(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """Reconcile indexes and unique constraints of one table."""
    uniques_reflected = _uniques_reflected(ctx, schema, conn_table)
    md_items = _md_items(ctx, md_table, conn_table, uniques_reflected)
    conn_items = _conn_items(ctx, schema, tname, conn_table, md_table)
    hidden = _unreflected_names(ctx, schema, tname, conn_table)
    pairs, unmatched, left = _match(ctx, md_items, conn_items)
    swapped = _swapped(unmatched, left)
    # Alembic emits removals, then the names both sides have (changed, or an
    # index on one side and a unique constraint on the other), then additions,
    # each in name order.
    for conn in sorted(left, key=_name_key):
        if (conn.kind == "ix" or conn.name) and _included(ctx, conn, True, None):
            _drop(ctx, modify_ops, conn, tname)
    both = [(md, conn, False) for md, conn in pairs] + [(*p, True) for p in swapped]
    for md, conn, kind_swapped in sorted(both, key=lambda p: str(p[0].name)):
        if kind_swapped:
            if _included(ctx, conn, True, None):
                _drop(ctx, modify_ops, conn, tname)
            if _included(ctx, md, False, None):
                _add(ctx, modify_ops, md)
            continue
        result = _differs(ctx, md, conn)
        if result is not None and _included(ctx, md, False, conn.obj):
            _log_changed(md, result, tname)
            _drop(ctx, modify_ops, _as_kind(conn, md.kind, schema, tname), None)
            _add(ctx, modify_ops, md, log_it=False)
    for md in sorted(unmatched, key=_name_key):
        if md.opaque and md.name in hidden:
            continue  # present in the database; its expression cannot be read back
        if _included(ctx, md, False, None):
            _add(ctx, modify_ops, md)


def _unreflected_names(
    ctx: Any, schema: str | None, tname: str, conn_table: Any
) -> set:
    if conn_table is None or not ctx._profile.expression_indexes_unreflectable:
        return set()
    cache = getattr(ctx, "_unreflected_index_cache", None)
    if cache is None:
        cache = ctx._unreflected_index_cache = {}
    if schema not in cache:
        cache[schema] = ctx._profile.unreflected_index_names(ctx.connection, schema)
    return set(cache[schema].get(tname, ()))


_KIND_WORDS = {"ix": "index", "uq": "unique constraint"}


def _item_columns(item: _Item) -> tuple[str, ...]:
    obj = item.obj
    exprs = obj.expressions if item.kind == "ix" else list(obj.columns)
    from sqlalchemy.sql.expression import ColumnClause

    return tuple(e.name if isinstance(e, ColumnClause) else str(e) for e in exprs)


def _log_changed(md: _Item, result: ComparisonResult, tname: str) -> None:
    log.info(
        "Detected changed %s %r on %r: %s",
        _KIND_WORDS[md.kind],
        md.name,
        tname,
        result.message,
    )


def _as_kind(conn: _Item, kind: str, schema: str | None, tname: str) -> _Item:
    """``conn`` to drop in place of a changed model item of ``kind``: where
    the database lists a unique constraint as a unique index (MySQL), a
    changed model unique constraint drops it as a constraint, as Alembic does."""
    if kind != "uq" or conn.kind != "ix" or not conn.unique or conn.name is None:
        return conn
    names = [c.name for c in conn.obj.columns]
    constraint = SchemaObjects().unique_constraint(conn.name, tname, names, schema)
    return _Item("uq", conn.name, conn.sig, True, constraint)


def _drop(ctx: Any, modify_ops: Any, item: _Item, tname: str | None) -> None:
    """Drop ``item``; logged (on table ``tname``) unless ``tname`` is None."""
    if item.kind == "ix":
        modify_ops.ops.append(ops.DropIndexOp.from_index(item.obj))
    elif item.name is not None:
        modify_ops.ops.append(ops.DropConstraintOp.from_constraint(item.obj))
    else:
        return
    if tname is not None:
        log.info(
            "Detected removed %s %r on %r", _KIND_WORDS[item.kind], item.name, tname
        )


def _add(ctx: Any, modify_ops: Any, item: _Item, log_it: bool = True) -> None:
    if log_it and log.isEnabledFor(logging.INFO):
        log.info(
            "Detected added %s %r on '%s'",
            _KIND_WORDS[item.kind],
            item.name,
            _item_columns(item),
        )
    if item.kind == "ix":
        modify_ops.ops.append(ops.CreateIndexOp.from_index(item.obj))
    else:
        modify_ops.ops.append(ops.AddConstraintOp.from_constraint(item.obj))


# -- foreign keys ------------------------------------------------------------


def _fk_sig(ctx: Any, fk: Any) -> tuple[Any, ...]:
    profile = ctx._profile
    default_schema = ctx.dialect.default_schema_name
    local = tuple(e.parent.name for e in fk.elements)
    targets = [e.target_fullname.split(".") for e in fk.elements]
    remote_cols = tuple(t[-1] for t in targets)
    table = targets[0][-2]
    schema = ".".join(targets[0][:-2]) or None
    if schema == default_schema:
        schema = None
    sig: tuple[Any, ...] = (
        local,
        schema,
        table,
        remote_cols,
        profile.normalize_fk_action(fk.ondelete),
        profile.normalize_fk_action(fk.onupdate),
    )
    if profile.reflects_fk_deferrable:
        sig += (bool(fk.deferrable), (fk.initially or "").upper() or None)
    return sig


def compare_foreign_keys(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """Foreign keys are matched by what they do, not by name."""
    if conn_table is None or md_table is None:
        return
    parents = _parents(schema, tname)
    md_fks = {}
    for fk in md_table.foreign_key_constraints:
        md_fks.setdefault(_fk_sig(ctx, fk), fk)
    conn_fks = {}
    for fk in conn_table.foreign_key_constraints:
        if ctx.run_name_filters(fk.name, "foreign_key_constraint", parents):
            conn_fks.setdefault(_fk_sig(ctx, fk), fk)
    md_named = {fk.name: fk for fk in md_fks.values() if fk.name}
    conn_named = {fk.name: fk for fk in conn_fks.values() if fk.name}
    # include_object is asked only about the keys to drop or add (with the
    # same-named key of the other side, if any), as Alembic asks
    for sig in sorted(set(conn_fks) - set(md_fks), key=repr):
        fk = conn_fks[sig]
        if not _fk_included(ctx, fk, True, md_named):
            continue
        _log_fk("removed", fk, schema, tname)
        modify_ops.ops.append(ops.DropConstraintOp.from_constraint(fk))
        _drop_fk_index(ctx, modify_ops, fk, conn_table, md_table)
    for sig in sorted(set(md_fks) - set(conn_fks), key=repr):
        fk = md_fks[sig]
        if not _fk_included(ctx, fk, False, conn_named):
            continue
        _log_fk("added", fk, schema, tname)
        _add_fk_index(ctx, modify_ops, fk, conn_table, md_table)
        modify_ops.ops.append(ops.AddConstraintOp.from_constraint(fk))


def _fk_included(ctx: Any, fk: Any, reflected: bool, others: dict) -> bool:
    compare_to = others.get(fk.name) if fk.name else None
    return ctx.run_object_filters(
        fk, fk.name, "foreign_key_constraint", reflected, compare_to
    )


def _log_fk(action: str, fk: Any, schema: str | None, tname: str) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    local = ", ".join(e.parent.name for e in fk.elements)
    remote = ", ".join(e.target_fullname.split(".")[-1] for e in fk.elements)
    table = f"{schema}.{tname}" if schema else tname
    log.info(
        "Detected %s foreign key (%s)(%s) on table %s", action, local, remote, table
    )


def _fk_cols(fk: Any) -> list[str]:
    return [e.parent.name for e in fk.elements]


def _covered(index_cols: list[list[str]], cols: list[str]) -> bool:
    return any(ic[: len(cols)] == cols for ic in index_cols)


def _drop_fk_index(
    ctx: Any, modify_ops: Any, fk: Any, conn_table: Any, md_table: Any
) -> None:
    """MySQL keeps the index a dropped foreign key made; drop it too, unless
    the model declares it (``alembic.ext.mysql_fk_indexes``)."""
    if not _fk_indexes_managed(ctx):
        return
    md_names = {ix.name for ix in md_table.indexes}
    if any(
        _fk_cols(other) == _fk_cols(fk) for other in md_table.foreign_key_constraints
    ):
        return  # the key is re-created on the same columns and keeps using the index
    for ix in conn_table.indexes:
        if ix.unique or ix.name in md_names:
            continue
        if ix.name == fk.name or [c.name for c in ix.columns] == _fk_cols(fk):
            modify_ops.ops.append(ops.DropIndexOp.from_index(ix))
            return


def _add_fk_index(
    ctx: Any, modify_ops: Any, fk: Any, conn_table: Any, md_table: Any
) -> None:
    """MySQL makes an index for a new foreign key; create it explicitly (named
    like the key) so that the downgrade removes it again
    (``alembic.ext.mysql_fk_indexes``)."""
    if not fk.name or not _fk_indexes_managed(ctx):
        return
    cols = _fk_cols(fk)
    existing = [
        [c.name for c in ix.columns]
        for ix in list(conn_table.indexes) + list(md_table.indexes)
    ]
    existing += [[c.name for c in conn_table.primary_key.columns]]
    if _covered(existing, cols):
        return
    modify_ops.ops.append(
        ops.CreateIndexOp(str(fk.name), md_table.name, cols, schema=md_table.schema)
    )


# -- primary key -------------------------------------------------------------

def compare_primary_key(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """A changed set of primary-key columns becomes drop + create; only
    with the opt-in ``alembic.ext.primary_keys`` plugin (Alembic 1.20.1 never
    compares primary keys)."""
    if conn_table is None or md_table is None:
        return
    from . import ext_enabled

    if not ext_enabled(ctx, "primary_keys"):
        return
    md_cols = [c.name for c in md_table.primary_key.columns]
    conn_cols = [c.name for c in conn_table.primary_key.columns]
    if md_cols == conn_cols or not md_cols and not conn_cols:
        return
    if conn_cols:
        pk = conn_table.primary_key
        drop_name = pk.name or ctx._profile.unnamed_pk_drop_name
        if drop_name is None:
            _warn(
                f"The primary key of {tname} changed from {conn_cols} to {md_cols}, but the "
                "database's primary key has no name and cannot be dropped; write this change "
                "by hand (with batch mode on SQLite: recreate='always')"
            )
            return
        drop = ops.DropConstraintOp.from_constraint(pk)
        if pk.name is None or pk.name == ctx._profile.unnamed_pk_drop_name:
            drop = _DropUnnamedPrimaryKeyOp(drop_name, tname, conn_cols, schema)
        modify_ops.ops.append(drop)
    if md_cols:
        modify_ops.ops.append(ops.AddConstraintOp.from_constraint(md_table.primary_key))


class _DropUnnamedPrimaryKeyOp(ops.DropConstraintOp):
    """Drops a primary key the database did not name (MySQL's ``PRIMARY``);
    its reverse re-creates the key without a name."""

    def __init__(
        self, name: str, table_name: str, columns: list[str], schema: str | None
    ) -> None:
        super().__init__(name, table_name, type_="primary", schema=schema)
        self.pk_columns = list(columns)

    def reverse(self) -> Any:
        return ops.CreatePrimaryKeyOp(
            None, self.table_name, self.pk_columns, schema=self.schema
        )

    def to_diff_tuple(self) -> tuple[Any, ...]:
        from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, Table

        table = Table(
            self.table_name,
            MetaData(),
            *[Column(c) for c in self.pk_columns],
            schema=self.schema,
        )
        pk = PrimaryKeyConstraint(*self.pk_columns, name=self.constraint_name)
        table.append_constraint(pk)
        return ("remove_constraint", pk)


def _warn(message: str) -> None:
    from .columns import _warn as warn

    warn(message)


# -- table comment -----------------------------------------------------------


def compare_table_comment(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """Table comments; an empty comment counts as no comment."""
    if conn_table is None or md_table is None:
        return
    if not getattr(ctx.dialect, "supports_comments", False):
        return
    md_comment = md_table.comment or None
    conn_comment = conn_table.comment or None
    if md_comment == conn_comment:
        return
    if md_comment is None:
        modify_ops.ops.append(
            ops.DropTableCommentOp(tname, existing_comment=conn_comment, schema=schema)
        )
    else:
        modify_ops.ops.append(
            ops.CreateTableCommentOp(
                tname, md_comment, existing_comment=conn_comment, schema=schema
            )
        )
