"""merge the two branches

Revision ID: c4merge00004
Revises: b2addr000002, b3tags000003
Create Date: 2024-01-04 10:00:00

"""

revision = "c4merge00004"
down_revision = ("b2addr000002", "b3tags000003")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
