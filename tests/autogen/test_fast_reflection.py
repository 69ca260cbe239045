"""The batched SQLite PRAGMA reflection must give exactly what SQLAlchemy gives.

Each schema below is reflected twice through SQLAlchemy's own Inspector: once
plainly (one PRAGMA per table and per index), once inside
``prefetched_pragmas`` (a few table-valued PRAGMA queries for all tables).
The two results are compared field by field.
"""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from alembic.autogenerate.compare.sqlite_pragmas import (
    fetch_pragma_rows,
    prefetched_pragmas,
)

SCHEMAS = {
    "plain": [
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        (
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
            "REFERENCES parent(id) ON DELETE CASCADE, note TEXT DEFAULT 'x')"
        ),
        "CREATE INDEX ix_child_parent ON child (parent_id)",
    ],
    "constraints": [
        (
            'CREATE TABLE "Mixed Case" (a INTEGER NOT NULL, b VARCHAR(10), '
            "c NUMERIC(10, 2) DEFAULT 1.5, d DATETIME, e BOOLEAN, "
            "CONSTRAINT pk_mc PRIMARY KEY (a, b), CONSTRAINT uq_mc_c UNIQUE (c), "
            "CONSTRAINT ck_mc CHECK (a > 0), UNIQUE (d, e))"
        ),
        (
            "CREATE TABLE ref (id INTEGER, x INTEGER, y VARCHAR(10), "
            'CONSTRAINT fk_ref FOREIGN KEY (x, y) REFERENCES "Mixed Case" (a, b) '
            "ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED, "
            'FOREIGN KEY (id) REFERENCES "Mixed Case")'
        ),
        "CREATE UNIQUE INDEX ux_ref ON ref (y, x)",
        "CREATE INDEX ix_partial ON ref (x) WHERE x > 5",
        "CREATE INDEX ix_expr ON ref (lower(y))",
        "CREATE TABLE bare (v BLOB)",
    ],
    "odd": [
        "CREATE TABLE wr (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID",
        (
            "CREATE TABLE gen (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) "
            "VIRTUAL, c INTEGER GENERATED ALWAYS AS (a + 1) STORED, d MYSTERYTYPE)"
        ),
        "CREATE TABLE auto (id INTEGER PRIMARY KEY AUTOINCREMENT, z FLOAT)",
        "CREATE VIEW v_auto AS SELECT id FROM auto",
        "CREATE TABLE shadow (id INTEGER)",
        "CREATE TEMP TABLE shadow (id INTEGER, extra INTEGER REFERENCES auto(id))",
        "CREATE INDEX temp.ix_shadow ON shadow (extra)",
    ],
}


def _norm(value):
    """Comparable form: types and SQL expressions by their text."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, sa.types.TypeEngine):
        return ("type", repr(value))
    if isinstance(value, sa.sql.ClauseElement):
        return ("sql", str(value))
    return value


def _reflect(engine, batched: bool):
    """(reflection info, number of PRAGMA statements issued) for all tables."""
    with engine.connect() as conn:
        count = [0]

        def counter(conn_, cursor, statement, *args):
            if "pragma" in statement.lower():
                count[0] += 1

        event.listen(conn, "before_cursor_execute", counter)
        insp = sa.inspect(conn)
        names = insp.get_table_names()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if batched:
                with prefetched_pragmas(insp, None):
                    info = insp._get_reflection_info(filter_names=names)
            else:
                info = insp._get_reflection_info(filter_names=names)
        event.remove(conn, "before_cursor_execute", counter)
        return info, count[0]


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_batched_reflection_matches_inspector(sqlite_url, schema_name):
    engine = sa.create_engine(sqlite_url, poolclass=sa.pool.StaticPool)
    statements = SCHEMAS[schema_name]
    with engine.begin() as conn:
        for stmt in statements:
            conn.exec_driver_sql(stmt)
    # one shared connection (StaticPool): temp tables stay visible to both runs
    plain, plain_count = _reflect(engine, batched=False)
    fast, fast_count = _reflect(engine, batched=True)
    engine.dispose()
    for field in (
        "columns",
        "pk_constraint",
        "foreign_keys",
        "indexes",
        "unique_constraints",
        "check_constraints",
        "table_options",
        "table_comment",
    ):
        assert _norm(getattr(fast, field)) == _norm(getattr(plain, field)), field
    assert fast_count < plain_count


def test_many_tables_take_few_statements(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    md = sa.MetaData()
    for i in range(40):
        sa.Table(
            f"t{i}",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("up", sa.ForeignKey(f"t{max(i - 1, 0)}.id")),
            sa.Column("code", sa.String(10), unique=True),
            sa.Index(f"ix_t{i}_up", "up"),
        )
    md.create_all(engine)
    plain, plain_count = _reflect(engine, batched=False)
    fast, fast_count = _reflect(engine, batched=True)
    engine.dispose()
    assert _norm(fast.columns) == _norm(plain.columns)
    assert _norm(fast.indexes) == _norm(plain.indexes)
    assert _norm(fast.foreign_keys) == _norm(plain.foreign_keys)
    assert plain_count > 40 * 3
    assert fast_count <= 5


def test_fetch_pragma_rows_matches_single_pragma(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        for stmt in SCHEMAS["constraints"]:
            conn.exec_driver_sql(stmt)
        bulk = fetch_pragma_rows(conn, "foreign_key_list")
        single = conn.exec_driver_sql('PRAGMA main.foreign_key_list("ref")').all()
        assert bulk["ref"] == [tuple(r) for r in single]
        assert "bare" not in bulk
    engine.dispose()


def test_other_schema_is_not_batched(sqlite_url, tmp_path):
    engine = sa.create_engine(sqlite_url)
    other = tmp_path / "other.db"
    with engine.connect() as conn:
        conn.exec_driver_sql(f"ATTACH DATABASE '{other}' AS other")
        conn.exec_driver_sql("CREATE TABLE other.t (a INTEGER, b TEXT)")
        insp = sa.inspect(conn)
        with prefetched_pragmas(insp, "other"):
            assert "_get_table_pragma" not in vars(insp.dialect)
            cols = insp.get_columns("t", schema="other")
        assert [c["name"] for c in cols] == ["a", "b"]
        with prefetched_pragmas(insp, None):
            assert "_get_table_pragma" in vars(insp.dialect)
        assert "_get_table_pragma" not in vars(insp.dialect)
    engine.dispose()


def test_gc_paused_restores_collector_state():
    import gc

    from alembic.autogenerate.compare.reflect import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
