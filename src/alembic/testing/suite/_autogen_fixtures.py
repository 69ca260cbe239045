"""Fixtures for autogenerate tests against a real database.

:class:`AutogenFixtureTest` creates a "database" ``MetaData`` for real, then
compares a "model" ``MetaData`` with it: ``diffs = self._fixture(m1, m2)``.
:class:`AutogenTest` does the same once per class from
``_get_db_schema()`` / ``_get_model_schema()`` (see :class:`ModelOne`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.testing import config
from sqlalchemy.testing.util import drop_all_tables_from_metadata

from alembic.autogenerate import api
from alembic.runtime.migration import MigrationContext

from ..assertions import eq_

__all__ = [
    "AutogenFixtureTest",
    "AutogenTest",
    "ModelOne",
    "NamingConvModel",
    "_default_include_object",
]

_default_object_filters: Sequence[Callable[..., bool]] = ()
_default_name_filters: Sequence[Callable[..., bool]] = ()

#: tables the shared fixtures create; reflected tables with other names
#: (left by other tests in the same database) are not compared
_FIXTURE_TABLES = {
    "a", "b", "c", "user", "address", "order", "item", "extra", "t", "t1", "t2",
    "table", "parent", "child", "some_table", "nothing_changed", "nochange", "x1", "x2",
}  # fmt: skip


def _default_include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Compare only the fixture tables (and everything inside them)."""
    if type_ == "table":
        return name in _FIXTURE_TABLES
    return True


def _context_opts(metadata: MetaData, include_schemas: bool) -> dict[str, Any]:
    return {
        "compare_type": True,
        "compare_server_default": True,
        "target_metadata": metadata,
        "upgrade_token": "upgrades",
        "downgrade_token": "downgrades",
        "alembic_module_prefix": "op.",
        "sqlalchemy_module_prefix": "sa.",
        "include_schemas": include_schemas,
    }


def _engine() -> Engine:
    """The engine of the current test run (``--db`` / ``--dburi``)."""
    assert config.db is not None, "run under SQLAlchemy's pytest plugin"
    return config.db


def _table_names(*metadatas: MetaData) -> set[str]:
    return {t.name for m in metadatas for t in m.tables.values()}


class AutogenFixtureTest:
    """``self._fixture(m1, m2)``: create ``m1`` in the database, compare
    ``m2`` against it, return the diffs (or the upgrade ops); the tables are
    dropped after the test."""

    def setup_test(self) -> None:
        self.bind: Engine = _engine()
        self._created: list[MetaData] = []

    def teardown_test(self) -> None:
        for metadata in reversed(self._created):
            drop_all_tables_from_metadata(metadata, self.bind)

    def _fixture(
        self,
        m1: MetaData,
        m2: MetaData,
        include_schemas: bool = False,
        opts: dict[str, Any] | None = None,
        object_filters: Sequence[Callable[..., bool]] = _default_object_filters,
        name_filters: Sequence[Callable[..., bool]] = _default_name_filters,
        return_ops: bool = False,
        max_identifier_length: int | None = None,
    ) -> Any:
        self._created.append(m1)
        with self.bind.begin() as conn:
            m1.create_all(conn)
        names = _table_names(m1, m2)

        def include_object(
            obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any
        ) -> bool:
            if type_ == "table" and name not in names:
                return False
            return all(
                f(obj, name, type_, reflected, compare_to) for f in object_filters
            )

        def include_name(name: Any, type_: str, parent_names: dict[str, Any]) -> bool:
            return all(f(name, type_, parent_names) for f in name_filters)

        context_opts = _context_opts(m2, include_schemas)
        context_opts.update(include_object=include_object, include_name=include_name)
        context_opts.update(opts or {})
        with self.bind.connect() as conn:
            if max_identifier_length is not None:
                conn.dialect.max_identifier_length = max_identifier_length
            context = MigrationContext.configure(connection=conn, opts=context_opts)
            if return_ops:
                return api.produce_migrations(context, m2).upgrade_ops
            return api.compare_metadata(context, m2)

    def _assert_fk_diff(
        self,
        diff: tuple[Any, ...],
        type_: str,
        source_table: str,
        source_columns: list[str],
        target_table: str,
        target_columns: list[str],
        name: str | None = None,
        conditional_name: str | None = None,
        source_schema: str | None = None,
        onupdate: str | None = None,
        ondelete: str | None = None,
        initially: str | None = None,
        deferrable: bool | None = None,
    ) -> None:
        """Check an ``add_fk`` / ``remove_fk`` diff tuple.  ``conditional_name``
        ``"servergenerated"`` accepts whatever name the database chose."""
        fk = diff[1]
        eq_(diff[0], type_)
        eq_(fk.parent.name, source_table)
        eq_(fk.parent.schema, source_schema)
        eq_([e.parent.name for e in fk.elements], source_columns)
        eq_(fk.referred_table.name, target_table)
        eq_([e.column.name for e in fk.elements], target_columns)
        if conditional_name != "servergenerated":
            eq_(fk.name, conditional_name or name)
        eq_(_fk_rule(fk.onupdate), _fk_rule(onupdate))
        eq_(_fk_rule(fk.ondelete), _fk_rule(ondelete))
        if initially is not None:
            eq_(fk.initially, initially)
        if deferrable is not None:
            eq_(fk.deferrable, deferrable)


