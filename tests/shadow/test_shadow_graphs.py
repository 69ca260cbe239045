"""Shadow runs over branches, merges, ``depends_on`` and several heads; the
multidb template (one shadow per database); env.py filters in ``drift``.

The history used here::

    a1 (account) ──┬── b1 (b_t, label "feature") ──┐
                   └── c1 (c_t) ──────────────────┴── m1 (merge)
    d1 (d_t, label "other", depends_on a1)          (a second head)
"""

from __future__ import annotations

import pytest

ACCOUNT = """
op.create_table("account", sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("name", sa.String(50), nullable=False))
"""


def _table(name: str, fk: bool = False) -> str:
    column = (
        'sa.Column("account_id", sa.Integer, sa.ForeignKey("account.id"))' if fk else ""
    )
    return (
        f'op.create_table("{name}", sa.Column("id", sa.Integer, primary_key=True)'
        + (f", {column}" if column else "")
        + ")"
    )


MODELS = """
import sqlalchemy as sa
target_metadata = sa.MetaData()
sa.Table("account", target_metadata, sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("name", sa.String(50), nullable=False))
sa.Table("b_t", target_metadata, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("c_t", target_metadata, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("d_t", target_metadata, sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("account_id", sa.Integer, sa.ForeignKey("account.id")))
"""


@pytest.fixture
def branched(project):
    project.models(MODELS)
    project.write_revision("a1", None, ACCOUNT)
    project.write_revision("b1", "a1", _table("b_t"), branch_labels="('feature',)")
    project.write_revision("c1", "a1", _table("c_t"))
    project.write_revision("m1", ("b1", "c1"), "")
    project.write_revision(
        "d1", None, _table("d_t", fk=True), branch_labels="('other',)", depends_on="'a1'"
    )
    return project


def test_check_shadow_replays_every_head(branched):
    assert branched.alembic("check", "--shadow").status == 0
    branched.models(MODELS + 'sa.Table("e_t", target_metadata, sa.Column("id", sa.Integer, primary_key=True))\n')
    result = branched.alembic("check", "--shadow")
    assert result.status == 1
    assert "('add_table', Table('e_t'" in result.out


def test_revision_shadow_with_several_heads_needs_head_as_the_live_path(branched):
    """Same refusal as Alembic's live path: several heads need --head (oracle wording)."""
    branched.models(MODELS + 'sa.Table("e_t", target_metadata, sa.Column("id", sa.Integer, primary_key=True))\n')
    result = branched.alembic("revision", "--autogenerate", "--shadow", "-m", "e")
    assert result.status == 255
    assert result.out.startswith("FAILED: Multiple heads are present")
    result = branched.alembic(
        "revision", "--autogenerate", "--shadow", "-m", "e", "--head", "m1", "--rev-id", "e1"
    )
    assert result.status == 0, result.out
    text = (branched.versions / "e1_e.py").read_text()
    assert "down_revision: Union[str, Sequence[str], None] = 'm1'" in text
    assert "op.create_table('e_t'" in text
    assert "b_t" not in text and "d_t" not in text


def test_drift_replays_to_the_live_databases_own_heads(branched):
    """Live at b1 and d1 (not at m1): the shadow stops there too."""
    assert branched.alembic("upgrade", "feature@b1").status == 0
    assert branched.alembic("upgrade", "other@head").status == 0
    result = branched.alembic("drift")
    assert (result.status, result.out) == (
        0,
        "No drift: the live database matches its migration history at b1, d1.\n",
    )
    branched.execute("DROP TABLE b_t")
    result = branched.alembic("drift")
    assert result.status == 1
    assert result.out.splitlines()[0] == (
        "missing table b_t: the history creates it, the database lacks it"
    )


def test_drift_honours_include_object(project):
    assert project.alembic("revision", "--autogenerate", "-m", "one", "--rev-id", "a1").status == 0
    assert project.alembic("upgrade", "head").status == 0
    project.edit_env(
        "context.configure(connection=connection, target_metadata=target_metadata)",
        "context.configure(connection=connection, target_metadata=target_metadata,\n"
        "            include_object=lambda obj, name, type_, reflected, other: "
        "name != 'ignored_by_env')",
    )
    project.execute("CREATE TABLE ignored_by_env (x INTEGER)", "CREATE TABLE scratch (x INTEGER)")
    result = project.alembic("drift")
    assert result.status == 1
    assert "ignored_by_env" not in result.out
    assert "extra table scratch" in result.out


MULTIDB_MODELS = """
import sqlalchemy as sa
one, two = sa.MetaData(), sa.MetaData()
sa.Table("in_one", one, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("in_two", two, sa.Column("id", sa.Integer, primary_key=True))
target_metadata = {"engine1": one, "engine2": two}
"""


def test_multidb_gets_one_shadow_per_database(make_project, tmp_path, sqlite_url):
    project = make_project(sqlite_url, template="multidb", models=MULTIDB_MODELS)
    project.set_option("sqlalchemy.url", f"sqlite:///{tmp_path}/one.db", section="engine1")
    project.set_option("sqlalchemy.url", f"sqlite:///{tmp_path}/two.db", section="engine2")
    result = project.alembic("revision", "--autogenerate", "--shadow", "-m", "m", "--rev-id", "m1")
    assert result.status == 0, result.out
    text = (project.versions / "m1_m.py").read_text()
    one = text.index("def upgrade_engine1")
    two = text.index("def upgrade_engine2")
    assert one < text.index("'in_one'") < two < text.index("'in_two'")
    assert project.alembic("check", "--shadow").status == 0
    assert not (tmp_path / "one.db").exists() and not (tmp_path / "two.db").exists()

    assert project.alembic("upgrade", "head").status == 0
    assert project.alembic("drift").status == 0
    project.url = f"sqlite:///{tmp_path}/two.db"
    project.execute("CREATE TABLE scratch (x INTEGER)")
    result = project.alembic("drift")
    assert result.status == 1
    assert result.out.splitlines()[0] == (
        "extra table scratch: in the database, not made by the history"
    )


def test_multidb_on_two_servers(make_project, sqlite_url, pg_url, mysql_url, shadows_left):
    """engine1 on PostgreSQL, engine2 on MariaDB: a shadow database on each."""
    project = make_project(sqlite_url, template="multidb", models=MULTIDB_MODELS)
    project.set_option("sqlalchemy.url", pg_url.replace("%", "%%"), section="engine1")
    project.set_option("sqlalchemy.url", mysql_url.replace("%", "%%"), section="engine2")
    before = (shadows_left(pg_url), shadows_left(mysql_url))
    result = project.alembic("revision", "--autogenerate", "--shadow", "-m", "m", "--rev-id", "m2")
    assert result.status == 0, result.out
    assert project.alembic("check", "--shadow").status == 0
    assert (shadows_left(pg_url), shadows_left(mysql_url)) == before
    try:
        assert project.alembic("upgrade", "head").status == 0
        project.url = mysql_url
        project.execute("ALTER TABLE in_two ADD COLUMN extra INTEGER")
        result = project.alembic("drift")
        assert result.status == 1
        assert result.out.splitlines()[0] == (
            "extra column in_two.extra: in the database, not made by the history"
        )
    finally:
        assert project.alembic("downgrade", "base").status == 0
        for url in (pg_url, mysql_url):
            project.url = url
            project.execute("DROP TABLE IF EXISTS alembic_version")
