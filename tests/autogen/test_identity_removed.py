"""A column losing its IDENTITY is one ``modify_default`` change: the NOT
NULL that IDENTITY implied is not reported as a nullability change.

Expected diff kinds from Alembic 1.20.1 (bench/.venv-ref) on the same
PostgreSQL model: ``[[('modify_default', 'id', Identity(...), None)]]``.
"""
from __future__ import annotations

import sqlalchemy as sa

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def test_identity_removed_is_only_a_default_change(pg_url):
    """With compare_server_default, a lost IDENTITY is one modify_default (no
    nullability change); without it Alembic 1.20.1 reports nothing (both checked
    with the reference in a separate process)."""
    m1, m2 = sa.MetaData(), sa.MetaData()
    sa.Table("user", m1, sa.Column("id", sa.Integer, sa.Identity(start=2, increment=3)))
    sa.Table("user", m2, sa.Column("id", sa.Integer))
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        m1.create_all(conn)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"target_metadata": m2, "compare_server_default": True}
            )
            diffs = compare_metadata(ctx, m2)
    finally:
        with engine.begin() as conn:
            m1.drop_all(conn)
    assert [[(d[0], d[3]) for d in group] for group in diffs] == [[("modify_default", "id")]]
    old, new = diffs[0][0][5], diffs[0][0][6]
    assert (old.start, old.increment, new) == (2, 3, None)
