"""Reflected SQLite defaults and ``compare_type=False`` in rendered
``alter_column`` calls (found on pgAdmin's history, whose ``user.username``
has ``DEFAULT ('')``).

Expected texts: ``bench/.venv-ref/bin/alembic revision --autogenerate`` on
the same table and model, with ``compare_type=False`` in env.py.
"""

from __future__ import annotations

import sqlalchemy as sa

TABLE = (
    "CREATE TABLE t (id INTEGER PRIMARY KEY, e VARCHAR DEFAULT '', "
    "e2 VARCHAR DEFAULT (''), s VARCHAR DEFAULT 'x', n1 INTEGER DEFAULT 5, "
    "n2 INTEGER DEFAULT 10, n3 NUMERIC DEFAULT 1.5, "
    "ts DATETIME DEFAULT CURRENT_TIMESTAMP, neg INTEGER DEFAULT (-1))"
)
COLUMNS = ["e", "e2", "s", "n1", "n2", "n3", "ts", "neg"]


def test_reflected_defaults_and_no_existing_type(sqlite_runner):
    sqlite_runner.reset()
    with sqlite_runner.engine.begin() as conn:
        conn.exec_driver_sql(TABLE)
    model = sa.MetaData()
    sa.Table(
        "t",
        model,
        sa.Column("id", sa.Integer, primary_key=True),
        *[sa.Column(name, sa.String, nullable=False) for name in COLUMNS],
    )
    _, up, _ = sqlite_runner.produce(
        model, compare_type=False, compare_server_default=False, render_as_batch=False
    )
    defaults = {
        "e": "sa.text(\"('')\")",
        "e2": "sa.text(\"('')\")",
        "s": "sa.text(\"'x'\")",
        "n1": "sa.text('5')",
        "n2": "sa.text('(10)')",
        "n3": "sa.text('(1.5)')",
        "ts": "sa.text('(CURRENT_TIMESTAMP)')",
        "neg": "sa.text('(-1)')",
    }
    for name, default in defaults.items():
        assert (
            f"    op.alter_column('t', '{name}',\n"
            "               nullable=False,\n"
            f"               existing_server_default={default})"
        ) in up, up
    assert "existing_type" not in up
