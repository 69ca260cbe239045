"""SQLite: most ALTERs need batch mode ("move and copy").

The batch rebuild here also protects data: foreign-key enforcement is
switched off around the copy (so ``ON DELETE CASCADE`` in other tables
never fires when the old table is dropped), ``PRAGMA foreign_key_check``
runs before the change is kept, and views and triggers that name the table
are dropped and created again around the rebuild.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, cast, sql
from sqlalchemy import schema as sa_schema
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.schema import Computed

from ..util.exc import CommandError
from ..util.messaging import warn
from .base import (
    ColumnComment,
    ColumnName,
    RenameTable,
    alter_table,
    format_column_name,
    format_table_name,
)
from .impl import DefaultImpl

__all__ = ["SQLiteImpl", "parenthesise_reflected_defaults"]

_NO_ALTER = (
    "No support for ALTER of constraints in SQLite dialect. "
    "Please refer to the batch mode feature which allows for SQLite "
    "migrations using a copy-and-move strategy."
)

# A column default SQLite takes as written: digits, a quoted string, or
# something already in parentheses; any other expression needs parentheses.
_BARE_DEFAULT = re.compile(r"^(?:\d+|'.*'|\(.*\))$", re.S)

# A reflected default that a batch rebuild or autogenerate keeps as it is:
# one digit, a non-empty quoted string, or something in parentheses; anything
# else (10, the empty string, CURRENT_TIMESTAMP, NULL, 1.5) gets parentheses,
# so a default written ``DEFAULT ('')`` reads back the same (Alembic 1.20.1
# writes ``DEFAULT (10)`` and ``existing_server_default=sa.text('(10)')``).
_BATCH_BARE_DEFAULT = re.compile(r"^(?:[0-9.]|'.+'|\(.*\))$", re.S)

# ON DELETE actions that change rows of the referencing table
_ROW_CHANGING_ACTIONS = {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"}


class SQLiteImpl(DefaultImpl):
    """SQLite: non-transactional DDL, constraints only through batch mode."""

    __dialect__ = "sqlite"

    transactional_ddl = False

    def render_ddl_sql_expr(
        self, expr: Any, is_server_default: bool = False, **kw: Any
    ) -> str:
        """As the generic rendering, but a server default expression is put
        in parentheses unless SQLite accepts it bare (as Alembic 1.20.1
        writes it: ``CURRENT_DATE`` becomes ``(CURRENT_DATE)``)."""
        text = super().render_ddl_sql_expr(expr, is_server_default=is_server_default, **kw)
        if is_server_default and not _BARE_DEFAULT.match(text):
            return f"({text})"
        return text

    def requires_recreate_in_batch(self, batch_op: Any) -> bool:
        """Rebuild unless every queued change is an index change or an
        ADD COLUMN that SQLite can do in place."""
        for opname, args, _kw in batch_op.batch:
            if opname == "add_column":
                if _needs_recreate_for_new_column(args[1]):
                    return True
            elif opname not in ("create_index", "drop_index"):
                return True
        return False

    def add_constraint(self, const: Any, **kw: Any) -> None:
        """SQLite has no ADD CONSTRAINT; type-bound CHECKs are skipped."""
        if const._create_rule is None:
            raise NotImplementedError(_NO_ALTER)
        if const._create_rule(self):
            warn(
                "Skipping unsupported ALTER for creation of implicit constraint. "
                "Please refer to the batch mode feature which allows for SQLite "
                "migrations using a copy-and-move strategy."
            )

    def drop_constraint(self, const: Any, **kw: Any) -> None:
        """SQLite has no DROP CONSTRAINT; type-bound CHECKs are skipped."""
        if const._create_rule is None:
            raise NotImplementedError(_NO_ALTER)

    def cast_for_batch_migrate(
        self, existing: Any, existing_transfer: dict[str, Any], new_type: Any
    ) -> None:
        """CAST the copied value when the type affinity changes."""
        if existing.type._type_affinity is not new_type._type_affinity and not isinstance(
            new_type, JSON
        ):
            existing_transfer["expr"] = cast(existing_transfer["expr"], new_type)

    def correct_reflected_table_for_batch(self, table: Any) -> None:
        """Fill in ON DELETE / ON UPDATE of reflected foreign keys from
        ``PRAGMA foreign_key_list`` (reflection misses them for column-level
        REFERENCES clauses), so the rebuilt table keeps them."""
        parenthesise_reflected_defaults(table)
        if self.connection is None or self.as_sql:
            return
        actions = _foreign_key_actions(self.connection, table.name, table.schema)
        for fk in table.foreign_key_constraints:
            key = (fk.elements[0].target_fullname.split(".")[-2], tuple(fk.column_keys))
            ondelete, onupdate = actions.get(key, (None, None))
            if fk.ondelete is None and ondelete:
                fk.ondelete = ondelete
            if fk.onupdate is None and onupdate:
                fk.onupdate = onupdate

    @contextlib.contextmanager
    def batch_recreate_scope(self, batch_impl: Any) -> Iterator[None]:
        """Protect data and dependent objects around a table rebuild."""
        if self.as_sql or self.connection is None:
            yield
            return
        table = batch_impl.table
        guard = _ForeignKeyGuard(self.connection, table.name, table.schema)
        dependents = _dependent_objects(self.connection, table.name, table.schema)
        with guard:
            for kind, name, _ in dependents:
                self._exec(
                    "DROP %s %s" % (kind.upper(), self.dialect.identifier_preparer.quote(name))
                )
            yield
            _recreate_dependents(self, dependents, table.name)
            guard.check()


def parenthesise_reflected_defaults(table: Any) -> None:
    """Put the reflected server defaults that SQLite only takes in
    parentheses back in them (reflection strips one pair)."""
    for column in table.c:
        default = column.server_default
        if not isinstance(default, sa_schema.DefaultClause):
            continue
        arg = default.arg
        if isinstance(arg, sql.elements.TextClause) and not _BATCH_BARE_DEFAULT.match(
            arg.text
        ):
            default.arg = sql.text("(%s)" % arg.text)


def _needs_recreate_for_new_column(column: Any) -> bool:
    """ADD COLUMN can't add an expression default or a stored computed column."""
    default = column.server_default
    if isinstance(default, sa_schema.DefaultClause) and isinstance(default.arg, sql.ClauseElement):
        return True
    return isinstance(default, Computed) and bool(default.persisted)


