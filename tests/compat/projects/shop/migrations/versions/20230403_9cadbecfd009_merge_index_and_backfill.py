"""merge index and backfill

Revision ID: 9cadbecfd009
Revises: 7a8b9cadbe07, 8b9cadbecf08
Create Date: 2023-04-03 09:00:00.000000

"""

revision = "9cadbecfd009"
down_revision = ("7a8b9cadbe07", "8b9cadbecf08")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
