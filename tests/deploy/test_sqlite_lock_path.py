"""The SQLite migration lock is keyed by the database file's real path.

Two runs on one file share one lock however the URL names the file: an
absolute path, a path relative to the working directory, a symlink, or a
``file:`` URI with parameters.  Real SQLite files and real ``flock`` locks.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from alembic.runtime.locking import LockSettings, acquire_migration_lock
from alembic.util.exc import MigrationLockTimeout


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    real = tmp_path / "data" / "app.db"
    real.parent.mkdir()
    sa.create_engine(f"sqlite:///{real}").connect().close()
    (tmp_path / "link.db").symlink_to(real)
    monkeypatch.chdir(tmp_path)
    return real


URLS = {
    "absolute": lambda real: f"sqlite:///{real}",
    "relative": lambda real: "sqlite:///data/app.db",
    "symlink": lambda real: f"sqlite:///{real.parent.parent / 'link.db'}",
    "uri with parameters": lambda real: f"sqlite:///file:{real}?mode=rw&cache=private&uri=true",
    "relative uri": lambda real: "sqlite:///file:data/./app.db?mode=rw&uri=true",
}


@pytest.mark.parametrize("second", sorted(URLS))
def test_every_name_of_the_file_shares_one_lock(db_file, second):
    first = sa.create_engine(URLS["absolute"](db_file), poolclass=sa.pool.NullPool)
    other = sa.create_engine(URLS[second](db_file), poolclass=sa.pool.NullPool)
    with first.connect() as c1, other.connect() as c2:
        held = acquire_migration_lock(c1, LockSettings(timeout=5))
        assert held is not None
        assert held.description == f"file {os.path.realpath(db_file)}.alembic-lock"
        with pytest.raises(MigrationLockTimeout) as info:
            acquire_migration_lock(c2, LockSettings(timeout=0))
        assert f"{db_file}.alembic-lock" in str(info.value)
        held.release()
        again = acquire_migration_lock(c2, LockSettings(timeout=0))
        assert again is not None and again.description == held.description
        again.release()
    # the lock file stays beside the real file (documented), nothing beside the link
    assert (db_file.parent / "app.db.alembic-lock").exists()
    assert not (db_file.parent.parent / "link.db.alembic-lock").exists()


def test_in_memory_database_needs_no_lock():
    engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool)
    with engine.connect() as conn:
        assert acquire_migration_lock(conn, LockSettings(timeout=0)) is None
