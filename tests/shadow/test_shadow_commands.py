"""``revision --autogenerate --shadow``, ``check --shadow`` and ``drift`` on
SQLite, PostgreSQL and MariaDB, through the real command line.

The live path's outputs are the reference: the shadow path must write the
very file that ``revision --autogenerate`` writes against a live database
at head.  ``check``'s message text is Alembic 1.20.1's (observed from the
oracle: ``FAILED: New upgrade operations detected: [...]`` and ``No new
upgrade operations detected.``).
"""

from __future__ import annotations

import pathlib
import re


def _without_date(text: str) -> str:
    return re.sub(r"Create Date: .*", "Create Date: <date>", text)


def test_shadow_revision_writes_the_file_the_live_path_writes(project, shadows_left):
    """With the live database empty (at base), --shadow writes the same
    revision as autogenerate against a live database at head."""
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    assert project.alembic("upgrade", "head").status == 0
    project.models(project.MODELS_V2)
    assert project.alembic("revision", "--autogenerate", "-m", "two", "--rev-id", "b2").status == 0
    live_file = project.versions / "b2_two.py"
    live_text = _without_date(live_file.read_text())
    live_file.unlink()
    assert project.alembic("downgrade", "base").status == 0

    before = shadows_left(project.url)
    result = project.alembic("revision", "--autogenerate", "--shadow", "-m", "two", "--rev-id", "b2")
    assert result.status == 0, result.out
    assert _without_date(live_file.read_text()) == live_text
    assert "op.create_table('orders'" in live_text
    assert not project.live_tables() & {"account", "orders"}
    assert shadows_left(project.url) == before


def test_check_shadow_exits_1_with_pending_changes_and_0_without(project, shadows_left):
    """Pending operations: Alembic's FAILED line, exit status 1 (the live
    check's status stays 255); none: Alembic's 'No new upgrade operations
    detected.' and 0.  The live database is never touched."""
    result = project.alembic("check", "--shadow")
    assert result.status == 1
    assert result.out.startswith("FAILED: New upgrade operations detected: [('add_table',")
    assert project.alembic("revision", "--autogenerate", "--shadow", "-m", "one").status == 0
    result = project.alembic("check", "--shadow")
    assert (result.status, result.out) == (0, "No new upgrade operations detected.\n")
    project.models(project.MODELS_V2)
    assert project.alembic("check", "--shadow").status == 1
    assert project.live_tables() == set()
    assert shadows_left(project.url) == []


def test_live_check_keeps_alembic_status(project):
    """Without --shadow nothing changes: 'Target database is not up to date.'
    exits 255 (oracle; our message goes on to say what to do)."""
    assert project.alembic("revision", "--autogenerate", "--shadow", "-m", "one").status == 0
    result = project.alembic("check")
    assert result.status == 255
    assert result.out.startswith("FAILED: Target database is not up to date.")


def test_shadow_key_makes_it_the_default_and_no_shadow_overrides(project):
    project.set_option("shadow", "true")
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    assert project.alembic("check").status == 0
    assert project.alembic("check", "--no-shadow").status == 255  # live db at base
    assert not project.live_tables() & {"account", "orders"}


def test_drift_reports_a_hand_made_alter_table(project):
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    assert project.alembic("upgrade", "head").status == 0
    result = project.alembic("drift")
    assert result.status == 0
    assert result.out == "No drift: the live database matches its migration history at a1.\n"

    project.execute("ALTER TABLE account ADD COLUMN nickname VARCHAR(20)")
    result = project.alembic("drift")
    assert result.status == 1
    assert result.out.splitlines() == [
        "extra column account.nickname: in the database, not made by the history",
        (
            "FAILED: Drift detected: 1 difference(s) between the live database and its "
            "migration history at a1"
        ),
    ]
    result = project.alembic("drift", "--sql")
    assert result.status == 1
    assert result.out.splitlines() == [
        "-- extra column account.nickname: in the database, not made by the history",
        "ALTER TABLE account DROP COLUMN nickname;",
    ]  # the FAILED line went to stderr: stdout is a valid script


def test_drift_reports_missing_and_extra_tables(project):
    project.models(project.MODELS_V2)
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    assert project.alembic("upgrade", "head").status == 0
    project.execute("DROP TABLE orders", "CREATE TABLE scratch (x INTEGER)")
    result = project.alembic("drift")
    assert result.status == 1
    lines = result.out.splitlines()
    assert "extra table scratch: in the database, not made by the history" in lines
    assert "missing table orders: the history creates it, the database lacks it" in lines


