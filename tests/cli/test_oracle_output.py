"""Output details confirmed against Alembic 1.20.1 with tools/oracle_diff.py."""

from __future__ import annotations

import pytest

LOGGING_PREFIX = """\
import logging, sys
logging.basicConfig(
    stream=sys.stderr, level=logging.INFO, format="%(levelname)-5.5s [%(name)s] %(message)s"
)
"""


def test_failure_is_also_logged_when_env_py_configured_logging(project):
    env = project.scripts / "env.py"
    env.write_text(LOGGING_PREFIX + env.read_text())
    project.add("aaaa1111")
    result = project.sub("upgrade", "zzzz", "--sql")
    assert result.code == 255
    assert (
        result.out.splitlines()[-1]
        == "FAILED: Can't locate revision identified by 'zzzz'"
        "; run 'alembic history' to list the revisions"
    )
    assert result.err.splitlines()[-1] == (
        "ERROR [alembic.util.messaging] Can't locate revision identified by 'zzzz'"
        "; run 'alembic history' to list the revisions"
    )


def test_failure_without_logging_leaves_stderr_empty(project):
    project.add("aaaa1111")
    result = project.sub("show", "zzzz")
    assert result.code == 255
    assert result.out == (
        "FAILED: Can't locate revision identified by 'zzzz'"
        "; run 'alembic history' to list the revisions\n"
    )
    assert result.err == ""


@pytest.mark.parametrize(
    "template, config, line",
    [
        ("generic", "alembic.ini", "# ruff.module = ruff"),
        ("async", "alembic.ini", "# ruff.module = ruff"),
        ("multidb", "alembic.ini", "# ruff.module = ruff"),
        ("pyproject", "pyproject.toml", '# module = "ruff"'),
        ("pyproject_async", "pyproject.toml", '# module = "ruff"'),
    ],
)
def test_templates_show_the_module_hook_runner(
    run_cli, tmp_path, template, config, line
):
    result = run_cli(tmp_path, "init", "-t", template, "migrations")
    assert result.code == 0, result.out
    assert line in (tmp_path / config).read_text().splitlines()


def test_missing_config_keeps_alembic_text_first(run_sub, tmp_path):
    result = run_sub(tmp_path, "-c", "nowhere.ini", "heads")
    assert result.code == 255
    assert result.out.startswith(
        "FAILED: No 'script_location' key found in configuration. Config file 'nowhere.ini' not found"
    )


@pytest.mark.parametrize("rows", [("bbbb2222", "aaaa1111"), ("aaaa1111", "bbbb2222")])
def test_current_lists_heads_in_version_table_order(project, rows):
    import sqlite3

    project.add("aaaa1111", labels="one")
    project.add("bbbb2222", labels="two")
    db = sqlite3.connect(project.root / "app.db")
    db.execute(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
    )
    db.executemany("INSERT INTO alembic_version VALUES (?)", [(r,) for r in rows])
    db.commit()
    db.close()
    result = project.run("current")
    assert result.code == 0, result.out
    # as Alembic 1.20.1: no branch labels in `current`'s short form
    assert result.lines == [f"{r} (head)" for r in rows]


def test_help_texts_match_alembic(run_sub, tmp_path):
    env = {"COLUMNS": "200"}
    top = run_sub(tmp_path, "--help", env=env).out
    assert (
        "Name of section in .ini file to use for Alembic config "
        "(only applies to configparser config, not toml)"
    ) in " ".join(top.split())
    current = run_sub(tmp_path, "current", "--help", env=env).out
    assert (
        "Check if all head revisions are applied to the database. "
        "Exit with an error code if this is not the case."
    ) in " ".join(current.split())
