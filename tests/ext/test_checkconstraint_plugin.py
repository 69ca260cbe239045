"""CHECK constraints: compared only with Alembic's opt-in plugin (names only)
or ours (``alembic.ext.check_constraints``); expected values from Alembic 1.20.1."""
import pytest
import sqlalchemy as sa

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.util.exc import CommandError


def _diffs(plugins, ddl="CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, balance INTEGER)", *checks):
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(sa.text(ddl))
        md = sa.MetaData()
        sa.Table(
            "account", md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("balance", sa.Integer),
            sa.CheckConstraint("balance >= 0", name="ck_balance"),
            *checks,
        )
        ctx = MigrationContext.configure(conn, opts={"autogenerate_plugins": plugins})
        return compare_metadata(ctx, md)


def _kinds(diffs):
    return [d[0] if isinstance(d, tuple) else d[0][0] for d in diffs]


@pytest.mark.parametrize(
    "plugins",
    [
        ["alembic.autogenerate.*", "alembic.ext.checkconstraint_byname"],
        ["alembic.autogenerate.*", "alembic.autogenerate.checkconstraint_byname"],
        ["alembic.autogenerate.*", "alembic.ext.check_constraints"],
    ],
)
def test_named_check_is_detected_with_the_plugin(plugins):
    """Oracle (Alembic 1.20.1 with checkconstraint_byname): one add_constraint."""
    diffs = _diffs(plugins)
    assert _kinds(diffs) == ["add_constraint"]
    assert diffs[0][1].name == "ck_balance"


def test_checks_are_not_compared_without_a_plugin():
    """Oracle: Alembic 1.20.1 compares no CHECK constraint by default."""
    assert _diffs(["alembic.autogenerate.*"]) == []


def test_byname_adds_and_drops_by_name_only():
    """Oracle: with checkconstraint_byname, a named CHECK only in the database
    is removed, one only in the model added; a changed expression under the
    same name and unnamed CHECKs are not reported."""
    diffs = _diffs(
        ["alembic.autogenerate.*", "alembic.ext.checkconstraint_byname"],
        "CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, balance INTEGER, "
        "CONSTRAINT ck_old CHECK (balance > 1), CONSTRAINT ck_same CHECK (balance < 100), "
        "CHECK (balance <> 5))",
        sa.CheckConstraint("balance < 200", name="ck_same"),
        sa.CheckConstraint("balance <> 7"),
    )
    assert [(d[0], d[1].name) for d in diffs] == [
        ("remove_constraint", "ck_old"),
        ("add_constraint", "ck_balance"),
    ]


def test_unknown_plugin_is_a_clear_error():
    with pytest.raises(CommandError, match="Did not locate plugins: alembic.ext.no_such"):
        _diffs(["alembic.autogenerate.*", "alembic.ext.no_such"])
