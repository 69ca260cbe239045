"""The per-step bookkeeping made cheap, with the same rows as before.

* A run with no steps (``check``, ``revision --autogenerate``, an upgrade
  already at head) does not create the applied-history table.
* Where every step shares the run's transaction (PostgreSQL without
  ``transaction_per_migration``) the history success rows are written together
  at the end of the run (the version row still moves with every step); they are the same rows, in step order, and a failure leaves
  none (the transaction rolls back).
* ``autocommit_block()`` commits the rows of the steps before it with them.
* The history INSERT compiles once: the engine's compiled cache does not grow
  with the number of steps.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

HISTORY = "alembic_version_history"


def _chain(project, count, first_body=None):
    down = None
    for index in range(count):
        rev = f"r{index:03d}"
        body = first_body if (index == 0 and first_body) else None
        project.rev(rev, down, upgrade=body)
        down = rev
    return down


def _history(project):
    with project.engine.connect() as conn:
        if not sa.inspect(conn).has_table(HISTORY):
            return None
        return conn.execute(
            sa.text(
                f"SELECT revision, down_revision, direction, outcome, checksum "
                f"FROM {HISTORY} ORDER BY id"
            )
        ).all()


def _checksum(path):
    from alembic.runtime.history import file_checksum

    return file_checksum(str(path))


def test_run_without_steps_leaves_no_history_table(project):
    project.rev("a")
    found = []

    def fn(heads, context):
        found.append(tuple(heads))
        return []

    project.run(fn)
    assert found == [()]
    assert HISTORY not in project.tables()


def test_rows_match_steps_in_order(project):
    head = _chain(project, 6)
    project.upgrade("head")
    rows = _history(project)
    assert [r.revision for r in rows] == [f"r{i:03d}" for i in range(6)]
    assert [r.down_revision for r in rows] == [None] + [f"r{i:03d}" for i in range(5)]
    assert {r.direction for r in rows} == {"upgrade"}
    assert {r.outcome for r in rows} == {"success"}
    expected = [_checksum(project.versions / f"r{i:03d}_m.py") for i in range(6)]
    assert [r.checksum for r in rows] == expected
    assert project.rows() == [head]


def test_downgrade_rows_follow_the_upgrade_rows(project):
    _chain(project, 3)
    project.upgrade("head")
    project.downgrade("base")
    rows = _history(project)
    assert [(r.revision, r.direction) for r in rows] == [
        ("r000", "upgrade"),
        ("r001", "upgrade"),
        ("r002", "upgrade"),
        ("r002", "downgrade"),
        ("r001", "downgrade"),
        ("r000", "downgrade"),
    ]


def test_failure_in_shared_transaction_leaves_no_rows(make_project, pg_url):
    project = make_project(pg_url)
    project.rev("a")
    project.rev("b", "a")
    project.rev("c", "b", upgrade='raise RuntimeError("boom in c")')
    with pytest.raises(RuntimeError, match="boom in c"):
        project.upgrade("head")
    assert project.rows() == []
    assert not _history(project)


def test_autocommit_block_commits_earlier_rows(make_project, pg_url):
    project = make_project(pg_url)
    project.rev("a")
    project.rev(
        "b",
        "a",
        upgrade=[
            "with op.get_context().autocommit_block():",
            '    op.execute("CREATE TABLE t_auto (id INTEGER)")',
        ],
    )
    project.rev("c", "b", upgrade='raise RuntimeError("boom in c")')
    with pytest.raises(RuntimeError, match="boom in c"):
        project.upgrade("head")
    # the autocommit block committed a's step (version row and history row)
    rows = _history(project)
    assert [(r.revision, r.outcome) for r in rows] == [("a", "success")]
    assert "t_auto" in project.tables()
    assert project.rows() == ["a"]


@pytest.mark.parametrize(
    ("per_migration", "inserts"), [(True, 8), (False, 1)], ids=["per-step", "one-run"]
)
def test_history_insert_is_one_reused_statement(sqlite_project, per_migration, inserts):
    """Per-step inserts (SQLite with ``transaction_per_migration``: a
    transaction per step) reuse one construct, so SQLAlchemy compiles it once
    instead of once per step; when the whole SQLite run is one transaction
    the rows go in one executemany at the end."""
    project = sqlite_project
    project.configure_kw = {"transaction_per_migration": per_migration}
    _chain(project, 8)
    seen: list = []

    def before_execute(conn, clauseelement, multiparams, params, options):
        table = getattr(clauseelement, "table", None)
        if (
            getattr(clauseelement, "is_insert", False)
            and getattr(table, "name", "") == HISTORY
        ):
            seen.append(clauseelement)

    sa.event.listen(sa.engine.Engine, "before_execute", before_execute)
    try:
        project.upgrade("head")
    finally:
        sa.event.remove(sa.engine.Engine, "before_execute", before_execute)
    assert len(seen) == inserts
    assert len({id(stmt) for stmt in seen}) == 1
    assert [r.revision for r in _history(project)] == [f"r{i:03d}" for i in range(8)]


class _Statements:
    """Counts the statements sent to the server that start with a prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.upper()
        self.count = 0

    def __enter__(self) -> _Statements:  # noqa: PYI034 - test helper
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *rest) -> None:
        if statement.lstrip().upper().startswith(self.prefix):
            self.count += 1


def test_shared_transaction_moves_version_row_each_step(make_project, pg_url):
    # as in Alembic: a migration reading alembic_version with plain SQL
    # mid-run sees the step before it, so the row is never held back
    project = make_project(pg_url)
    head = _chain(project, 10)
    with _Statements("UPDATE alembic_version") as updates:
        project.upgrade("head")
    assert project.rows() == [head]
    assert updates.count == 9  # one INSERT from empty, then one UPDATE per step


def test_transaction_per_migration_moves_row_each_step(make_project, pg_url):
    project = make_project(pg_url)
    project.configure_kw = {"transaction_per_migration": True}
    head = _chain(project, 6)
    with _Statements("UPDATE alembic_version") as updates:
        project.upgrade("head")
    assert updates.count == 5
    assert project.rows() == [head]


def test_migration_reading_heads_sees_the_previous_step(make_project, pg_url):
    project = make_project(pg_url)
    project.rev("a")
    project.rev("b", "a")
    project.rev(
        "c",
        "b",
        upgrade=[
            "heads = op.get_context().get_current_heads()",
            'op.execute("CREATE TABLE seen_" + "_".join(heads) + " (id INTEGER)")',
        ],
    )
    project.upgrade("head")
    assert "seen_b" in project.tables()
    assert project.rows() == ["c"]


def test_autocommit_connection_moves_row_after_each_step(make_project, pg_url):
    project = make_project(pg_url)
    with project.ini.open("a") as ini:
        ini.write("sqlalchemy.isolation_level = AUTOCOMMIT\n")
    project.table_rev("a")
    project.table_rev("b", "a")
    project.rev("c", "b", upgrade='raise RuntimeError("boom in c")')
    with pytest.raises(RuntimeError, match="boom in c"):
        project.upgrade("head")
    # each statement committed on its own: the version row kept up with them
    assert {"t_a", "t_b"} <= project.tables()
    assert project.rows() == ["b"]
    assert [(r.revision, r.outcome) for r in _history(project)][:2] == [
        ("a", "success"),
        ("b", "success"),
    ]
