"""The batch forms of the directives (``BatchOperations``): table name and
schema come from the ``batch_alter_table`` block; offline SQL on
PostgreSQL (``recreate="never"``) and SQLite (``copy_from``), and a real
SQLite recreate with data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String

from alembic.operations import BatchOperations, Operations
from alembic.runtime.migration import MigrationContext


def test_every_batch_directive_postgresql(offline):
    off = offline("postgresql")
    with off.op.batch_alter_table("t", schema="s") as b:
        assert isinstance(b, BatchOperations)
        b.add_column(Column("c", Integer))
        b.drop_column("d")
        b.alter_column("x", new_column_name="y", nullable=False, existing_type=Integer)
        b.create_index("ix_t_c", ["c"], unique=True)
        b.drop_index("ix_old")
        b.create_unique_constraint("uq_t_c", ["c"])
        b.create_foreign_key(
            "fk_t_p", "p", ["c"], ["id"], referent_schema="s2", ondelete="CASCADE"
        )
        b.create_check_constraint("ck_t_c", "c > 0")
        b.drop_constraint("ck_old", type_="check")
        b.create_primary_key("pk_t", ["id"])
        b.create_table_comment("hello")
        b.drop_table_comment(existing_comment="hello")
        b.execute("SELECT 1")
        # queued until the block ends; execute runs at once
        assert off.statements() == ["SELECT 1"]
    assert off.statements() == [
        "SELECT 1",
        "ALTER TABLE s.t ADD COLUMN c INTEGER",
        "ALTER TABLE s.t DROP COLUMN d",
        "ALTER TABLE s.t ALTER COLUMN x SET NOT NULL",
        "ALTER TABLE s.t RENAME x TO y",
        "CREATE UNIQUE INDEX ix_t_c ON s.t (c)",
        "DROP INDEX s.ix_old",
        "ALTER TABLE s.t ADD CONSTRAINT uq_t_c UNIQUE (c)",
        "ALTER TABLE s.t ADD CONSTRAINT fk_t_p FOREIGN KEY(c) REFERENCES s2.p (id) ON DELETE CASCADE",
        "ALTER TABLE s.t ADD CONSTRAINT ck_t_c CHECK (c > 0)",
        "ALTER TABLE s.t DROP CONSTRAINT ck_old",
        "ALTER TABLE s.t ADD CONSTRAINT pk_t PRIMARY KEY (id)",
        "COMMENT ON TABLE s.t IS 'hello'",
        "COMMENT ON TABLE s.t IS NULL",
    ]


def test_sqlite_batch_copy_from_offline(offline):
    off = offline("sqlite")
    t = sa.Table(
        "t",
        sa.MetaData(),
        Column("id", Integer, primary_key=True),
        Column("x", String(10)),
        Column("d", Integer),
    )
    with off.op.batch_alter_table("t", copy_from=t) as b:
        b.alter_column("x", type_=Integer, existing_type=String(10))
        b.drop_column("d")
    assert off.statements() == [
        "CREATE TABLE _alembic_tmp_t ( id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id) )",
        "INSERT INTO _alembic_tmp_t (id, x) SELECT t.id, CAST(t.x AS INTEGER) AS x FROM t",
        "DROP TABLE t",
        "ALTER TABLE _alembic_tmp_t RENAME TO t",
    ]


def test_insert_after_needs_recreate(offline):
    from alembic.util.exc import CommandError

    off = offline("postgresql")
    with (
        pytest.raises(CommandError, match="recreate='always'"),
        off.op.batch_alter_table("t") as b,
    ):
        b.add_column(Column("c", Integer), insert_after="id")


def test_bad_recreate_value(offline):
    off = offline("sqlite")
    with (
        pytest.raises(ValueError, match="recreate may be one of"),
        off.op.batch_alter_table("t", recreate="sometimes"),
    ):
        pass


def test_sqlite_batch_recreate_with_data(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            op = Operations(MigrationContext.configure(conn))
            op.create_table("p", Column("id", Integer, primary_key=True))
            op.create_table(
                "t",
                Column("id", Integer, primary_key=True),
                Column("x", String(10)),
                Column("gone", Integer),
            )
            op.bulk_insert(sa.table("p", sa.column("id")), [{"id": 1}])
            op.bulk_insert(
                sa.table("t", sa.column("id"), sa.column("x"), sa.column("gone")),
                [{"id": 1, "x": "10", "gone": 0}, {"id": 2, "x": "20", "gone": 0}],
            )
            with op.batch_alter_table("t") as b:
                b.alter_column(
                    "x", new_column_name="n", type_=Integer, existing_type=String(10)
                )
                b.add_column(
                    Column("pid", Integer, server_default="1"), insert_after="id"
                )
                b.drop_column("gone")
            with op.batch_alter_table("t") as b:
                b.create_unique_constraint("uq_t_n", ["n"])
                b.create_foreign_key("fk_t_p", "p", ["pid"], ["id"])
                b.create_check_constraint("ck_t_n", "n > 0")
                b.create_index("ix_t_pid", ["pid"])
            insp = sa.inspect(conn)
            assert [c["name"] for c in insp.get_columns("t")] == ["id", "pid", "n"]
            assert isinstance(insp.get_columns("t")[2]["type"], sa.Integer)
            assert [u["name"] for u in insp.get_unique_constraints("t")] == ["uq_t_n"]
            assert [f["name"] for f in insp.get_foreign_keys("t")] == ["fk_t_p"]
            assert [c["name"] for c in insp.get_check_constraints("t")] == ["ck_t_n"]
            assert [i["name"] for i in insp.get_indexes("t")] == ["ix_t_pid"]
            rows = conn.execute(sa.text("SELECT id, pid, n FROM t ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, 1, 10), (2, 1, 20)]

            with op.batch_alter_table("t") as b:
                b.drop_constraint("ck_t_n", type_="check")
                b.drop_index("ix_t_pid")
            insp = sa.inspect(conn)
            assert insp.get_check_constraints("t") == []
            assert insp.get_indexes("t") == []
    finally:
        engine.dispose()


def test_batch_flush_error_names_block(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            op = Operations(MigrationContext.configure(conn))
            op.create_table(
                "t", Column("id", Integer, primary_key=True), Column("v", Integer)
            )
            op.execute("INSERT INTO t (id, v) VALUES (1, NULL)")
            with (
                pytest.raises(sa.exc.IntegrityError) as info,
                op.batch_alter_table("t") as b,
            ):
                b.alter_column("v", nullable=False, existing_type=Integer)
            assert "op.batch_alter_table('t') failed" in str(info.value)
    finally:
        engine.dispose()
