"""Fixtures: the test base classes, SQL capture, and the alter-column
round trip that dialect suites build on.

``op_fixture()`` runs operations against a dialect without a database and
records each statement it would emit, so a test can assert the exact SQL::

    context = op_fixture("postgresql")
    op.add_column("t", Column("c", Integer))
    context.assert_("ALTER TABLE t ADD COLUMN c INTEGER")
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.testing import config, mock
from sqlalchemy.testing.fixtures import TablesTest as _SQLATablesTest
from sqlalchemy.testing.fixtures import TestBase as _SQLATestBase
from sqlalchemy.testing.util import drop_all_tables_from_metadata

from alembic import op as op_module
from alembic.operations import Operations
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext

from .assertions import _squash, eq_

__all__ = [
    "AlterColRoundTripFixture",
    "TablesTest",
    "TestBase",
    "capture_context_buffer",
    "capture_db",
    "capture_engine_context_buffer",
    "op_fixture",
]


class TestBase(_SQLATestBase):
    """SQLAlchemy's test base plus migration fixtures; ``alembic.op`` is
    unbound again after each test."""

    is_sqlalchemy_future = True

    @config.fixture(autouse=True)
    def _unbind_op(self) -> Iterator[None]:
        yield
        op_module._proxy = None

    @config.fixture()
    def migration_context(self, connection: Connection) -> MigrationContext:
        """A context over the test's connection (inside its transaction)."""
        return MigrationContext.configure(connection)

    @config.fixture()
    def ops_context(self, migration_context: MigrationContext) -> Iterator[Operations]:
        """``Operations`` over :meth:`migration_context`, bound to ``alembic.op``."""
        with Operations.context(migration_context) as operations:
            yield operations


class TablesTest(TestBase, _SQLATablesTest):
    """SQLAlchemy's ``TablesTest`` (tables defined once per class) with the
    migration fixtures of :class:`TestBase`."""


