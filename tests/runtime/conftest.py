"""Fixtures for runtime tests: a throw-away Alembic project on a real database.

``project`` writes an ``alembic.ini``, a hand-written ``env.py`` (the
standard online/offline shape; extra ``configure()`` keywords come from
``config.attributes["configure_kw"]``) and revision files on demand.  The
``upgrade``/``downgrade``/``stamp``/``current`` helpers drive
``EnvironmentContext`` + ``ScriptDirectory`` the way the commands do, so these
tests exercise the runtime layer itself; ``test_commands.py`` goes through
``alembic.command``.
"""

from __future__ import annotations

import io
import logging
import pathlib
import textwrap
from collections.abc import Iterable
from typing import Any

import pytest
import sqlalchemy as sa

ENV_PY = """
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
extra = dict(config.attributes.get("configure_kw", {}))


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **extra,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, **extra)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

REVISION = '''"""{doc}

Revision ID: {rev}
"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {depends!r}


def upgrade():
{upgrade}


def downgrade():
{downgrade}
'''


def _body(lines: Any) -> str:
    if not lines:
        return "    pass"
    if isinstance(lines, str):
        lines = [lines]
    return textwrap.indent("\n".join(lines), "    ")


class Project:
    """A temporary Alembic project pointing at one database URL."""

    def __init__(self, root: pathlib.Path, url: str) -> None:
        self.root = root
        self.url = url
        self.migrations = root / "migrations"
        self.versions = self.migrations / "versions"
        self.versions.mkdir(parents=True)
        (self.migrations / "env.py").write_text(ENV_PY)
        self.ini = root / "alembic.ini"
        self.ini.write_text(
            "[alembic]\n"
            "script_location = %(here)s/migrations\n"
            f"sqlalchemy.url = {url.replace('%', '%%')}\n"
            "migration_history = true\n"
        )
        self.configure_kw: dict = {}
        self.output = io.StringIO()
        self._engine: sa.Engine | None = None

    # -- files ----------------------------------------------------------------

    def rev(
        self,
        rev: str,
        down: Any = None,
        upgrade: Any = None,
        downgrade: Any = None,
        labels: Any = None,
        depends: Any = None,
        doc: str | None = None,
    ) -> pathlib.Path:
        """Write revision ``rev``; ``upgrade``/``downgrade`` are body lines."""
        path = self.versions / f"{rev}_m.py"
        path.write_text(
            REVISION.format(
                doc=doc or f"rev {rev}",
                rev=rev,
                down=down,
                labels=labels,
                depends=depends,
                upgrade=_body(upgrade),
                downgrade=_body(downgrade),
            )
        )
        return path

    def table_rev(self, rev: str, down: Any = None, **kw: Any) -> pathlib.Path:
        """A revision that creates table ``t_<rev>`` and drops it on downgrade."""
        return self.rev(
            rev,
            down,
            upgrade=f'op.execute("CREATE TABLE t_{rev} (id INTEGER PRIMARY KEY)")',
            downgrade=f'op.execute("DROP TABLE t_{rev}")',
            **kw,
        )

    # -- configuration and running ------------------------------------------------

    def config(self, **attrs: Any) -> Any:
        from alembic.config import Config

        self.output = io.StringIO()
        cfg = Config(str(self.ini), stdout=io.StringIO(), output_buffer=self.output)
        cfg.attributes["configure_kw"] = dict(self.configure_kw)
        cfg.attributes.update(attrs)
        return cfg

    def script(self, cfg: Any = None) -> Any:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(cfg or self.config())

    def run(self, fn: Any, cfg: Any = None, **kw: Any) -> Any:
        """Run env.py with an EnvironmentContext around ``fn``."""
        from alembic.runtime.environment import EnvironmentContext

        cfg = cfg or self.config()
        script = self.script(cfg)
        with EnvironmentContext(cfg, script, fn=fn, **kw):
            script.run_env()
        return cfg

    def upgrade(
        self, revision: str, sql: bool = False, tag: Any = None, cfg: Any = None
    ) -> str:
        cfg = cfg or self.config()
        script = self.script(cfg)
        start = None
        if ":" in revision:
            start, revision = revision.split(":", 1)

        def fn(heads: Any, context: Any) -> Any:
            return script._upgrade_revs(revision, heads)

        self.run(
            fn, cfg, as_sql=sql, starting_rev=start, destination_rev=revision, tag=tag
        )
        return self.output.getvalue()

    def downgrade(self, revision: str, sql: bool = False, cfg: Any = None) -> str:
        cfg = cfg or self.config()
        script = self.script(cfg)
        start = None
        if ":" in revision:
            start, revision = revision.split(":", 1)

        def fn(heads: Any, context: Any) -> Any:
            return script._downgrade_revs(revision, heads)

        self.run(fn, cfg, as_sql=sql, starting_rev=start, destination_rev=revision)
        return self.output.getvalue()

    def stamp(
        self, revisions: Iterable[str], sql: bool = False, purge: bool = False
    ) -> str:
        cfg = self.config()
        script = self.script(cfg)
        revisions = list(revisions)
        start = None
        if sql and ":" in revisions[0]:
            start, revisions[0] = revisions[0].split(":", 1)

        def fn(heads: Any, context: Any) -> Any:
            return script._stamp_revs(tuple(revisions), heads)

        self.run(
            fn,
            cfg,
            as_sql=sql,
            starting_rev=start,
            destination_rev=revisions,
            purge=purge,
        )
        return self.output.getvalue()

    def current_heads(self) -> tuple:
        """What ``MigrationContext.get_current_heads()`` reports (dont_mutate)."""
        found: list[tuple] = []

        def fn(heads: Any, context: Any) -> Any:
            found.append(tuple(context.get_current_heads()))
            return []

        self.run(fn, dont_mutate=True)
        return found[0]

    # -- inspecting the database ------------------------------------------------

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        return self._engine

    def rows(self, table: str = "alembic_version") -> list[str]:
        """Sorted ``version_num`` values, or [] when the table is missing."""
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table(table):
                return []
            return sorted(
                r[0] for r in conn.execute(sa.text(f"SELECT version_num FROM {table}"))
            )

    def tables(self) -> set:
        with self.engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())

    def reset(self) -> None:
        """Drop every table (server databases are shared by a test module)."""
        md = sa.MetaData()
        with self.engine.begin() as conn:
            md.reflect(conn)
            md.drop_all(conn)


@pytest.fixture
def make_project(tmp_path: pathlib.Path) -> Any:
    made: list[Project] = []

    def make(url: str) -> Project:
        project = Project(tmp_path / f"p{len(made)}", url)
        project.reset()
        made.append(project)
        return project

    yield make
    for project in made:
        try:
            project.reset()
        finally:
            project.engine.dispose()


@pytest.fixture
def project(make_project: Any, any_db_url: str) -> Project:
    """A project on each backend in turn: SQLite, PostgreSQL, MariaDB."""
    return make_project(any_db_url)


@pytest.fixture
def sqlite_project(make_project: Any, sqlite_url: str) -> Project:
    return make_project(sqlite_url)


@pytest.fixture
def offline_project(tmp_path: pathlib.Path) -> Any:
    """Projects that only write SQL, for a dialect name (no server)."""

    def make(dialect: str = "sqlite") -> Project:
        return Project(tmp_path / f"off_{dialect}", f"{dialect}://")

    return make


@pytest.fixture
def runtime_log(caplog: Any) -> Any:
    """INFO messages of ``alembic.runtime.migration``."""
    caplog.set_level(logging.INFO, logger="alembic.runtime.migration")

    def messages() -> list[str]:
        return [
            r.getMessage()
            for r in caplog.records
            if r.name == "alembic.runtime.migration"
        ]

    return messages
