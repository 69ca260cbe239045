"""Batch mode on PostgreSQL and MariaDB: plain ALTERs unless asked to
recreate, checked by reflection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def _server_engine(url):
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def _setup(conn):
    for name in ("child", "t"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(10), CONSTRAINT uq_t_b UNIQUE (b))"
    )
    conn.exec_driver_sql(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, tid INTEGER, CONSTRAINT fk_child_t FOREIGN KEY (tid) REFERENCES t (id) ON DELETE CASCADE)"
    )
    conn.exec_driver_sql("INSERT INTO t VALUES (1, 5, '7'), (2, 6, '8')")
    conn.exec_driver_sql("INSERT INTO child VALUES (1, 1), (2, 2)")


@pytest.mark.parametrize("url_fixture", ["pg_url", "mysql_url"])
def test_batch_applies_alters_in_place(request, url_fixture, make_ops):
    engine = _server_engine(request.getfixturevalue(url_fixture))
    with engine.begin() as conn:
        _setup(conn)
    statements = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with engine.begin() as conn:
        op = make_ops(conn)
        with op.batch_alter_table("t") as batch:
            batch.add_column(sa.Column("c", sa.Integer, server_default="4"))
            batch.alter_column(
                "b",
                type_=sa.Integer,
                existing_type=sa.String(10),
                existing_nullable=True,
                postgresql_using="b::integer",
            )
            batch.drop_constraint("uq_t_b", type_="unique")
            batch.create_index("ix_t_a", ["a"], unique=True)
            batch.create_check_constraint("ck_t_a", "a > 0")
    assert not any("_alembic_tmp" in s for s in statements)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        cols = {c["name"]: c for c in insp.get_columns("t")}
        assert list(cols) == ["id", "a", "b", "c"]
        assert isinstance(cols["b"]["type"], sa.Integer)
        assert insp.get_unique_constraints("t") == [] or [
            u["name"] for u in insp.get_unique_constraints("t")
        ] == ["ix_t_a"]
        assert "ix_t_a" in [ix["name"] for ix in insp.get_indexes("t")]
        assert "ck_t_a" in [c["name"] for c in insp.get_check_constraints("t")]
        assert conn.exec_driver_sql("SELECT id, a, b, c FROM t ORDER BY id").all() == [
            (1, 5, 7, 4),
            (2, 6, 8, 4),
        ]
        assert conn.exec_driver_sql("SELECT count(*) FROM child").scalar() == 2
    engine.dispose()


def test_postgresql_recreate_always_keeps_rows(pg_url, make_ops):
    engine = _server_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS child, t")
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER CONSTRAINT pk_t PRIMARY KEY, a INTEGER, junk TEXT, CONSTRAINT ck_a CHECK (a > 0))"
        )
        conn.exec_driver_sql("CREATE INDEX ix_t_a ON t (a)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1, 5, 'x'), (2, 6, 'y')")
    with engine.begin() as conn:
        with make_ops(conn).batch_alter_table("t", recreate="always") as batch:
            batch.drop_column("junk")
            batch.alter_column("a", new_column_name="amount", existing_type=sa.Integer)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        assert [c["name"] for c in insp.get_columns("t")] == ["id", "amount"]
        assert insp.get_pk_constraint("t")["name"] == "pk_t"
        assert [c["name"] for c in insp.get_check_constraints("t")] == ["ck_a"]
        assert [ix["name"] for ix in insp.get_indexes("t")] == ["ix_t_a"]
        assert conn.exec_driver_sql("SELECT id, amount FROM t ORDER BY id").all() == [
            (1, 5),
            (2, 6),
        ]
        assert not insp.has_table("_alembic_tmp_t")
    engine.dispose()
