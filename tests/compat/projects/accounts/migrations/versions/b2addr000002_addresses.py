"""addresses (branch one)

Revision ID: b2addr000002
Revises: a1f0c0de0001
Create Date: 2024-01-03 10:00:00

"""

import sqlalchemy as sa

from alembic import op

revision = "b2addr000002"
down_revision = "a1f0c0de0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("street", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_addresses_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
    )


def downgrade():
    op.drop_table("addresses")
