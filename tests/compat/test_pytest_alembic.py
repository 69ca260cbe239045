"""pytest-alembic's built-in tests, run against projects that use our alembic.

Each test writes a small but complete project (ORM models, ``alembic.ini``, an
``env.py`` in the style pytest-alembic documents, four migrations with a branch,
a merge and a ``batch_alter_table``) and runs pytest-alembic's built-in tests
on it with ``pytest -p pytest_alembic.plugin`` in a subprocess, against SQLite
and PostgreSQL.  The outcome of each built-in test is read from a junit report.

The project imports the built-in tests into its own test module (a usage that
pytest-alembic documents) rather than using ``--test-alembic``: pytest-alembic
0.13's automatic insertion builds a collector node with an attribute pytest 9.2
no longer has, which fails collection before any alembic code runs.  Plugin
autoloading is switched off in the subprocess so exactly one copy of the plugin
is registered.
"""

from __future__ import annotations

import pathlib

import pytest

pytestmark = pytest.mark.usefixtures("needs_pytest_alembic")

BUILTIN_TESTS = (
    "test_single_head_revision",
    "test_upgrade",
    "test_model_definitions_match_ddl",
    "test_up_down_consistency",
)

MODELS = '''
    """The application's models: what the migrations must add up to."""
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    NAMING = {
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }


    class Base(DeclarativeBase):
        metadata = sa.MetaData(naming_convention=NAMING)


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
        name: Mapped[str] = mapped_column(sa.String(50), nullable=False)
        email: Mapped[str | None] = mapped_column(sa.String(120), index=True, unique=True)
        {drift}

    class Address(Base):
        __tablename__ = "addresses"
        id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
        user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
        street: Mapped[str] = mapped_column(sa.String(100), nullable=False)


    metadata = Base.metadata


    class Tag(Base):
        __tablename__ = "tags"
        id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
        label: Mapped[str] = mapped_column(sa.String(30), nullable=False, unique=True)
'''

ALEMBIC_INI = """
    [alembic]
    script_location = %(here)s/migrations
    prepend_sys_path = .
    path_separator = os
    sqlalchemy.url = sqlite:///unused.db

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
    level = INFO
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

ENV_PY = '''
    """env.py as pytest-alembic's documentation suggests: prefer a given connection."""
    from logging.config import fileConfig

    import sqlalchemy as sa
    from alembic import context

    from models import Base

    config = context.config
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)

    target_metadata = Base.metadata


    def run_migrations_offline():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()


    def do_run_migrations(connection):
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()


    def run_migrations_online():
        connectable = config.attributes.get("connection", None)
        if connectable is None:
            connectable = sa.engine_from_config(
                config.get_section(config.config_ini_section, {}),
                prefix="sqlalchemy.",
                poolclass=sa.pool.NullPool,
            )
        if isinstance(connectable, sa.engine.Connection):
            do_run_migrations(connectable)
        else:
            with connectable.connect() as connection:
                do_run_migrations(connection)


    if context.is_offline_mode():
        run_migrations_offline()
    else:
        run_migrations_online()
'''

SCRIPT_MAKO = '''
    """${message}

    Revision ID: ${up_revision}
    Revises: ${down_revision | comma,n}
    Create Date: ${create_date}

    """
    from alembic import op
    import sqlalchemy as sa
    ${imports if imports else ""}

    revision = ${repr(up_revision)}
    down_revision = ${repr(down_revision)}
    branch_labels = ${repr(branch_labels)}
    depends_on = ${repr(depends_on)}


    def upgrade():
        ${upgrades if upgrades else "pass"}


    def downgrade():
        ${downgrades if downgrades else "pass"}
'''

REV_USERS = '''
    """create users

    Revision ID: a1f0c0de0001
    Revises:
    Create Date: 2024-01-02 10:00:00

    """
    from alembic import op
    import sqlalchemy as sa

    revision = "a1f0c0de0001"
    down_revision = None
    branch_labels = None
    depends_on = None


    def upgrade():
        op.create_table(
            "users",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=40), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        )


    def downgrade():
        op.drop_table("users")
