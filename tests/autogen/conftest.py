"""Helpers for autogenerate tests: compare a model with a real database,
render the migration, run the rendered code with ``op``, compare again."""

from __future__ import annotations

import pytest


#: the built-in comparison plus the opt-in plugins these tests rely on
LENIENT_PLUGINS = [
    "alembic.autogenerate.*",
    "alembic.ext.lenient_compare",
    "alembic.ext.postgresql_using",
    "alembic.ext.primary_keys",
]


class AutogenRunner:
    """Drives compare -> render -> apply on one database URL."""

    def __init__(self, url: str, lenient: bool = False) -> None:
        import sqlalchemy as sa

        self.url = url
        # lenient: the opt-in plugins of LENIENT_PLUGINS are on
        self.lenient = lenient
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.dialect_name = self.engine.dialect.name
        self.is_sqlite = self.dialect_name == "sqlite"

    # -- database state -------------------------------------------------
    def reset(self) -> None:
        """Drop every table, ENUM type and sequence the tests may have made."""
        import sqlalchemy as sa

        md = sa.MetaData()
        with self.engine.begin() as conn:
            md.reflect(conn)
            if self.dialect_name == "mysql":
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=0")
            for table in reversed(md.sorted_tables):
                conn.execute(sa.schema.DropTable(table))
            if self.dialect_name == "mysql":
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=1")
            insp = sa.inspect(conn)
            if self.dialect_name == "postgresql":
                for enum in insp.get_enums():
                    conn.exec_driver_sql(
                        f'DROP TYPE IF EXISTS "{enum["name"]}" CASCADE'
                    )
            if self.engine.dialect.supports_sequences:
                for name in insp.get_sequence_names():
                    conn.exec_driver_sql(f"DROP SEQUENCE IF EXISTS {name}")

    def create(self, metadata) -> None:
        self.reset()
        metadata.create_all(self.engine)

    # -- autogenerate -----------------------------------------------------
    def context(self, conn, **opts):
        from alembic.runtime.migration import MigrationContext

        from alembic.util.scaffold import NEW_PROJECT_PLUGINS

        base = {"compare_type": True, "compare_server_default": True}
        if self.lenient:
            # the opt-in extras, as new projects get them (a superset of LENIENT_PLUGINS)
            base["autogenerate_plugins"] = list(NEW_PROJECT_PLUGINS)
        base.update(opts)
        return MigrationContext.configure(conn, opts=base)

    def diffs(self, metadata, **opts):
        from alembic.autogenerate import compare_metadata

        with self.engine.connect() as conn:
            return compare_metadata(self.context(conn, **opts), metadata)

    def produce(self, metadata, **opts):
        """(migration_script, upgrade source, downgrade source)."""
        from alembic.autogenerate import produce_migrations, render_python_code

        with self.engine.connect() as conn:
            mc = self.context(conn, **opts)
            script = produce_migrations(mc, metadata)
            batch = opts.get("render_as_batch", self.is_sqlite)
            up = render_python_code(
                script.upgrade_ops, migration_context=mc, render_as_batch=batch
            )
            down = render_python_code(
                script.downgrade_ops, migration_context=mc, render_as_batch=batch
            )
        return script, up, down

    def apply(self, body: str) -> None:
        """Run rendered migration code through ``op`` on this database."""
        from alembic.operations import Operations

        src = (
            "import sqlalchemy as sa\nfrom alembic import op\n"
            "from sqlalchemy.dialects import postgresql, mysql, sqlite\n"
            "def run():\n    " + body + "\n"
        )
        namespace: dict = {}
        code = compile(src, "<rendered migration>", "exec")
        exec(code, namespace)  # noqa: S102 - runs the rendered code
        with self.engine.begin() as conn:
            mc = self.context(conn)
            with Operations.context(mc):
                namespace["run"]()

    def roundtrip(self, before, after, **opts):
        """Database at ``before``; migrate to ``after``; both ways clean."""
        self.create(before)
        script, up, down = self.produce(after, **opts)
        assert not script.upgrade_ops.is_empty(), "expected differences"
        self.apply(up)
        assert self.diffs(after, **opts) == [], up
        self.apply(down)
        assert self.diffs(before, **opts) == [], down
        return script, up, down


def _clean_runner(url: str, lenient: bool = False):
    """A runner on an emptied database, emptied again afterwards."""
    r = AutogenRunner(url, lenient=lenient)
    r.reset()
    yield r
    r.reset()
    r.engine.dispose()


@pytest.fixture
def runner(any_db_url):
    yield from _clean_runner(any_db_url, lenient=True)


@pytest.fixture
def sqlite_runner(sqlite_url):
    r = AutogenRunner(sqlite_url)
    yield r
    r.engine.dispose()


@pytest.fixture
def pg_runner(pg_url):
    yield from _clean_runner(pg_url)


@pytest.fixture
def mysql_runner(mysql_url):
    yield from _clean_runner(mysql_url, lenient=True)


@pytest.fixture
def exact_mysql_runner(mysql_url):
    """MariaDB without the lenient plugin: Alembic 1.20.1's comparison."""
    yield from _clean_runner(mysql_url)
