"""create users

Revision ID: a1f0c0de0001
Revises:
Create Date: 2024-01-02 10:00:00

"""

import sqlalchemy as sa

from alembic import op

revision = "a1f0c0de0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )


def downgrade():
    op.drop_table("users")
