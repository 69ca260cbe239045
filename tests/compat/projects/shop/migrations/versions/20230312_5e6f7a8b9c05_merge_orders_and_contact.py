"""merge orders and contact

Revision ID: 5e6f7a8b9c05
Revises: 3c4d5e6f7a03, 4d5e6f7a8b04
Create Date: 2023-03-12 09:00:00.000000

"""

import sqlalchemy as sa

from alembic import op

revision = "5e6f7a8b9c05"
down_revision = ("3c4d5e6f7a03", "4d5e6f7a8b04")
branch_labels = None
depends_on = None

notes = sa.table(
    "schema_notes",
    sa.column("revision", sa.String),
    sa.column("note", sa.String),
)


def note(text):
    op.execute(notes.insert().values(revision=revision, note=text))


def forget_notes():
    op.execute(notes.delete().where(notes.c.revision == revision))


def upgrade():
    note("merged on " + op.get_bind().dialect.name)


def downgrade():
    forget_notes()
