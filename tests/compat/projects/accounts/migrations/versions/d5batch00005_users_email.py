"""users: email column, unique index, longer names (batch mode)

Revision ID: d5batch00005
Revises: c4merge00004
Create Date: 2024-01-05 10:00:00

"""

import sqlalchemy as sa

from alembic import op

revision = "d5batch00005"
down_revision = "c4merge00004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=120), nullable=True))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=40),
            type_=sa.String(length=50),
            existing_nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_users_email"), ["email"], unique=True)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_email"))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=50),
            type_=sa.String(length=40),
            existing_nullable=False,
        )
        batch_op.drop_column("email")
