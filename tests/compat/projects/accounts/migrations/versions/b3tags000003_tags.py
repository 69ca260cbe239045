"""tags (branch two)

Revision ID: b3tags000003
Revises: a1f0c0de0001
Create Date: 2024-01-03 11:00:00

"""

import sqlalchemy as sa

from alembic import op

revision = "b3tags000003"
down_revision = "a1f0c0de0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("label", name=op.f("uq_tags_label")),
    )


def downgrade():
    op.drop_table("tags")
