"""Database commands through the CLI on SQLite, PostgreSQL and MariaDB.

Each backend's test owns its database for the module (fixtures in
tests/conftest.py), so each test leaves it empty again.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa


def failed(result, status: int = 255) -> str:
    lines = [line for line in result.out.splitlines() if line.startswith("FAILED:")]
    assert result.code == status and len(lines) == 1, result
    return lines[0]


def db_state(url: str) -> tuple[set[str], set[str]]:
    """(table names, alembic_version rows) of the database at ``url``."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            versions = set()
            if "alembic_version" in tables:
                versions = {
                    row[0]
                    for row in conn.execute(
                        sa.text("SELECT version_num FROM alembic_version")
                    )
                }
        return tables, versions
    finally:
        engine.dispose()


def drop_version_table(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def chain(make_project, any_db_url):
    project = make_project(any_db_url)
    project.add("aaaa1111")
    project.add("bbbb2222", "aaaa1111")
    project.add("cccc3333", "bbbb2222")
    yield project
    drop_version_table(any_db_url)


def test_upgrade_current_downgrade(chain):
    url = chain.url
    assert chain.run("current").out == ""
    tables, _ = db_state(url)
    assert "alembic_version" not in tables  # current never creates the version table

    assert chain.run("upgrade", "bbbb2222").code == 0
    tables, versions = db_state(url)
    assert {"t_aaaa1111", "t_bbbb2222"} <= tables and "t_cccc3333" not in tables
    assert versions == {"bbbb2222"}
    assert chain.run("current").lines == ["bbbb2222"]

    assert chain.run("upgrade", "+1").code == 0
    assert db_state(url)[1] == {"cccc3333"}
    assert chain.run("current").lines == ["cccc3333 (head)"]

    assert chain.run("downgrade", "-2").code == 0
    tables, versions = db_state(url)
    assert versions == {"aaaa1111"} and "t_bbbb2222" not in tables

    assert chain.run("downgrade", "base").code == 0
    tables, versions = db_state(url)
    assert versions == set() and not any(t.startswith("t_") for t in tables)


def test_current_verbose_hides_password(chain):
    chain.run("upgrade", "head")
    out = chain.run("current", "-v").out
    header = out.splitlines()[0]
    assert header.startswith("Current revision(s) for ") and header.endswith(":")
    url = sa.engine.make_url(chain.url)
    if url.password:
        assert url.password not in out and "***" in header
    assert "Rev: cccc3333 (head)" in out
    chain.run("downgrade", "base")


def test_current_check_heads(chain):
    chain.run("upgrade", "aaaa1111")
    line = failed(chain.run("current", "--check-heads"))
    assert "aaaa1111" in line and "cccc3333" in line and "upgrade" in line
    chain.run("upgrade", "head")
    assert chain.run("current", "--check-heads").lines == ["cccc3333 (head)"]
    chain.run("downgrade", "base")


def test_stamp_and_purge(chain):
    assert chain.run("stamp", "bbbb2222").code == 0
    tables, versions = db_state(chain.url)
    assert versions == {"bbbb2222"} and "t_aaaa1111" not in tables  # no migrations ran
    assert chain.run("stamp", "--purge", "aaaa1111").code == 0
    assert db_state(chain.url)[1] == {"aaaa1111"}
    assert chain.run("stamp", "base").code == 0
    assert db_state(chain.url)[1] == set()


def test_ensure_version(chain):
    assert chain.run("ensure_version").code == 0
    tables, versions = db_state(chain.url)
    assert "alembic_version" in tables and versions == set()


def test_history_indicate_current(chain):
    chain.run("upgrade", "bbbb2222")
    lines = chain.run("history", "-i").lines
    assert "aaaa1111 -> bbbb2222 (current), step bbbb2222" in lines
    chain.run("downgrade", "base")


def test_upgrade_to_unknown_revision(chain):
    line = failed(chain.run("upgrade", "ffff9999"))
    assert "ffff9999" in line
    assert (
        "alembic_version" not in db_state(chain.url)[0]
        or db_state(chain.url)[1] == set()
    )


def test_database_url_from_environment(make_project, any_db_url, monkeypatch, tmp_path):
    project = make_project(
        "${H2_DB_URL:-sqlite:///%(here)s/fallback.db}", subdir="envurl"
    )
    project.add("aaaa1111")
    monkeypatch.setenv("H2_DB_URL", any_db_url)
    assert project.run("upgrade", "head").code == 0
    assert db_state(any_db_url)[1] == {"aaaa1111"}
    assert not (project.root / "fallback.db").exists()
    assert project.run("downgrade", "base").code == 0
    drop_version_table(any_db_url)
    monkeypatch.delenv("H2_DB_URL")
    assert project.run("upgrade", "head").code == 0
    assert (project.root / "fallback.db").exists()


# -- a password with URL-encoded characters, on a real server ------------------------
# MariaDB checks passwords here (the PostgreSQL test server trusts local users).


@pytest.fixture
def user_with_odd_password(mysql_url):
    """A MariaDB user whose password needs URL-encoding ('@' and '%')."""
    name = f"h2_{uuid.uuid4().hex[:8]}"
    password = "p@ss%word"
    admin = sa.create_engine(mysql_url, poolclass=sa.pool.NullPool)
    database = sa.engine.make_url(mysql_url).database
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE USER '{name}'@'%' IDENTIFIED BY 'p@ss%word'"))
        conn.execute(sa.text(f"GRANT ALL ON {database}.* TO '{name}'@'%'"))
    url = sa.engine.make_url(mysql_url).set(username=name, password=password)
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP USER '{name}'@'%'"))
    admin.dispose()


def test_percent_encoded_password_in_ini(make_project, user_with_odd_password):
    url = user_with_odd_password
    assert "p%40ss%25word" in url  # written as users write it, without doubling %
    project = make_project(url, subdir="pw")
    project.add("aaaa1111")
    result = project.run("upgrade", "head")
    assert result.code == 0, result.out
    assert db_state(url)[1] == {"aaaa1111"}
    out = project.run("current", "-v").out
    assert "p%40ss" not in out and "p@ss" not in out and "***" in out
    assert project.run("downgrade", "base").code == 0
    drop_version_table(url)


def test_percent_doubled_password_still_works(make_project, user_with_odd_password):
    url = user_with_odd_password.replace("%", "%%")
    project = make_project(url, subdir="pw2")
    project.add("aaaa1111")
    assert project.run("upgrade", "head").code == 0, "doubled %% must keep working"
    assert project.run("downgrade", "base").code == 0
    drop_version_table(user_with_odd_password)


def test_wrong_password_is_one_failed_line(make_project, user_with_odd_password):
    url = user_with_odd_password.replace("p%40ss%25word", "wrong-h2-secret")
    project = make_project(url, subdir="wrongpw")
    project.add("aaaa1111")
    # status 1: Alembic 1.20.1 ends this run with a traceback (oracle)
    line = failed(project.run("upgrade", "head"), status=1)
    assert "Access denied" in line and "--raiseerr" in line
    assert "wrong-h2-secret" not in line
