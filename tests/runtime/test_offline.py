"""Offline (``--sql``) runs: the exact statement sequence written out."""

from __future__ import annotations

import re

import pytest

from alembic.util.exc import CommandError

VERSION_DDL = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"
)


def statements(output: str) -> list:
    """Split SQL output into comment lines and ``;``-terminated statements,
    with white space normalised."""
    items, current = [], []
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("--") and not current:
            items.append(stripped)
            continue
        current.append(stripped)
        if stripped.endswith(";"):
            text = " ".join(current)
            text = re.sub(r"\(\s+", "(", text)
            text = re.sub(r"\s+\)", ")", text)
            text = re.sub(r"\s+", " ", text).replace(" ;", ";")
            items.append(text)
            current = []
    assert not current, f"unterminated statement: {current}"
    return items


def insert(rev: str) -> str:
    return f"INSERT INTO alembic_version (version_num) VALUES ('{rev}')"


def update(old: str, new: str) -> str:
    return (
        f"UPDATE alembic_version SET version_num='{new}' "
        f"WHERE alembic_version.version_num = '{old}';"
    )


def delete(rev: str) -> str:
    return f"DELETE FROM alembic_version WHERE alembic_version.version_num = '{rev}';"


@pytest.fixture
def chain(offline_project):
    def make(dialect="sqlite"):
        project = offline_project(dialect)
        project.table_rev("a1b2")
        project.table_rev("b2c3", "a1b2")
        project.table_rev("c3d4", "b2c3")
        return project

    return make


def strip_returning(items):
    return [re.sub(r" RETURNING version_num;$", ";", s) for s in items]


def test_upgrade_from_base_creates_version_table(chain):
    out = statements(chain("sqlite").upgrade("head", sql=True))
    assert strip_returning(out) == [
        VERSION_DDL,
        "-- Running upgrade  -> a1b2",
        "CREATE TABLE t_a1b2 (id INTEGER PRIMARY KEY);",
        insert("a1b2") + ";",
        "-- Running upgrade a1b2 -> b2c3",
        "CREATE TABLE t_b2c3 (id INTEGER PRIMARY KEY);",
        update("a1b2", "b2c3"),
        "-- Running upgrade b2c3 -> c3d4",
        "CREATE TABLE t_c3d4 (id INTEGER PRIMARY KEY);",
        update("b2c3", "c3d4"),
    ]


def test_upgrade_range_starts_from_given_revision(chain):
    out = statements(chain("sqlite").upgrade("a1b2:c3d4", sql=True))
    assert out == [
        "-- Running upgrade a1b2 -> b2c3",
        "CREATE TABLE t_b2c3 (id INTEGER PRIMARY KEY);",
        update("a1b2", "b2c3"),
        "-- Running upgrade b2c3 -> c3d4",
        "CREATE TABLE t_c3d4 (id INTEGER PRIMARY KEY);",
        update("b2c3", "c3d4"),
    ]


def test_postgresql_wraps_in_begin_commit(chain):
    out = statements(chain("postgresql+psycopg").upgrade("b2c3:c3d4", sql=True))
    assert out == [
        "BEGIN;",
        "-- Running upgrade b2c3 -> c3d4",
        "CREATE TABLE t_c3d4 (id INTEGER PRIMARY KEY);",
        update("b2c3", "c3d4"),
        "COMMIT;",
    ]


def test_transaction_per_migration_offline(chain):
    project = chain("postgresql+psycopg")
    project.configure_kw = {"transaction_per_migration": True}
    out = statements(project.upgrade("a1b2:c3d4", sql=True))
    assert [s for s in out if s in ("BEGIN;", "COMMIT;")] == ["BEGIN;", "COMMIT;"] * 2
    assert out[0] == "BEGIN;" and out[4] == "COMMIT;" and out[5] == "BEGIN;"


def test_downgrade_range_to_base_deletes_without_drop(chain):
    out = statements(chain("sqlite").downgrade("c3d4:base", sql=True))
    assert out == [
        "-- Running downgrade c3d4 -> b2c3",
        "DROP TABLE t_c3d4;",
        update("c3d4", "b2c3"),
        "-- Running downgrade b2c3 -> a1b2",
        "DROP TABLE t_b2c3;",
        update("b2c3", "a1b2"),
        "-- Running downgrade a1b2 ->",  # (trailing space stripped)
        "DROP TABLE t_a1b2;",
        delete("a1b2"),
    ]
    assert not any("DROP TABLE alembic_version" in s for s in out)


def test_stamp_sql_from_base_and_range(chain):
    project = chain("sqlite")
    out = strip_returning(statements(project.stamp(["b2c3"], sql=True)))
    assert out == [
        VERSION_DDL,
        "-- Running stamp_revision  -> b2c3",
        insert("b2c3") + ";",
    ]
    out = statements(project.stamp(["a1b2:c3d4"], sql=True))
    assert out == ["-- Running stamp_revision a1b2 -> c3d4", update("a1b2", "c3d4")]


def test_purge_with_sql_is_refused(chain):
    with pytest.raises(CommandError, match=r"^Can't use --purge with --sql mode$"):
        chain("sqlite").stamp(["b2c3"], sql=True, purge=True)


def test_offline_heads_and_starting_revision(chain):
    project = chain("sqlite")
    seen = {}

    def fn(heads, context):
        from alembic import context as env

        seen["heads"] = heads
        seen["start"] = env.get_starting_revision_argument()
        seen["dest"] = env.get_revision_argument()
        seen["head"] = env.get_head_revision()
        return []

    project.run(fn, as_sql=True, starting_rev="b2c3", destination_rev="head")
    assert seen == {"heads": ("b2c3",), "start": "b2c3", "dest": "c3d4", "head": "c3d4"}


def test_autocommit_block_offline_postgresql(offline_project):
    project = offline_project("postgresql+psycopg")
    project.rev(
        "a1b2",
        upgrade=[
            "with op.get_context().autocommit_block():",
            '    op.execute("CREATE INDEX CONCURRENTLY ix ON t (x)")',
        ],
    )
    out = statements(project.upgrade("head", sql=True))
    i = out.index("CREATE INDEX CONCURRENTLY ix ON t (x);")
    assert out[i - 1] == "COMMIT;" and out[i + 1] == "BEGIN;"
    assert out[0] == "BEGIN;" and out[-1] == "COMMIT;"


def test_run_log_offline(chain, runtime_log):
    chain("sqlite").upgrade("a1b2:b2c3", sql=True)
    log = runtime_log()
    assert log[:3] == [
        "Context impl SQLiteImpl.",
        "Generating static SQL",
        "Will assume non-transactional DDL.",
    ]
    assert "Running upgrade a1b2 -> b2c3, rev b2c3" in log


def test_version_table_without_primary_key(chain):
    project = chain("sqlite")
    project.configure_kw = {"version_table_pk": False, "version_table": "vt"}
    out = statements(project.upgrade("base:a1b2", sql=True))
    assert out[0] == "CREATE TABLE vt (version_num VARCHAR(32) NOT NULL);"
    assert out[-1].startswith("INSERT INTO vt (version_num) VALUES ('a1b2')")


def test_tag_argument_reaches_env(chain):
    project = chain("sqlite")
    seen = []
    project.run(
        lambda heads, ctx: seen.append(__import__("alembic").context.get_tag_argument())
        or [],
        as_sql=True,
        tag="release-7",
    )
    assert seen == ["release-7"]
