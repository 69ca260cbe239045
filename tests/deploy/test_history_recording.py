"""The applied-history log written by real runs, and SQLite foreign keys kept safe."""
from __future__ import annotations

import textwrap

import sqlalchemy as sa

from alembic.runtime import history as hist

FAILING = '''\
"""fails midway"""
import sqlalchemy as sa
from alembic import op

revision = "9999failing9999"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade():
    op.drop_table("half_done")
'''


def _rows(project):
    table = hist.history_table(hist.HistorySettings())
    with project.engine().connect() as conn:
        return hist.read_history(conn, table)


def test_each_step_is_recorded_with_its_file_checksum(backend_url, tmp_path, deploy):
    project = deploy.make_project(tmp_path, backend_url, count=3)
    assert project.run("upgrade", "head").returncode == 0
    assert project.run("downgrade", "-1").returncode == 0
    assert project.run("stamp", project.revisions[-1]).returncode == 0
    rows = _rows(project)
    assert [(r.revision, r.direction, r.outcome) for r in rows] == [
        (project.revisions[0], "upgrade", "success"),
        (project.revisions[1], "upgrade", "success"),
        (project.revisions[2], "upgrade", "success"),
        (project.revisions[2], "downgrade", "success"),
        (project.revisions[2], "stamp", "success"),
    ]
    versions = project.path / "migrations" / "versions"
    first_file = next(versions.glob(f"{project.revisions[0]}_*.py"))
    assert rows[0].checksum == hist.file_checksum(str(first_file))
    assert rows[1].down_revision == project.revisions[0]
    assert rows[4].checksum is None and rows[4].down_revision == project.revisions[1]
    assert all(r.duration_ms is not None and r.tool_version for r in rows)
    # real Alembic's table is untouched: one row, the head
    assert project.version_rows() == [project.revisions[-1]]


def test_history_can_be_turned_off(sqlite_url, tmp_path, deploy):
    project = deploy.make_project(tmp_path, sqlite_url, count=1)
    ini = project.path / "alembic.ini"
    ini.write_text(
        ini.read_text().replace("migration_history = true", "migration_history = false")
    )
    assert project.run("upgrade", "head").returncode == 0
    assert "alembic_version_history" not in project.tables()


def test_history_is_off_without_the_key(sqlite_url, tmp_path, deploy):
    """An existing project's configuration (no ``migration_history``) gets
    exactly Alembic's tables, as Alembic 1.20.1 leaves them."""
    project = deploy.make_project(tmp_path, sqlite_url, count=1)
    ini = project.path / "alembic.ini"
    ini.write_text(ini.read_text().replace("migration_history = true\n", ""))
    assert project.run("upgrade", "head").returncode == 0
    assert "alembic_version_history" not in project.tables()
    assert "alembic_version" in project.tables()


def test_history_table_name_is_configurable(sqlite_url, tmp_path, deploy):
    project = deploy.make_project(tmp_path, sqlite_url, count=1)
    ini = project.path / "alembic.ini"
    ini.write_text(ini.read_text() + "migration_history_table = deploy_log\n")
    assert project.run("upgrade", "head").returncode == 0
    assert "deploy_log" in project.tables()
    assert "alembic_version_history" not in project.tables()


def test_failed_step_is_recorded_where_the_database_cannot_roll_it_back(mysql_url, tmp_path, deploy):
    deploy_url = mysql_url
    _drop_all(deploy_url)
    project = deploy.make_project(tmp_path, deploy_url, count=1)
    (project.path / "migrations" / "versions" / "9999failing9999_fails.py").write_text(
        FAILING.format(down=project.revisions[0])
    )
    result = project.run("upgrade", "head")
    assert result.returncode != 0
    assert "FAILED:" in result.stdout and "9999failing9999" in result.stdout
    rows = _rows(project)
    assert [(r.revision, r.outcome) for r in rows] == [
        (project.revisions[0], "success"),
        ("9999failing9999", "failed"),
    ]
    assert "no_such_table" in rows[1].message
    # the version table stays at the last completed revision
    assert project.version_rows() == [project.revisions[0]]