def _fk_rule(value: str | None) -> str | None:
    """``NO ACTION`` is what an unspecified rule means."""
    if value is None or value.upper() == "NO ACTION":
        return None
    return value.upper()


class AutogenTest:
    """Class-level fixture: ``_get_db_schema()`` is created once, and each
    test gets ``self.context`` / ``self.autogen_context`` comparing it with
    ``_get_model_schema()``."""

    configure_opts: ClassVar[dict[str, Any]] = {}
    bind: ClassVar[Engine]
    m1: ClassVar[MetaData]
    m2: ClassVar[MetaData]

    @classmethod
    def _get_db_schema(cls) -> MetaData:
        raise NotImplementedError()

    @classmethod
    def _get_model_schema(cls) -> MetaData:
        raise NotImplementedError()

    @classmethod
    def setup_class(cls) -> None:
        cls.bind = _engine()
        cls.m1 = cls._get_db_schema()
        with cls.bind.begin() as conn:
            cls.m1.create_all(conn)
        cls.m2 = cls._get_model_schema()

    @classmethod
    def teardown_class(cls) -> None:
        drop_all_tables_from_metadata(cls.m1, cls.bind)

    def setup_test(self) -> None:
        self.conn = self.bind.connect()
        opts = _context_opts(self.m2, include_schemas=False)
        opts["include_object"] = _default_include_object
        opts.update(self.configure_opts)
        self.context = MigrationContext.configure(connection=self.conn, opts=opts)
        self.autogen_context = api.AutogenContext(self.context, self.m2)

    def teardown_test(self) -> None:
        self.conn.close()


class ModelOne:
    """A small shop schema as it is in the database (``_get_db_schema``)
    and as the model wants it (``_get_model_schema``)."""

    schema: str | None = None

    @classmethod
    def _get_db_schema(cls) -> MetaData:
        m = MetaData(schema=cls.schema)
        Table(
            "user", m,
            Column("id", Integer, primary_key=True),
            Column("name", String(50)),
            Column("a1", Text),
            Column("pw", String(50)),
            Index("pw_idx", "pw"),
        )  # fmt: skip
        Table(
            "address", m,
            Column("id", Integer, primary_key=True),
            Column("email_address", String(100), nullable=False),
        )  # fmt: skip
        Table(
            "order", m,
            Column("order_id", Integer, primary_key=True),
            Column("amount", Numeric(8, 2), nullable=False, server_default=text("0")),
            CheckConstraint("amount >= 0", name="ck_order_amount"),
        )  # fmt: skip
        Table(
            "extra", m,
            Column("x", String(50)),
            Column("uid", Integer, ForeignKey("user.id")),
        )  # fmt: skip
        return m

    @classmethod
    def _get_model_schema(cls) -> MetaData:
        m = MetaData(schema=cls.schema)
        Table(
            "user", m,
            Column("id", Integer, primary_key=True),
            Column("name", String(50), nullable=False),
            Column("a1", Text, server_default="x"),
        )  # fmt: skip
        Table(
            "address", m,
            Column("id", Integer, primary_key=True),
            Column("email_address", String(100), nullable=False),
            Column("street", String(50)),
            UniqueConstraint("email_address", name="uq_email"),
        )  # fmt: skip
        Table(
            "order", m,
            Column("order_id", Integer, primary_key=True),
            Column("amount", Numeric(10, 2), nullable=True, server_default=text("0")),
            Column("user_id", Integer, ForeignKey("user.id")),
            CheckConstraint("amount > -1", name="ck_order_amount"),
        )  # fmt: skip
        Table(
            "item", m,
            Column("id", Integer, primary_key=True),
            Column("description", String(100)),
            Column("order_id", Integer, ForeignKey("order.order_id")),
            CheckConstraint("len(description) > 5"),
        )  # fmt: skip
        return m


class NamingConvModel:
    """Tables under a naming convention, for tests of ``op.f()`` names."""

    naming_convention: ClassVar[dict[str, str]] = {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(constraint_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }

    @classmethod
    def _get_db_schema(cls) -> MetaData:
        m = MetaData(naming_convention=cls.naming_convention)
        Table(
            "x1",
            m,
            Column("q", Integer),
            Index("db_idx", "q"),
            UniqueConstraint("q", name="db_uq"),
        )
        Table(
            "x2", m, Column("q", Integer), Column("p", ForeignKey("x1.q", name="db_fk"))
        )
        return m

    @classmethod
    def _get_model_schema(cls) -> MetaData:
        m = MetaData(naming_convention=cls.naming_convention)
        Table(
            "x1",
            m,
            Column("q", Integer),
            Index("md_idx", "q"),
            UniqueConstraint("q", name="md_uq"),
        )
        Table(
            "x2", m, Column("q", Integer), Column("p", ForeignKey("x1.q", name="md_fk"))
        )
        return m
