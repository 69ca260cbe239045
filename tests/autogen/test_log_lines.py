"""The INFO lines autogenerate logs for each detected change, read from the
real ``alembic`` CLI (a subprocess) in a project made by ``alembic init``
whose env.py configures logging from alembic.ini with ``fileConfig``."""

from __future__ import annotations

import os
import pathlib
import runpy
import sqlite3
import subprocess
import sys

import pytest

from alembic.util.scaffold import NEW_PROJECT_PLUGINS

REPO = pathlib.Path(__file__).resolve().parents[2]

DATABASE = [
    "CREATE TABLE book (id INTEGER PRIMARY KEY, title VARCHAR(100), old INTEGER,"
    + " code VARCHAR(10))",
    "CREATE INDEX ix_book_code ON book (code)",
    "CREATE TABLE gone (id INTEGER PRIMARY KEY)",
]

MODELS = """\
import sqlalchemy as sa
target_metadata = sa.MetaData()
sa.Table("author", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(80)),
)
sa.Table("book", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Unicode(200), nullable=False),
    sa.Column("code", sa.String(10)),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("author.id")),
    sa.Index("ix_book_title", "title"),
    sa.UniqueConstraint("author_id", "title", name="uq_book_author_title"),
)
"""

# Alembic's six built-in plugins, then the alembic.ext ones our init writes
PLUGINS = [
    f"INFO  [alembic.runtime.plugins] setting up autogenerate plugin {name}"
    for name in [
        f"alembic.autogenerate.{part}"
        for part in ("schemas", "tables", "types", "constraints", "defaults", "comments")
    ]
    + list(NEW_PROJECT_PLUGINS[1:])
]

_TABLES = "alembic.autogenerate.compare.tables"
_CONSTRAINTS = "alembic.autogenerate.compare.constraints"
_TYPES = "alembic.autogenerate.compare.types"
DETECTED = [
    f"INFO  [{logger}] {message}"
    for logger, message in (
        (_TABLES, "Detected added table 'author'"),
        (_TABLES, "Detected removed table 'gone'"),
        (_TABLES, "Detected added column 'book.author_id'"),
        # SQLite reflects the INTEGER PRIMARY KEY as nullable: Alembic 1.20.1 reports it
        (_CONSTRAINTS, "Detected NOT NULL on column 'book.id'"),
        (_CONSTRAINTS, "Detected NOT NULL on column 'book.title'"),
        (
            _TYPES,
            "Detected type change from VARCHAR(length=100) to Unicode(length=200)"
            + " on 'book.title'",
        ),
        (_CONSTRAINTS, "Detected removed index 'ix_book_code' on 'book'"),
        (_CONSTRAINTS, "Detected added index 'ix_book_title' on '('title',)'"),
        (
            _CONSTRAINTS,
            "Detected added unique constraint 'uq_book_author_title'"
            + " on '('author_id', 'title')'",
        ),
        (_CONSTRAINTS, "Detected added foreign key (author_id)(id) on table book"),
        (_TABLES, "Detected removed column 'book.old'"),
    )
]


def _alembic(root: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONWARNINGS="ignore")
    env.pop("ALEMBIC_ALLOW_DROPS", None)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path):
    done = _alembic(tmp_path, "init", "migrations")
    assert done.returncode == 0, done.stderr
    env_py = tmp_path / "migrations" / "env.py"
    source = env_py.read_text()
    assert "fileConfig(config.config_file_name)" in source
    env_py.write_text(source.replace("target_metadata = None\n", MODELS))
    ini = tmp_path / "alembic.ini"
    ini.write_text(
        ini.read_text().replace(
            "driver://user:pass@localhost/dbname", "sqlite:///app.db"
        )
    )
    with sqlite3.connect(tmp_path / "app.db") as conn:
        for statement in DATABASE:
            conn.execute(statement)
    return tmp_path


def _log_lines(stderr: str, *prefixes: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(prefixes)]


def test_revision_autogenerate_logs_each_detected_change(project):
    done = _alembic(
        project, "-x", "allow_drops=true", "revision", "--autogenerate", "-m", "a"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = _log_lines(done.stderr, "INFO  [alembic.runtime.plugins]")
    assert lines == PLUGINS
    lines = _log_lines(done.stderr, "INFO  [alembic.autogenerate")
    assert lines == DETECTED


def test_check_logs_the_same_lines(project):
    done = _alembic(project, "check")
    assert done.returncode != 0
    assert _log_lines(done.stderr, "INFO  [alembic.autogenerate") == DETECTED
    assert "New upgrade operations detected" in done.stdout


def test_no_detection_lines_when_up_to_date(project):
    import sqlalchemy as sa

    (project / "app.db").unlink()
    source = project / "models_copy.py"
    source.write_text(MODELS)
    namespace = runpy.run_path(str(source))
    engine = sa.create_engine(f"sqlite:///{project / 'app.db'}")
    namespace["target_metadata"].create_all(engine)
    engine.dispose()
    done = _alembic(project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _log_lines(done.stderr, "INFO  [alembic.autogenerate") == []
    assert _log_lines(done.stderr, "INFO  [alembic.runtime.plugins]") == PLUGINS


def test_server_default_change_names_the_impl(caplog, monkeypatch):
    """Alembic 1.20.1's line for a changed server default names the impl
    object, e.g. (reference CLI, SQLite) ``INFO  [alembic.autogenerate.compare.
    server_defaults] Dialect impl <alembic.ddl.sqlite.SQLiteImpl object at
    0x7f...> detected server default on column 'book.title'``."""
    import logging
    import re

    import sqlalchemy as sa

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    # an in-process fileConfig() of an earlier test may have disabled it
    logger = logging.getLogger("alembic.autogenerate.compare.server_defaults")
    monkeypatch.setattr(logger, "disabled", False)
    engine = sa.create_engine("sqlite://")
    model = sa.MetaData()
    sa.Table(
        "book",
        model,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(100), server_default="untitled"),
    )
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE book (id INTEGER PRIMARY KEY, title VARCHAR(100))")
        mc = MigrationContext.configure(conn, opts={"compare_server_default": True})
        with caplog.at_level(logging.INFO, logger="alembic.autogenerate"):
            compare_metadata(mc, model)
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "alembic.autogenerate.compare.server_defaults"
    ]
    assert len(lines) == 1, lines
    assert re.fullmatch(
        r"Dialect impl <alembic\.ddl\.sqlite\.SQLiteImpl object at 0x[0-9a-f]+> "
        r"detected server default on column 'book\.title'",
        lines[0],
    ), lines
