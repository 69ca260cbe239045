"""The runtime driven through ``alembic.command`` (as the CLI does)."""

from __future__ import annotations

import pytest

from alembic import command
from alembic.util.exc import CommandError, DatabaseNotAtHead


def test_upgrade_current_downgrade(project):
    project.table_rev("a1b2")
    project.table_rev("b2c3", "a1b2")
    cfg = project.config()
    command.current(cfg)
    assert "alembic_version" not in project.tables()
    command.upgrade(cfg, "head")
    assert project.rows() == ["b2c3"]
    command.current(cfg, check_heads=True)
    command.downgrade(cfg, "-1")
    assert project.rows() == ["a1b2"]
    with pytest.raises(DatabaseNotAtHead):
        command.current(cfg, check_heads=True)
    command.downgrade(cfg, "base")
    assert project.rows() == []


def test_stamp_and_purge(project):
    project.table_rev("a1b2")
    project.table_rev("b2c3", "a1b2")
    cfg = project.config()
    command.stamp(cfg, "b2c3")
    assert project.rows() == ["b2c3"]
    command.stamp(cfg, ["a1b2"], purge=True)
    assert project.rows() == ["a1b2"]
    assert not any(t.startswith("t_") for t in project.tables())


def test_ensure_version(project):
    cfg = project.config()
    command.ensure_version(cfg)
    assert "alembic_version" in project.tables() and project.rows() == []


def test_upgrade_sql_via_command(offline_project):
    project = offline_project("sqlite")
    project.table_rev("a1b2")
    cfg = project.config()
    command.upgrade(cfg, "head", sql=True)
    out = project.output.getvalue()
    assert "CREATE TABLE alembic_version" in out
    assert "-- Running upgrade  -> a1b2" in out
    with pytest.raises(CommandError, match="Can't use --purge with --sql mode"):
        command.stamp(project.config(), "a1b2", sql=True, purge=True)


def test_ensure_version_sql(offline_project):
    project = offline_project("sqlite")
    cfg = project.config()
    command.ensure_version(cfg, sql=True)
    assert "CREATE TABLE alembic_version" in project.output.getvalue()
