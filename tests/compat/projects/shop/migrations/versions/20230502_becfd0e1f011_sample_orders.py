"""sample orders

Revision ID: becfd0e1f011
Revises: adbecfd0e010
Create Date: 2023-05-02 09:00:00.000000

"""

from decimal import Decimal

import sqlalchemy as sa

from alembic import op

revision = "becfd0e1f011"
down_revision = "adbecfd0e010"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().config.get_main_option("seed_data") != "true":
        return
    orders = sa.table(
        "orders",
        sa.column("id", sa.Integer),
        sa.column("customer_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("total", sa.Numeric(10, 2)),
        sa.column("note", sa.Text),
    )
    op.bulk_insert(
        orders,
        [
            {
                "id": 1,
                "customer_id": 1,
                "status": "cancelled",
                "total": Decimal("75.00"),
                "note": "changed her mind",
            }
        ],
    )
    # the status comes from the server default set in the previous revision
    op.execute("INSERT INTO orders (id, customer_id, total) VALUES (2, 2, 14.99)")
    op.bulk_insert(
        sa.table(
            "order_lines",
            sa.column("order_id", sa.Integer),
            sa.column("item_id", sa.Integer),
            sa.column("quantity", sa.Integer),
        ),
        [{"order_id": 1, "item_id": 1, "quantity": 3}],
    )
    op.execute("INSERT INTO order_lines (order_id, item_id) VALUES (2, 3)")


def downgrade():
    op.execute("DELETE FROM order_lines")
    op.execute("DELETE FROM orders")
