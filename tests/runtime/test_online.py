"""Online upgrade / downgrade / stamp on SQLite, PostgreSQL and MariaDB.

The version table rows and the tables the migrations create are checked
after every move.
"""

from __future__ import annotations


def linear(project):
    """base -> a -> b -> c, each creating table t_<rev>."""
    project.table_rev("a")
    project.table_rev("b", "a")
    project.table_rev("c", "b")


def created(project):
    return {t for t in project.tables() if t.startswith("t_")}


def test_upgrade_head_and_downgrade_base(project):
    linear(project)
    project.upgrade("head")
    assert project.rows() == ["c"]
    assert created(project) == {"t_a", "t_b", "t_c"}
    project.downgrade("base")
    assert project.rows() == []
    assert created(project) == set()
    assert "alembic_version" in project.tables()


def test_relative_and_explicit_targets(project):
    linear(project)
    project.upgrade("+2")
    assert project.rows() == ["b"] and created(project) == {"t_a", "t_b"}
    project.downgrade("-1")
    assert project.rows() == ["a"] and created(project) == {"t_a"}
    project.upgrade("c")
    assert project.rows() == ["c"] and created(project) == {"t_a", "t_b", "t_c"}
    project.downgrade("a")
    assert project.rows() == ["a"] and created(project) == {"t_a"}
    project.upgrade("a")  # already there: nothing happens
    assert project.rows() == ["a"]


def branched(project, merge=True):
    r"""
            a
           / \
    left: b   c :right
          |   |
          d   e
           \ /
            m      (only with merge=True; labels then reach m too)
    """
    project.table_rev("a")
    project.table_rev("b", "a", labels=("left",))
    project.table_rev("c", "a", labels=("right",))
    project.table_rev("d", "b")
    project.table_rev("e", "c")
    if merge:
        project.table_rev("m", ("d", "e"), doc="merge d and e")


def test_branches_labels_and_merge(project):
    branched(project, merge=False)
    project.upgrade("left@head")
    assert project.rows() == ["d"]
    assert created(project) == {"t_a", "t_b", "t_d"}
    project.upgrade("right@head")
    assert project.rows() == ["d", "e"]
    project.table_rev("m", ("d", "e"), doc="merge d and e")
    project.upgrade("heads")
    assert project.rows() == ["m"]
    assert created(project) == {"t_a", "t_b", "t_c", "t_d", "t_e", "t_m"}
    project.downgrade("d")  # undoes the merge only: e stays a head
    assert project.rows() == ["d", "e"]
    project.downgrade("base")
    assert project.rows() == [] and created(project) == set()


def test_independent_branch_row_is_deleted(project):
    """a -> b  and  x -> y (label other, own base): two rows, then one."""
    project.table_rev("a")
    project.table_rev("b", "a")
    project.table_rev("x", None, labels=("other",))
    project.table_rev("y", "x")
    project.upgrade("heads")
    assert project.rows() == ["b", "y"]
    project.downgrade("other@base")
    assert project.rows() == ["b"]
    assert created(project) == {"t_a", "t_b"}
    project.upgrade("other@+1")
    assert project.rows() == ["b", "x"]


def test_branch_point_inserts_second_row(project):
    branched(project)
    project.upgrade("b")
    assert project.rows() == ["b"]
    project.upgrade("c")
    assert project.rows() == ["b", "c"]


def test_dependencies_are_applied_first(project):
    r"""
    a -> b        x (own base, depends_on b)
    """
    project.table_rev("a")
    project.table_rev("b", "a")
    project.table_rev("x", None, depends="b", labels=("other",))
    project.upgrade("x")
    assert created(project) == {"t_a", "t_b", "t_x"}
    assert "x" in project.rows()
    project.downgrade("other@base")
    assert created(project) == {"t_a", "t_b"}
    assert "x" not in project.rows() and project.rows()


def test_stamp_moves_only_the_version_table(project):
    branched(project)
    project.stamp(["b"])
    assert project.rows() == ["b"]
    assert created(project) == set()
    project.stamp(["d", "e"])
    assert project.rows() == ["d", "e"]
    project.stamp(["m"])
    assert project.rows() == ["m"]
    project.stamp(["a"], purge=True)
    assert project.rows() == ["a"]
    project.stamp(["base"])
    assert project.rows() == []


