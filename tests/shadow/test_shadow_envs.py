"""env.py files of other shapes: the async template (aiosqlite, asyncpg),
an env.py taking its URL from ``-x url=...``, and the cookbook's shared
connection in ``config.attributes`` through the Python API."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from alembic import command
from alembic.config import Config


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_async_template(make_project, request, tmp_path, backend):
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/async.db"
    else:
        url = request.getfixturevalue("pg_url").replace("+psycopg", "+asyncpg")
    project = make_project(url, template="async")
    project.url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    result = project.alembic("revision", "--autogenerate", "--shadow", "-m", "one", "--rev-id", "a1")
    assert result.status == 0, result.out
    assert "op.create_table('account'" in (project.versions / "a1_one.py").read_text()
    assert project.alembic("check", "--shadow").status == 0
    assert not project.live_tables() & {"account"}
    assert project.alembic("upgrade", "head").status == 0
    assert project.alembic("drift").status == 0
    project.execute("ALTER TABLE account ADD COLUMN nickname VARCHAR(20)")
    result = project.alembic("drift")
    assert result.status == 1
    assert result.out.startswith("extra column account.nickname")
    project.execute("DROP TABLE account", "DROP TABLE alembic_version")


def test_url_from_x_argument(make_project, sqlite_url):
    """``-x url=<URL>`` arguments are pointed at the shadow like sqlalchemy.url."""
    project = make_project(sqlite_url)
    project.edit_env(
        "config.get_section(config.config_ini_section, {})",
        "{'sqlalchemy.url': context.get_x_argument(as_dictionary=True)['url']}",
    )
    project.set_option("sqlalchemy.url", "")
    x = ["-x", f"url={sqlite_url}"]
    assert project.alembic(*x, "revision", "--autogenerate", "--shadow", "-m", "one").status == 0
    assert project.alembic(*x, "check", "--shadow").status == 0
    assert not project.live_tables() & {"account"}


def test_shared_connection_attribute_is_not_handed_to_the_shadow(make_project, sqlite_url):
    """The cookbook env.py uses ``config.attributes['connection']`` when a
    caller passes one; a shadow run builds its own engine instead."""
    project = make_project(sqlite_url)
    project.edit_env(
        "    connectable = engine_from_config(",
        "    if config.attributes.get('connection') is not None:\n"
        "        context.configure(connection=config.attributes['connection'],\n"
        "                          target_metadata=target_metadata)\n"
        "        with context.begin_transaction():\n"
        "            context.run_migrations()\n"
        "        return\n"
        "    connectable = engine_from_config(",
    )
    assert project.alembic("revision", "--autogenerate", "--shadow", "-m", "one").status == 0
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as connection:
        config = Config(str(project.ini), stdout=io.StringIO())
        config.attributes["connection"] = connection
        command.check(config, shadow=True)
        assert config.stdout.getvalue() == "No new upgrade operations detected.\n"
        assert config.attributes["connection"] is connection
    engine.dispose()
    assert not project.live_tables() & {"account"}


def test_env_py_running_migrations_in_a_thread_is_held_to_the_shadow(make_project, sqlite_url, tmp_path):
    """A thread started by env.py does not inherit context variables: the
    shadow run is still seen there, and a live connection still refused."""
    project = make_project(sqlite_url)
    other = f"sqlite:///{tmp_path}/elsewhere.db"
    project.edit_env(
        "    connectable = engine_from_config(\n"
        "        config.get_section(config.config_ini_section, {}),",
        "    import threading\n"
        "    errors = []\n"
        "    def target():\n"
        "        try:\n"
        "            inner()\n"
        "        except BaseException as err:\n"
        "            errors.append(err)\n"
        "    thread = threading.Thread(target=target)\n"
        "    thread.start()\n"
        "    thread.join()\n"
        "    if errors:\n"
        "        raise errors[0]\n"
        "\n"
        "\n"
        "def inner():\n"
        f"    connectable = engine_from_config(\n"
        f"        {{'sqlalchemy.url': {other!r}}},",
    )
    result = project.alembic("check", "--shadow")
    assert result.status == 255
    assert result.out.startswith(f"FAILED: env.py connected to sqlite:///{tmp_path}/elsewhere.db during a shadow run")
