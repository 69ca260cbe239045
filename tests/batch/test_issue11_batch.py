"""Batch rebuilds on real SQLite that real histories hit (issue 11, items 1
and 2): the CHECK a column's new ``Boolean``/``Enum`` type brings, and
dropping primary-key columns.  Expected CREATE TABLE texts and rows were
taken from Alembic 1.20.1 (bench/.venv-ref) running the same operations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


@pytest.fixture
def conn(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def _checks(conn) -> list[tuple[str | None, str]]:
    """(name, sqltext) of the reflected CHECK constraints of table t."""
    found = sa.inspect(conn).get_check_constraints("t")
    return sorted(((c["name"], c["sqltext"]) for c in found), key=repr)


def test_alter_column_to_boolean_and_enum_keeps_their_checks(conn, make_ops, sql_of):
    """Expected text from Alembic 1.20.1: named type CHECKs first, then the
    unnamed one."""
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER, status VARCHAR(10), other VARCHAR(5))"
    )
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.alter_column(
            "flag", type_=sa.Boolean(create_constraint=True), existing_type=sa.Integer
        )
        batch.alter_column(
            "status",
            type_=sa.Enum("a", "b", name="st", create_constraint=True, native_enum=False),
        )
        batch.alter_column("other", type_=sa.Boolean(create_constraint=True, name="ck_other"))
    assert sql_of(conn, "t") == (
        'CREATE TABLE "t" (\n'
        "\tid INTEGER, \n"
        "\tflag BOOLEAN, \n"
        "\tstatus VARCHAR(1), \n"
        "\tother BOOLEAN, \n"
        "\tPRIMARY KEY (id), \n"
        "\tCONSTRAINT st CHECK (status IN ('a', 'b')), \n"
        "\tCONSTRAINT ck_other CHECK (other IN (0, 1)), \n"
        "\tCHECK (flag IN (0, 1))\n"
        ")"
    )
    assert _checks(conn) == [
        ("ck_other", "other IN (0, 1)"),
        ("st", "status IN ('a', 'b')"),
        (None, "flag IN (0, 1)"),
    ]
    with pytest.raises(sa.exc.IntegrityError):
        conn.exec_driver_sql("INSERT INTO t (id, flag) VALUES (1, 7)")


def test_add_column_with_boolean_check_has_it_once(conn, make_ops, sql_of):
    """Alembic 1.20.1 makes one CHECK per new Boolean column: named ones
    with the named constraints, the unnamed one last."""
    conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER)")
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.add_column(sa.Column("e", sa.Boolean(create_constraint=True)))
        batch.add_column(sa.Column("d", sa.Boolean(create_constraint=True, name="dd")))
        batch.alter_column(
            "c", type_=sa.Boolean(create_constraint=True, name="cc"), existing_type=sa.Integer
        )
    assert sql_of(conn, "t") == (
        'CREATE TABLE "t" (\n'
        "\tid INTEGER, \n"
        "\tc BOOLEAN, \n"
        "\te BOOLEAN, \n"
        "\td BOOLEAN, \n"
        "\tPRIMARY KEY (id), \n"
        "\tCONSTRAINT dd CHECK (d IN (0, 1)), \n"
        "\tCONSTRAINT cc CHECK (c IN (0, 1)), \n"
        "\tCHECK (e IN (0, 1))\n"
        ")"
    )


def test_new_type_replaces_the_old_types_check(conn, make_ops):
    """From Boolean back to Integer the old CHECK goes; with copy_from a new
    Enum's CHECK keeps its own name (Alembic 1.20.1: ``CONSTRAINT pq``)."""
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER NOT NULL, a BOOLEAN, c BOOLEAN, PRIMARY KEY (id), "
        "CONSTRAINT cc CHECK (c IN (0, 1)), CHECK (a IN (0, 1)))"
    )
    src = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Boolean(create_constraint=True)),
        sa.Column("c", sa.Boolean(create_constraint=True, name="cc")),
    )
    op = make_ops(conn)
    with op.batch_alter_table("t", copy_from=src, recreate="always") as batch:
        batch.alter_column(
            "a", type_=sa.Integer, existing_type=sa.Boolean(create_constraint=True)
        )
        batch.alter_column(
            "c",
            type_=sa.Enum("p", "q", name="pq", create_constraint=True, native_enum=False),
            existing_type=sa.Boolean(create_constraint=True, name="cc"),
        )
    assert _checks(conn) == [("pq", "c IN ('p', 'q')")]
    conn.exec_driver_sql("INSERT INTO t (id, a) VALUES (1, 7)")


