"""Models typical of web applications (users, posts, comments, tags) on a
real SQLite, PostgreSQL and MariaDB: autogenerate from an empty database,
apply, compare again (clean), downgrade to nothing and back; then one change
at a time is detected exactly once and is clean once applied.

The runners and the CLI project run with the plugins ``alembic init`` writes
(``NEW_PROJECT_PLUGINS``).  On MariaDB the round trips of indexed foreign-key
columns rely on ``alembic.ext.mysql_fk_indexes`` among them: Alembic's own
downgrade drops a key's index before its table, which MariaDB refuses
(Alembic's default is tested in ``test_mysql_fk_indexes.py``)."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa

STATUS = ("draft", "published", "archived")
#: SQLite can only drop (by batch mode) constraints that have names
CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def webapp_model(**change: object) -> sa.MetaData:
    """The model set; keyword arguments switch on one of the mutations."""
    md = sa.MetaData(naming_convention=CONVENTION if change.get("named") else None)
    user_columns = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, index=True, unique=True),
        sa.Column(
            "email", sa.String(255 if change.get("email_len") else 120), nullable=False
        ),
        sa.Column(
            "is_active",
            sa.Boolean,
            nullable=False,
            server_default=sa.false() if change.get("active_default") else sa.true(),
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        sa.Column(
            "balance", sa.Numeric(12, 2) if change.get("wider") else sa.Numeric(10, 2)
        ),
        sa.Column("avatar", sa.LargeBinary),
        sa.Column("settings", sa.JSON),
        sa.Column("about", sa.Text, nullable=bool(change.get("about_nullable"))),
        sa.UniqueConstraint("email", name="uq_user_email"),
    ]
    sa.Table("user", md, *user_columns)
    post_columns = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.id"), index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=not change.get("body_required")),
        sa.Column("status", sa.Enum(*STATUS, name="post_status"), nullable=False),
        sa.Column("published", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now()
        ),
    ]
    if change.get("slug"):
        post_columns.append(sa.Column("slug", sa.String(80), index=True))
    if change.get("post_unique"):
        post_columns.append(
            sa.UniqueConstraint("user_id", "title", name="uq_post_user_title")
        )
    post = sa.Table("post", md, *post_columns)
    if not change.get("drop_status_index"):
        sa.Index("ix_post_status_created", post.c.status, post.c.created_at)
    ondelete = "SET NULL" if change.get("fk_set_null") else "CASCADE"
    sa.Table(
        "comment",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "post_id",
            sa.Integer,
            sa.ForeignKey("post.id", ondelete=ondelete),
            nullable=True,
        ),
        sa.Column(
            "author_id",
            sa.Integer,
            sa.ForeignKey("user.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("score", sa.Numeric(10, 2), server_default=sa.text("0")),
        sa.Index("ix_comment_post_author", "post_id", "author_id"),
    )
    sa.Table(
        "tag",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Index("ix_tag_name", "name", unique=True),
    )
    if change.get("bookmark"):
        sa.Table(
            "bookmark",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(
                "user_id",
                sa.Integer,
                sa.ForeignKey("user.id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            sa.Column("url", sa.String(500), nullable=False),
        )
    sa.Table(
        "post_tag",
        md,
        sa.Column(
            "post_id",
            sa.Integer,
            sa.ForeignKey("post.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id",
            sa.Integer,
            sa.ForeignKey("tag.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    return md


def table_names(runner) -> set[str]:
    return set(sa.inspect(runner.engine).get_table_names())


def test_from_empty_then_clean_and_round_trip(runner):
    md = webapp_model()
    _script, up, down = runner.produce(md)
    runner.apply(up)
    assert table_names(runner) == {"user", "post", "comment", "tag", "post_tag"}
    assert runner.diffs(md) == [], up
    runner.apply(down)
    assert table_names(runner) == set(), down
    runner.apply(up)
    assert runner.diffs(md) == [], up


def _kinds(diffs: list) -> list[str]:
    """Diff kinds, with each column-level modify list flattened."""
    found = []
    for d in diffs:
        if isinstance(d, list):
            found.extend(item[0] for item in d)
        else:
            found.append(d[0])
    return found


MUTATIONS: dict[str, tuple[dict, Callable[[str], list[str]]]] = {
    "add_column_with_index": ({"slug": True}, lambda db: ["add_column", "add_index"]),
    "make_nullable": ({"about_nullable": True}, lambda db: ["modify_nullable"]),
    "change_string_length": ({"email_len": True}, lambda db: ["modify_type"]),
    "add_unique_constraint": (
        {"post_unique": True},
        lambda db: ["add_constraint"],
    ),
    "drop_index": ({"drop_status_index": True}, lambda db: ["remove_index"]),
    "make_not_nullable": ({"body_required": True}, lambda db: ["modify_nullable"]),
    "change_server_default": (
        {"active_default": True},
        lambda db: ["modify_default"],
    ),
    "change_numeric_precision": ({"wider": True}, lambda db: ["modify_type"]),
    "add_table_with_fk_index": (
        {"bookmark": True},
        lambda db: ["add_table", "add_index"],
    ),
    "change_fk_ondelete": (
        {"fk_set_null": True},
        lambda db: ["remove_fk", "add_fk"],
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_one_change_detected_once_and_clean(runner, name):
    change, expected = MUTATIONS[name]
    # dropping a constraint needs its name: SQLite (batch mode) always, and
    # the downgrade of a changed foreign key everywhere
    named = runner.is_sqlite or name == "change_fk_ondelete"
    before, after = webapp_model(named=named), webapp_model(named=named, **change)
    runner.create(before)
    assert runner.diffs(before) == []
    diffs = runner.diffs(after)
    assert sorted(_kinds(diffs)) == sorted(expected(runner.dialect_name)), diffs
    if runner.is_sqlite and name in ("add_unique_constraint", "change_fk_ondelete"):
        opts = {"render_as_batch": True}
    else:
        opts = {}
    runner.roundtrip(before, after, **opts)


# -- the Flask-SQLAlchemy regression (MariaDB) -------------------------------


def flask_style_model() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "user",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), index=True, unique=True, nullable=False),
    )
    sa.Table(
        "post",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.id"), index=True),
    )
    return md


def test_declared_index_on_fk_column_is_not_reported_on_mariadb(mysql_runner):
    """The index a model declares on a foreign-key column looks like the one
    MySQL makes by itself; it must still count as present."""
    md = flask_style_model()
    _script, up, down = mysql_runner.produce(md)
    assert "ix_post_user_id" in up
    mysql_runner.apply(up)
    names = {ix["name"] for ix in sa.inspect(mysql_runner.engine).get_indexes("post")}
    assert "ix_post_user_id" in names
    assert mysql_runner.diffs(md) == []
    # with alembic.ext.mysql_fk_indexes the downgrade drops the tables without
    # first dropping the index the foreign key still needs (MySQL refuses that)
    assert "ix_post_user_id" not in down
    mysql_runner.apply(down)
    assert table_names(mysql_runner) == set()


def test_round_trips_here_select_the_mysql_fk_indexes_plugin():
    """The MariaDB round trips below (``test_from_empty_then_clean_and_round_trip``,
    ``add_table_with_fk_index``, the CLI one, ``test_index_removed_from_fk_column``)
    need the plugin; the runner and ``alembic init`` select it."""
    from alembic.util.scaffold import NEW_PROJECT_PLUGINS

    assert "alembic.ext.mysql_fk_indexes" in NEW_PROJECT_PLUGINS


def test_implicit_fk_index_is_still_ignored_on_mariadb(mysql_runner):
    """A foreign key without a declared index: MySQL's own index is not
    reported as something to drop."""
    md = sa.MetaData()
    sa.Table("a", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "b",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_id", sa.Integer, sa.ForeignKey("a.id")),
    )
    mysql_runner.create(md)
    names = {ix["name"] for ix in sa.inspect(mysql_runner.engine).get_indexes("b")}
    assert names, "MySQL should have made an index for the foreign key"
    assert mysql_runner.diffs(md) == []


@pytest.fixture(params=["postgresql", "mysql"])
def server_runner(request):
    from .conftest import AutogenRunner

    r = AutogenRunner(
        request.getfixturevalue(
            "pg_url" if request.param == "postgresql" else "mysql_url"
        ),
        lenient=True,  # the model's MySQL defaults need alembic.ext.lenient_compare
    )
    r.reset()
    yield r
    r.reset()
    r.engine.dispose()


def test_unnamed_fk_ondelete_change_applies_cleanly(server_runner):
    """Without a naming convention the reflected key's name is used for the
    drop; after the upgrade the database matches the model (SQLite cannot
    drop an unnamed key at all)."""
    runner = server_runner
    before, after = webapp_model(), webapp_model(fk_set_null=True)
    runner.create(before)
    _script, up, _down = runner.produce(after)
    assert sorted(_kinds(runner.diffs(after))) == ["add_fk", "remove_fk"]
    runner.apply(up)
    assert runner.diffs(after) == [], up
    fks = sa.inspect(runner.engine).get_foreign_keys("comment")
    actions = {fk["referred_table"]: fk["options"].get("ondelete") for fk in fks}
    assert actions["post"] == "SET NULL"


# -- the real command line -----------------------------------------------------


def _cli(project, *args: str):
    import subprocess
    import sys

    exe = pathlib.Path(sys.executable).with_name("alembic")
    ran = subprocess.run(
        [str(exe), "-c", str(project.ini), *args],
        check=False,
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return ran.returncode, ran.stdout + ran.stderr


def test_cli_autogenerate_upgrade_check_downgrade(tmp_path, any_db_url):
    """``alembic revision --autogenerate``, ``upgrade head``, ``check``,
    ``downgrade base`` and back, as a user runs them, on each database."""
    from .test_commands import Project

    engine = sa.create_engine(any_db_url, poolclass=sa.pool.NullPool)
    found = sa.MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    project = Project(tmp_path, any_db_url)
    root = pathlib.Path(__file__).resolve().parents[2]
    project.models(
        f"import sys\nsys.path.insert(0, {str(root)!r})\n"
        "from tests.autogen.test_webapp_models import webapp_model\n"
        "target_metadata = webapp_model()\n"
    )
    ini = project.ini.read_text()
    project.ini.write_text(
        re.sub(r"(?m)^sqlalchemy\.url\s*=.*$", f"sqlalchemy.url = {any_db_url}", ini)
    )
    try:
        code, out = _cli(project, "revision", "--autogenerate", "-m", "initial")
        assert code == 0, out
        for step in (("upgrade", "head"), ("check",)):
            code, out = _cli(project, *step)
            assert code == 0, out
        assert "No new upgrade operations detected." in out
        code, out = _cli(project, "downgrade", "base")
        assert code == 0, out
        left = set(sa.inspect(engine).get_table_names())
        assert not left & {"user", "post", "comment", "tag", "post_tag"}, left
        code, out = _cli(project, "upgrade", "head")
        assert code == 0, out
        code, out = _cli(project, "check")
        assert code == 0 and "No new upgrade operations detected." in out, out
    finally:
        found = sa.MetaData()
        found.reflect(engine)
        found.drop_all(engine)
        engine.dispose()


# -- server defaults as databases read them back ------------------------------


def defaults_model(dialect_name: str, price: str = "0.00") -> sa.MetaData:
    md = sa.MetaData()
    cols = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("price", sa.Numeric(10, 2), server_default=price),
        sa.Column("fee", sa.Numeric(10, 2), server_default=sa.text("0")),
        sa.Column("ratio", sa.Float, server_default=sa.text("1.5")),
        sa.Column("stamp", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
    ]
    if dialect_name == "mysql":
        cols.append(
            sa.Column(
                "updated_at",
                sa.DateTime,
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
            )
        )
    sa.Table("item", md, *cols)
    return md


def test_numeric_and_timestamp_defaults_are_stable(runner):
    """``0`` on a DECIMAL(10,2) comes back as ``0.00`` on MariaDB, ``'0.00'``
    as ``0.00`` on PostgreSQL, ``CURRENT_TIMESTAMP ON UPDATE ...`` as
    ``current_timestamp() ON UPDATE current_timestamp()``: no false changes,
    while a real change of value is still seen."""
    md = defaults_model(runner.dialect_name)
    _script, up, _down = runner.produce(md)
    runner.apply(up)
    assert runner.diffs(md) == [], up
    changed = runner.diffs(defaults_model(runner.dialect_name, price="1.25"))
    assert _kinds(changed) == ["modify_default"], changed
    assert changed[0][0][3] == "price"


# -- MySQL: the index a foreign key needs -------------------------------------


def fk_index_model(indexed: bool) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table("user", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "post",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.id"), index=indexed),
    )
    return md


def test_index_added_on_fk_column_round_trips_on_mariadb(mysql_runner):
    """Adding ``index=True`` to a foreign-key column: the downgrade cannot
    drop that index on MySQL (the key needs it), so with
    ``alembic.ext.mysql_fk_indexes`` it leaves it, and the downgraded
    database still compares clean."""
    before, after = fk_index_model(False), fk_index_model(True)
    _script, up, down = mysql_runner.roundtrip(before, after)
    assert "create_index(op.f('ix_post_user_id')" in up
    assert "drop_index" not in down
    names = {ix["name"] for ix in sa.inspect(mysql_runner.engine).get_indexes("post")}
    assert "ix_post_user_id" in names


def test_index_removed_from_fk_column(runner):
    """Removing ``index=True`` from a foreign-key column: a drop elsewhere;
    on MySQL, with ``alembic.ext.mysql_fk_indexes``, the index is the one the
    key needs, so nothing is reported (Alembic reports a ``remove_index``)."""
    runner.create(fk_index_model(True))
    kinds = _kinds(runner.diffs(fk_index_model(False)))
    assert kinds == ([] if runner.dialect_name == "mysql" else ["remove_index"])
    if kinds:
        opts = {"render_as_batch": True} if runner.is_sqlite else {}
        runner.roundtrip(fk_index_model(True), fk_index_model(False), **opts)


# -- ENUM values and time zones ----------------------------------------------


def enum_model(values: tuple[str, ...], tz: bool = True) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "account",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "state",
            sa.Enum(*values, name="account_state"),
            nullable=False,
            server_default=values[0],
        ),
        sa.Column("seen", sa.DateTime(timezone=tz)),
    )
    return md


def test_enum_value_added_round_trips_with_server_default(server_runner):
    """A new ENUM value on a column with a default: detected once, applied,
    and the downgrade (which rebuilds the type on PostgreSQL) restores it."""
    runner = server_runner
    before, after = enum_model(("new", "old")), enum_model(("new", "old", "gone"))
    runner.create(before)
    kinds = _kinds(runner.diffs(after))
    expected = "modify_enum" if runner.dialect_name == "postgresql" else "modify_type"
    assert kinds == [expected]
    _script, _up, down = runner.roundtrip(before, after)
    with runner.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO account (id) VALUES (1)")
        state = conn.exec_driver_sql("SELECT state FROM account").scalar()
    assert state == "new", down


def test_time_zone_flag_only_matters_where_stored(runner):
    """``DateTime(timezone=True)`` vs ``False`` is a type change on
    PostgreSQL only; MariaDB and SQLite store both the same way."""
    runner.create(enum_model(("a", "b"), tz=True))
    kinds = _kinds(runner.diffs(enum_model(("a", "b"), tz=False)))
    assert kinds == (["modify_type"] if runner.dialect_name == "postgresql" else [])


def test_descending_indexes_compare_clean(runner):
    """ "Newest first" indexes: MariaDB's reflection does not report DESC, so
    the model's order must not read as a different index there."""
    md = sa.MetaData()
    post = sa.Table(
        "feed",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("author", sa.String(50)),
        sa.Column("created", sa.DateTime),
    )
    sa.Index("ix_feed_created_desc", post.c.created.desc())
    sa.Index("ix_feed_author_created", post.c.author, post.c.created.desc())
    _script, up, down = runner.produce(md)
    runner.apply(up)
    assert runner.diffs(md) == [], up
    runner.apply(down)
    assert table_names(runner) == set(), down
