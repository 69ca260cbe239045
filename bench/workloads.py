"""Benchmark workloads: generated projects and the commands timed on them.

A workload is a project folder (generated once under ``bench/work/``) plus the
``alembic`` arguments to time there.  Both implementations run the same
command on the same files.  To add one, write a ``Workload(...)`` line in
``ALL`` (and, if it needs a new kind of project, a small generator function).
Standard library only.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import shutil
import sqlite3
import subprocess
import tempfile
from typing import Callable

import schema_project

__all__ = ["Workload", "ALL", "DEFAULT", "MODES", "chain_project", "mode_environment", "start_cold"]

WORK = pathlib.Path(__file__).resolve().parent / "work"
GENERATOR_VERSION = "1"

ENV_PY = '''\
"""Benchmark environment: a plain online/offline env.py using the public API."""
import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
if os.environ.get("BENCH_DATABASE_URL"):
    config.set_main_option("sqlalchemy.url", os.environ["BENCH_DATABASE_URL"])
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = None


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = sqlite:///%(here)s/bench.db
# `check --shadow` workloads (Alembic ignores these keys): the shadow goes to
# the server of BENCH_DATABASE_URL, or to a temporary SQLite file
shadow_url = ${BENCH_DATABASE_URL:-sqlite://}
shadow_env = BENCH_DATABASE_URL

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARNING
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

REVISION = '''\
"""step {index}: change number {index} of the generated chain

