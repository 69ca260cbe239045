"""``DefaultImpl``: turns operations into DDL for one database dialect.

A migration context picks the subclass registered for its dialect name
(``DefaultImpl.get_by_dialect``).  Online, statements run on the connection;
offline (``--sql``), they are compiled and written to the output buffer.
Third-party dialects subclass ``DefaultImpl`` with their own ``__dialect__``
and are registered on class creation.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import (
    Any,
    TextIO,
)

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy import schema as sa_schema
from sqlalchemy.engine.mock import MockConnection
from sqlalchemy.sql.ddl import ExecutableDDLElement
from sqlalchemy.sql.elements import TextClause

from ..util import sqla_compat
from ..util.exc import CommandError
from ..util.langhelpers import immutabledict
from ..util.messaging import warn
from ..util.scriptout import note_script_output
from . import base
from ._autogen import ComparisonResult

__all__ = ["ComparisonResult", "DefaultImpl", "ImplMeta", "RenderedText"]

#: dialect name -> impl class; filled when a subclass is defined
_impls: dict[str, type[DefaultImpl]] = {}


class RenderedText(TextClause):
    """A textual statement that also carries its offline rendering.

    ``rendered`` is exactly what compiling the text for the context's dialect
    would write (the runtime renders version-table statements from a template
    compiled once); ``_exec`` writes it as is instead of compiling again.
    """

    inherit_cache = True

    def __init__(self, text: str, rendered: str) -> None:
        super().__init__(text)
        self.rendered = rendered


class ImplMeta(type):
    """Kept for code that names it; registration happens in
    ``DefaultImpl.__init_subclass__``."""


class DefaultImpl:
    """The generic implementation; dialect modules subclass it.

    ``transactional_ddl`` says whether DDL can run inside a transaction;
    ``command_terminator`` ends every offline statement.
    """

    __dialect__ = "default"

    transactional_ddl = False
    command_terminator = ";"
    type_synonyms: tuple[set[str], ...] = ({"NUMERIC", "DECIMAL"},)
    type_arg_extract: Sequence[str] = ()
    # identity options that autogenerate does not compare
    identity_attrs_ignore: tuple[str, ...] = ("order", "on_null")

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "__dialect__" in cls.__dict__:
            _impls[cls.__dialect__] = cls

    def __init__(
        self,
        dialect: Any,
        connection: Any,
        as_sql: bool,
        transactional_ddl: bool | None,
        output_buffer: TextIO | None,
        context_opts: Mapping[str, Any],
    ) -> None:
        self.dialect = dialect
        self.as_sql = as_sql
        self.literal_binds = context_opts.get("literal_binds", False)
        self.output_buffer = output_buffer
        self.memo: dict[Any, Any] = {}
        self.context_opts = context_opts
        if transactional_ddl is not None:
            self.transactional_ddl = transactional_ddl
        if self.literal_binds and not self.as_sql:
            raise CommandError("Can't use literal_binds setting without as_sql mode")
        if connection is None and as_sql:
            # offline: DDL events (e.g. a PostgreSQL ENUM's CREATE TYPE)
            # still need a connection to run on; this one writes SQL out
            connection = MockConnection(dialect, lambda construct, *a, **k: self._exec(construct))
        self.connection = connection

    @classmethod
    def get_by_dialect(cls, dialect: Any) -> type[DefaultImpl]:
        """The impl class registered for ``dialect.name``."""
        try:
            return _impls[dialect.name]
        except KeyError:
            raise CommandError(
                f"No migration implementation for dialect {dialect.name!r}; "
                "import the module that defines its DefaultImpl subclass "
                f"(one with __dialect__ = {dialect.name!r}) in env.py"
            ) from None

    # -- output and execution ------------------------------------------------

    def static_output(self, text: str) -> None:
        """Write ``text`` and a blank line to the offline output."""
        assert self.output_buffer is not None
        self.output_buffer.write(text + "\n\n")
        self.output_buffer.flush()
        note_script_output(self.output_buffer)

    def version_table_impl(
        self,
        version_table: str = "alembic_version",
        version_table_schema: str | None = None,
        version_table_pk: bool = True,
        **kw: Any,
    ) -> Table:
        """The ``Table`` for the version table: ``version_num VARCHAR(32)
        NOT NULL``, with a primary key named ``<table>_pkc`` if wanted."""
        vt = Table(
            version_table,
            MetaData(),
            Column("version_num", String(32), nullable=False),
            schema=version_table_schema,
        )
        if version_table_pk:
            vt.append_constraint(PrimaryKeyConstraint("version_num", name=f"{version_table}_pkc"))
        return vt

    def requires_recreate_in_batch(self, batch_op: Any) -> bool:
        """Whether batch mode must rebuild the table ("move and copy")
        rather than emit ALTER statements; only SQLite says yes."""
        return False

    def correct_reflected_table_for_batch(self, table: Table) -> None:
        """Called on a table reflected for a batch rebuild, to restore what
        the dialect's reflection misses."""

    def prep_table_for_batch(self, batch_impl: Any, table: Table) -> None:
        """Called before a batch rebuild creates the new table."""

    @contextlib.contextmanager
    def batch_recreate_scope(self, batch_impl: Any) -> Iterator[None]:
        """Wraps the create/copy/drop/rename steps of a batch rebuild;
        dialects use it to protect data around the copy."""
        yield

    def cast_for_batch_migrate(
        self, existing: Column, existing_transfer: dict[str, Any], new_type: Any
    ) -> None:
        """Wrap the batch copy expression in a CAST where the dialect needs one."""

    @property
    def bind(self) -> Any:
        """The connection (a mock one offline)."""
        return self.connection

    def _exec(
        self,
        construct: str | Any,
        execution_options: Mapping[str, Any] | None = None,
        multiparams: Sequence[Mapping[str, Any]] | None = None,
        params: Mapping[str, Any] = immutabledict(),
    ) -> Any:
        """Run ``construct`` online, or write it out offline."""
        if isinstance(construct, str):
            construct = text(construct)
        if self.as_sql:
            if multiparams is not None or params:
                raise TypeError("SQL parameters not allowed with as_sql")
            self.static_output(self._compile_offline(construct) + self.command_terminator)
            return None
        conn = self.connection
        if execution_options:
            conn = conn.execution_options(**execution_options)
        if params and multiparams is not None:
            raise TypeError("Can't send params and multiparams at the same time")
        if multiparams:
            return conn.execute(construct, multiparams)
        return conn.execute(construct, params)

    def _compile_offline(self, construct: Any) -> str:
        """SQL text of ``construct`` for the offline script."""
        if isinstance(construct, RenderedText):
            return construct.rendered
        compile_kw: dict[str, Any] = {}
        if self.literal_binds and not isinstance(construct, ExecutableDDLElement):
            compile_kw = {"compile_kwargs": {"literal_binds": True}}
        compiled = construct.compile(dialect=self.dialect, **compile_kw)
        return str(compiled).replace("\t", "    ").strip()

    def execute(self, sql: str | Any, execution_options: Mapping[str, Any] | None = None) -> None:
        """Run a statement (``op.execute``)."""
        self._exec(sql, execution_options)

    # -- column DDL -------------------------------------------------------------

    def alter_column(
        self,
        table_name: str,
        column_name: str,
        *,
        nullable: bool | None = None,
        server_default: Any = False,
        name: str | None = None,
        type_: Any = None,
        schema: str | None = None,
        autoincrement: bool | None = None,
        comment: Any = False,
        existing_comment: str | None = None,
        existing_type: Any = None,
        existing_server_default: Any = None,
        existing_nullable: bool | None = None,
        existing_autoincrement: bool | None = None,
        **kw: Any,
    ) -> None:
        """Emit one ALTER per change: nullability, default, type, comment,
        and the rename last."""
        if autoincrement is not None or existing_autoincrement is not None:
            warn("autoincrement and existing_autoincrement only make sense for MySQL", stacklevel=3)
        existing = dict(
            schema=schema,
            existing_type=existing_type,
            existing_server_default=existing_server_default,
            existing_nullable=existing_nullable,
            existing_comment=existing_comment,
        )
        if nullable is not None:
            self._exec(base.ColumnNullable(table_name, column_name, nullable, **existing))
        if server_default is not False:
            self._exec(self._default_element(table_name, column_name, server_default, existing))
        if type_ is not None:
            self._exec(base.ColumnType(table_name, column_name, type_, **existing))
        if comment is not False:
            self._exec(base.ColumnComment(table_name, column_name, comment, **existing))
        if name is not None:
            self._exec(base.ColumnName(table_name, column_name, name, **existing))

    def _default_element(
        self, table_name: str, column_name: str, server_default: Any, existing: dict[str, Any]
    ) -> Any:
        """The element that changes a server default: plain, computed or identity."""
        previous = existing["existing_server_default"]
        if sqla_compat._server_default_is_computed(server_default, previous):
            return base.ComputedColumnDefault(table_name, column_name, server_default, **existing)
        if sqla_compat._server_default_is_identity(server_default, previous):
            return base.IdentityColumnDefault(
                table_name, column_name, server_default, impl=self, **existing
            )
        return base.ColumnDefault(table_name, column_name, server_default, **existing)

    def add_column(
        self,
        table_name: str,
        column: Column,
        *,
        schema: str | None = None,
        if_not_exists: bool | None = None,
        inline_references: bool | None = None,
        inline_primary_key: bool | None = None,
        **kw: Any,
    ) -> None:
        """``ALTER TABLE .. ADD COLUMN``."""
        self._exec(
            base.AddColumn(
                table_name,
                column,
                schema=schema,
                if_not_exists=if_not_exists,
                inline_references=inline_references,
                inline_primary_key=inline_primary_key,
            )
        )

    def drop_column(
        self,
        table_name: str,
        column: Column,
        *,
        schema: str | None = None,
        if_exists: bool | None = None,
        **kw: Any,
    ) -> None:
        """``ALTER TABLE .. DROP COLUMN``."""
        self._exec(base.DropColumn(table_name, column, schema=schema, if_exists=if_exists))

    # -- constraints, tables, indexes -----------------------------------------

    def add_constraint(self, const: Any, **kw: Any) -> None:
        """``ALTER TABLE .. ADD CONSTRAINT``, unless the constraint belongs to
        a type whose create rule says no."""
        if const._create_rule is None or const._create_rule(self):
            self._exec(sa_schema.AddConstraint(const, **kw))

    def drop_constraint(self, const: Any, **kw: Any) -> None:
        """``ALTER TABLE .. DROP CONSTRAINT``."""
        self._exec(sa_schema.DropConstraint(const, **kw))

    def rename_table(
        self, old_table_name: str, new_table_name: str, schema: str | None = None
    ) -> None:
        """``ALTER TABLE .. RENAME TO``."""
        self._exec(base.RenameTable(old_table_name, new_table_name, schema=schema))

    def create_table(self, table: Table, **kw: Any) -> None:
        """CREATE TABLE, with the table's DDL events, its indexes, and its
        comments when the dialect cannot put them inline."""
        table.dispatch.before_create(table, self.connection, checkfirst=False, _ddl_runner=self)
        self._exec(sa_schema.CreateTable(table, **kw))
        table.dispatch.after_create(table, self.connection, checkfirst=False, _ddl_runner=self)
        # Table.indexes is a set: sort by name so --sql output is reproducible
        for index in sorted(table.indexes, key=lambda ix: str(ix.name or "")):
            self._exec(sa_schema.CreateIndex(index))
        if not (self.dialect.supports_comments and not self.dialect.inline_comments):
            return
        if table.comment is not None:
            self.create_table_comment(table)
        for column in table.columns:
            if column.comment is not None:
                self.create_column_comment(column)

    def drop_table(self, table: Table, **kw: Any) -> None:
        """DROP TABLE, with the table's DDL events."""
        table.dispatch.before_drop(table, self.connection, checkfirst=False, _ddl_runner=self)
        self._exec(sa_schema.DropTable(table, **kw))
        table.dispatch.after_drop(table, self.connection, checkfirst=False, _ddl_runner=self)

    def create_index(self, index: Any, **kw: Any) -> None:
        """CREATE INDEX (``if_not_exists`` and dialect options via ``kw``)."""
        self._exec(sa_schema.CreateIndex(index, **kw))

    def drop_index(self, index: Any, **kw: Any) -> None:
        """DROP INDEX."""
        self._exec(sa_schema.DropIndex(index, **kw))

    def create_table_comment(self, table: Table) -> None:
        """Set the table's comment."""
        self._exec(sa_schema.SetTableComment(table))

    def drop_table_comment(self, table: Table) -> None:
        """Remove the table's comment."""
        self._exec(sa_schema.DropTableComment(table))

    def create_column_comment(self, column: Column) -> None:
        """Set a column's comment."""
        self._exec(sa_schema.SetColumnComment(column))

    # -- data -------------------------------------------------------------------

    def bulk_insert(self, table: Any, rows: list[dict[str, Any]], multiinsert: bool = True) -> None:
        """INSERT the rows: offline one INSERT with literal values per row;
        online one executemany, or one INSERT per row if not ``multiinsert``."""
        if not isinstance(rows, list):
            raise TypeError("List expected")
        if rows and not isinstance(rows[0], dict):
            raise TypeError("List of dictionaries expected")
        if self.as_sql:
            for row in rows:
                self._exec(
                    sqla_compat._insert_inline(table).values(**self._literal_row(table, row))
                )
            return
        if not rows:
            return
        if multiinsert:
            self._exec(sqla_compat._insert_inline(table), multiparams=rows)
        else:
            for row in rows:
                self._exec(sqla_compat._insert_inline(table).values(**row))

    @staticmethod
    def _literal_row(table: Any, row: dict[str, Any]) -> dict[str, Any]:
        """The row's values as literals rendered inline."""
        values = {}
        for key, value in row.items():
            if isinstance(value, sqla_compat._literal_bindparam):
                values[key] = value
            else:
                values[key] = sqla_compat._literal_bindparam(key, value, type_=table.c[key].type)
        return values

    # -- transaction markers ----------------------------------------------------

    def emit_begin(self) -> None:
        """Write the offline BEGIN marker."""
        self.static_output("BEGIN" + self.command_terminator)

    def emit_commit(self) -> None:
        """Write the offline COMMIT marker."""
        self.static_output("COMMIT" + self.command_terminator)

    def start_migrations(self) -> None:
        """Called when a migration run starts."""

    # -- thin hooks for autogenerate (its logic lives in alembic.autogenerate) --

    def render_type(self, type_obj: Any, autogen_context: Any) -> str | bool:
        """Dialect-specific rendering of a type in a migration file; False
        means "use the generic rendering"."""
        return False

    def render_ddl_sql_expr(
        self, expr: Any, is_server_default: bool = False, is_index: bool = False, **kw: Any
    ) -> str:
        """SQL text of an expression, as autogenerate writes it into text()."""
        compile_kw = {"literal_binds": True, "include_table": False}
        return str(expr.compile(dialect=self.dialect, compile_kwargs=compile_kw))

    def autogen_column_reflect(
        self, inspector: Any, table: Any, column_info: dict[str, Any]
    ) -> None:
        """Listener for reflected columns (used by batch and autogenerate)."""

    def _compat_autogen_column_reflect(self, inspector: Any) -> Any:
        """The ``column_reflect`` listener to use with ``inspector``."""
        return self.autogen_column_reflect

    def correct_for_autogen_constraints(
        self,
        conn_uniques: Any,
        conn_indexes: Any,
        metadata_unique_constraints: Any,
        metadata_indexes: Any,
    ) -> None:
        """Adjust reflected constraints before comparison."""

    def correct_for_autogen_foreignkeys(self, conn_fks: Any, metadata_fks: Any) -> None:
        """Adjust reflected foreign keys before comparison."""

    def adjust_reflected_dialect_options(
        self, reflected_object: dict[str, Any], kind: str
    ) -> dict[str, Any]:
        """Dialect options of a reflected object that matter for comparison."""
        return reflected_object.get("dialect_options", {})

    def compare_type(self, inspector_column: Column, metadata_column: Column) -> bool:
        """True when the database column's type differs from the model's.

        Types are compared by the name the dialect renders (allowing the
        ``type_synonyms``), then by their arguments where the model gives
        any, then by the ``type_arg_extract`` options (charset, collation).
        """
        conn = self._type_signature(inspector_column.type)
        meta = self._type_signature(metadata_column.type)
        if conn is None or meta is None:
            return False
        if not self._type_names_match(conn[0], meta[0]):
            return True
        if (
            meta[1]
            and conn[1]
            and [_norm_arg(a) for a in meta[1]] != [_norm_arg(a) for a in conn[1]]
        ):
            return True
        return any(conn[2].get(k) not in (None, v) for k, v in meta[2].items())

    def _type_signature(self, type_: Any) -> tuple[str, list[str], dict[str, str]] | None:
        """(name, arguments, extracted options) of a type as rendered for the dialect."""
        try:
            rendered = self.dialect.type_compiler_instance.process(type_)
        except Exception:  # a type this dialect can't render: nothing to compare
            return None
        text = rendered.lower()
        options = {}
        for pattern in self.type_arg_extract:
            match = re.search(pattern, text)
            if match:
                options[pattern] = match.group(1)
                text = text[: match.start()] + text[match.end() :]
        args_match = re.search(r"\(([^)]*)\)", text)
        args = [a.strip() for a in args_match.group(1).split(",")] if args_match else []
        name = re.sub(r"\([^)]*\)", "", text)
        return " ".join(name.split()).upper(), [a for a in args if a], options

    def _type_names_match(self, conn_name: str, meta_name: str) -> bool:
        if conn_name == meta_name:
            return True
        conn_first, meta_first = conn_name.split(" ")[0], meta_name.split(" ")[0]
        return any(
            {conn_name, meta_name} <= group or {conn_first, meta_first} <= group
            for group in self.type_synonyms
        )

    def compare_server_default(
        self,
        inspector_column: Column,
        metadata_column: Column,
        rendered_metadata_default: str | None,
        rendered_inspector_default: str | None,
    ) -> bool:
        """True when the rendered defaults differ (ignoring outer parentheses
        and quotes)."""
        return _norm_default(rendered_inspector_default) != _norm_default(rendered_metadata_default)

    def compare_indexes(self, metadata_index: Index, reflected_index: Index) -> ComparisonResult:
        """Compare a model index with the database's index of the same name:
        uniqueness, then the names of the columns in order (expressions are
        seen through the columns they use).  Autogenerate drops and creates
        the index when the answer is ``different``; dialects override this."""
        reasons = []
        unique = _unique_differs(metadata_index, reflected_index)
        if unique:
            reasons.append(unique)
        md_cols = _column_names(metadata_index)
        conn_cols = _column_names(reflected_index)
        if md_cols != conn_cols:
            reasons.append(f"expression {conn_cols} to {md_cols}")
        return ComparisonResult.Different(reasons) if reasons else ComparisonResult.Equal()

    def compare_unique_constraint(
        self, metadata_constraint: UniqueConstraint, reflected_constraint: UniqueConstraint
    ) -> ComparisonResult:
        """Compare a model unique constraint with the database's of the same
        name by their set of column names (order does not matter)."""
        md_cols = tuple(sorted(_column_names(metadata_constraint)))
        conn_cols = tuple(sorted(_column_names(reflected_constraint)))
        if md_cols != conn_cols:
            return ComparisonResult.Different(f"expression {conn_cols} to {md_cols}")
        return ComparisonResult.Equal()

    def compare_check_constraint(
        self, metadata_constraint: CheckConstraint, reflected_constraint: CheckConstraint
    ) -> ComparisonResult:
        """CHECK constraints are not compared by default: always ``equal``."""
        return ComparisonResult.Equal()

    def _compare_identity_default(
        self, metadata_identity: Any, inspector_identity: Any
    ) -> tuple[set[str], set[str], bool]:
        """(differing attributes, ignored attributes, whether anything differs)
        between two Identity constructs."""
        ignored = set(self.identity_attrs_ignore)
        attrs = (
            "always",
            "on_null",
            "start",
            "increment",
            "minvalue",
            "maxvalue",
            "nominvalue",
            "nomaxvalue",
            "cycle",
            "cache",
            "order",
        )
        diff = set()
        for attr in attrs:
            if attr in ignored:
                continue
            if _identity_value(metadata_identity, attr) != _identity_value(
                inspector_identity, attr
            ):
                diff.add(attr)
        return diff, ignored, bool(diff)


