"""The migration lock and the history log, exercised directly on real servers."""
import os
import pathlib
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy as sa

from alembic.runtime import history as hist
from alembic.runtime.locking import LockSettings, acquire_migration_lock
from alembic.util.exc import MigrationLockTimeout


def _engine(url):
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lock.db'}"
    return request.getfixturevalue("pg_url" if request.param == "postgresql" else "mysql_url")


def test_second_holder_times_out_naming_the_holder_then_gets_it(url):
    engine = _engine(url)
    with engine.connect() as first, engine.connect() as second:
        held = acquire_migration_lock(first, LockSettings(timeout=5))
        assert held is not None and held.held
        started = time.monotonic()
        with pytest.raises(MigrationLockTimeout) as info:
            acquire_migration_lock(second, LockSettings(timeout=0.3))
        assert time.monotonic() - started >= 0.3
        message = str(info.value)
        assert "Timed out after 0.3 s waiting for the migration lock" in message
        assert "migration_lock_timeout" in message and "\n" not in message
        held.release()
        again = acquire_migration_lock(second, LockSettings(timeout=5))
        assert again is not None
        again.release()


def test_lock_disabled_returns_none(url):
    with _engine(url).connect() as conn:
        assert acquire_migration_lock(conn, LockSettings(enabled=False)) is None


def test_lock_of_a_killed_holder_is_freed(url, tmp_path):
    script = tmp_path / "holder.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys, time, sqlalchemy as sa
            from alembic.runtime.locking import LockSettings, acquire_migration_lock
            conn = sa.create_engine({url!r}, poolclass=sa.pool.NullPool).connect()
            lock = acquire_migration_lock(conn, LockSettings(timeout=5))
            print("held", flush=True)
            time.sleep(60)
            """
        )
    )
    root = str(pathlib.Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=root)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "held"
        with _engine(url).connect() as conn:
            with pytest.raises(MigrationLockTimeout):
                acquire_migration_lock(conn, LockSettings(timeout=0.2))
            proc.kill()
            proc.wait()
            lock = acquire_migration_lock(conn, LockSettings(timeout=10))
            assert lock is not None
            lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_settings_from_options_and_bad_values():
    assert LockSettings.from_options({}) == LockSettings(True, 300.0)
    assert LockSettings.from_options({"migration_lock": "false", "migration_lock_timeout": "12"}) == LockSettings(False, 12.0)
    with pytest.raises(Exception, match="migration_lock_timeout = 'soon'"):
        LockSettings.from_options({"migration_lock_timeout": "soon"})


def test_checksum_ignores_line_endings_and_trailing_space_only():
    base = "def upgrade():\n    op.drop_table('x')\n"
    assert hist.text_checksum(base) == hist.text_checksum(base.replace("\n", "\r\n"))
    assert hist.text_checksum(base) == hist.text_checksum("def upgrade():   \n    op.drop_table('x')\t\n\n\n")
    assert hist.text_checksum(base) != hist.text_checksum(base.replace("'x'", "'y'"))


def test_history_round_trip_and_applied_checksums(url):
    engine = _engine(url)
    table = hist.history_table(hist.HistorySettings())
    with engine.begin() as conn:
        hist.ensure_history_table(conn, table)
        hist.ensure_history_table(conn, table)  # idempotent
        hist.record_step(conn, table, revision=["a1"], down_revision=[], direction="upgrade", checksum="c1", duration_ms=3)
        hist.record_step(conn, table, revision=["b2"], down_revision=["a1"], direction="upgrade", checksum="c2", duration_ms=4)
        hist.record_step(conn, table, revision=["c3"], down_revision=["b2"], direction="upgrade", checksum="c3", duration_ms=1, outcome="failed", message="boom")
        hist.record_step(conn, table, revision=["b2"], down_revision=["a1"], direction="downgrade", checksum="c2", duration_ms=2)
    with engine.connect() as conn:
        rows = hist.read_history(conn, table)
    assert [(r.revision, r.direction, r.outcome) for r in rows] == [
        ("a1", "upgrade", "success"), ("b2", "upgrade", "success"),
        ("c3", "upgrade", "failed"), ("b2", "downgrade", "success"),
    ]
    assert rows[2].message == "boom" and rows[0].tool_version
    assert hist.applied_checksums(rows) == {"a1": "c1"}


def test_find_checksum_problems(tmp_path):
    good = tmp_path / "a1_first.py"
    good.write_text("revision = 'a1'\n")
    edited = tmp_path / "b2_second.py"
    edited.write_text("revision = 'b2'\n")
    applied = {
        "a1": hist.file_checksum(str(good)),
        "b2": hist.file_checksum(str(edited)),
        "c3": "deadbeef",
        "d4": None,
    }
    good.write_text("revision = 'a1'   \r\n\r\n")  # whitespace only: not an edit
    edited.write_text("revision = 'b2'\nx = 1\n")
    scripts = {"a1": str(good), "b2": str(edited), "d4": None}
    problems = hist.find_checksum_problems(applied, scripts)
    assert [(p.revision, p.kind) for p in problems] == [("b2", "changed"), ("c3", "missing")]
    assert "b2_second.py" in problems[0].describe()
