"""Dialect DDL that real histories produce (issue 11, item 13): exact
offline SQL per dialect, every expected statement taken from Alembic
1.20.1 (bench/.venv-ref) running the same ``op`` calls with ``--sql``."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import CompileError


def _sql(dialect_name: str, calls) -> list[str]:
    """The statements ``calls(op)`` writes offline for ``dialect_name``."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name=dialect_name, opts={"as_sql": True, "output_buffer": buf}
    )
    calls(Operations(ctx))
    return [s for s in buf.getvalue().split("\n\n") if s.strip() and s.strip() != "GO"]


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
@pytest.mark.parametrize(
    "kw, expected",
    [
        ({"type_": sa.DateTime()}, "ALTER TABLE t CHANGE c c DATETIME NULL;"),
        ({"type_": sa.TIMESTAMP(), "existing_nullable": False}, "ALTER TABLE t CHANGE c c TIMESTAMP NOT NULL;"),
        ({"existing_type": sa.DateTime(), "nullable": False}, "ALTER TABLE t CHANGE c c DATETIME NOT NULL;"),
        (
            {"type_": sa.DateTime(), "existing_type": sa.DateTime(), "existing_server_default": sa.text("CURRENT_TIMESTAMP")},
            "ALTER TABLE t CHANGE c c DATETIME NULL DEFAULT CURRENT_TIMESTAMP;",
        ),
        (
            {"type_": sa.DateTime(), "server_default": None, "existing_server_default": sa.text("now()")},
            "ALTER TABLE t MODIFY c DATETIME NULL;",
        ),
        ({"type_": sa.Date()}, "ALTER TABLE t MODIFY c DATE NULL;"),
        ({"type_": sa.Time()}, "ALTER TABLE t MODIFY c TIME NULL;"),
        ({"existing_type": sa.Date(), "comment": "hi"}, "ALTER TABLE t MODIFY c DATE NULL COMMENT 'hi';"),
        (
            {"type_": sa.Integer(), "existing_type": sa.DateTime(), "autoincrement": True},
            "ALTER TABLE t MODIFY c INTEGER NULL AUTO_INCREMENT;",
        ),
        ({"existing_type": sa.DateTime(), "server_default": None}, "ALTER TABLE t ALTER COLUMN c DROP DEFAULT;"),
        ({"type_": sa.TIMESTAMP}, "ALTER TABLE t MODIFY c TIMESTAMP NULL;"),
        ({"existing_type": sa.DateTime, "nullable": False}, "ALTER TABLE t MODIFY c DATETIME NOT NULL;"),
    ],
)
def test_mysql_alter_to_datetime_is_change(dialect, kw, expected):
    assert _sql(dialect, lambda op: op.alter_column("t", "c", **kw)) == [expected]


@pytest.mark.parametrize(
    "kw, expected",
    [
        (
            {"schema": "s", "existing_comment": "old", "comment": None},
            "exec sp_dropextendedproperty 'MS_Description', 'schema', s, 'table', t, 'column', c;",
        ),
        (
            {"table": "My Table", "column": "My Col", "schema": "My Schema", "comment": "it's"},
            (
                "exec sp_addextendedproperty 'MS_Description', N'it''s', 'schema', [My Schema], "
                "'table', [My Table], 'column', [My Col];"
            ),
        ),
        (
            {"schema": "db.own", "comment": "x"},
            "exec sp_addextendedproperty 'MS_Description', N'x', 'schema', db.own, 'table', t, 'column', c;",
        ),
    ],
)
def test_mssql_column_comment_names_are_identifiers(kw, expected):
    table, column = kw.pop("table", "t"), kw.pop("column", "c")
    def calls(op):
        op.alter_column(table, column, existing_type=sa.Integer, **kw)

    assert _sql("mssql", calls) == [expected]


def test_mssql_table_comment_names():
    def calls(op):
        op.create_table_comment("My T", "x", schema="My S")
        op.drop_table_comment("t", schema="s")

    assert _sql("mssql", calls) == [
        "execute sp_addextendedproperty 'MS_Description', N'x', 'schema', [My S], 'table', [My T];",
        "execute sp_dropextendedproperty 'MS_Description', 'schema', s, 'table', t;",
    ]


@pytest.mark.parametrize(
    "fk, expected",
    [
        (
            sa.ForeignKey("o.id", match="FULL", ondelete="CASCADE"),
            "ALTER TABLE t ADD COLUMN p INTEGER REFERENCES o (id) MATCH FULL ON DELETE CASCADE;",
        ),
        (
            sa.ForeignKey("o.id", match="SIMPLE", onupdate="CASCADE", name="fk_x"),
            "ALTER TABLE t ADD COLUMN p INTEGER REFERENCES o (id) MATCH SIMPLE ON UPDATE CASCADE;",
        ),
        (
            sa.ForeignKey("o.id", deferrable=True, initially="DEFERRED", match="FULL"),
            "ALTER TABLE t ADD COLUMN p INTEGER REFERENCES o (id) MATCH FULL DEFERRABLE INITIALLY DEFERRED;",
        ),
    ],
)
def test_inline_references_keep_match(fk, expected):
    def calls(op):
        op.add_column("t", sa.Column("p", sa.Integer, fk), inline_references=True)

    assert _sql("postgresql", calls) == [expected]


def test_mysql_inline_references_with_match_is_refused():
    """Alembic 1.20.1 raises SQLAlchemy's CompileError for MATCH on MySQL,
    inline or not."""
    fk = sa.ForeignKey("o.id", match="FULL", ondelete="CASCADE")
    with pytest.raises(CompileError, match="MySQL ignores the 'MATCH' keyword"):
        _sql("mysql", lambda op: op.add_column("t", sa.Column("p", sa.Integer, fk), inline_references=True))
