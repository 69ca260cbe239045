"""Round trips on real SQLite, PostgreSQL and MariaDB: apply a directive,
reflect and assert, apply its reverse, reflect and assert again."""

from __future__ import annotations

import contextlib
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String

from alembic.operations import Operations, ops
from alembic.runtime.migration import MigrationContext


@contextlib.contextmanager
def online(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            yield Operations(MigrationContext.configure(conn)), conn
    finally:
        engine.dispose()


def _name(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:6]}"


def _tables(conn):
    return set(sa.inspect(conn).get_table_names())


def _columns(conn, table):
    return {c["name"]: c for c in sa.inspect(conn).get_columns(table)}


def _model(parent, child):
    m = sa.MetaData()
    p = sa.Table(
        parent,
        m,
        Column("id", Integer, primary_key=True),
        Column("code", String(20), nullable=False),
        sa.UniqueConstraint("code", name=f"uq_{parent}_code"),
    )
    c = sa.Table(
        child,
        m,
        Column("id", Integer, primary_key=True),
        Column("parent_id", Integer, sa.ForeignKey(f"{parent}.id"), nullable=False),
        Column("note", String(50), server_default="n/a"),
    )
    sa.Index(f"ix_{child}_parent_id", c.c.parent_id)
    return p, c


def test_create_and_drop_tables(any_db_url):
    parent, child = _name("par"), _name("chi")
    p, c = _model(parent, child)
    with online(any_db_url) as (op, conn):
        op.invoke(ops.CreateTableOp.from_table(p))
        op.invoke(ops.CreateTableOp.from_table(c))
        op.invoke(ops.CreateIndexOp.from_index(next(iter(c.indexes))))
        insp = sa.inspect(conn)
        assert {parent, child} <= set(insp.get_table_names())
        assert insp.get_pk_constraint(parent)["constrained_columns"] == ["id"]
        assert [u["column_names"] for u in insp.get_unique_constraints(parent)] == [
            ["code"]
        ]
        fks = insp.get_foreign_keys(child)
        assert [(f["constrained_columns"], f["referred_table"]) for f in fks] == [
            (["parent_id"], parent)
        ]
        cols = _columns(conn, child)
        assert cols["parent_id"]["nullable"] is False
        assert "n/a" in str(cols["note"]["default"])
        assert f"ix_{child}_parent_id" in {i["name"] for i in insp.get_indexes(child)}

        op.invoke(ops.DropTableOp.from_table(c))
        op.invoke(ops.DropTableOp.from_table(p))
        assert not {parent, child} & _tables(conn)


def test_create_table_returns_table_for_bulk_insert(any_db_url):
    name = _name("bulk")
    with online(any_db_url) as (op, conn):
        table = op.create_table(
            name, Column("id", Integer, primary_key=True), Column("v", String(10))
        )
        op.bulk_insert(table, [{"id": 1, "v": "a"}, {"id": 2, "v": "b"}])
        op.bulk_insert(table, [{"id": 3, "v": "c"}], multiinsert=False)
        op.execute(
            table.update().where(table.c.id == op.inline_literal(2)).values(v="z")
        )
        rows = conn.execute(sa.select(table.c.id, table.c.v).order_by(table.c.id)).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "z"), (3, "c")]
        op.drop_table(name)
        assert name not in _tables(conn)


def test_if_exists_and_if_not_exists(any_db_url):
    name = _name("ife")
    with online(any_db_url) as (op, conn):
        op.create_table(
            name, Column("id", Integer, primary_key=True), if_not_exists=True
        )
        op.create_table(
            name, Column("id", Integer, primary_key=True), if_not_exists=True
        )
        op.create_index(f"ix_{name}", name, ["id"], if_not_exists=True)
        op.create_index(f"ix_{name}", name, ["id"], if_not_exists=True)
        op.drop_index(f"ix_{name}", name, if_exists=True)
        op.drop_index(f"ix_{name}", name, if_exists=True)
        assert sa.inspect(conn).get_indexes(name) == []
        op.drop_table(name, if_exists=True)
        op.drop_table(name, if_exists=True)
        assert name not in _tables(conn)


def test_add_and_drop_column(any_db_url):
    name = _name("col")
    with online(any_db_url) as (op, conn):
        op.create_table(name, Column("id", Integer, primary_key=True))
        add = ops.AddColumnOp(name, Column("extra", String(30), server_default="x"))
        op.invoke(add)
        assert set(_columns(conn, name)) == {"id", "extra"}
        op.invoke(add.reverse())
        assert set(_columns(conn, name)) == {"id"}
        op.drop_table(name)


def test_rename_table_and_back(any_db_url):
    name, new = _name("ren"), _name("ren2")
    with online(any_db_url) as (op, conn):
        op.create_table(name, Column("id", Integer, primary_key=True))
        op.rename_table(name, new)
        assert new in _tables(conn) and name not in _tables(conn)
        op.rename_table(new, name)
        assert name in _tables(conn) and new not in _tables(conn)
        op.drop_table(name)