def test_stamp_purge_replaces_unknown_rows(project):
    linear(project)
    project.stamp(["b"])
    with project.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'zzzz'")
    project.stamp(["c"], purge=True)
    assert project.rows() == ["c"]


def test_current_heads_does_not_create_version_table(project):
    linear(project)
    assert project.current_heads() == ()
    assert "alembic_version" not in project.tables()
    project.upgrade("b")
    assert project.current_heads() == ("b",)


def test_on_version_apply_and_custom_version_table(project):
    linear(project)
    calls = []

    def record(ctx, step, heads, run_args):
        calls.append((step.is_upgrade, step.up_revision_id, sorted(heads)))

    project.configure_kw = {"on_version_apply": record, "version_table": "my_versions"}
    project.upgrade("head")
    assert calls == [(True, "a", ["a"]), (True, "b", ["b"]), (True, "c", ["c"])]
    assert project.rows("my_versions") == ["c"]
    assert "alembic_version" not in project.tables()
    calls.clear()
    project.downgrade("a")
    assert [(c[0], c[2]) for c in calls] == [(False, ["b"]), (False, ["a"])]


def test_transaction_per_migration(project):
    linear(project)
    project.configure_kw = {"transaction_per_migration": True}
    project.upgrade("head")
    assert project.rows() == ["c"]
    project.downgrade("base")
    assert project.rows() == []


def test_run_log_lines(sqlite_project, runtime_log):
    sqlite_project.table_rev("a", doc="first one")
    sqlite_project.table_rev("b", "a", doc="second one")
    sqlite_project.upgrade("head")
    log = runtime_log()
    # the target is named first; SQLite migrations run in a real transaction
    # here, so the line says so (Alembic 1.20.1 says "non-transactional")
    assert log[0].startswith("Target database: sqlite:///")
    assert log[1:3] == ["Context impl SQLiteImpl.", "Will assume transactional DDL."]
    running = [m for m in log if m.startswith("Running ")]
    assert running == [
        "Running upgrade  -> a, first one",
        "Running upgrade a -> b, second one",
    ]
    finished = [m for m in log if m.startswith("Finished ")]
    assert len(finished) == 2 and finished[1].startswith("Finished upgrade a -> b in ")


def test_autocommit_block_leaves_the_transaction(make_project, pg_url):
    """VACUUM cannot run inside a transaction block on PostgreSQL."""
    project = make_project(pg_url)
    project.rev(
        "a",
        upgrade=[
            'op.execute("CREATE TABLE t_a (id INTEGER PRIMARY KEY)")',
            "with op.get_context().autocommit_block():",
            '    op.execute("VACUUM t_a")',
            'op.execute("CREATE TABLE t_a2 (id INTEGER PRIMARY KEY)")',
        ],
    )
    project.upgrade("head")
    assert project.rows() == ["a"]
    assert {"t_a", "t_a2"} <= project.tables()


def test_stamp_reports_stamp_steps(project, runtime_log):
    linear(project)
    seen = []

    def record(ctx, step, heads, run_args):
        seen.append(
            (
                step.is_stamp,
                step.is_migration,
                step.destination_revision_ids,
                sorted(heads),
            )
        )

    project.configure_kw = {"on_version_apply": [record]}
    project.stamp(["b"])
    assert seen == [(True, False, ("b",), ["b"])]
    assert "Running stamp_revision  -> b" in runtime_log()


def test_version_table_in_another_schema(make_project, pg_url):
    project = make_project(pg_url)
    with project.engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS rt_versions CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA rt_versions")
    try:
        linear(project)
        project.configure_kw = {"version_table_schema": "rt_versions"}
        project.upgrade("b")
        with project.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT version_num FROM rt_versions.alembic_version"
            )
            assert [r[0] for r in rows] == ["b"]
        assert "alembic_version" not in project.tables()
        project.downgrade("base")
        with project.engine.connect() as conn:
            assert (
                conn.exec_driver_sql(
                    "SELECT count(*) FROM rt_versions.alembic_version"
                ).scalar()
                == 0
            )
    finally:
        with project.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA rt_versions CASCADE")