class _ForeignKeyGuard:
    """Runs a table rebuild in a savepoint, with ``PRAGMA foreign_keys`` off.

    The pragma can only change outside a transaction.  When enforcement is
    on and no transaction is open, it is switched off for the rebuild and
    back on after, and ``check()`` runs ``foreign_key_check`` before the
    change is kept.  Inside an open transaction the pragma can't change:
    then the rebuild is refused if it would delete or alter rows of a
    referencing table, and otherwise foreign keys are deferred.  Either
    way a failure rolls the rebuild back to the savepoint, so no temporary
    table or half-copied state is left behind.
    """

    savepoint = "alembic_batch_rebuild"

    def __init__(self, connection: Any, table_name: str, schema: str | None) -> None:
        self.connection = connection
        self.table_name = table_name
        self.schema = schema
        self.enforced = False
        self.switched_off = False

    def _pragma(self, name: str) -> str:
        return "PRAGMA %s%s" % (f'"{self.schema}".' if self.schema else "", name)

    def __enter__(self) -> _ForeignKeyGuard:
        conn = self.connection
        self.enforced = conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        if self.enforced:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            self.switched_off = conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            if not self.switched_off:
                _refuse_if_rows_would_change(conn, self.table_name)
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        conn.exec_driver_sql("SAVEPOINT %s" % self.savepoint)
        return self

    def check(self) -> None:
        """Fail if any row now points at a missing parent row."""
        if not self.enforced:
            return
        rows = self.connection.exec_driver_sql(self._pragma("foreign_key_check")).fetchall()
        if rows:
            found = ", ".join(sorted({f"{r[0]} -> {r[2]}" for r in rows}))
            raise CommandError(
                f"batch rebuild of table '{self.table_name}' left rows whose foreign keys "
                f"point at missing rows ({found}; PRAGMA foreign_key_check reported "
                f"{len(rows)} row(s)); the change was rolled back: fix the data or the "
                "foreign key definitions in this batch_alter_table() block"
            )

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        conn = self.connection
        try:
            if exc_type is None:
                conn.exec_driver_sql("RELEASE SAVEPOINT %s" % self.savepoint)
            else:
                self._roll_back_quietly()
        finally:
            if self.switched_off:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")

    def _roll_back_quietly(self) -> None:
        """Undo the rebuild; if SQLite already ended the transaction itself,
        there is nothing to undo and the original error is the one to see."""
        import sqlalchemy.exc

        try:
            self.connection.exec_driver_sql("ROLLBACK TO SAVEPOINT %s" % self.savepoint)
            self.connection.exec_driver_sql("RELEASE SAVEPOINT %s" % self.savepoint)
        except sqlalchemy.exc.OperationalError:
            pass


def _foreign_key_actions(
    conn: Any, table_name: str, schema: str | None
) -> dict[tuple[str, tuple[str, ...]], tuple[str | None, str | None]]:
    """(referred table, local columns) -> (ON DELETE, ON UPDATE) of a table's
    foreign keys, None for NO ACTION."""
    prefix = f'"{schema}".' if schema else ""
    quoted = '"%s"' % table_name.replace('"', '""')
    groups: dict[int, list[Any]] = {}
    for row in conn.exec_driver_sql(f"PRAGMA {prefix}foreign_key_list({quoted})").mappings():
        groups.setdefault(row["id"], []).append(row)
    found = {}
    for rows in groups.values():
        rows.sort(key=lambda r: r["seq"])
        key = (rows[0]["table"], tuple(r["from"] for r in rows))
        found[key] = tuple(
            None if a.upper() == "NO ACTION" else a
            for a in (rows[0]["on_delete"], rows[0]["on_update"])
        )
    return found


