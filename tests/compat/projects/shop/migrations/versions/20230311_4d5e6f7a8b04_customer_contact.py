"""customer contact

Revision ID: 4d5e6f7a8b04
Revises: 2b3c4d5e6f02
Create Date: 2023-03-11 09:00:00.000000

"""

import sqlalchemy as sa

from alembic import op

revision = "4d5e6f7a8b04"
down_revision = "2b3c4d5e6f02"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=30), nullable=True))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=100),
            type_=sa.String(length=150),
            existing_nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=True)


def downgrade():
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_email"))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=150),
            type_=sa.String(length=100),
            existing_nullable=False,
        )
        batch_op.drop_column("phone")
