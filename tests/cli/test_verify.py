"""``alembic verify`` and ``alembic history --applied`` on SQLite, PostgreSQL, MariaDB.

The applied-migrations history is written by upgrade/downgrade/stamp (the
runtime layer); some tests write rows with ``alembic.runtime.history``
directly to pin down what verify reads independently of that.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from alembic.runtime import history as hist
from alembic.util.applied_log import TURN_ON

#: The line ``alembic init`` writes; projects without it get no history table.
HISTORY_ON = "migration_history = true\n"


def failed(result) -> str:
    lines = [line for line in result.out.splitlines() if line.startswith("FAILED:")]
    assert result.code == 255 and len(lines) == 1, result
    return lines[0]


def wipe(url: str, schema: str | None = None) -> None:
    """Drop every table (and the schema's tables) so the next test starts empty."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, schema=schema)
        meta.drop_all(conn)
    engine.dispose()


def table_names(url: str, schema: str | None = None) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names(schema=schema))
    finally:
        engine.dispose()


def history_rows(url: str, schema: str | None = None) -> list:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            table = hist.history_table(hist.HistorySettings(schema=schema))
            return hist.read_history(conn, table)
    finally:
        engine.dispose()


def seed(url: str, path, rev: str, schema: str | None = None) -> None:
    """Record ``rev`` as upgraded from ``path``'s current content."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        table = hist.history_table(hist.HistorySettings(schema=schema))
        hist.ensure_history_table(conn, table)
        hist.record_step(
            conn,
            table,
            revision=[rev],
            down_revision=[],
            direction="upgrade",
            checksum=hist.file_checksum(str(path)),
            duration_ms=7,
        )
    engine.dispose()


@pytest.fixture
def chain(make_project, any_db_url):
    project = make_project(any_db_url, extra_config=HISTORY_ON)
    project.paths = {
        "aaaa1111": project.add("aaaa1111"),
        "bbbb2222": project.add("bbbb2222", "aaaa1111"),
    }
    yield project
    wipe(any_db_url)


def test_verify_after_upgrade_passes(chain):
    assert chain.run("upgrade", "head").code == 0
    result = chain.run("verify")
    assert result.code == 0, result
    assert result.lines == ["2 applied revisions match their files."]


def test_edited_revision_fails_naming_it_and_the_fix(chain):
    chain.run("upgrade", "head")
    path = chain.paths["aaaa1111"]
    path.write_text(path.read_text() + "\n# changed after it was applied\n")
    line = failed(chain.run("verify"))
    assert "revision aaaa1111" in line and str(path) in line
    assert "bbbb2222" not in line
    assert "alembic verify --accept <rev>" in line


def test_line_endings_and_trailing_spaces_are_not_edits(chain):
    chain.run("upgrade", "head")
    path = chain.paths["bbbb2222"]
    text = path.read_text()
    path.write_bytes(
        "\r\n".join(line + "   " for line in text.split("\n")).encode("utf-8")
    )
    result = chain.run("verify")
    assert result.code == 0, result
    assert "2 applied revisions match" in result.out


def test_missing_applied_revision_fails(chain):
    chain.run("upgrade", "head")
    chain.paths["bbbb2222"].unlink()
    line = failed(chain.run("verify"))
    assert "revision bbbb2222 is applied" in line
    assert "no revision file defines it" in line


def test_accept_records_the_edit_and_verify_passes_again(chain):
    chain.run("upgrade", "head")
    path = chain.paths["aaaa1111"]
    path.write_text(path.read_text().replace("step aaaa1111", "first step, reworded"))
    failed(chain.run("verify"))
    accepted = chain.run("verify", "--accept", "aaaa1111")
    assert accepted.code == 0, accepted
    assert "Accepted the current file of revision aaaa1111" in accepted.out
    assert "2 applied revisions match their files." in accepted.out
    rows = history_rows(chain.url)
    assert rows[-1].direction == "accept"
    assert rows[-1].revision == "aaaa1111"
    assert rows[-1].checksum == hist.file_checksum(str(path))
    assert chain.run("verify").code == 0


def test_accept_all_accepts_every_edited_revision(chain):
    chain.run("upgrade", "head")
    for path in chain.paths.values():
        path.write_text(path.read_text() + "\n# edit\n")
    line = failed(chain.run("verify"))
    assert "aaaa1111" in line and "bbbb2222" in line
    result = chain.run("verify", "--accept", "all")
    assert result.code == 0, result
    assert {r.revision for r in history_rows(chain.url) if r.direction == "accept"} == {
        "aaaa1111",
        "bbbb2222",
    }


def test_accept_refuses_a_revision_that_is_not_applied(chain):
    chain.run("upgrade", "aaaa1111")
    line = failed(chain.run("verify", "--accept", "bbbb2222"))
    assert "bbbb2222" in line and "not applied" in line
    assert all(r.direction != "accept" for r in history_rows(chain.url))


def test_verify_on_an_empty_database_changes_nothing(chain):
    result = chain.run("verify")
    assert result.code == 0, result
    assert "nothing to verify" in result.out
    assert table_names(chain.url) == set()


def test_history_applied_lists_each_step(chain):
    chain.run("upgrade", "head")
    chain.run("downgrade", "-1")
    result = chain.run("history", "--applied")
    assert result.code == 0, result
    lines = result.lines
    assert len(lines) == 3
    pattern = re.compile(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  (upgrade|downgrade)\s+(\w+)  success  "
        r"\d+ ms  checksum ([0-9a-f]{12})  alembic \S+$"
    )
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m.group(1), m.group(2)) for m in parsed] == [
        ("upgrade", "aaaa1111"),
        ("upgrade", "bbbb2222"),
        ("downgrade", "bbbb2222"),
    ]
    expected = hist.file_checksum(str(chain.paths["aaaa1111"]))[:12]
    assert parsed[0].group(3) == expected


def test_history_applied_without_a_table_says_so(chain):
    result = chain.run("history", "--applied")
    assert result.code == 0, result
    assert len(result.lines) == 1
    assert "No applied-migration history" in result.out
    assert "alembic_version_history" in result.out


def test_history_applied_refuses_a_range(chain):
    line = failed(chain.run("history", "--applied", "-r", "base:head"))
    assert "--applied" in line and "rev-range" in line


def test_seeded_history_is_what_verify_reads(chain):
    """Independent of the runtime's recording: rows written here are checked."""
    seed(chain.url, chain.paths["aaaa1111"], "aaaa1111")
    result = chain.run("verify")
    assert result.code == 0, result
    assert result.lines == ["1 applied revisions match their files."]
    path = chain.paths["aaaa1111"]
    path.write_text(path.read_text().replace('"t_aaaa1111"', '"t_renamed"'))
    assert "revision aaaa1111" in failed(chain.run("verify"))


