"""backfill phone

Revision ID: 8b9cadbecf08
Revises: 6f7a8b9cad06
Create Date: 2023-04-02 10:00:00.000000

"""

import logging

import sqlalchemy as sa

from alembic import context, op

revision = "8b9cadbecf08"
down_revision = "6f7a8b9cad06"
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


log = logging.getLogger("alembic.runtime.migration")


def upgrade():
    if context.is_offline_mode():
        op.execute("UPDATE customers SET phone = 'unknown' WHERE phone IS NULL")
        return
    bind = op.get_bind()
    log.info("backfilling phone numbers on %s", bind.engine.name)
    bind.execute(
        sa.text("UPDATE customers SET phone = :phone WHERE phone IS NULL"),
        {"phone": "unknown"},
    )
    schema = op.get_context().version_table_schema
    version_table = f"{schema}.alembic_version" if schema else "alembic_version"
    count = bind.execute(sa.text(f"SELECT COUNT(*) FROM {version_table}")).scalar()
    impl = context.get_impl()
    note(
        f"engine {bind.engine.name}; impl {impl.dialect.name}; "
        f"{count} version row(s) in {version_table}"
    )


def downgrade():
    forget_notes()
    op.execute("UPDATE customers SET phone = NULL WHERE phone = 'unknown'")
