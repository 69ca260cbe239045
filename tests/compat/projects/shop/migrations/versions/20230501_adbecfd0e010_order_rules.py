"""order rules

Revision ID: adbecfd0e010
Revises: 9cadbecfd009
Create Date: 2023-05-01 09:00:00.000000

"""

import sqlalchemy as sa

from alembic import op

revision = "adbecfd0e010"
down_revision = "9cadbecfd009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("referrer_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("ck_orders_status", type_="check")
        batch_op.create_check_constraint(
            "ck_orders_status", "status IN ('new', 'paid', 'shipped', 'cancelled')"
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            server_default="new",
            existing_nullable=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_referrer_id_customers"),
            "customers",
            ["referrer_id"],
            ["id"],
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.alter_column(
            "phone", existing_type=sa.String(length=30), nullable=False
        )


def downgrade():
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.alter_column(
            "phone", existing_type=sa.String(length=30), nullable=True
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_orders_referrer_id_customers"), type_="foreignkey"
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            server_default=None,
            existing_nullable=False,
        )
        batch_op.drop_constraint("ck_orders_status", type_="check")
        batch_op.create_check_constraint(
            "ck_orders_status", "status IN ('new', 'paid', 'shipped')"
        )
        batch_op.drop_column("referrer_id")
        batch_op.drop_column("note")
