"""DefaultImpl: the registry, construction rules, the version table, and
online execution on a real SQLite database."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, oracle

from alembic.ddl import impl as impl_module
from alembic.ddl.impl import DefaultImpl
from alembic.util.exc import CommandError


def test_builtin_dialects_are_registered():
    import alembic.ddl  # noqa: F401

    expected = {
        "default": "DefaultImpl",
        "sqlite": "SQLiteImpl",
        "postgresql": "PostgresqlImpl",
        "mysql": "MySQLImpl",
        "mariadb": "MariaDBImpl",
        "mssql": "MSSQLImpl",
        "oracle": "OracleImpl",
    }
    for name, cls_name in expected.items():
        assert impl_module._impls[name].__name__ == cls_name
        assert impl_module._impls[name].__dialect__ == name


def test_transactional_flags():
    from alembic.ddl import mssql, mysql, oracle, postgresql, sqlite

    assert postgresql.PostgresqlImpl.transactional_ddl is True
    assert mssql.MSSQLImpl.transactional_ddl is True
    for cls in (DefaultImpl, sqlite.SQLiteImpl, mysql.MySQLImpl, oracle.OracleImpl):
        assert cls.transactional_ddl is False
    assert oracle.OracleImpl.command_terminator == ""
    assert {"FLOAT", "DOUBLE PRECISION"} in postgresql.PostgresqlImpl.type_synonyms
    assert DefaultImpl.identity_attrs_ignore == ("order", "on_null")


def test_third_party_subclass_registers_by_dialect_name():
    class FancyImpl(DefaultImpl):
        __dialect__ = "fancy_db_for_test"
        transactional_ddl = True

    class Dialect:
        name = "fancy_db_for_test"

    try:
        assert DefaultImpl.get_by_dialect(Dialect()) is FancyImpl
    finally:
        del impl_module._impls["fancy_db_for_test"]


def test_subclass_without_dialect_does_not_replace_registration():
    from alembic.ddl.sqlite import SQLiteImpl

    class Tweaked(SQLiteImpl):
        pass

    assert impl_module._impls["sqlite"] is SQLiteImpl


def test_unknown_dialect_says_what_to_do():
    class Dialect:
        name = "nosuchdb"

    with pytest.raises(
        CommandError, match="No migration implementation for dialect 'nosuchdb'.*__dialect__"
    ):
        DefaultImpl.get_by_dialect(Dialect())


def test_literal_binds_needs_as_sql():
    dialect = sa.create_engine("sqlite://").dialect
    with pytest.raises(CommandError, match="^Can't use literal_binds setting without as_sql mode$"):
        DefaultImpl(dialect, None, False, None, None, {"literal_binds": True})


def test_transactional_ddl_argument_overrides_class_default():
    dialect = sa.create_engine("sqlite://").dialect
    impl = DefaultImpl(dialect, None, True, True, io.StringIO(), {})
    assert impl.transactional_ddl is True
    assert DefaultImpl.transactional_ddl is False


def test_offline_params_are_refused(offline):
    o = offline("sqlite")
    with pytest.raises(TypeError, match="SQL parameters not allowed with as_sql"):
        o.impl._exec("SELECT :x", params={"x": 1})


def test_version_table_impl(offline):
    o = offline("sqlite")
    vt = o.impl.version_table_impl(
        version_table="my_versions", version_table_schema=None, version_table_pk=True
    )
    o.impl.create_table(vt)
    assert o.statements == [
        "CREATE TABLE my_versions (\n    version_num VARCHAR(32) NOT NULL, \n"
        "    CONSTRAINT my_versions_pkc PRIMARY KEY (version_num)\n);"
    ]
    no_pk = o.impl.version_table_impl(
        version_table="v", version_table_schema="s", version_table_pk=False
    )
    assert no_pk.schema == "s" and not no_pk.primary_key.columns
    assert no_pk.c.version_num.type.length == 32 and not no_pk.c.version_num.nullable


@pytest.fixture
def sqlite_impl(sqlite_url):
    from alembic.ddl.sqlite import SQLiteImpl

    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        yield SQLiteImpl(conn.dialect, conn, False, None, None, {}), conn
    engine.dispose()


def test_online_ddl_and_bulk_insert_on_sqlite(sqlite_impl):
    impl, conn = sqlite_impl
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("x", sa.String(10)),
    )
    impl.create_table(table)
    impl.bulk_insert(table, [{"id": 1, "x": "a"}, {"id": 2, "x": "b"}])
    impl.bulk_insert(table, [{"id": 3, "x": "c"}], multiinsert=False)
    impl.add_column("t", sa.Column("y", sa.Integer, server_default="7"))
    impl.alter_column("t", "x", name="x2")
    impl.rename_table("t", "t2")
    impl.create_index(
        sa.Index("ix_y", sa.Table("t2", sa.MetaData(), sa.Column("y", sa.Integer)).c.y)
    )
    rows = conn.execute(sa.text("SELECT id, x2, y FROM t2 ORDER BY id")).all()
    assert rows == [(1, "a", 7), (2, "b", 7), (3, "c", 7)]
    assert [ix["name"] for ix in sa.inspect(conn).get_indexes("t2")] == ["ix_y"]
    impl.drop_index(sa.Index("ix_y"))
    impl.drop_column("t2", sa.Column("y", sa.Integer))
    assert [c["name"] for c in sa.inspect(conn).get_columns("t2")] == ["id", "x2"]


def test_online_execute_with_execution_options(sqlite_impl):
    impl, conn = sqlite_impl
    impl.execute("CREATE TABLE e (a INTEGER)")
    impl.execute(sa.text("INSERT INTO e VALUES (4)"), execution_options={"no_parameters": True})
    assert impl.bind is conn
    assert conn.execute(sa.text("SELECT a FROM e")).scalar() == 4


def test_empty_bulk_insert_online_is_a_no_op(sqlite_impl):
    impl, conn = sqlite_impl
    table = sa.Table("b", sa.MetaData(), sa.Column("id", sa.Integer))
    impl.create_table(table)
    impl.bulk_insert(table, [])
    assert conn.execute(sa.text("SELECT count(*) FROM b")).scalar() == 0


@pytest.mark.parametrize(
    "dialect_name, conn_type, meta_type, differs",
    [
        ("postgresql", sa.String(10), sa.String(10), False),
        ("postgresql", sa.String(10), sa.String(20), True),
        ("postgresql", sa.String(10), sa.String(), False),
        ("postgresql", sa.Integer(), sa.String(10), True),
        ("postgresql", sa.Numeric(10, 2), sa.DECIMAL(10, 2), False),
        ("postgresql", sa.Float(), sa.Double(), False),
        ("postgresql", sa.DateTime(timezone=True), sa.DateTime(), True),
        ("mysql", mysql.TINYINT(), sa.Boolean(), False),
        ("mysql", mysql.VARCHAR(10, charset="utf8"), mysql.VARCHAR(10, charset="latin1"), True),
        ("oracle", oracle.VARCHAR2(5), sa.VARCHAR(5), False),
    ],
)
def test_compare_type(offline, dialect_name, conn_type, meta_type, differs):
    impl = offline(dialect_name).impl
    assert impl.compare_type(sa.Column("c", conn_type), sa.Column("c", meta_type)) is differs


def test_compare_server_default(offline):
    impl = offline("sqlite").impl
    col = sa.Column("c", sa.Integer)
    assert impl.compare_server_default(col, col, "'5'", "(5)") is False
    assert impl.compare_server_default(col, col, "'5'", "6") is True
    assert impl.compare_server_default(col, col, None, None) is False
    assert impl.compare_server_default(col, col, "0", None) is True
