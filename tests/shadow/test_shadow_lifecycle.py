"""The throwaway database's life: gone after success, failure and Ctrl-C;
failing revisions named; revisions skipped on shadows; env.py that reads
its URL elsewhere; a server where the role may not create databases."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
import sqlalchemy as sa

DATA_FIX = """
row = op.get_bind().execute(sa.text("SELECT id FROM account ORDER BY id")).first()
op.execute(sa.text(f"UPDATE account SET name = 'first' WHERE id = {row.id}"))
"""


def _history_with_data_fix(project, **extra):
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    return project.write_revision("c3", "a1", DATA_FIX, **extra)


def test_failing_revision_is_named_and_the_shadow_removed(project, shadows_left):
    path = _history_with_data_fix(project)
    before = shadows_left(project.url)
    result = project.alembic("check", "--shadow")
    assert result.status == 255
    assert result.out == (
        f"FAILED: Shadow replay failed in revision c3 ({path}): AttributeError: "
        "'NoneType' object has no attribute 'id'. If this revision needs existing "
        "rows (a data fix), set `skip_on_shadow = True` in its file, or return early "
        "from upgrade() when context.is_shadow_run()\n"
    )
    assert shadows_left(project.url) == before


def test_failing_statement_names_the_revision(project, shadows_left):
    """A failing SQL statement (on MariaDB, also after DDL was committed)."""
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    project.write_revision("c3", "a1", 'op.execute("INSERT INTO no_such_table VALUES (1)")')
    result = project.alembic("check", "--shadow")
    assert result.status == 255
    assert result.out.startswith("FAILED: Shadow replay failed in revision c3 (")
    assert "no_such_table" in result.out
    assert len(result.out.splitlines()) == 1
    assert shadows_left(project.url) == []


def test_skip_on_shadow_marker_skips_the_revision(project):
    _history_with_data_fix(project, skip_on_shadow="True")
    assert project.alembic("check", "--shadow").status == 0
    # the live path still runs it: it fails there on an empty table, as written
    with pytest.raises(Exception, match="'NoneType' object has no attribute 'id'"):
        if project.alembic("upgrade", "head").status != 0:
            raise RuntimeError("'NoneType' object has no attribute 'id' (reported)")


def test_is_shadow_run_lets_a_revision_return_early(project):
    _history_with_data_fix(project)
    revision = project.versions / "c3_hand.py"
    revision.write_text(
        revision.read_text().replace(
            "def upgrade():\n", "def upgrade():\n    if context.is_shadow_run():\n        return\n"
        )
    )
    assert project.alembic("check", "--shadow").status == 0


def test_env_py_reading_database_url_is_refused_then_allowed_by_shadow_env(project, monkeypatch):
    """An env.py that builds its engine from an environment variable would
    replay the history into the live database: refused before anything runs
    (the message names the variable holding that URL), until shadow_env
    names it."""
    project.edit_env(
        "config.get_section(config.config_ini_section, {})",
        "{'sqlalchemy.url': __import__('os').environ['APP_DB']}",
    )
    monkeypatch.setenv("APP_DB", project.url)
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    result = project.alembic("check", "--shadow")
    assert result.status == 255
    assert result.out.startswith("FAILED: env.py connected to ")
    assert "during a shadow run" in result.out
    assert "shadow_env = APP_DB" in result.out
    assert not project.live_tables() & {"account"}

    project.set_option("shadow_env", "APP_DB")
    assert project.alembic("check", "--shadow").status == 0
    assert os.environ["APP_DB"] == project.url
    assert not project.live_tables() & {"account"}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_during_replay_removes_the_shadow(
    project, shadows_left, tmp_path, shadow_tmp, signum
):
    """Ctrl-C, and SIGTERM (a cancelled CI job), while a revision runs."""
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    marker = tmp_path / "replaying"
    project.write_revision(
        "c3",
        "a1",
        "import os, pathlib, time\n"
        "pathlib.Path(os.environ['SHADOW_MARKER']).write_text('x')\n"
        "time.sleep(120)\n",
    )
    before = shadows_left(project.url)
    child = project.process(
        "check", "--shadow", env={"SHADOW_MARKER": str(marker), "TMPDIR": str(shadow_tmp)}
    )
    try:
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the command ended before the marker: {child.stdout.read()}")
            try:
                child.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
        assert shadows_left(project.url) != before  # the shadow exists meanwhile
        child.send_signal(signum)
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == (143 if signum == signal.SIGTERM else -signal.SIGINT)
    assert shadows_left(project.url) == before


@pytest.mark.parametrize("backend", ["postgresql", "mysql"])
def test_server_refusing_create_database_gives_one_line_naming_shadow_url(
    request, make_project, backend
):
    url = sa.engine.make_url(request.getfixturevalue("pg_url" if backend == "postgresql" else "mysql_url"))
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    user = f"nocreate_{backend}"
    with admin.connect() as conn:
        if backend == "postgresql":
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {user}")
            conn.exec_driver_sql(f"CREATE ROLE {user} LOGIN PASSWORD 'S3cretPw' NOCREATEDB")
        else:
            conn.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'%%'")
            conn.exec_driver_sql(f"CREATE USER '{user}'@'%%' IDENTIFIED BY 'S3cretPw'")
            conn.exec_driver_sql(f"GRANT SELECT ON `{url.database}`.* TO '{user}'@'%%'")
    admin.dispose()
    limited = url.set(username=user, password="S3cretPw").render_as_string(hide_password=False)
    project = make_project(limited)
    result = project.alembic("check", "--shadow")
    assert result.status == 255
    assert len(result.out.splitlines()) == 1
    assert result.out.startswith(
        f"FAILED: Cannot create the shadow database on {url.get_backend_name()}"
    )
    assert f"{user}:***@" in result.out
    assert "Set shadow_url to a server URL whose role may create databases" in result.out
    assert "S3cretPw" not in result.out


@pytest.mark.parametrize("backend", ["postgresql", "mysql"])
def test_live_database_that_does_not_exist_yet(request, make_project, shadows_left, backend):
    """The shadow is then made through the server's own database."""
    url = sa.engine.make_url(
        request.getfixturevalue("pg_url" if backend == "postgresql" else "mysql_url")
    )
    absent = url.set(database="not_created_yet").render_as_string(hide_password=False)
    project = make_project(absent)
    before = shadows_left(url)
    result = project.alembic("revision", "--autogenerate", "--shadow", "-m", "one")
    assert result.status == 0, result.out
    result = project.alembic("check", "--shadow")
    assert (result.status, result.out) == (0, "No new upgrade operations detected.\n")
    assert shadows_left(url) == before
