"""Batch "move and copy" on a real SQLite database with data in it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.util.exc import CommandError

SCHEMA = [
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, "
    "price VARCHAR(10), junk TEXT, CHECK (length(name) > 0), CONSTRAINT ck_price CHECK (price >= 0))",
    "CREATE INDEX ix_parent_name ON parent (name)",
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE)",
    "CREATE TABLE nullifying (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE SET NULL)",
    "CREATE VIEW expensive AS SELECT id, name FROM parent WHERE price > 5",
    "CREATE VIEW expensive_names AS SELECT name FROM expensive",
    "CREATE TRIGGER parent_audit AFTER INSERT ON parent BEGIN INSERT INTO child (parent_id) VALUES (new.id); END",
    "INSERT INTO parent VALUES (1, 'a', '5', 'j'), (2, 'b', '7', 'k'), (3, 'c', '10', 'l')",
    "DELETE FROM child",
    "INSERT INTO child VALUES (1, 1), (2, 2), (3, 3)",
    "INSERT INTO nullifying VALUES (1, 1), (2, 3)",
]


def _setup(engine):
    with engine.begin() as conn:
        for stmt in SCHEMA:
            conn.exec_driver_sql(stmt)


def _rebuild_parent(op):
    with op.batch_alter_table("parent") as batch:
        batch.alter_column("price", type_=sa.Integer, existing_type=sa.String(10))
        batch.drop_column("junk")


def _assert_everything_survived(conn, sql_of):
    rows = conn.exec_driver_sql("SELECT id, name, price FROM parent ORDER BY id").all()
    assert rows == [(1, "a", 5), (2, "b", 7), (3, "c", 10)]
    assert [type(r[2]) for r in rows] == [int, int, int]
    assert conn.exec_driver_sql("SELECT id, parent_id FROM child ORDER BY id").all() == [
        (1, 1),
        (2, 2),
        (3, 3),
    ]
    assert conn.exec_driver_sql("SELECT id, parent_id FROM nullifying ORDER BY id").all() == [
        (1, 1),
        (2, 3),
    ]
    assert conn.exec_driver_sql("SELECT id FROM expensive ORDER BY id").scalars().all() == [2, 3]
    assert conn.exec_driver_sql("SELECT name FROM expensive_names").scalars().all() == ["b", "c"]
    insp = sa.inspect(conn)
    assert [c["name"] for c in insp.get_columns("parent")] == ["id", "name", "price"]
    assert [ix["name"] for ix in insp.get_indexes("parent")] == ["ix_parent_name"]
    create = sql_of(conn, "parent")
    assert "CONSTRAINT ck_price CHECK (price >= 0)" in create
    assert "CHECK (length(name) > 0)" in create
    assert sql_of(conn, "parent_audit") is not None
    assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_recreate_keeps_rows_fks_checks_indexes_views(fk_engine, make_ops, sql_of):
    _setup(fk_engine)
    with fk_engine.connect() as conn:
        _rebuild_parent(make_ops(conn))
        conn.commit()
    with fk_engine.connect() as conn:
        _assert_everything_survived(conn, sql_of)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        for bad in (
            "INSERT INTO parent VALUES (9, '', 1)",
            "INSERT INTO parent VALUES (9, 'z', -1)",
        ):
            with pytest.raises(sa.exc.IntegrityError, match="CHECK constraint failed"):
                conn.exec_driver_sql(bad)
        conn.exec_driver_sql("INSERT INTO parent VALUES (4, 'd', 1)")  # the trigger still runs
        assert conn.exec_driver_sql("SELECT count(*) FROM child WHERE parent_id = 4").scalar() == 1
        conn.exec_driver_sql("DELETE FROM parent WHERE id = 1")  # the cascade still works
        assert conn.exec_driver_sql("SELECT count(*) FROM child WHERE parent_id = 1").scalar() == 0


def test_recreate_without_fk_enforcement(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    _setup(engine)
    with engine.connect() as conn:
        _rebuild_parent(make_ops(conn))
        conn.commit()
    with engine.connect() as conn:
        _assert_everything_survived(conn, sql_of)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    engine.dispose()


def test_recreate_inside_open_transaction_refuses_to_cascade(fk_engine, make_ops):
    _setup(fk_engine)
    with fk_engine.connect() as conn:
        conn.exec_driver_sql("UPDATE parent SET name = 'aa' WHERE id = 1")  # opens the transaction
        with pytest.raises(
            CommandError,
            match="ON DELETE CASCADE on the rows of table 'child'.*PRAGMA foreign_keys=OFF",
        ):
            _rebuild_parent(make_ops(conn))
        conn.rollback()
    with fk_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM child").scalar() == 3
        assert "junk" in [c["name"] for c in sa.inspect(conn).get_columns("parent")]


def test_recreate_inside_open_transaction_without_referencing_rows(fk_engine, make_ops):
    _setup(fk_engine)
    with fk_engine.connect() as conn:
        conn.exec_driver_sql("DELETE FROM child")
        conn.exec_driver_sql("DELETE FROM nullifying")
        _rebuild_parent(make_ops(conn))
        conn.commit()
        assert [c["name"] for c in sa.inspect(conn).get_columns("parent")] == [
            "id",
            "name",
            "price",
        ]


def test_foreign_key_check_failure_rolls_back(fk_engine, make_ops, sql_of):
    with fk_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER)")
        conn.exec_driver_sql("INSERT INTO p VALUES (1)")
        conn.exec_driver_sql("INSERT INTO c VALUES (1, 1), (2, 99)")
    before = None
    with fk_engine.connect() as conn:
        before = sql_of(conn, "c")
        op = make_ops(conn)
        with pytest.raises(CommandError, match=r"foreign_key_check reported 1 row.*rolled back"):
            with op.batch_alter_table("c") as batch:
                batch.create_foreign_key("fk_c_p", "p", ["pid"], ["id"])
        conn.rollback()
    with fk_engine.connect() as conn:
        assert sql_of(conn, "c") == before
        assert conn.exec_driver_sql("SELECT count(*) FROM c").scalar() == 2
        assert sql_of(conn, "_alembic_tmp_c") is None


def test_failed_copy_drops_the_temp_table(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1, NULL)")
    with engine.connect() as conn:
        op = make_ops(conn)
        with pytest.raises(sa.exc.IntegrityError, match="NOT NULL"):
            with op.batch_alter_table("t") as batch:
                batch.alter_column("x", nullable=False)
        assert sql_of(conn, "_alembic_tmp_t") is None
        assert conn.exec_driver_sql("SELECT * FROM t").all() == [(1, None)]
    engine.dispose()


def test_view_that_no_longer_works_fails_clearly(sqlite_url, make_ops):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
        conn.exec_driver_sql("CREATE VIEW vx AS SELECT x FROM t")
    with engine.connect() as conn:
        with pytest.raises(
            CommandError, match="could not recreate view 'vx'.*drop it before the batch block"
        ):
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.drop_column("x")
    engine.dispose()


def test_self_referential_fk_and_rename(fk_engine, make_ops, sql_of):
    with fk_engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node (id) ON DELETE CASCADE, "
            "label VARCHAR(5), CHECK (label <> 'bad'))"
        )
        conn.exec_driver_sql("INSERT INTO node VALUES (1, NULL, 'r'), (2, 1, 'c')")
    with fk_engine.connect() as conn:
        with make_ops(conn).batch_alter_table("node") as batch:
            batch.alter_column("label", new_column_name="title", existing_type=sa.String(5))
        conn.commit()
        assert conn.exec_driver_sql("SELECT id, parent, title FROM node").all() == [
            (1, None, "r"),
            (2, 1, "c"),
        ]
        fks = sa.inspect(conn).get_foreign_keys("node")
        assert [(fk["referred_table"], fk["options"].get("ondelete")) for fk in fks] == [
            ("node", "CASCADE")
        ]
        assert "CHECK (\"title\" <> 'bad')" in sql_of(conn, "node")


def test_unnamed_check_over_dropped_column_is_left_out_with_warning(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER, CHECK (x > 0), CHECK (y > 0))"
        )
    with engine.connect() as conn:
        with pytest.warns(
            UserWarning, match=r"leaves out the CHECK constraint.*x > 0.*dropped column\(s\) x"
        ):
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.drop_column("x")
        create = sql_of(conn, "t")
        assert "CHECK (y > 0)" in create and "x > 0" not in create
    engine.dispose()


def test_table_args_checks_replace_reflected_ones(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, CHECK (x > 0))")
    with engine.connect() as conn:
        args = (sa.CheckConstraint("x > 10", name="ck_big"),)
        with make_ops(conn).batch_alter_table("t", recreate="always", table_args=args):
            pass
        create = sql_of(conn, "t")
        assert "CONSTRAINT ck_big CHECK (x > 10)" in create and "x > 0" not in create
    engine.dispose()


def test_migration_transaction_with_fk_enforcement_never_loses_rows(fk_engine, make_ops):
    """The runtime opens a real SQLite transaction per migration: the pragma
    can't be switched off then, so the rebuild refuses instead of cascading."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    _setup(fk_engine)
    with fk_engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        with pytest.raises(CommandError, match="ON DELETE CASCADE"):
            with ctx.begin_transaction(_per_migration=True):
                conn.exec_driver_sql("BEGIN")  # as the runtime does before each migration
                _rebuild_parent(Operations(ctx))
    with fk_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM child").scalar() == 3
        assert conn.exec_driver_sql("SELECT count(*) FROM parent").scalar() == 3