def test_drift_at_base_compares_with_an_empty_history(project):
    """A live database without version table: the history's schema is empty."""
    assert project.alembic("revision", "--autogenerate", "-m", "one").status == 0
    project.execute("CREATE TABLE scratch (x INTEGER)")
    result = project.alembic("drift")
    assert result.status == 1
    assert "extra table scratch" in result.out
    assert "history at base" in result.out


RICH_MODELS = """
import sqlalchemy as sa
target_metadata = sa.MetaData()
sa.Table("account", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False, server_default="anon"),
    sa.Column("email", sa.String(100), index=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created", sa.DateTime, server_default=sa.func.now()),
    sa.Column("kind", sa.Enum("a", "b", name="account_kind")),
    sa.Column("notes", sa.Text),
    sa.Column("score", sa.Numeric(8, 2)),
    sa.UniqueConstraint("name", "email", name="uq_account_name_email"),
)
sa.Table("orders", target_metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("account_id", sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
    sa.Column("total", sa.Numeric(10, 2), nullable=False),
    sa.Index("ix_orders_account_total", "account_id", "total"),
)
"""


def test_drift_sees_no_difference_in_an_untouched_rich_schema(project):
    """Reflected history against reflected live database: server defaults,
    enums, unique constraints, composite indexes and foreign keys compare
    equal when nobody touched the database."""
    project.models(RICH_MODELS)
    assert project.alembic("revision", "--autogenerate", "-m", "rich").status == 0
    assert project.alembic("upgrade", "head").status == 0
    result = project.alembic("drift")
    assert result.status == 0, result.out
    if project.url.startswith("sqlite"):
        project.execute("ALTER TABLE account DROP COLUMN notes")
        expected = "missing column account.notes: the history creates it, the database lacks it"
    else:
        project.execute(
            "ALTER TABLE account ALTER COLUMN notes SET NOT NULL"
            if project.url.startswith("postgresql")
            else "ALTER TABLE account MODIFY notes TEXT NOT NULL"
        )
        expected = "changed column account.notes: nullable is False in the database, True in the history"
    result = project.alembic("drift")
    assert result.status == 1
    assert result.out.splitlines()[0] == expected


def test_drift_words_a_changed_type(make_project, pg_url):
    project = make_project(pg_url)
    assert project.alembic("revision", "--autogenerate", "-m", "one").status == 0
    assert project.alembic("upgrade", "head").status == 0
    project.execute("ALTER TABLE account ALTER COLUMN name TYPE VARCHAR(80)")
    result = project.alembic("drift", "--sql")
    project.execute("DROP TABLE account", "DROP TABLE alembic_version")
    assert result.status == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        "-- changed column account.name: type is VARCHAR(80) in the database, "
        "VARCHAR(50) in the history"
    )
    assert "ALTER TABLE account ALTER COLUMN name TYPE VARCHAR(50);" in lines


def test_shadow_key_in_pyproject_toml(make_project, sqlite_url, tmp_path):
    project = make_project(sqlite_url, template="pyproject")
    toml = project.root / "pyproject.toml"
    toml.write_text(toml.read_text().replace("[tool.alembic]\n", "[tool.alembic]\nshadow = true\n", 1))
    project.config_argv += ["-c", str(toml)]
    assert project.alembic("revision", "--autogenerate", "-m", "one").status == 0
    assert project.alembic("check").status == 0
    assert not pathlib.Path(sqlite_url.split("///", 1)[1]).exists()


def test_shadow_key_that_is_not_a_boolean(project):
    project.set_option("shadow", "sometimes")
    result = project.alembic("check")
    assert (result.status, result.out) == (
        255,
        "FAILED: shadow = 'sometimes' in the configuration: write true or false\n",
    )


def test_drift_help_explains_its_sql_flag(make_project, sqlite_url, capsys):
    """``--sql`` keeps Alembic's help text everywhere else (oracle: upgrade --help)."""
    project = make_project(sqlite_url)
    for argv, text in (
        (["drift", "--help"], "Also print the SQL statements that bring the live database"),
        (["upgrade", "--help"], "Don't emit SQL to database - dump to standard output/file"),
    ):
        project.alembic(*argv)
        assert text in " ".join(capsys.readouterr().out.split())