class _RecordingBuffer(io.StringIO):
    """An output buffer that keeps each statement written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.statements: list[str] = []

    def write(self, text: str) -> int:
        if text.strip():
            self.statements.append(text.strip())
        return super().write(text)


class _RecordedSQL:
    """What :func:`op_fixture` returns: the migration context plus
    assertions over the statements recorded so far (terminators removed)."""

    def __init__(self, context: MigrationContext, buffer: _RecordingBuffer) -> None:
        self.context = context
        self.buffer = buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.context, name)

    @property
    def statements(self) -> list[str]:
        terminator = self.context.impl.command_terminator
        return [
            s.removesuffix(terminator).rstrip() if terminator else s
            for s in self.buffer.statements
        ]

    def assert_(self, *sql: str) -> None:
        """The statements emitted so far are exactly ``sql``, in order
        (whitespace-insensitive)."""
        got = self.statements
        assert [_squash(s) for s in got] == [_squash(s) for s in sql], (
            f"{got!r} != {list(sql)!r}"
        )

    def assert_contains(self, sql: str) -> None:
        """Some statement emitted so far contains ``sql``."""
        got = self.statements
        assert any(sql in s for s in got), f"{sql!r} not in {got!r}"


def _dialect(name: str, native_boolean: bool | None) -> Dialect:
    if name == "default":
        dialect: Dialect = DefaultDialect()
    else:
        from sqlalchemy.dialects import registry

        dialect = registry.load(name)()
    if native_boolean is not None:
        dialect.supports_native_boolean = native_boolean
    return dialect


def _record_online(context: MigrationContext, buffer: _RecordingBuffer) -> None:
    """Stand in for the connection: each statement the impl would execute
    is compiled (bound parameters left as placeholders) and recorded."""
    impl = context.impl

    def execute(construct: Any, *args: Any, **kw: Any) -> None:
        if isinstance(construct, str):
            construct = text(construct)
        buffer.write(str(construct.compile(dialect=context.dialect)).strip())

    impl._exec = execute  # type: ignore[method-assign]


def op_fixture(
    dialect: str = "default",
    as_sql: bool = False,
    naming_convention: dict[str, str] | None = None,
    literal_binds: bool = False,
    native_boolean: bool | None = None,
) -> _RecordedSQL:
    """Bind ``alembic.op`` to a database-less context of ``dialect`` that
    records the SQL each operation emits; return the recorder.

    ``as_sql=False`` records what would be executed (bound parameters as
    placeholders, one statement per ``bulk_insert``); ``as_sql=True``
    records the offline script (literal values, one INSERT per row).
    """
    buffer = _RecordingBuffer()
    opts: dict[str, Any] = {"as_sql": as_sql}
    if as_sql:
        opts["output_buffer"] = buffer
    if literal_binds:
        opts["literal_binds"] = True
    if naming_convention:
        opts["target_metadata"] = MetaData(naming_convention=naming_convention)
    context = MigrationContext.configure(
        dialect=_dialect(dialect, native_boolean), opts=opts
    )
    if not as_sql:
        _record_online(context, buffer)
    op_module._proxy = Operations(context)
    return _RecordedSQL(context, buffer)


@contextlib.contextmanager
def _configure_with(**extra: Any) -> Iterator[None]:
    """Every ``context.configure()`` in the block gets ``extra`` added to
    (and winning over) its arguments."""
    configure = EnvironmentContext.configure

    def patched(self: EnvironmentContext, *args: Any, **opts: Any) -> None:
        configure(self, *args, **dict(opts, **extra))

    with mock.patch.object(EnvironmentContext, "configure", patched):
        yield


def capture_db(dialect: str = "postgresql://") -> tuple[Any, list[str]]:
    """A mock engine of ``dialect`` and the list each statement executed
    on it is appended to (compiled for that dialect)."""
    from sqlalchemy import create_mock_engine

    buffer: list[str] = []

    def record(sql: Any, *multiparams: Any, **params: Any) -> None:
        buffer.append(str(sql.compile(dialect=engine.dialect)))

    engine = create_mock_engine(dialect, record)
    return engine, buffer


@contextlib.contextmanager
def capture_context_buffer(**kw: Any) -> Iterator[io.StringIO]:
    """While the block runs, every ``context.configure()`` in env.py writes
    its offline output to the yielded buffer (``kw`` are added to its
    arguments)."""
    buffer = io.StringIO()
    with _configure_with(**kw, output_buffer=buffer):
        yield buffer


@contextlib.contextmanager
def capture_engine_context_buffer(**kw: Any) -> Iterator[io.StringIO]:
    """While the block runs, every ``context.configure()`` in env.py runs
    online against an in-memory SQLite database, and each statement it
    executes is written to the yielded buffer."""
    buffer = io.StringIO()
    engine = create_engine("sqlite://")

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        buffer.write(statement + "\n")

    with engine.connect() as connection, _configure_with(**kw, connection=connection):
        yield buffer


class AlterColRoundTripFixture:
    """Create a one-column table, ``alter_column`` it on the real database,
    reflect it, and check the change (``_run_alter_col(from_, to_)``).

    ``from_`` and ``to_`` are dicts with the keys ``name``, ``type``,
    ``nullable``, ``server_default`` (a string or None) and ``comment``.
    """

    __requires__: tuple[str, ...] = ("alter_column",)
    __leave_connections_for_teardown__ = True

    conn: Connection
    ctx: MigrationContext
    op: Operations
    tables: MetaData

    def setup_test(self) -> None:
        assert config.db is not None, "run under SQLAlchemy's pytest plugin"
        self.conn = config.db.connect()
        self.ctx = MigrationContext.configure(self.conn)
        self.op = Operations(self.ctx)
        self.tables = MetaData()

    def teardown_test(self) -> None:
        self.conn.rollback()
        drop_all_tables_from_metadata(self.tables, self.conn)
        self.conn.commit()
        self.conn.close()

    def _compare_type(self, expected: Any, reflected: Any) -> None:
        assert expected._compare_type_affinity(reflected), (
            f"{expected!r} vs {reflected!r}"
        )
        length = getattr(expected, "length", None)
        if length is not None:
            eq_(getattr(reflected, "length", None), length)

    def _compare_server_default(
        self, expected: str | None, reflected: str | None
    ) -> None:
        if expected is None:
            eq_(reflected, None)
            return
        assert reflected is not None and expected.strip("'") in reflected, (
            f"server default {reflected!r} is not {expected!r}"
        )

    def _column(self, spec: dict[str, Any]) -> Column[Any]:
        return Column(
            spec.get("name", "colname"),
            spec.get("type", String(10)),
            nullable=spec.get("nullable", True),
            server_default=spec.get("server_default"),
            comment=spec.get("comment"),
        )

    def _run_alter_col(
        self,
        from_: dict[str, Any],
        to_: dict[str, Any],
        compare: dict[str, Any] | None = None,
    ) -> None:
        column = self._column(from_)
        table = Table("x", self.tables, Column("id", Integer, primary_key=True), column)
        with self.conn.begin():
            table.create(self.conn)
        changes = {
            {"name": "new_column_name", "type": "type_"}.get(key, key): value
            for key, value in to_.items()
        }
        with self.conn.begin():
            self.op.alter_column(
                "x",
                column.name,
                existing_type=column.type,
                existing_server_default=column.server_default or False,
                existing_nullable=column.nullable,
                existing_comment=column.comment,
                **changes,
            )
        self._check_reflected(dict(from_, **to_, **(compare or {})))

    def _check_reflected(self, expected: dict[str, Any]) -> None:
        name = expected.get("name", "colname")
        columns = {c["name"]: c for c in sa_inspect(self.conn).get_columns("x")}
        self.conn.rollback()
        assert name in columns, f"no column {name!r} in {sorted(columns)}"
        reflected = columns[name]
        if "type" in expected:
            self._compare_type(expected["type"], reflected["type"])
        if "nullable" in expected:
            eq_(reflected["nullable"], expected["nullable"])
        if "server_default" in expected:
            self._compare_server_default(
                expected["server_default"], reflected["default"]
            )
        if "comment" in expected:
            eq_(reflected.get("comment"), expected["comment"])