def test_reflected_unnamed_type_check_goes_with_the_type(conn, make_ops):
    """Alembic 1.20.1 leaves the CHECK out of the rebuilt table; ours keeps
    unnamed reflected CHECKs in general, but not the old type's own."""
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, flag BOOLEAN, CHECK (flag IN (0, 1)))"
    )
    op = make_ops(conn)
    with op.batch_alter_table("t") as batch:
        batch.alter_column(
            "flag", type_=sa.Integer, existing_type=sa.Boolean(create_constraint=True)
        )
    assert _checks(conn) == []


PK_ONE = (
    "CREATE TABLE t (id INTEGER NOT NULL, code VARCHAR(5) NOT NULL, x INTEGER, PRIMARY KEY (id))",
    "INSERT INTO t VALUES (1, 'a', 5)",
)
PK_TWO = (
    (
        "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, c INTEGER, "
        "CONSTRAINT pk_t PRIMARY KEY (a, b))"
    ),
    "INSERT INTO t VALUES (1, 2, 3)",
)


def _drop_id(batch):
    batch.drop_column("id")


def _drop_id_new_pk(batch):
    batch.drop_column("id")
    batch.create_primary_key("pk_code", ["code"])


def _drop_b(batch):
    batch.drop_column("b")


def _drop_b_new_pk(batch):
    batch.drop_column("b")
    batch.create_primary_key("pk_t2", ["a", "c"])


def _drop_pk_then_b(batch):
    batch.drop_constraint("pk_t", type_="primary")
    batch.drop_column("b")
    batch.create_primary_key("pk_t", ["a"])


@pytest.mark.parametrize(
    "schema, change, pk, rows",
    [
        (PK_ONE, _drop_id, {"constrained_columns": [], "name": None}, [("a", 5)]),
        (PK_ONE, _drop_id_new_pk, {"constrained_columns": ["code"], "name": "pk_code"}, [("a", 5)]),
        (PK_TWO, _drop_b, {"constrained_columns": ["a"], "name": "pk_t"}, [(1, 3)]),
        (PK_TWO, _drop_b_new_pk, {"constrained_columns": ["a", "c"], "name": "pk_t2"}, [(1, 3)]),
        (PK_TWO, _drop_pk_then_b, {"constrained_columns": ["a"], "name": "pk_t"}, [(1, 3)]),
    ],
    ids=["drop-pk-col", "drop-pk-col+create_primary_key", "drop-one-of-two",
         "drop-one-of-two+new-pk", "drop_constraint+drop+create"],
)
def test_drop_primary_key_column(conn, make_ops, schema, change, pk, rows):
    """Crashed with ``AttributeError: remove``; the primary keys and rows
    expected here are Alembic 1.20.1's."""
    for stmt in schema:
        conn.exec_driver_sql(stmt)
    with make_ops(conn).batch_alter_table("t") as batch:
        change(batch)
    assert sa.inspect(conn).get_pk_constraint("t") == pk
    assert conn.exec_driver_sql("SELECT * FROM t").all() == rows


def test_drop_primary_key_column_copy_from(conn, make_ops, sql_of):
    """copy_from: the given Table is left as it was (Alembic 1.20.1 gives
    the same CREATE TABLE)."""
    for stmt in PK_ONE:
        conn.exec_driver_sql(stmt)
    src = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(5), nullable=False),
        sa.Column("x", sa.Integer),
    )
    with make_ops(conn).batch_alter_table("t", copy_from=src) as batch:
        _drop_id_new_pk(batch)
    assert sql_of(conn, "t") == (
        'CREATE TABLE "t" (\n'
        "\tcode VARCHAR(5) NOT NULL, \n"
        "\tx INTEGER, \n"
        "\tCONSTRAINT pk_code PRIMARY KEY (code)\n"
        ")"
    )
    assert [c.name for c in src.primary_key.columns] == ["id"]


