"""env.py files that name Alembic's opt-in CHECK plugin keep working."""
import pytest
import sqlalchemy as sa

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.util.exc import CommandError


def _diffs(plugins):
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, balance INTEGER)"))
        md = sa.MetaData()
        sa.Table(
            "account", md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("balance", sa.Integer),
            sa.CheckConstraint("balance >= 0", name="ck_balance"),
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
        ["alembic.autogenerate.*"],
    ],
)
def test_named_check_is_detected_with_or_without_the_plugin(plugins):
    diffs = _diffs(plugins)
    assert _kinds(diffs) == ["add_constraint"]
    assert diffs[0][1].name == "ck_balance"


def test_unknown_plugin_is_a_clear_error():
    with pytest.raises(CommandError, match="Did not locate plugins: alembic.ext.no_such"):
        _diffs(["alembic.autogenerate.*", "alembic.ext.no_such"])
