"""Batch options: recreate decisions, column order, naming conventions,
offline ``copy_from``."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.util.exc import CommandError


@pytest.fixture
def engine(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1, 10, 20)")
    yield engine
    engine.dispose()


def _columns(conn, name="t"):
    return [c["name"] for c in sa.inspect(conn).get_columns(name)]


def test_auto_uses_alter_for_add_column_and_indexes(engine, make_ops, sql_of):
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("t") as batch:
            batch.add_column(sa.Column("c", sa.Integer, server_default="3"))
            batch.create_index("ix_t_a", ["a"])
        # an in-place ALTER keeps SQLite's original statement text
        assert sql_of(conn, "t").startswith(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER"
        )
        assert conn.exec_driver_sql("SELECT c FROM t").scalar() == 3


def test_auto_recreates_for_expression_default(engine, make_ops, sql_of):
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("t") as batch:
            batch.add_column(sa.Column("c", sa.Integer, server_default=sa.text("(1 + 1)")))
        assert sql_of(conn, "t").startswith('CREATE TABLE "t"')
        assert conn.exec_driver_sql("SELECT c FROM t").scalar() == 2


def test_never_emits_alter_even_where_sqlite_rejects_it(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(sa.exc.OperationalError, match='near "ALTER"'):
            with make_ops(conn).batch_alter_table("t", recreate="never") as batch:
                batch.alter_column("a", nullable=False)


def test_bad_recreate_value(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(
            ValueError, match="recreate may be one of 'auto', 'always', or 'never'."
        ):
            with make_ops(conn).batch_alter_table("t", recreate="sometimes"):
                pass


def test_insert_before_and_after(engine, make_ops):
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("t", recreate="always") as batch:
            batch.add_column(sa.Column("x", sa.Integer), insert_before="a")
            batch.add_column(sa.Column("y", sa.Integer), insert_after="x")
            batch.add_column(sa.Column("z", sa.Integer), insert_after="b")
            batch.add_column(sa.Column("last", sa.Integer))
        assert _columns(conn) == ["id", "x", "y", "a", "b", "z", "last"]
        assert conn.exec_driver_sql("SELECT id, a, b FROM t").all() == [(1, 10, 20)]


def test_insert_after_needs_recreate(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(
            CommandError, match="Can't specify insert_before or insert_after when using ALTER"
        ):
            with make_ops(conn).batch_alter_table("t", recreate="never") as batch:
                batch.add_column(sa.Column("x", sa.Integer), insert_after="id")


def test_partial_reordering(engine, make_ops):
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table(
            "t", recreate="always", partial_reordering=[("b", "a")]
        ):
            pass
        assert _columns(conn) == ["id", "b", "a"]
        assert conn.exec_driver_sql("SELECT a, b FROM t").all() == [(10, 20)]


def test_partial_reordering_needs_recreate_always(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(CommandError, match="partial_reordering requires recreate='always'"):
            with make_ops(conn).batch_alter_table("t", partial_reordering=[("b", "a")]):
                pass


def test_missing_column_is_named(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(CommandError, match="no column 'nope' in table 't'"):
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.alter_column("nope", nullable=False)


def test_naming_convention_names_unnamed_constraints_only(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE p (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql(
            "CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p (id), code VARCHAR(5), "
            "CONSTRAINT keep_me UNIQUE (code))"
        )
    convention = {
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "uq": "uq_%(table_name)s_%(constraint_name)s",
    }
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("c", naming_convention=convention) as batch:
            batch.drop_constraint("fk_c_pid_p", type_="foreignkey")
        assert sa.inspect(conn).get_foreign_keys("c") == []
        assert [u["name"] for u in sa.inspect(conn).get_unique_constraints("c")] == ["keep_me"]
    engine.dispose()


def test_reflected_named_check_can_be_dropped(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, CONSTRAINT ck_x CHECK (x > 0))"
        )
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("t") as batch:
            batch.drop_constraint("ck_x", type_="check")
        assert "CHECK" not in sql_of(conn, "t")
        with pytest.raises(ValueError, match="No such constraint: 'ck_x'"):
            with make_ops(conn).batch_alter_table("t") as batch:
                batch.drop_constraint("ck_x", type_="check")
    engine.dispose()


def test_offline_copy_from_output(make_offline):
    op, buf = make_offline("sqlite")
    copy = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("x", sa.String(5)),
    )
    with op.batch_alter_table("t", copy_from=copy) as batch:
        batch.alter_column("x", type_=sa.Integer, existing_type=sa.String(5))
    assert buf.getvalue() == (
        "CREATE TABLE _alembic_tmp_t (\n    id INTEGER NOT NULL, \n    x INTEGER, \n    PRIMARY KEY (id)\n);\n\n"
        "INSERT INTO _alembic_tmp_t (id, x) SELECT t.id, CAST(t.x AS INTEGER) AS x \nFROM t;\n\n"
        "DROP TABLE t;\n\n"
        "ALTER TABLE _alembic_tmp_t RENAME TO t;\n\n"
    )


def test_offline_without_copy_from_explains(make_offline):
    op, buf = make_offline("sqlite")
    with pytest.raises(CommandError) as err, op.batch_alter_table("t") as batch:
        batch.drop_column("x")
    assert str(err.value).startswith(
        "This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires "
        'a live database connection with which to reflect the table "t".'
    )
    assert '"copy_from"' in str(err.value)


def test_offline_copy_keeps_convention_names_of_type_checks(make_offline):
    md = sa.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
    copy = sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("flag", sa.Boolean(create_constraint=True, name="flag")),
        sa.Column("x", sa.Integer),
        sa.Index("ix_t_x", "x"),
    )
    op, buf = make_offline("sqlite")
    with op.batch_alter_table("t", copy_from=copy) as batch:
        batch.alter_column("x", new_column_name="y", existing_type=sa.Integer)
    out = buf.getvalue()
    assert "CONSTRAINT ck_t_flag CHECK (flag IN (0, 1))" in out
    assert "ck__alembic_tmp" not in out
    assert out.endswith(
        "ALTER TABLE _alembic_tmp_t RENAME TO t;\n\nCREATE INDEX ix_t_x ON t (y);\n\n"
    )


def test_offline_copy_keeps_deferred_convention_names(make_offline):
    md = sa.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(column_0_name)s"})
    copy = sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("flag", sa.Boolean(create_constraint=True)),
        sa.Column("mood", sa.Enum("sad", "ok", create_constraint=True)),
        sa.Column("gone", sa.Integer),
    )
    op, buf = make_offline("sqlite")
    with op.batch_alter_table("t", copy_from=copy) as batch:
        batch.drop_column("gone")
    out = buf.getvalue()
    assert "CONSTRAINT ck_t_flag CHECK (flag IN (0, 1))" in out
    assert "CONSTRAINT ck_t_mood CHECK (mood IN ('sad', 'ok'))" in out


def test_temp_table_name_is_cut_at_50_characters(make_offline):
    name = "a" * 60
    copy = sa.Table(name, sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    op, buf = make_offline("sqlite")
    with op.batch_alter_table(name, copy_from=copy, recreate="always"):
        pass
    assert f"CREATE TABLE {('_alembic_tmp_' + name)[:50]} (" in buf.getvalue()


def test_convention_needing_a_name_leaves_unnamed_check_alone(sqlite_url, make_ops, sql_of):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER, CHECK (x > 0), UNIQUE (y))"
        )
    convention = {
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
    }
    with engine.connect() as conn:
        with make_ops(conn).batch_alter_table("t", naming_convention=convention) as batch:
            batch.alter_column("x", nullable=False)
        create = sql_of(conn, "t")
        assert "CONSTRAINT uq_t_y UNIQUE (y)" in create and "CHECK (x > 0)" in create
        with make_ops(conn).batch_alter_table("t", naming_convention=convention) as batch:
            batch.drop_constraint("uq_t_y", type_="unique")
        assert "UNIQUE" not in sql_of(conn, "t")
    engine.dispose()


def test_missing_table_is_named(engine, make_ops):
    with engine.connect() as conn:
        with pytest.raises(
            CommandError, match=r"batch_alter_table\('nope'\): there is no table 'nope'"
        ):
            with make_ops(conn).batch_alter_table("nope") as batch:
                batch.drop_column("x")


def test_reflect_args_and_table_kwargs(engine, make_ops, sql_of):
    with engine.connect() as conn:
        reflect_args = [sa.Column("b", sa.Boolean(create_constraint=True, name="ck_t_b"))]
        conn.exec_driver_sql("UPDATE t SET b = 1")
        with make_ops(conn).batch_alter_table(
            "t", reflect_args=reflect_args, table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            batch.alter_column("a", nullable=False)
        create = sql_of(conn, "t")
        assert "CONSTRAINT ck_t_b CHECK (b IN (0, 1))" in create
        assert "AUTOINCREMENT" in create
        assert conn.exec_driver_sql("SELECT id, a, b FROM t").all() == [(1, 10, 1)]
