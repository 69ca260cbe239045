"""No command prints the database password: success, failure, ``-v``, ``--raiseerr``.

Every test runs the real ``alembic`` command in a fresh interpreter against a
real server and searches stdout and stderr for any spelling of the password.
The project's env.py configures logging with ``fileConfig`` (INFO for
``alembic``) like the generic template, and its first revision logs the URL
with the password shown, as careless migration code might; later revisions
fail in ways that put the password into driver errors and ``[SQL: ...]``.
"""

from __future__ import annotations

import pathlib

import pytest

#: Part of every spelling of the password the projects use (see conftest).
NEEDLE = "Sup3r"


def assert_hidden(result, *, code: int | None = None) -> None:
    """The password appears in neither stream; the exit status is as expected."""
    assert NEEDLE not in result.out, result.out
    assert NEEDLE not in result.err, result.err
    if code is not None:
        assert result.code == code, result.text


@pytest.fixture(scope="module")
def mysql_project(mysql_secret_url, tmp_path_factory, kit):
    """A MariaDB project at revision a1, reached by a successful upgrade."""
    project = kit.SecretProject(tmp_path_factory.mktemp("sec_mysql"), mysql_secret_url)
    project.add("a1", None, kit.LOGGING_REVISION)
    return project


def test_upgrade_success_logs_are_masked(mysql_project):
    result = mysql_project.run("upgrade", "head")
    assert_hidden(result, code=0)
    # the revision's log lines were written, with the password masked
    assert "migrating mysql+pymysql://sec_" in result.err
    assert ":***@127.0.0.1" in result.err
    assert "password=***" in result.err
    assert "Running upgrade  -> a1" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ("current",),
        ("current", "-v"),
        ("history", "-i"),
        ("history", "-i", "-v"),
        ("history", "--applied"),
        ("verify",),
        ("show", "current"),
        ("stamp", "a1"),
        ("--raiseerr", "current", "-v"),
        ("--raiseerr", "history", "-i", "-v"),
    ],
)
def test_reading_commands_hide_the_password(mysql_project, argv):
    mysql_project.run("upgrade", "head")
    result = mysql_project.run(*argv)
    assert_hidden(result, code=0)


def test_current_verbose_names_the_masked_url(mysql_project):
    mysql_project.run("upgrade", "head")
    result = mysql_project.run("current", "-v")
    assert_hidden(result, code=0)
    assert "Current revision(s) for mysql+pymysql://sec_" in result.out
    assert ":***@" in result.out


def test_offline_sql_hides_the_password(mysql_project):
    result = mysql_project.run("upgrade", "--sql", "head")
    assert_hidden(result, code=0)
    assert "CREATE TABLE first" in result.out
    assert "migrating mysql+pymysql://sec_" in result.err  # logged, masked


@pytest.mark.parametrize("raiseerr", [False, True])
@pytest.mark.parametrize(
    "body, evidence",
    [
        ("FAILING_SQL_REVISION", "password=***"),
        ("FAILING_RAISE_REVISION", "could not copy data from mysql+pymysql://sec_"),
    ],
    ids=["sql-error", "raised-error"],
)
def test_failing_migration_hides_the_password(
    mysql_secret_url, tmp_path, body, evidence, raiseerr, kit
):
    project = kit.SecretProject(tmp_path, mysql_secret_url)
    project.add("a1", None, kit.LOGGING_REVISION)
    project.add("a2", "a1", getattr(kit, body))
    argv = ("--raiseerr",) if raiseerr else ()
    result = project.run(*argv, "upgrade", "head")
    assert_hidden(result)
    assert result.code != 0
    assert evidence in result.text
    if raiseerr:
        assert "Traceback (most recent call last)" in result.err
    else:
        assert "FAILED:" in result.out
    # the failed step's message, as the history log shows it
    log = project.run("history", "--applied")
    assert_hidden(log, code=0)
    assert "upgrade   a2  failed" in log.out
    # ... and as the table itself stores it
    import sqlalchemy as sa

    engine = sa.create_engine(mysql_secret_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT message FROM alembic_version_history WHERE outcome = 'failed'")
        ).scalars().all()
    assert stored and all(m and NEEDLE not in m for m in stored), stored


@pytest.mark.parametrize("raiseerr", [False, True])
@pytest.mark.parametrize("argv", [("upgrade", "head"), ("current", "-v")])
def test_wrong_password_is_not_echoed(mysql_secret_url, tmp_path, argv, raiseerr, kit):
    import sqlalchemy as sa

    user = sa.engine.make_url(mysql_secret_url).username
    wrong = kit.with_credentials(mysql_secret_url, user, kit.PASSWORD + "-wrong")
    project = kit.SecretProject(tmp_path, wrong)
    project.add("a1", None, kit.LOGGING_REVISION)
    result = project.run(*(("--raiseerr",) if raiseerr else ()), *argv)
    assert_hidden(result)
    assert result.code != 0
    assert "Access denied" in result.text


@pytest.mark.parametrize("raiseerr", [False, True])
@pytest.mark.parametrize(
    "argv", [("upgrade", "head"), ("current", "-v"), ("history", "-i")]
)
def test_unreachable_postgresql_hides_the_password(
    pg_url, tmp_path, argv, raiseerr, kit
):
    import sqlalchemy as sa

    url = sa.engine.make_url(pg_url).set(password=kit.PASSWORD, port=kit.unused_port())
    project = kit.SecretProject(tmp_path, url.render_as_string(hide_password=False))
    project.add("a1", None, kit.LOGGING_REVISION)
    result = project.run(*(("--raiseerr",) if raiseerr else ()), *argv)
    assert_hidden(result)
    assert result.code != 0
    assert "Connection refused" in result.text or "connection failed" in result.text


@pytest.mark.parametrize("raiseerr", [False, True])
def test_unparseable_url_is_not_echoed(tmp_path, raiseerr, kit):
    project = kit.SecretProject(
        tmp_path, f"postgresql+psycopg://app:{kit.PASSWORD}@127.0.0.1:notaport/db"
    )
    project.add("a1", None, kit.LOGGING_REVISION)
    result = project.run(*(("--raiseerr",) if raiseerr else ()), "upgrade", "head")
    assert_hidden(result)
    assert result.code != 0
    assert "notaport" in result.text


def test_password_in_x_argument_is_masked_in_failures(tmp_path, mysql_secret_url, kit):
    """A URL handed to env.py with ``-x`` is masked when env.py echoes it in an error."""
    project = kit.SecretProject(tmp_path, mysql_secret_url)
    env_py = pathlib.Path(tmp_path, "migrations", "env.py")
    env_py.write_text(
        "from alembic import context\n"
        "url = context.get_x_argument(as_dictionary=True)['target']\n"
        "raise RuntimeError('cannot reach ' + url.replace('://', ' at '))\n",
        encoding="utf-8",
    )
    target = kit.with_credentials(mysql_secret_url, "other", kit.PASSWORD)
    result = project.run("-x", f"target={target}", "current")
    assert_hidden(result)
    assert result.code != 0
    assert "cannot reach mysql+pymysql at other:***@" in result.text