'''

REV_ADDRESSES = '''
    """addresses (branch one)

    Revision ID: b2addr000002
    Revises: a1f0c0de0001
    Create Date: 2024-01-03 10:00:00

    """
    from alembic import op
    import sqlalchemy as sa

    revision = "b2addr000002"
    down_revision = "a1f0c0de0001"
    branch_labels = None
    depends_on = None


    def upgrade():
        op.create_table(
            "addresses",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("street", sa.String(length=100), nullable=False),
            sa.ForeignKeyConstraint(
                ["user_id"], ["users.id"], name=op.f("fk_addresses_user_id_users")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
        )


    def downgrade():
        op.drop_table("addresses")
'''

REV_TAGS = '''
    """tags (branch two)

    Revision ID: b3tags000003
    Revises: a1f0c0de0001
    Create Date: 2024-01-03 11:00:00

    """
    from alembic import op
    import sqlalchemy as sa

    revision = "b3tags000003"
    down_revision = "a1f0c0de0001"
    branch_labels = None
    depends_on = None


    def upgrade():
        op.create_table(
            "tags",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("label", sa.String(length=30), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
            sa.UniqueConstraint("label", name=op.f("uq_tags_label")),
        )


    def downgrade():
        op.drop_table("tags")
'''

REV_MERGE = '''
    """merge the two branches

    Revision ID: c4merge00004
    Revises: b2addr000002, b3tags000003
    Create Date: 2024-01-04 10:00:00

    """
    revision = "c4merge00004"
    down_revision = ("b2addr000002", "b3tags000003")
    branch_labels = None
    depends_on = None


    def upgrade():
        pass


    def downgrade():
        pass
'''

REV_BATCH = '''
    """users: email column, unique index, longer names (batch mode)

    Revision ID: d5batch00005
    Revises: c4merge00004
    Create Date: 2024-01-05 10:00:00

    """
    from alembic import op
    import sqlalchemy as sa

    revision = "d5batch00005"
    down_revision = "c4merge00004"
    branch_labels = None
    depends_on = None


    def upgrade():
        with op.batch_alter_table("users", schema=None) as batch_op:
            batch_op.add_column(sa.Column("email", sa.String(length=120), nullable=True))
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=40),
                type_=sa.String(length=50),
                existing_nullable=False,
            )
            batch_op.create_index(batch_op.f("ix_users_email"), ["email"], unique=True)


    def downgrade():
        with op.batch_alter_table("users", schema=None) as batch_op:
            batch_op.drop_index(batch_op.f("ix_users_email"))
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=50),
                type_=sa.String(length=40),
                existing_nullable=False,
            )
            batch_op.drop_column("email")
'''

PROJECT_CONFTEST = '''
    """The user's fixtures: pytest-alembic reads alembic_config and alembic_engine."""
    import os

    import pytest
    import sqlalchemy as sa


    @pytest.fixture
    def alembic_config():
        return {"file": "alembic.ini"}


    def _wipe(engine):
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        elif engine.dialect.name in ("mysql", "mariadb"):
            with engine.begin() as conn:
                everything = sa.MetaData()
                everything.reflect(conn)
                everything.drop_all(conn)


    @pytest.fixture
    def alembic_engine(tmp_path):
        url = os.environ["COMPAT_DB_URL"]
        if url == "sqlite":
            url = f"sqlite:///{tmp_path / 'app.db'}"
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        _wipe(engine)
        try:
            if os.environ.get("COMPAT_ASYNC"):
                from sqlalchemy.ext.asyncio import create_async_engine

                async_url = engine.url
                if async_url.get_backend_name() == "sqlite":
                    async_url = async_url.set(drivername="sqlite+aiosqlite")
                yield create_async_engine(async_url, poolclass=sa.pool.NullPool)
            else:
                yield engine
        finally:
            _wipe(engine)
            engine.dispose()