def _identity_value(identity: Any, attr: str) -> Any:
    """An identity option, with None for an unset/absent one."""
    if identity is None:
        return None
    value = getattr(identity, attr, None)
    if value is None and attr in (
        "cycle",
        "nominvalue",
        "nomaxvalue",
        "always",
        "order",
        "on_null",
    ):
        return False
    return value


def _unique_differs(metadata_index: Index, reflected_index: Index) -> str | None:
    """``"unique=<database> to unique=<model>"`` when they differ."""
    md_unique, conn_unique = bool(metadata_index.unique), bool(reflected_index.unique)
    if md_unique == conn_unique:
        return None
    return f"unique={conn_unique} to unique={md_unique}"


def _column_names(obj: Index | UniqueConstraint) -> tuple[str, ...]:
    """Names of the table columns an index or constraint uses, in order."""
    return tuple(column.name for column in obj.columns)


_impls[DefaultImpl.__dialect__] = DefaultImpl


def _norm_arg(arg: str) -> str:
    """A type argument with quotes and spaces taken off."""
    return arg.strip().strip("'\"").lower()


def _norm_default(text: str | None) -> str | None:
    """A rendered default without outer parentheses and quotes."""
    if text is None:
        return None
    text = text.strip()
    while len(text) > 1 and text[0] == "(" and text[-1] == ")":
        text = text[1:-1].strip()
    return text.strip("'\"")
