"""``alembic.ext.postgresql_enums`` changing the values of an ENUM type used
only inside ``ARRAY(ENUM(...))`` columns, on a real PostgreSQL: the upgrade
reaches the model, the downgrade goes back, and the rows survive."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

WITH_PLUGIN = ["alembic.autogenerate.*", "alembic.ext.postgresql_enums"]


def _car_with_arrays(colors: tuple[str, ...], default: bool = False) -> sa.MetaData:
    md = sa.MetaData()
    color = sa.Enum(*colors, name="car_color")
    sa.Table(
        "car",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("colors", postgresql.ARRAY(color)),
        sa.Column(
            "trim",
            postgresql.ARRAY(color, dimensions=2),
            server_default=sa.text("'{{red}}'::car_color[]") if default else None,
        ),
    )
    return md


def _round_trip(runner, before, after):
    runner.reset()
    runner.create(before)
    with runner.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO car (id, colors, trim) VALUES (1, '{red,blue}', '{{red},{blue}}')"
        )
    _script, up, down = runner.produce(after, autogenerate_plugins=WITH_PLUGIN)
    runner.apply(up)
    assert runner.diffs(after, autogenerate_plugins=WITH_PLUGIN) == [], up
    runner.apply(down)
    assert runner.diffs(before, autogenerate_plugins=WITH_PLUGIN) == [], down
    with runner.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT colors::text[], trim::text[] FROM car").one()
    assert row == (["red", "blue"], [["red"], ["blue"]])
    return up, down


def test_values_of_an_enum_used_only_in_arrays_change_both_ways(pg_runner):
    """Removing an ENUM value used only inside ``ARRAY(ENUM(...))`` columns
    (one and two dimensions): the type is rebuilt and the array columns
    converted on the real server; the downgrade brings the old type back
    and the rows survive both ways."""
    up, _down = _round_trip(
        pg_runner,
        _car_with_arrays(("red", "blue", "green")),
        _car_with_arrays(("red", "blue")),
    )
    assert "TYPE car_color[] USING colors::text[]::car_color[]" in up


def test_enum_array_column_with_default_changes_both_ways(pg_runner):
    """The same with a server default on an array column (PostgreSQL cannot
    convert a default along: it is dropped and set again)."""
    _round_trip(
        pg_runner,
        _car_with_arrays(("blue", "red", "green"), default=True),
        _car_with_arrays(("red", "blue"), default=True),
    )