def test_index_unique_and_reverse(any_db_url):
    name = _name("idx")
    with online(any_db_url) as (op, conn):
        op.create_table(
            name,
            Column("id", Integer, primary_key=True),
            Column("a", Integer),
            Column("b", Integer),
        )
        create = ops.CreateIndexOp(f"ix_{name}_ab", name, ["a", "b"], unique=True)
        op.invoke(create)
        indexes = sa.inspect(conn).get_indexes(name)
        assert [(i["name"], i["column_names"], bool(i["unique"])) for i in indexes] == [
            (f"ix_{name}_ab", ["a", "b"], True)
        ]
        op.invoke(create.reverse())
        assert sa.inspect(conn).get_indexes(name) == []
        op.drop_table(name)


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request):
    return request.getfixturevalue(
        "pg_url" if request.param == "postgresql" else "mysql_url"
    )


def test_alter_column_and_reverse(server_url):
    name = _name("alt")
    with online(server_url) as (op, conn):
        op.create_table(
            name, Column("id", Integer, primary_key=True), Column("x", String(10))
        )
        alter = ops.AlterColumnOp(
            name,
            "x",
            existing_type=String(10),
            existing_nullable=True,
            modify_type=String(40),
            modify_nullable=False,
            modify_server_default="d",
            existing_server_default=None,
            modify_name="y",
        )
        op.invoke(alter)
        col = _columns(conn, name)["y"]
        assert col["type"].length == 40 and col["nullable"] is False
        assert "d" in str(col["default"])
        assert "x" not in _columns(conn, name)
        op.invoke(alter.reverse())
        col = _columns(conn, name)["x"]
        assert col["type"].length == 10 and col["nullable"] is True
        assert col["default"] in (None, "NULL")
        op.drop_table(name)


def test_constraints_and_reverse(server_url):
    parent, child = _name("cp"), _name("cc")
    with online(server_url) as (op, conn):
        op.create_table(
            parent, Column("id", Integer, nullable=False), Column("code", String(5))
        )
        op.create_table(
            child, Column("id", Integer, primary_key=True), Column("pid", Integer)
        )
        pk = ops.CreatePrimaryKeyOp(f"pk_{parent}", parent, ["id"])
        uq = ops.CreateUniqueConstraintOp(f"uq_{parent}", parent, ["code"])
        fk = ops.CreateForeignKeyOp(
            f"fk_{child}", child, parent, ["pid"], ["id"], ondelete="CASCADE"
        )
        ck = ops.CreateCheckConstraintOp(f"ck_{child}", child, "pid > 0")
        for add in (pk, uq, fk, ck):
            op.invoke(add)
        insp = sa.inspect(conn)
        assert insp.get_pk_constraint(parent)["constrained_columns"] == ["id"]
        assert [u["name"] for u in insp.get_unique_constraints(parent)] == [
            f"uq_{parent}"
        ]
        fks = insp.get_foreign_keys(child)
        assert [(f["name"], f["options"].get("ondelete")) for f in fks] == [
            (f"fk_{child}", "CASCADE")
        ]
        assert f"ck_{child}" in {c["name"] for c in insp.get_check_constraints(child)}
        for add in (ck, fk, uq):
            op.invoke(add.reverse())
        insp = sa.inspect(conn)
        assert insp.get_foreign_keys(child) == []
        assert insp.get_unique_constraints(parent) == []
        assert f"ck_{child}" not in {
            c["name"] for c in insp.get_check_constraints(child)
        }
        op.drop_table(child)
        op.drop_table(parent)


def test_table_comment_and_reverse(server_url):
    name = _name("cmt")
    with online(server_url) as (op, conn):
        op.create_table(name, Column("id", Integer, primary_key=True))
        set_op = ops.CreateTableCommentOp(name, "first")
        op.invoke(set_op)
        assert sa.inspect(conn).get_table_comment(name)["text"] == "first"
        change = ops.CreateTableCommentOp(name, "second", existing_comment="first")
        op.invoke(change)
        assert sa.inspect(conn).get_table_comment(name)["text"] == "second"
        op.invoke(change.reverse())
        assert sa.inspect(conn).get_table_comment(name)["text"] == "first"
        op.invoke(set_op.reverse())
        assert sa.inspect(conn).get_table_comment(name)["text"] in (None, "")
        op.drop_table(name)


def test_sqlite_constraint_alter_points_to_batch(sqlite_url):
    with online(sqlite_url) as (op, _conn):
        op.create_table(
            "t", Column("id", Integer, primary_key=True), Column("a", Integer)
        )
        with pytest.raises(NotImplementedError, match="batch mode"):
            op.create_unique_constraint("uq_t_a", "t", ["a"])


def test_missing_table_error_names_operation_and_file(any_db_url):
    with online(any_db_url) as (op, _conn), pytest.raises(sa.exc.DBAPIError) as info:
        op.drop_column("no_such_table", "x")
    text = str(info.value)
    assert "op.drop_column('no_such_table', 'x') failed in migration file" in text
    assert __file__ in text
    # the database's own message is still there, and the type unchanged
    assert str(info.value.orig) in text
    assert "no_such_table" in str(info.value.orig)


def test_missing_column_error_names_operation(server_url):
    name = _name("mc")
    with online(server_url) as (op, _conn):
        op.create_table(name, Column("id", Integer, primary_key=True))
        with pytest.raises(sa.exc.DBAPIError) as info:
            op.alter_column(name, "ghost", nullable=False, existing_type=Integer)
    assert (
        f"op.alter_column('{name}', 'ghost') failed in migration file {__file__}"
        in str(info.value)
    )
