"""The index MySQL/MariaDB makes for a foreign key, on a real MariaDB.

Without ``alembic.ext.mysql_fk_indexes`` the comparison is Alembic 1.20.1's:
every expected value here was produced by PyPI Alembic 1.20.1 (its
``alembic revision --autogenerate`` / ``alembic check`` run as a separate
process on a project with the same model, against a MariaDB holding the same
tables).  With the plugin, the index of a new or dropped key comes along."""

from __future__ import annotations

import sqlalchemy as sa

from .test_webapp_models import fk_index_model

PLUGIN = ["alembic.autogenerate.*", "alembic.ext.mysql_fk_indexes"]


def _setup(runner, *statements: str) -> None:
    runner.reset()
    with runner.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _op_lines(body: str) -> list[str]:
    return [
        line.strip() for line in body.splitlines() if line.strip().startswith("op.")
    ]


def _book_model(*extra: object, fk: str = "author_id") -> sa.MetaData:
    md = sa.MetaData()
    sa.Table("author", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "book",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "author_id",
            sa.Integer,
            *(
                [sa.ForeignKey("author.id", name="fk_book_author")]
                if fk == "author_id"
                else []
            ),
        ),
        sa.Column("editor_id", sa.Integer),
        *extra,
    )
    return md


SWAPPED_KEYS = (
    "CREATE TABLE author (id INTEGER PRIMARY KEY)",
    (
        "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER, editor_id INTEGER, "
        "CONSTRAINT fk_book_editor FOREIGN KEY (editor_id) REFERENCES author(id))"
    ),
)


def test_new_and_dropped_key_bring_no_index_ops(exact_mysql_runner):
    """Alembic 1.20.1 (oracle run on MariaDB): a foreign key moved from
    ``editor_id`` to ``author_id`` is a drop and a create of the key only; the
    index MariaDB made for ``fk_book_editor`` is not dropped."""
    _setup(exact_mysql_runner, *SWAPPED_KEYS)
    _script, up, down = exact_mysql_runner.produce(_book_model())
    assert _op_lines(up) == [
        "op.drop_constraint(op.f('fk_book_editor'), 'book', type_='foreignkey')",
        "op.create_foreign_key('fk_book_author', 'book', 'author', ['author_id'], ['id'])",
    ]
    assert _op_lines(down) == [
        "op.drop_constraint('fk_book_author', 'book', type_='foreignkey')",
        "op.create_foreign_key(op.f('fk_book_editor'), 'book', 'author', ['editor_id'], ['id'])",
    ]
    exact_mysql_runner.apply(up)
    # what Alembic's check then reports (oracle): the key's index, left behind
    assert [d[0] for d in exact_mysql_runner.diffs(_book_model())] == ["remove_index"]


def test_plugin_adds_and_drops_the_key_index(mysql_runner):
    """With ``alembic.ext.mysql_fk_indexes`` the same change also creates the
    new key's index and drops the old one, and both ways compare clean."""
    _setup(mysql_runner, *SWAPPED_KEYS)
    _script, up, down = mysql_runner.produce(_book_model(), autogenerate_plugins=PLUGIN)
    assert _op_lines(up) == [
        "op.drop_constraint(op.f('fk_book_editor'), 'book', type_='foreignkey')",
        "op.drop_index(op.f('fk_book_editor'), table_name='book')",
        "op.create_index('fk_book_author', 'book', ['author_id'], unique=False)",
        "op.create_foreign_key('fk_book_author', 'book', 'author', ['author_id'], ['id'])",
    ]
    mysql_runner.apply(up)
    assert mysql_runner.diffs(_book_model(), autogenerate_plugins=PLUGIN) == []
    mysql_runner.apply(down)
    names = {ix["name"] for ix in sa.inspect(mysql_runner.engine).get_indexes("book")}
    assert names == {"fk_book_editor"}