def test_rebuild_writes_reflected_defaults_back_in_parentheses(conn, make_ops, sql_of):
    """Item 3: the DEFAULT text of the rebuilt table is Alembic 1.20.1's
    (taken from it): ``('')`` and ``(CURRENT_TIMESTAMP)`` keep their
    parentheses, quoted strings and integers stay bare."""
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(10) DEFAULT (''), "
        "b INTEGER DEFAULT ((1 + 2)), c TIMESTAMP DEFAULT (CURRENT_TIMESTAMP), "
        "d VARCHAR DEFAULT 'x', e INTEGER DEFAULT 5, g VARCHAR(3) DEFAULT '', "
        "h INTEGER DEFAULT (-1), j REAL DEFAULT 1.5, n TEXT DEFAULT NULL)"
    )
    before = {c["name"]: c["default"] for c in sa.inspect(conn).get_columns("t")}
    with make_ops(conn).batch_alter_table("t", recreate="always") as batch:
        batch.add_column(sa.Column("y", sa.String, server_default=""))
    assert sql_of(conn, "t") == (
        'CREATE TABLE "t" (\n'
        "\tid INTEGER, \n"
        "\ta VARCHAR(10) DEFAULT (''), \n"
        "\tb INTEGER DEFAULT (1 + 2), \n"
        "\tc TIMESTAMP DEFAULT (CURRENT_TIMESTAMP), \n"
        "\td VARCHAR DEFAULT 'x', \n"
        "\te INTEGER DEFAULT 5, \n"
        "\tg VARCHAR(3) DEFAULT (''), \n"
        "\th INTEGER DEFAULT (-1), \n"
        "\tj REAL DEFAULT (1.5), \n"
        "\tn TEXT DEFAULT (NULL), \n"
        "\ty VARCHAR DEFAULT '', \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    )
    after = {c["name"]: c["default"] for c in sa.inspect(conn).get_columns("t")}
    for name in ("a", "c", "g"):
        assert after[name] == before[name]


def test_mlflow_run_status_pattern(conn, make_ops):
    """mlflow's history (revision cfd24bdc0731 and the is_nan migrations)
    changes a named Enum CHECK into an unnamed one and a column into
    ``Boolean(create_constraint=True)``; Alembic 1.20.1 ends with exactly
    these CHECK constraints (taken from it)."""
    conn.exec_driver_sql(
        "CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, status VARCHAR(9), "
        "source_type VARCHAR(20), CONSTRAINT run_pk PRIMARY KEY (run_uuid), "
        "CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED')), "
        "CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB')))"
    )
    conn.exec_driver_sql(
        "CREATE TABLE t (key VARCHAR(250) NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, "
        "PRIMARY KEY (key))"
    )
    op = make_ops(conn)
    old = ["SCHEDULED", "FAILED"]
    with op.batch_alter_table("runs", table_args=[]) as batch:
        batch.alter_column(
            "status",
            type_=sa.Enum(*old, "KILLED", create_constraint=True, native_enum=False),
            existing_type=sa.Enum(*old, create_constraint=True, native_enum=False, name="status"),
        )
    with op.batch_alter_table("t") as batch:
        batch.alter_column(
            "is_nan",
            type_=sa.Boolean(create_constraint=True),
            nullable=False,
            server_default=sa.false(),
        )
    runs = sa.inspect(conn).get_check_constraints("runs")
    assert sorted((c["name"] or "", c["sqltext"]) for c in runs) == [
        ("", "status IN ('SCHEDULED', 'FAILED', 'KILLED')"),
        ("source_type", "source_type IN ('NOTEBOOK', 'JOB')"),
    ]
    assert _checks(conn) == [(None, "is_nan IN (0, 1)")]


def test_table_checks_come_before_the_new_types_check(conn, make_ops, sql_of):
    """With a naming convention in the batch, as Flask-Migrate projects
    have: the table's own named CHECK first, then the new Boolean's (text
    from Alembic 1.20.1)."""
    conn.exec_driver_sql(
        "CREATE TABLE t (id INTEGER NOT NULL, flag INTEGER, CONSTRAINT pk_t PRIMARY KEY (id), "
        "CONSTRAINT ck_t_positive CHECK (id > 0))"
    )
    convention = {"ck": "ck_%(table_name)s_%(constraint_name)s", "pk": "pk_%(table_name)s"}
    with make_ops(conn).batch_alter_table("t", naming_convention=convention) as batch:
        batch.alter_column(
            "flag",
            type_=sa.Boolean(create_constraint=True, name="flag_bool"),
            existing_type=sa.Integer,
        )
    assert sql_of(conn, "t") == (
        'CREATE TABLE "t" (\n'
        "\tid INTEGER NOT NULL, \n"
        "\tflag BOOLEAN, \n"
        "\tCONSTRAINT pk_t PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_t_positive CHECK (id > 0), \n"
        "\tCONSTRAINT flag_bool CHECK (flag IN (0, 1))\n"
        ")"
    )
