"""Issue 11 items 6 and 12: a missing ``downgrade()`` stops a run before
anything is written or applied, and with ``--sql`` the FAILED line never
lands in the SQL script on stdout.  Expected stdout texts were taken from
Alembic 1.20.1 (bench/.venv-ref) on the same projects; where Alembic prints
a traceback ours prints one FAILED line, with Alembic's exit status 1 for
the missing function (checked with the reference CLI)."""

from __future__ import annotations

import sqlite3

FIRST = '''\
"""one

Revision ID: aaa
"""
from alembic import op
import sqlalchemy as sa

revision = "aaa"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer))


def downgrade():
    op.drop_table("t")
'''

SECOND_HEAD = '''\
"""two

Revision ID: bbb
"""
from alembic import op
import sqlalchemy as sa

revision = "bbb"
down_revision = "aaa"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("t", sa.Column("x", sa.Integer))
'''

NO_DOWNGRADE = SECOND_HEAD

FAILS_MIDWAY = SECOND_HEAD + '''\
    with op.batch_alter_table("t") as batch:
        batch.alter_column("x", type_=sa.String(5))


def downgrade():
    pass
'''


def _two_revisions(project, second: str) -> None:
    (project.versions / "aaa_one.py").write_text(FIRST, encoding="utf-8")
    (project.versions / "bbb_two.py").write_text(second, encoding="utf-8")


def test_offline_downgrade_without_downgrade_writes_nothing(project):
    """Alembic 1.20.1 writes no SQL (before: ``-- Running downgrade bbb ->
    aaa`` came first); it fails with a traceback, ours with one line."""
    _two_revisions(project, NO_DOWNGRADE)
    result = project.sub("downgrade", "bbb:base", "--sql")
    assert result.code == 1
    # no SQL at all; the one line stands where Alembic's traceback did
    assert result.out == (
        f"FAILED: Revision bbb ({project.versions / 'bbb_two.py'}) has no downgrade() "
        "function; add one to the file (its body may be just `pass`) to downgrade "
        "through it\n"
    )


def test_online_downgrade_without_downgrade_changes_nothing(project):
    """As in Alembic 1.20.1: the run stops before the first step, the
    database keeps table t with its column x and the version row bbb."""
    _two_revisions(project, NO_DOWNGRADE)
    assert project.sub("upgrade", "head").code == 0
    result = project.sub("downgrade", "base")
    assert result.code == 1
    assert "has no downgrade() function" in result.out
    conn = sqlite3.connect(project.root / "app.db")
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("bbb",)]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(t)")]
    finally:
        conn.close()
    assert columns == ["id", "x"]


SQL_BEFORE_THE_ERROR = """\
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, \n\
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> aaa

CREATE TABLE t (
    id INTEGER
);

INSERT INTO alembic_version (version_num) VALUES ('aaa') RETURNING version_num;

-- Running upgrade aaa -> bbb

ALTER TABLE t ADD COLUMN x INTEGER;

"""


def test_error_during_sql_output_goes_to_stderr(project):
    """The SQL up to the failing operation is Alembic 1.20.1's stdout; its
    ``FAILED:`` line followed on stdout, ours is on stderr."""
    _two_revisions(project, FAILS_MIDWAY)
    result = project.sub("upgrade", "head", "--sql")
    assert result.code == 255
    assert result.out == SQL_BEFORE_THE_ERROR
    assert "FAILED: This operation cannot proceed in --sql mode" in result.err


def test_error_without_sql_stays_on_stdout(project):
    """Without --sql the FAILED line is where Alembic 1.20.1 prints it."""
    (project.versions / "aaa_one.py").write_text(FIRST, encoding="utf-8")
    result = project.sub("upgrade", "zzz")
    assert result.code == 255
    assert result.out.startswith("FAILED: Can't locate revision identified by 'zzz'")
