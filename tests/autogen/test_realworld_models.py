"""Regressions found by running real projects' models (MLflow, CTFd, Dify and
a 2.0-style naming-convention app) through ``revision --autogenerate`` and
``check`` next to Alembic 1.20.1, each reduced to a small literal model."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles


def _ops(script):
    out = []
    for diff in script.upgrade_ops.as_diffs():
        out.extend(diff if isinstance(diff, list) else [diff])
    return out


def _lines(text, word):
    return [line.strip() for line in text.splitlines() if word in line]


# -- rendering -----------------------------------------------------------------


def _parent_child(md, **fk_kw):
    sa.Table("parent", md, sa.Column("id", sa.Integer, primary_key=True))
    return sa.Table(
        "child",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pid", sa.Integer),
        sa.ForeignKeyConstraint(["pid"], ["parent.id"], **fk_kw),
    )


def test_optionless_foreign_key_keeps_alembics_trailing_separator(runner):
    md = sa.MetaData()
    _parent_child(md)
    runner.reset()
    _script, up, _down = runner.produce(md)
    assert _lines(up, "ForeignKeyConstraint") == [
        "sa.ForeignKeyConstraint(['pid'], ['parent.id'], ),"
    ]
    runner.apply(up)
    assert runner.diffs(md) == []


def test_foreign_key_options_in_alembics_order(pg_runner):
    md = sa.MetaData()
    _parent_child(
        md, name="fk_c_p", ondelete="CASCADE", deferrable=True, initially="DEFERRED"
    )
    _script, up, _down = pg_runner.produce(md)
    expected = (
        "sa.ForeignKeyConstraint(['pid'], ['parent.id'], name='fk_c_p', "
        "ondelete='CASCADE', initially='DEFERRED', deferrable=True),"
    )
    assert _lines(up, "ForeignKeyConstraint") == [expected]


def test_indexes_of_a_new_table_in_name_order(runner):
    md = sa.MetaData()
    t = sa.Table(
        "inputs",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36)),
        sa.Column("kind", sa.String(36)),
    )
    sa.Index("index_inputs_uuid", t.c.uuid)  # declared first, sorts last
    sa.Index("index_inputs_kind_uuid", t.c.kind, t.c.uuid)
    runner.reset()
    _script, up, down = runner.produce(md)
    created = [line.split("'")[1] for line in _lines(up, "create_index(")]
    dropped = [line.split("'")[1] for line in _lines(down, "drop_index(")]
    assert created == ["index_inputs_kind_uuid", "index_inputs_uuid"]
    assert dropped == ["index_inputs_uuid", "index_inputs_kind_uuid"]


def test_identity_renders_always_like_alembic(pg_runner):
    md = sa.MetaData()
    sa.Table("a", md, sa.Column("id", sa.Integer, sa.Identity(), primary_key=True))
    sa.Table(
        "b",
        md,
        sa.Column(
            "id", sa.BigInteger, sa.Identity(start=10, increment=5), primary_key=True
        ),
    )
    _script, up, _down = pg_runner.produce(md)
    assert (
        "sa.Column('id', sa.Integer(), sa.Identity(always=False), nullable=False)" in up
    )
    assert "sa.Identity(always=False, start=10, increment=5)" in up
    pg_runner.apply(up)
    assert pg_runner.diffs(md) == []


def test_sqlite_function_default_is_parenthesised(sqlite_runner):
    md = sa.MetaData()
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("d", sa.Date, server_default=sa.text("CURRENT_DATE")),
        sa.Column("n", sa.Integer, server_default=sa.text("0")),
    )
    sqlite_runner.reset()
    _script, up, _down = sqlite_runner.produce(md, render_as_batch=False)
    assert "server_default=sa.text('(CURRENT_TIMESTAMP)')" in up
    assert "server_default=sa.text('(CURRENT_DATE)')" in up
    assert "server_default=sa.text('0')" in up
    sqlite_runner.apply(up)
    assert sqlite_runner.diffs(md) == []


def _lower_index_model(md):
    t = sa.Table(
        "doc",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300)),
        sa.Column("n", sa.Integer),
    )
    sa.Index("ix_doc_lower_title", sa.func.lower(t.c.title), t.c.n)


def test_pg_function_index_rendered_as_literal_column(pg_runner):
    md = sa.MetaData()
    _lower_index_model(md)
    _script, up, _down = pg_runner.produce(md)
    assert "[sa.literal_column('lower(title)'), 'n']" in up
    pg_runner.apply(up)
    assert pg_runner.diffs(md) == []


def test_mysql_function_key_part_in_parentheses(mysql_runner):
    md = sa.MetaData()
    _lower_index_model(md)
    _script, up, _down = mysql_runner.produce(md)
    assert "[sa.literal_column('(lower(title))'), 'n']" in up


# -- comparison ----------------------------------------------------------------


def _metric_model(md):
    sa.Table(
        "metrics",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.Float(precision=53), nullable=False),
        sa.Column("ratio", sa.Float(precision=20)),
    )


def test_mysql_float_53_is_double_not_a_change(mysql_runner):
    md = sa.MetaData()
    _metric_model(md)
    mysql_runner.create(md)
    assert mysql_runner.diffs(md) == []
    with mysql_runner.engine.connect() as conn:
        cols = {c["name"]: c["type"] for c in sa.inspect(conn).get_columns("metrics")}
    assert type(cols["value"]).__name__ == "DOUBLE"  # the case being compared


def test_mysql_float_precision_change_still_detected(mysql_runner):
    md = sa.MetaData()
    _metric_model(md)
    mysql_runner.create(md)
    changed = sa.MetaData()
    sa.Table(
        "metrics",
        changed,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.Float(precision=20), nullable=False),
        sa.Column("ratio", sa.Float(precision=20)),
    )
    assert [d[0][0] for d in mysql_runner.diffs(changed)] == ["modify_type"]


def test_identity_not_compared_where_the_database_has_none(runner):
    if runner.engine.dialect.supports_identity_columns:
        return  # PostgreSQL: covered by the identity tests of test_dialect_kinds
    md = sa.MetaData()
    sa.Table(
        "chunk",
        md,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("pos", sa.SmallInteger),
    )
    runner.create(md)
    assert runner.diffs(md) == []


def test_index_dialect_options_keep_declared_order(runner):
    md = sa.MetaData()
    t = sa.Table(
        "events",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ctx", sa.LargeBinary(16)),
    )
    sa.Index("ix_events_ctx", t.c.ctx, mysql_length=16, mariadb_length=16)
    runner.reset()
    _script, up, down = runner.produce(md, render_as_batch=False)
    assert "unique=False, mysql_length=16, mariadb_length=16)" in up
    assert "table_name='events', mysql_length=16, mariadb_length=16)" in down


class _Unused(sa.CHAR):
    """A placeholder column type compiled to CHAR(0), as Home Assistant does."""


@compiles(_Unused, "sqlite", "mysql", "mariadb")
def _compile_unused(type_, compiler, **kw):
    return "CHAR(0)"


def test_zero_length_char_from_a_compiled_user_type_is_no_change(sqlite_runner):
    md = sa.MetaData()
    sa.Table(
        "states",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entity_id", _Unused(0)),
    )
    sqlite_runner.create(md)
    with sqlite_runner.engine.connect() as conn:
        cols = {c["name"]: c["type"] for c in sa.inspect(conn).get_columns("states")}
    assert cols["entity_id"].length == 0  # reflected as CHAR with length 0
    assert sqlite_runner.diffs(md) == []


def _binary_model(md, type_):
    sa.Table(
        "events",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ctx", type_),
    )


def test_mysql_sized_blob_matches_the_kind_mysql_picks(mysql_runner):
    md = sa.MetaData()
    _binary_model(md, sa.LargeBinary(16))
    mysql_runner.create(md)
    with mysql_runner.engine.connect() as conn:
        cols = {c["name"]: c["type"] for c in sa.inspect(conn).get_columns("events")}
    assert type(cols["ctx"]).__name__ == "TINYBLOB"
    assert mysql_runner.diffs(md) == []
    bigger = sa.MetaData()
    _binary_model(bigger, sa.LargeBinary(70000))  # MEDIUMBLOB: a real change
    assert [d[0][0] for d in mysql_runner.diffs(bigger)] == ["modify_type"]


# -- names and options of reflected objects ----------------------------------------


def _with_extras(md, extras=True):
    sa.Table("q", md, sa.Column("id", sa.Integer, primary_key=True))
    cols = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.Integer),
        sa.Column("qid", sa.Integer),
    ]
    if extras:
        cols += [
            sa.Index("ix_r_a", "a"),
            sa.UniqueConstraint("b", name="uq_r_b"),
            sa.ForeignKeyConstraint(["qid"], ["q.id"], name="fk_r_q"),
        ]
    sa.Table("r", md, *cols)


def test_reflected_names_render_with_op_f(pg_runner):
    before, after = sa.MetaData(), sa.MetaData()
    _with_extras(before)
    _with_extras(after, extras=False)
    _script, up, down = pg_runner.roundtrip(before, after)
    assert "op.drop_index(op.f('ix_r_a'), table_name='r')" in up
    assert "op.drop_constraint(op.f('uq_r_b'), 'r', type_='unique')" in up
    assert "op.drop_constraint(op.f('fk_r_q'), 'r', type_='foreignkey')" in up
    assert "op.create_index(op.f('ix_r_a'), 'r', ['a'], unique=False)" in down
    assert (
        "op.create_unique_constraint(op.f('uq_r_b'), 'r', ['b'], "
        "postgresql_nulls_not_distinct=False)"
    ) in down


def test_removed_pg_table_keeps_reflected_unique_options(pg_runner):
    before, after = sa.MetaData(), sa.MetaData()
    _with_extras(before)
    sa.Table("q", after, sa.Column("id", sa.Integer, primary_key=True))
    _script, _up, down = pg_runner.roundtrip(before, after)
    assert (
        "sa.UniqueConstraint('b', name=op.f('uq_r_b'), postgresql_include=[], "
        "postgresql_nulls_not_distinct=False)"
    ) in down
    assert "sa.PrimaryKeyConstraint('id', name=op.f('r_pkey'))" in down


def test_changed_tables_in_name_order(runner):
    def model(extra):
        md = sa.MetaData()
        for name in ("zeta", "alpha", "mid"):  # declared out of name order
            cols = [sa.Column("id", sa.Integer, primary_key=True)]
            if extra:
                cols.append(sa.Column("note", sa.String(20)))
            sa.Table(name, md, *cols)
        return md

    runner.create(model(False))
    script, _up, down = runner.produce(model(True), render_as_batch=False)
    tables = [
        d[0][2] if isinstance(d, list) else d[2] for d in script.upgrade_ops.as_diffs()
    ]
    assert tables == ["alpha", "mid", "zeta"]
    assert down.index("'zeta'") < down.index("'mid'") < down.index("'alpha'")


def test_unnamed_constraint_drop_carries_alembics_comment_and_warning(sqlite_runner):
    import pytest

    before, after = sa.MetaData(), sa.MetaData()
    _parent_child(before)
    sa.Table("parent", after, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "child",
        after,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pid", sa.Integer),
    )
    sqlite_runner.create(before)
    with pytest.warns(UserWarning, match="unnamed constraint on table 'child'"):
        _script, up, _down = sqlite_runner.produce(after, render_as_batch=False)
    lines = [line.strip() for line in up.splitlines()]
    at = lines.index("op.drop_constraint(None, 'child', type_='foreignkey')")
    assert lines[at - 3 : at] == [
        "# WARNING: constraint name is None; this directive will fail as",
        "# rendered.  Add a name, or use a naming convention; see",
        "# https://alembic.sqlalchemy.org/en/latest/naming.html",
    ]


def _users_teams(md):
    sa.Table(
        "users",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id")),
    )
    sa.Table(
        "teams",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "captain_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")
        ),
    )


def test_new_tables_with_cyclic_foreign_keys_migrate_both_ways(runner):
    import warnings

    after = sa.MetaData()
    _users_teams(after)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's own note about the cycle
        _script, up, down = runner.roundtrip(sa.MetaData(), after)
    if runner.is_sqlite:  # nothing checked at CREATE time: keys stay inline
        assert "create_foreign_key" not in up
        return
    assert "op.create_foreign_key('teams_captain_id_fkey', 'teams', 'users', " in up
    assert "op.create_foreign_key('users_team_id_fkey', 'users', 'teams', " in up
    assert up.index("create_foreign_key") > up.rindex("create_table")
    assert (
        "op.drop_constraint('users_team_id_fkey', 'users', type_='foreignkey')" in down
    )
