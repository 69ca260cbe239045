"""``alembic.testing`` helpers used directly (no database): ``op_fixture``
records SQL as Alembic 1.20.1's does, ``eq_ignore_whitespace``, and the
requirements mix-in a dialect writes.

Expected statements come from running the same calls under Alembic 1.20.1's
``alembic.testing.fixtures.op_fixture`` (bench/.venv-ref).
"""
from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, column, table

from alembic import op
from alembic.testing import assert_raises_message, eq_ignore_whitespace
from alembic.testing.fixtures import op_fixture


@pytest.fixture(autouse=True)
def _unbind_op():
    yield
    op._proxy = None


def test_op_fixture_records_statements_in_order():
    context = op_fixture("postgresql")
    op.add_column("t", Column("c", Integer()))
    op.alter_column("t", "c", new_column_name="d")
    context.assert_("ALTER TABLE t ADD COLUMN c INTEGER", "ALTER TABLE t RENAME c TO d")


def test_op_fixture_as_sql_without_terminators():
    context = op_fixture("mysql", as_sql=True)
    op.drop_column("t", "c")
    context.assert_("ALTER TABLE t DROP COLUMN c")


def test_op_fixture_naming_convention():
    context = op_fixture(naming_convention={"ix": "ix_%(column_0_label)s"})
    op.create_index(None, "t", ["c"])
    context.assert_("CREATE INDEX ix_t_c ON t (c)")


@pytest.mark.parametrize(
    "as_sql, expected",
    [
        (False, ["INSERT INTO t (a) VALUES (%(a)s::INTEGER)", "UPDATE t SET a=1"]),
        (True, ["INSERT INTO t (a) VALUES (1)", "INSERT INTO t (a) VALUES (2)", "UPDATE t SET a=1"]),
    ],
)
def test_op_fixture_online_keeps_placeholders_offline_renders_rows(as_sql, expected):
    context = op_fixture("postgresql", as_sql=as_sql)
    op.bulk_insert(table("t", column("a", Integer)), [{"a": 1}, {"a": 2}])
    op.execute("UPDATE t SET a=1")
    context.assert_(*expected)
    assert_raises_message(AssertionError, r"!= \['x'\]", context.assert_, "x")


def test_eq_ignore_whitespace():
    eq_ignore_whitespace("SELECT  a\n   FROM t ( x )", "SELECT a FROM t (x)")
    with pytest.raises(AssertionError):
        eq_ignore_whitespace("SELECT a FROM t", "SELECT aFROM t")


def test_requirements_mix_with_sqlalchemys():
    from sqlalchemy.testing.requirements import SuiteRequirements as SQLARequirements

    from alembic.testing.requirements import SuiteRequirements

    class Requirements(SQLARequirements, SuiteRequirements):
        pass

    mro = Requirements.__mro__
    assert mro.index(SQLARequirements) < mro.index(SuiteRequirements)
    assert hasattr(Requirements(), "fk_onupdate")


def test_capture_context_buffer_collects_offline_output(tmp_path):
    """env.py's own ``configure()`` arguments are kept; the buffer wins.
    The INSERT is what ``alembic upgrade head --sql`` prints for this
    project under Alembic 1.20.1."""
    from alembic import command
    from alembic.config import Config
    from alembic.testing.fixtures import capture_context_buffer

    config = Config(str(tmp_path / "alembic.ini"))
    command.init(config, str(tmp_path / "migrations"))
    config.set_main_option("sqlalchemy.url", "postgresql://u@localhost/db")
    command.revision(config, message="one", rev_id="a1")
    with capture_context_buffer() as buffer:
        command.upgrade(config, "head", sql=True)
    out = buffer.getvalue()
    assert "CREATE TABLE alembic_version" in out
    assert (
        "INSERT INTO alembic_version (version_num) VALUES ('a1') "
        "RETURNING alembic_version.version_num;" in out
    )


def test_staging_env_three_revisions_offline(tmp_path, monkeypatch):
    """The staging helpers plugin and dialect tests use: a scratch project,
    an ini naming only a dialect, three revisions in a line."""
    from alembic import command
    from alembic.testing.env import (
        _no_sql_testing_config,
        clear_staging_env,
        staging_env,
        three_rev_fixture,
    )
    from alembic.testing.fixtures import capture_context_buffer

    monkeypatch.chdir(tmp_path)
    script = staging_env()
    try:
        assert (tmp_path / "scratch" / "scripts" / "env.py").is_file()
        cfg = _no_sql_testing_config("postgresql")
        a, b, c = three_rev_fixture(cfg)
        with capture_context_buffer() as buffer:
            command.upgrade(cfg, c, sql=True)
        out = buffer.getvalue()
        steps = [out.index(f"CREATE STEP {rev};") for rev in (a, b, c)]
        assert steps == sorted(steps)
        assert script.dir.endswith("scripts")
    finally:
        clear_staging_env()
    assert not (tmp_path / "scratch").exists()


def test_write_script_adds_a_new_revision(tmp_path, monkeypatch):
    from alembic.testing.env import clear_staging_env, staging_env, write_script

    monkeypatch.chdir(tmp_path)
    script = staging_env()
    try:
        write_script(script, "abc1", 'revision = "abc1"\ndown_revision = None\n')
        assert script.get_revision("abc1").revision == "abc1"
        assert script.get_current_head() == "abc1"
    finally:
        clear_staging_env()


def test_schemacompare_matches_by_name_and_columns():
    import sqlalchemy as sa

    from alembic.testing import eq_, ne_
    from alembic.testing.schemacompare import (
        CompareForeignKey,
        CompareIndex,
        CompareTable,
    )

    m1, m2 = sa.MetaData(), sa.MetaData()
    for m in (m1, m2):
        sa.Table("p", m, sa.Column("id", sa.Integer, primary_key=True))
        sa.Table("t", m, sa.Column("x", sa.Integer, sa.ForeignKey("p.id", name="fk_x")), sa.Index("ix_x", "x"))
    t1, t2 = m1.tables["t"], m2.tables["t"]
    eq_(CompareTable(t1), t2)
    eq_(CompareIndex(next(iter(t1.indexes))), next(iter(t2.indexes)))
    eq_(CompareForeignKey(next(iter(t1.foreign_key_constraints))), next(iter(t2.foreign_key_constraints)))
    ne_(CompareTable(t1), m2.tables["p"])


def test_capture_db_records_compiled_statements():
    import sqlalchemy as sa

    from alembic.testing.fixtures import capture_db

    engine, buffer = capture_db("postgresql://")
    m = sa.MetaData()
    sa.Table("t", m, sa.Column("id", sa.Integer, primary_key=True))
    m.create_all(engine, checkfirst=False)
    assert [" ".join(s.split()) for s in buffer] == ["CREATE TABLE t ( id SERIAL NOT NULL, PRIMARY KEY (id) )"]
