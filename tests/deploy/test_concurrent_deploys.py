"""Several deployers at once, and deployers killed midway (issue 6)."""
from __future__ import annotations

import random
import signal
import time

import sqlalchemy as sa



def _applied(project) -> list:
    """The revisions the version table says are applied (linear history)."""
    rows = project.version_rows()
    if not rows:
        return []
    head = rows[0]
    return project.revisions[: project.revisions.index(head) + 1]


def test_eight_concurrent_upgrades_run_each_migration_once(backend_url, tmp_path, deploy):
    project = deploy.make_project(tmp_path, backend_url, count=4)
    procs = [project.popen("upgrade", "head", DEPLOY_TEST_PAUSE="0.05") for _ in range(8)]
    outputs = [(p.wait(timeout=180), p.stdout.read()) for p in procs]
    for code, out in outputs:
        assert code == 0, out
    assert project.version_rows() == [project.revisions[-1]]
    assert project.runs() == sorted(project.revisions)
    assert project.tables() >= deploy.expected_tables(project.revisions, project.revisions)
    # the runners that found the work done say so
    assert sum("nothing to do" in out for _, out in outputs) >= 1


def test_killed_upgrades_leave_a_consistent_database(backend_url, tmp_path, deploy):
    project = deploy.make_project(tmp_path, backend_url, count=3)
    dialect = sa.make_url(backend_url).get_backend_name()
    rng = random.Random(1234)
    trials = 20
    for trial in range(trials):
        proc = project.popen("upgrade", "head", DEPLOY_TEST_PAUSE="0.02")
        time.sleep(rng.uniform(0.0, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        applied = _applied(project)
        if dialect != "mysql":
            # transactional DDL: the schema is exactly what the version table says
            ours = {"alembic_version", "alembic_version_history"}
            expected = deploy.expected_tables(applied, project.revisions) - ours
            assert project.tables() - ours == expected, trial
            assert sorted(project.runs()) == sorted(applied), trial
        rerun = project.run("upgrade", "head")
        if dialect == "mysql" and rerun.returncode != 0:
            # a kill between a committed DDL statement and the version move:
            # the message names the migration and says how to recover
            assert "FAILED:" in rerun.stdout
            assert "interrupted" in rerun.stdout or "committed" in rerun.stdout
            _recover_mysql(project, deploy)
        else:
            assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert project.version_rows() == [project.revisions[-1]]
        down = project.run("downgrade", "base")
        assert down.returncode == 0, down.stdout + down.stderr
        with project.engine().begin() as conn:
            conn.execute(sa.text("DELETE FROM migration_runs"))


def _recover_mysql(project, deploy) -> None:
    """What the message tells an operator to do: drop the partial tables, rerun."""
    applied = _applied(project)
    stray = project.tables() - deploy.expected_tables(applied, project.revisions)
    with project.engine().begin() as conn:
        for name in stray:
            conn.execute(sa.text(f"DROP TABLE {name}"))
    again = project.run("upgrade", "head")
    assert again.returncode == 0, again.stdout + again.stderr
