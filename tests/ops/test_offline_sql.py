"""Exact offline SQL for every directive and its main options, per dialect.

Each case runs ``fn(op)`` on an ``Operations`` over an ``as_sql``
MigrationContext and compares the emitted statements (whitespace collapsed,
terminators and batch separators removed); a few tests check the raw text
including ``;``, ``GO`` and ``/``.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String

ALL = ["sqlite", "postgresql", "mysql", "mariadb", "mssql", "oracle"]


def _case(dialects, fn, expected, id_):
    return [pytest.param(d, fn, expected, id=f"{id_}-{d}") for d in dialects]


def _cases():
    cases = []
    add = _case
    # -- add_column -------------------------------------------------------
    cases += add(
        ["sqlite", "postgresql", "mysql", "mariadb"],
        lambda op: op.add_column("t", Column("c", Integer)),
        ["ALTER TABLE t ADD COLUMN c INTEGER"],
        "add_column",
    )
    cases += add(
        ["mssql"],
        lambda op: op.add_column("t", Column("c", Integer)),
        ["ALTER TABLE t ADD c INTEGER NULL"],
        "add_column",
    )
    cases += add(
        ["oracle"],
        lambda op: op.add_column("t", Column("c", Integer)),
        ["ALTER TABLE t ADD c INTEGER"],
        "add_column",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.add_column(
            "t", Column("c", String(20), nullable=False, server_default="x"), schema="s"
        ),
        ["ALTER TABLE s.t ADD COLUMN c VARCHAR(20) DEFAULT 'x' NOT NULL"],
        "add_column_full",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.add_column("t", Column("c", Integer), if_not_exists=True),
        ["ALTER TABLE t ADD COLUMN IF NOT EXISTS c INTEGER"],
        "add_column_if_not_exists",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.add_column("t", Column("pid", Integer, sa.ForeignKey("p.id"))),
        [
            "ALTER TABLE t ADD COLUMN pid INTEGER",
            "ALTER TABLE t ADD FOREIGN KEY(pid) REFERENCES p (id)",
        ],
        "add_column_fk",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.add_column("t", Column("c", Integer, comment="the c")),
        ["ALTER TABLE t ADD COLUMN c INTEGER", "COMMENT ON COLUMN t.c IS 'the c'"],
        "add_column_comment",
    )
    # -- drop_column ------------------------------------------------------
    cases += add(
        ALL,
        lambda op: op.drop_column("t", "c"),
        ["ALTER TABLE t DROP COLUMN c"],
        "drop_column",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.drop_column("t", "c", schema="s", if_exists=True),
        ["ALTER TABLE s.t DROP COLUMN IF EXISTS c"],
        "drop_column_if_exists",
    )
    # -- rename_table -----------------------------------------------------
    cases += add(
        ["sqlite", "postgresql", "mysql", "mariadb", "oracle"],
        lambda op: op.rename_table("t", "t2"),
        ["ALTER TABLE t RENAME TO t2"],
        "rename_table",
    )
    cases += add(
        ["mssql"],
        lambda op: op.rename_table("t", "t2"),
        ["EXEC sp_rename 't', t2"],
        "rename_table",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.rename_table("t", "t2", schema="s"),
        ["ALTER TABLE s.t RENAME TO t2"],
        "rename_table_schema",
    )
    # -- create_table / drop_table ----------------------------------------
    cases += add(
        ["sqlite", "mysql", "mariadb"],
        lambda op: op.create_table(
            "t",
            Column("id", Integer, primary_key=True, autoincrement=False),
            Column("name", String(10), nullable=False),
        ),
        [
            "CREATE TABLE t ( id INTEGER NOT NULL, name VARCHAR(10) NOT NULL, PRIMARY KEY (id) )"
        ],
        "create_table",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_table(
            "t",
            Column("id", Integer, primary_key=True),
            Column("pid", Integer, sa.ForeignKey("p.id", ondelete="CASCADE")),
            sa.UniqueConstraint("pid", name="uq_t_pid"),
            schema="s",
            if_not_exists=True,
        ),
        [
            (
                "CREATE TABLE IF NOT EXISTS s.t ( id SERIAL NOT NULL, pid INTEGER, "
                "PRIMARY KEY (id), CONSTRAINT uq_t_pid UNIQUE (pid), "
                "FOREIGN KEY(pid) REFERENCES p (id) ON DELETE CASCADE )"
            )
        ],
        "create_table_full",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_table("t", Column("id", Integer), comment="tbl"),
        ["CREATE TABLE t ( id INTEGER )", "COMMENT ON TABLE t IS 'tbl'"],
        "create_table_comment_arg",
    )
    cases += add(ALL, lambda op: op.drop_table("t"), ["DROP TABLE t"], "drop_table")
    cases += add(
        ["sqlite", "postgresql", "mysql"],
        lambda op: op.drop_table("t", if_exists=True),
        ["DROP TABLE IF EXISTS t"],
        "drop_table_if_exists",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.drop_table("t", schema="s"),
        ["DROP TABLE s.t"],
        "drop_table_schema",
    )
    # -- indexes ----------------------------------------------------------
    cases += add(
        ALL,
        lambda op: op.create_index("ix_t_a", "t", ["a", "b"]),
        ["CREATE INDEX ix_t_a ON t (a, b)"],
        "create_index",
    )
    cases += add(
        ["postgresql", "sqlite"],
        lambda op: op.create_index("ix", "t", ["a"], unique=True),
        ["CREATE UNIQUE INDEX ix ON t (a)"],
        "create_index_unique",
    )
    cases += add(
        ["postgresql", "sqlite"],
        lambda op: op.create_index("ix", "t", ["a"], if_not_exists=True),
        ["CREATE INDEX IF NOT EXISTS ix ON t (a)"],
        "create_index_if_not_exists",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_index("ix", "t", ["a"], postgresql_where=sa.text("a > 5")),
        ["CREATE INDEX ix ON t (a) WHERE a > 5"],
        "create_index_where",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_index("ix", "t", [sa.text("lower(name)")], schema="s"),
        ["CREATE INDEX ix ON s.t (lower(name))"],
        "create_index_expr",
    )
    cases += add(
        ["sqlite", "postgresql", "oracle"],
        lambda op: op.drop_index("ix", "t"),
        ["DROP INDEX ix"],
        "drop_index",
    )
    cases += add(
        ["mysql", "mariadb", "mssql"],
        lambda op: op.drop_index("ix", "t"),
        ["DROP INDEX ix ON t"],
        "drop_index",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.drop_index("ix", schema="s", if_exists=True),
        ["DROP INDEX IF EXISTS s.ix"],
        "drop_index_if_exists",
    )
    # -- constraints ------------------------------------------------------
    pk = lambda op: op.create_primary_key("pk_t", "t", ["id", "v"])
    cases += add(
        ["postgresql", "mysql", "mariadb", "mssql", "oracle"],
        pk,
        ["ALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY (id, v)"],
        "create_primary_key",
    )
    uq = lambda op: op.create_unique_constraint("uq_t_a", "t", ["a", "b"])
    cases += add(
        ["postgresql", "mysql", "mariadb", "mssql", "oracle"],
        uq,
        ["ALTER TABLE t ADD CONSTRAINT uq_t_a UNIQUE (a, b)"],
        "create_unique",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_unique_constraint(
            "uq", "t", ["a"], schema="s", deferrable=True, initially="DEFERRED"
        ),
        ["ALTER TABLE s.t ADD CONSTRAINT uq UNIQUE (a) DEFERRABLE INITIALLY DEFERRED"],
        "create_unique_deferrable",
    )
    fk = lambda op: op.create_foreign_key("fk_t_p", "t", "p", ["pid"], ["id"])
    cases += add(
        ["postgresql", "mysql", "mariadb", "mssql", "oracle"],
        fk,
        ["ALTER TABLE t ADD CONSTRAINT fk_t_p FOREIGN KEY(pid) REFERENCES p (id)"],
        "create_foreign_key",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_foreign_key(
            "fk",
            "t",
            "p",
            ["a", "b"],
            ["x", "y"],
            ondelete="CASCADE",
            onupdate="SET NULL",
            source_schema="s1",
            referent_schema="s2",
            match="FULL",
        ),
        [
            (
                "ALTER TABLE s1.t ADD CONSTRAINT fk FOREIGN KEY(a, b) REFERENCES s2.p (x, y) "
                "MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL"
            )
        ],
        "create_foreign_key_full",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_foreign_key("fk", "t", "t", ["parent"], ["id"]),
        ["ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY(parent) REFERENCES t (id)"],
        "create_foreign_key_self",
    )
    ck = lambda op: op.create_check_constraint("ck_t", "t", "a > 5")
    cases += add(
        ["postgresql", "mysql", "mariadb", "mssql", "oracle"],
        ck,
        ["ALTER TABLE t ADD CONSTRAINT ck_t CHECK (a > 5)"],
        "create_check",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.create_check_constraint(
            "ck", "t", sa.column("a") > 5, schema="s"
        ),
        ["ALTER TABLE s.t ADD CONSTRAINT ck CHECK (a > 5)"],
        "create_check_expr",
    )
    drop_ck = lambda op: op.drop_constraint("ck_t", "t", type_="check")
    cases += add(
        ["postgresql", "mariadb", "mssql", "oracle"],
        drop_ck,
        ["ALTER TABLE t DROP CONSTRAINT ck_t"],
        "drop_check",
    )
    cases += add(["mysql"], drop_ck, ["ALTER TABLE t DROP CHECK ck_t"], "drop_check")
    cases += add(
        ["postgresql"],
        lambda op: op.drop_constraint("c", "t", schema="s", if_exists=True),
        ["ALTER TABLE s.t DROP CONSTRAINT IF EXISTS c"],
        "drop_constraint_if_exists",
    )
    cases += add(
        ["mysql", "mariadb"],
        lambda op: op.drop_constraint("fk", "t", type_="foreignkey"),
        ["ALTER TABLE t DROP FOREIGN KEY fk"],
        "drop_fk",
    )
    cases += add(
        ["mysql", "mariadb"],
        lambda op: op.drop_constraint("uq", "t", type_="unique"),
        ["ALTER TABLE t DROP INDEX uq"],
        "drop_unique",
    )
    cases += add(
        ["mysql", "mariadb"],
        lambda op: op.drop_constraint("pk", "t", type_="primary"),
        ["ALTER TABLE t DROP PRIMARY KEY"],
        "drop_primary",
    )
    # -- table comments ---------------------------------------------------
    cases += add(
        ["postgresql", "oracle"],
        lambda op: op.create_table_comment("t", "hi"),
        ["COMMENT ON TABLE t IS 'hi'"],
        "create_table_comment",
    )
    cases += add(
        ["postgresql"],
        lambda op: op.drop_table_comment("t"),
        ["COMMENT ON TABLE t IS NULL"],
        "drop_table_comment",
    )
    cases += add(
        ["oracle"],
        lambda op: op.drop_table_comment("t"),
        ["COMMENT ON TABLE t IS ''"],
        "drop_table_comment",
    )
    cases += add(
        ["mysql", "mariadb"],
        lambda op: op.create_table_comment("t", "hi"),
        ["ALTER TABLE t COMMENT 'hi'"],
        "create_table_comment",
    )
    cases += add(
        ["mysql", "mariadb"],
        lambda op: op.drop_table_comment("t"),
        ["ALTER TABLE t COMMENT ''"],
        "drop_table_comment",
    )
    # -- execute / bulk_insert --------------------------------------------
    cases += add(
        ALL,
        lambda op: op.execute("UPDATE t SET x = 1"),
        ["UPDATE t SET x = 1"],
        "execute",
    )
    return cases


@pytest.mark.parametrize("dialect, fn, expected", _cases())
def test_directive_sql(offline, dialect, fn, expected):
    off = offline(dialect)
    fn(off.op)
    assert off.statements() == expected


ALTER_CASES = {
    "postgresql": [
        "ALTER TABLE t ALTER COLUMN x TYPE INTEGER USING x::integer",
        "ALTER TABLE t ALTER COLUMN x SET NOT NULL",
        "ALTER TABLE t RENAME x TO y",
        "ALTER TABLE t ALTER COLUMN y SET DEFAULT '5'",
    ],
    "mysql": [
        "ALTER TABLE t MODIFY x INTEGER NULL",
        "ALTER TABLE t MODIFY x INTEGER NOT NULL",
        "ALTER TABLE t CHANGE x y INTEGER NULL",
        "ALTER TABLE t ALTER COLUMN y SET DEFAULT '5'",
    ],
    "mssql": [
        "ALTER TABLE t ALTER COLUMN x INTEGER NULL",
        "ALTER TABLE t ALTER COLUMN x INTEGER NOT NULL",
        "EXEC sp_rename 't.x', y, 'COLUMN'",
        "ALTER TABLE t ADD DEFAULT '5' FOR y",
    ],
    "oracle": [
        "ALTER TABLE t MODIFY x INTEGER",
        "ALTER TABLE t MODIFY x NOT NULL",
        "ALTER TABLE t RENAME COLUMN x TO y",
        "ALTER TABLE t MODIFY y DEFAULT '5'",
    ],
}


@pytest.mark.parametrize("dialect", sorted(ALTER_CASES))
def test_alter_column_sequence(offline, dialect):
    """Type, nullability, rename and default, as in section 11 of the
    interface doc."""
    off = offline(dialect)
    op = off.op
    using = {"postgresql_using": "x::integer"} if dialect == "postgresql" else {}
    op.alter_column(
        "t",
        "x",
        type_=Integer,
        existing_type=String(10),
        existing_nullable=True,
        **using,
    )
    op.alter_column("t", "x", nullable=False, existing_type=Integer)
    op.alter_column("t", "x", new_column_name="y", existing_type=Integer)
    op.alter_column("t", "y", server_default="5", existing_type=Integer)
    assert off.statements() == ALTER_CASES[dialect]


def test_alter_column_comment_postgresql(offline):
    off = offline("postgresql")
    off.op.alter_column("t", "c", comment="new", existing_type=Integer)
    off.op.alter_column(
        "t", "c", comment=None, existing_comment="new", existing_type=Integer
    )
    off.op.alter_column("t", "c", nullable=True)
    off.op.alter_column("t", "c", server_default=None)
    assert off.statements() == [
        "COMMENT ON COLUMN t.c IS 'new'",
        "COMMENT ON COLUMN t.c IS NULL",
        "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
        "ALTER TABLE t ALTER COLUMN c DROP DEFAULT",
    ]


def test_alter_column_sqlite_rename(offline):
    off = offline("sqlite")
    off.op.alter_column("t", "c", new_column_name="d")
    assert off.statements() == ["ALTER TABLE t RENAME COLUMN c TO d"]


def test_raw_output_postgresql(offline):
    off = offline("postgresql")
    off.op.add_column("t", Column("c", Integer))
    off.op.drop_column("t", "c")
    assert (
        off.output
        == "ALTER TABLE t ADD COLUMN c INTEGER;\n\nALTER TABLE t DROP COLUMN c;\n\n"
    )


def test_raw_output_mssql_has_go(offline):
    off = offline("mssql")
    off.op.drop_column("t", "c")
    assert off.output == "ALTER TABLE t DROP COLUMN c;\n\nGO\n\n"


def test_raw_output_oracle_has_slash(offline):
    off = offline("oracle")
    off.op.drop_column("t", "c")
    assert off.output == "ALTER TABLE t DROP COLUMN c\n\n/\n\n"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql", "mysql"])
def test_bulk_insert_offline_literal_rows(offline, dialect):
    off = offline(dialect)
    table = sa.table("t", sa.column("id", Integer), sa.column("name", String))
    off.op.bulk_insert(table, [{"id": 1, "name": "a"}, {"id": 2, "name": "b'c"}])
    assert off.statements() == [
        "INSERT INTO t (id, name) VALUES (1, 'a')",
        "INSERT INTO t (id, name) VALUES (2, 'b''c')",
    ]


def test_bulk_insert_returns_table_from_create_table(offline):
    off = offline("postgresql")
    table = off.op.create_table("t", Column("id", Integer), Column("v", String(5)))
    assert isinstance(table, sa.Table) and table.name == "t"
    off.reset()
    off.op.bulk_insert(table, [{"id": 1, "v": "x"}], multiinsert=False)
    assert off.statements() == ["INSERT INTO t (id, v) VALUES (1, 'x')"]


def test_execute_with_inline_literal(offline):
    off = offline("postgresql")
    op = off.op
    t = sa.table("t", sa.column("x", String), sa.column("y", String))
    op.execute(
        t.update()
        .where(t.c.x == op.inline_literal("a"))
        .values({"y": op.inline_literal("b")})
    )
    assert off.statements() == ["UPDATE t SET y='b' WHERE t.x = 'a'"]


def test_inline_literal_with_type(offline):
    off = offline("postgresql")
    lit = off.op.inline_literal("5", type_=Integer)
    off.op.execute(sa.select(lit))
    assert off.statements() == ["SELECT 5 AS anon_1"]


def test_f_keeps_name_against_convention(offline):
    convention = {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
    }
    off = offline(
        "postgresql", target_metadata=sa.MetaData(naming_convention=convention)
    )
    op = off.op
    op.create_unique_constraint(None, "t", ["a"])
    op.create_unique_constraint(op.f("my_uq"), "t", ["b"])
    op.create_index(op.f("ix_special"), "t", ["c"])
    assert off.statements() == [
        "ALTER TABLE t ADD CONSTRAINT uq_t_a UNIQUE (a)",
        "ALTER TABLE t ADD CONSTRAINT my_uq UNIQUE (b)",
        "CREATE INDEX ix_special ON t (c)",
    ]


def test_drop_constraint_without_name_says_to_name_it(offline):
    """Alembic 1.20.1 fails on this with an exception from the DDL compiler
    (``sqlalchemy.exc.CompileError: Can't emit DROP CONSTRAINT ...; it has no
    name`` on PostgreSQL, a traceback and exit status 1); ours keeps that kind
    and carries the one line the CLI prints."""
    from sqlalchemy.exc import CompileError

    from alembic.util.exc import explanation

    off = offline("postgresql")
    with pytest.raises(CompileError) as info:
        off.op.drop_constraint(None, "t", type_="foreignkey")
    message = str(info.value)
    assert explanation(info.value) == message
    assert message.startswith(
        "Can't drop an unnamed foreignkey constraint on table 't'"
    )
    assert f"in migration file {__file__}" in message
    assert "pass the constraint's name to drop_constraint()" in message
    assert "\n" not in message


def test_drop_constraint_bad_type(offline):
    off = offline("postgresql")
    with pytest.raises(TypeError, match="'type' can be one of"):
        off.op.drop_constraint("c", "t", type_="bogus")


def test_type_bound_constraint_follows_type_change(offline):
    """A type with its own CHECK (create_constraint=True): the old one is
    dropped before the ALTER and the new one added after."""
    off = offline("postgresql")
    off.op.alter_column(
        "t",
        "e",
        type_=sa.Enum(
            "a", "b", "c", native_enum=False, create_constraint=True, name="ck_e"
        ),
        existing_type=sa.Enum(
            "a", "b", native_enum=False, create_constraint=True, name="ck_old_e"
        ),
    )
    assert off.statements() == [
        "ALTER TABLE t DROP CONSTRAINT ck_old_e",
        "ALTER TABLE t ALTER COLUMN e TYPE VARCHAR(1)",
        "ALTER TABLE t ADD CONSTRAINT ck_e CHECK (e IN ('a', 'b', 'c'))",
    ]


def test_boolean_check_added_where_not_native(offline):
    off = offline("mysql")
    off.op.alter_column(
        "t",
        "flag",
        type_=sa.Boolean(create_constraint=True, name="ck_flag_bool"),
        existing_type=Integer,
        existing_nullable=True,
    )
    assert off.statements() == [
        "ALTER TABLE t MODIFY flag BOOL NULL",
        "ALTER TABLE t ADD CONSTRAINT ck_flag_bool CHECK (flag IN (0, 1))",
    ]


DIALECT_OPTION_CASES = [
    (
        "postgresql",
        lambda op: op.create_index(
            "ix", "t", ["a"], postgresql_concurrently=True, postgresql_include=["b"]
        ),
        ["CREATE INDEX CONCURRENTLY ix ON t (a) INCLUDE (b)"],
    ),
    (
        "postgresql",
        lambda op: op.drop_index("ix", postgresql_concurrently=True),
        ["DROP INDEX CONCURRENTLY ix"],
    ),
    (
        "mssql",
        lambda op: op.create_index("ix", "t", ["a"], mssql_include=["b"]),
        ["CREATE INDEX ix ON t (a) INCLUDE (b)"],
    ),
    (
        "mysql",
        lambda op: op.create_table(
            "t", Column("id", Integer, primary_key=True), mysql_engine="InnoDB"
        ),
        [
            "CREATE TABLE t ( id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id) )ENGINE=InnoDB"
        ],
    ),
    (
        "postgresql",
        lambda op: op.create_index("ix", "t", [sa.func.lower(sa.column("name")), "x"]),
        ["CREATE INDEX ix ON t (lower(name), x)"],
    ),
    (
        "postgresql",
        lambda op: op.create_table(
            "t",
            Column("id", Integer),
            sa.Index("ix_t_id", "id"),
            sa.CheckConstraint("id > 0", name="ck"),
        ),
        [
            "CREATE TABLE t ( id INTEGER, CONSTRAINT ck CHECK (id > 0) )",
            "CREATE INDEX ix_t_id ON t (id)",
        ],
    ),
    (
        "postgresql",
        lambda op: op.add_column("t", Column("c", Integer, index=True, unique=True)),
        ["ALTER TABLE t ADD COLUMN c INTEGER", "CREATE UNIQUE INDEX ix_t_c ON t (c)"],
    ),
    (
        "postgresql",
        lambda op: op.add_column(
            "t",
            Column("c", Integer, sa.ForeignKey("p.id"), primary_key=True),
            inline_references=True,
            inline_primary_key=True,
        ),
        ["ALTER TABLE t ADD COLUMN c INTEGER NOT NULL PRIMARY KEY REFERENCES p (id)"],
    ),
    (
        "mssql",
        lambda op: op.drop_column("t", "c", mssql_drop_default=True),
        [
            (
                "declare @const_name varchar(256) select @const_name = QUOTENAME([name]) "
                "from sys.default_constraints where parent_object_id = object_id('t') "
                "and col_name(parent_object_id, parent_column_id) = 'c' "
                "exec('alter table t drop constraint ' + @const_name)"
            ),
            "ALTER TABLE t DROP COLUMN c",
        ],
    ),
    (
        "postgresql",
        lambda op: op.execute("select 1", execution_options={"no_parameters": True}),
        ["select 1"],
    ),
]


@pytest.mark.parametrize("dialect, fn, expected", DIALECT_OPTION_CASES)
def test_dialect_options_pass_through(offline, dialect, fn, expected):
    off = offline(dialect)
    fn(off.op)
    assert off.statements() == expected


MORE_DIALECT_CASES = [
    (
        "mssql",
        lambda op: op.bulk_insert(
            sa.table("t", sa.column("id", Integer), sa.column("v", String)),
            [{"id": 1, "v": "a"}],
        ),
        [
            "SET IDENTITY_INSERT t ON",
            "INSERT INTO t (id, v) VALUES (1, 'a')",
            "SET IDENTITY_INSERT t OFF",
        ],
    ),
    (
        "mssql",
        lambda op: op.create_table("t", Column("id", Integer, primary_key=True)),
        ["CREATE TABLE t ( id INTEGER NOT NULL IDENTITY, PRIMARY KEY (id) )"],
    ),
    (
        "oracle",
        lambda op: op.create_table("t", Column("id", Integer, primary_key=True)),
        ["CREATE TABLE t ( id INTEGER NOT NULL, PRIMARY KEY (id) )"],
    ),
    (
        "mariadb",
        lambda op: op.alter_column("t", "x", nullable=False, existing_type=Integer),
        ["ALTER TABLE t MODIFY x INTEGER NOT NULL"],
    ),
    (
        "mysql",
        lambda op: op.alter_column("t", "x", comment="c", existing_type=Integer),
        ["ALTER TABLE t MODIFY x INTEGER NULL COMMENT 'c'"],
    ),
]


@pytest.mark.parametrize("dialect, fn, expected", MORE_DIALECT_CASES)
def test_more_dialect_forms(offline, dialect, fn, expected):
    off = offline(dialect)
    fn(off.op)
    assert off.statements() == expected


@pytest.mark.parametrize(
    "dialect, fn, error, message",
    [
        (
            "sqlite",
            lambda op: op.create_foreign_key("fk", "t", "p", ["a"], ["id"]),
            NotImplementedError,
            "No support for ALTER of constraints in SQLite dialect",
        ),
        (
            "sqlite",
            lambda op: op.drop_constraint("fk", "t"),
            NotImplementedError,
            "Please refer to the batch mode feature",
        ),
        (
            "mysql",
            lambda op: op.drop_constraint("fk", "t"),
            NotImplementedError,
            "No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type",
        ),
        (
            "mysql",
            lambda op: op.alter_column("t", "x", nullable=False),
            Exception,
            "All MySQL CHANGE/MODIFY COLUMN operations require the existing type.",
        ),
        (
            "postgresql",
            lambda op: op.alter_column("t", "x", postgresql_using="x::int"),
            Exception,
            "postgresql_using must be used with the type_ parameter",
        ),
    ],
)
def test_dialect_refusals(offline, dialect, fn, error, message):
    off = offline(dialect)
    with pytest.raises(error) as info:
        fn(off.op)
    assert message in str(info.value)
    assert off.statements() == []