def test_migration_transaction_after_pragma_off_in_env(fk_engine, make_ops, sql_of):
    """The way out the error names: enforcement off for the run (set in
    env.py before the transaction); the rebuild then keeps every row."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    _setup(fk_engine)
    with fk_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        ctx = MigrationContext.configure(conn)
        with ctx.begin_transaction(_per_migration=True):
            conn.exec_driver_sql("BEGIN")  # as the runtime does before each migration
            _rebuild_parent(Operations(ctx))
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        _assert_everything_survived(conn, sql_of)


def test_rebuilt_table_keeps_its_constraint_order(sqlite_url, make_ops, sql_of):
    """flaskbb's 'Add cascades' rebuilds tables with several unnamed foreign
    keys. Alembic 1.20.1 writes them in set order, which changes from run to
    run (the oracle gave 'b, a' and 'a, b' over five runs of this very
    rebuild); ours keeps the order the database lists them in, every time."""
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, "
            "d INTEGER, FOREIGN KEY(a) REFERENCES p (id), FOREIGN KEY(b) REFERENCES p (id), "
            "FOREIGN KEY(c) REFERENCES p (id), UNIQUE (a), UNIQUE (b))"
        )
        for _ in range(3):
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.alter_column("d", existing_type=sa.Integer, nullable=False)
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.alter_column("d", existing_type=sa.Integer, nullable=True)
        create = sql_of(conn, "t")
    engine.dispose()
    order = [line.strip() for line in create.splitlines() if "FOREIGN" in line or "UNIQUE" in line]
    assert order == [
        "FOREIGN KEY(a) REFERENCES p (id),",
        "FOREIGN KEY(b) REFERENCES p (id),",
        "FOREIGN KEY(c) REFERENCES p (id),",
        "UNIQUE (a),",
        "UNIQUE (b)",
    ]


def test_rebuilt_defaults_get_parentheses_as_alembic_writes_them(sqlite_url, make_ops, sql_of):
    """Alembic 1.20.1 (the oracle, on this very table) writes a reflected
    ``DEFAULT 10`` back as ``DEFAULT (10)`` and ``1.5`` as ``(1.5)``; a
    single digit stays bare, as does ``(0)`` (reflected as ``0``)."""
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n2 INTEGER DEFAULT 10, "
            "n1 INTEGER DEFAULT 5, d NUMERIC DEFAULT 1.5, e VARCHAR DEFAULT (0), c INTEGER)"
        )
        with make_ops(conn).batch_alter_table("t") as batch:
            batch.alter_column("c", existing_type=sa.Integer, nullable=False)
        create = sql_of(conn, "t")
    engine.dispose()
    assert [line.strip() for line in create.splitlines() if "DEFAULT" in line] == [
        "n2 INTEGER DEFAULT (10),",
        "n1 INTEGER DEFAULT 5,",
        "d NUMERIC DEFAULT (1.5),",
        "e VARCHAR DEFAULT 0,",
    ]
