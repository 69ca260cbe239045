"""catalog items and order lines

Revision ID: 6f7a8b9cad06
Revises: 5e6f7a8b9c05
Create Date: 2023-04-01 09:00:00.000000

"""

import sqlalchemy as sa

from alembic import op

revision = "6f7a8b9cad06"
down_revision = "5e6f7a8b9c05"
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("products", "items")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_products_sku")
        batch_op.create_index(batch_op.f("ix_items_sku"), ["sku"], unique=True)
    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_order_lines_item_id_items")
        ),
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("order_lines") as batch_op:
            batch_op.create_primary_key("pk_order_lines", ["order_id", "item_id"])
    else:
        op.create_primary_key("pk_order_lines", "order_lines", ["order_id", "item_id"])


def downgrade():
    op.drop_table("order_lines")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_items_sku"))
        batch_op.create_index("ix_products_sku", ["sku"], unique=True)
    op.rename_table("items", "products")