def test_history_turned_off(make_project, sqlite_url):
    project = make_project(sqlite_url, extra_config="migration_history = false\n")
    project.add("aaaa1111")
    line = failed(project.run("verify"))
    assert line == f"FAILED: verify needs the applied-migration history: {TURN_ON}"
    result = project.run("history", "--applied")
    assert result.code == 0 and result.lines == [
        f"No applied-migration history: {TURN_ON}."
    ]


def test_existing_configuration_gets_exactly_alembics_tables(make_project, any_db_url):
    """A configuration without ``migration_history`` (every project made by
    Alembic's own ``init``): ``upgrade`` leaves the tables Alembic 1.20.1
    leaves (observed: ``alembic_version`` and the migration's table), and
    verify / history --applied say in one line how to turn the history on."""
    project = make_project(any_db_url, subdir="plain")
    project.add("aaaa1111")
    try:
        assert project.run("upgrade", "head").code == 0
        assert table_names(any_db_url) == {"alembic_version", "t_aaaa1111"}
        assert failed(project.run("verify")).endswith(TURN_ON)
        shown = project.run("history", "--applied")
        assert shown.lines == [f"No applied-migration history: {TURN_ON}."]
    finally:
        wipe(any_db_url)


def test_python_api_accepts_a_single_revision_string(chain, tmp_path):
    from alembic import command
    from alembic.config import Config

    chain.run("upgrade", "head")
    path = chain.paths["bbbb2222"]
    path.write_text(path.read_text() + "\n# edit\n")
    config = Config(str(chain.root / "alembic.ini"))
    with pytest.raises(Exception) as info:
        command.verify(config)
    assert type(info.value).__name__ == "ChecksumMismatch"
    assert [p.revision for p in info.value.problems] == ["bbbb2222"]
    command.verify(config, accept="bbbb2222")
    command.verify(config)


def test_cli_accept_takes_several_revisions():
    from alembic.cli import CommandLine

    options = CommandLine(prog="alembic").parser.parse_args(
        ["verify", "--accept", "a1", "b2"]
    )
    assert options.accept == ["a1", "b2"]
    plain = CommandLine(prog="alembic").parser.parse_args(["verify"])
    assert plain.accept is None
    history = CommandLine(prog="alembic").parser.parse_args(["history", "--applied"])
    assert history.applied is True


def test_history_lives_in_the_version_table_schema(make_project, pg_url):
    """With ``version_table_schema`` the history is read from that schema (PostgreSQL)."""
    project = make_project(pg_url, subdir="schema_proj", extra_config=HISTORY_ON)
    env_py = project.scripts / "env.py"
    env_py.write_text(
        env_py.read_text().replace(
            "context.configure(connection=connection, target_metadata=target_metadata)",
            "context.configure(connection=connection, target_metadata=target_metadata, "
            "version_table_schema='vschema')",
        )
    )
    path = project.add("aaaa1111")
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA vschema"))
    try:
        seed(pg_url, path, "aaaa1111", schema="vschema")
        assert "alembic_version_history" not in table_names(pg_url)
        result = project.run("verify")
        assert result.lines == ["1 applied revisions match their files."], result
        shown = project.run("history", "--applied")
        assert shown.code == 0 and len(shown.lines) == 1, shown
        assert " upgrade   aaaa1111  success  7 ms" in shown.out
        path.write_text(path.read_text() + "\n# edit\n")
        assert "revision aaaa1111" in failed(project.run("verify"))
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA vschema CASCADE"))
        engine.dispose()
        wipe(pg_url)


def test_database_migrated_without_history_says_so(chain):
    chain.run("upgrade", "head")
    engine = sa.create_engine(chain.url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE alembic_version_history"))
    engine.dispose()
    result = chain.run("verify")
    assert result.code == 0, result
    assert (
        "The database is at bbbb2222 but table 'alembic_version_history'" in result.out
    )
    assert "nothing to verify" in result.out