'''

# The smallest setup: pytest-alembic's own alembic_engine (in-memory SQLite).
MINIMAL_CONFTEST = """
    import pytest


    @pytest.fixture
    def alembic_config():
        return {"file": "alembic.ini"}
"""

# env.py from the async template, taking pytest-alembic's AsyncEngine when given.
ASYNC_ENV_PY = """
    import asyncio
    from logging.config import fileConfig

    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import AsyncEngine, async_engine_from_config

    from alembic import context
    from models import Base

    config = context.config
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    target_metadata = Base.metadata


    def do_run_migrations(connection):
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


    async def run_async_migrations(connectable):
        async with connectable.connect() as connection:
            await connection.run_sync(do_run_migrations)
        await connectable.dispose()


    def run_migrations_online():
        connectable = config.attributes.get("connection", None)
        if connectable is None:
            connectable = async_engine_from_config(
                config.get_section(config.config_ini_section, {}),
                prefix="sqlalchemy.",
                poolclass=sa.pool.NullPool,
            )
        if isinstance(connectable, AsyncEngine):
            asyncio.run(run_async_migrations(connectable))
        else:
            do_run_migrations(connectable)


    run_migrations_online()
"""

# A migration test of the kind pytest-alembic users write by hand.
TEST_DATA = """
    import sqlalchemy as sa


    def rows(engine):
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT id, name FROM users ORDER BY id")).all()


    def test_rows_survive_the_batch_migration(alembic_runner, alembic_engine):
        alembic_runner.migrate_up_before("d5batch00005")
        assert alembic_runner.current == "c4merge00004"
        alembic_runner.insert_into("users", [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Grace"}])
        alembic_runner.migrate_up_one()
        assert alembic_runner.current == "d5batch00005"
        assert rows(alembic_engine) == [(1, "Ada"), (2, "Grace")]
        users = alembic_runner.table_at_revision("users")
        assert [c.name for c in users.c] == ["id", "name", "email"]
        assert users.c.name.type.length == 50

        alembic_runner.migrate_down_one()
        assert alembic_runner.current == "c4merge00004"
        assert rows(alembic_engine) == [(1, "Ada"), (2, "Grace")]
        columns = [c["name"] for c in sa.inspect(alembic_engine).get_columns("users")]
        assert columns == ["id", "name"]


    def test_history_as_pytest_alembic_sees_it(alembic_runner):
        revisions = alembic_runner.history.revisions
        assert revisions[0] == "base" and revisions[-1] == "heads"
        assert set(revisions[1:-1]) == {
            "a1f0c0de0001", "b2addr000002", "b3tags000003", "c4merge00004", "d5batch00005"
        }
        assert revisions.index("c4merge00004") > revisions.index("b2addr000002")
        assert revisions.index("c4merge00004") > revisions.index("b3tags000003")
        assert alembic_runner.heads == ["d5batch00005"]
        assert alembic_runner.current == "base"
        alembic_runner.migrate_up_to("heads")
        assert alembic_runner.current == "d5batch00005"
        output = alembic_runner.raw_command("current")
        assert "".join(output).strip() == "d5batch00005 (head)"
"""

PYPROJECT_TOML = """
    [project]
    name = "app"
    version = "0.1"

    [tool.alembic]
    script_location = "%(here)s/migrations"
    prepend_sys_path = ["."]
"""

PYTEST_INI = """
    [pytest]
    pytest_alembic_tests_path = no_automatic_insertion.py
"""

TEST_MIGRATIONS = """
    from pytest_alembic.tests import (
        test_model_definitions_match_ddl,
        test_single_head_revision,
        test_up_down_consistency,
        test_upgrade,
    )
"""

# pytest-alembic's experimental tests walk the history as one line (they follow
# the first current head), so they get a linear variant of the project.
TEST_EXPERIMENTAL = """
    from pytest_alembic.tests.experimental import (
        test_all_models_register_on_metadata,
        test_downgrade_leaves_no_trace,
    )
"""


def make_project(
    helpers,
    base: pathlib.Path,
    drift: str = "",
    linear: bool = False,
    leaky_downgrade: bool = False,
    toml: bool = False,
    async_env: bool = False,
) -> pathlib.Path:
    """Write the whole project below ``base``.

    ``drift`` adds model-only lines to User; ``linear`` chains the two branches
    one after the other with no merge; ``leaky_downgrade`` makes the last
    revision's downgrade forget to shorten ``users.name`` again; ``toml`` moves
    the [alembic] options to pyproject.toml as ``alembic init -t pyproject`` does.
    """
    tags, batch = REV_TAGS, REV_BATCH
    if linear:
        tags = tags.replace(
            'down_revision = "a1f0c0de0001"', 'down_revision = "b2addr000002"'
        )
        batch = batch.replace(
            'down_revision = "c4merge00004"', 'down_revision = "b3tags000003"'
        )
    if leaky_downgrade:
        keep, _, rest = batch.partition("def downgrade():")
        rest = rest.replace("type_=sa.String(length=40)", "type_=sa.String(length=50)")
        batch = keep + "def downgrade():" + rest
    files = {
        "models.py": MODELS.replace("{drift}", drift),
        "alembic.ini": ALEMBIC_INI,
        "pytest.ini": PYTEST_INI,
        "conftest.py": PROJECT_CONFTEST,
        "test_migrations.py": TEST_MIGRATIONS,
        "test_experimental.py": TEST_EXPERIMENTAL,
        "test_data.py": TEST_DATA,
        "migrations/env.py": ASYNC_ENV_PY if async_env else ENV_PY,
        "migrations/script.py.mako": SCRIPT_MAKO,
        "migrations/versions/a1f0c0de0001_create_users.py": REV_USERS,
        "migrations/versions/b2addr000002_addresses.py": REV_ADDRESSES,
        "migrations/versions/b3tags000003_tags.py": tags,
        "migrations/versions/d5batch00005_users_email.py": batch,
    }
    if not linear:
        files["migrations/versions/c4merge00004_merge.py"] = REV_MERGE
    if toml:
        files["pyproject.toml"] = PYPROJECT_TOML
        files["alembic.ini"] = (
            ALEMBIC_INI.replace("script_location = %(here)s/migrations\n", "")
            .replace("prepend_sys_path = .\n", "")
            .replace("path_separator = os\n", "")
        )
    helpers.write_files(base, files)
    return base


def run_builtin_tests(
    helpers,
    project: pathlib.Path,
    db_url: str,
    module: str = "test_migrations.py",
    async_engine: bool = False,
) -> tuple[dict[str, str], str]:
    """Run pytest-alembic's default tests on ``project``; return outcomes and output."""
    report = project / "report.xml"
    ran = helpers.python(
        "-m",
        "pytest",
        "-p",
        "pytest_alembic.plugin",
        module,
        "-p",
        "no:cacheprovider",
        "-q",
        "-rA",
        f"--junitxml={report}",
        cwd=project,
        env={
            "COMPAT_DB_URL": db_url,
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "COMPAT_ASYNC": "1" if async_engine else "",
        },
    )
    assert report.exists(), ran.describe()
    return helpers.junit_outcomes(report), ran.describe()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """The database the built-in tests run on: a per-test SQLite file, or PostgreSQL."""
    if request.param == "sqlite":
        return "sqlite"
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def any_url(request) -> str:
    """Like ``db_url``, plus MariaDB (whose DDL cannot be rolled back)."""
    if request.param == "sqlite":
        return "sqlite"
    return request.getfixturevalue(
        "pg_url" if request.param == "postgresql" else "mysql_url"
    )


def test_builtin_tests_pass_on_a_consistent_project(
    helpers, tmp_path, any_url, our_alembic
):
    project = make_project(helpers, tmp_path / "app")
    outcomes, output = run_builtin_tests(helpers, project, any_url)
    assert set(outcomes) == set(BUILTIN_TESTS), output
    failing = {name: result for name, result in outcomes.items() if result != "passed"}
    assert not failing, output


def test_drifting_models_fail_the_ddl_match(helpers, tmp_path, any_url, our_alembic):
    drift = "nickname: Mapped[str | None] = mapped_column(sa.String(20))"
    project = make_project(helpers, tmp_path / "app", drift=drift)
    outcomes, output = run_builtin_tests(helpers, project, any_url)
    assert outcomes.get("test_model_definitions_match_ddl") == "failed", output
    # the message pytest-alembic builds from our autogenerate: the rendered upgrade
    assert "out of sync" in output, output
    assert "nickname" in output, output
    for name in (
        "test_single_head_revision",
        "test_upgrade",
        "test_up_down_consistency",
    ):
        assert outcomes.get(name) == "passed", output


def test_unmerged_branches_fail_single_head(helpers, tmp_path, our_alembic):
    project = make_project(helpers, tmp_path / "app")
    (project / "migrations/versions/c4merge00004_merge.py").unlink()
    (project / "migrations/versions/d5batch00005_users_email.py").unlink()
    # the models now describe only what both branches create
    models = project / "models.py"
    text = models.read_text()
    text = text.replace(
        "mapped_column(sa.String(50), nullable=False)",
        "mapped_column(sa.String(40), nullable=False)",
    ).replace(
        "    email: Mapped[str | None] = mapped_column(sa.String(120), index=True, unique=True)\n",
        "",
    )
    models.write_text(text)
    outcomes, output = run_builtin_tests(helpers, project, "sqlite")
    assert outcomes.get("test_single_head_revision") == "failed", output
    assert "Expected 1 head revision, found 2" in output, output
    assert outcomes.get("test_upgrade") == "passed", output
    assert outcomes.get("test_model_definitions_match_ddl") == "passed", output


def test_experimental_tests_pass_on_a_linear_project(
    helpers, tmp_path, db_url, our_alembic
):
    project = make_project(helpers, tmp_path / "app", linear=True)
    outcomes, output = run_builtin_tests(
        helpers, project, db_url, "test_experimental.py"
    )
    assert outcomes == {
        "test_all_models_register_on_metadata": "passed",
        "test_downgrade_leaves_no_trace": "passed",
    }, output


def test_leaky_downgrade_is_caught(helpers, tmp_path, db_url, our_alembic):
    project = make_project(helpers, tmp_path / "app", linear=True, leaky_downgrade=True)
    outcomes, output = run_builtin_tests(
        helpers, project, db_url, "test_experimental.py"
    )
    assert outcomes["test_downgrade_leaves_no_trace"] == "failed", output
    assert "precisely undo" in output, output
    assert "'d5batch00005'" in output, output
    # the first rendered diff shows the type change the downgrade failed to undo
    assert "type_=sa.VARCHAR(length=50)" in output, output
    assert outcomes["test_all_models_register_on_metadata"] == "passed", output


def test_builtin_tests_pass_with_pyproject_config(helpers, tmp_path, our_alembic):
    project = make_project(helpers, tmp_path / "app", toml=True)
    ini = (project / "alembic.ini").read_text()
    assert "script_location" not in ini and "prepend_sys_path" not in ini
    outcomes, output = run_builtin_tests(helpers, project, "sqlite")
    assert outcomes == dict.fromkeys(BUILTIN_TESTS, "passed"), output


def test_hand_written_migration_tests(helpers, tmp_path, any_url, our_alembic):
    """``migrate_up_before`` / ``insert_into`` / ``table_at_revision`` / ``raw_command``."""
    project = make_project(helpers, tmp_path / "app")
    outcomes, output = run_builtin_tests(helpers, project, any_url, "test_data.py")
    assert outcomes == {
        "test_rows_survive_the_batch_migration": "passed",
        "test_history_as_pytest_alembic_sees_it": "passed",
    }, output


def test_builtin_tests_with_an_async_engine(helpers, tmp_path, db_url, our_alembic):
    """The async env.py recipe: pytest-alembic hands env.py an AsyncEngine."""
    project = make_project(helpers, tmp_path / "app", async_env=True)
    outcomes, output = run_builtin_tests(helpers, project, db_url, async_engine=True)
    assert outcomes == dict.fromkeys(BUILTIN_TESTS, "passed"), output


def test_plugin_default_engine(helpers, tmp_path, our_alembic):
    """No alembic_engine override: the plugin's in-memory SQLite engine."""
    project = make_project(helpers, tmp_path / "app")
    helpers.write_files(project, {"conftest.py": MINIMAL_CONFTEST})
    outcomes, output = run_builtin_tests(helpers, project, "unused")
    assert outcomes == dict.fromkeys(BUILTIN_TESTS, "passed"), output
    data_outcomes, output = run_builtin_tests(
        helpers, project, "unused", "test_data.py"
    )
    assert set(data_outcomes.values()) == {"passed"}, output
    # in memory: no database file and no lock file appear in the project
    leftovers = [
        p.name for p in project.iterdir() if ".db" in p.name or "lock" in p.name
    ]
    assert leftovers == []
