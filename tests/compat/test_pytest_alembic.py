"""pytest-alembic's built-in tests, run against projects that use our alembic.

Each test copies a small but complete project, ``projects/accounts`` (ORM
models, ``alembic.ini``, an ``env.py`` in the style pytest-alembic documents,
five migrations with a branch, a merge and a ``batch_alter_table``), adds the
user's pytest files, and runs pytest-alembic's tests on it with ``pytest -p
pytest_alembic.plugin`` in a subprocess, against SQLite, PostgreSQL and
MariaDB.  The outcome of each test is read from a junit report.

The project imports the built-in tests into its own test module (a usage that
pytest-alembic documents) rather than using ``--test-alembic``: pytest-alembic
0.13's automatic insertion builds a collector node with an attribute pytest 9.2
no longer has, which fails collection before any alembic code runs.  Plugin
autoloading is switched off in the subprocess so exactly one copy of the plugin
is registered.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest

pytestmark = pytest.mark.usefixtures("needs_pytest_alembic")

PROJECT = pathlib.Path(__file__).resolve().parent / "projects" / "accounts"
DRIFT_MARKER = "# DRIFT: the drift test puts a model-only column on this line"

BUILTIN_TESTS = (
    "test_single_head_revision",
    "test_upgrade",
    "test_model_definitions_match_ddl",
    "test_up_down_consistency",
)

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
    """Copy ``projects/accounts`` to ``base`` with the test files, then vary it.

    ``drift`` adds a model-only column to User; ``linear`` chains the two
    branches one after the other with no merge; ``leaky_downgrade`` makes the
    last revision's downgrade forget to shorten ``users.name`` again; ``toml``
    moves the [alembic] options to pyproject.toml as ``alembic init -t
    pyproject`` does; ``async_env`` swaps in the async template's env.py.
    """
    shutil.copytree(PROJECT, base)
    helpers.write_files(
        base,
        {
            "pytest.ini": PYTEST_INI,
            "conftest.py": PROJECT_CONFTEST,
            "test_migrations.py": TEST_MIGRATIONS,
            "test_experimental.py": TEST_EXPERIMENTAL,
            "test_data.py": TEST_DATA,
        },
    )
    versions = base / "migrations" / "versions"
    edit(base / "models.py", DRIFT_MARKER, drift)
    if linear:
        (versions / "c4merge00004_merge.py").unlink()
        edit(versions / "b3tags000003_tags.py", '"a1f0c0de0001"', '"b2addr000002"')
        edit(
            versions / "d5batch00005_users_email.py", '"c4merge00004"', '"b3tags000003"'
        )
    if leaky_downgrade:
        batch = versions / "d5batch00005_users_email.py"
        keep, _, rest = batch.read_text().partition("def downgrade():")
        rest = rest.replace("type_=sa.String(length=40)", "type_=sa.String(length=50)")
        batch.write_text(keep + "def downgrade():" + rest)
    if toml:
        helpers.write_files(base, {"pyproject.toml": PYPROJECT_TOML})
        for option in ("script_location", "prepend_sys_path", "path_separator"):
            ini = (base / "alembic.ini").read_text().splitlines(keepends=True)
            (base / "alembic.ini").write_text(
                "".join(line for line in ini if not line.startswith(option))
            )
    if async_env:
        shutil.copy(base / "async_env.py", base / "migrations" / "env.py")
    return base


def edit(path: pathlib.Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in the file at ``path``."""
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


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
