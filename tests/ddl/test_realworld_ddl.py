"""DDL differences found by replaying real projects' migration histories."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def test_sqlite_alter_column_comment_is_refused_not_written(offline):
    # SQLite has no COMMENT statement: Alembic refuses the element; a
    # generic "COMMENT ON COLUMN" in an offline script would fail later
    off = offline("sqlite")
    with pytest.raises(sa.exc.UnsupportedCompilationError):
        off.impl.alter_column("t", "a", comment="hi", existing_type=sa.Integer())
    assert "COMMENT" not in off.text


@pytest.mark.parametrize(
    "dialect,expected",
    [
        ("postgresql", "COMMENT ON COLUMN t.a IS 'hi'"),
        ("oracle", "COMMENT ON COLUMN t.a IS 'hi'"),
    ],
)
def test_column_comment_still_written_where_supported(offline, dialect, expected):
    off = offline(dialect)
    off.impl.alter_column("t", "a", comment="hi", existing_type=sa.Integer())
    assert expected in off.text


def test_create_table_writes_its_indexes_in_name_order(offline):
    # mlflow declares several sa.Index objects inside create_table; the
    # table keeps them in a set, so the script orders them by name
    off = offline("postgresql")
    names = ["index_z_last", "index_a_first", "index_m_middle"]
    table = sa.Table(
        "datasets",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        *[sa.Index(n, "a") for n in names],
    )
    off.impl.create_table(table)
    created = [s.split()[2] for s in off.statements if s.startswith("CREATE INDEX")]
    assert created == sorted(names)