def test_alembic_ignores_indexes_named_like_a_column_or_key(exact_mysql_runner):
    """Alembic 1.20.1 (oracle run on MariaDB, same tables and model) leaves
    out a reflected non-unique index named like one of its columns
    (``editor_id``, no key there; ``x`` on ``(x, y)``), and the model's index
    of such a name too (``Index("x", "x")``); an index on the key's column
    under another name (``ix_manual``) is dropped like any other.  MariaDB
    dropped its own ``fk_book_author`` index when ``ix_manual`` was made, so
    the model's ``fk_book_author`` is created."""
    _setup(
        exact_mysql_runner,
        "CREATE TABLE author (id INTEGER PRIMARY KEY)",
        "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER, editor_id INTEGER, "
        "x INTEGER, y INTEGER, "
        "CONSTRAINT fk_book_author FOREIGN KEY (author_id) REFERENCES author(id))",
        "CREATE INDEX ix_manual ON book (author_id)",
        "CREATE INDEX editor_id ON book (editor_id)",
        "CREATE INDEX x ON book (x, y)",
    )
    model = _book_model(
        sa.Column("x", sa.Integer),
        sa.Column("y", sa.Integer),
        sa.Index("x", "x"),
        sa.Index("fk_book_author", "author_id", "x"),
        sa.Index("y", "y"),
    )
    _script, up, down = exact_mysql_runner.produce(model)
    assert _op_lines(up) == [
        "op.drop_index(op.f('ix_manual'), table_name='book')",
        "op.create_index('fk_book_author', 'book', ['author_id', 'x'], unique=False)",
        "op.create_index('y', 'book', ['y'], unique=False)",
    ]
    assert _op_lines(down) == [
        "op.drop_index('y', table_name='book')",
        "op.drop_index('fk_book_author', table_name='book')",
        "op.create_index(op.f('ix_manual'), 'book', ['author_id'], unique=False)",
    ]


def test_alembic_ignores_the_index_named_like_the_key(exact_mysql_runner):
    """Alembic 1.20.1 (oracle run on MariaDB): the index MariaDB made for
    ``fk_book_author`` is left out, and so is the model's index of that name
    on other columns: nothing to do."""
    _setup(
        exact_mysql_runner,
        "CREATE TABLE author (id INTEGER PRIMARY KEY)",
        "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER, editor_id INTEGER, "
        "x INTEGER, CONSTRAINT fk_book_author FOREIGN KEY (author_id) REFERENCES author(id))",
    )
    model = _book_model(
        sa.Column("x", sa.Integer), sa.Index("fk_book_author", "author_id", "x")
    )
    assert exact_mysql_runner.diffs(model) == []


def test_index_removed_from_key_column_is_reported(exact_mysql_runner):
    """Alembic 1.20.1 (oracle ``alembic check`` on MariaDB): an index on a
    key's column that the model no longer declares is a ``remove_index``,
    and the Column in its repr shows no ForeignKey:
    ``[('remove_index', Index('ix_post_user_id', Column('user_id',
    INTEGER(display_width=11), table=<post>)))]``."""
    _setup(
        exact_mysql_runner,
        "CREATE TABLE user (id INTEGER PRIMARY KEY)",
        "CREATE TABLE post (id INTEGER PRIMARY KEY, user_id INTEGER)",
        "CREATE INDEX ix_post_user_id ON post (user_id)",
        "ALTER TABLE post ADD FOREIGN KEY (user_id) REFERENCES user(id)",
    )
    diffs = exact_mysql_runner.diffs(fk_index_model(indexed=False))
    assert repr(diffs) == (
        "[('remove_index', Index('ix_post_user_id', Column('user_id', "
        "INTEGER(display_width=11), table=<post>)))]"
    )


def test_new_table_downgrade_drops_the_key_index_first(exact_mysql_runner):
    """Alembic 1.20.1 (oracle on MariaDB): a new table with an indexed key
    column downgrades with ``drop_index`` before ``drop_table`` (which
    MariaDB refuses, error 1553, under Alembic too); the plugin leaves the
    ``drop_index`` out."""
    md = fk_index_model(indexed=True)
    exact_mysql_runner.reset()
    _script, _up, down = exact_mysql_runner.produce(md)
    assert _op_lines(down) == [
        "op.drop_index(op.f('ix_post_user_id'), table_name='post')",
        "op.drop_table('post')",
        "op.drop_table('user')",
    ]
    _script, _up, down = exact_mysql_runner.produce(md, autogenerate_plugins=PLUGIN)
    assert _op_lines(down) == ["op.drop_table('post')", "op.drop_table('user')"]
