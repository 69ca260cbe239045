"""Exact offline SQL of every DefaultImpl DDL method, per dialect."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from alembic.util.exc import CommandError

SAMPLE = {
    "postgresql": [
        "ALTER TABLE t ALTER COLUMN x TYPE INTEGER USING x::integer;",
        "ALTER TABLE t ALTER COLUMN x SET NOT NULL;",
        "ALTER TABLE t RENAME x TO y;",
        "ALTER TABLE t ALTER COLUMN y SET DEFAULT '5';",
        "ALTER TABLE t ADD COLUMN z BOOLEAN DEFAULT 0;",
        "ALTER TABLE t DROP COLUMN z;",
        "ALTER TABLE t RENAME TO t2;",
        "CREATE INDEX ix_t2_y ON t2 (y);",
    ],
    "oracle": [
        "ALTER TABLE t MODIFY x INTEGER",
        "/",
        "ALTER TABLE t MODIFY x NOT NULL",
        "/",
        "ALTER TABLE t RENAME COLUMN x TO y",
        "/",
        "ALTER TABLE t MODIFY y DEFAULT '5'",
        "/",
        "ALTER TABLE t ADD z BOOLEAN DEFAULT 0",
        "/",
        "ALTER TABLE t DROP COLUMN z",
        "/",
        "ALTER TABLE t RENAME TO t2",
        "/",
        "CREATE INDEX ix_t2_y ON t2 (y)",
        "/",
    ],
}


def _bound(column, table="t"):
    """``column`` attached to a throwaway table, as the operations layer passes it."""
    sa.Table(table, sa.MetaData(), column)
    return column


def _index(name, table, col):
    t = sa.Table(table, sa.MetaData(), sa.Column(col, sa.Integer))
    return sa.Index(name, t.c[col])


@pytest.mark.parametrize("dialect", ["postgresql", "oracle"])
def test_section_11_sample(offline, dialect):
    o = offline(dialect)
    using = {"postgresql_using": "x::integer"} if dialect == "postgresql" else {}
    o.impl.alter_column("t", "x", type_=sa.Integer, existing_type=sa.String(10), **using)
    o.impl.alter_column("t", "x", nullable=False, existing_type=sa.Integer)
    o.impl.alter_column("t", "x", name="y", existing_type=sa.Integer)
    o.impl.alter_column("t", "y", server_default="5", existing_type=sa.Integer)
    o.impl.add_column("t", _bound(sa.Column("z", sa.Boolean, server_default=sa.text("0"))))
    o.impl.drop_column("t", sa.Column("z", sa.Boolean))
    o.impl.rename_table("t", "t2")
    o.impl.create_index(_index("ix_t2_y", "t2", "y"))
    assert o.statements == SAMPLE[dialect]


def test_mysql_sample(offline):
    o = offline("mysql")
    o.impl.alter_column("t", "x", type_=sa.Integer, existing_type=sa.String(10))
    o.impl.alter_column("t", "x", nullable=False, existing_type=sa.Integer)
    o.impl.alter_column("t", "x", name="y", existing_type=sa.Integer)
    o.impl.alter_column("t", "y", server_default="5", existing_type=sa.Integer)
    assert o.statements == [
        "ALTER TABLE t MODIFY x INTEGER NULL;",
        "ALTER TABLE t MODIFY x INTEGER NOT NULL;",
        "ALTER TABLE t CHANGE x y INTEGER NULL;",
        "ALTER TABLE t ALTER COLUMN y SET DEFAULT '5';",
    ]


def test_mssql_sample(offline):
    o = offline("mssql")
    o.impl.alter_column("t", "x", nullable=True, type_=sa.Integer, existing_type=sa.String(10))
    o.impl.alter_column("t", "x", name="y", existing_type=sa.Integer)
    o.impl.alter_column("t", "y", server_default="5", existing_server_default=False)
    o.impl.add_column("t", _bound(sa.Column("z", sa.Boolean, server_default=sa.text("0"))))
    assert o.statements == [
        "ALTER TABLE t ALTER COLUMN x INTEGER NULL;",
        "GO",
        "EXEC sp_rename 't.x', y, 'COLUMN';",
        "GO",
        "ALTER TABLE t ADD DEFAULT '5' FOR y;",
        "GO",
        "ALTER TABLE t ADD z BIT NULL DEFAULT 0;",
        "GO",
    ]


def test_static_output_writes_text_and_blank_line(offline):
    o = offline("sqlite")
    o.impl.static_output("-- hello")
    assert o.text == "-- hello\n\n"


def test_transaction_markers(offline):
    pg, ms, ora = offline("postgresql"), offline("mssql"), offline("oracle")
    for o in (pg, ms, ora):
        o.impl.emit_begin()
        o.impl.emit_commit()
    assert pg.statements == ["BEGIN;", "COMMIT;"]
    assert ms.statements == ["BEGIN TRANSACTION;", "COMMIT;", "GO"]
    assert ora.statements == ["SET TRANSACTION READ WRITE", "/", "COMMIT", "/"]


def test_batch_separators_are_configurable(offline):
    ms = offline("mssql", mssql_batch_separator="GO -- next")
    ora = offline("oracle", oracle_batch_separator=None)
    ms.impl.execute("SELECT 1")
    ora.impl.execute("SELECT 1 FROM dual")
    assert ms.statements == ["SELECT 1;", "GO -- next"]
    assert ora.statements == ["SELECT 1 FROM dual"]


def test_schema_qualified_names(offline):
    pg, lite = offline("postgresql"), offline("sqlite")
    for o in (pg, lite):
        o.impl.rename_table("t", "t2", schema="s")
        o.impl.alter_column("t", "x", nullable=True, schema="s")
    assert pg.statements == [
        "ALTER TABLE s.t RENAME TO t2;",
        "ALTER TABLE s.t ALTER COLUMN x DROP NOT NULL;",
    ]
    assert lite.statements[0] == "ALTER TABLE s.t RENAME TO t2;"


def test_default_dialect_rename_keeps_schema_on_new_name(offline):
    o = offline("mysql")
    o.impl.rename_table("t", "t2", schema="s")
    assert o.statements == ["ALTER TABLE s.t RENAME TO s.t2;"]


def test_add_column_if_not_exists_and_drop_if_exists(offline):
    o = offline("postgresql")
    o.impl.add_column("t", sa.Column("c", sa.Integer, nullable=False), if_not_exists=True)
    o.impl.drop_column("t", sa.Column("c", sa.Integer), if_exists=True)
    assert o.statements == [
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c INTEGER NOT NULL;",
        "ALTER TABLE t DROP COLUMN IF EXISTS c;",
    ]


def test_add_column_inline_primary_key_and_references(offline):
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("id", sa.Integer, primary_key=True))
    t = sa.Table(
        "t",
        md,
        sa.Column("pid", sa.Integer, sa.ForeignKey("p.id", ondelete="CASCADE"), primary_key=True),
    )
    o = offline("postgresql")
    o.impl.add_column("t", t.c.pid, inline_references=True, inline_primary_key=True)
    assert o.statements == [
        "ALTER TABLE t ADD COLUMN pid INTEGER NOT NULL PRIMARY KEY REFERENCES p (id) ON DELETE CASCADE;"
    ]


def test_add_column_with_column_check(offline):
    o = offline("postgresql")
    o.impl.add_column("t", sa.Column("c", sa.Integer, sa.CheckConstraint("c > 0", name="ck_c")))
    assert o.statements == ["ALTER TABLE t ADD COLUMN c INTEGER CONSTRAINT ck_c CHECK (c > 0);"]


def test_drop_default_per_dialect(offline):
    pg, ora, my = offline("postgresql"), offline("oracle"), offline("mysql")
    for o in (pg, ora, my):
        o.impl.alter_column("t", "c", server_default=None, existing_type=sa.Integer)
    assert pg.statements == ["ALTER TABLE t ALTER COLUMN c DROP DEFAULT;"]
    assert ora.statements == ["ALTER TABLE t MODIFY c DEFAULT NULL", "/"]
    assert my.statements == ["ALTER TABLE t ALTER COLUMN c DROP DEFAULT;"]


def test_postgresql_using_needs_type(offline):
    o = offline("postgresql")
    with pytest.raises(
        CommandError, match="^postgresql_using must be used with the type_ parameter$"
    ):
        o.impl.alter_column("t", "x", nullable=False, postgresql_using="x::int")
    assert o.statements == []


def test_postgresql_comments(offline):
    o = offline("postgresql")
    o.impl.alter_column("t", "x", comment="it's x", existing_type=sa.Integer)
    o.impl.alter_column("t", "x", comment=None, existing_comment="old", schema="s")
    t = sa.Table("t", sa.MetaData(), sa.Column("x", sa.Integer, comment="cx"), comment="tc")
    o.impl.create_table_comment(t)
    o.impl.drop_table_comment(t)
    o.impl.create_column_comment(t.c.x)
    assert o.statements == [
        "COMMENT ON COLUMN t.x IS 'it''s x';",
        "COMMENT ON COLUMN s.t.x IS NULL;",
        "COMMENT ON TABLE t IS 'tc';",
        "COMMENT ON TABLE t IS NULL;",
        "COMMENT ON COLUMN t.x IS 'cx';",
    ]


def test_postgresql_identity_add_change_drop(offline):
    o = offline("postgresql")
    o.impl.alter_column(
        "t", "id", server_default=sa.Identity(start=5), existing_server_default=None
    )
    o.impl.alter_column(
        "t",
        "id",
        server_default=sa.Identity(always=True, start=5, increment=2),
        existing_server_default=sa.Identity(start=5),
    )
    o.impl.alter_column("t", "id", server_default=None, existing_server_default=sa.Identity())
    assert o.statements == [
        "ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 5);",
        "ALTER TABLE t ALTER COLUMN id SET GENERATED ALWAYS SET INCREMENT BY 2;",
        "ALTER TABLE t ALTER COLUMN id DROP IDENTITY;",
    ]


def test_computed_change_is_refused(offline):
    o = offline("postgresql")
    with pytest.raises(sa.exc.CompileError, match="computed"):
        o.impl.alter_column(
            "t", "c", server_default=sa.Computed("a + 1"), existing_server_default=None
        )


def test_postgresql_create_index_with_include_and_where(offline):
    t = sa.Table("t", sa.MetaData(), sa.Column("a", sa.Integer))
    idx = sa.Index("ix_a", t.c.a, postgresql_include=["b"], postgresql_where=sa.text("a > 0"))
    o = offline("postgresql")
    o.impl.create_index(idx)
    o.impl.drop_index(idx, if_exists=True)
    assert o.statements == [
        "CREATE INDEX ix_a ON t (a) INCLUDE (b) WHERE a > 0;",
        "DROP INDEX IF EXISTS ix_a;",
    ]


def test_mysql_needs_existing_type_and_says_what_to_add(offline):
    o = offline("mysql")
    with pytest.raises(CommandError) as err:
        o.impl.alter_column("t", "x", nullable=False)
    message = str(err.value)
    assert message.startswith(
        "All MySQL CHANGE/MODIFY COLUMN operations require the existing type."
    )
    assert "existing_type=" in message and "'x'" in message and "'t'" in message


def test_mysql_full_column_spec(offline):
    o = offline("mysql")
    o.impl.alter_column(
        "t",
        "x",
        nullable=False,
        existing_type=sa.Integer,
        autoincrement=True,
        existing_server_default=sa.text("1"),
        comment="the x",
    )
    o.impl.alter_column(
        "t", "d", server_default=sa.text("CURRENT_TIMESTAMP"), existing_type=sa.DateTime()
    )
    # a type given as a class: Alembic 1.20.1 writes a plain SET DEFAULT
    o.impl.alter_column(
        "t", "d", server_default=sa.text("CURRENT_TIMESTAMP"), existing_type=sa.DateTime
    )
    assert o.statements == [
        "ALTER TABLE t MODIFY x INTEGER NOT NULL AUTO_INCREMENT DEFAULT 1 COMMENT 'the x';",
        "ALTER TABLE t CHANGE d d DATETIME NULL DEFAULT CURRENT_TIMESTAMP;",
        "ALTER TABLE t ALTER COLUMN d SET DEFAULT CURRENT_TIMESTAMP;",
    ]


def _constraints():
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("id", sa.Integer))
    t = sa.Table("t", md, sa.Column("a", sa.Integer), sa.Column("pid", sa.Integer))
    fk = sa.ForeignKeyConstraint(["pid"], ["p.id"], name="fk_t_p")
    uq = sa.UniqueConstraint("a", name="uq_a")
    ck = sa.CheckConstraint("a > 0", name="ck_a")
    pk = sa.PrimaryKeyConstraint("a", name="pk_t")
    for c in (fk, uq, ck, pk):
        t.append_constraint(c)
    generic = sa.schema.Constraint(name="whatever")
    generic._set_parent(sa.Table("t", sa.MetaData()))
    return fk, uq, ck, pk, generic


def test_mysql_and_mariadb_constraint_drops(offline):
    fk, uq, ck, pk, generic = _constraints()
    my, maria = offline("mysql"), offline("mariadb")
    for o in (my, maria):
        for c in (fk, uq, ck, pk):
            o.impl.drop_constraint(c)
    assert my.statements == [
        "ALTER TABLE t DROP FOREIGN KEY fk_t_p;",
        "ALTER TABLE t DROP INDEX uq_a;",
        "ALTER TABLE t DROP CHECK ck_a;",
        "ALTER TABLE t DROP PRIMARY KEY;",
    ]
    assert maria.statements[2] == "ALTER TABLE t DROP CONSTRAINT ck_a;"
    with pytest.raises(
        NotImplementedError,
        match="^No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type$",
    ):
        my.impl.drop_constraint(generic)


def test_generic_constraint_ddl(offline):
    fk, uq, ck, pk, _ = _constraints()
    o = offline("postgresql")
    o.impl.add_constraint(fk)
    o.impl.add_constraint(ck)
    o.impl.drop_constraint(uq, if_exists=True)
    assert o.statements == [
        "ALTER TABLE t ADD CONSTRAINT fk_t_p FOREIGN KEY(pid) REFERENCES p (id);",
        "ALTER TABLE t ADD CONSTRAINT ck_a CHECK (a > 0);",
        "ALTER TABLE t DROP CONSTRAINT IF EXISTS uq_a;",
    ]


def test_sqlite_refuses_constraint_alters(offline):
    fk, *_ = _constraints()
    o = offline("sqlite")
    for method in (o.impl.add_constraint, o.impl.drop_constraint):
        with pytest.raises(
            NotImplementedError,
            match="^No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode",
        ):
            method(fk)


def test_sqlite_skips_type_bound_constraint_with_warning(offline):
    t = sa.Table(
        "t", sa.MetaData(), sa.Column("b", sa.Boolean(create_constraint=True, name="ck_b"))
    )
    (ck,) = [c for c in t.constraints if isinstance(c, sa.CheckConstraint)]
    o = offline("sqlite")
    with pytest.warns(
        UserWarning, match="Skipping unsupported ALTER for creation of implicit constraint"
    ):
        o.impl.add_constraint(ck)
    o.impl.drop_constraint(ck)
    assert o.statements == []


def test_mssql_drop_column_options(offline):
    o = offline("mssql")
    o.impl.drop_column(
        "t", sa.Column("c", sa.Integer), mssql_drop_default=True, mssql_drop_foreign_key=True
    )
    text = o.text
    assert text.startswith(
        "declare @const_name varchar(256)\n"
        "select @const_name = QUOTENAME([name]) from sys.default_constraints\n"
        "where parent_object_id = object_id('t')\n"
        "and col_name(parent_object_id, parent_column_id) = 'c'\n"
        "exec('alter table t drop constraint ' + @const_name);\n\nGO\n\n"
    )
    assert "sys.foreign_keys fk join sys.foreign_key_columns fkc" in text
    assert "where fkc.parent_object_id = object_id('t')" in text
    assert o.statements[-2:] == ["ALTER TABLE t DROP COLUMN c;", "GO"]


def test_mssql_default_change_drops_existing_default_first(offline):
    o = offline("mssql")
    o.impl.alter_column("t", "c", server_default="7", existing_server_default="3", schema="s")
    assert (
        "from sys.default_constraints\nwhere parent_object_id = object_id('s.t')" in o.statements[0]
    )
    assert o.statements[1:] == ["GO", "ALTER TABLE s.t ADD DEFAULT '7' FOR c;", "GO"]


def test_mssql_nullable_needs_a_type(offline):
    o = offline("mssql")
    with pytest.raises(CommandError, match="require the existing_type or a new type_ be passed"):
        o.impl.alter_column("t", "c", nullable=False)


def test_mssql_offline_bulk_insert_identity_insert(offline):
    t = sa.table("t", sa.column("id", sa.Integer), sa.column("name", sa.String))
    o = offline("mssql")
    o.impl.bulk_insert(t, [{"id": 1, "name": "a'b"}, {"id": 2, "name": "c"}])
    assert o.statements == [
        "SET IDENTITY_INSERT t ON;",
        "GO",
        "INSERT INTO t (id, name) VALUES (1, 'a''b');",
        "GO",
        "INSERT INTO t (id, name) VALUES (2, 'c');",
        "GO",
        "SET IDENTITY_INSERT t OFF;",
        "GO",
    ]


def test_mssql_comments_as_extended_properties(offline):
    o = offline("mssql")
    o.impl.alter_column("t", "c", comment="hi", existing_type=sa.Integer)
    o.impl.alter_column("t", "c", comment="again", existing_comment="hi")
    o.impl.alter_column("t", "c", comment=None, existing_comment="again")
    # Alembic 1.20.1 fails here (no default schema offline); ours assumes dbo,
    # written as Alembic writes a given schema (see test_issue11_dialects.py)
    target = "'schema', dbo, 'table', t, 'column', c"
    assert o.statements[0::2] == [
        f"exec sp_addextendedproperty 'MS_Description', N'hi', {target};",
        f"exec sp_updateextendedproperty 'MS_Description', N'again', {target};",
        f"exec sp_dropextendedproperty 'MS_Description', {target};",
    ]


def test_oracle_comment_and_identity(offline):
    o = offline("oracle")
    o.impl.alter_column("t", "c", comment="x")
    o.impl.alter_column("t", "id", server_default=None, existing_server_default=sa.Identity())
    assert o.statements[0::2] == [
        "COMMENT ON COLUMN t.c IS 'x'",
        "ALTER TABLE t MODIFY id DROP IDENTITY",
    ]


def test_create_table_with_indexes_and_separate_comments(offline):
    md = sa.MetaData()
    t = sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("x", sa.String(5), index=True, comment="the x"),
        comment="the t",
    )
    o = offline("postgresql")
    o.impl.create_table(t)
    o.impl.drop_table(t)
    assert o.statements == [
        "CREATE TABLE t (\n    id SERIAL NOT NULL, \n    x VARCHAR(5), \n    PRIMARY KEY (id)\n);",
        "CREATE INDEX ix_t_x ON t (x);",
        "COMMENT ON TABLE t IS 'the t';",
        "COMMENT ON COLUMN t.x IS 'the x';",
        "DROP TABLE t;",
    ]


def test_create_table_runs_ddl_events_offline(offline):
    from sqlalchemy.dialects import postgresql

    md = sa.MetaData()
    t = sa.Table("t", md, sa.Column("mood", postgresql.ENUM("sad", "ok", name="mood")))
    create, drop = offline("postgresql"), offline("postgresql")
    create.impl.create_table(t)
    drop.impl.drop_table(t)
    assert create.statements == [
        "CREATE TYPE mood AS ENUM ('sad', 'ok');",
        "CREATE TABLE t (\n    mood mood\n);",
    ]
    assert drop.statements[0] == "DROP TABLE t;"


def test_offline_bulk_insert_renders_literals(offline):
    t = sa.table("t", sa.column("id", sa.Integer), sa.column("d", sa.Date))
    import datetime

    o = offline("postgresql")
    o.impl.bulk_insert(t, [{"id": 1, "d": datetime.date(2024, 1, 2)}])
    assert o.statements == ["INSERT INTO t (id, d) VALUES (1, '2024-01-02');"]


def test_bulk_insert_checks_its_rows(offline):
    t = sa.table("t", sa.column("id", sa.Integer))
    o = offline("sqlite")
    with pytest.raises(TypeError, match="List expected"):
        o.impl.bulk_insert(t, ({"id": 1},))
    with pytest.raises(TypeError, match="List of dictionaries expected"):
        o.impl.bulk_insert(t, [(1,)])


def test_literal_binds_option(offline):
    o = offline("sqlite", literal_binds=True)
    t = sa.table("t", sa.column("x", sa.Integer))
    o.impl.execute(t.update().values(x=5))
    plain = offline("sqlite")
    plain.impl.execute(t.update().values(x=5))
    assert o.statements == ["UPDATE t SET x=5;"]
    assert plain.statements == ["UPDATE t SET x=?;"]


def test_postgresql_exclude_constraint_op_offline_and_batch():
    import io

    from sqlalchemy.dialects.postgresql import ExcludeConstraint

    from alembic.ddl.postgresql import CreateExcludeConstraintOp
    from alembic.operations import Operations, ops
    from alembic.runtime.migration import MigrationContext

    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf}
    )
    op = Operations(ctx)
    op.create_exclude_constraint(
        "ex1", "t", ("period", "&&"), ("room", "="), using="gist", where="room > 0"
    )
    copy = sa.Table(
        "t", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("period", sa.Integer)
    )
    with op.batch_alter_table("t", copy_from=copy) as batch:
        batch.create_exclude_constraint("ex2", ("period", "&&"))
    assert buf.getvalue() == (
        "ALTER TABLE t ADD CONSTRAINT ex1 EXCLUDE USING gist (period WITH &&, room WITH =) WHERE (room > 0);\n\n"
        "ALTER TABLE t ADD CONSTRAINT ex2 EXCLUDE USING gist (period WITH &&);\n\n"
    )
    table = sa.Table("b", sa.MetaData(), sa.Column("during", sa.Integer))
    constraint = ExcludeConstraint(("during", "&&"), name="x")
    table.append_constraint(constraint)
    add = ops.AddConstraintOp.from_constraint(constraint)
    assert isinstance(add, CreateExcludeConstraintOp)
    assert (add.constraint_name, add.table_name) == ("x", "b")
    assert add.to_constraint() is constraint


def test_mssql_table_comment_offline_without_schema(offline):
    # offline there is no connection, so no default schema: dbo is assumed
    o = offline("mssql")
    t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer), comment="it's")
    o.impl.create_table_comment(t)
    o.impl.drop_table_comment(t)
    other = sa.Table("u", sa.MetaData(), schema="sales", comment="x")
    o.impl.create_table_comment(other)
    assert o.statements == [
        "execute sp_addextendedproperty 'MS_Description', N'it''s', 'schema', dbo, 'table', t;",
        "GO",
        "execute sp_dropextendedproperty 'MS_Description', 'schema', dbo, 'table', t;",
        "GO",
        "execute sp_addextendedproperty 'MS_Description', N'x', 'schema', sales, 'table', u;",
        "GO",
    ]


def test_exclude_constraint_op_lives_in_the_operations_layer():
    import ast
    import subprocess
    import sys
    from pathlib import Path

    import alembic.ddl.postgresql as pg_ddl
    import alembic.operations.batch as batch_mod
    from alembic.operations import ops_postgresql

    assert pg_ddl.CreateExcludeConstraintOp is ops_postgresql.CreateExcludeConstraintOp
    assert not hasattr(batch_mod, "build_exclude_constraint_op")
    # the ddl module never imports the operations layer at module level
    tree = ast.parse(Path(pg_ddl.__file__).read_text())
    top_imports = [
        node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    assert not any("operations" in (name or "") for name in top_imports)
    probe = (
        "import sys, alembic.ddl.postgresql\n"
        "assert 'alembic.operations' not in sys.modules\n"
        "from alembic.ddl.postgresql import CreateExcludeConstraintOp as C\n"
        "from alembic.operations import Operations, BatchOperations\n"
        "print(C.__name__, Operations.create_exclude_constraint.__name__,"
        " BatchOperations.create_exclude_constraint.__name__)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    # the batch form is registered under its short name on BatchOperations
    assert out == [
        "CreateExcludeConstraintOp",
        "create_exclude_constraint",
        "create_exclude_constraint",
    ]


def test_mssql_create_table_comments_render_offline(offline):
    # Alembic 1.20.1 fails here (SQLAlchemy's renderer needs the default
    # schema, unknown offline); we assume dbo, as for table comments.
    o = offline("mssql")
    t = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, comment="col c"),
        comment="tab c",
    )
    o.impl.create_table(t)
    assert o.statements[0].startswith("CREATE TABLE t (")
    assert o.statements[1:] == [
        "GO",
        "execute sp_addextendedproperty 'MS_Description', N'tab c', 'schema', dbo, 'table', t;",
        "GO",
        "execute sp_addextendedproperty 'MS_Description', N'col c', "
        "'schema', dbo, 'table', t, 'column', id;",
        "GO",
    ]


@pytest.mark.parametrize(
    "default, rendered",
    [
        # each pair as Alembic 1.20.1 writes it into an autogenerated file
        ("0", "0"),
        ("'abc'", "'abc'"),
        ("(1 + 1)", "(1 + 1)"),
        ("(x) + (y)", "(x) + (y)"),
        ("datetime('now')", "(datetime('now'))"),
        ("CURRENT_TIMESTAMP", "(CURRENT_TIMESTAMP)"),
        ("-1", "(-1)"),
        ("1.5", "(1.5)"),
        ("NULL", "(NULL)"),
    ],
)
def test_sqlite_server_default_expressions_get_parentheses(offline, default, rendered):
    impl = offline("sqlite").impl
    assert impl.render_ddl_sql_expr(sa.text(default), is_server_default=True) == rendered
    assert impl.render_ddl_sql_expr(sa.text(default)) == default
