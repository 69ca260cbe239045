"""Directive call errors read as Alembic's (issue 11): arguments a directive
does not take are refused under the directive's own name.  Expected
messages taken from Alembic 1.20.1 (bench/.venv-ref)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def _ops(conn):
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    return Operations(MigrationContext.configure(conn))


def test_batch_drop_constraint_if_exists_is_refused_as_in_alembic(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT uq_a UNIQUE (a))")
        with pytest.raises(TypeError) as caught, _ops(conn).batch_alter_table("t") as batch:
            batch.drop_constraint("uq_a", type_="unique", if_exists=True)
        assert str(caught.value) == "drop_constraint() got an unexpected keyword argument 'if_exists'"
        # nothing was rebuilt: the constraint is still there
        assert sa.inspect(conn).get_unique_constraints("t") == [
            {"column_names": ["a"], "name": "uq_a"}
        ]
    engine.dispose()


def test_type_error_inside_a_directive_is_not_renamed(sqlite_url):
    """A TypeError raised by the operation itself, not by the call's
    arguments, reaches the caller unchanged."""
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        with pytest.raises(TypeError) as caught:
            _ops(conn).create_index("ix", "t", 5)
        # Alembic 1.20.1 raises the same
        assert str(caught.value) == "'int' object is not iterable"
    engine.dispose()