Revision ID: {rev}
Revises: {down_text}
Create Date: 2026-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = {rev!r}
down_revision: Union[str, Sequence[str], None] = {down!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''


def rev_id(count: int, index: int) -> str:
    """A stable 12-hex-digit revision id for step ``index`` of a chain."""
    return hashlib.sha1(f"chain-{count}-{index}".encode()).hexdigest()[:12]


def chain_project(count: int) -> pathlib.Path:
    """A project with a linear chain of ``count`` revision files (made once)."""
    root = WORK / f"chain-{count}"
    stamp = root / ".generated"
    if stamp.exists() and stamp.read_text() == GENERATOR_VERSION:
        return root
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    for old in versions.glob("*.py"):
        old.unlink()
    (root / "alembic.ini").write_text(INI)
    (root / "migrations" / "env.py").write_text(ENV_PY)
    (root / "migrations" / "script.py.mako").write_text(SCRIPT_MAKO)
    down = None
    for index in range(1, count + 1):
        rev = rev_id(count, index)
        text = REVISION.format(index=index, rev=rev, down=down, down_text=down or "")
        (versions / f"{rev}_step_{index}.py").write_text(text)
        down = rev
    stamp.write_text(GENERATOR_VERSION)
    return root


def fresh_sqlite(project: pathlib.Path, python: pathlib.Path, env: dict[str, str]) -> None:
    """Before each run: remove the project's SQLite database."""
    (project / "bench.db").unlink(missing_ok=True)


def remove_sqlite_file_of_url(project: pathlib.Path, python: pathlib.Path, env: dict[str, str]) -> None:
    """Before each run: remove the SQLite file that BENCH_DATABASE_URL names."""
    pathlib.Path(env["BENCH_DATABASE_URL"].split(":///", 1)[1]).unlink(missing_ok=True)


def stamp_below_head(count: int) -> Callable[[pathlib.Path, pathlib.Path, dict[str, str]], None]:
    """Before each run: the project's SQLite database at the revision just below
    the head of a ``count`` chain (written directly, so no tool is timed doing it)."""

    def before(project: pathlib.Path, python: pathlib.Path, env: dict[str, str]) -> None:
        db = project / "bench.db"
        db.unlink(missing_ok=True)
        with sqlite3.connect(db) as conn:
            conn.execute(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
            conn.execute("INSERT INTO alembic_version VALUES (?)", (rev_id(count, count - 1),))
        conn.close()

    return before


def drop_version_table(project: pathlib.Path, python: pathlib.Path, env: dict[str, str]) -> None:
    """Before each run: drop ``alembic_version`` in the server database (no-op chains add nothing else)."""
    code = (
        "import os, sqlalchemy as sa\n"
        "e = sa.create_engine(os.environ['BENCH_DATABASE_URL'])\n"
        "with e.begin() as c: c.execute(sa.text('DROP TABLE IF EXISTS alembic_version'))\n"
    )
    subprocess.run([str(python), "-c", code], check=True, env={**os.environ, **env})


@dataclasses.dataclass(frozen=True)
class Workload:
    """One timed command on one generated project."""

    name: str
    make_project: Callable[[], pathlib.Path]
    argv: tuple[str, ...]
    description: str
    #: called (untimed) before every run with the project, the venv's python, the extra env
    before_each: Callable[[pathlib.Path, pathlib.Path, dict[str, str]], None] | None = None
    #: environment variable holding the database URL to run against (else the SQLite file)
    url_from_env: str | None = None
    #: compare the two implementations' stdout (off where output holds paths or times)
    compare_output: bool = True
    #: called (untimed) once before the warm-up with the project, the reference tool's
    #: `alembic` and python, and the extra env (e.g. to bring a database to head)
    prepare: Callable[[pathlib.Path, pathlib.Path, pathlib.Path, dict[str, str]], None] | None = None
    #: extra environment variables for every run, as (name, value) pairs
    extra_env: tuple[tuple[str, str], ...] = ()
    #: the command line for our implementation when it differs (a feature
    #: Alembic lacks, timed against Alembic's nearest command)
    ours_argv: tuple[str, ...] | None = None

    def environment(self) -> dict[str, str]:
        """Extra environment for the command (besides :func:`mode_environment`).

        In warm mode bytecode caching stays on, as for real users: the warm-up
        run lets each tool write its ``__pycache__`` for the revision files it
        imports.
        """
        env: dict[str, str] = dict(self.extra_env)
        if self.url_from_env:
            if not os.environ.get(self.url_from_env):
                raise SystemExit(f"workload {self.name} needs {self.url_from_env} set to a database URL")
            env["BENCH_DATABASE_URL"] = os.environ[self.url_from_env]
        return env


#: "warm": bytecode and user caches kept between runs (a developer's machine);
#: "cold": a fresh container at deploy time (see :func:`start_cold`).
MODES = ("warm", "cold")


def mode_environment(mode: str, scratch: pathlib.Path) -> dict[str, str]:
    """Environment variables of a run in ``mode``; ``scratch`` is a directory of
    this run (cold) or of the whole benchmark (warm) for the per-user caches.

    Warm runs may write bytecode (``PYTHONDONTWRITEBYTECODE`` is removed by the
    runner); cold runs set ``PYTHONDONTWRITEBYTECODE=1`` and start from an empty
    ``XDG_CACHE_HOME``, as many container images do.
    """
    env = {"XDG_CACHE_HOME": str(scratch)}
    if mode == "cold":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def start_cold(project: pathlib.Path) -> pathlib.Path:
    """Before a cold run: no ``__pycache__`` in the project (revision files,
    models) and a new, empty cache directory, which is returned."""
    for cache in project.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    return pathlib.Path(tempfile.mkdtemp(prefix="bench-cold-cache-"))


def _chain(count: int) -> Callable[[], pathlib.Path]:
    return lambda: chain_project(count)


def _schema(count: int) -> Callable[[], pathlib.Path]:
    return lambda: schema_project.schema_project(count, WORK, INI, ENV_PY)


ALL: list[Workload] = [
    Workload("heads-10", _chain(10), ("heads",), "`alembic heads`, 10-revision project"),
    Workload("heads-1000", _chain(1000), ("heads",), "`alembic heads`, linear chain of 1,000"),
    Workload("history-1000", _chain(1000), ("history",), "`alembic history`, linear chain of 1,000"),
    Workload("heads-5000", _chain(5000), ("heads",), "`alembic heads`, linear chain of 5,000"),
    Workload("history-5000", _chain(5000), ("history",), "`alembic history`, linear chain of 5,000"),
    Workload(
        "heads-5000-nocache",
        _chain(5000),
        ("heads",),
        "`alembic heads`, linear chain of 5,000, our header cache off (ALEMBIC_HEADER_CACHE=0)",
        extra_env=(("ALEMBIC_HEADER_CACHE", "0"),),
    ),
    # Later workloads (run them by name with --workloads):
    Workload(
        "upgrade-sqlite-1000",
        _chain(1000),
        ("upgrade", "head"),
        "`alembic upgrade head` from empty, 1,000 no-op revisions, SQLite file",
        before_each=fresh_sqlite,
    ),
    Workload(
        "upgrade-sql-1000",
        _chain(1000),
        ("upgrade", "head", "--sql"),
        "`alembic upgrade head --sql`, 1,000 no-op revisions",
        compare_output=False,
    ),
    Workload(
        "upgrade-pg-1000",
        _chain(1000),
        ("upgrade", "head"),
        "`alembic upgrade head` from empty, 1,000 no-op revisions, PostgreSQL (BENCH_PG_URL)",
        before_each=drop_version_table,
        url_from_env="BENCH_PG_URL",
    ),
    Workload(
        "check-sqlite-300",
        _schema(300),
        ("check",),
        "`alembic check`, 300 tables at head, SQLite file",
        prepare=schema_project.prepare_at_head,
    ),
    Workload(
        "upgrade-sqlite-shm-1000",
        _chain(1000),
        ("upgrade", "head"),
        "`alembic upgrade head` from empty, 1,000 no-op revisions, SQLite file on tmpfs "
        "(BENCH_SHM_SQLITE_URL, e.g. sqlite:////dev/shm/bench.db)",
        before_each=remove_sqlite_file_of_url,
        url_from_env="BENCH_SHM_SQLITE_URL",
    ),
    Workload(
        "upgrade-one-5000",
        _chain(5000),
        ("upgrade", "head"),
        "`alembic upgrade head` applying the last revision of a linear chain of 5,000, SQLite file",
        before_each=stamp_below_head(5000),
    ),
    Workload(
        "check-shadow-sqlite-300",
        _schema(300),
        ("check",),
        "`alembic check` at head (Alembic) against our `check --shadow` (history replayed "
        "into a temporary SQLite file), 300 tables",
        prepare=schema_project.prepare_at_head,
        ours_argv=("check", "--shadow"),
    ),
    Workload(
        "check-shadow-pg-300",
        _schema(300),
        ("check",),
        "`alembic check` at head (Alembic) against our `check --shadow` (history replayed "
        "into a temporary PostgreSQL database), 300 tables (BENCH_PG_URL)",
        prepare=schema_project.prepare_at_head,
        url_from_env="BENCH_PG_URL",
        ours_argv=("check", "--shadow"),
    ),
    Workload(
        "check-pg-300",
        _schema(300),
        ("check",),
        "`alembic check`, 300 tables at head, PostgreSQL (BENCH_PG_URL)",
        prepare=schema_project.prepare_at_head,
        url_from_env="BENCH_PG_URL",
    ),
]

#: What `run.py` measures when no --workloads are named.
DEFAULT = [
    "heads-10",
    "heads-1000",
    "history-1000",
    "heads-5000",
    "history-5000",
    "heads-5000-nocache",
    "upgrade-sqlite-1000",
    "upgrade-sql-1000",
    "upgrade-one-5000",
    "check-sqlite-300",
]
