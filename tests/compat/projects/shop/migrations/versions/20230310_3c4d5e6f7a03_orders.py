"""orders

Revision ID: 3c4d5e6f7a03
Revises: 2b3c4d5e6f02
Create Date: 2023-03-10 09:00:00.000000

"""

import sqlalchemy as sa

from alembic import op

revision = "3c4d5e6f7a03"
down_revision = "2b3c4d5e6f02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_orders_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orders_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_check_constraint(
            "ck_orders_status", "status IN ('new', 'paid', 'shipped')"
        )


def downgrade():
    op.drop_table("orders")
