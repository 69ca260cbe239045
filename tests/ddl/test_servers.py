"""The dialect impls run for real on PostgreSQL and MariaDB; each change is
checked by reflecting the schema afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.ddl.impl import DefaultImpl
from alembic.util.exc import CommandError


@pytest.fixture
def pg(pg_url):
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        impl = DefaultImpl.get_by_dialect(conn.dialect)(conn.dialect, conn, False, None, None, {})
        yield impl, conn
        conn.rollback()


@pytest.fixture
def maria(mysql_url):
    engine = sa.create_engine(mysql_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        for name in ("child", "t"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        impl = DefaultImpl.get_by_dialect(conn.dialect)(conn.dialect, conn, False, None, None, {})
        yield impl, conn


def _columns(conn, table):
    return {c["name"]: c for c in sa.inspect(conn).get_columns(table)}


def test_postgresql_alter_column_round_trip(pg):
    impl, conn = pg
    assert type(impl).__name__ == "PostgresqlImpl"
    conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x VARCHAR(10))")
    conn.exec_driver_sql("INSERT INTO t VALUES (1, '42')")
    impl.alter_column(
        "t", "x", type_=sa.Integer, existing_type=sa.String(10), postgresql_using="x::integer"
    )
    impl.alter_column("t", "x", nullable=False, server_default="5", comment="the x", name="y")
    cols = _columns(conn, "t")
    assert "x" not in cols
    assert isinstance(cols["y"]["type"], sa.Integer) and cols["y"]["nullable"] is False
    assert cols["y"]["default"] == "5" and cols["y"]["comment"] == "the x"
    assert conn.exec_driver_sql("SELECT y FROM t").scalar() == 42
    impl.alter_column(
        "t", "y", nullable=True, server_default=None, comment=None, existing_comment="the x"
    )
    cols = _columns(conn, "t")
    assert (
        cols["y"]["nullable"] is True
        and cols["y"]["default"] is None
        and cols["y"]["comment"] is None
    )


def test_postgresql_identity_round_trip(pg):
    impl, conn = pg
    conn.exec_driver_sql("CREATE TABLE ident (id INTEGER NOT NULL)")
    impl.alter_column(
        "ident", "id", server_default=sa.Identity(start=10), existing_server_default=None
    )
    conn.exec_driver_sql("INSERT INTO ident DEFAULT VALUES")
    assert conn.exec_driver_sql("SELECT id FROM ident").scalar() == 10
    impl.alter_column(
        "ident",
        "id",
        server_default=sa.Identity(start=10, increment=5, always=True),
        existing_server_default=sa.Identity(start=10),
    )
    identity = _columns(conn, "ident")["id"]["identity"]
    assert identity["always"] is True and identity["increment"] == 5
    impl.alter_column("ident", "id", server_default=None, existing_server_default=sa.Identity())
    assert "identity" not in _columns(conn, "ident")["id"]


def test_postgresql_exclude_constraint_through_operations(pg):
    from alembic.ddl.postgresql import CreateExcludeConstraintOp
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    impl, conn = pg
    conn.exec_driver_sql("CREATE TABLE booking (room INTEGER, during TSRANGE)")
    op = Operations(MigrationContext.configure(conn))
    op.create_exclude_constraint(
        "no_overlap", "booking", ("during", "&&"), using="gist", where="room > 0"
    )
    row = conn.exec_driver_sql(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'no_overlap'"
    ).scalar()
    assert row == "EXCLUDE USING gist (during WITH &&) WHERE ((room > 0))"
    conn.exec_driver_sql("INSERT INTO booking VALUES (1, '[2024-01-01, 2024-01-05)')")
    with pytest.raises(sa.exc.IntegrityError):
        with conn.begin_nested():
            conn.exec_driver_sql("INSERT INTO booking VALUES (2, '[2024-01-03, 2024-01-04)')")
    assert CreateExcludeConstraintOp.__module__ == "alembic.ddl.postgresql"


def test_postgresql_rename_table_and_drop(pg):
    impl, conn = pg
    conn.exec_driver_sql("CREATE TABLE r1 (a INTEGER)")
    impl.rename_table("r1", "r2")
    assert sa.inspect(conn).has_table("r2") and not sa.inspect(conn).has_table("r1")


def test_mariadb_change_and_modify(maria):
    impl, conn = maria
    assert type(impl).__name__ == "MySQLImpl" and conn.dialect.is_mariadb
    conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x VARCHAR(10) NULL)")
    conn.exec_driver_sql("INSERT INTO t VALUES (1, '7')")
    impl.alter_column(
        "t", "x", type_=sa.Integer, existing_type=sa.String(10), existing_nullable=True
    )
    impl.alter_column("t", "x", nullable=False, existing_type=sa.Integer, comment="cmt")
    impl.alter_column(
        "t",
        "x",
        name="y",
        existing_type=sa.Integer,
        existing_nullable=False,
        existing_comment="cmt",
    )
    impl.alter_column("t", "y", server_default="3", existing_type=sa.Integer)
    cols = _columns(conn, "t")
    assert isinstance(cols["y"]["type"], sa.Integer) and cols["y"]["nullable"] is False
    assert cols["y"]["comment"] == "cmt" and cols["y"]["default"] == "3"
    assert conn.exec_driver_sql("SELECT y FROM t").scalar() == 7
    with pytest.raises(CommandError, match="require the existing type.*existing_type="):
        impl.alter_column("t", "y", nullable=True)


def test_mariadb_drops_constraints_by_type(maria):
    impl, conn = maria
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT uq_a UNIQUE (a), CONSTRAINT ck_a CHECK (a > 0))"
    )
    conn.exec_driver_sql(
        "CREATE TABLE child (id INTEGER, tid INTEGER, CONSTRAINT fk_child_t FOREIGN KEY (tid) REFERENCES t (id))"
    )
    md = sa.MetaData()
    t = sa.Table("t", md, sa.Column("id", sa.Integer), sa.Column("a", sa.Integer))
    child = sa.Table("child", md, sa.Column("tid", sa.Integer))
    fk = sa.ForeignKeyConstraint(["tid"], ["t.id"], name="fk_child_t")
    child.append_constraint(fk)
    uq, ck = sa.UniqueConstraint("a", name="uq_a"), sa.CheckConstraint("a > 0", name="ck_a")
    t.append_constraint(uq)
    t.append_constraint(ck)
    for const in (fk, uq, ck):
        impl.drop_constraint(const)
    insp = sa.inspect(conn)
    assert insp.get_foreign_keys("child") == []
    assert insp.get_unique_constraints("t") == []
    assert [c["name"] for c in insp.get_check_constraints("t")] == []
    generic = sa.schema.Constraint(name="ck_a")
    generic._set_parent(t)
    with pytest.raises(NotImplementedError, match="please specify constraint type"):
        impl.drop_constraint(generic)
