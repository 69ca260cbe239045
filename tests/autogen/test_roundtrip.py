"""Every detected kind goes through compare -> render -> apply -> compare
again (clean), and the rendered downgrade restores the previous schema, on
SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import sqlalchemy as sa


def full_model(dialect_name: str) -> sa.MetaData:
    """A model set touching every kind of object autogenerate compares."""
    md = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    comments = dialect_name != "sqlite"
    sa.Table(
        "author",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "name",
            sa.String(50),
            nullable=False,
            comment="full name" if comments else None,
        ),
        sa.Column("email", sa.String(120), unique=True),
        sa.Column(
            "active",
            sa.Boolean,
            nullable=False,
            server_default=sa.text("1" if dialect_name != "postgresql" else "true"),
        ),
        sa.Column("rating", sa.Numeric(10, 2)),
        sa.Column("score", sa.Float),
        sa.Column("born", sa.Date),
        sa.Column("created", sa.DateTime, server_default=sa.func.now()),
        sa.Column("bio", sa.Text),
        sa.Column("kind", sa.Enum("person", "company", name="author_kind")),
        sa.Column("avatar", sa.LargeBinary),
        sa.Column("status", sa.String(20), server_default="new"),
        sa.CheckConstraint("rating >= 0", name="rating_positive"),
        comment="people who write" if comments else None,
    )
    book = sa.Table(
        "book",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "author_id",
            sa.Integer,
            sa.ForeignKey("author.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False, index=True),
        sa.Column("isbn", sa.String(20)),
        sa.Column("pages", sa.Integer, server_default=sa.text("0")),
        sa.UniqueConstraint("author_id", "title"),
    )
    sa.Index("ix_book_isbn_pages", book.c.isbn, book.c.pages, unique=True)
    sa.Table(
        "tag",
        md,
        sa.Column("book_id", sa.Integer, sa.ForeignKey("book.id"), primary_key=True),
        sa.Column("label", sa.String(30), primary_key=True),
    )
    return md


def test_create_everything_then_back(runner):
    empty = sa.MetaData()
    md = full_model(runner.dialect_name)
    script, up, down = runner.roundtrip(empty, md)
    kinds = [d[0] for d in script.upgrade_ops.as_diffs() if isinstance(d, tuple)]
    assert kinds.count("add_table") == 3
    assert "op.create_table('author'" in up
    assert "sa.PrimaryKeyConstraint('id', name=op.f('pk_author'))" in up
    assert "op.f('ix_book_title')" in up
    assert "op.drop_table('book')" in down


def test_second_run_is_clean_on_created_schema(runner):
    md = full_model(runner.dialect_name)
    runner.create(md)
    assert runner.diffs(full_model(runner.dialect_name)) == []


def type_zoo(dialect_name: str) -> sa.MetaData:
    """Many types and defaults; none may be reported after a create_all."""
    md = sa.MetaData()
    cols = [
        sa.Column("small", sa.SmallInteger),
        sa.Column("big", sa.BigInteger, server_default=sa.text("0")),
        sa.Column("uni", sa.Unicode(30), server_default="it's"),
        sa.Column("unitext", sa.UnicodeText),
        sa.Column("code", sa.CHAR(3)),
        sa.Column("tm", sa.Time),
        sa.Column("dbl", sa.Double),
        sa.Column("num", sa.Numeric(12, 4)),
        sa.Column("flag", sa.Boolean, server_default=sa.false()),
        sa.Column("stamp", sa.DateTime, server_default=sa.func.current_timestamp()),
        sa.Column("uid", sa.Uuid),
        sa.Column("doc", sa.JSON),
    ]
    if dialect_name == "postgresql":
        from sqlalchemy.dialects import postgresql

        cols += [
            sa.Column("ints", postgresql.ARRAY(sa.Integer)),
            sa.Column("jb", postgresql.JSONB),
            sa.Column("span", sa.Interval),
            sa.Column("tz", sa.DateTime(timezone=True)),
            sa.Column("free", sa.String),
            sa.Column("bare_num", sa.Numeric),
            sa.Column("real", sa.REAL),
        ]
    if dialect_name == "mysql":
        from sqlalchemy.dialects import mysql

        cols += [
            sa.Column("tiny", mysql.TINYINT),
            sa.Column("utf", mysql.VARCHAR(20, charset="utf8mb4")),
            sa.Column("ts", mysql.TIMESTAMP, nullable=True),
        ]
    sa.Table("zoo", md, sa.Column("id", sa.Integer, primary_key=True), *cols)
    return md


def test_type_zoo_has_no_false_positives(runner):
    runner.create(type_zoo(runner.dialect_name))
    assert runner.diffs(type_zoo(runner.dialect_name)) == []


def test_type_zoo_roundtrip(runner):
    runner.roundtrip(sa.MetaData(), type_zoo(runner.dialect_name))
