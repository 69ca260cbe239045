"""PostgreSQL SERIAL defaults left out of the comparison are logged, as
Alembic 1.20.1 logs them (found comparing CTFd's models with its history)."""

from __future__ import annotations

import logging

import sqlalchemy as sa


def _tables(metadata: sa.MetaData, *, gone: bool) -> None:
    if gone:
        sa.Table("gone", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "kept",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("n", sa.Integer, nullable=gone),
    )
    sa.Table(
        "other",
        metadata,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("m", sa.Integer, autoincrement=True, primary_key=True),
    )


def test_serial_sequences_are_logged_as_alembic_does(pg_runner, caplog):
    """Expected lines from the oracle (``bench/.venv-ref/bin/alembic revision
    --autogenerate`` on the same database and model): one per SERIAL column of
    every reflected table, a dropped table's just before its 'Detected removed
    table' line, the others before any change found in them (pgAdmin's and
    CTFd's models: all of them ahead of the first 'Detected NOT NULL')."""
    database = sa.MetaData()
    _tables(database, gone=True)
    pg_runner.create(database)
    model = sa.MetaData()
    _tables(model, gone=False)
    with caplog.at_level(logging.INFO, logger="alembic"):
        pg_runner.diffs(model)
    lines = [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.name.startswith(("alembic.ddl", "alembic.autogenerate.compare"))
    ]
    serial = "as owned by integer column '{}', assuming SERIAL and omitting"
    # the kept tables' lines come in set order under Alembic (other before
    # kept in one oracle run, kept before other in another); ours: by name
    assert lines == [
        "alembic.ddl.postgresql: Detected sequence named 'gone_id_seq' "
        + serial.format("gone(id)"),
        "alembic.autogenerate.compare.tables: Detected removed table 'gone'",
        "alembic.ddl.postgresql: Detected sequence named 'kept_id_seq' "
        + serial.format("kept(id)"),
        "alembic.ddl.postgresql: Detected sequence named 'other_m_seq' "
        + serial.format("other(m)"),
        "alembic.autogenerate.compare.constraints: Detected NOT NULL on column 'kept.n'",
    ]