def test_failed_step_on_sqlite_leaves_no_trace(sqlite_url, tmp_path, deploy):
    """The whole SQLite run is one transaction (as on PostgreSQL): the failure
    rolls back the run, its history rows included, so nothing is recorded."""
    project = deploy.make_project(tmp_path, sqlite_url, count=1)
    assert project.run("upgrade", "head").returncode == 0
    (project.path / "migrations" / "versions" / "9999failing9999_fails.py").write_text(
        FAILING.format(down=project.revisions[0])
    )
    result = project.run("upgrade", "head")
    assert result.returncode != 0
    assert "half_done" not in project.tables()
    assert project.version_rows() == [project.revisions[0]]
    assert [(r.revision, r.outcome) for r in _rows(project)] == [(project.revisions[0], "success")]


def _drop_all(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        md = sa.MetaData()
        md.reflect(conn)
        md.drop_all(conn)


FK_ENV = '''\
from sqlalchemy import engine_from_config, event, pool
from alembic import context

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
)


@event.listens_for(engine, "connect")
def _enforce_foreign_keys(dbapi_connection, record):
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''

FK_MIGRATIONS = {
    "a1": '''
revision = "a1fk"
down_revision = None
import sqlalchemy as sa
from alembic import op

def upgrade():
    op.create_table("parent", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(20)))
    op.create_table(
        "child",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id", ondelete="CASCADE")),
    )
    op.execute("INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2')")
    op.execute("INSERT INTO child (id, parent_id) VALUES (10, 1), (11, 1), (12, 2)")

def downgrade():
    op.drop_table("child")
    op.drop_table("parent")
''',
    "b2": '''
revision = "b2fk"
down_revision = "a1fk"
import sqlalchemy as sa
from alembic import op

def upgrade():
    with op.batch_alter_table("parent", recreate="always") as batch_op:
        batch_op.alter_column("name", type_=sa.String(50), existing_type=sa.String(20))

def downgrade():
    pass
''',
    "c3": '''
revision = "c3fk"
down_revision = "b2fk"
from alembic import op

def upgrade():
    op.execute("DELETE FROM parent WHERE id = 2")

def downgrade():
    pass
''',
}


def test_sqlite_batch_recreate_keeps_cascading_children(tmp_path, deploy):
    url = f"sqlite:///{tmp_path / 'fk.db'}"
    project = deploy.make_project(tmp_path, url, count=0)
    (project.path / "migrations" / "env.py").write_text(FK_ENV)
    versions = project.path / "migrations" / "versions"
    for name, body in FK_MIGRATIONS.items():
        (versions / f"{name}.py").write_text(textwrap.dedent(body))
    result = project.run("upgrade", "b2fk")
    assert result.returncode == 0, result.stdout + result.stderr
    with project.engine().connect() as conn:
        children = conn.execute(sa.text("SELECT id FROM child ORDER BY id")).scalars().all()
    assert children == [10, 11, 12]  # no ON DELETE CASCADE fired by the recreate
    # a migration that leaves dangling references is rolled back, with a clear message
    result = project.run("upgrade", "c3fk")
    assert result.returncode != 0
    assert "foreign keys point nowhere" in result.stdout and "c3.py" in result.stdout
    assert project.version_rows() == ["b2fk"]
    with project.engine().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM parent")).scalar() == 2


def test_lock_settings_come_from_the_ini(tmp_path, deploy):
    """A held lock makes a run wait (and time out); migration_lock = false skips it."""
    from alembic.runtime.locking import LockSettings, acquire_migration_lock

    url = f"sqlite:///{tmp_path / 'locked.db'}"
    project = deploy.make_project(tmp_path, url, count=1)
    ini = project.path / "alembic.ini"
    base_ini = ini.read_text()
    with project.engine().connect() as conn:
        held = acquire_migration_lock(conn, LockSettings(timeout=1))
        try:
            ini.write_text(base_ini + "migration_lock_timeout = 0.5\n")
            waited = project.run("upgrade", "head")
            assert waited.returncode != 0
            assert "Timed out after 0.5 s waiting for the migration lock" in waited.stdout
            assert project.version_rows() == []
            ini.write_text(base_ini + "migration_lock = false\n")
            unlocked = project.run("upgrade", "head")
            assert unlocked.returncode == 0, unlocked.stdout + unlocked.stderr
            assert project.version_rows() == project.revisions
        finally:
            held.release()