def _refuse_if_rows_would_change(conn: Any, table_name: str) -> None:
    """Raise if dropping ``table_name`` would cascade into other tables' rows."""
    for child, action in _referencing_tables(conn, table_name):
        if action.upper() not in _ROW_CHANGING_ACTIONS:
            continue
        has_rows = conn.exec_driver_sql(
            'SELECT 1 FROM "%s" LIMIT 1' % child.replace('"', '""')
        ).first()
        if has_rows:
            raise CommandError(
                f"batch rebuild of table '{table_name}' would run ON DELETE {action.upper()} "
                f"on the rows of table '{child}': SQLite enforces foreign keys on this "
                "connection and the pragma can't change inside the open transaction; run "
                "'PRAGMA foreign_keys=OFF' on the connection in env.py before "
                "context.begin_transaction() (and ON again after), or move the referencing "
                "rows out of the way before this batch_alter_table() block"
            )


def _referencing_tables(conn: Any, table_name: str) -> list[tuple[str, str]]:
    """(table, ON DELETE action) for every other table with a foreign key to ``table_name``."""
    names = (
        conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars().all()
    )
    found = []
    for name in names:
        if name == table_name:
            continue
        quoted = '"%s"' % name.replace('"', '""')
        for fk in conn.exec_driver_sql("PRAGMA foreign_key_list(%s)" % quoted).mappings():
            if fk["table"] == table_name:
                found.append((name, fk["on_delete"]))
    return found


def _dependent_objects(
    conn: Any, table_name: str, schema: str | None
) -> list[tuple[str, str, str]]:
    """(kind, name, SQL) of the views and triggers that mention the table,
    directly or through another such view, in creation order (SQLite
    checks every view and trigger when a table is renamed).  Tables of an
    attached schema are left to SQLite as they are."""
    if schema:
        return []
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    names = {table_name}
    chosen: dict[str, tuple[str, str, str]] = {}
    grew = True
    while grew:
        grew = False
        for kind, name, tbl, sql_text in rows:
            if name in chosen:
                continue
            if tbl in names or any(_mentions(sql_text, n) for n in names):
                chosen[name] = (kind, name, sql_text)
                if kind == "view":
                    names.add(name)
                grew = True
    ordered = [chosen[name] for _, name, _, _ in rows if name in chosen]
    return [d for d in ordered if d[0] == "view"] + [d for d in ordered if d[0] == "trigger"]


def _mentions(sql_text: str, name: str) -> bool:
    """True when ``name`` appears in ``sql_text`` as an identifier."""
    pattern = r"(?<![\w$])[\"`\[]?%s[\"`\]]?(?![\w$])" % re.escape(name)
    return re.search(pattern, sql_text, re.IGNORECASE) is not None


def _recreate_dependents(
    impl: SQLiteImpl, dependents: list[tuple[str, str, str]], table_name: str
) -> None:
    """Create again the views and triggers dropped before the rebuild."""
    quote = impl.dialect.identifier_preparer.quote
    for kind, name, sql_text in dependents:
        try:
            impl._exec(sql.text(sql_text.replace(":", r"\:")))
            if kind == "view":  # SQLite only checks a view when it is used
                impl._exec("SELECT * FROM %s LIMIT 0" % quote(name))
        except Exception as err:
            raise CommandError(
                f"batch rebuild of table '{table_name}' could not recreate {kind} '{name}' "
                f"({err.__class__.__name__}: {str(err).splitlines()[0]}); update the {kind} "
                "in the same migration (drop it before the batch block, create it after)"
            ) from err


@compiles(RenameTable, "sqlite")
def visit_rename_table(element: RenameTable, compiler: Any, **kw: Any) -> str:
    # SQLite does not accept a schema on the new name
    return "%s RENAME TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_table_name(compiler, element.new_table_name, None),
    )


@compiles(ColumnName, "sqlite")
def visit_column_name(element: ColumnName, compiler: Any, **kw: Any) -> str:
    return "%s RENAME COLUMN %s TO %s" % (
        alter_table(compiler, element.table_name, element.schema),
        format_column_name(compiler, element.column_name),
        format_column_name(compiler, element.newname),
    )


@compiles(ColumnComment, "sqlite")
def visit_column_comment(element: ColumnComment, compiler: Any, **kw: Any) -> str:
    """SQLite has no column comments: refuse, as Alembic does, rather than
    write a COMMENT statement SQLite would reject."""
    from sqlalchemy.exc import UnsupportedCompilationError

    raise UnsupportedCompilationError(compiler, type(element))
