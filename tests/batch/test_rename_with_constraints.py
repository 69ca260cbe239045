"""Constraints added in the same batch as a rename of their columns survive
the table rebuild (Alembic drops them silently)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


@pytest.fixture
def conn(fk_engine):
    with fk_engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE p (id INTEGER PRIMARY KEY, code INTEGER UNIQUE)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, z INTEGER, w INTEGER)"
        )
        connection.exec_driver_sql("INSERT INTO p VALUES (1, 10), (2, 20)")
        connection.exec_driver_sql("INSERT INTO t VALUES (1, 10, 1, 5), (2, 20, 1, 6)")
        yield connection


def test_unique_on_renamed_column_is_created(conn, make_ops):
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.alter_column("x", new_column_name="y")
        batch.create_unique_constraint("uq_y", ["y"])
        batch.create_unique_constraint("uq_yz", ["z", "y"])
    uniques = {
        u["name"]: u["column_names"]
        for u in sa.inspect(conn).get_unique_constraints("t")
    }
    assert uniques == {"uq_y": ["y"], "uq_yz": ["z", "y"]}
    assert conn.exec_driver_sql("SELECT id, y FROM t ORDER BY id").all() == [
        (1, 10),
        (2, 20),
    ]
    with pytest.raises(sa.exc.IntegrityError):
        conn.exec_driver_sql("INSERT INTO t (id, y, z) VALUES (3, 10, 9)")


def test_foreign_key_on_renamed_column(conn, make_ops):
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.alter_column("x", new_column_name="code_ref")
        batch.create_foreign_key("fk_t_p", "p", ["code_ref"], ["code"])
    fks = sa.inspect(conn).get_foreign_keys("t")
    assert [
        (f["name"], f["constrained_columns"], f["referred_columns"]) for f in fks
    ] == [("fk_t_p", ["code_ref"], ["code"])]
    conn.exec_driver_sql("INSERT INTO t (id, code_ref) VALUES (3, 99)")
    assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == [("t", 3, "p", 0)]
    conn.exec_driver_sql("DELETE FROM t WHERE id = 3")


@pytest.mark.parametrize("url_fixture", ["pg_url", "mysql_url"])
def test_recreate_always_on_servers_keeps_the_constraint(
    request, url_fixture, make_ops
):
    engine = sa.create_engine(
        request.getfixturevalue(url_fixture), poolclass=sa.pool.NullPool
    )
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS rt")
        connection.exec_driver_sql(
            "CREATE TABLE rt (id INTEGER PRIMARY KEY, x INTEGER)"
        )
        connection.exec_driver_sql("INSERT INTO rt VALUES (1, 10), (2, 20)")
    with engine.begin() as connection:
        op = make_ops(connection)
        with op.batch_alter_table("rt", recreate="always") as batch:
            batch.alter_column("x", new_column_name="y", existing_type=sa.Integer)
            batch.create_unique_constraint("uq_rt_y", ["y"])
    with engine.connect() as connection:
        uniques = sa.inspect(connection).get_unique_constraints("rt")
        assert [(u["name"], u["column_names"]) for u in uniques] == [("uq_rt_y", ["y"])]
        rows = connection.exec_driver_sql("SELECT id, y FROM rt ORDER BY id").all()
        assert [tuple(r) for r in rows] == [(1, 10), (2, 20)]
    engine.dispose()


def test_a_renamed_column_is_found_by_its_new_name_later_in_the_batch(conn, make_ops):
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.alter_column("x", new_column_name="tmp")
        batch.alter_column("w", new_column_name="x")
        batch.alter_column("tmp", new_column_name="w", nullable=False)
        batch.create_unique_constraint("uq_x", ["x"])
        batch.alter_column("z", new_column_name="gone")
        batch.drop_column("gone")
    insp = sa.inspect(conn)
    columns = {c["name"]: c["nullable"] for c in insp.get_columns("t")}
    assert sorted(columns) == ["id", "w", "x"]
    assert (columns["w"], columns["x"]) == (False, True)
    uniques = insp.get_unique_constraints("t")
    assert [(u["name"], u["column_names"]) for u in uniques] == [("uq_x", ["x"])]
    # x now holds what w held, and w what x held
    assert conn.exec_driver_sql("SELECT x, w FROM t ORDER BY id").all() == [
        (5, 10),
        (6, 20),
    ]
