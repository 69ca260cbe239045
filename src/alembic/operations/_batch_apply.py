"""The "move and copy" rebuild of one table: :class:`ApplyBatchImpl`
(public through :mod:`alembic.operations.batch`).  Create a new table with
the queued changes, copy the rows, drop the old table, rename the new one,
create the indexes again."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
)
from sqlalchemy import schema as sql_schema
from sqlalchemy import types as sqltypes
from sqlalchemy.sql.elements import TextClause, conv
from sqlalchemy.sql.schema import SchemaEventTarget

from ..util.exc import CommandError
from ..util.messaging import warn
from ..util.sqla_compat import (
    _columns_for_constraint,
    _copy,
    _copy_expression,
    _disable_type_events,
    _find_columns,
    _fk_is_self_referential,
    _insert_inline,
    _is_type_bound,
    _resolve_for_variant,
    _select,
    _set_column_type,
    constraint_name_defined,
    constraint_name_string,
)
from ._batch_util import (
    _check_text_key,
    _constraint_over,
    _convention_name,
    _identifiers,
    _index_column_names,
    _key_for,
    _neighbour,
    _rekeyed,
    _rename_identifier,
    _stable_topological_sort,
)

__all__ = ["ApplyBatchImpl"]


class ApplyBatchImpl:
    """Rebuilds one table with the queued changes ("move and copy")."""

    def __init__(
        self,
        impl: Any,
        table: Table,
        table_args: Sequence[Any],
        table_kwargs: dict[str, Any],
        reflected: bool,
        partial_reordering: Sequence[tuple[str, ...]] = (),
    ) -> None:
        self.impl = impl
        self.table = table
        self.table_args = tuple(table_args)
        self.table_kwargs = dict(table_kwargs)
        self.temp_table_name = self._calc_temp_table(table.name)
        self.new_table: Table | None = None
        self.partial_reordering = tuple(partial_reordering)
        self.add_col_ordering: tuple[tuple[str, str], ...] = ()
        self.column_transfers: dict[str, dict[str, Any]] = {
            c.name: {"expr": c} for c in table.c
        }
        self.existing_ordering = list(self.column_transfers)
        self.reflected = reflected
        self._grab_table_elements()

    @classmethod
    def _calc_temp_table(cls, tablename: str) -> str:
        """Name of the table the rows are copied into."""
        return ("_alembic_tmp_%s" % tablename)[0:50]

    def _grab_table_elements(self) -> None:
        """Copy the columns and sort the table's constraints and indexes."""
        schema = self.table.schema
        self.columns: dict[str, Column] = {}
        for c in self.table.c:
            c_copy = _copy(c, schema=schema)
            c_copy.unique = c_copy.index = False
            self.columns[c.name] = c_copy
        self.named_constraints: dict[str, Any] = {}
        self.unnamed_constraints: list[Any] = []
        self.reflected_checks: list[CheckConstraint] = []
        self.col_named_constraints: dict[str, tuple[Column, Any]] = {}
        self.indexes: dict[str, Index] = {}
        self.new_indexes: dict[str, Index] = {}
        for const in _in_creation_order(self.table.constraints):
            if _is_type_bound(const):
                continue
            if (
                self.reflected
                and isinstance(const, CheckConstraint)
                and isinstance(const.sqltext, TextClause)
            ):
                self.reflected_checks.append(const)
            elif constraint_name_string(const.name):
                self.named_constraints[const.name] = const
            else:
                self.unnamed_constraints.append(const)
        if not self.reflected:
            for col in self.table.c:
                for const in col.constraints:
                    if const.name:
                        self.col_named_constraints[const.name] = (col, const)
        for idx in _in_creation_order(self.table.indexes):
            self.indexes[idx.name] = idx
        for key, value in self.table.kwargs.items():
            self.table_kwargs.setdefault(key, value)
        if self.table.comment is not None:
            self.table_kwargs.setdefault("comment", self.table.comment)

    # -- building the new table ------------------------------------------------

    def _transfer_elements_to_new_table(self) -> None:
        assert self.new_table is None, "Can only create new table once"
        # no naming convention here: it would name things after the
        # temporary table; names are carried over from the original instead
        metadata = MetaData()
        schema = self.table.schema
        if self.partial_reordering or self.add_col_ordering:
            self._adjust_self_columns_for_partial_reordering()
        self.new_table = new_table = Table(
            self.temp_table_name,
            metadata,
            *(list(self.columns.values()) + list(self.table_args)),
            schema=schema,
            **self.table_kwargs,
        )
        # only the CHECKs the columns' unchanged types brought exist yet
        self._restore_type_bound_names(new_table)
        checks = self._reflected_checks_to_keep()
        # Alembic's order: the table's named CHECKs, the other named
        # constraints (new ones last), then unnamed ones (CREATE TABLE lists
        # them in the order they are made here)
        for name, sqltext in checks:
            if name:
                new_table.append_constraint(CheckConstraint(sqltext, name=conv(name)))
        for const in self.named_constraints.values():
            self._transfer_constraint(metadata, const)
        for const in self.unnamed_constraints:
            self._transfer_constraint(metadata, const)
        for name, sqltext in checks:
            if not name:
                new_table.append_constraint(CheckConstraint(sqltext))

    def _transfer_constraint(self, metadata: MetaData, const: Any) -> None:
        """Put a copy of ``const`` on the new table, unless it names a
        column that is gone."""
        assert self.new_table is not None
        new_table, schema = self.new_table, self.table.schema
        const_columns = {c.key for c in _columns_for_constraint(const)}
        if not const_columns.issubset(self.column_transfers):
            return
        if isinstance(const, ForeignKeyConstraint):
            if _fk_is_self_referential(const):
                # keep pointing at the original name: it is the name
                # the new table takes after the rename
                const_copy = _copy(const, schema=schema, target_table=self.table)
            else:
                const_copy = _copy(const, schema=schema)
            self._setup_referent(metadata, const)
        else:
            const_copy = _copy(const, schema=schema, target_table=new_table)
        new_table.append_constraint(const_copy)

    def _restore_type_bound_names(self, new_table: Table) -> None:
        """A Boolean/Enum column's own CHECK takes its name from the naming
        convention, which would now use the temporary table's name; give it
        back the name it had on the original table."""
        original = {}
        for const in self.table.constraints:
            if not _is_type_bound(const):
                continue
            name = (
                const.name
                if constraint_name_defined(const.name)
                else _convention_name(const)
            )
            cols = _find_columns(const.sqltext)
            if cols and name:
                original[cols[0].name] = name
        for const in new_table.constraints:
            if not _is_type_bound(const):
                continue
            cols = _find_columns(const.sqltext)
            if cols and cols[0].key in original:
                const.name = conv(original[cols[0].key])

    def _reflected_checks_to_keep(self) -> list[tuple[str | None, str]]:
        """(name, SQL text) of the reflected CHECK constraints that still
        make sense: those naming a dropped column are left out with a
        warning, renamed columns are renamed in the text."""
        if any(isinstance(arg, CheckConstraint) for arg in self.table_args):
            # the caller restates the CHECK constraints in table_args
            return []
        kept = []
        for const in self.reflected_checks:
            sqltext = const.sqltext.text
            names = _identifiers(sqltext)
            dropped = [
                n
                for n in self.existing_ordering_all
                if n in names and n not in self.column_transfers
            ]
            if dropped:
                warn(
                    f"batch rebuild of table '{self.table.name}' leaves out the CHECK "
                    f"constraint {const.name or ''} ({sqltext}) because it names dropped "
                    f"column(s) {', '.join(dropped)}"
                )
                continue
            for old, transfer in self.column_transfers.items():
                new = transfer.get("name")
                if new and old in names:
                    sqltext = _rename_identifier(sqltext, old, new)
            kept.append((const.name or None, sqltext))
        return kept

    @property
    def existing_ordering_all(self) -> list[str]:
        return [c.name for c in self.table.c]

    def _gather_indexes_from_both_tables(self) -> list[Index]:
        """The indexes to create on the rebuilt table: the old ones (unless
        dropped, or over a dropped column) and the new ones."""
        assert self.new_table is not None
        indexes: list[Index] = []
        for existing in self.indexes.values():
            exprs = list(existing.expressions)
            if any(
                name not in self.column_transfers
                for name in _index_column_names(existing)
            ):
                continue
            copied = [
                (
                    _copy_expression(expr, self.new_table)
                    if not isinstance(expr, str)
                    else self.new_table.c[expr]
                )
                for expr in exprs
            ]
            indexes.append(
                Index(
                    existing.name,
                    *copied,
                    unique=existing.unique,
                    _table=self.new_table,
                    **existing.kwargs,
                )
            )
        for index in self.new_indexes.values():
            columns = [
                self.new_table.c[_key_for(self, col)] for col in index.columns.keys()
            ]
            indexes.append(
                Index(index.name, *columns, unique=index.unique, **index.kwargs)
            )
        return indexes

    def _setup_referent(
        self, metadata: MetaData, constraint: ForeignKeyConstraint
    ) -> None:
        """Put a stub of the referenced table in ``metadata`` so the copied
        foreign key can be compiled."""
        spec = constraint.elements[0]._get_colspec()
        parts = spec.split(".")
        tname = parts[-2]
        referent_schema = ".".join(parts[:-2]) if len(parts) > 2 else None
        if tname == self.temp_table_name:
            return
        colnames = [elem._get_colspec().split(".")[-1] for elem in constraint.elements]
        key = sql_schema._get_table_key(tname, referent_schema)
        if key in metadata.tables:
            table = metadata.tables[key]
            for colname in colnames:
                if colname not in table.c:
                    table.append_column(Column(colname, sqltypes.NULLTYPE))
        else:
            Table(
                tname,
                metadata,
                *[Column(n, sqltypes.NULLTYPE) for n in colnames],
                schema=referent_schema,
            )

    def _create(self, op_impl: Any) -> None:
        """Run the rebuild: create, copy, drop, rename, create indexes."""
        self._transfer_elements_to_new_table()
        op_impl.prep_table_for_batch(self, self.table)
        assert self.new_table is not None
        with op_impl.batch_recreate_scope(self):
            op_impl.create_table(self.new_table)
            try:
                op_impl._exec(self._copy_statement())
                op_impl.drop_table(self.table)
            except BaseException:
                op_impl.drop_table(self.new_table)
                raise
            op_impl.rename_table(
                self.temp_table_name, self.table.name, schema=self.table.schema
            )
            self.new_table.name = self.table.name
            try:
                for idx in self._gather_indexes_from_both_tables():
                    op_impl.create_index(idx)
            finally:
                self.new_table.name = self.temp_table_name

    def _copy_statement(self) -> Any:
        """``INSERT INTO new (...) SELECT ... FROM old``."""
        assert self.new_table is not None
        keys = [
            key for key, transfer in self.column_transfers.items() if "expr" in transfer
        ]
        exprs = [
            transfer["expr"]
            for transfer in self.column_transfers.values()
            if "expr" in transfer
        ]
        return _insert_inline(self.new_table).from_select(keys, _select(*exprs))

    # -- column ordering --------------------------------------------------------

    def _setup_dependencies_for_add_column(
        self, colname: str, insert_before: str | None, insert_after: str | None
    ) -> None:
        """Record where a new column goes, as (before, after) pairs."""
        order = self.existing_ordering
        if not self.partial_reordering:
            if insert_after and not insert_before:
                insert_before = _neighbour(
                    order, insert_after, +1, dict(self.add_col_ordering)
                )
            elif insert_before and not insert_after:
                insert_after = _neighbour(
                    order, insert_before, -1, {b: a for a, b in self.add_col_ordering}
                )
        if insert_before:
            self.add_col_ordering += ((colname, insert_before),)
        if insert_after:
            self.add_col_ordering += ((insert_after, colname),)
        if (
            not self.partial_reordering
            and not insert_before
            and not insert_after
            and order
        ):
            self.add_col_ordering += ((order[-1], colname),)

    def _adjust_self_columns_for_partial_reordering(self) -> None:
        """Order the columns to satisfy the (before, after) pairs, keeping
        the current order wherever the pairs allow."""
        pairs = set()
        current = list(self.columns)
        if self.partial_reordering:
            for group in self.partial_reordering:
                pairs.update(itertools.pairwise(group))
        else:
            pairs.update(itertools.pairwise(self.existing_ordering))
        pairs.update(self.add_col_ordering)
        ordered = _stable_topological_sort([p for p in pairs if p[0] != p[1]], current)
        self.columns = {k: self.columns[k] for k in ordered}
        self.column_transfers = {k: self.column_transfers[k] for k in ordered}

    # -- the queued operations -------------------------------------------------

    def _column(self, table_name: str, column_name: str) -> Column:
        try:
            return self.columns[column_name]
        except KeyError:
            raise CommandError(
                f"batch_alter_table({self.table.name!r}): no column {column_name!r} in "
                f"table {self.table.name!r} (columns: {', '.join(self.columns)})"
            ) from None

    def alter_column(
        self,
        table_name: str,
        column_name: str,
        nullable: bool | None = None,
        server_default: Any = False,
        name: str | None = None,
        type_: Any = None,
        autoincrement: bool | None = None,
        comment: Any = False,
        **kw: Any,
    ) -> None:
        column_name = _key_for(self, column_name)  # it may have been renamed already
        existing = self._column(table_name, column_name)
        existing_transfer = self.column_transfers[column_name]
        if name is not None and name != existing.name:
            # the key stays the old name: _create() keeps using it
            existing.name = name
            existing_transfer["name"] = name
            self._forget_type_constraint(kw.get("existing_type"))
        if type_ is not None:
            type_ = sqltypes.to_instance(type_)
            self.impl.cast_for_batch_migrate(existing, existing_transfer, type_)
            # the old type's own CHECK goes away with it, the new one's comes
            _set_column_type(existing, type_)
        if nullable is not None:
            existing.nullable = nullable
        if server_default is not False:
            if server_default is None:
                existing.server_default = None
            else:
                sql_schema.DefaultClause(server_default)._set_parent(existing)  # type: ignore[attr-defined]
        if autoincrement is not None:
            existing.autoincrement = bool(autoincrement)
        if comment is not False:
            existing.comment = comment
        if kw.get("insert_before") or kw.get("insert_after"):
            self._setup_dependencies_for_add_column(
                column_name, kw.get("insert_before"), kw.get("insert_after")
            )

    def _forget_type_constraint(self, existing_type: Any) -> None:
        """Drop the named CHECK a Boolean/Enum column type brought along."""
        if existing_type is None:
            return
        resolved = _resolve_for_variant(existing_type, self.impl.dialect)
        if isinstance(resolved, SchemaEventTarget) and getattr(resolved, "name", None):
            self.named_constraints.pop(resolved.name, None)

    def add_column(
        self,
        table_name: str,
        column: Column,
        insert_before: str | None = None,
        insert_after: str | None = None,
        **kw: Any,
    ) -> None:
        self._setup_dependencies_for_add_column(
            column.name, insert_before, insert_after
        )
        # the column may already belong to a throwaway Table
        copied = _copy(column, schema=self.table.schema)
        # its type's CHECK arrives as a constraint of its own (add_constraint)
        _disable_type_events(copied.type)
        self.columns[column.name] = copied
        self.column_transfers[column.name] = {}

    def drop_column(self, table_name: str, column: Column, **kw: Any) -> None:
        key = _key_for(self, column.name)
        self._column(table_name, key)
        if key in self.table.primary_key.columns:
            self._drop_from_primary_key(key)
        del self.columns[key]
        del self.column_transfers[key]
        if key in self.existing_ordering:
            self.existing_ordering.remove(key)
        self._forget_type_constraint(kw.get("existing_type"))

    def _drop_from_primary_key(self, key: str) -> None:
        """The table's primary key without column ``key`` (none at all when
        that was its only column); the original table is left as it is."""
        pk = self.table.primary_key
        keys = [c.key for c in pk.columns if c.key != key]
        if pk in self.unnamed_constraints:
            self.unnamed_constraints.remove(pk)
            if keys:
                self.unnamed_constraints.append(_constraint_over(self, pk, keys))
        elif self.named_constraints.get(pk.name) is pk:
            if keys:
                self.named_constraints[pk.name] = _constraint_over(self, pk, keys)
            else:
                del self.named_constraints[pk.name]
        # otherwise this batch dropped or replaced the primary key already

    def create_column_comment(self, column: Column) -> None:
        """Comments are part of the rebuilt table's columns already."""

    def create_table_comment(self, table: Table) -> None:
        self.table_kwargs["comment"] = table.comment

    def drop_table_comment(self, table: Table) -> None:
        self.table_kwargs["comment"] = None

    def add_constraint(self, const: Any, **kw: Any) -> None:
        if _is_type_bound(const):
            # the CHECK of a column's new Boolean/Enum type (see alter_column)
            self._add_type_bound(const)
            return
        if not constraint_name_defined(const.name):
            raise ValueError("Constraint must have a name")
        const = _rekeyed(self, const)
        if (
            isinstance(const, PrimaryKeyConstraint)
            and self.table.primary_key in self.unnamed_constraints
        ):
            self.unnamed_constraints.remove(self.table.primary_key)
        if constraint_name_string(const.name):
            self.named_constraints[const.name] = const
        else:
            self.unnamed_constraints.append(const)

    def _add_type_bound(self, const: Any) -> None:
        """Keep the CHECK a column's new type brings: named ones with the
        named constraints, unnamed ones after them (Alembic's order)."""
        if constraint_name_string(const.name):
            self.named_constraints[const.name] = const
        else:
            self.unnamed_constraints.append(const)

    def drop_constraint(self, const: Any, **kw: Any) -> None:
        if not const.name:
            if _is_type_bound(const):
                self._pop_reflected_check_like(const)
                return
            raise ValueError("Constraint must have a name")
        found = self._pop_constraint(const)
        if found is None:
            if _is_type_bound(const):
                # the old type's CHECK, if reflected unnamed, goes with it
                self._pop_reflected_check_like(const)
                return
            raise ValueError("No such constraint: '%s'" % const.name)
        if isinstance(found, PrimaryKeyConstraint):
            for col in found.columns:
                self.columns[col.name].primary_key = False

    def _pop_reflected_check_like(self, const: CheckConstraint) -> None:
        """Forget the reflected CHECK whose text is ``const``'s (the CHECK an
        old Boolean/Enum type made, when the column's type changes)."""
        wanted = _check_text_key(const.sqltext, self.impl.dialect)
        for check in self.reflected_checks:
            if _check_text_key(check.sqltext, self.impl.dialect) == wanted:
                self.reflected_checks.remove(check)
                return

    def _pop_constraint(self, const: Any) -> Any:
        """Remove the constraint named like ``const``; None if there is none."""
        if const.name in self.col_named_constraints:
            col, found = self.col_named_constraints.pop(const.name)
            for col_const in list(self.columns[col.name].constraints):
                if col_const.name == const.name:
                    self.columns[col.name].constraints.remove(col_const)
            return found
        if constraint_name_string(const.name) and const.name in self.named_constraints:
            return self.named_constraints.pop(const.name)
        for check in self.reflected_checks:
            if check.name == const.name:
                self.reflected_checks.remove(check)
                return check
        if const in self.unnamed_constraints:
            self.unnamed_constraints.remove(const)
            return const
        return None

    def create_index(self, idx: Index, **kw: Any) -> None:
        self.new_indexes[idx.name] = idx

    def drop_index(self, idx: Index, **kw: Any) -> None:
        try:
            del self.indexes[idx.name]
        except KeyError:
            raise ValueError("No such index: '%s'" % idx.name) from None

    def rename_table(self, *arg: Any, **kw: Any) -> None:
        raise NotImplementedError(
            "rename_table is not available in a batch_alter_table() block"
        )

    def create_table(self, *arg: Any, **kw: Any) -> None:
        raise NotImplementedError(
            "create_table is not available in a batch_alter_table() block"
        )

    def drop_table(self, *arg: Any, **kw: Any) -> None:
        raise NotImplementedError(
            "drop_table is not available in a batch_alter_table() block"
        )


def _in_creation_order(items: Any) -> list[Any]:
    """A table's constraints or indexes (sets) in the order they were made,
    which for a reflected table is the order the database lists them: the
    rebuilt table's CREATE TABLE keeps that order from run to run, as
    Alembic's does."""
    return sorted(items, key=lambda item: getattr(item, "_creation_order", 0))
